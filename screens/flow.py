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

    # --- choices: pages turn with the grid's own 'Meer keuzes' tile ------------------------

    def on_kv_post(self, base_widget: Any) -> None:
        super().on_kv_post(base_widget)
        grid = self.ids.get("grid")
        if grid is not None:
            grid.bind(has_more=self.update_bar, turns_in_bar=self.update_bar)
        self.ids.bar.bind(width=self._bar_resized)

    def _bar_resized(self, *_args: Any) -> None:
        if self.can_choose_many():
            self.update_bar()  # "Kies één of meer" once the bar knows its width

    def can_choose_many(self) -> bool:
        """Whether this step takes several choices, then 'Verder' (offer: what I can do)."""
        return False

    def can_finish(self) -> bool:
        """Whether 'Verder' goes on (multi-choice steps: once something is chosen)."""
        return False

    def update_bar(self, *_args: Any) -> None:
        """'Verder' stays in its place on a multi-choice step; until something is chosen it
        says "Kies één of meer" and does not look green. Other choice steps go on at a tap."""
        tr = self.kiosk.tr
        self.next_neutral = False
        if not self.can_choose_many():
            grid = self.ids.get("grid")
            if grid is None or not grid.choices:
                return  # no choices shown (a job just done): the screen's own bar stays
            more = grid is not None and grid.has_more and grid.turns_in_bar
            self.show_next, self.next_waiting, self.next_neutral = more, False, more
            if more:
                self.next_text, self.next_icon = tr("More choices"), "chevron-right"
            return
        ready = self.can_finish()
        self.show_next, self.next_waiting = True, not ready
        waiting = tr("Choose one or more")
        self.next_text = tr("Next") if ready or not self._bar_has_room(waiting) else waiting
        self.next_icon = "chevron-right" if ready else "gesture-tap"

    def _bar_has_room(self, text: str) -> bool:
        """Whether Verder's place can say ``text`` beside the other bar buttons."""
        from screens.measure import bar_width, bar_words
        from screens.widgets import BarButton

        kiosk, bar = self.kiosk, self.ids.bar
        others = [w for w in bar.children if isinstance(w, BarButton)]
        used = sum(w.width for w in others) + kiosk.gap_px * len(others)
        words = bar_words(text, kiosk.font_px, kiosk.target_px)
        return used + bar_width(words, kiosk.font_px, kiosk.px_mm) <= bar.width

    def proceed(self) -> None:
        grid = self.ids.get("grid")
        if self.can_finish():
            self.finish()
        elif grid is not None and grid.has_more and grid.turns_in_bar:
            grid.next_page()

    def finish(self) -> None:
        """'Verder' on a multi-choice step."""

    def back(self) -> None:
        grid = self.ids.get("grid")
        if grid is None or not grid.previous_page():
            super().back()
