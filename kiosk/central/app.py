"""The HTTP face of the central store (FastAPI; the OpenAPI spec is at ``/openapi.json``).

* ``POST /api/v1/events`` – a kiosk pushes up to 100 outbox events; one result per event.
* ``GET /api/v1/changes?after=&limit=`` – what changed in the kiosk's buurthuis since a cursor.
* ``GET /api/v1/me`` – which kiosk and buurthuis a token belongs to.
* ``POST /api/v1/identify`` – a member card or a PIN; a short member session on success.
* ``POST /api/v1/card`` – a new member card for the session's member (the old one stops).
* ``GET /api/v1/verbinder`` and ``POST /api/v1/verbinder/notes`` – the verbinder's circle.
* ``GET /r/{token}`` – the follow-up page behind the receipt's QR code (HTML or JSON).
* ``GET /h/{token}`` – the helper slip's page: done or give back, no personal data.

Kiosks authenticate with ``Authorization: Bearer <device token>`` only; a token in the query
string is refused. Member endpoints also need ``X-Member-Session`` from ``identify``. Handlers are plain ``def`` so the blocking database work runs in the thread
pool, never on the event loop.
"""

from __future__ import annotations

import html
import time
import uuid
from collections.abc import Callable
from datetime import date
from typing import Annotated, Any, Literal
from urllib.parse import parse_qsl

from fastapi import Depends, FastAPI, Header, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, Field, model_validator
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kiosk import domain
from kiosk.central.service import (
    MAX_BATCH,
    MAX_PAGE,
    CentralStore,
    FollowUp,
    HelperView,
    IncomingEvent,
    KioskAuth,
)
from kiosk.i18n import N_, translator

MAX_BODY = 256 * 1024
QUERY_TOKEN_NAMES = frozenset({"token", "access_token", "api_key", "apikey", "key"})


class EventIn(BaseModel):
    event_id: uuid.UUID
    type: str = Field(pattern=r"^[a-z]{1,10}\.[a-z]{1,12}$")
    entity_id: uuid.UUID
    payload: dict[str, Any]
    device_seq: int | None = Field(default=None, ge=0, le=2**62)


class PushIn(BaseModel):
    events: list[EventIn]


class EventResultOut(BaseModel):
    event_id: str
    result: Literal["accepted", "conflict", "rejected", "error"]
    reason: str | None = None
    status: str | None = None


class PushOut(BaseModel):
    results: list[EventResultOut]


class ChangeOut(BaseModel):
    seq: int
    kind: Literal["ask", "offer", "circle", "member"]
    id: str
    op: Literal["upsert", "erase"]
    data: dict[str, Any] | None = None


class PageOut(BaseModel):
    changes: list[ChangeOut]
    next: int
    more: bool


class MeOut(BaseModel):
    kiosk: str
    buurthuis_id: int
    public_url: str
    max_batch: int
    max_page: int


class FollowUpOut(BaseModel):
    """Asks: open, claimed, done, cancelled. Offers: active, paused, withdrawn."""

    status: Literal["open", "claimed", "done", "cancelled", "active", "paused", "withdrawn"]
    kind: Literal["ask", "offer"]
    categories: list[str]
    number: str
    first_name: str
    category: str
    when: dict[str, str | None]
    thanked: bool


class Problem(BaseModel):
    detail: str


class IdentifyIn(BaseModel):
    """Either a card (32 hex, ``BKLID-`` prefix optional) or a member id with a 6-digit PIN."""

    card: str | None = Field(default=None, max_length=40)
    member: str | None = Field(default=None, max_length=36)
    pin: str | None = Field(default=None, pattern=r"^[0-9]{6}$")

    @model_validator(mode="after")
    def card_or_pin(self) -> IdentifyIn:
        if (self.card is None) == (self.member is None or self.pin is None):
            raise ValueError("send either card, or member and pin")
        return self


class MemberOut(BaseModel):
    id: str
    first_name: str
    circle: str | None
    role: Literal["volunteer", "verbinder"]
    phone: str
    street: str | None
    house_number: str | None


