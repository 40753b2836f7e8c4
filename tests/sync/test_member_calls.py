"""CentralClient.logout and .unlock: what they send and how each answer is mapped.

Against a tiny real HTTP stub on 127.0.0.1 (the central store's side of issue 12 is built on
another branch); the same calls against the real central store run once it has the routes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from stub_central import stub_central
from sync_helpers import Kiosk, member_session

from kiosk.central.app import create_app
from kiosk.central.service import CentralStore
from kiosk.domain import Role
from kiosk.sync import (
    CentralClient,
    CentralRefused,
    CentralUnavailable,
    Forbidden,
    Unauthorized,
)


def answering(status: int, body: Any = None) -> Callable[..., tuple[int, Any]]:
    return lambda *_request: (status, body)


def test_logout_sends_the_session_and_takes_204() -> None:
    with stub_central(answering(204)) as (url, seen), CentralClient(url, "dev-token") as client:
        assert client.logout("the-session") is None
    [(method, path, headers, body)] = seen.requests
    assert (method, path, body) == ("POST", "/api/v1/logout", None)
    assert headers["x-member-session"] == "the-session"
    assert headers["authorization"] == "Bearer dev-token"


def test_unlock_names_the_member_in_the_path_with_the_verbinders_session() -> None:
    with stub_central(answering(204)) as (url, seen), CentralClient(url, "dev-token") as client:
        client.unlock("verbinder-session", "m/1 ?")
    [(method, path, headers, _body)] = seen.requests
    assert (method, path) == ("POST", "/api/v1/members/m%2F1%20%3F/unlock")
    assert headers["x-member-session"] == "verbinder-session"


@pytest.mark.parametrize(
    ("status", "raised"),
    [
        (401, Unauthorized),  # the device token
        (403, Forbidden),  # not this circle's verbinder, or the session ended
        (404, CentralRefused),  # no such member
        (429, CentralUnavailable),
        (500, CentralUnavailable),
    ],
)
def test_refusals_map_like_every_other_call(status: int, raised: type[Exception]) -> None:
    with stub_central(answering(status, {"detail": "no"})) as (url, _seen):
        with CentralClient(url, "dev-token") as client, pytest.raises(raised):
            client.unlock("session", "m-1")
        with CentralClient(url, "dev-token") as client, pytest.raises(raised):
            client.logout("session")


def central_has(central: CentralStore, path: str) -> bool:
    """Whether the real central store serves ``path`` (its OpenAPI schema lists every route)."""
    return path in create_app(central).openapi()["paths"]


def test_against_the_real_central_store_logout_ends_the_session(
    central: CentralStore, central_url: str, make_kiosk: Callable[[str], Kiosk]
) -> None:
    if not central_has(central, "/api/v1/logout"):
        pytest.skip("the central store has no /api/v1/logout yet (issue 12, central side)")
    kiosk = make_kiosk("k1")
    _member, session = member_session(central, central_url, kiosk, "Els", Role.VERBINDER)
    with CentralClient(central_url, kiosk.token) as client:
        client.verbinder(session, 7)  # the session opens the verbinder's page
        client.logout(session)
        client.logout(session)  # again: still 204
        with pytest.raises(Forbidden):
            client.verbinder(session, 7)


def test_against_the_real_central_store_only_the_verbinder_unlocks(
    central: CentralStore, central_url: str, make_kiosk: Callable[[str], Kiosk]
) -> None:
    """Who may unlock; how a lock comes about is the central store's own tests' business."""
    if not central_has(central, "/api/v1/members/{member_id}/unlock"):
        pytest.skip("the central store has no member unlock yet (issue 12, central side)")
    kiosk = make_kiosk("k1")
    member = central.add_member("brink", "Anna", "0611111111", circle="noord")
    _verbinder, verbinder = member_session(central, central_url, kiosk, "Els", Role.VERBINDER)
    _volunteer, volunteer = member_session(central, central_url, kiosk, "Bo")
    with CentralClient(central_url, kiosk.token) as client:
        with pytest.raises(Forbidden):
            client.unlock(volunteer, member.id)
        client.unlock(verbinder, member.id)
        assert client.identify_pin(member.id, member.pin).result == "ok"
