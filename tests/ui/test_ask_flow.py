from datetime import timedelta

from kiosk.clock import local_today
from kiosk.domain import AskStatus, WhenKind, describe_day
from tests.ui.conftest import SCREENSHOTS
from tests.ui.steps import (
    TapCounter,
    ask_up_to_the_name,
    ask_up_to_the_phone,
    drive,
    on,
    press,
    screenshot,
    type_digits,
    type_name,
)


def test_ask_for_groceries_tomorrow_in_at_most_eight_taps(make_app):
    app = make_app()
    counter = TapCounter()
    seen = {}

    def script(app):
        yield from on(app, "home")
        yield from counter.press(app, "ask")
        yield from on(app, "ask_what")
        yield from counter.press(app, "groceries")
        yield from on(app, "ask_when")
        yield from counter.press(app, "tomorrow")
        yield from on(app, "ask_forwhom")
        yield from counter.press(app, "me")
        yield from on(app, "ask_name")
        yield from type_name(app, "Demo")
        yield from counter.press(app, "next")
        yield from on(app, "ask_phone")
        yield from type_digits(app, "0612345678")
        yield from counter.press(app, "next")
        yield from on(app, "ask_circle")
        yield from counter.press(app, "linde")
        yield from on(app, "ask_check")
        # phone numbers are kept on one line with no-break spaces (test_senior_items)
        seen["sentence"] = app.root.current_screen.ids.sentence.text.replace("\u00a0", " ")
        yield from counter.press(app, "confirm")
        yield from on(app, "ask_done")
        seen["shown_number"] = app.root.current_screen.ids.number.text
        seen["done_message"] = app.root.current_screen.ids.message.text
        screenshot(SCREENSHOTS / "test_ask_done.png")

    drive(app, script)
    assert counter.taps <= 8
    [stored] = app.store.all_asks()
    assert stored.when.day == local_today() + timedelta(days=1)
    assert seen["sentence"] == (
        f"U vraagt hulp met boodschappen, morgen, {describe_day(stored.when.day)}. "
        "Iemand uit uw buurtkring belt u op 06 1234 5678 en vraagt naar Demo. "
        "Vragen? Bel Ton, de verbinder: 06 2345 6789."
    )
    assert stored.number == seen["shown_number"]
    # the done screen says who will call in the check screen's words, not "the verbinder"
    assert seen["done_message"].startswith("Uw vraag is bewaard. Iemand uit uw buurtkring belt u.")
    assert stored.category == "groceries" and stored.when.kind is WhenKind.TOMORROW
    assert stored.person.first_name == "Demo" and stored.person.phone == "+31612345678"
    assert stored.circle == "linde" and stored.status is AskStatus.OPEN
    [event] = app.store.pending_events()
    assert event.type == "ask.create" and event.entity_id == stored.id


def test_ask_for_a_neighbour_on_a_picked_day_circle_unknown(make_app):
    app = make_app()

    def script(app):
        yield from on(app, "home")
        yield from press(app, "ask")
        yield from on(app, "ask_what")
        yield from press(app, "meal")  # on the second page: 'Meer' first
        yield from on(app, "ask_when")
        yield from press(app, "on_day")
        yield from on(app, "ask_day")
        day = (app.services.today() + timedelta(days=9)).isoformat()
        yield from press(app, day)
        yield from on(app, "ask_forwhom")
        yield from press(app, "neighbour")
        yield from on(app, "ask_name")
        assert "buur" in app.root.current_screen.title
        yield from type_name(app, "Zoë")
        yield from press(app, "next")
        yield from on(app, "ask_phone")
        yield from type_digits(app, "0031201234567")
        yield from press(app, "next")
        yield from on(app, "ask_circle")
        yield from press(app, "unknown")
        yield from on(app, "ask_check")
        yield from press(app, "confirm")
        yield from on(app, "ask_done")

    drive(app, script)
    [stored] = app.store.all_asks()
    assert stored.category == "meal" and stored.when.kind is WhenKind.ON_DAY
    assert stored.when.day == app.services.today() + timedelta(days=9)
    assert stored.person.first_name == "Zoë" and stored.person.for_neighbour
    assert stored.person.phone == "+31201234567" and stored.circle is None


