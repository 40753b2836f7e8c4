"""One panel for bench/reach.py: from Home to each kind of help, counting real taps and pages.

``python -m bench.reach_child PANEL`` starts the real kiosk on that panel's window and, for
asking and for offering, taps from Home to every kind of help as a person would: "Ik vraag
hulp" (or "Ik bied hulp"), "Meer keuzes" until the kind is on the page, the kind, and for an
offer "Verder" (offers may hold several kinds). It prints one JSON line: per flow and kind the
taps and the pages of choices she saw.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

from bench.common import headless_kivy

headless_kivy()


def main() -> None:
    from kiosk.config import Config, load_circles, parse_panel
    from kiosk.domain import CALLBACK_CATEGORY, CATEGORIES

    panel = parse_panel(sys.argv[1])
    with tempfile.TemporaryDirectory() as folder:
        config = Config(database=Path(folder) / "k.db", panel=panel)
        from screens.launcher import kiosk_app

        app = kiosk_app(config, load_circles(config.circles))
        from screens.demo import on
        from screens.driver import drive, tap
        from screens.tiles import MORE

        counted: dict[str, dict[str, dict[str, int]]] = {"ask": {}, "offer": {}}

        def reach(app, flow: str, kind: str):  # type: ignore[no-untyped-def]
            taps, pages = 0, 1
            yield from on(app, "home")
            yield from tap(app.root.current_screen.target(flow), flow)
            taps += 1
            yield from on(app, f"{flow}_what")
            screen = app.root.current_screen
            while screen.target(kind) is None:
                grid = screen.ids.grid
                more = screen.target("next" if grid.turns_in_bar else MORE)
                if more is None or pages >= grid.page_count:
                    raise RuntimeError(f"{kind!r} not on any page of {flow}_what")
                yield from tap(more, "Meer keuzes")
                taps += 1
                pages += 1
                yield 2
            yield from tap(screen.target(kind), kind)
            taps += 1
            if flow == "offer":
                yield 2
                yield from tap(screen.target("next"), "Verder")
                taps += 1
            yield from on(app, f"{flow}_when")
            counted[flow][kind] = {"taps": taps, "pages": pages}
            yield from tap(app.root.current_screen.target("stop"), "Naar het begin")

        def script(app):  # type: ignore[no-untyped-def]
            for flow in ("ask", "offer"):
                # "Bel mij terug" is the last choice for asking only
                kinds = (*CATEGORIES, CALLBACK_CATEGORY) if flow == "ask" else CATEGORIES
                for category in kinds:
                    yield from reach(app, flow, category.code)

        try:
            drive(app, script, timeout=600)
        finally:
            app.services.close()
    print(json.dumps({"panel": sys.argv[1], "size": [panel.width, panel.height], **counted}))


if __name__ == "__main__":
    main()
