"""Shared pieces of the sync tests (conftest holds only fixtures)."""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.domain import AskDraft, When, WhenKind
from kiosk.store import LocalStore


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
