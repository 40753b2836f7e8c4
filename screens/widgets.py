"""The few widgets every screen is made of: tiles, the bottom bar, keypads, paged tile grids.

Every touch target is a :class:`Target` (a ``ButtonBehavior``) that acts on *release* inside the
widget, never on press, so a shaky finger that slides off does nothing. Every widget that paints
a background says so in ``bg_color``; the accessibility test reads it to measure contrast.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kivy.app import App
from kivy.lang import Builder
from kivy.properties import (
    BooleanProperty,
    ColorProperty,
    ListProperty,
    NumericProperty,
    ObjectProperty,
    StringProperty,
)
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.gridlayout import GridLayout
from kivy.uix.label import Label
from kivy.uix.screenmanager import Screen
from kivy.uix.widget import Widget

from kiosk.i18n import _
from screens import theme
from screens.measure import text_width


def load_kv(module_file: str) -> None:
    """Load the .kv file beside a screen module (the KivyMD/showcase layout)."""
    Builder.load_file(str(Path(module_file).with_suffix(".kv")))


load_kv(__file__)


def app() -> Any:
    return App.get_running_app()


class Text(Label):
    """Body text in the legible font, sized from the panel's millimetres."""

    bg_color = ColorProperty(None, allownone=True)


class Target(ButtonBehavior, BoxLayout):
    """Anything a finger can tap. ``action`` runs on release inside the widget."""

    text = StringProperty("")
    icon = StringProperty("")
    bg_color = ColorProperty(theme.NEUTRAL)
    edge_color = ColorProperty(theme.NEUTRAL_EDGE)
    text_color = ColorProperty(theme.TEXT)
    selected = BooleanProperty(False)
    disabled_look = BooleanProperty(False)
    action = ObjectProperty(None, allownone=True)
    name = StringProperty("")  # stable handle for tests and the demo
    vertical = BooleanProperty(False)
    show_check = BooleanProperty(True)
    edge_px = NumericProperty(1.0)

    def on_release(self) -> None:
        kiosk = app()
        if kiosk is not None:
            kiosk.touched()
        if self.action is not None:
            self.action()


class Tile(Target):
    """A big choice: pictogram plus word."""


class BarButton(Target):
    """Terug, Lees voor, Stoppen, Verder: icon above the word, the same place on every screen."""


class Key(Target):
    """One key of a keypad."""


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


class Keypad(GridLayout):
    """Digits in two rows of six, so every key is 20 mm even on the 7" panel."""

    handler: Callable[[str], None] | None = ObjectProperty(None, allownone=True)
    keys: Sequence[str] = ("1", "2", "3", "4", "5", "back", "6", "7", "8", "9", "0", "")

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.cols = 6
        self.rows = 2
        for key in self.keys:
            if not key:
                self.add_widget(Widget())
            elif key == "back":
                self.add_widget(
                    Key(
                        icon="backspace",
                        text=_("Undo"),
                        name="key-back",
                        vertical=True,
                        action=lambda: self._press("back"),
                    )
                )
            else:
                self.add_widget(
                    Key(text=key, name=f"key-{key}", action=lambda k=key: self._press(k))
                )

    def _press(self, key: str) -> None:
        if self.handler is not None:
            self.handler(key)


LETTER_GROUPS: tuple[str, ...] = ("ABCDE", "FGHIJ", "KLMNO", "PQRST", "UVWXY", "Zëé-")


