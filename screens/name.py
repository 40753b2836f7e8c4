"""Step 3b: the first name, on big letter keys (no on-screen keyboard, no account)."""

from __future__ import annotations

from kiosk.domain import NAME_MAX, ValidationError, clean_name, typed_name
from screens.flow import FlowScreen
from screens.keypads import LetterPad  # noqa: F401 (built by this screen's kv rule)
from screens.widgets import load_kv

load_kv(__file__)


class NameScreen(FlowScreen):
    part = "name"

    def refresh(self) -> None:
        super().refresh()
        tr = self.kiosk.tr
        neighbour = self.flow == "ask" and self.draft.for_neighbour
        self.title = tr("Neighbour's first name?") if neighbour else tr("What is your first name?")
        self.show_next = True
        self.next_text = ""
        self._show()

    def _show(self) -> None:
        self.ids.shown.text = self.draft.first_name

    def key(self, key: str) -> None:
        name = self.draft.first_name
        if key == "back":
            name = name[:-1]
        elif len(name) < NAME_MAX:
            name = typed_name(name, key)
        self.draft.first_name = name
        self._show()

    def proceed(self) -> None:
        try:
            self.draft.first_name = clean_name(self.draft.first_name)
        except ValidationError as error:
            self.show_error(error.message)
            return
        self.go_next("phone")
