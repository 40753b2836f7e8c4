"""Kiosks played through the real HTTP API, as someone holding one kiosk's device token could.

Issue 12's threat: the token (on an SD card in a public building) is stolen, and nothing else.
A :class:`Kiosk` is that token over plain httpx; a :class:`Central` is the real store served on
127.0.0.1 with a clock the test moves by hand. Events carry the authorisation fields of issue
12's contract (who may make each write): ``session``, ``helper_token`` and ``receipt_token``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import httpx

from kiosk import domain
from kiosk.central.service import CentralStore, NewMember
from tests.central.central_events import action, ask_create, wire
from tests.central.central_helpers import FakeClock

BUURTHUIS = "brink"
RIGHT_PIN, WRONG_PIN = "246810", "975318"
ASKER_PHONE = "+31611112222"
ASKER_STREET, ASKER_HOUSE = "Kerkstraat", "7"
PERSONAL_KEYS = ("phone", "street", "house_number")


def iso(moment: datetime) -> str:
    """An aware time as the kiosk writes it (``…Z``)."""
    return moment.isoformat().replace("+00:00", "Z")


def act(type_: str, entity_id: str, at: datetime, **fields: str) -> dict[str, Any]:
    """An action event made at ``at``, carrying the given authorisation fields."""
    event = action(type_, entity_id)
    event["payload"] |= {"created_at": iso(at), **fields}
    return event


def claim(
    ask_id: str,
    at: datetime,
    session: str | None = None,
    volunteer: NewMember | str | None = None,
    **fields: str,
) -> dict[str, Any]:
    """A claim with a new helper slip (its token under ``_slip``), as the kiosk sends it: the
    session of the member at the kiosk and, as today, the member's id as ``volunteer``."""
    slip = domain.new_followup_token()
    if session is not None:
        fields["session"] = session
    if volunteer is not None:
        fields["volunteer"] = volunteer if isinstance(volunteer, str) else volunteer.id
    event = act("ask.claim", ask_id, at, helper_token_hash=domain.hash_token(slip), **fields)
    event["_slip"] = slip
    return event


def asker_ask(asker: NewMember, circle: str | None = "noord") -> dict[str, Any]:
    """An ask typed for a member with an address: what a harvest is after."""
    event = ask_create(phone=ASKER_PHONE, circle=circle)
    event["payload"]["member"] = asker.id
    return event


def outcome(result: dict[str, Any]) -> tuple[str, str | None]:
    return result["result"], result.get("reason")


class Kiosk:
    """One kiosk's device token against the real API."""

    def __init__(self, url: str, token: str, name: str) -> None:
        self.name = name
        self.token = token
        self.http = httpx.Client(
            base_url=url, headers={"Authorization": f"Bearer {token}"}, timeout=60
        )

    def close(self) -> None:
        self.http.close()

    def push(self, *events: dict[str, Any]) -> list[dict[str, Any]]:
        """One batch; the answer must be 200 whatever is in it (never 500)."""
        answer = self.http.post("/api/v1/events", json=wire(*events))
        assert answer.status_code == 200, (answer.status_code, answer.text[:300])
        return list(answer.json()["results"])

    def send(self, event: dict[str, Any]) -> tuple[str, str | None]:
        """One event alone: (result, reason)."""
        return outcome(self.push(event)[0])

    def push_bytes(self, body: bytes) -> httpx.Response:
        """A batch as raw JSON bytes (for escapes such as a lone ``\\ud800``)."""
        return self.http.post(
            "/api/v1/events", content=body, headers={"content-type": "application/json"}
        )

    def pull(self) -> dict[str, dict[str, Any] | None]:
        """Everything this kiosk may see, from cursor 0: entity id → data (None: erased)."""
        seen: dict[str, dict[str, Any] | None] = {}
        after = 0
        while True:
            answer = self.http.get("/api/v1/changes", params={"after": after})
            assert answer.status_code == 200, answer.text[:300]
            page = answer.json()
            for change in page["changes"]:
                seen[change["id"]] = change["data"]
            after = page["next"]
            if not page["more"]:
                return seen

    def identify(self, **body: str) -> httpx.Response:
        return self.http.post("/api/v1/identify", json=body)

    def pin(self, member_id: str, pin: str) -> httpx.Response:
        return self.identify(member=member_id, pin=pin)

    def session(self, member: NewMember) -> str:
        """A member session opened here with the member's card."""
        answer = self.identify(card=domain.MEMBER_CARD_PREFIX + member.card_token)
        assert answer.status_code == 200 and answer.json()["result"] == "ok", answer.text
        return str(answer.json()["session"])

    def logout(self, session: str) -> httpx.Response:
        return self.http.post("/api/v1/logout", headers={"X-Member-Session": session})

    def unlock(self, member_id: str, session: str | None) -> httpx.Response:
        headers = {"X-Member-Session": session} if session is not None else {}
        return self.http.post(f"/api/v1/members/{member_id}/unlock", headers=headers)

    def verbinder_view(self, session: str) -> httpx.Response:
        return self.http.get("/api/v1/verbinder", headers={"X-Member-Session": session})

    def new_card(self, session: str) -> httpx.Response:
        return self.http.post("/api/v1/card", headers={"X-Member-Session": session})


@dataclass
class Neighbours:
    """Buurthuis ``brink``: circle noord (verbinder Wim) and zuid (verbinder Ans); Sanne and
    Bert volunteer in noord; Truus asks for help and has an address on file."""

    wim: NewMember
    ans: NewMember
    sanne: NewMember
    bert: NewMember
    truus: NewMember


@dataclass
class Central:
    """The real central store on 127.0.0.1, on SQLite or PostgreSQL, with a hand-moved clock."""

    url: str
    store: CentralStore
    clock: FakeClock
    opened: list[Kiosk] = field(default_factory=list)

    @property
    def now(self) -> datetime:
        return self.clock.now

    def kiosk(self, name: str) -> Kiosk:
        opened = Kiosk(self.url, self.store.add_kiosk(name, BUURTHUIS), name)
        self.opened.append(opened)
        return opened

    def neighbours(self) -> Neighbours:
        store = self.store
        store.add_circle(BUURTHUIS, "noord", "Noord", "Wim", "0612345678")
        store.add_circle(BUURTHUIS, "zuid", "Zuid", "Ans", "0612345679")
        verbinder = domain.Role.VERBINDER
        return Neighbours(
            wim=store.add_member(BUURTHUIS, "Wim", "0622222222", circle="noord", role=verbinder),
            ans=store.add_member(BUURTHUIS, "Ans", "0633333333", circle="zuid", role=verbinder),
            sanne=store.add_member(BUURTHUIS, "Sanne", "0644444444", circle="noord", pin=RIGHT_PIN),
            bert=store.add_member(BUURTHUIS, "Bert", "0655555555", circle="noord"),
            truus=store.add_member(
                BUURTHUIS,
                "Truus",
                ASKER_PHONE,
                circle="noord",
                street=ASKER_STREET,
                house_number=ASKER_HOUSE,
            ),
        )

    def close(self) -> None:
        for opened in self.opened:
            opened.close()


def personal_data_in(seen: dict[str, dict[str, Any] | None], ask_ids: list[str]) -> list[str]:
    """Which personal fields of these asks a pull carried (empty: none)."""
    found = []
    for ask_id in ask_ids:
        data = seen.get(ask_id) or {}
        found += [f"{ask_id[:8]}.{key}" for key in PERSONAL_KEYS if key in data]
    text = json.dumps([seen.get(ask_id) for ask_id in ask_ids])
    found += [secret for secret in (ASKER_PHONE, ASKER_STREET) if secret in text]
    return found
