"""One measured process for bench/kiosk.py: the real kiosk, or a bare Kivy app as the baseline.

``python -m bench.kiosk_child kiosk|bare DB TAPS`` prints one JSON line: seconds from the
interpreter's start (the parent passes its clock in BENCH_T0) to the first frame drawn with the
first screen, the time from each tap's finger-up to the first frame that shows the next screen,
and the peak resident memory. Both apps are started, tapped and measured the same way; the
kiosk's taps start once its background start-up (database, screens built in idle frames) has
finished and it has shown every one of its screens once (the time from going to a screen to
the frame that shows it is reported per screen: its first visit).
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time

from bench.common import headless_kivy

T0 = float(os.environ["BENCH_T0"])

headless_kivy()


def bare_app():  # type: ignore[no-untyped-def]
    """Kivy hello world with two screens: a button on each that switches to the other."""
    from kivy.app import App
    from kivy.uix.button import Button
    from kivy.uix.screenmanager import NoTransition, Screen, ScreenManager

    class Bare(App):
        def build(self):  # type: ignore[no-untyped-def]
            # as the kiosk does in its build (screens/app.py): wait for the offscreen frames
            from kivy.clock import Clock
            from kivy.core.window import Window
            from kivy.graphics.opengl import glFinish

            self.finish = Clock.create_trigger(lambda _dt: glFinish(), 0.1)
            Window.bind(on_flip=self.finish)
            manager = ScreenManager(transition=NoTransition())
            for name, other in (("home", "next"), ("next", "home")):
                screen = Screen(name=name)
                button = Button(text=f"Hello {name}", font_size=40)
                button.bind(on_release=lambda _b, o=other: setattr(manager, "current", o))
                screen.add_widget(button)
                manager.add_widget(screen)
            return manager

    app = Bare()
    return app, lambda: app.root.current_screen.children[0]


def kiosk_app(db: str):  # type: ignore[no-untyped-def]
    from kiosk.config import Config, load_circles
    from screens.launcher import kiosk_app as start

    # as `buurtkiosk` starts it: the database and printer open in the background
    config = Config(database=__import__("pathlib").Path(db))
    app = start(config, load_circles(config.circles))

    def target():  # type: ignore[no-untyped-def]
        screen = app.root.current_screen
        return screen.target("ask") if screen.name == "home" else screen.target("back")

    return app, target


def screen_list() -> list[tuple[str, str, dict[str, object]]]:
    from screens import SCREENS

    return SCREENS


def fill_drafts(visit) -> None:  # type: ignore[no-untyped-def]
    from kiosk.domain import CATEGORIES, When, WhenKind

    for draft in (visit.ask_draft, visit.offer_draft):
        draft.when, draft.first_name, draft.phone = When(WhenKind.TOMORROW), "Demo", "0612345678"
    visit.ask_draft.category = CATEGORIES[0].code
    visit.offer_draft.categories = [CATEGORIES[1].code]


def main() -> None:
    mode, db, taps = sys.argv[1], sys.argv[2], int(sys.argv[3])
    app, target = bare_app() if mode == "bare" else kiosk_app(db)
    from kivy.clock import Clock
    from kivy.core.window import Window
    from kivy.tests.common import UnitTestTouch

    result: dict[str, object] = {"mode": mode}
    latencies: list[float] = []
    state: dict[str, object] = {"first": None, "tap_at": None, "screen": None, "left": taps}
    tour = [name for name, _path, _options in screen_list()] if mode == "kiosk" else []
    first_visits: dict[str, float] = {}

    def on_flip(*_args: object) -> None:
        now = time.perf_counter()
        if state["first"] is None:
            state["first"] = time.time() - T0
            Clock.schedule_once(start_tapping, 0.05)
            return
        if state.get("visit_at") is not None and app.root.current == state["visiting"]:
            first_visits[str(state["visiting"])] = now - float(state["visit_at"])  # type: ignore[arg-type]
            state["visit_at"] = None
            Clock.schedule_once(visit_next, 0.02)
            return
        if state["tap_at"] is not None and app.root.current != state["screen"]:
            latencies.append(now - float(state["tap_at"]))  # type: ignore[arg-type]
            state["tap_at"] = None
            if int(state["left"]) > 0:  # type: ignore[call-overload]
                Clock.schedule_once(tap, 0.02)
            else:
                app.stop()

    def start_tapping(_dt: float) -> None:
        # Steady state, as a person meets it: the kiosk builds its other screens and opens its
        # database in the first second after start; tapping waits until that is done.
        busy = mode == "kiosk" and (not app.nav.started or not app.services.opened)
        if busy:
            Clock.schedule_once(start_tapping, 0.05)
            return
        visit_next(0) if tour else tap(0)

    def visit_next(_dt: float) -> None:
        """Every screen once (its first visit), then Home, then the taps."""
        if not tour:
            app.stop_visit()  # Naar het begin: the taps start from an empty visit
            Clock.schedule_once(tap, 0.1)
            return
        if len(tour) == len(screen_list()):  # what a person has chosen on the way to the checks
            fill_drafts(app.visit)
        name = tour.pop(0)
        if name == "home" or name in first_visits:
            visit_next(0)
            return
        state["visiting"] = name
        state["visit_at"] = time.perf_counter()
        app.nav.go(name)
        Window.canvas.ask_update()

    def tap(_dt: float) -> None:
        widget = target()
        x, y = widget.to_window(*widget.center)
        touch = UnitTestTouch(x, y)
        touch.touch_down()
        state["screen"] = app.root.current
        state["left"] = int(state["left"]) - 1  # type: ignore[call-overload]
        state["tap_at"] = time.perf_counter()
        touch.touch_up()
        Window.canvas.ask_update()

    Window.bind(on_flip=on_flip)
    app.run()
    result["first_frame_s"] = state["first"]
    result["tap_s"] = latencies
    result["first_visit_s"] = first_visits
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result))


if __name__ == "__main__":
    main()
