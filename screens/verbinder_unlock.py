"""The verbinder opens a member's PIN again: tap the first name, the central store lifts the lock.

Only the circle's own members are shown (first names, as the kiosk has them for the PIN login).
The central store checks that the session is this circle's verbinder's, at this kiosk.
"""

from __future__ import annotations

from typing import Any

from screens.flow import FlowScreen
from screens.tiles import Choice
from screens.widgets import load_kv

load_kv(__file__)


class VerbinderUnlockScreen(FlowScreen):
    def on_pre_enter(self, *_args: Any) -> None:
        self.ids.message.text = ""
        super().on_pre_enter(*_args)

    def refresh(self) -> None:
        kiosk = self.kiosk
        tr = kiosk.tr
        verbinder = kiosk.identity.member
        self.title = tr("Whose PIN do you open again?")
        self.step = ""
        grid = self.ids.grid
        grid.selected_keys = []
        if verbinder is None or verbinder.circle is None:
            grid.choices = []
            return
        grid.choices = [
            Choice(member.id, member.first_name, "account")
            for member in kiosk.store.members(verbinder.circle)
            if member.id != verbinder.id
        ]
        grid.page = 0
        self.update_bar()

    def choose(self, key: str) -> None:
        kiosk = self.kiosk
        if kiosk.calling:
            return
        names = {choice.key: choice.label for choice in self.ids.grid.choices}
        session = kiosk.identity.session
        self.ids.message.text = kiosk.tr("One moment…")
        kiosk.background.call_central(
            lambda: kiosk.services.central_now().unlock(session, key),
            lambda _none: self._unlocked(names.get(key, "")),
            self._failed,
        )

    def _unlocked(self, name: str) -> None:
        self.ids.message.text = self.kiosk.tr("{name}'s PIN works again.").format(name=name)

    def _failed(self, _error: BaseException) -> None:
        self.ids.message.text = ""
        self.show_error(self.kiosk.tr("That did not work now. Please try again in a moment."))

    def back(self) -> None:
        if not self.ids.grid.previous_page():
            self.kiosk.nav.back()
