"""Drive the real app with real touches: the scripted tour and the UI tests both use this.

A script is a generator that gets the running app. It yields to let frames pass: ``yield 3``
waits three frames, ``yield lambda: cond`` waits until ``cond()`` is true. :func:`tap` sends a
touch down, a frame later a touch up, through Kivy's input pipeline at the widget's centre,
exactly as a finger on the panel would.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Generator, Iterator
from pathlib import Path
from typing import Any

from kivy.app import App
from kivy.clock import Clock
from kivy.core.window import Window
from kivy.tests.common import UnitTestTouch
from kivy.uix.widget import Widget

Step = int | Callable[[], bool] | None
Script = Callable[[Any], Iterator[Step]]


ANSWER_FRAMES = 30  # a held touch is answered within two frames; this is only a bound


class TourError(RuntimeError):
    """The script could not go on: a target missing, a wait that never ended."""


def drive(app: App, script: Script, timeout: float = 180.0, patience: float = 20.0) -> None:
    """Run ``app`` and ``script`` together until the script ends; re-raise its errors.

    ``patience`` bounds each single wait, so a condition that never comes true fails with
    the screen it got stuck on instead of hanging until the overall ``timeout``.
    """
    state: dict[str, Any] = {"gen": None, "wait": None, "error": None, "since": 0.0}
    deadline = time.monotonic() + timeout

    def tick(_dt: float) -> bool | None:
        Window.canvas.ask_update()
        try:
            now = time.monotonic()
            if now > deadline:
                raise TourError(f"the script did not finish within {timeout:.0f} s")
            wait = state["wait"]
            if isinstance(wait, int) and wait > 0:
                state["wait"] = wait - 1
                return None
            if callable(wait) and not wait():
                if now - state["since"] > patience:
                    screen = getattr(app.root, "current", "?")
                    raise TourError(f"waited {patience:.0f} s on screen {screen!r} for {wait}")
                return None
            state["wait"] = next(state["gen"])
            state["since"] = now
        except StopIteration:
            app.stop()
            return False
        except BaseException as error:  # re-raised in the caller, after the loop stopped
            state["error"] = error
            app.stop()
            return False
        return None

    def start(*_args: Any) -> None:
        Window.unbind(on_flip=start)
        state["gen"] = script(app)
        Clock.schedule_interval(tick, 0)

    Window.bind(on_flip=start)
    try:
        app.run()
    finally:
        Window.unbind(on_flip=start)
        for child in Window.children[:]:
            Window.remove_widget(child)
        App._running_app = None
    if state["error"] is not None:
        raise state["error"]


def within(frames: int, condition: Callable[[], bool], what: str) -> Callable[[], bool]:
    """A wait that must end within ``frames`` frames, however slow each frame is: a bound
    the machine's load cannot move (a wall-clock patience would), for what the app must
    answer in a frame or two."""
    left = [frames]

    def check() -> bool:
        if condition():
            return True
        left[0] -= 1
        if left[0] < 0:
            screen = getattr(App.get_running_app().root, "current", "?")
            raise TourError(f"{what}: not within {frames} frames (on screen {screen!r})")
        return False

    return check


def tap(widget: Widget | None, what: str = "") -> Generator[Step, None, None]:
    """A finger down on the widget's centre, one frame, and up again.

    The tap must be answered: the target gets its release (at once, or once the screen
    it landed on is drawn; see :class:`screens.navigation.KioskScreenManager`). If it does
    not, the script stops with an error naming the screen and the target.
    """
    if widget is None:
        raise TourError(f"nothing to tap: {what or 'no widget'}")
    app = App.get_running_app()
    screen = getattr(app.root, "current", "?")
    x, y = widget.to_window(*widget.center)
    answered: list[bool] = []

    def released(*_args: Any) -> None:
        answered.append(True)

    frames = [ANSWER_FRAMES]

    def answered_or_given_up() -> bool:
        frames[0] -= 1
        return bool(answered) or frames[0] <= 0

    widget.fbind("on_release", released)
    try:
        touch = UnitTestTouch(x, y)
        touch.touch_down()
        yield 1
        touch.touch_up()
        yield 1
        if not answered:
            yield answered_or_given_up
    finally:
        widget.funbind("on_release", released)
    if not answered:
        name = what or getattr(widget, "name", "") or type(widget).__name__
        raise TourError(f"the tap on {name!r} on screen {screen!r} was not answered")


def settle(app: Any) -> Generator[Step, None, None]:
    """Until the screen change is finished and drawn, so targets are looked up on the new one."""
    yield lambda: not app.root.transition.is_active
    yield 3  # grids of tiles lay out over the next frames


def screenshot(path: Path) -> Path:
    """The window as it is drawn now, under exactly ``path`` (Kivy adds a counter)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    written = Window.screenshot(name=str(path))
    if written and written != str(path):
        os.replace(written, path)
    return path
