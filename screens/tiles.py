"""Choices as big tiles: as many as fit at full size on a page, a 'Meer keuzes' tile for the rest."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from kivy.properties import (
    BooleanProperty,
    ColorProperty,
    ListProperty,
    NumericProperty,
    ObjectProperty,
)
from kivy.uix.gridlayout import GridLayout
from kivy.uix.widget import Widget

from screens import theme
from screens.measure import line_height, text_width
from screens.widgets import Tile, app

MORE = "more"  # the name of the tile that turns the page


@dataclass(frozen=True)
class Choice:
    key: str
    label: str  # already translated
    icon: str


@dataclass(frozen=True)
class Fit:
    """How a grid of choices is laid out: columns, rows, pictogram above or beside the words."""

    cols: int
    rows: int
    vertical: bool
    pages: int
    nav_where: bool = True  # the 'Meer keuzes' tile has room for "1 van 2" too
    in_bar: bool = False  # one row only: 'Meer keuzes' goes in the bar, not in a tile

    @property
    def per_page(self) -> int:
        """Choices on a page; when there are more pages, one place holds 'Meer keuzes'."""
        slots = self.cols * self.rows
        return slots if self.pages == 1 or self.in_bar else max(1, slots - 1)


def fit_choices(labels: list[str], width: float, height: float, kiosk: Any) -> Fit:
    """The layout with the fewest pages whose every word fits its tile, never cut.

    All sizes are the app's: ``kiosk.mm()`` for millimetres, ``target_px`` (20 mm), ``gap_px``
    (6 mm), ``font_px`` (4.8 mm cap height). Ties go to the pictogram above the word, then to
    the larger tiles. The page-turning tile says "Meer keuzes" and "1 van 2" on two lines;
    a layout with room for both wins over one with the pictogram above the words.
    """
    gap, target, font = kiosk.gap_px, kiosk.target_px, kiosk.font_px
    pad, pad_y = kiosk.mm(1.5), kiosk.mm(TILE_PAD_Y_MM)
    # A single row (a row of actions under a text) turns its pages with 'Meer keuzes' in the
    # bar: a tile for it would leave room for one choice only.
    in_bar = height < 2 * target + gap
    line = line_height(font)
    nav = nav_labels(kiosk, 2)
    best: tuple[tuple[float, ...], Fit] | None = None
    for rows in range(1, 9):
        tile_h = (height - (rows - 1) * gap) / rows
        if tile_h < target:
            break
        for cols in range(1, 9):
            tile_w = (width - (cols - 1) * gap) / cols
            if tile_w < target:
                break
            for vertical in (True, False):
                if vertical:
                    lines = int((tile_h - 2 * pad - font * TILE_ICON_ABOVE - kiosk.mm(1)) // line)
                    room = tile_w - 2 * pad
                else:
                    lines = int((tile_h - 2 * pad_y) // line)
                    room = tile_w - 2 * pad - font * TILE_ICON_BESIDE - kiosk.mm(1.5)
                if lines < 1 or any(wrapped_lines(w, font, room) > lines for w in labels):
                    continue
                slots = cols * rows
                per_page = slots if in_bar else max(1, slots - 1)
                pages = 1 if len(labels) <= slots else math.ceil(len(labels) / per_page)
                # the 'Meer keuzes' tile says where she is ("1 van 2") on a second line if it can
                nav_where = lines >= 2
                nav_words = nav if nav_where else [w.split("\n")[0] for w in nav]
                if (
                    pages > 1
                    and not in_bar
                    and (slots == 1 or any(wrapped_lines(w, font, room) > lines for w in nav_words))
                ):
                    continue  # no room for the 'Meer keuzes' tile
                fit = Fit(cols, rows, vertical, pages, nav_where, in_bar)
                empty = pages * slots - len(labels)
                # where she is ("1 van 3") beats the pictogram above the word
                score = (-pages, pages == 1 or nav_where, vertical, min(tile_w, tile_h), -empty)
                if best is None or score > best[0]:
                    best = (score, fit)
    if best is not None:
        return best[1]
    # Nothing fits every word (a panel far too small): as many full-size tiles as there is room.
    cols = max(1, int((width + gap) // (target + gap)))
    rows = max(1, int((height + gap) // (target + gap)))
    slots = cols * rows
    per_page = slots if in_bar else max(1, slots - 1)
    pages = 1 if len(labels) <= slots else math.ceil(len(labels) / per_page)
    return Fit(cols, rows, False, pages, True, in_bar)


TILE_ICON_ABOVE = 1.1  # pictogram above the word, in font sizes
TILE_ICON_BESIDE = 1.3  # pictogram beside the word
TILE_PAD_Y_MM = 0.8  # Target.pad_y_mm: two lines of words fit a 20 mm tile


def nav_labels(kiosk: Any, pages: int) -> list[str]:
    """What the page-turning tile may say: 'Meer keuzes' or 'Eerste keuzes', and '1 van 2'."""
    tr = kiosk.tr
    where = tr("{n} of {total}").format(n=pages, total=pages)
    more, first = tr("More choices"), tr("First choices")
    return [f"{more}\n{where}", f"{first}\n{where}"]


class PagedTiles(GridLayout):
    """A grid of tiles that shows as many as fit at full size; a 'Meer keuzes' tile shows the rest.

    No scrolling or swiping: the last place of a page is a tile "Meer keuzes, 1 van 2" (on the
    last page "Eerste keuzes, 2 van 2"); Terug goes back a page before it leaves the step.
    Columns, rows and where the pictogram goes follow from the panel's millimetres and the
    words (:func:`fit_choices`). A chosen tile is filled in the flow's dark colour, white words,
    a large tick in place of the pictogram.
    """

    choices: list[Choice] = ListProperty([])
    selected_keys = ListProperty([])
    tile_color = ColorProperty(theme.ASK)
    edge_color = ColorProperty(theme.ASK_EDGE)
    page = NumericProperty(0)
    page_count = NumericProperty(1)
    has_more = BooleanProperty(False)
    turns_in_bar = BooleanProperty(False)  # 'Meer keuzes' in the bar (a single row)
    chooser: Callable[[str], None] | None = ObjectProperty(None, allownone=True)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._pages: list[list[Choice]] = []
        self._tiles: list[Tile] = []
        self._fillers: list[Widget] = []
        self._nav = Tile(name=MORE, show_check=False)
        self._nav.action = self._turn
        self.bind(
            size=self._relayout,
            choices=self._relayout,
            page=self._relayout,
            selected_keys=self._mark,
        )
        kiosk = app()
        if kiosk is not None:
            kiosk.bind(px_mm=self._relayout, font_px=self._relayout, tr=self._relayout)

    def _relayout(self, *_args: Any) -> None:
        if not self.choices:
            # A list that became empty shows nothing: no tile left over from before.
            self.clear_widgets()
            self._pages, self.page_count, self.has_more = [], 1, False
            return
        if self.width < 10 or self.height < 10:
            return
        kiosk = app()
        fit = fit_choices([c.label for c in self.choices], self.width, self.height, kiosk)
        per_page = fit.per_page
        self._pages = [
            list(self.choices[i : i + per_page]) for i in range(0, len(self.choices), per_page)
        ]
        self.page_count = len(self._pages)
        self.turns_in_bar = fit.in_bar
        page = min(int(self.page), self.page_count - 1)
        self.has_more = page < self.page_count - 1
        self.clear_widgets()
        self.rows = None
        self.cols = fit.cols
        self.spacing = kiosk.gap_px
        shown = self._pages[page]
        while len(self._tiles) < len(shown):
            self._tiles.append(Tile(show_check=False))
        # Tiles are reused from one page or visit to the next: building a tile (its kv rule,
        # three labels) costs milliseconds, refilling one costs little.
        for tile, choice in zip(self._tiles, shown, strict=False):
            tile.text, tile.name, tile.vertical = choice.label, choice.key, fit.vertical
            tile.action = lambda key=choice.key: self._choose(key)
            self._paint(tile, choice)
            self.add_widget(tile)
        slots = fit.cols * fit.rows
        nav = self.page_count > 1 and slots > 1 and not fit.in_bar
        fillers = max(0, slots - len(shown) - (1 if nav else 0))
        while len(self._fillers) < fillers:
            self._fillers.append(Widget())
        for filler in self._fillers[:fillers]:
            self.add_widget(filler)
        if nav:
            self._show_nav(page, fit)
            self.add_widget(self._nav)

    def _show_nav(self, page: int, fit: Fit) -> None:
        tr = app().tr
        last = page == self.page_count - 1
        where = tr("{n} of {total}").format(n=page + 1, total=self.page_count)
        nav = self._nav
        words = tr("First choices") if last else tr("More choices")
        nav.text = f"{words}\n{where}" if fit.nav_where else words
        nav.icon = "chevron-left" if last else "chevron-right"
        nav.vertical = fit.vertical
        nav.bg_color, nav.edge_color, nav.text_color = theme.NEUTRAL, theme.NEUTRAL_EDGE, theme.TEXT

    def _paint(self, tile: Tile, choice: Choice) -> None:
        """Chosen: filled in the dark colour with white words and a large tick; else light."""
        chosen = choice.key in self.selected_keys
        tile.selected = chosen
        tile.icon = "check-circle" if chosen else choice.icon
        tile.bg_color = self.edge_color if chosen else self.tile_color
        tile.edge_color = self.edge_color
        tile.text_color = theme.CONFIRM_TEXT if chosen else theme.TEXT

    def _mark(self, *_args: Any) -> None:
        by_key = {c.key: c for c in self.choices}
        for child in self.children:
            if isinstance(child, Tile) and child is not self._nav and child.name in by_key:
                self._paint(child, by_key[child.name])

    def _choose(self, key: str) -> None:
        if self.chooser is not None:
            self.chooser(key)

    def _turn(self) -> None:
        """'Meer keuzes' shows the next page; on the last page 'Eerste keuzes' the first."""
        self.page = 0 if self.page >= self.page_count - 1 else self.page + 1

    def next_page(self) -> None:
        if self.page < self.page_count - 1:
            self.page += 1

    def previous_page(self) -> bool:
        """Go back a page; False when already on the first (the screen then goes back)."""
        if self.page > 0:
            self.page -= 1
            return True
        return False

    def page_of(self, key: str) -> int | None:
        for number, page in enumerate(self._pages):
            if any(choice.key == key for choice in page):
                return number
        return None


def wrapped_lines(text: str, font_size: float, width: float) -> int:
    """How many lines ``text`` takes at ``width``; a word wider than the room counts as many.

    A newline in ``text`` starts a new line (the page-turning tile: "Meer keuzes\\n1 van 2")."""
    if width <= 0:
        return 99
    total = 0
    space = text_width(" ", font_size, bold=True)
    for part in text.split("\n"):
        lines, current = 1, 0.0
        for word in part.split():
            word_w = text_width(word, font_size, bold=True)
            if word_w > width:
                return 99
            if current and current + space + word_w > width:
                lines += 1
                current = word_w
            else:
                current = current + space + word_w if current else word_w
        total += lines
    return total
