"""Step 4: which circle (from the store), or "I don't know"."""

from __future__ import annotations

from screens.flow import FlowScreen
from screens.tiles import Choice
from screens.widgets import load_kv

load_kv(__file__)

UNKNOWN = "unknown"


class CircleScreen(FlowScreen):
    part = "circle"

    def refresh(self) -> None:
        super().refresh()
        tr = self.kiosk.tr
        self.title = tr("Which circle are you in?")
        grid = self.ids.grid
        grid.tile_color = self.tile_color
        grid.edge_color = self.edge_color
        choices = [Choice(c.code, c.name, "account-group") for c in self.kiosk.store.circles()]
        choices.append(Choice(UNKNOWN, tr("I don't know"), "help-circle"))
        draft = self.draft
        grid.selected_keys = [draft.circle or UNKNOWN] if draft.circle_chosen else []
        grid.choices = choices
        grid.page = 0
        self.update_bar()

    def choose(self, key: str) -> None:
        self.draft.circle = None if key == UNKNOWN else key
        self.draft.circle_chosen = True
        self.go_next("check")
