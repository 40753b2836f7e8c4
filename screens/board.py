"""Open requests: what, when, circle, an initial and days open. Never a phone number.

The board issue turns this into the volunteers' board; for now it shows the open asks, a page
at a time with 'Meer' in the bar (no scrolling, no swiping).
"""

from __future__ import annotations

from typing import Any

from kivy.uix.widget import Widget

from kiosk.domain import CATEGORY_BY_CODE, PublicAsk
from kiosk.pictograms import glyph
from screens.widgets import KioskScreen, Text, load_kv

load_kv(__file__)


def row_text(ask: PublicAsk, circles: dict[str, str], tr: Any) -> tuple[str, str]:
    """Two lines: what and when; circle, initial and days open."""
    what = tr(CATEGORY_BY_CODE[ask.category].label)
    circle = circles.get(ask.circle or "", tr("circle unknown"))
    days = tr("since today") if ask.days_open == 0 else tr("{n} days open").format(n=ask.days_open)
    return f"{what}, {ask.when.describe()}", f"{circle} · {ask.initial} · {days}"


class BoardScreen(KioskScreen):
    page = 0

    def on_pre_enter(self, *_args: Any) -> None:
        self.page = 0
        super().on_pre_enter()

    def refresh(self) -> None:
        tr = self.kiosk.tr
        self.title = tr("Open requests")
        self.step = ""
        self.next_text = tr("More")
        self.next_neutral = True
        self.next_icon = "chevron-right"
        asks = self.kiosk.store.open_asks()
        circles = {c.code: c.name for c in self.kiosk.store.circles()}
        rows = self.ids.rows
        rows.clear_widgets()
        row_h = self.kiosk.line_px * 2 + self.kiosk.px_mm * 2
        per_page = max(1, int(rows.height // row_h)) if rows.height > 10 else 2
        pages = max(1, -(-len(asks) // per_page))
        self.page = min(self.page, pages - 1)
        shown = asks[self.page * per_page : (self.page + 1) * per_page]
        if not asks:
            rows.add_widget(Text(text=tr("There are no open requests right now.")))
        for ask in shown:
            icon = glyph(CATEGORY_BY_CODE[ask.category].pictogram)
            first, second = row_text(ask, circles, tr)
            rows.add_widget(
                Text(
                    text=f"[font=Icons]{icon}[/font] [b]{first}[/b]\n{second}",
                    markup=True,
                    size_hint_y=None,
                    height=row_h,
                    valign="top",
                )
            )
        rows.add_widget(Widget())
        self.show_next = self.page < pages - 1

    def proceed(self) -> None:
        self.page += 1
        self.refresh()

    def back(self) -> None:
        if self.page > 0:
            self.page -= 1
            self.refresh()
        else:
            super().back()
