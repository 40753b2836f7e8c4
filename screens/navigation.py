"""Which screen shows, the way back, building each screen on first visit or in an idle frame,
and no touch lost while the screen changes."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable
from typing import Any

from kivy.base import EventLoop
from kivy.clock import Clock
from kivy.core.window import Window
from kivy.uix.screenmanager import NoTransition, ScreenManager

from screens import screen_class


class KioskScreenManager(ScreenManager):
    """A ScreenManager that loses no touch.

    Kivy's ScreenManager ignores every touch while a screen change is under way
    (``transition.is_active``), and even without animation that lasts until the next frame:
    a finger that came down in the frame in which a worker's answer changed the screen (the
    PIN checked, a request saved) did nothing at all. Here such a touch is held and handed to
    the screen on show once that screen is laid out and drawn, its lift with it if the finger
    was already up: the same as a touch that came one frame later.
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._held: dict[int, tuple[Any, list[bool]]] = {}  # uid: (touch, [lifted])
        self._watching = False

    def on_touch_down(self, touch: Any) -> bool:
        if self.transition.is_active:
            self._held[touch.uid] = (touch, [False])
            self._watch(True)
            return True
        return bool(super().on_touch_down(touch))

    def on_touch_move(self, touch: Any) -> bool:
        if touch.uid in self._held:
            return True
        return bool(super().on_touch_move(touch))

    def on_touch_up(self, touch: Any) -> bool:
        held = self._held.get(touch.uid)
        if held is not None:
            held[1][0] = True
            return True
        return bool(super().on_touch_up(touch))

    def _watch(self, on: bool) -> None:
        if on and not self._watching:
            Window.bind(on_flip=self._drawn)
        elif not on and self._watching:
            Window.unbind(on_flip=self._drawn)
        self._watching = on

    def _drawn(self, *_args: Any) -> None:
        """A frame is on the panel: once it shows the new screen, hand the touches over."""
        if not self.transition.is_active:
            self._watch(False)
            Clock.schedule_once(self._hand_over, 0)  # next frame, before its own input

    def _hand_over(self, _dt: float) -> None:
        if self.transition.is_active:  # another change began meanwhile: after that one
            self._watch(True)
            return
        held, self._held = self._held, {}
        for touch, lifted in held.values():
            super().on_touch_down(touch)
            if lifted[0]:  # the finger is up already: its lift, as Kivy's input loop sends it
                EventLoop.post_dispatch_input("end", touch)

    def drop_held(self) -> None:
        """The app stops: touches still held go nowhere (the window outlives the app)."""
        self._held.clear()
        self._watch(False)


class Navigator:
    """Go, back and home over the app's one ScreenManager.

    Home is built first, so the first frame comes nearly as soon as a bare app's; the other
    screens are built one per frame afterwards, or at once when someone taps their way there.
    ``leaving`` runs before every move (the app stops reading aloud and clears its notice).
    """

    def __init__(
        self, screens: Iterable[tuple[str, str, dict[str, Any]]], leaving: Callable[[], None]
    ) -> None:
        self._screens = screens
        self._leaving = leaving
        self._unbuilt: dict[str, tuple[str, dict[str, Any]]] = {}
        self._timer: Any = None
        self.manager: Any = None
        self.history: list[str] = []
        self.held: str | None = None  # a screen every move leads to (the kiosk out of order)

    def build(self, first: str = "home") -> ScreenManager:
        """The ScreenManager with ``first`` on it; the rest follow in idle frames."""
        self.manager = KioskScreenManager(transition=NoTransition())
        self._unbuilt = {name: (path, options) for name, path, options in self._screens}
        self.ensure(first)
        self._timer = Clock.schedule_once(self._build_next, 0.1)
        return self.manager

    def stop(self) -> None:
        if self.manager is not None:
            self.manager.drop_held()
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
            path, options = found
            self.manager.add_widget(screen_class(path)(name=name, **options))

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
