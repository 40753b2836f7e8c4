"""Small steps the UI tests share (each one a real tap through Kivy's input pipeline)."""

from __future__ import annotations

from screens.demo import on, press, type_digits, type_name
from screens.driver import drive, screenshot, settle, tap  # noqa: F401


class TapCounter:
    """Counts taps that are not typing a letter or a digit (the 'at most 8 taps' goal)."""

    def __init__(self) -> None:
        self.taps = 0

    def press(self, app, name):
        self.taps += 1
        yield from press(app, name)


def to_ask_what(app):
    """Home → ask: the first step of asking."""
    yield from on(app, "home")
    yield from press(app, "ask")
    yield from on(app, "ask_what")


def ask_up_to_the_name(app, category="dog", when="today"):
    """Home → ask → a category → a time → for me: the name screen, empty."""
    yield from to_ask_what(app)
    yield from press(app, category)
    yield from on(app, "ask_when")
    yield from press(app, when)
    yield from press(app, "me")
    yield from on(app, "ask_name")


def ask_up_to_the_phone(app, name="Ria", digits="", **choices):
    """As :func:`ask_up_to_the_name`, then the name typed: the phone screen with ``digits``."""
    yield from ask_up_to_the_name(app, **choices)
    yield from type_name(app, name)
    yield from press(app, "next")
    yield from on(app, "ask_phone")
    yield from type_digits(app, digits)


def to_the_board(app, rows=None):
    """Home → 'Open vragen', until its rows are read (exactly ``rows`` of them if given)."""
    yield from press(app, "board")
    yield from on(app, "board")
    board = app.root.current_screen
    shown = board.ids.list
    yield lambda: shown.data and (rows is None or len(shown.data) == rows)
    yield 2
