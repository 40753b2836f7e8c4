"""What ask and offer screens share: the flow they belong to and its step counter."""

from __future__ import annotations

from typing import Any

from kivy.properties import OptionProperty

from kiosk.domain import CALLBACK
from screens import STEPS, theme
from screens.widgets import KioskScreen


class FlowScreen(KioskScreen):
    flow = OptionProperty("ask", options=["ask", "offer"])
    part = ""  # key in STEPS

    @property
    def draft(self) -> Any:
        return self.kiosk.visit.ask_draft if self.flow == "ask" else self.kiosk.visit.offer_draft

    @property
    def tile_color(self) -> Any:
        return theme.ASK if self.flow == "ask" else theme.OFFER

    @property
    def edge_color(self) -> Any:
        return theme.ASK_EDGE if self.flow == "ask" else theme.OFFER_EDGE

    def step_text(self) -> str:
        steps = STEPS[self.flow]
        if self.flow == "ask" and self.draft.category == CALLBACK and self.part != "what":
            steps = STEPS["callback"]
        elif self.flow == "ask" and self.draft.member_id:
            steps = STEPS["member"]
        return self.kiosk.tr("Step {n} of {total}").format(
            n=steps[self.part], total=max(steps.values())
        )

    def after_when(self) -> str:
        """An identified member skips name, phone and circle: the card or PIN said them."""
        if self.flow == "offer":
            return "name"
        return "check" if self.draft.member_id else "forwhom"

    def go_next(self, part: str) -> None:
        self.kiosk.nav.go(f"{self.flow}_{part}")

    def refresh(self) -> None:
        self.step = self.step_text()

    # --- paged choices: 'Meer keuzes' in the bar's right-hand slot --------------------------

    def on_kv_post(self, base_widget: Any) -> None:
        super().on_kv_post(base_widget)
        grid = self.ids.get("grid")
        if grid is not None:
            grid.bind(has_more=self.update_bar, page=self.update_bar)

    def can_finish(self) -> bool:
        """Whether 'Verder' may show on the last page (multi-choice steps)."""
        return False

    def update_bar(self, *_args: Any) -> None:
        grid = self.ids.get("grid")
        if grid is None:
            return
        tr = self.kiosk.tr
        if grid.has_more:
            self.show_next, self.next_neutral = True, True
            self.next_text, self.next_icon = tr("More"), "chevron-right"
        else:
            self.show_next = self.can_finish()
            self.next_neutral, self.next_text, self.next_icon = False, "", "chevron-right"

    def proceed(self) -> None:
        grid = self.ids.get("grid")
        if grid is not None and grid.has_more:
            grid.next_page()
        elif self.can_finish():
            self.finish()

    def finish(self) -> None:
        """'Verder' on a multi-choice step."""

    def back(self) -> None:
        grid = self.ids.get("grid")
        if grid is None or not grid.previous_page():
            super().back()
