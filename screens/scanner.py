"""The USB scanner as the window sees it: a keyboard that types very fast and presses Enter.

:class:`ScannerInput` listens on the window beside everything else. It never takes a key away
from a screen: every character still reaches whoever else listens, and only the Enter that
ends a recognised scanner burst is consumed (see :mod:`kiosk.scan` for the burst rule).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from kivy.core.window import Window

from kiosk.scan import Scan, ScanBuffer, classify

ENTER_KEYS = frozenset({13, 271})  # Return, and Enter on the numeric keypad


class ScannerInput:
    """Feeds the window's keys to a :class:`ScanBuffer` and calls ``on_scan`` with what a
    burst turned out to be (an ``UnknownScan`` too: the screen may say it knows no such code).

    Window events arrive on the UI thread, so ``on_scan`` runs there. Kivy keeps only weak
    references to bound methods: whoever starts this object must keep it.
    """

    def __init__(
        self,
        on_scan: Callable[[Scan], Any],
        public_url: str,
        clock: Callable[[], float] = time.monotonic,
        window: Any = None,
    ) -> None:
        self.on_scan = on_scan
        self.public_url = public_url
        self.clock = clock
        self.window = window if window is not None else Window
        self.buffer = ScanBuffer()
        self.listening = False

    def start(self) -> None:
        if self.listening:
            return
        self.window.bind(on_textinput=self._on_textinput, on_key_down=self._on_key_down)
        self.listening = True

    def stop(self) -> None:
        if not self.listening:
            return
        self.window.unbind(on_textinput=self._on_textinput, on_key_down=self._on_key_down)
        self.buffer.reset()
        self.listening = False

    def _on_textinput(self, _window: Any, text: str) -> bool:
        self.buffer.feed(text, self.clock())
        return False

    def _on_key_down(
        self,
        _window: Any,
        key: int,
        _scancode: int | None = None,
        _codepoint: str | None = None,
        _modifiers: list[str] | None = None,
    ) -> bool:
        if key not in ENTER_KEYS:
            return False  # Shift and friends come between a scanner's characters too
        burst = self.buffer.enter(self.clock())
        if burst is None:
            return False
        self.on_scan(classify(burst, self.public_url))
        return True
