"""What one visitor has chosen and typed so far; all of it is forgotten on 'Naar het begin' or idle."""

from __future__ import annotations

from typing import Any

from kiosk.domain import AskDraft, OfferDraft


class Visit:
    """The screens' shared memory of this visit (who is signed in is :mod:`identity`'s)."""

    def __init__(self) -> None:
        self.forget()

    def forget(self) -> None:
        self.ask_draft = AskDraft()
        self.offer_draft = OfferDraft()
        self.last_saved: Any = None  # the Saved of the ask or offer just committed
        self.saved_who: tuple[Any, str] = (None, "ask")  # its (Circle, kind) for who calls
        self.chosen_ask: Any = None  # the PublicAsk opened from the board
        self.board_circle: str | None = None  # board filters: circle code / category
        self.board_category: str | None = None
        self.pin_member: Any = None  # the MemberName picked for a PIN try
        self.helper_tokens: dict[str, str] = {}  # ask id → helper slip token
        self.job_id = ""  # the job opened from 'Mijn klussen' or by its slip's QR code
        self.scanned_receipt: Any = None  # (Ask, follow-up token) after a receipt was scanned
        self.verbinder_view: Any = None  # the verbinder's list with contacts
        self.verbinder_ask: Any = None

    def draft(self, flow: str) -> Any:
        """The ask's or the offer's draft."""
        return self.ask_draft if flow == "ask" else self.offer_draft

    def new_draft(self, flow: str) -> None:
        """An empty form for the next ask or offer (the last one was saved)."""
        if flow == "ask":
            self.ask_draft = AskDraft()
        else:
            self.offer_draft = OfferDraft()
