"""'Open vragen': the public board. What, when, circle, an initial and days open; never a
phone number, a full name or an address.

The rows live in a RecycleView, so 5,000 open requests cost the widgets of the few rows on
screen. Nobody has to swipe: big 'up' and 'down' buttons page through the list (the scroll bar
can be dragged too). The rows themselves do not scroll under a finger: a tap on a row is that
row's from the moment the finger comes down, even if the list is refreshed before the lift. The list is read in a worker and refreshed, debounced, whenever a
sync round pulled changes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from kivy.clock import Clock
from kivy.properties import BooleanProperty, ListProperty, NumericProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.recycleview import RecycleView

from kiosk.domain import CATEGORY_BY_CODE, PublicAsk
from screens import theme
from screens.tiles import wrapped_lines
from screens.widgets import KioskScreen, Target, app, load_kv

load_kv(__file__)


def row_text(ask: PublicAsk, circles: dict[str, str], tr: Any) -> str:
    """Two lines: what and when; the request's number, circle, initial and days open (the
    number is what the asker has on her receipt and what a helper names on the phone)."""
    what = tr(CATEGORY_BY_CODE[ask.category].label)
    circle = circles.get(ask.circle or "", tr("circle unknown"))
    days = tr("since today") if ask.days_open == 0 else tr("{n} days open").format(n=ask.days_open)
    return f"{what}, {ask.when.describe()}\n{ask.number} · {circle} · {ask.initial} · {days}"


MOST_LINES = 7  # a word too long for any row must not make rows endless
FIRST_ROWS = 24  # more than the 10.1" panel shows at once
ALL_ROWS = 100_000


class BoardRow(Target):
    """One open request on the board; tapping it opens the request."""

    ask_id = StringProperty("")


class BoardList(RecycleView):
    pass


class PagedList(BoxLayout):
    """Rows in a RecycleView with big 'Omhoog' and 'Omlaag' buttons beside it.

    The view is as tall as a whole number of rows and the buttons move by exactly that, so a
    row is never cut in half and nobody has to swipe.
    """

    data = ListProperty([])
    lines = NumericProperty(2)  # text lines per row
    row_h = NumericProperty(100)
    can_go_up = BooleanProperty(False)
    can_go_down = BooleanProperty(False)
    scrolls = BooleanProperty(False)  # more rows than the view shows: the arrows' column is there
    empty_text = StringProperty("")

    def on_kv_post(self, base_widget: Any) -> None:
        super().on_kv_post(base_widget)
        rows = self.ids.rows
        rows.bind(scroll_y=self._arrows, height=self._arrows)
        rows.layout_manager.bind(height=self._arrows)
        self.bind(row_h=self._row_height)
        self._row_height()
        self._fitted: tuple[list[str], int] = ([], 2)
        rows.bind(width=self._refit)  # the arrows' column came or went: the lines again

    def _row_height(self, *_args: Any) -> None:
        self.ids.rows.layout_manager.default_size = (None, self.row_h)

    def on_data(self, *_args: Any) -> None:
        self.ids.rows.data = self.data
        self.ids.rows.scroll_y = 1
        Clock.schedule_once(self._arrows, 0)

    def _arrows(self, *_args: Any) -> None:
        rows = self.ids.rows
        hidden = rows.layout_manager.height - rows.height  # pixels out of view
        self.scrolls = hidden > 1
        self.can_go_up = hidden > 1 and (1 - rows.scroll_y) * hidden > 1
        self.can_go_down = hidden > 1 and rows.scroll_y * hidden > 1

    def scroll(self, direction: int) -> None:
        """A page up (+1) or down (-1): as many whole rows as the view shows."""
        rows = self.ids.rows
        hidden = rows.layout_manager.height - rows.height
        if hidden <= 0:
            return
        pitch = self.row_h + app().gap_px
        page = max(pitch, round((rows.height + app().gap_px) / pitch) * pitch)
        offset = round((1 - rows.scroll_y) * hidden / pitch) * pitch  # snap to a whole row
        offset = min(hidden, max(0.0, offset - direction * page))
        rows.scroll_y = 1 - offset / hidden
        self._arrows()

    def visible_rows(self) -> list[Any]:
        return [w for w in self.ids.rows.layout_manager.children if isinstance(w, Target)]

    def show(
        self,
        asks: Sequence[Any],
        texts: list[str],
        opened: Callable[[Any], None],
        colour: Callable[[Any], Any],
        empty_text: str,
        least_lines: int = 2,
    ) -> None:
        """One row per ask (its ``text``, its category's pictogram); a tap on it calls
        ``opened(ask)``; ``empty_text`` when there are none."""
        self.fit_lines(texts, least_lines)
        self.empty_text = "" if asks else empty_text
        self.data = [
            {
                "text": text,
                "icon": CATEGORY_BY_CODE[ask.category].pictogram,
                "ask_id": ask.id,
                "name": f"ask-{ask.number}",
                "action": lambda ask=ask: opened(ask),
                # row widgets are recycled between lists: every look is set, none inherited
                "bg_color": colour(ask),
            }
            for ask, text in zip(asks, texts, strict=True)
        ]

    def fit_lines(self, texts: list[str], least: int = 2) -> None:
        """Make rows as tall as the longest text needs at this width (a long circle name
        wraps on the 7" panel): measured once per distinct line, not per row."""
        self._fitted = (texts, least)
        self.lines = min(MOST_LINES, max(least, self.lines_needed(texts, self.scrolls)))

    def _refit(self, *_args: Any) -> None:
        texts, least = self._fitted
        if texts:
            self.fit_lines(texts, least)

    def most_lines(self) -> int:
        """Lines of text a row may have without reaching past the list into the bar."""
        kiosk, area = app(), self.ids.area
        if area.height < kiosk.target_px:  # not laid out yet
            return MOST_LINES
        fit = int((area.height - kiosk.px_mm * 2.2) // (kiosk.font_px * 1.34))
        return max(1, min(MOST_LINES, fit))

    def lines_needed(self, texts: list[str], beside_arrows: bool = True) -> int:
        """The lines the longest of ``texts`` takes in a row, beside the arrows or without
        them (the whole width: when every row fits, the arrows' column is left out)."""
        kiosk = app()
        arrows = max(self.ids.up.width, self.ids.down.width) + kiosk.gap_px
        room = (
            self.width
            - (arrows if beside_arrows else 0)
            - kiosk.px_mm * 3  # the list's right padding, for the scroll bar
            - kiosk.px_mm * 6  # the row's padding and spacing
            - kiosk.font_px * 1.4  # the pictogram
        )
        widest: dict[int, int] = {}
        seen: dict[str, int] = {}
        for text in texts:
            for index, line in enumerate(text.split("\n")):
                if line not in seen:
                    seen[line] = wrapped_lines(line, kiosk.font_px, room)
                widest[index] = max(widest.get(index, 1), seen[line])
        return sum(widest.values())


class BoardScreen(KioskScreen):
    def on_kv_post(self, base_widget: Any) -> None:
        super().on_kv_post(base_widget)
        self._reload = Clock.create_trigger(lambda _dt: self.load(), 0.3)
        self.kiosk.bind(data_version=self._changed)

    def _changed(self, *_args: Any) -> None:
        if self.manager is not None and self.manager.current == self.name:
            self._reload()

    def refresh(self) -> None:
        tr = self.kiosk.tr
        self.title = tr("Open requests")
        self.show_next = True
        self.next_neutral = True
        self.next_icon = "filter-variant"
        self.next_text = tr("Choose")
        self.load()

    def filters_text(self) -> str:
        tr = self.kiosk.tr
        circle = self.kiosk.visit.board_circle
        category = self.kiosk.visit.board_category
        parts = []
        if circle:
            found = self.kiosk.store.circle(circle)
            parts.append(found.name if found else circle)
        if category:
            parts.append(tr(CATEGORY_BY_CODE[category].label))
        return " · ".join(parts) if parts else tr("All requests")

    def load(self) -> None:
        """Read the open asks in a worker; the rows come back on the UI thread.

        First the screenful at the top (a small query), then the whole list: the board is
        drawn as fast with 5,000 open requests as with 50.
        """
        store = self.kiosk.store
        circle, category = self.kiosk.visit.board_circle, self.kiosk.visit.board_category

        def read(limit: int) -> tuple[list[PublicAsk], dict[str, str], bool]:
            asks = store.open_asks(circle=circle, category=category, limit=limit)
            return asks, {c.code: c.name for c in store.circles()}, len(asks) < limit

        def first(result: tuple[list[PublicAsk], dict[str, str], bool]) -> None:
            self._show(result)
            if not result[2]:  # more than a screenful: the rest once these rows are drawn
                Clock.schedule_once(
                    lambda _dt: self.kiosk.background.run(
                        lambda: read(ALL_ROWS), self._show, self._failed
                    ),
                    0.05,
                )

        self.kiosk.background.run(lambda: read(FIRST_ROWS), first, self._failed)

    def _show(self, result: tuple[list[PublicAsk], dict[str, str], bool]) -> None:
        asks, circles, complete = result
        tr = self.kiosk.tr
        self.step = f"{self.filters_text()} · {len(asks)}" if complete else self.filters_text()
        self.ids.list.show(
            asks,
            [row_text(ask, circles, tr) for ask in asks],
            self.open_ask,
            lambda _ask: theme.ASK,
            tr("There are no open requests right now."),
        )

    def _failed(self, _error: BaseException) -> None:
        self.show_error(
            self.kiosk.tr("The list cannot be shown right now. Please try again, or ask someone.")
        )

    def open_ask(self, ask: PublicAsk) -> None:
        self.kiosk.visit.chosen_ask = ask
        self.kiosk.nav.go("board_ask")

    def proceed(self) -> None:
        self.kiosk.nav.go("board_filter")

    def visible_rows(self) -> list[BoardRow]:
        """The row widgets on screen now (for tests and the demo)."""
        return self.ids.list.visible_rows()
