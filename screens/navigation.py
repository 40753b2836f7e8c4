"""Which screen shows, the way back, which few screens stay built, and no touch lost in a change."""

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


# Screens kept however long ago they were shown: Home and where its four tiles lead (asking,
# offering, the board, 'Ik heb een bon'), so a tap on Home never waits for a screen to be built
# (the board's first visit took 0.74 s instead of 16 ms when it was built on the tap).
KEPT = ("home", "ask_what", "offer_what", "board", "followup")
# How many other screens, the most recently shown, stay built besides the one on show; the
# rest are dropped and built again on their next visit (measured: see README, Benchmarks).
RECENT = 4


class Navigator:
    """Go, back and home over the app's one ScreenManager, with a bounded set of built screens.

    Home is built first, so the first frame comes nearly as soon as a bare app's; the other
    screens in :data:`KEPT` are built one per frame afterwards, the rest when someone taps
    their way there. Besides those, the screen on show and the ``recent`` screens shown last
    stay built; an older one is taken off the ScreenManager and dropped, and built again on
    its next visit. A screen therefore keeps nothing of a visit that it cannot show again from
    the app's visit state (:class:`screens.visit.Visit`). ``leaving`` runs before every move
    (the app stops reading aloud and clears its notice).
    """

    def __init__(
        self,
        screens: Iterable[tuple[str, str, dict[str, Any]]],
        leaving: Callable[[], None],
        recent: int = RECENT,
    ) -> None:
        self._specs = {name: (path, options) for name, path, options in screens}
        self._leaving = leaving
        self.recent = recent
        self._shown: list[str] = []  # built screens not in KEPT, the one shown last at the end
        self._unbuilt: list[str] = []  # KEPT screens still to build in idle frames
        self._timer: Any = None
        # A dropped screen's widgets refer to each other (parent, children, ids): only the
        # collector's full pass frees them. It runs a second after the move, once the new
        # screen is drawn; after start-up it looks only at what was built since (gc.freeze
        # in _build_next), a few milliseconds.
        self._collect = Clock.create_trigger(lambda _dt: gc.collect(), 1)
        self.manager: Any = None
        self.history: list[str] = []
        self.held: str | None = None  # a screen every move leads to (the kiosk out of order)

    def build(self, first: str = "home") -> ScreenManager:
        """The ScreenManager with ``first`` on it; the other kept screens follow in idle frames."""
        self.manager = KioskScreenManager(transition=NoTransition())
        self.ensure(first)
        self._unbuilt = [name for name in KEPT if name != first and name in self._specs]
        self._timer = Clock.schedule_once(self._build_next, 0.1)
        return self.manager

    def stop(self) -> None:
        self._collect.cancel()
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
    def started(self) -> bool:
        """Whether the screens built in idle frames after start are built."""
        return not self._unbuilt

    def built(self) -> list[str]:
        """The names of the screens built now."""
        return list(self.manager.screen_names)

    def ensure(self, name: str) -> None:
        """Build the screen ``name`` now if it is not built."""
        if not self.manager.has_screen(name):
            path, options = self._specs[name]
            self.manager.add_widget(screen_class(path)(name=name, **options))

    def _build_next(self, _dt: float) -> None:
        if self._unbuilt:
            self.ensure(self._unbuilt.pop(0))
            self._timer = Clock.schedule_once(self._build_next, 0)
        else:
            self._timer = None
            # What is built now lives as long as the app: keep it out of the garbage
            # collector's full passes, which then only look at the screens that come and go.
            gc.freeze()

    def all_screens(self) -> list[Any]:
        """Every screen, built and kept from now on (for tests that visit them all)."""
        self.recent = len(self._specs)
        for name in self._specs:
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
        if remember and self.manager.current != name:
            self.history.append(self.manager.current)
        self._show(name)

    def back(self) -> None:
        if self.held is not None:
            return
        self._show(self.history.pop() if self.history else "home")

    def home(self) -> None:
        self.history.clear()
        self.go("home", remember=False)

    def _show(self, name: str) -> None:
        self.ensure(name)
        self._leaving()
        self.manager.current = name
        if name not in KEPT:
            if name in self._shown:
                self._shown.remove(name)
            self._shown.append(name)
        self._drop_old()

    def _drop_old(self) -> None:
        """Take the screens shown longest ago off the manager, beyond the ``recent`` ones.

        The screen a change is leaving may be one of them: it stays on the panel until the
        change is complete (the transition takes it off then), but no move leads to it.
        """
        current = self.manager.current
        others = [name for name in self._shown if name != current]
        dropped = False
        for name in others[: max(0, len(others) - self.recent)]:
            self._shown.remove(name)
            if self.manager.has_screen(name):
                self.manager.remove_widget(self.manager.get_screen(name))
                dropped = True
        if dropped:
            self._collect()

    def drop_steps(self, prefix: str) -> None:
        """Terug should not lead back into steps that are done (the PIN keypad, say)."""
        while self.history and self.history[-1].startswith(prefix):
            self.history.pop()
