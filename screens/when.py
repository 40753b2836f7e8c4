"""Step 2: when. Today, tomorrow, this week, a day picked from big buttons, or any time."""

from __future__ import annotations

from kiosk.domain import WHEN_LABELS, WHEN_PICTOGRAMS, When, WhenKind
from screens.flow import FlowScreen
from screens.tiles import Choice
from screens.widgets import load_kv

load_kv(__file__)


class WhenScreen(FlowScreen):
    part = "when"

    def refresh(self) -> None:
        super().refresh()
        tr = self.kiosk.tr
        self.title = (
            tr("When do you need help?") if self.flow == "ask" else tr("When can you help?")
        )
        grid = self.ids.grid
        grid.tile_color = self.tile_color
        grid.edge_color = self.edge_color
        current = self.draft.when
        grid.selected_keys = [current.kind.value] if current else []
        grid.choices = [
            Choice(kind.value, tr(WHEN_LABELS[kind]), WHEN_PICTOGRAMS[kind]) for kind in WhenKind
        ]
        grid.page = 0
        self.update_bar()

    def choose(self, key: str) -> None:
        kind = WhenKind(key)
        if kind is WhenKind.ON_DAY:
            self.go_next("day")
            return
        self.draft.when = When(kind)
        self.go_next(self.after_when())
