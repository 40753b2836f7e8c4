"""Only a few screens stay built: a dropped screen is freed, and built again it shows her choices."""

from __future__ import annotations

import gc
import weakref

from tests.ui.steps import ask_up_to_the_phone, drive, on, press


def taps_to(app, *steps):
    """Tap each (target, the screen it leads to) in turn."""
    for name, screen in steps:
        yield from press(app, name)
        yield from on(app, screen)


def test_terug_through_steps_that_were_dropped_shows_what_she_chose(make_app):
    app = make_app()
    app.nav.recent = 0  # only Home, where its tiles lead and the screen on show stay built
    seen = {}

    def script(app):
        yield from ask_up_to_the_phone(app, category="dog", when="today", digits="0612345678")
        yield from taps_to(app, ("next", "ask_circle"), ("linde", "ask_check"))
        yield 2
        seen["built"] = set(app.nav.built())
        # Terug, step by step, each step built again
        for step in ("ask_circle", "ask_phone", "ask_name", "ask_forwhom", "ask_when", "ask_what"):
            yield from press(app, "back")
            yield from on(app, step)
            screen = app.root.current_screen
            grid = screen.ids.get("grid")
            seen[step] = (
                [tile.name for tile in grid.children if getattr(tile, "selected", False)]
                if grid
                else screen.ids.shown.text
            )
        # and on again, changing only the day: what she typed is still there
        yield from taps_to(
            app,
            ("dog", "ask_when"),
            ("tomorrow", "ask_forwhom"),
            ("me", "ask_name"),
            ("next", "ask_phone"),
            ("next", "ask_circle"),
            ("linde", "ask_check"),
            ("confirm", "ask_done"),
        )

    drive(app, script)
    assert seen["built"] == {"home", "ask_what", "offer_what", "board", "followup", "ask_check"}
    assert seen["ask_circle"] == ["linde"]
    assert seen["ask_phone"] == "06 1234 5678"
    assert seen["ask_name"] == "Ria"
    assert seen["ask_when"] == ["today"]
    assert seen["ask_what"] == ["dog"]
    [ask] = app.store.all_asks()
    assert (ask.category, ask.when.kind.value) == ("dog", "tomorrow")
    assert (ask.person.first_name, ask.person.phone, ask.circle) == ("Ria", "+31612345678", "linde")


def test_a_dropped_screen_is_freed(make_app):
    """Nothing keeps a dropped screen alive: not the app's properties it follows (the done
    screen follows the print phase, the printer's status and the language), not a Clock event,
    not a worker's answer, not a controller."""
    app = make_app()
    app.nav.recent = 1
    refs = {}

    def script(app):
        yield from ask_up_to_the_phone(app, digits="0612345678")
        yield from taps_to(app, ("next", "ask_circle"), ("linde", "ask_check"))
        yield from taps_to(app, ("confirm", "ask_done"))
        refs["done"] = weakref.ref(app.root.current_screen)
        yield from taps_to(app, ("next", "home"), ("offer", "offer_what"))
        yield from press(app, "dog")
        yield from taps_to(app, ("next", "offer_when"))
        refs["when"] = weakref.ref(app.root.current_screen)
        yield from taps_to(app, ("today", "offer_name"), ("back", "offer_when"))
        refs["kept"] = app.root.current_screen is refs["when"]()  # recent: not built again
        refs["built"] = set(app.nav.built())
        yield from taps_to(app, ("stop", "home"))
        yield 3

    drive(app, script)
    assert "ask_done" not in refs["built"]
    gc.collect()
    done = refs["done"]()
    assert done is None, [type(r).__name__ for r in gc.get_referrers(done)]
    assert refs["kept"]
