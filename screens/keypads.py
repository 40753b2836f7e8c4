"""Keypads with 20 mm keys: digits (in rows of six, or as on a phone) and a first name's letters."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kivy.properties import BooleanProperty, NumericProperty, ObjectProperty
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.gridlayout import GridLayout
from kivy.uix.widget import Widget

from kiosk.i18n import _
from screens.widgets import Key, app

ROWS_OF_SIX = ("1", "2", "3", "4", "5", "back", "6", "7", "8", "9", "0", "")
PHONE_ORDER = ("1", "2", "3", "4", "5", "6", "7", "8", "9", "", "0", "back")


def phone_order_fits(height: float, key: float, gap: float) -> bool:
    """Whether four rows of keys (1-2-3 / 4-5-6 / 7-8-9 / 0, as on a phone) fit ``height``."""
    return 4 * key + 3 * gap <= height


class Keypad(GridLayout):
    """Digits in two rows of six, so every key is 20 mm even on the 7" panel; or, where four
    rows fit, in the order of a phone (``phone_order``)."""

    handler: Callable[[str], None] | None = ObjectProperty(None, allownone=True)
    phone_order = BooleanProperty(False)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.bind(phone_order=self._build)
        self._build()

    def _build(self, *_args: Any) -> None:
        self.clear_widgets()
        self.cols, self.rows = (3, 4) if self.phone_order else (6, 2)
        for key in PHONE_ORDER if self.phone_order else ROWS_OF_SIX:
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


# What a first name is typed with: the letters, É and Ë ("Noël", "Zoë"), space and hyphen
# ("Anne-Marie") and, where there is room, the apostrophe. The keys show capitals; the name
# screen writes a capital only where a name has one (kiosk.domain.typed_name).
NAME_KEYS = "ABCDEFGHIJKLMNOPQRSTUVWXYZÉË- "
APOSTROPHE = "'"
KEY_NAMES = {" ": "space", "-": "hyphen", APOSTROPHE: "apostrophe"}


def letter_key_name(char: str) -> str:
    """The stable name of the key that types ``char`` (for tests and the demo)."""
    return "letter-" + KEY_NAMES.get(char, char.upper())


def letter_groups(keys: str, per_group: int) -> list[str]:
    """``keys`` in as few groups of at most ``per_group`` as can be, as even as can be (the
    larger groups last, so the alphabet keeps its groups of five)."""
    count = -(-len(keys) // per_group)
    size, larger = divmod(len(keys), count)
    groups, start = [], 0
    for index in range(count):
        end = start + size + (1 if index >= count - larger else 0)
        groups.append(keys[start:end])
        start = end
    return groups


def name_keys_for(columns: int) -> tuple[str, int]:
    """The keys a first name is typed with where ``columns`` keys of 20 mm fit across, and the
    columns they take: a row of group keys, then the chosen group's keys and "Wis" (so n
    columns hold n groups of n - 1). Six fit on the 7" panels: 30 keys, one short of the
    apostrophe, which is left out there (the kiosk asks for a first name only, and an
    apostrophe in a Dutch first name is rare); the 10.1" panel has room for it."""
    whole = NAME_KEYS + APOSTROPHE
    wanted = next(n for n in range(2, len(whole) + 2) if n * (n - 1) >= len(whole))
    if columns >= wanted:
        return whole, wanted
    return NAME_KEYS, max(columns, 6)  # below six the accessibility test says so


