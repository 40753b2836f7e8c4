"""The public board: what, when, circle, an initial and days open; never contact data.

The asks arrive as the central store sends them (pulled changes), so the board is tested with
what a kiosk really holds: its own asks and everybody else's in the buurthuis.
"""

from __future__ import annotations

import re

from kivy.uix.label import Label

from kiosk.store.samples import FULL_NAMES, pulled_asks
from kiosk.store.sync import SyncLedger
from tests.ui.conftest import PANELS, SCREENSHOTS
from tests.ui.steps import drive, on, press, screenshot, to_ask_what, to_the_board

PHONE = re.compile(r"(\+31|06)[\s-]?\d")


def seed(app, count: int) -> None:
    ledger = SyncLedger(app.store)
    changes = pulled_asks(count)
    for first in range(0, len(changes), 500):
        ledger.apply(changes[first : first + 500], first + 500)


def shown_texts(app) -> list[str]:
    """Every text a person can see on the current screen, the RecycleView's rows included."""
    screen = app.root.current_screen
    return [
        w.text
        for w in screen.walk(restrict=False)
        if isinstance(w, Label) and w.opacity > 0 and w.text
    ]


def assert_no_contact_data(texts: list[str]) -> None:
    joined = "\n".join(texts)
    assert not PHONE.search(joined), joined
    for name in FULL_NAMES:
        assert name not in joined, joined


def on_screen(board) -> list[str]:
    """The request numbers of the rows wholly inside the list's view, top to bottom."""
    view = board.ids.list.ids.rows
    bottom, top = view.to_window(view.x, view.y)[1], view.to_window(view.x, view.top)[1]
    rows = [
        (row.to_window(row.x, row.top)[1], row.name)
        for row in board.visible_rows()
        if bottom - 1 <= row.to_window(row.x, row.y)[1]
        and row.to_window(row.x, row.top)[1] <= top + 1
    ]
    return [name for _top, name in sorted(rows, reverse=True)]


def test_board_shows_5000_requests_pages_down_with_buttons_and_never_contact_data(make_app):
    app = make_app(panel=PANELS["10"])
    seen = {}

    def script(app):
        yield from on(app, "home")
        seed(app, 5000)
        yield from to_the_board(app, rows=5000)
        board = app.root.current_screen
        yield 3
        # rows are told apart by their request number (many share their text)
        seen["first"] = on_screen(board)
        seen["first_texts"] = [row.text for row in board.visible_rows()]
        seen["texts_top"] = shown_texts(app)
        screenshot(SCREENSHOTS / "board_5000.png")
        seen["up_at_top"] = board.ids.list.can_go_up
        yield from press(app, "down")
        yield 3
        seen["after_down"] = on_screen(board)
        seen["texts_down"] = shown_texts(app)
        seen["rows_built"] = len(board.visible_rows())
        yield from press(app, "up")
        yield 3
        seen["after_up"] = on_screen(board)

    drive(app, script, timeout=280)  # a hang guard (5,000 rows written first), not a timing
    assert len(set(seen["first"])) == len(seen["first"]) > 0
    # a page down shows none of the rows that were on screen; a page up shows them again
    assert seen["after_down"] and not set(seen["after_down"]) & set(seen["first"])
    assert not seen["up_at_top"]
    assert sorted(seen["after_up"]) == sorted(seen["first"])
    assert seen["rows_built"] < 40  # the RecycleView builds what is on screen, not 5,000 rows
    # most urgent first: 'today' asks head the list
    assert "vandaag" in seen["first_texts"][0]
    assert_no_contact_data(seen["texts_top"] + seen["texts_down"])


def test_board_filters_by_circle_and_kind_with_big_buttons(make_app):
    app = make_app()
    seen = {}

    def script(app):
        yield from on(app, "home")
        seed(app, 40)
        yield from to_the_board(app, rows=40)
        board = app.root.current_screen
        yield from press(app, "next")  # 'Kiezen'
        yield from on(app, "board_filter")
        yield from press(app, "linde")
        yield 2
        screenshot(SCREENSHOTS / "board_filter.png")
        yield from press(app, "groceries")
        yield from on(app, "board")
        yield lambda: len(board.ids.list.data) < 40
        yield 2
        seen["rows"] = [d["text"] for d in board.ids.list.data]
        seen["step"] = board.step
        screenshot(SCREENSHOTS / "board_filtered.png")

    drive(app, script)
    assert seen["rows"], "the filter left nothing"
    assert all(text.startswith("Boodschappen") for text in seen["rows"])
    assert all("De Linde" in text for text in seen["rows"])
    assert "De Linde" in seen["step"] and "Boodschappen" in seen["step"]


def test_a_request_opened_from_the_board_shows_an_initial_and_asks_who_helps(make_app):
    app = make_app()
    seen = {}

    def script(app):
        yield from on(app, "home")
        seed(app, 3)
        yield from to_the_board(app, rows=3)
        board = app.root.current_screen
        yield 2
        yield from press(app, board.ids.list.data[0]["name"])  # the top row
        yield from on(app, "board_ask")
        seen["ask"] = shown_texts(app)
        screenshot(SCREENSHOTS / "board_ask.png")
        yield from press(app, "help")
        yield from on(app, "identify")
        seen["identify"] = shown_texts(app)

    drive(app, script)
    assert any("vraagt hulp" in text for text in seen["ask"])
    assert_no_contact_data(seen["ask"] + seen["identify"])


def test_call_me_back_takes_only_a_phone_number(make_app):
    app = make_app()
    seen = {}

    def script(app):
        yield from to_ask_what(app)
        yield from press(app, "callback")  # on the last page of 'what'
        yield from on(app, "ask_phone")
        seen["step"] = app.root.current_screen.step
        for digit in "0612345678":
            yield from press(app, f"key-{digit}")
        yield from press(app, "next")
        yield from on(app, "ask_check")
        seen["sentence"] = app.root.current_screen.ids.sentence.text.replace("\u00a0", " ")
        yield from press(app, "confirm")
        yield from on(app, "ask_done")

    drive(app, script)
    [ask] = app.store.all_asks()
    assert ask.category == "callback" and ask.person.phone == "+31612345678"
    assert ask.person.first_name == ""
    assert seen["step"] == "Stap 2 van 3"
    assert "belt u terug" in seen["sentence"]
    # never on the public board: it says nothing of what is needed
    assert all(a.id != ask.id for a in app.store.open_asks())
    [event] = app.store.pending_events()
    assert event.payload["category"] == "callback"
