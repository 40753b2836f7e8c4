"""Choices as big tiles: as many as fit at full size on a page, 'Meer keuzes' for the rest."""

from __future__ import annotations

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
from screens.measure import text_width
from screens.widgets import Tile, app


@dataclass(frozen=True)
class Choice:
    key: str
    label: str  # already translated
    icon: str


class PagedTiles(GridLayout):
    """A grid of tiles that shows as many as fit at full size; 'Meer keuzes' shows the rest.

    No scrolling or swiping: the screen puts 'Meer keuzes' in the bar's right-hand slot, and
    Terug goes back a page before it leaves the step. Columns and rows follow from the panel's
    millimetres and the words (at most two lines per tile), so the 7" and the 10.1" panel both
    get tiles of at least 20 mm.
    """

    choices: list[Choice] = ListProperty([])
    selected_keys = ListProperty([])
    tile_color = ColorProperty(theme.ASK)
    edge_color = ColorProperty(theme.ASK_EDGE)
    page = NumericProperty(0)
    page_count = NumericProperty(1)
    has_more = BooleanProperty(False)
    chooser: Callable[[str], None] | None = ObjectProperty(None, allownone=True)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._pages: list[list[Choice]] = []
        self._tiles: list[Tile] = []
        self._fillers: list[Widget] = []
        self.bind(
            size=self._relayout,
            choices=self._relayout,
            page=self._relayout,
            selected_keys=self._mark,
        )
        kiosk = app()
        if kiosk is not None:
            kiosk.bind(px_mm=self._relayout, font_px=self._relayout)

    def _fit(self) -> tuple[int, int]:
        kiosk = app()
        gap, target = kiosk.gap_px, kiosk.target_px
        rows = max(1, int((self.height + gap) // (target + gap)))
        tile_h = (self.height - (rows - 1) * gap) / rows
        pad = kiosk.px_mm * 1.5
        lines = max(1, int((tile_h - 2 * pad) // kiosk.line_px))
        icon = kiosk.font_px * 1.3 + kiosk.px_mm * 1.5
        check = kiosk.font_px * 1.2
        for cols in range(8, 0, -1):
            tile_w = (self.width - (cols - 1) * gap) / cols
            if tile_w < target:
                continue
            room = tile_w - icon - check - 2 * pad
            if all(wrapped_lines(c.label, kiosk.font_px, room) <= lines for c in self.choices):
                return cols, rows
        return 1, rows

    def _relayout(self, *_args: Any) -> None:
        if not self.choices or self.width < 10 or self.height < 10:
            return
        cols, rows = self._fit()
        per_page = cols * rows
        self._pages = [
            list(self.choices[i : i + per_page]) for i in range(0, len(self.choices), per_page)
        ]
        self.page_count = len(self._pages)
        page = min(int(self.page), self.page_count - 1)
        self.has_more = page < self.page_count - 1
        self.clear_widgets()
        self.rows = None
        self.cols = cols
        self.spacing = app().gap_px
        shown = self._pages[page]
        while len(self._tiles) < len(shown):
            self._tiles.append(Tile())
        # Tiles are reused from one page or visit to the next: building a tile (its kv rule,
        # three labels) costs milliseconds, refilling one costs little.
        for tile, choice in zip(self._tiles, shown, strict=False):
            tile.text, tile.icon, tile.name = choice.label, choice.icon, choice.key
            tile.bg_color, tile.edge_color = self.tile_color, self.edge_color
            tile.selected = choice.key in self.selected_keys
            tile.action = lambda key=choice.key: self._choose(key)
            self.add_widget(tile)
        while len(self._fillers) < per_page - len(shown):
            self._fillers.append(Widget())
        for filler in self._fillers[: per_page - len(shown)]:
            self.add_widget(filler)

    def _mark(self, *_args: Any) -> None:
        for child in self.children:
            if isinstance(child, Tile):
                child.selected = child.name in self.selected_keys

    def _choose(self, key: str) -> None:
        if self.chooser is not None:
            self.chooser(key)

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
    """How many lines ``text`` takes at ``width``; a word wider than the room counts as many."""
    if width <= 0:
        return 99
    lines, current = 1, 0.0
    space = text_width(" ", font_size, bold=True)
    for word in text.split():
        word_w = text_width(word, font_size, bold=True)
        if word_w > width:
            return 99
        if current and current + space + word_w > width:
            lines += 1
            current = word_w
        else:
            current = current + space + word_w if current else word_w
    return lines