def test_wrong_phone_number_says_what_to_do_and_loses_nothing(make_app):
    app = make_app()
    seen = {}

    def script(app):
        yield from ask_up_to_the_phone(app, digits="0612")
        yield from press(app, "next")
        yield 2
        screen = app.root.current_screen
        seen["error"] = screen.error
        seen["still"] = app.root.current
        seen["digits"] = app.visit.ask_draft.phone
        screenshot(SCREENSHOTS / "test_phone_error.png")
        yield from press(app, "error-ok")
        yield 2
        seen["cleared"] = screen.error
        yield from type_digits(app, "345678")
        yield from press(app, "next")
        yield from on(app, "ask_circle")

    drive(app, script)
    assert seen["error"] == "Dit nummer klopt niet. Probeer het nog eens, of vraag iemand om hulp."
    assert seen["still"] == "ask_phone" and seen["digits"] == "0612"
    assert seen["cleared"] == ""
    assert app.visit.ask_draft.phone == "0612345678"
    assert app.store.all_asks() == []  # nothing saved before 'Ja, klopt'


def test_empty_name_is_refused_kindly(make_app):
    app = make_app()
    seen = {}

    def script(app):
        yield from ask_up_to_the_name(app)
        yield from press(app, "next")
        yield 2
        seen["error"] = app.root.current_screen.error
        seen["screen"] = app.root.current

    drive(app, script)
    assert seen == {"error": "Typ uw voornaam.", "screen": "ask_name"}


def test_back_keeps_choices_and_stop_forgets_everything(make_app):
    app = make_app()
    seen = {}

    def script(app):
        yield from on(app, "home")
        yield from press(app, "ask")
        yield from press(app, "groceries")
        yield from on(app, "ask_when")
        yield from press(app, "tomorrow")
        yield from on(app, "ask_forwhom")
        yield from press(app, "back")
        yield from on(app, "ask_when")
        seen["after_back"] = (app.visit.ask_draft.category, app.visit.ask_draft.when.kind.value)
        grid = app.root.current_screen.ids.grid
        seen["marked"] = list(grid.selected_keys)
        yield from press(app, "back")
        yield from on(app, "ask_what")
        yield from press(app, "stop")
        yield from on(app, "home")
        seen["after_stop"] = (
            app.visit.ask_draft.category,
            app.visit.ask_draft.when,
            app.nav.history,
        )

    drive(app, script)
    assert seen["after_back"] == ("groceries", "tomorrow")
    assert seen["marked"] == ["tomorrow"]
    assert seen["after_stop"] == (None, None, [])
    assert app.store.all_asks() == []


def test_the_done_screen_waits_for_the_commit_and_the_screen_keeps_drawing(make_app):
    """Save first: while the commit is held back, no 'Gelukt', and frames keep coming."""
    import threading

    from kivy.core.window import Window

    app = make_app()
    release = threading.Event()
    real_save = app.store.save_ask
    frames = []

    def slow_save(draft):
        release.wait(timeout=30)
        return real_save(draft)

    app.store.save_ask = slow_save
    seen = {}

    def script(app):
        yield from on(app, "home")
        app.visit.ask_draft.category = "groceries"
        from kiosk.domain import When, WhenKind

        app.visit.ask_draft.when = When(WhenKind.TODAY)
        app.visit.ask_draft.first_name = "Demo"
        app.visit.ask_draft.phone = "0612345678"
        app.visit.ask_draft.circle_chosen = True
        app.nav.go("ask_check")
        yield from on(app, "ask_check")
        Window.bind(on_flip=lambda *_a: frames.append(1))
        yield from press(app, "confirm")
        # the worker is held; the UI thread must go on drawing (a blocked loop never gets here)
        yield lambda: len(frames) >= 10
        seen["while_saving"] = (app.root.current, len(app.store.all_asks()), len(frames))
        release.set()
        yield from on(app, "ask_done")
        seen["after"] = len(app.store.all_asks())

    drive(app, script)
    screen, rows, frame_count = seen["while_saving"]
    assert screen == "ask_check" and rows == 0
    assert frame_count >= 8  # the loop kept drawing while the worker waited
    assert seen["after"] == 1
