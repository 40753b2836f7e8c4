"""Building pushed events the way a kiosk's outbox holds them."""

from __future__ import annotations

import uuid
from typing import Any

from kiosk import domain


def ask_create(
    ask_id: str | None = None,
    *,
    phone: str = "+31612345678",
    first_name: str = "Riet",
    circle: str | None = None,
) -> dict[str, Any]:
    ask_id = ask_id or str(uuid.uuid4())
    token = domain.new_followup_token()
    return {
        "event_id": str(uuid.uuid4()),
        "type": "ask.create",
        "entity_id": ask_id,
        "payload": {
            "id": ask_id,
            "number": domain.new_request_number(),
            "category": "groceries",
            "when": {"kind": "tomorrow", "day": None},
            "first_name": first_name,
            "phone": phone,
            "for_neighbour": False,
            "circle": circle,
            "token_hash": domain.hash_token(token),
            "created_at": "2026-11-27T09:00:00Z",
        },
        "_token": token,
    }


def offer_create(
    categories: list[str], when: dict[str, Any], circle: str | None = None
) -> dict[str, Any]:
    """An offer as the kiosk's outbox holds it; ``_token`` is the receipt's follow-up token."""
    event = ask_create(circle=circle)
    payload = dict(event["payload"])
    del payload["category"], payload["for_neighbour"]
    payload |= {"categories": categories, "when": when, "first_name": "Piet"}
    return event | {"type": "offer.create", "payload": payload}


def action(
    type_: str, entity_id: str, volunteer: str | None = None, **authority: str
) -> dict[str, Any]:
    """An action event; ``authority`` is what it carries to be allowed: ``session``,
    ``helper_token`` or ``receipt_token``."""
    payload: dict[str, Any] = {"id": entity_id, **authority}
    if volunteer:
        payload["volunteer"] = volunteer
    return {
        "event_id": str(uuid.uuid4()),
        "type": type_,
        "entity_id": entity_id,
        "payload": payload,
    }


def wire(*events: dict[str, Any]) -> dict[str, Any]:
    """The push body, without test-only keys."""
    return {"events": [{k: v for k, v in e.items() if not k.startswith("_")} for e in events]}
