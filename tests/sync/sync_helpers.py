"""Shared pieces of the sync tests (conftest holds only fixtures)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.central.service import CentralStore
from kiosk.domain import AskDraft, Role, When, WhenKind
from kiosk.store import LocalStore
from kiosk.sync import CentralClient


@dataclass
class Kiosk:
    store: LocalStore
    token: str


def ask_draft(name: str = "Riet", phone: str = "0612345678") -> AskDraft:
    return AskDraft(
        category="groceries",
        when=When(WhenKind.TOMORROW),
        first_name=name,
        phone=phone,
        circle="noord",
        circle_chosen=True,
    )


def pulled_ask(ask_id: str, number: str, seq: int, **changes: Any) -> dict[str, Any]:
    """One ask as the central store's pull feed carries it to a kiosk that is not its own."""
    data = {
        "number": number,
        "category": "meal",
        "when": {"kind": "any_time", "day": None},
        "first_name": "Kees",
        "status": "open",
        "token_hash": "e" * 64,
        "created_at": "2026-11-27T09:00:00Z",
    } | changes
    return {"seq": seq, "kind": "ask", "id": ask_id, "op": "upsert", "data": data}


def member_session(
    central: CentralStore, url: str, kiosk: Kiosk, name: str, role: Role = Role.VOLUNTEER
) -> tuple[str, str]:
    """A new member of the buurthuis and a live session for it at ``kiosk``, opened with the
    member's card through the real API, as the kiosk's identify screen does."""
    new = central.add_member("brink", name, "0611111111", circle="noord", role=role)
    with CentralClient(url, kiosk.token) as client:
        identified = client.identify_card(new.card_token)
    assert identified.result == "ok" and identified.session
    return new.id, identified.session


def file_bytes(store: LocalStore) -> bytes:
    """The kiosk's database with its WAL and shared memory, as a thief with the SD card would
    read them."""
    path = Path(str(store.engine.url.database))
    files = (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm"))
    return b"".join(f.read_bytes() for f in files if f.is_file())
