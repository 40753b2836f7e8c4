"""Step 1: what help. Asks pick one; offers may pick several ("Kies één of meer"), then 'Verder'."""

from __future__ import annotations

from kiosk.domain import CALLBACK, CALLBACK_CATEGORY, CATEGORIES
from screens.flow import FlowScreen
from screens.tiles import Choice
from screens.widgets import load_kv

load_kv(__file__)


class WhatScreen(FlowScreen):
    part = "what"

    def refresh(self) -> None:
        super().refresh()
        tr = self.kiosk.tr
        grid = self.ids.grid
        grid.tile_color = self.tile_color
        grid.edge_color = self.edge_color
        if self.flow == "ask":
            self.title = tr("What do you need help with?")
            grid.selected_keys = [self.draft.category] if self.draft.category else []
        else:
            self.title = tr("What can you do?")
            grid.selected_keys = list(self.draft.categories)
        grid.choices = [Choice(c.code, tr(c.label), c.pictogram) for c in CATEGORIES]
        if self.flow == "ask" and not self.draft.member_id:
            # For whoever would rather not say at a public screen what they need.
            grid.choices.append(
                Choice(CALLBACK, tr(CALLBACK_CATEGORY.label), CALLBACK_CATEGORY.pictogram)
            )
        grid.page = 0
        self.update_bar()

    def choose(self, code: str) -> None:
        if self.flow == "ask":
            self.draft.category = code
            self.go_next("phone" if code == CALLBACK else "when")
            return
        chosen = self.draft.categories
        if code in chosen:
            chosen.remove(code)
        else:
            chosen.append(code)
        self.ids.grid.selected_keys = list(chosen)
        self.update_bar()

    def can_choose_many(self) -> bool:
        return self.flow == "offer"

    def can_finish(self) -> bool:
        return self.flow == "offer" and bool(self.draft.categories)

    def finish(self) -> None:
        self.go_next("when")
