"""Sync between this kiosk and the central store: push the outbox, pull the others' changes.

Use :func:`run_sync_round` for one round (``buurtkiosk sync``) and :class:`SyncWorker` in the
app: a background thread that never touches the UI thread and reports every round through a
callback with a plain :class:`SyncReport`.

Exceptions raised by :class:`CentralClient`; :func:`run_sync_round` catches them and reports
``online=False`` with a short ``error`` instead::

    SyncError
    ├── CentralUnavailable      network error, timeout, 5xx, 429 or a garbled answer: retry later
    └── CentralRefused          the central store said no; the same request will not help
        ├── Unauthorized        401: the device token is wrong or revoked
        ├── Forbidden           403: no live session of a member allowed to do this
        └── TooLarge            413: batch or body over the limit

Members identify through :meth:`CentralClient.identify_card` / :meth:`~CentralClient.identify_pin`
(always an :class:`IdentifyResult`, whatever the card or PIN); the session it carries opens
:meth:`~CentralClient.new_card`, :meth:`~CentralClient.verbinder` and
:meth:`~CentralClient.add_note` for 15 minutes.

Every push retries *the same events with the same ids*, so a response lost after the server
committed is harmless: the server answers the retry from its idempotency log.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any, Literal

import httpx

from kiosk import domain
from kiosk.i18n import N_, _
from kiosk.store import LocalStore, PendingEvent
from kiosk.store.sync import Decision, LostAction, SyncLedger

log = logging.getLogger(__name__)

PUSH_BATCH = 100
PULL_PAGE = 500
MAX_PAGES_PER_ROUND = 40
INTERVAL = 30.0
BACKOFF_BASE = 2.0
BACKOFF_CAP = 300.0

LOST_CLAIM = N_("Someone else already picked up this request. Thank you for wanting to help!")
LOST_OTHER = N_("This request was changed at another kiosk in the meantime.")


class SyncError(Exception):
    """Anything that stopped a request to the central store."""


class CentralUnavailable(SyncError):
    """Not reachable or not answering properly now; try again later."""


class CentralRefused(SyncError):
    """The central store refused the request itself."""


class Unauthorized(CentralRefused):
    """The device token is unknown or revoked."""


class TooLarge(CentralRefused):
    """The batch or body was over the central store's limit."""


class Forbidden(CentralRefused):
    """No live session of a member who may do this (expired, revoked, or not a verbinder)."""


@dataclass(frozen=True)
class IdentifyResult:
    """A card or PIN as the central store judged it.

    ``ok``: ``member`` and ``session`` are set. ``wrong``: ``tries_left`` before the lock and
    ``wait_seconds`` before the next try. ``wait``: a try came too soon (not counted).
    ``locked``: ten wrong PINs; the operator resets it. ``unknown``: no such card or member.
    """

    result: Literal["ok", "wrong", "wait", "locked", "unknown"]
    member: domain.Member | None = None
    session: str | None = None
    expires_in: int = 0
    tries_left: int | None = None
    wait_seconds: int = 0


@dataclass(frozen=True)
class VerbinderNote:
    text: str
    at: datetime
    by: str  # the verbinder's first name


@dataclass(frozen=True)
class VerbinderAsk:
    id: str
    number: str
    category: str
    when: domain.When
    status: str
    first_name: str
    phone: str | None
    street: str | None
    house_number: str | None
    for_neighbour: bool
    days_open: int
    waiting: bool  # open at least the asked number of days
    notes: tuple[VerbinderNote, ...]
    fits: tuple[str, ...]  # ids of offers that fit by category and time


@dataclass(frozen=True)
class VerbinderOffer:
    id: str
    number: str
    categories: tuple[str, ...]
    when: domain.When
    first_name: str
    phone: str | None


@dataclass(frozen=True)
class VerbinderView:
    circle_code: str | None
    circle_name: str | None
    asks: tuple[VerbinderAsk, ...]
    offers: tuple[VerbinderOffer, ...]


