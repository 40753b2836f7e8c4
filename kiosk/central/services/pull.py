"""The changes feed a kiosk pulls: each changed entity as that kiosk may see it *now*."""

from __future__ import annotations

import json
from typing import Any, Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.central.models import Ask, Change, Circle, Member, Offer
from kiosk.central.services.common import iso, when_json
from kiosk.central.services.members import addresses
from kiosk.central.services.values import KioskAuth, Page, PulledChange
from kiosk.domain import AskStatus

MAX_PAGE = 500


def pull(session: Session, kiosk: KioskAuth, after: int, limit: int) -> Page:
    """Changes of the kiosk's buurthuis after ``after``, each as the entity is *now*."""
    limit = max(1, min(limit, MAX_PAGE))
    rows = session.execute(
        select(Change.seq, Change.kind, Change.entity_id)
        .where(Change.buurthuis_id == kiosk.buurthuis_id, Change.seq > after)
        .order_by(Change.seq)
        .limit(limit)
    ).all()
    if not rows:
        return Page([], after, False)
    latest: dict[tuple[str, str], int] = {}
    for seq, kind, entity_id in rows:
        latest[(kind, entity_id)] = seq
    ids = {
        kind: [e for (k, e) in latest if k == kind] for kind in ("ask", "offer", "circle", "member")
    }
    home = kiosk.buurthuis_id
    asks = in_buurthuis(session, Ask, Ask.id, ids["ask"], home)
    offers = in_buurthuis(session, Offer, Offer.id, ids["offer"], home)
    circles = in_buurthuis(session, Circle, Circle.code, ids["circle"], home)
    members = in_buurthuis(session, Member, Member.id, ids["member"], home)
    # The asker's address goes only with the claimer's view (for the helper slip).
    askers = addresses(
        session,
        [a.member_id for a in asks.values() if a.member_id and claimed_by(a, kiosk)],
    )
    changes: list[PulledChange] = []
    for (kind, entity_id), seq in sorted(latest.items(), key=lambda item: item[1]):
        data: dict[str, Any] | None
        if kind == "ask":
            data = ask_view(asks[entity_id], kiosk, askers) if entity_id in asks else None
        elif kind == "member":
            data = member_view(members.get(entity_id))
        elif kind == "offer":
            data = offer_view(offers[entity_id], kiosk) if entity_id in offers else None
        else:
            data = circle_view(circles.get(entity_id))
        op: Literal["upsert", "erase"] = "upsert" if data is not None else "erase"
        changes.append(PulledChange(seq, kind, entity_id, op, data))
    return Page(changes, rows[-1][0] if rows else after, len(rows) == limit)


def in_buurthuis(
    session: Session, model: Any, key: Any, wanted: list[str], buurthuis_id: Any
) -> dict[str, Any]:
    """Rows of ``model`` whose ``key`` is in ``wanted``, of one buurthuis only, by key."""
    if not wanted:
        return {}
    rows = session.scalars(select(model).where(key.in_(wanted), model.buurthuis_id == buurthuis_id))
    return {getattr(row, key.key): row for row in rows}


def claimed_by(ask: Ask, viewer: KioskAuth) -> bool:
    return ask.status == AskStatus.CLAIMED.value and ask.claimed_kiosk_id == viewer.id


def ask_view(
    ask: Ask, viewer: KioskAuth, askers: dict[str, tuple[str | None, str | None]]
) -> dict[str, Any] | None:
    """An ask as one kiosk may see it. The phone number goes only to the kiosk where it was
    typed and, while the ask is claimed, to the claimer's kiosk (to print the helper slip),
    which alone also gets the asking member's street and house number."""
    if ask.erased_at is not None:
        return None
    claimer_here = claimed_by(ask, viewer)
    data: dict[str, Any] = {
        "number": ask.number,
        "category": ask.category,
        "when": when_json(ask.when_kind, ask.when_day),
        "first_name": ask.first_name,
        "for_neighbour": ask.for_neighbour,
        "circle": ask.circle_code,
        "status": ask.status,
        "token_hash": ask.token_hash,
        "thanked": ask.thanked,
        "created_at": iso(ask.created_at),
        "updated_at": iso(ask.updated_at),
        "claimed_here": claimer_here,
    }
    if claimer_here:
        street, house_number = askers.get(ask.member_id or "", (None, None))
        data |= {"claimed_by": ask.claimed_by, "street": street, "house_number": house_number}
    if claimer_here or ask.origin_kiosk_id == viewer.id:
        data["phone"] = ask.phone
    return data


def offer_view(offer: Offer, viewer: KioskAuth) -> dict[str, Any] | None:
    """An offer as one kiosk may see it: the phone number only where it was typed."""
    if offer.erased_at is not None:
        return None
    data: dict[str, Any] = {
        "number": offer.number,
        "categories": json.loads(offer.categories),
        "when": when_json(offer.when_kind, offer.when_day),
        "first_name": offer.first_name,
        "circle": offer.circle_code,
        "status": offer.status,
        "token_hash": offer.token_hash,
        "created_at": iso(offer.created_at),
        "updated_at": iso(offer.updated_at),
    }
    if offer.origin_kiosk_id == viewer.id:
        data["phone"] = offer.phone
    return data


def member_view(member: Member | None) -> dict[str, Any] | None:
    """A member as kiosks see them (for the name list): never phone, address, card or PIN."""
    if member is None or member.revoked_at is not None:
        return None
    return {"first_name": member.first_name, "circle": member.circle_code, "role": member.role}


def circle_view(circle: Circle | None) -> dict[str, Any] | None:
    if circle is None:
        return None
    return {
        "code": circle.code,
        "name": circle.name,
        "verbinder_name": circle.verbinder_name,
        "verbinder_phone": circle.verbinder_phone,
    }
