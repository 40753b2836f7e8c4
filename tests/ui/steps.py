"""Small steps the UI tests share (each one a real tap through Kivy's input pipeline)."""

from __future__ import annotations

from screens.demo import on, press, type_digits, type_name  # noqa: F401  (re-exported)
from screens.driver import drive, screenshot, settle, tap  # noqa: F401


class TapCounter:
    """Counts taps that are not typing a letter or a digit (the 'at most 8 taps' goal)."""

    def __init__(self) -> None:
        self.taps = 0

    def press(self, app, name):
        self.taps += 1
        yield from press(app, name)
