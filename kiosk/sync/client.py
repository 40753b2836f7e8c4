"""CentralClient: the HTTP calls a kiosk makes to the central store, answers checked."""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager
from datetime import datetime
from typing import Any
from urllib.parse import quote

import httpx

from kiosk import domain
from kiosk.store import PendingEvent
from kiosk.store.sync import Decision
from kiosk.sync.answers import (
    IdentifyResult,
    Page,
    VerbinderAsk,
    VerbinderNote,
    VerbinderOffer,
    VerbinderView,
)
from kiosk.sync.deadline import Deadlines, DeadlineTransport
from kiosk.sync.errors import (
    CentralBusy,
    CentralRefused,
    CentralUnavailable,
    Forbidden,
    RoundDeadline,
    TooLarge,
    Unauthorized,
)

PULL_PAGE = 500


class CentralClient:
    """The HTTP calls a kiosk makes; ``transport`` lets tests put faults between us and it.

    ``timeout`` bounds each wait for the network; :meth:`deadline` bounds all the calls of a
    block together (a sync round), however slowly a server sends.
    """

    def __init__(
        self,
        base_url: str,
        token: str,
        *,
        timeout: float = 15.0,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self._deadlines = Deadlines()
        if transport is None:
            transport = DeadlineTransport(self._deadlines)
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

    def deadline(self, seconds: float) -> AbstractContextManager[None]:
        """The calls this thread makes inside the block end within ``seconds`` together, or
        raise :class:`RoundDeadline`."""
        return self._deadlines.until(seconds)

    def _call(self, method: str, path: str, **kwargs: Any) -> Any:
        """The answer's JSON (None for 204), or the exception its status stands for."""
        if self._deadlines.passed():
            raise RoundDeadline("deadline passed")
        try:
            response = self._http.request(method, path, **kwargs)
        except httpx.HTTPError as error:
            if self._deadlines.passed():
                raise RoundDeadline("deadline passed") from error
            raise CentralUnavailable(type(error).__name__) from error
        if response.status_code == 401:
            raise Unauthorized("device token refused")
        if response.status_code == 403:
            raise Forbidden("member session refused")
        if response.status_code == 413:
            raise TooLarge("batch too large")
        if response.status_code == 429:
            raise CentralBusy("HTTP 429")
        if response.status_code >= 500:
            raise CentralUnavailable(f"HTTP {response.status_code}")
        if response.status_code >= 400:
            raise CentralRefused(f"HTTP {response.status_code}")
        if response.status_code == 204:
            return None
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
                Decision(
                    r["event_id"], r["result"], r.get("reason"), r.get("status"), r.get("number")
                )
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

    def logout(self, session: str) -> None:
        """End the member's session ("Stoppen", idle): it opens nothing afterwards. The
        central store answers 204 also for a session that already ended."""
        self._call("POST", "/api/v1/logout", headers={"X-Member-Session": session})

    def unlock(self, session: str, member_id: str) -> None:
        """Lift a member's PIN lock; ``session`` is the circle's verbinder's. :class:`Forbidden`
        when it is not (or no longer) that circle's verbinder, :class:`CentralRefused` for an
        unknown member."""
        self._call(
            "POST",
            f"/api/v1/members/{quote(member_id, safe='')}/unlock",
            headers={"X-Member-Session": session},
        )

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
