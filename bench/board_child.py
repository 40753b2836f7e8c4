"""One measured process for bench/board.py: the kiosk with N open asks, showing the board.

``python -m bench.board_child DB SCROLLS ROWS`` prints one JSON line: the time from the tap on
'Open vragen' to the first frame that shows the board's rows (first paint), the time from
each tap on 'Omlaag' to the frame that shows the rows moved, and the resident memory before
and after the board was shown (from /proc/self/statm).
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

from bench.common import headless_kivy

headless_kivy()


def rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def main() -> None:
    db, scrolls, expected = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    from kivy.clock import Clock
    from kivy.core.window import Window
    from kivy.tests.common import UnitTestTouch

    from kiosk.config import Config, load_circles
    from screens.app import KioskApp, configure_window
    from screens.services import build_services

    config = Config(database=Path(db))
    configure_window(config)
    app = KioskApp(build_services(config, load_circles(config.circles)))
    state: dict[str, object] = {"phase": "start", "at": 0.0, "top": None, "left": scrolls}
    result: dict[str, object] = {"scroll_s": []}

    def tap(widget: object) -> None:
        x, y = widget.to_window(*widget.center)  # type: ignore[attr-defined]
        touch = UnitTestTouch(x, y)
        touch.touch_down()
        state["at"] = time.perf_counter()
        touch.touch_up()
        Window.canvas.ask_update()

    def first_row() -> str | None:
        """The request at the top of the view (rows can share their text, never their name)."""
        board = app.root.get_screen("board")
        view = board.ids.list.ids.rows
        top = view.to_window(view.x, view.top)[1]
        shown = [r for r in board.visible_rows() if r.to_window(r.x, r.top)[1] <= top + 1]
        return max(shown, key=lambda r: r.to_window(r.x, r.top)[1]).name if shown else None

    def ready(_dt: float) -> None:
        if not app.nav.started or not app.services.opened:
            Clock.schedule_once(ready, 0.05)
            return
        result["rss_before_mb"] = rss_mb()
        state["phase"] = "board"
        tap(app.root.current_screen.target("board"))

    def on_flip(*_args: object) -> None:
        now = time.perf_counter()
        phase = state["phase"]
        if phase == "start":
            state["phase"] = "waiting"
            Clock.schedule_once(ready, 0.2)
        elif phase == "board" and app.root.current == "board":
            board = app.root.current_screen
            if board.ids.list.data or board.ids.list.empty_text:
                result["first_paint_s"] = now - float(state["at"])  # type: ignore[arg-type]
                state["phase"] = "loading"
                Clock.schedule_once(loaded, 0)
        elif phase == "scrolled" and (
            first_row() != state["top"] or now - float(state["at"]) > 2  # type: ignore[arg-type]
        ):
            result["scroll_s"].append(now - float(state["at"]))  # type: ignore[union-attr, arg-type]
            state["phase"] = "scroll"
            Clock.schedule_once(scroll, 0.05)

    def loaded(_dt: float) -> None:
        """The first screenful is drawn; the whole list follows. Scroll when it is there."""
        board = app.root.get_screen("board")
        if len(board.ids.list.data) < expected:
            Clock.schedule_once(loaded, 0)  # looks again next frame
            return
        result["rows"] = len(board.ids.list.data)
        result["all_rows_s"] = time.perf_counter() - float(state["at"])  # type: ignore[arg-type]
        state["phase"] = "scroll"
        Clock.schedule_once(scroll, 0.1)

    def scroll(_dt: float) -> None:
        board = app.root.current_screen
        if int(state["left"]) <= 0 or not board.ids.list.can_go_down:  # type: ignore[call-overload]
            result["rss_after_mb"] = rss_mb()
            app.stop()
            return
        state["left"] = int(state["left"]) - 1  # type: ignore[call-overload]
        state["top"] = first_row()
        state["phase"] = "scrolled"
        tap(board.target("down"))

    Window.bind(on_flip=on_flip)
    app.run()
    app.services.close()
    result.setdefault("rss_after_mb", rss_mb())
    print(json.dumps(result))


if __name__ == "__main__":
    main()
