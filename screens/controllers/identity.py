"""Who is signed in (member card or PIN), where to go once that is known, and forgetting them."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kiosk.domain import Member
    from screens.navigation import Navigator
    from screens.visit import Visit


class Identity:
    """The volunteer of this visit; ``show_name`` puts their first name on the app ("" when
    nobody is signed in)."""

    def __init__(
        self,
        nav: Navigator,
        visit: Visit,
        show_name: Callable[[str], None],
        end_session: Callable[[str], None] = lambda _session: None,
    ) -> None:
        self.nav = nav
        self.visit = visit
        self.show_name = show_name
        self.end_session = end_session  # signs the session out at the central store
        self.member: Member | None = None  # identified by card or PIN
        self.session = ""  # the central store's member session, for calls made for them
        self.after = "member_home"  # where to go once identified

    def identify_then(self, purpose: str) -> None:
        """Ask who the volunteer is (unless known), then go on with ``purpose``."""
        self.after = purpose
        if self.member is not None:
            self._go_on()
        else:
            self.nav.go("identify")

    def identified(self, member: Member, session: str) -> None:
        """The central store recognised a card or a PIN."""
        self.member, self.session = member, session
        self.show_name(member.first_name)
        self.nav.drop_steps("identify")
        self._go_on()

    def _go_on(self) -> None:
        purpose, self.after = self.after, "member_home"
        if purpose == "claim" and self.visit.chosen_ask is not None:
            self.nav.go("claim")
        elif purpose == "verbinder" and self.member and self.member.role == "verbinder":
            self.nav.go("verbinder")
        else:
            self.nav.go("member_home")

    def forget(self) -> None:
        """Afmelden, Naar het begin or idle: nobody is signed in any more, here or at the
        central store (the session opens nothing once it is ended)."""
        if self.session:
            self.end_session(self.session)
        self.member, self.session = None, ""
        self.show_name("")
        self.after = "member_home"
