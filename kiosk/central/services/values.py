"""The plain values the central store takes and gives: kiosks, events, results, pages, views."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Literal

from kiosk import domain
from kiosk.central.services.contacts import Contacts

Clock = Callable[[], datetime]
Result = Literal["accepted", "conflict", "rejected", "error"]
IdentifyResult = Literal["ok", "wrong", "wait", "locked", "unknown"]

SESSION_TTL = timedelta(minutes=15)
# A claim made at the kiosk while its session lived may arrive this long after the session ended.
SESSION_GRACE = timedelta(hours=24)


@dataclass(frozen=True)
class KioskAuth:
    id: int
    name: str
    buurthuis_id: int


@dataclass(frozen=True)
class IncomingEvent:
    event_id: str
    type: str
    entity_id: str
    payload: dict[str, Any]
    device_seq: int | None = None

    def body_hash(self) -> str:
        body = {"type": self.type, "entity_id": self.entity_id, "payload": self.payload}
        text = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True)
class EventResult:
    event_id: str
    result: Result
    reason: str | None = None
    status: str | None = None  # the entity's status after this event, when it exists
    number: str | None = None  # a create's new request number, when its own was taken

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "event_id": self.event_id,
            "result": self.result,
            "reason": self.reason,
            "status": self.status,
        }
        if self.number is not None:
            data["number"] = self.number
        return data


@dataclass(frozen=True)
class PulledChange:
    seq: int
    kind: str
    id: str
    op: Literal["upsert", "erase"]
    data: dict[str, Any] | None


@dataclass(frozen=True)
class Page:
    changes: list[PulledChange]
    next: int
    more: bool


@dataclass(frozen=True)
class FollowUp:
    """What the follow-up page may show: status and first name only."""

    number: str
    category: str  # for an offer: the first of its categories
    status: str
    first_name: str
    when: dict[str, str | None]
    thanked: bool
    kind: Literal["ask", "offer"] = "ask"
    categories: tuple[str, ...] = ()
    contacts: Contacts = field(default_factory=Contacts)  # who calls her; not in the JSON


@dataclass(frozen=True)
class Identified:
    """The answer to a card or PIN: who (with a session) or why not."""

    result: IdentifyResult
    member: domain.Member | None = None
    session: str | None = None
    tries_left: int | None = None
    wait_seconds: int = 0

    def to_json(self) -> dict[str, Any]:
        if self.result == "ok" and self.member is not None:
            member = self.member
            return {
                "result": "ok",
                "member": {
                    "id": member.id,
                    "first_name": member.first_name,
                    "circle": member.circle,
                    "role": member.role.value,
                    "phone": member.phone,
                    "street": member.street,
                    "house_number": member.house_number,
                },
                "session": self.session,
                "expires_in": int(SESSION_TTL.total_seconds()),
            }
        if self.result == "wrong":
            return {
                "result": "wrong",
                "tries_left": self.tries_left,
                "wait_seconds": self.wait_seconds,
            }
        if self.result == "wait":
            return {"result": "wait", "wait_seconds": self.wait_seconds}
        return {"result": self.result}


@dataclass(frozen=True)
class MemberListing:
    """A member as the operator's list shows it: never the phone, address, card or PIN."""

    id: str
    buurthuis: str
    circle: str | None
    first_name: str
    role: str
    state: Literal["active", "pin locked", "revoked"]


@dataclass(frozen=True)
class NewMember:
    id: str
    card_token: str  # 32 hex; the card's QR text is MEMBER_CARD_PREFIX + this
    pin: str


@dataclass(frozen=True)
class HelperView:
    """What the helper page shows: no personal data, only what and when."""

    number: str
    category: str
    when: dict[str, str | None]
    status: str
    ended: str | None = None  # the slip's claim ended: the ask's status right after (done, ...)


@dataclass
class Outcome:
    """What applying one event did: its result and the entities it changed."""

    result: Result
    reason: str | None = None
    status: str | None = None
    changed: list[tuple[str, str]] = field(default_factory=list)
    number: str | None = None  # a create's new request number, when its own was taken


class Rejected(Exception):
    """An event the server refuses before it writes anything; ``reason`` goes back to the kiosk."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class TryLater(Exception):
    """Not judged now (too many tries or PIN checks at once); the answer is 429 Retry-After."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"try again in {retry_after} s")
        self.retry_after = max(1, retry_after)