class LetterPad(BoxLayout):
    """Letters for a first name with 20 mm keys: pick a group, then the letter.

    A full keyboard has 26+ keys; at 20 mm with 6 mm gaps not even the 10.1" panel holds them, so
    the letters come in six groups (a row of big group keys) and the chosen group's letters.
    The first letter is a capital, the rest small, as a name is written.
    """

    handler: Callable[[str], None] | None = ObjectProperty(None, allownone=True)
    group = NumericProperty(0)
    capital = BooleanProperty(True)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.orientation = "vertical"
        self.groups = GridLayout(cols=len(LETTER_GROUPS), rows=1)
        self.letters = GridLayout(cols=6, rows=1)
        self.add_widget(self.groups)
        self.add_widget(self.letters)
        kiosk = app()
        if kiosk is not None:
            kiosk.bind(gap_px=self._spacing)
            self._spacing()
        for index, letters in enumerate(LETTER_GROUPS):
            label = f"{letters[0]}–{letters[-1]}" if index < len(LETTER_GROUPS) - 1 else "Z ë"
            self.groups.add_widget(
                Key(
                    text=label,
                    name=f"group-{index}",
                    action=lambda i=index: setattr(self, "group", i),
                )
            )
        self.bind(group=self._fill, capital=self._fill)
        self._fill()

    def _spacing(self, *_args: Any) -> None:
        self.groups.spacing = self.letters.spacing = app().gap_px

    def _fill(self, *_args: Any) -> None:
        self.letters.clear_widgets()
        for index, child in enumerate(reversed(self.groups.children)):
            child.selected = index == self.group
        for letter in LETTER_GROUPS[self.group]:
            shown = letter if self.capital or not letter.isalpha() else letter.lower()
            self.letters.add_widget(
                Key(
                    text=shown,
                    name=f"letter-{letter.upper()}",
                    action=lambda s=shown: self._press(s),
                )
            )
        while len(self.letters.children) < 5:
            self.letters.add_widget(Widget())
        self.letters.add_widget(
            Key(
                icon="backspace",
                text=_("Undo"),
                name="key-back",
                vertical=True,
                action=lambda: self._press("back"),
            )
        )

    def _press(self, key: str) -> None:
        if self.handler is not None:
            self.handler(key)


class KioskScreen(Screen):
    """Question at the top, content in the middle, the same bottom bar on every step.

    Subclasses put their content in ``body`` (kv children are routed there), set ``title`` and
    ``step`` and override :meth:`back`, :meth:`proceed` and :meth:`spoken_text`.
    """

    title = StringProperty("")
    step = StringProperty("")
    show_back = BooleanProperty(True)
    back_text = StringProperty("")  # Home uses the Terug place for "Vrijwilliger"
    back_icon = StringProperty("arrow-left")
    back_name = StringProperty("back")
    show_stop = BooleanProperty(True)
    show_next = BooleanProperty(False)
    next_text = StringProperty("")
    next_icon = StringProperty("chevron-right")
    next_neutral = BooleanProperty(False)
    stop_text = StringProperty("")  # Home uses the Stoppen place for "Groter"
    stop_icon = StringProperty("stop-circle")
    stop_neutral = BooleanProperty(False)
    error = StringProperty("")
    bg_color = ColorProperty(theme.BACKGROUND)

    def add_widget(self, widget: Widget, *args: Any, **kwargs: Any) -> None:
        # The base rule adds the chrome; a screen's own kv children go into its body.
        body = self.ids.get("body")
        if body is not None and widget is not body:
            body.add_widget(widget, *args, **kwargs)
        else:
            super().add_widget(widget, *args, **kwargs)

    @property
    def kiosk(self) -> Any:
        return app()

    def on_pre_enter(self, *_args: Any) -> None:
        self.refresh()

    def refresh(self) -> None:
        """Fill the screen from the app's current draft and language."""

    def forget(self) -> None:
        """Drop whatever this visit left on the screen (Stoppen, idle)."""
        self.error = ""

    def back(self) -> None:
        self.kiosk.go_back()

    def stop(self) -> None:
        self.kiosk.stop_visit()

    def proceed(self) -> None:
        """'Verder' on steps that have it."""

    def show_error(self, message: str) -> None:
        """Cover the content with what to do; what the person typed stays as it was."""
        self.error = message

    def action_failed(self, _error: BaseException | None = None) -> None:
        """A change made in a worker did not work: say what to do (nothing is lost)."""
        self.show_error(self.kiosk.tr("That did not work. Please try again, or ask someone."))

    def clear_error(self) -> None:
        self.error = ""

    def read_aloud(self) -> None:
        self.kiosk.read_aloud(self.spoken_text())

    def on_leave(self, *_args: Any) -> None:
        kiosk = self.kiosk  # None when a transition finishes after the app has stopped
        if kiosk is not None:
            kiosk.services.speaker.stop()

    def spoken_text(self) -> str:
        """The question, what the screen says, then its choices, in reading order."""
        if self.error:
            return self.error
        parts = [self.title]
        for widget in self.ids.body.walk(restrict=False):
            if widget.opacity <= 0 or not getattr(widget, "text", ""):
                continue
            if isinstance(widget, Text) or (isinstance(widget, Target) and widget.text):
                parts.append(" ".join(widget.text.split()))
        return ". ".join(part.rstrip(".") for part in parts if part) + "."

    def target(self, name: str) -> Target | None:
        """The target named ``name`` on this screen, for the demo and tests."""
        for widget in self.walk(restrict=True):
            if isinstance(widget, Target) and widget.name == name and widget.opacity > 0:
                return widget
        return None