@dataclass(frozen=True)
class Conflict:
    """An action made here that lost at the central store; tell the volunteer kindly."""

    ask_id: str
    number: str
    event_type: str
    status: str | None

    def message(self, translate: Callable[[str], str] = _) -> str:
        message = LOST_CLAIM if self.event_type == "ask.claim" else LOST_OTHER
        return translate(message)


@dataclass(frozen=True)
class SyncReport:
    """What one round did; also what :class:`SyncWorker` hands to its ``on_change`` callback."""

    online: bool
    pending: int
    pushed: int = 0
    pulled: int = 0
    conflicts: tuple[Conflict, ...] = ()
    error: str | None = None
    retry_in: float | None = None  # seconds until the worker tries again

    def summary(self) -> str:
        """One line for ``buurtkiosk sync`` (operator output, English, no personal data)."""
        text = (
            f"{'online' if self.online else 'offline'}: pushed {self.pushed}, "
            f"pulled {self.pulled}, waiting {self.pending}"
        )
        if self.conflicts:
            text += ", lost: " + " ".join(f"{c.number} ({c.event_type})" for c in self.conflicts)
        if self.error:
            text += f" ({self.error})"
        return text

    def status_line(self, translate: Callable[[str], str] = _) -> str:
        """A short, discreet line for the corner of the screen."""
        state = translate("Connected") if self.online else translate("Not connected")
        if self.pending:
            return f"{state} · " + translate("{n} to send").format(n=self.pending)
        return state


@dataclass(frozen=True)
class Page:
    changes: list[dict[str, Any]] = field(default_factory=list)
    next: int = 0
    more: bool = False