class IdentifyOut(BaseModel):
    """ok: member, session, expires_in; wrong: tries_left, wait_seconds; wait: wait_seconds."""

    result: Literal["ok", "wrong", "wait", "locked", "unknown"]
    member: MemberOut | None = None
    session: str | None = None
    expires_in: int | None = None
    tries_left: int | None = None
    wait_seconds: int | None = None


class CardOut(BaseModel):
    card: str
    first_name: str
    circle: str | None


class CircleRef(BaseModel):
    code: str
    name: str


class NoteOut(BaseModel):
    text: str
    at: str
    by: str


class VerbinderAskOut(BaseModel):
    id: str
    number: str
    category: str
    when: dict[str, str | None]
    status: Literal["open", "claimed"]
    first_name: str | None
    phone: str | None
    street: str | None
    house_number: str | None
    for_neighbour: bool
    days_open: int
    waiting: bool
    notes: list[NoteOut]
    fits: list[str]


class VerbinderOfferOut(BaseModel):
    id: str
    number: str
    categories: list[str]
    when: dict[str, str | None]
    first_name: str | None
    phone: str | None


class VerbinderOut(BaseModel):
    circle: CircleRef | None
    asks: list[VerbinderAskOut]
    offers: list[VerbinderOfferOut]


class NoteIn(BaseModel):
    ask_id: str = Field(max_length=36)
    text: str = Field(default="gebeld", max_length=480)


class OkOut(BaseModel):
    ok: bool


class BodyLimit:
    """Refuse bodies over ``limit`` bytes with 413, by Content-Length or while streaming."""

    def __init__(self, app: ASGIApp, limit: int = MAX_BODY) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope["headers"]:
            if name == b"content-length" and (not value.isdigit() or int(value) > self.limit):
                await _too_large(scope, receive, send)
                return
        seen = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise _TooLarge
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except _TooLarge:
            if not started:
                await _too_large(scope, receive, send)


