"""No tap is lost or turned into another: the frames in which a tap used to go astray.

Each test puts a real touch (through Kivy's input pipeline) into exactly the frame that went
wrong, so it fails the same way every time without the fix:

- Kivy's ScreenManager ignores every touch while a screen change is under way, and even
  without animation that lasts until the next frame. A worker's answer (the PIN checked, a
  request saved) changes the screen from a Clock callback, so a finger that came down in that
  frame did nothing at all.
- A worker's answer that refills the screen between finger down and up (the board refreshed
  by a sync round) moved the rows under the finger: the tap opened another request.
"""

from __future__ import annotations

from kivy.tests.common import UnitTestTouch

from kiosk.store.samples import pulled_asks
from kiosk.store.sync import SyncLedger
from screens.driver import within
from tests.ui.steps import ask_up_to_the_phone, drive, on, press, to_ask_what, to_the_board

# A tap is answered within a few frames, whatever the load: counted in frames, not seconds.
# (The next screen may have to be built first, in the frame that shows it.)
ANSWER = 10


def centre(app, name):
    target = app.root.current_screen.target(name)
    assert target is not None, name
    return target.to_window(*target.center)


def place_on_ask_what(app, tile):
    """Where the ``tile`` of the first ask step is, as the panel shows it; then back on Home."""
    yield from to_ask_what(app)
    where = centre(app, tile)
    yield from press(app, "back")
    yield from on(app, "home")
    return where


def test_a_finger_down_in_the_frame_a_worker_changes_the_screen_is_answered(make_app):
    app = make_app()
    seen = {}

    def script(app):
        where = yield from place_on_ask_what(app, "groceries")
        # What a worker's answer does (a Clock callback): change the screen. The finger
        # comes down on the groceries tile in this very frame, and is lifted two frames on.
        app.nav.go("ask_what")
        seen["changing"] = app.root.transition.is_active
        touch = UnitTestTouch(*where)
        touch.touch_down()
        yield 1
        touch.touch_up()
        yield within(ANSWER, lambda: app.root.current == "ask_when", "the tap on the tile")
        seen["category"] = app.visit.ask_draft.category

    drive(app, script)
    assert seen["changing"]  # the frame the tap came in is that of a screen change
    assert seen["category"] == "groceries"


def test_a_whole_tap_within_the_frame_of_a_screen_change_is_answered(make_app):
    app = make_app()
    seen = {}

    def script(app):
        where = yield from place_on_ask_what(app, "dog")
        app.nav.go("ask_what")
        touch = UnitTestTouch(*where)
        touch.touch_down()  # down and up before the new screen was ever drawn
        touch.touch_up()
        yield within(ANSWER, lambda: app.root.current == "ask_when", "the tap on the tile")
        seen["category"] = app.visit.ask_draft.category

    drive(app, script)
    assert seen["category"] == "dog"


def test_a_row_refilled_under_the_finger_opens_the_request_that_was_pressed(make_app):
    app = make_app()
    seen = {}

    def script(app):
        yield from on(app, "home")
        ledger = SyncLedger(app.store)
        ledger.apply(pulled_asks(4, start=0), 4)
        yield from to_the_board(app, rows=4)
        board = app.root.current_screen
        pressed = board.ids.list.data[0]["name"]  # the top row
        seen["pressed"] = pressed
        touch = UnitTestTouch(*centre(app, pressed))
        touch.touch_down()
        # A sync round brings requests that sort above it (more urgent: 'today'); the
        # board's worker answer refills the rows before the finger is lifted.
        ledger.apply(pulled_asks(8, start=4), 12)
        board._show((app.store.open_asks(), {}, True))
        yield 3
        seen["moved"] = board.ids.list.data[0]["name"] != pressed
        touch.touch_up()
        yield within(ANSWER, lambda: app.root.current == "board_ask", "the tap on the row")
        seen["opened"] = f"ask-{app.visit.chosen_ask.number}"

    drive(app, script)
    assert seen["moved"]  # the row under the finger shows another request now
    assert seen["opened"] == seen["pressed"]


def test_a_finger_that_slides_off_still_does_nothing(make_app):
    app = make_app()
    seen = {}

    def script(app):
        yield from to_ask_what(app)
        tile = app.root.current_screen.target("groceries")
        x, y = tile.to_window(*tile.center)
        touch = UnitTestTouch(x, y)
        touch.touch_down()
        yield 1
        touch.touch_move(x, y + tile.height)  # off the tile, up onto the title
        yield 1
        touch.touch_up()
        yield 5
        seen["screen"] = app.root.current
        seen["category"] = app.visit.ask_draft.category

    drive(app, script)
    assert seen["screen"] == "ask_what" and not seen["category"]


def test_a_tap_that_must_wait_for_work_in_the_background_says_so(make_app):
    app = make_app()
    seen = {}

    def script(app):
        yield from ask_up_to_the_phone(app, digits="0612345678")
        yield from press(app, "next")
        yield from on(app, "ask_circle")
        yield from press(app, "linde")
        yield from on(app, "ask_check")
        app.background._saves._show_active(True)  # as while a worker saves or checks something
        yield from press(app, "confirm")
        seen["notice"] = app.notice
        seen["screen"] = app.root.current
        app.background._saves._show_active(False)  # its answer is back
        seen["after"] = app.notice

    drive(app, script)
    assert seen["screen"] == "ask_check" and not app.store.all_asks()
    assert seen["notice"] == "Een moment…"
    assert seen["after"] == ""
