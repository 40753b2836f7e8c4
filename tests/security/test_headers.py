"""Issue 12, item 5: answers carrying phones or capability tokens are never cached, and no
answer may be sniffed into another type or framed by another site. The app sets these itself
(nginx in front is not always there), on every answer, errors included."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest

from kiosk import domain
from tests.central.central_events import ask_create, wire
from tests.security.security_helpers import Central, claim

Call = Callable[[httpx.Client], httpx.Response]
PRIVATE, PUBLIC = True, False


def csp_directives(response: httpx.Response) -> dict[str, str]:
    policy = response.headers.get("content-security-policy", "")
    parts = (part.strip().split(None, 1) for part in policy.split(";") if part.strip())
    return {part[0].lower(): part[1] if len(part) > 1 else "" for part in parts}


def missing_headers(response: httpx.Response, private: bool) -> list[str]:
    missing = []
    if response.headers.get("x-content-type-options") != "nosniff":
        missing.append("nosniff")
    if csp_directives(response).get("frame-ancestors") != "'none'":
        missing.append("frame-ancestors 'none'")
    if private and response.headers.get("cache-control") != "no-store":
        missing.append("no-store")
    return missing


@pytest.fixture
def calls(central: Central) -> dict[str, tuple[Call, int, bool]]:
    """Every kind of answer: name → (the call, its status, whether it must be no-store)."""
    people = central.neighbours()
    kiosk = central.kiosk("kiosk-a")
    ask = ask_create()
    kiosk.push(ask)
    held = claim(ask["entity_id"], central.now, kiosk.session(people.sanne), people.sanne)
    kiosk.push(held)
    receipt, slip, token = ask["_token"], held["_slip"], kiosk.token
    auth = {"Authorization": f"Bearer {token}"}
    card = {"card": domain.MEMBER_CARD_PREFIX + people.sanne.card_token}
    json_body = auth | {"content-type": "application/json"}
    return {
        "health": (lambda h: h.get("/api/health"), 200, PRIVATE),
        "me": (lambda h: h.get("/api/v1/me", headers=auth), 200, PRIVATE),
        "me without a token": (lambda h: h.get("/api/v1/me"), 401, PRIVATE),
        "token in the query": (lambda h: h.get("/api/v1/me", params={"token": "x"}), 400, PRIVATE),
        "changes": (lambda h: h.get("/api/v1/changes", headers=auth), 200, PRIVATE),
        "changes, bad cursor": (
            lambda h: h.get("/api/v1/changes", params={"after": -1}, headers=auth),
            422,
            PRIVATE,
        ),
        "events": (lambda h: h.post("/api/v1/events", json=wire(), headers=auth), 200, PRIVATE),
        "events, too large": (
            lambda h: h.post("/api/v1/events", content=b" " * 300_000, headers=json_body),
            413,
            PRIVATE,
        ),
        "identify": (lambda h: h.post("/api/v1/identify", json=card, headers=auth), 200, PRIVATE),
        "verbinder, no session": (lambda h: h.get("/api/v1/verbinder", headers=auth), 403, PRIVATE),
        "unknown API path": (lambda h: h.get("/api/v1/nothing", headers=auth), 404, PRIVATE),
        "follow-up page": (lambda h: h.get(f"/r/{receipt}"), 200, PRIVATE),
        "follow-up as JSON": (
            lambda h: h.get(f"/r/{receipt}", headers={"accept": "application/json"}),
            200,
            PRIVATE,
        ),
        "follow-up, unknown": (lambda h: h.get("/r/not-a-token"), 404, PRIVATE),
        "follow-up thank": (lambda h: h.post(f"/r/{receipt}/thank"), 303, PRIVATE),
        "helper slip page": (lambda h: h.get(f"/h/{slip}"), 200, PRIVATE),
        "helper slip, unknown": (lambda h: h.get("/h/not-a-token"), 404, PRIVATE),
        "OpenAPI": (lambda h: h.get("/openapi.json"), 200, PUBLIC),
        "unknown page": (lambda h: h.get("/nothing"), 404, PUBLIC),
    }


def test_every_answer_is_no_store_nosniff_and_not_framed(
    central: Central, calls: dict[str, tuple[Call, int, bool]]
) -> None:
    with httpx.Client(base_url=central.url, timeout=30) as http:
        answers = {
            name: (call(http), status, private) for name, (call, status, private) in calls.items()
        }
    assert {name: r.status_code for name, (r, _s, _p) in answers.items()} == {
        name: status for name, (_r, status, _p) in answers.items()
    }
    missing = {name: missing_headers(r, private) for name, (r, _s, private) in answers.items()}
    assert {name: gaps for name, gaps in missing.items() if gaps} == {}
