"""Walking away mid-question: 'Bent u er nog?', then everything forgotten (fake clock)."""

from __future__ import annotations

from kiosk.idle import IdleState, IdleWatch
from tests.ui.conftest import SCREENSHOTS
from tests.ui.steps import ask_up_to_the_phone, drive, on, press, screenshot


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_idle_watch_asks_then_expires_and_a_touch_restarts():
    clock = FakeClock()
    watch = IdleWatch(timeout=90, ask_for=5, clock=clock)  # asking is at least 20 s anyway
    assert watch.ask_for == 20
    clock.now += 89.9
    assert watch.state() is IdleState.ACTIVE
    clock.now += 0.2
    assert watch.state() is IdleState.ASKING and watch.seconds_left() == 20
    watch.touched()
    assert watch.state() is IdleState.ACTIVE
    clock.now += 110.1
    assert watch.state() is IdleState.EXPIRED


def typed_half_an_ask(app):
    yield from ask_up_to_the_phone(app, category="groceries", digits="0612")


def test_walking_away_asks_then_clears_everything(make_app):
    app = make_app()
    clock = FakeClock()
    app.idle.watch.clock = clock
    seen = {}

    def script(app):
        yield from typed_half_an_ask(app)
        app.idle.watch.touched()
        clock.now += 89  # not yet
        yield 5
        seen["at_89s"] = app.root.current
        clock.now += 2
        yield from on(app, "idle")
        screen = app.root.current_screen
        seen["message"] = screen.ids.message.text
        screenshot(SCREENSHOTS / "test_idle.png")
        clock.now += 19  # still asking: at least 20 s
        yield 5
        seen["at_110s"] = app.root.current
        clock.now += 12
        yield from on(app, "home")
        seen["draft"] = (
            app.visit.ask_draft.first_name,
            app.visit.ask_draft.phone,
            app.visit.ask_draft.category,
        )
        app.nav.go("ask_phone")
        yield from on(app, "ask_phone")
        seen["phone_shown"] = app.root.current_screen.ids.shown.text

    drive(app, script)
    assert seen["at_89s"] == "ask_phone" and seen["at_110s"] == "idle"
    assert seen["message"].startswith("Tik op de knop om verder te gaan.")
    assert seen["draft"] == ("", "", None)
    assert seen["phone_shown"] == ""
    assert app.store.all_asks() == []


def test_yes_go_on_returns_to_the_question_with_everything_kept(make_app):
    app = make_app()
    clock = FakeClock()
    app.idle.watch.clock = clock
    seen = {}

    def script(app):
        yield from typed_half_an_ask(app)
        clock.now += 95
        yield from on(app, "idle")
        yield from press(app, "go-on")
        yield from on(app, "ask_phone")
        seen["kept"] = (app.visit.ask_draft.first_name, app.visit.ask_draft.phone)
        seen["shown"] = app.root.current_screen.ids.shown.text
        clock.now += 60  # the touch restarted the count: still here a minute later
        yield 5
        seen["later"] = app.root.current

    drive(app, script)
    assert seen == {"kept": ("Ria", "0612"), "shown": "06 12", "later": "ask_phone"}


def test_home_is_left_alone_when_idle(make_app):
    app = make_app()
    clock = FakeClock()
    app.idle.watch.clock = clock
    seen = []

    def script(app):
        yield from on(app, "home")
        clock.now += 95
        yield 5
        seen.append(app.root.current)
        clock.now += 60
        yield 5
        seen.append(app.root.current)

    drive(app, script)
    assert seen == ["home", "home"]


def test_a_volunteer_who_walks_away_is_forgotten_with_what_they_saw(make_app):
    from kiosk.domain import Member, Role

    app = make_app()
    clock = FakeClock()
    app.idle.watch.clock = clock
    seen = {}

    def script(app):
        yield from on(app, "home")
        app.identity.identified(Member("m1", "Wim", "linde", Role.VERBINDER, "+31611111111"), "s")
        yield from on(app, "member_home")
        seen["title"] = app.root.current_screen.title
        app.idle.watch.touched()
        clock.now += 91
        yield from on(app, "idle")
        clock.now += 32  # past the at least 20 s of asking
        yield from on(app, "home")
        seen["after"] = (
            app.identity.member,
            app.identity.session,
            app.member_name,
            app.visit.verbinder_view,
        )

    drive(app, script)
    assert seen["title"] == "Hallo Wim"
    assert seen["after"] == (None, "", "", None)
