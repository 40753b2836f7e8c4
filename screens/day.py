"""Step 2b: pick a day from big buttons (the next two weeks), no calendar widget."""

from __future__ import annotations

from datetime import date

from kiosk.domain import When, WhenKind, describe_day, pickable_days
from screens.flow import FlowScreen
from screens.tiles import Choice
from screens.widgets import load_kv

load_kv(__file__)


class DayScreen(FlowScreen):
    part = "day"

    def today(self) -> date:
        return self.kiosk.services.today()

    def refresh(self) -> None:
        super().refresh()
        self.title = self.kiosk.tr("Which day?")
        grid = self.ids.grid
        grid.tile_color = self.tile_color
        grid.edge_color = self.edge_color
        current = self.draft.when
        grid.selected_keys = [current.day.isoformat()] if current and current.day else []
        grid.choices = [
            Choice(day.isoformat(), describe_day(day), "calendar")
            for day in pickable_days(self.today())
        ]
        grid.page = 0
        self.update_bar()

    def choose(self, key: str) -> None:
        self.draft.when = When(WhenKind.ON_DAY, date.fromisoformat(key))
        self.go_next(self.after_when())
