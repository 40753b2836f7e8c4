"""Home for an identified volunteer: ask without typing, the board, my jobs, my card, and, for
a verbinder, the circle's list and opening a member's locked PIN again."""

from __future__ import annotations

from kiosk.domain import AskDraft, Role
from screens.flow import FlowScreen
from screens.tiles import Choice
from screens.widgets import load_kv

load_kv(__file__)


class MemberHomeScreen(FlowScreen):
    def refresh(self) -> None:
        tr = self.kiosk.tr
        member = self.kiosk.identity.member
        self.step = ""
        if member is None:
            self.title = tr("Who are you?")
            self.ids.grid.choices = []
            return
        self.title = tr("Hello {name}").format(name=member.first_name)
        choices = [
            Choice("ask", tr("I am looking for help"), "hand-heart"),
            Choice("board", tr("Open requests"), "clipboard-list"),
            Choice("jobs", tr("My jobs"), "clipboard-text"),
            Choice("card", tr("Print my card"), "card-account-details"),
        ]
        if member.role == Role.VERBINDER:
            choices.insert(0, Choice("verbinder", tr("My circle"), "account-tie"))
            choices.insert(1, Choice("unlock", tr("Open a PIN again"), "account-check"))
        grid = self.ids.grid
        grid.selected_keys = []
        grid.choices = choices
        grid.page = 0
        self.update_bar()

    def choose(self, key: str) -> None:
        kiosk = self.kiosk
        member = kiosk.identity.member
        if member is None:
            return
        if key == "ask":
            # Four taps: this, what, when, 'Ja, klopt'. The card said the name and phone.
            kiosk.visit.ask_draft = AskDraft(
                first_name=member.first_name,
                phone=member.phone,
                circle=member.circle,
                circle_chosen=True,
                member_id=member.id,
            )
            kiosk.nav.go("ask_what")
        elif key == "board":
            kiosk.nav.go("board")
        elif key == "jobs":
            kiosk.nav.go("my_jobs")
        elif key == "verbinder":
            kiosk.nav.go("verbinder")
        elif key == "unlock":
            kiosk.nav.go("verbinder_unlock")
        elif key == "card":
            kiosk.printing.print_member_card(kiosk.identity.member, kiosk.identity.session)

    def back(self) -> None:
        if not self.ids.grid.previous_page():
            self.kiosk.stop_visit()
