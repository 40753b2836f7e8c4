"""What a sync round did: the report for the operator and the screen, and lost actions."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from kiosk.i18n import N_, _

LOST_CLAIM = N_("Someone else already picked up this request. Thank you for wanting to help!")
LOST_OTHER = N_("This request was changed at another kiosk in the meantime.")
REFUSED_CLAIM = N_("Your sign-up for this request did not go through. The request is open again.")
REFUSED_OTHER = N_(
    "This change could not be passed on. Please ask someone at the community centre."
)


@dataclass(frozen=True)
class Conflict:
    """An action made here that lost at the central store; tell the volunteer kindly."""

    ask_id: str
    number: str
    event_type: str
    status: str | None

    def message(self, translate: Callable[[str], str] = _) -> str:
        message = LOST_CLAIM if self.event_type == "ask.claim" else LOST_OTHER
        return translate(message)


@dataclass(frozen=True)
class Rejection:
    """A change made here that the central store rejected (``reason``, e.g. ``not_allowed``):
    undone here and kept aside for the operator. A rejected claim leaves the ask open again."""

    entity_id: str
    number: str | None
    event_type: str
    reason: str | None

    def message(self, translate: Callable[[str], str] = _) -> str:
        message = REFUSED_CLAIM if self.event_type == "ask.claim" else REFUSED_OTHER
        return translate(message)


@dataclass(frozen=True)
class Renumbered:
    """An ask or offer made here that the central store gave a new request number (another
    kiosk had drawn the same one). The printed receipt keeps the old number; its QR code
    still opens the request."""

    entity_id: str
    kind: str  # ask | offer
    old: str
    new: str


@dataclass(frozen=True)
class SyncReport:
    """What one round did; also what :class:`SyncWorker` hands to its ``on_change`` callback."""

    online: bool
    pending: int
    pushed: int = 0
    pulled: int = 0
    conflicts: tuple[Conflict, ...] = ()
    error: str | None = None
    retry_in: float | None = None  # seconds until the worker tries again
    rejected: tuple[Rejection, ...] = ()
    renumbered: tuple[Renumbered, ...] = ()

    def summary(self) -> str:
        """One line for ``buurtkiosk sync`` (operator output, English, no personal data)."""
        text = (
            f"{'online' if self.online else 'offline'}: pushed {self.pushed}, "
            f"pulled {self.pulled}, waiting {self.pending}"
        )
        if self.conflicts:
            text += ", lost: " + " ".join(f"{c.number} ({c.event_type})" for c in self.conflicts)
        if self.rejected:
            text += ", rejected: " + " ".join(
                f"{r.number or '-'} ({r.event_type}: {r.reason})" for r in self.rejected
            )
        if self.renumbered:
            text += ", renumbered: " + " ".join(f"{n.old}>{n.new}" for n in self.renumbered)
        if self.error:
            text += f" ({self.error})"
        return text

    def status_line(self, translate: Callable[[str], str] = _) -> str:
        """A short, discreet line for the corner of the screen."""
        state = translate("Connected") if self.online else translate("Not connected")
        if self.pending:
            return f"{state} · " + translate("{n} to send").format(n=self.pending)
        return state