class RateLimiter:
    """A token bucket per kiosk: ``rate`` requests a second, bursts up to ``burst``.

    A kiosk polls every 30 s and pushes now and then; anything near the limit is a loop or an
    abuse. Runs on the event loop only (no lock needed); per worker process.
    """

    def __init__(
        self, rate: float = 10.0, burst: float = 100.0, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.rate = rate
        self.burst = burst
        self.clock = clock
        self._buckets: dict[int, tuple[float, float]] = {}

    def allow(self, key: int) -> bool:
        now = self.clock()
        tokens, last = self._buckets.get(key, (self.burst, now))
        tokens = min(self.burst, tokens + (now - last) * self.rate)
        if tokens < 1:
            self._buckets[key] = (tokens, now)
            return False
        self._buckets[key] = (tokens - 1, now)
        return True


class NoTokensInUrls:
    """Refuse API calls that carry a token in the query string (it would end up in logs)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] == "http"
            and scope["path"].startswith("/api/")
            and scope.get("query_string")
        ):
            names = {
                name.lower()
                for name, _value in parse_qsl(
                    scope["query_string"].decode("latin-1"), keep_blank_values=True
                )
            }
            if names & QUERY_TOKEN_NAMES:
                response = JSONResponse(
                    {"detail": "send the token in the Authorization header"}, status_code=400
                )
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


class _TooLarge(Exception):
    pass


async def _too_large(scope: Scope, receive: Receive, send: Send) -> None:
    response = JSONResponse({"detail": "request body too large"}, status_code=413)
    await response(scope, receive, send)


bearer = HTTPBearer(auto_error=False, description="The kiosk's device token")
UNAUTHORIZED: dict[int | str, dict[str, Any]] = {
    401: {"model": Problem, "description": "Unknown or revoked device token"},
    429: {"model": Problem, "description": "Too many requests from this kiosk"},
}


async def current_kiosk(
    request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]
) -> KioskAuth:
    """The calling kiosk; a remembered token costs no thread hop, an unknown one a lookup."""
    store: CentralStore = request.app.state.store
    token = credentials.credentials if credentials else ""
    found = store.remembered_kiosk(token) or await run_in_threadpool(store.authenticate, token)
    if found is None:
        raise HTTPException(
            401, "unknown or revoked device token", headers={"WWW-Authenticate": "Bearer"}
        )
    limiter: RateLimiter = request.app.state.limiter
    if not limiter.allow(found.id):
        raise HTTPException(429, "too many requests", headers={"Retry-After": "1"})
    return found


Kiosk = Annotated[KioskAuth, Depends(current_kiosk)]
MemberSessionHeader = Annotated[
    str,
    Header(alias="X-Member-Session", description="The session from /api/v1/identify"),
]
FORBIDDEN: dict[int | str, dict[str, Any]] = {
    **UNAUTHORIZED,
    403: {"model": Problem, "description": "No live session of a member allowed to do this"},
}


def _forbidden() -> Response:
    return JSONResponse({"detail": "no live member session for this"}, status_code=403)


def create_app(store: CentralStore, limiter: RateLimiter | None = None) -> FastAPI:
    app = FastAPI(title="Buurtkiosk central store", version="1")
    app.state.store = store
    app.state.limiter = limiter or RateLimiter()
    app.add_middleware(BodyLimit)
    app.add_middleware(NoTokensInUrls)

    @app.get("/api/health")
    def health() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/api/v1/me", responses=UNAUTHORIZED)
    def me(auth: Kiosk) -> MeOut:
        return MeOut(
            kiosk=auth.name,
            buurthuis_id=auth.buurthuis_id,
            public_url=store.public_url,
            max_batch=MAX_BATCH,
            max_page=MAX_PAGE,
        )

    @app.post(
        "/api/v1/events",
        response_model=PushOut,
        responses={
            **UNAUTHORIZED,
            413: {"model": Problem, "description": "Too many events or too large"},
        },
    )
    def push(body: PushIn, auth: Kiosk) -> Response:
        """Apply a batch in order; an event id seen before returns its stored result."""
        if len(body.events) > MAX_BATCH:
            return JSONResponse(
                {"detail": f"at most {MAX_BATCH} events per batch"}, status_code=413
            )
        results = store.push(
            auth,
            [
                IncomingEvent(str(e.event_id), e.type, str(e.entity_id), e.payload, e.device_seq)
                for e in body.events
            ],
        )
        return JSONResponse({"results": [r.__dict__ for r in results]})

    @app.get("/api/v1/changes", response_model=PageOut, responses=UNAUTHORIZED)
    def changes(
        auth: Kiosk,
        after: Annotated[int, Query(ge=0, le=2**62)] = 0,
        limit: Annotated[int, Query(ge=1, le=100_000)] = MAX_PAGE,
    ) -> Response:
        """Changes after the cursor, at most 500 per page; ``more`` says another page waits."""
        page = store.pull(auth, after, limit)
        changes = [c.__dict__ for c in page.changes]
        return JSONResponse({"changes": changes, "next": page.next, "more": page.more})

    @app.post("/api/v1/identify", response_model=IdentifyOut, responses=UNAUTHORIZED)
    def identify(body: IdentifyIn, auth: Kiosk) -> Response:
        """A member card or PIN. Always 200: the result says ok, wrong, wait, locked or unknown.

        PIN failures are counted per member here, for all kiosks together: a wait after the
        3rd failure (5 s, doubling), a lock after the 10th until the operator resets the PIN.
        """
        if body.card is not None:
            found = store.identify_card(auth, body.card)
        else:
            assert body.member is not None and body.pin is not None
            found = store.identify_pin(auth, body.member, body.pin)
        return _private(JSONResponse(found.to_json()))

    @app.post("/api/v1/card", response_model=CardOut, responses=FORBIDDEN)
    def new_card(auth: Kiosk, member_session: MemberSessionHeader = "") -> Response:
        """A new member card for the session's member; the old card stops working."""
        issued = store.new_card(auth, member_session)
        if issued is None:
            return _forbidden()
        card, member = issued
        return _private(
            JSONResponse(
                {
                    "card": domain.MEMBER_CARD_PREFIX + card,
                    "first_name": member.first_name,
                    "circle": member.circle,
                }
            )
        )

    @app.get("/api/v1/verbinder", response_model=VerbinderOut, responses=FORBIDDEN)
    def verbinder(
        auth: Kiosk,
        member_session: MemberSessionHeader = "",
        days: Annotated[int, Query(ge=0, le=365)] = 7,
    ) -> Response:
        """The verbinder's circle: asks oldest first (``waiting``: open ``days`` or longer),
        with contact and notes, and the active offers that fit them."""
        view = store.verbinder_view(auth, member_session, days)
        if view is None:
            return _forbidden()
        return _private(JSONResponse(view))

    @app.post(
        "/api/v1/verbinder/notes",
        status_code=201,
        response_model=OkOut,
        responses={
            **FORBIDDEN,
            404: {"model": Problem, "description": "No such ask in the verbinder's circle"},
            422: {"model": Problem, "description": "The note cannot be used"},
        },
    )
    def add_note(body: NoteIn, auth: Kiosk, member_session: MemberSessionHeader = "") -> Response:
        """A note on an ask ("gebeld"), shown to the verbinders with the ask."""
        outcome = store.add_note(auth, member_session, body.ask_id, body.text)
        if outcome == "forbidden":
            return _forbidden()
        if outcome == "not_found":
            return JSONResponse({"detail": "no such ask for this verbinder"}, status_code=404)
        if outcome == "invalid":
            return JSONResponse({"detail": "the note cannot be used"}, status_code=422)
        return JSONResponse({"ok": True}, status_code=201)

    @app.get(
        "/h/{token}",
        response_class=HTMLResponse,
        responses={404: {"description": "Unknown token, or the request is no longer claimed"}},
    )
    def helper(
        request: Request,
        token: str,
        lang: str | None = None,
        after: Literal["done", "release"] | None = None,
    ) -> Response:
        """The helper slip's QR code: what and when, with 'done' and 'give back' buttons."""
        language = _language(request, lang)
        found = store.helper_view(token)
        if found is None:
            if after is not None:
                # The slip's token stops working with done/give back: thank, show nothing else.
                return _private(HTMLResponse(_helper_after_page(language, after)))
            return _private(HTMLResponse(_not_found_page(language), status_code=404))
        return _private(HTMLResponse(_helper_page(found, token, language)))

    @app.post(
        "/h/{token}/{action}",
        response_class=HTMLResponse,
        responses={404: {"description": "Unknown token"}},
    )
    def helper_action(
        request: Request, token: str, action: Literal["done", "release"], lang: str | None = None
    ) -> Response:
        done = store.helper_action(token, action)
        language = _language(request, lang)
        if done is None:
            return _private(HTMLResponse(_not_found_page(language), status_code=404))
        target = f"/h/{token}?lang={language}"
        if done:
            target += f"&after={action}"
        return _private(RedirectResponse(target, status_code=303))

    @app.get(
        "/r/{token}",
        response_class=HTMLResponse,
        responses={
            200: {"content": {"application/json": {"schema": FollowUpOut.model_json_schema()}}},
            404: {"description": "Unknown or expired token"},
        },
    )
    def followup(
        request: Request,
        token: str,
        lang: str | None = None,
        confirm: Literal["cancel"] | None = None,
        sent: bool = False,
    ) -> Response:
        """The receipt's QR code: status for the asker, with cancel and thank-you buttons."""
        found = store.followup(token)
        language = _language(request, lang)
        wants_json = _wants_json(request)
        if found is None:
            if wants_json:
                return _private(JSONResponse({"detail": "not found"}, status_code=404))
            return _private(HTMLResponse(_not_found_page(language), status_code=404))
        if wants_json:
            data = found.__dict__ | {"categories": list(found.categories)}
            return _private(JSONResponse(FollowUpOut(**data).model_dump()))
        return _private(HTMLResponse(_page(found, token, language, confirm, sent)))

    @app.post(
        "/r/{token}/{action}",
        response_class=HTMLResponse,
        responses={404: {"description": "Unknown or expired token"}},
    )
    def followup_action(
        request: Request, token: str, action: Literal["cancel", "thank"], lang: str | None = None
    ) -> Response:
        done = store.followup_action(token, action)
        language = _language(request, lang)
        if done is None:
            return _private(HTMLResponse(_not_found_page(language), status_code=404))
        target = f"/r/{token}?lang={language}"
        if done and action == "thank":
            target += "&sent=true"
        return _private(RedirectResponse(target, status_code=303))

    return app


def _private(response: Response) -> Response:
    """Capability URLs must not leak through caches or the Referer header."""
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Robots-Tag"] = "noindex"
    response.headers["Content-Security-Policy"] = (
        "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'"
    )
    return response


def _language(request: Request, lang: str | None) -> str:
    if lang in ("nl", "en"):
        return lang
    accept = request.headers.get("accept-language", "").lower()
    return "en" if accept.startswith("en") else "nl"


def _wants_json(request: Request) -> bool:
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/html" not in accept


STATUS_LABELS = {
    "open": N_("Open"),
    "claimed": N_("Picked up"),
    "done": N_("Done"),
    "cancelled": N_("Cancelled"),
    "active": N_("Active"),
    "paused": N_("Paused"),
    "withdrawn": N_("Stopped"),
}
STATUS_TEXTS = {
    "open": N_("Your request is waiting for a neighbour who can help."),
    "claimed": N_("A neighbour has picked up your request."),
    "done": N_("Your request is done."),
    "cancelled": N_("Your request has been stopped."),
    "active": N_("Your offer is ready. The connector may call you."),
    "paused": N_("Your offer is paused for now."),
    "withdrawn": N_("Your offer has been stopped."),
}
# Words used inside the f-strings of _page(), where the message extractor cannot see them.
PAGE_WORDS = (
    N_("Hello {name},"),
    N_("What"),
    N_("When"),
    N_("No, go back"),
    N_("Say thank you"),
    N_("Your thank-you has been passed on."),
)
CAN_STOP = ("open", "claimed", "active", "paused")
STYLE = """
body{font-family:"Atkinson Hyperlegible",Verdana,sans-serif;font-size:1.5rem;line-height:1.5;
margin:0;padding:1rem;background:#fdf6e3;color:#1a1a1a}
main{max-width:36rem;margin:0 auto}
h1{font-size:2.2rem;margin:.5rem 0}
.status{font-size:2rem;font-weight:bold;border:4px solid #1a1a1a;border-radius:12px;padding:1rem;
margin:1rem 0;background:#fff}
form{margin:1rem 0}
button,a.button{display:block;width:100%;min-height:4rem;font-size:1.6rem;border-radius:12px;
border:3px solid #1a1a1a;background:#fff;color:#1a1a1a;text-align:center;padding:.8rem;
box-sizing:border-box;text-decoration:none;margin:.6rem 0;font-family:inherit}
button.stop{background:#8b0000;color:#fff;border-color:#8b0000}
nav{margin-top:2rem;font-size:1.2rem}
nav a{color:#00337a}
"""


def _html(language: str, title: str, body: str) -> str:
    return (
        f'<!doctype html><html lang="{language}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<meta name="referrer" content="no-referrer"><title>{html.escape(title)}</title>'
        f"<style>{STYLE}</style></head><body><main>{body}</main></body></html>"
    )


def _when_text(tr: Any, when: dict[str, str | None]) -> str:
    kind = domain.WhenKind(str(when["kind"]))
    if kind is domain.WhenKind.ON_DAY and when.get("day"):
        day = date.fromisoformat(str(when["day"]))
        return str(tr("{weekday} {day} {month}")).format(
            weekday=tr(domain.WEEKDAYS[day.weekday()]).lower(),
            day=day.day,
            month=tr(domain.MONTHS[day.month - 1]).lower(),
        )
    return str(tr(domain.WHEN_LABELS[kind]))


def _switch(token: str, language: str, base: str = "r") -> str:
    other, label = ("en", "English") if language == "nl" else ("nl", "Nederlands")
    return (
        f'<nav><a href="/{base}/{html.escape(token)}?lang={other}" hreflang="{other}" '
        f'lang="{other}">{label}</a></nav>'
    )


def _page(found: FollowUp, token: str, language: str, confirm: str | None, sent: bool) -> str:
    tr = translator(language)
    esc = html.escape
    base = f"/r/{esc(token)}"
    offer = found.kind == "offer"
    title = (tr("Offer {number}") if offer else tr("Request {number}")).format(number=found.number)
    what = ", ".join(
        tr(domain.CATEGORY_BY_CODE[c].label) if c in domain.CATEGORY_BY_CODE else c
        for c in found.categories or (found.category,)
    )
    parts = [
        f"<h1>{esc(title)}</h1>",
        f"<p>{esc(tr('Hello {name},').format(name=found.first_name))}</p>",
        f'<p class="status" id="status" data-status="{found.status}">'
        f"{esc(tr(STATUS_LABELS[found.status]))}<br>{esc(tr(STATUS_TEXTS[found.status]))}</p>",
        f"<p>{esc(tr('What'))}: {esc(what)}<br>"
        f"{esc(tr('When'))}: {esc(_when_text(tr, found.when))}</p>",
    ]
    if sent:
        parts.append(f'<p id="thanked">{esc(tr("Your thank-you has been passed on."))}</p>')
    if confirm == "cancel" and found.status in CAN_STOP:
        question = (
            tr("Are you sure you want to stop this offer?")
            if offer
            else tr("Are you sure you want to stop this request?")
        )
        yes = tr("Yes, stop the offer") if offer else tr("Yes, stop the request")
        parts.append(
            f"<p><strong>{esc(question)}</strong></p>"
            f'<form method="post" action="{base}/cancel?lang={language}">'
            f'<button class="stop" type="submit" id="confirm-cancel">'
            f"{esc(yes)}</button></form>"
            f'<a class="button" href="{base}?lang={language}">{esc(tr("No, go back"))}</a>'
        )
    elif found.status in CAN_STOP:
        stop = tr("Stop my offer") if offer else tr("Stop my request")
        parts.append(
            f'<a class="button" id="cancel" href="{base}?lang={language}&confirm=cancel">'
            f"{esc(stop)}</a>"
        )
    if not offer and found.status in ("claimed", "done") and not found.thanked:
        parts.append(
            f'<form method="post" action="{base}/thank?lang={language}">'
            f'<button type="submit" id="thank">{esc(tr("Say thank you"))}</button></form>'
        )
    parts.append(_switch(token, language))
    return _html(language, title, "".join(parts))


def _not_found_page(language: str) -> str:
    tr = translator(language)
    title = tr("We cannot find this request")
    body = (
        f"<h1>{html.escape(title)}</h1><p>"
        + html.escape(
            tr(
                "The link may be old, or the request was closed some time ago. "
                "Do you have a question? Ask at the buurthuis."
            )
        )
        + "</p>"
    )
    return _html(language, title, body)


HELPER_WORDS = (
    N_("Thank you for helping!"),
    N_("You picked up this request. Is it done, or can you not do it after all?"),
    N_("It is done"),
    N_("Give it back"),
)


def _helper_page(found: HelperView, token: str, language: str) -> str:
    """Number, what, when and status only: the slip itself carries the contact details."""
    tr = translator(language)
    esc = html.escape
    base = f"/h/{esc(token)}"
    title = tr("Request {number}").format(number=found.number)
    what = (
        tr(domain.CATEGORY_BY_CODE[found.category].label)
        if found.category in domain.CATEGORY_BY_CODE
        else found.category
    )
    status = STATUS_LABELS.get(found.status, found.status)
    parts = [
        f"<h1>{esc(title)}</h1>",
        f'<p class="status" id="status" data-status="{esc(found.status)}">{esc(tr(status))}</p>',
        f"<p>{esc(tr('What'))}: {esc(what)}<br>"
        f"{esc(tr('When'))}: {esc(_when_text(tr, found.when))}</p>",
    ]
    if found.status == "claimed":
        parts.append(
            "<p>"
            + esc(tr("You picked up this request. Is it done, or can you not do it after all?"))
            + "</p>"
            f'<form method="post" action="{base}/done?lang={language}">'
            f'<button type="submit" id="done">{esc(tr("It is done"))}</button></form>'
            f'<form method="post" action="{base}/release?lang={language}">'
            f'<button type="submit" id="release">{esc(tr("Give it back"))}</button></form>'
        )
    parts.append(_switch(token, language, "h"))
    return _html(language, title, "".join(parts))


def _helper_after_page(language: str, after: str) -> str:
    tr = translator(language)
    title = tr("Thank you for helping!")
    text = (
        tr("The request is marked as done.")
        if after == "done"
        else tr("The request is open again, so someone else can help.")
    )
    body = f'<h1>{html.escape(title)}</h1><p id="after">{html.escape(text)}</p>'
    return _html(language, title, body)
