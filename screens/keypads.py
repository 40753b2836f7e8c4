"""Keypads with 20 mm keys: digits in two rows of six, and letters for a first name in groups."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from kivy.properties import BooleanProperty, NumericProperty, ObjectProperty
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.gridlayout import GridLayout
from kivy.uix.widget import Widget

from kiosk.i18n import _
from screens.widgets import Key, app


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
