"""Which screen shows, the way back, and building each screen on first visit or in an idle frame."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable
from typing import Any

from kivy.clock import Clock
from kivy.uix.screenmanager import NoTransition, ScreenManager


class Navigator:
    """Go, back and home over the app's one ScreenManager.

    Home is built first, so the first frame comes nearly as soon as a bare app's; the other
    screens are built one per frame afterwards, or at once when someone taps their way there.
    ``leaving`` runs before every move (the app stops reading aloud and clears its notice).
    """

    def __init__(
        self,
        screens: Callable[[], Iterable[tuple[str, type, dict[str, Any]]]],
        leaving: Callable[[], None],
    ) -> None:
        self._screens = screens
        self._leaving = leaving
        self._unbuilt: dict[str, tuple[type, dict[str, Any]]] = {}
        self._timer: Any = None
        self.manager: Any = None
        self.history: list[str] = []
        self.held: str | None = None  # a screen every move leads to (the kiosk out of order)

    def build(self, first: str = "home") -> ScreenManager:
        """The ScreenManager with ``first`` on it; the rest follow in idle frames."""
        self.manager = ScreenManager(transition=NoTransition())
        self._unbuilt = {name: (cls, options) for name, cls, options in self._screens()}
        self.ensure(first)
        self._timer = Clock.schedule_once(self._build_next, 0.1)
        return self.manager

    def stop(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    @property
    def current(self) -> str:
        return str(self.manager.current)

    @property
    def screen(self) -> Any:
        """The screen on show."""
        return self.manager.current_screen

    @property
    def all_built(self) -> bool:
        return not self._unbuilt

    def ensure(self, name: str) -> None:
        """Build the screen ``name`` now if it was not built yet."""
        found = self._unbuilt.pop(name, None)
        if found is not None:
            cls, options = found
            self.manager.add_widget(cls(name=name, **options))

    def _build_next(self, _dt: float) -> None:
        if self._unbuilt:
            self.ensure(next(iter(self._unbuilt)))
            self._timer = Clock.schedule_once(self._build_next, 0)
        else:
            self._timer = None
            # Everything built lives as long as the app: keep it out of the garbage
            # collector's full passes, which otherwise stall a frame now and then.
            gc.freeze()

    def all_screens(self) -> list[Any]:
        """Every screen, built (for tests that visit them all)."""
        for name in list(self._unbuilt):
            self.ensure(name)
        return list(self.manager.screens)

    def hold(self, name: str) -> None:
        """Show ``name`` now and from now on, whatever is tapped, scanned or timed out."""
        self.held = name
        self.history.clear()
        self.go(name, remember=False)

    def go(self, name: str, remember: bool = True) -> None:
        if self.held is not None:
            name, remember = self.held, False
        self.ensure(name)
        if remember and self.manager.current != name:
            self.history.append(self.manager.current)
        self._leaving()
        self.manager.current = name

    def back(self) -> None:
        if self.held is not None:
            return
        self._leaving()
        self.manager.current = self.history.pop() if self.history else "home"

    def home(self) -> None:
        self.history.clear()
        self.go("home", remember=False)

    def drop_steps(self, prefix: str) -> None:
        """Terug should not lead back into steps that are done (the PIN keypad, say)."""
        while self.history and self.history[-1].startswith(prefix):
            self.history.pop()