def columns_that_fit(width: float, key: float, gap: float) -> int:
    """How many keys ``key`` pixels wide, ``gap`` apart, fit in ``width`` pixels."""
    return int((width + gap) // (key + gap)) if key > 0 else 0


class LetterPad(BoxLayout):
    """Letters for a first name with 20 mm keys: pick a group, then the letter.

    A full keyboard has 30+ keys; at 20 mm with 6 mm gaps not even the 10.1" panel holds them,
    so the letters come in groups (a row of big group keys) and the chosen group's letters.
    How many fit across is measured on the pad's own width (see :func:`name_keys_for`).
    """

    handler: Callable[[str], None] | None = ObjectProperty(None, allownone=True)
    group = NumericProperty(0)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.orientation = "vertical"
        self.groups = GridLayout(rows=1)
        self.letters = GridLayout(rows=1)
        self.add_widget(self.groups)
        self.add_widget(self.letters)
        self.letter_groups: list[str] = []
        self.columns = 0
        kiosk = app()
        if kiosk is not None:
            kiosk.bind(gap_px=self._spacing, target_px=self._measure, font_px=self._measure)
            self._spacing()
        self.bind(group=self._fill, width=self._measure)
        self._measure()

    def _spacing(self, *_args: Any) -> None:
        self.groups.spacing = self.letters.spacing = app().gap_px

    def _measure(self, *_args: Any) -> None:
        """Lay the keys out for the room the pad has (again when that changes)."""
        kiosk = app()
        fit = columns_that_fit(self.width, kiosk.target_px, kiosk.gap_px) if kiosk else 6
        keys, columns = name_keys_for(fit)
        groups = letter_groups(keys, columns - 1)
        if (groups, columns) == (self.letter_groups, self.columns) and self.groups.children:
            self._fill()  # the words on the keys are measured against their width again
            return
        self.letter_groups, self.columns = groups, columns
        self.groups.clear_widgets()
        self.groups.cols = len(groups)
        self.letters.cols = columns
        for index in range(len(groups)):
            self.groups.add_widget(
                Key(name=f"group-{index}", action=lambda i=index: setattr(self, "group", i))
            )
        if self.group >= len(groups):
            self.group = 0
        self._fill()

    def group_of(self, char: str) -> int:
        """The index of the group that holds ``char``."""
        return next(i for i, keys in enumerate(self.letter_groups) if char.upper() in keys)

    def _fill(self, *_args: Any) -> None:
        for index, child in enumerate(reversed(self.groups.children)):
            child.selected = index == self.group
            self._label_group(
                child, self.letter_groups[index], self._room(len(self.groups.children))
            )
        key_room = self._room(self.columns)
        self.letters.clear_widgets()
        for char in self.letter_groups[self.group]:
            key = Key(name=letter_key_name(char), action=lambda c=char: self._press(c))
            if char == " ":
                key.icon, key.vertical, key.icon_scale = "keyboard-space", True, 2.2
                space = _("Space")
                key.text = space if _text_width(space) <= key_room else ""
            else:
                key.text = char
            self.letters.add_widget(key)
        while len(self.letters.children) < self.columns - 1:
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

    def _room(self, columns: int) -> float:
        """The width a key's words have in a row of ``columns`` keys (inside its padding)."""
        kiosk = app()
        if kiosk is None or columns < 1:
            return 0.0
        return (self.width - (columns - 1) * kiosk.gap_px) / columns - 1.5 * kiosk.px_mm

    def _label_group(self, key: Key, keys: str, room: float) -> None:
        """ "A–E" for letters in a row; the other signs spelled out, the space as its
        pictogram, without the spaces between them where that is all that fits."""
        if keys.isalpha() and len(keys) > 2 and keys.isascii():
            key.text = f"{keys[0]}–{keys[-1]}"
            return
        signs = [char for char in keys if char != " "]
        spaced = " ".join(signs)
        key.text = spaced if _text_width(spaced) <= room else "".join(signs)
        key.vertical = " " in keys
        key.icon = "keyboard-space" if " " in keys else ""

    def _press(self, key: str) -> None:
        if self.handler is not None:
            self.handler(key)


def _text_width(text: str) -> float:
    """How wide ``text`` is drawn on a key (bold body text at the app's size)."""
    from kivy.core.text import Label as CoreLabel

    label = CoreLabel(text=text, font_size=app().font_px, font_name="Body", bold=True)
    label.refresh()
    return float(label.content_width)