class CentralClient:
    """The HTTP calls a kiosk makes; ``transport`` lets tests put faults between us and it."""

    def __init__(
        self,
        base_url: str,
        token: str,
        *,
        timeout: float = 15.0,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self._http = httpx.Client(
            base_url=base_url.rstrip("/"),
            timeout=timeout,
            transport=transport,
            headers={"Authorization": f"Bearer {token}", "User-Agent": "buurtkiosk-sync"},
        )

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> CentralClient:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def _call(self, method: str, path: str, **kwargs: Any) -> Any:
        try:
            response = self._http.request(method, path, **kwargs)
        except httpx.HTTPError as error:
            raise CentralUnavailable(type(error).__name__) from error
        if response.status_code == 401:
            raise Unauthorized("device token refused")
        if response.status_code == 403:
            raise Forbidden("member session refused")
        if response.status_code == 413:
            raise TooLarge("batch too large")
        if response.status_code == 429 or response.status_code >= 500:
            raise CentralUnavailable(f"HTTP {response.status_code}")
        if response.status_code >= 400:
            raise CentralRefused(f"HTTP {response.status_code}")
        try:
            return response.json()
        except ValueError as error:
            raise CentralUnavailable("answer is not JSON") from error

    def push(self, events: Sequence[PendingEvent]) -> list[Decision]:
        body = {
            "events": [
                {
                    "event_id": e.event_id,
                    "type": e.type,
                    "entity_id": e.entity_id,
                    "payload": e.payload,
                    "device_seq": e.seq,
                }
                for e in events
            ]
        }
        data = self._call("POST", "/api/v1/events", json=body)
        try:
            decisions = [
                Decision(r["event_id"], r["result"], r.get("reason"), r.get("status"))
                for r in data["results"]
            ]
        except (KeyError, TypeError) as error:
            raise CentralUnavailable("garbled push answer") from error
        if [d.event_id for d in decisions] != [e.event_id for e in events]:
            raise CentralUnavailable("push answer does not match the batch")
        return decisions

    def pull(self, after: int, limit: int = PULL_PAGE) -> Page:
        data = self._call("GET", "/api/v1/changes", params={"after": after, "limit": limit})
        try:
            return Page(list(data["changes"]), int(data["next"]), bool(data["more"]))
        except (KeyError, TypeError, ValueError) as error:
            raise CentralUnavailable("garbled pull answer") from error

    # --- members ---------------------------------------------------------------------------

    def identify_card(self, token: str) -> IdentifyResult:
        """``token``: the 32 hex characters after ``BKLID-`` (the prefix may stay on)."""
        return self._identify({"card": token})

    def identify_pin(self, member_id: str, pin: str) -> IdentifyResult:
        return self._identify({"member": member_id, "pin": pin})

    def _identify(self, body: dict[str, str]) -> IdentifyResult:
        data = self._call("POST", "/api/v1/identify", json=body)
        try:
            result = data["result"]
            if result not in ("ok", "wrong", "wait", "locked", "unknown"):
                raise ValueError(result)
            if result != "ok":
                tries_left = data.get("tries_left")
                return IdentifyResult(
                    result,
                    tries_left=int(tries_left) if tries_left is not None else None,
                    wait_seconds=int(data.get("wait_seconds") or 0),
                )
            member = data["member"]
            return IdentifyResult(
                "ok",
                domain.Member(
                    str(member["id"]),
                    str(member["first_name"]),
                    member.get("circle"),
                    domain.Role(member["role"]),
                    str(member["phone"]),
                    member.get("street"),
                    member.get("house_number"),
                ),
                str(data["session"]),
                int(data["expires_in"]),
            )
        except (KeyError, TypeError, ValueError) as error:
            raise CentralUnavailable("garbled identify answer") from error

    def new_card(self, session: str) -> str:
        """A new card for the session's member: the QR text ``BKLID-…``; the old card stops."""
        data = self._call("POST", "/api/v1/card", headers={"X-Member-Session": session})
        try:
            card = str(data["card"])
        except (KeyError, TypeError) as error:
            raise CentralUnavailable("garbled card answer") from error
        if not card.startswith(domain.MEMBER_CARD_PREFIX):
            raise CentralUnavailable("garbled card answer")
        return card

    def verbinder(self, session: str, days: int) -> VerbinderView:
        """The verbinder's circle; :class:`Forbidden` for a volunteer or an expired session."""
        data = self._call(
            "GET",
            "/api/v1/verbinder",
            params={"days": days},
            headers={"X-Member-Session": session},
        )
        try:
            circle = data["circle"] or {}
            return VerbinderView(
                circle.get("code"),
                circle.get("name"),
                tuple(_verbinder_ask(a) for a in data["asks"]),
                tuple(
                    VerbinderOffer(
                        str(o["id"]),
                        str(o["number"]),
                        tuple(o["categories"]),
                        domain.When.from_json(o["when"]),
                        o.get("first_name") or "",
                        o.get("phone"),
                    )
                    for o in data["offers"]
                ),
            )
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            raise CentralUnavailable("garbled verbinder answer") from error

    def add_note(self, session: str, ask_id: str, text: str = "gebeld") -> None:
        self._call(
            "POST",
            "/api/v1/verbinder/notes",
            json={"ask_id": ask_id, "text": text},
            headers={"X-Member-Session": session},
        )


def _verbinder_ask(data: dict[str, Any]) -> VerbinderAsk:
    return VerbinderAsk(
        str(data["id"]),
        str(data["number"]),
        str(data["category"]),
        domain.When.from_json(data["when"]),
        str(data["status"]),
        data.get("first_name") or "",
        data.get("phone"),
        data.get("street"),
        data.get("house_number"),
        bool(data["for_neighbour"]),
        int(data["days_open"]),
        bool(data["waiting"]),
        tuple(
            VerbinderNote(
                str(n["text"]),
                datetime.fromisoformat(str(n["at"]).replace("Z", "+00:00")),
                str(n["by"]),
            )
            for n in data["notes"]
        ),
        tuple(str(f) for f in data["fits"]),
    )


def run_sync_round(
    store: LocalStore,
    central_url: str,
    token: str,
    *,
    client: CentralClient | None = None,
    batch_size: int = PUSH_BATCH,
    after_push: Callable[[], None] | None = None,
) -> SyncReport:
    """Push the whole outbox, then pull until up to date. Never raises for network trouble.

    ``after_push`` runs between the server's answer and the local acknowledgement (tests use it
    to kill the process at the worst moment).
    """
    own = client is None
    http = client or CentralClient(central_url, token)
    ledger = SyncLedger(store)
    pushed = pulled = 0
    conflicts: list[Conflict] = []
    try:
        while events := store.pending_events(batch_size):
            try:
                decisions = http.push(events)
            except SyncError as error:
                ledger.record_failure(events, f"{type(error).__name__}: {error}")
                raise
            if after_push is not None:
                after_push()
            conflicts += [_conflict(lost) for lost in ledger.acknowledge(events, decisions)]
            pushed += len(events)
        cursor = ledger.cursor()
        for _page in range(MAX_PAGES_PER_ROUND):
            page = http.pull(cursor)
            ledger.apply(page.changes, page.next)
            pulled += len(page.changes)
            cursor = page.next
            if not page.more:
                break
    except SyncError as error:
        log.info("sync round stopped: %s", type(error).__name__)
        return SyncReport(
            False,
            store.pending_count(),
            pushed,
            pulled,
            tuple(conflicts),
            error=type(error).__name__,
        )
    finally:
        if own:
            http.close()
    return SyncReport(True, store.pending_count(), pushed, pulled, tuple(conflicts))


def _conflict(lost: LostAction) -> Conflict:
    return Conflict(lost.ask_id, lost.number, lost.event_type, lost.status)


def backoff_delay(
    failures: int,
    *,
    base: float = BACKOFF_BASE,
    cap: float = BACKOFF_CAP,
    rand: Callable[[], float] = random.random,
) -> float:
    """Capped exponential backoff with "equal jitter": between half and all of the step."""
    step = min(cap, base * 2 ** min(max(failures - 1, 0), 30))
    return step / 2 + rand() * step / 2


class SyncWorker:
    """Runs sync rounds on its own thread: every ``interval`` seconds when online, backing off
    up to ``cap`` when not. ``kick()`` asks for a round now (after a person saved something).

    ``on_change`` is called from the worker thread; a Kivy app hands it on with
    ``Clock.schedule_once``. ``sleep(seconds)`` and ``clock()`` are injectable for tests.
    """

    def __init__(
        self,
        store: LocalStore,
        central_url: str,
        token: str,
        on_change: Callable[[SyncReport], None],
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] | None = None,
        interval: float = INTERVAL,
        cap: float = BACKOFF_CAP,
        rand: Callable[[], float] = random.random,
        client: CentralClient | None = None,
    ) -> None:
        self.store = store
        self.central_url = central_url
        self.token = token
        self.on_change = on_change
        self.clock = clock
        self.interval = interval
        self.cap = cap
        self.rand = rand
        self.failures = 0
        self.last_success: float | None = None
        self._client = client
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._sleep = sleep or self._wait
        self._thread: threading.Thread | None = None

    def _wait(self, seconds: float) -> None:
        self._wake.wait(seconds)
        self._wake.clear()

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="sync", daemon=True)
            self._thread.start()

    def stop(self, timeout: float = 20.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def kick(self) -> None:
        self._wake.set()

    def step(self) -> SyncReport:
        """One round, then the report (with ``retry_in``) goes to ``on_change``."""
        try:
            report = run_sync_round(self.store, self.central_url, self.token, client=self._client)
        except Exception:  # a bug must not kill the thread; the outbox is still safe
            log.exception("sync round failed")
            report = SyncReport(False, self.store.pending_count(), error="internal")
        if report.online:
            self.failures = 0
            self.last_success = self.clock()
            delay = self.interval
        else:
            self.failures += 1
            delay = backoff_delay(self.failures, cap=self.cap, rand=self.rand)
        report = replace(report, retry_in=delay)
        try:
            self.on_change(report)
        except Exception:
            log.exception("sync callback failed")
        return report

    def _run(self) -> None:
        while not self._stop.is_set():
            report = self.step()
            if self._stop.is_set():
                break
            self._sleep(report.retry_in or self.interval)
