"""Step 3a: is the help for me or for a neighbour?"""

from __future__ import annotations

from screens.flow import FlowScreen
from screens.tiles import Choice
from screens.widgets import load_kv

load_kv(__file__)


class ForWhomScreen(FlowScreen):
    part = "forwhom"

    def refresh(self) -> None:
        super().refresh()
        tr = self.kiosk.tr
        self.title = tr("Who is the help for?")
        grid = self.ids.grid
        grid.tile_color = self.tile_color
        grid.edge_color = self.edge_color
        grid.choices = [
            Choice("me", tr("For me"), "account"),
            Choice("neighbour", tr("For a neighbour"), "account-heart"),
        ]
        grid.selected_keys = []
        self.update_bar()

    def choose(self, key: str) -> None:
        self.draft.for_neighbour = key == "neighbour"
        self.go_next("name")
