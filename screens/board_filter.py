"""Filters for the board with big buttons: first which circle, then which kind of help."""

from __future__ import annotations

from kiosk.domain import CATEGORIES
from screens.flow import FlowScreen
from screens.tiles import Choice
from screens.widgets import load_kv

load_kv(__file__)

ALL = "all"


class BoardFilterScreen(FlowScreen):
    stage = "circle"

    def on_pre_enter(self, *_args: object) -> None:
        self.stage = "circle"
        super().on_pre_enter()

    def refresh(self) -> None:
        tr = self.kiosk.tr
        self.step = ""
        grid = self.ids.grid
        if self.stage == "circle":
            self.title = tr("Which circle?")
            choices = [Choice(ALL, tr("All circles"), "account-multiple")]
            choices += [Choice(c.code, c.name, "account-group") for c in self.kiosk.store.circles()]
            grid.selected_keys = [self.kiosk.visit.board_circle or ALL]
        else:
            self.title = tr("Which kind of help?")
            choices = [Choice(ALL, tr("All kinds of help"), "clipboard-list")]
            choices += [Choice(c.code, tr(c.label), c.pictogram) for c in CATEGORIES]
            grid.selected_keys = [self.kiosk.visit.board_category or ALL]
        grid.choices = choices
        grid.page = 0
        self.update_bar()

    def choose(self, key: str) -> None:
        value = None if key == ALL else key
        if self.stage == "circle":
            self.kiosk.visit.board_circle = value
            self.stage = "category"
            self.refresh()
        else:
            self.kiosk.visit.board_category = value
            self.kiosk.nav.back()

    def back(self) -> None:
        grid = self.ids.grid
        if grid.previous_page():
            return
        if self.stage == "category":
            self.stage = "circle"
            self.refresh()
        else:
            self.kiosk.nav.back()
