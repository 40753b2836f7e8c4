"""Issue 13's senior items, tapped through as a person would, on both panels: what is shown
(and how many lines it takes) and what is stored."""

from __future__ import annotations

import pytest

from kiosk.speech import Speaker
from tests.ui.conftest import PANELS, SCREENSHOTS
from tests.ui.steps import drive, on, press, screenshot, type_digits, type_name


def lines(label) -> int:
    """How many lines ``label`` is drawn on, as Kivy laid it out."""
    label.texture_update()
    return len(label._label._cached_lines)


def fits(label) -> bool:
    """Every line of ``label`` drawn inside its box (none dropped, none wider)."""
    from kivy.core.text import Label as CoreLabel

    label.texture_update()
    whole = CoreLabel(
        text=label.text,
        font_size=label.font_size,
        font_name=label.font_name,
        bold=label.bold,
        line_height=label.line_height,
        text_size=(label.width, None),
    )
    whole.refresh()
    return (
        len(whole._cached_lines) == lines(label)
        and whole.content_height <= label.height + 2
        and whole.content_width <= label.width + 2
    )


def ask_to_the_check(app, name, digits, category="transport", neighbour=True):
    yield from on(app, "home")
    yield from press(app, "ask")
    yield from press(app, category)
    yield from on(app, "ask_when")
    yield from press(app, "this_week")
    yield from press(app, "neighbour" if neighbour else "me")
    yield from on(app, "ask_name")
    yield from type_name(app, name)
    yield from press(app, "next")
    yield from on(app, "ask_phone")
    yield from type_digits(app, digits)
    yield from press(app, "next")
    yield from on(app, "ask_circle")
    yield from press(app, "kastanje")
    yield from on(app, "ask_check")


@pytest.mark.parametrize("panel", ["7", "10"])
def test_check_reads_back_her_name_whole_and_done_says_uw_nummer_on_one_line(
    make_app, tmp_path, panel
):
    app = make_app(PANELS[panel])
    app.services.speaker = Speaker(out_dir=tmp_path)
    seen = {}

    def script(app):
        # the longest sentence: for a neighbour, the longest kind of help and of time
        yield from ask_to_the_check(app, "Wilhelmina", "0612345678")
        screen = app.root.current_screen
        sentence = screen.ids.sentence
        yield 3
        seen["sentence"] = sentence.text
        seen["fits"] = fits(sentence)
        seen["cap_mm"] = sentence.font_size * 0.668 / app.px_mm
        seen["phone_lines"] = [
            line for line in sentence._label._cached_lines if "1234" in _words(line)
        ]
        screenshot(SCREENSHOTS / f"senior-{panel}in" / "ask_check.png")
        yield from press(app, "read")
        seen["spoken"] = app.services.speaker.last_text
        yield lambda: not app.services.speaker.speaking
        yield from press(app, "confirm")
        yield from on(app, "ask_done")
        done = app.root.current_screen
        yield 3
        seen["label"] = done.ids.number_label.text
        seen["number"] = done.ids.number.text
        seen["number_lines"] = lines(done.ids.number)
        seen["number_fits"] = fits(done.ids.number)
        seen["label_left_of_number"] = done.ids.number_label.right <= done.ids.number.x
        seen["message_fits"] = fits(done.ids.message)
        screenshot(SCREENSHOTS / f"senior-{panel}in" / "ask_done.png")

    drive(app, script)
    [stored] = app.store.all_asks()
    assert stored.person.first_name == "Wilhelmina" and stored.person.for_neighbour
    assert "uw buur Wilhelmina" in seen["sentence"]
    assert seen["fits"], "the check sentence is cut off"
    assert seen["cap_mm"] >= 4.8
    # each phone number on one line: its groups are on the line that has its middle group
    assert all("5678" in _words(line) for line in seen["phone_lines"])
    assert "Ria, de verbinder: 06\u00a03456\u00a07890." in seen["sentence"]  # hers too
    spoken = seen["spoken"]
    assert spoken.startswith("Klopt dit?. U vraagt hulp voor uw buur Wilhelmina met vervoer")
    assert "op 06 1234 5678" in spoken and spoken.endswith("Ja, klopt.")
    assert seen["label"] == "Uw nummer:" and seen["label_left_of_number"]
    assert seen["number"] == stored.number
    assert seen["number_lines"] == 1 and seen["number_fits"]
    assert seen["message_fits"]


def _words(line) -> str:
    return "".join(word.text for word in line.words)


@pytest.mark.parametrize("panel", ["7", "10"])
def test_printer_fault_keeps_the_number_on_one_line_and_try_again_in_the_bar(make_app, panel):
    from kiosk.domain import Saved

    app = make_app(PANELS[panel])
    seen = {}

    def script(app):
        yield from on(app, "home")
        app.visit.last_saved = Saved(id="x", number="482-7593", followup_token="t")
        app.nav.go("ask_done")
        yield from on(app, "ask_done")
        app.printing.job, app.print_status, app.print_phase = "x", "paper_out", "fault"
        yield 3
        screen = app.root.current_screen
        seen["retry"] = screen.target("retry")
        seen["number_lines"] = lines(screen.ids.number)
        seen["number_fits"] = fits(screen.ids.number)
        seen["number_cap_mm"] = screen.ids.number.font_size * 0.668 / app.px_mm
        seen["message_fits"] = fits(screen.ids.message)
        screenshot(SCREENSHOTS / f"senior-{panel}in" / "ask_done_printer_fault.png")
        app.print_phase = "printed"
        yield 3
        seen["retry_after"] = screen.target("retry")

    drive(app, script)
    assert seen["retry"] is not None and seen["retry"].text == "Opnieuw proberen"
    assert seen["number_lines"] == 1 and seen["number_fits"]
    assert seen["number_cap_mm"] >= 4.8 * 1.5  # still the largest thing on the screen
    assert seen["message_fits"], "the printer's message is cut off"
    assert seen["retry_after"] is None  # no stale 'Opnieuw proberen' once it printed


@pytest.mark.parametrize("panel", ["7", "10"])
def test_home_names_the_buurthuis_beside_the_question(make_app, panel):
    app = make_app(PANELS[panel], buurthuis="Buurthuis De Linde")
    seen = {}

    def script(app):
        yield from on(app, "home")
        yield 2
        screen = app.root.current_screen
        step, title = screen.ids.step, screen.ids.title
        seen["shown"] = step.text
        seen["apart"] = title.x + title.texture_size[0] <= step.x
        seen["on_screen"] = step.right <= app.root.width + 0.5
        screenshot(SCREENSHOTS / f"senior-{panel}in" / "home.png")

    drive(app, script)
    # the 7" panel has room for "De Linde" beside "Waarmee kunnen we helpen?", the 10.1" for all
    assert seen["shown"] == ("De Linde" if panel == "7" else "Buurthuis De Linde")
    assert seen["apart"] and seen["on_screen"]


def one_ask_on_the_board(app):
    """Her ask saved, back on Home, then the board with that one row."""
    from tests.ui.steps import to_the_board

    yield from ask_to_the_check(app, "Bartholomeus", "0612345678", neighbour=False)
    yield from press(app, "confirm")
    yield from on(app, "ask_done")
    yield from press(app, "next")
    yield from on(app, "home")
    yield from to_the_board(app, rows=1)


@pytest.mark.parametrize("panel", ["7", "10"])
def test_board_rows_show_the_request_number(make_app, panel):
    app = make_app(PANELS[panel])
    seen = {}

    def script(app):
        yield from one_ask_on_the_board(app)
        [row] = app.root.current_screen.visible_rows()
        seen["row"] = row.text
        seen["label_fits"] = fits(row.ids.label)
        screenshot(SCREENSHOTS / f"senior-{panel}in" / "board.png")

    drive(app, script)
    [stored] = app.store.all_asks()
    assert f"{stored.number} · Kastanjelaan · B. · sinds vandaag" in seen["row"]
    assert seen["label_fits"]


@pytest.mark.parametrize("panel", ["7", "10"])
@pytest.mark.parametrize("name", ["Anne-Marie", "Zoë", "Noël", "Jan Willem"])
def test_name_keys_show_capitals_and_type_a_name_as_it_is_written(make_app, panel, name):
    from tests.ui.steps import ask_up_to_the_name

    app = make_app(PANELS[panel])
    seen = {}

    def script(app):
        yield from ask_up_to_the_name(app)
        pad = app.root.current_screen.ids.pad
        seen["groups"] = list(pad.letter_groups)
        seen["key_texts"] = [
            key.text
            for key in pad.letters.children
            if getattr(key, "name", "key-back") != "key-back"
        ] + [key.text for key in pad.groups.children]
        # as she would: every letter a capital on the keys, typed in capitals
        yield from type_name(app, name.upper())
        seen["shown"] = app.root.current_screen.ids.shown.text
        seen["labels_fit"] = all(
            fits(key.ids.label)
            for key in [*pad.groups.children, *pad.letters.children]
            if hasattr(key, "ids") and "label" in key.ids
        )
        screenshot(SCREENSHOTS / f"senior-{panel}in" / f"ask_name_{name.split()[0]}.png")
        yield from press(app, "next")
        yield from on(app, "ask_phone")
        yield from type_digits(app, "0612345678")
        yield from press(app, "next")
        yield from on(app, "ask_circle")
        yield from press(app, "kastanje")
        yield from on(app, "ask_check")
        yield from press(app, "confirm")
        yield from on(app, "ask_done")

    drive(app, script)
    [stored] = app.store.all_asks()
    assert seen["shown"] == name
    assert stored.person.first_name == name
    assert all(text == text.upper() for text in seen["key_texts"]), seen["key_texts"]
    assert seen["labels_fit"]
    typed = "".join(seen["groups"])
    assert set("ABCDEFGHIJKLMNOPQRSTUVWXYZÉË -") <= set(typed)
    # the apostrophe where the room allows: 7 keys of 20 mm across on the 10.1" panel only
    assert ("'" in typed) == (panel == "10")


@pytest.mark.parametrize("panel", ["7", "10"])
def test_phone_keys_in_a_phones_order_where_four_rows_fit(make_app, panel):
    from tests.ui.steps import ask_up_to_the_phone

    app = make_app(PANELS[panel])
    seen = {}

    def script(app):
        yield from ask_up_to_the_phone(app, digits="0687654321")
        screen = app.root.current_screen
        pad = screen.ids.pad
        yield 2
        seen["body_mm"] = screen.ids.body.height / app.px_mm
        seen["phone_order"] = pad.phone_order
        keys = {key.name: key for key in pad.children if getattr(key, "name", "")}
        seen["rows"] = [
            [
                name
                for name, key in sorted(keys.items(), key=lambda kv: kv[1].x)
                if abs(key.top - top) < 1
            ]
            for top in sorted({round(key.top) for key in keys.values()}, reverse=True)
        ]
        seen["shown"] = screen.ids.shown.text
        seen["shown_beside"] = screen.ids.shown.right <= pad.x
        screenshot(SCREENSHOTS / f"senior-{panel}in" / "ask_phone.png")
        yield from press(app, "next")
        yield from on(app, "ask_circle")

    drive(app, script)
    assert app.visit.ask_draft.phone == "0687654321"
    assert seen["shown"] == "06 8765 4321"
    four_rows_fit = seen["body_mm"] >= 4 * 20 + 3 * 6
    assert seen["phone_order"] == four_rows_fit == (panel == "10"), seen["body_mm"]
    if four_rows_fit:
        assert seen["rows"] == [
            ["key-1", "key-2", "key-3"],
            ["key-4", "key-5", "key-6"],
            ["key-7", "key-8", "key-9"],
            ["key-0", "key-back"],
        ]
        assert seen["shown_beside"]
    else:
        assert seen["rows"] == [
            ["key-1", "key-2", "key-3", "key-4", "key-5", "key-back"],
            ["key-6", "key-7", "key-8", "key-9", "key-0"],
        ]


@pytest.mark.parametrize("panel", ["7", "10"])
def test_verbinder_rows_show_number_and_hint_and_a_tap_opens_the_request(make_app, panel):
    from tests.ui.test_accessibility import prepare, verbinder_view

    app = make_app(PANELS[panel])
    seen = {}

    def script(app):
        yield from on(app, "home")
        prepare(app)  # an identified verbinder
        app.nav.go("verbinder")
        yield from on(app, "verbinder")
        yield lambda: not (app.busy or app.calling)
        screen = app.root.current_screen
        screen.clear_error()  # no central store here: show what it would send
        screen._show(verbinder_view())
        yield 4
        rows = screen.ids.list
        [row, *_] = rows.visible_rows()
        seen["title"] = screen.title
        seen["row"] = row.text
        seen["fits"] = fits(row.ids.label)
        seen["inside"] = row.y >= rows.ids.area.y - 1
        seen["arrows"] = rows.scrolls
        screenshot(SCREENSHOTS / f"senior-{panel}in" / "verbinder.png")
        yield from press(app, row.name)
        yield from on(app, "verbinder_ask")
        seen["opened"] = app.root.current_screen.title

    drive(app, script)
    first = verbinder_view().asks[0]
    assert seen["title"] == "Buurtkring De Linde"
    assert seen["row"].startswith(f"{first.number} · Tik voor meer\n")
    assert seen["fits"] and seen["inside"], seen["row"]
    assert seen["arrows"]  # three rows: more than a page on either panel
    if panel == "10":  # the room for everything: the phone to call and "gebeld"
        assert "Wilhelmina: 06 1112 2233" in seen["row"] and "gebeld" in seen["row"]
    assert seen["opened"] == f"Vraag {first.number}"


@pytest.mark.parametrize("panel", ["7", "10"])
def test_board_rows_take_the_full_width_when_nothing_is_left_to_page_to(make_app, panel):
    app = make_app(PANELS[panel])
    seen = {}

    def one_row(app):
        yield from one_ask_on_the_board(app)
        yield 3
        screen = app.root.current_screen
        [row] = screen.visible_rows()
        seen["scrolls"] = screen.ids.list.scrolls
        seen["right_mm"] = (app.root.width - row.right) / app.px_mm
        seen["fits"] = fits(row.ids.label)
        seen["lines"] = screen.ids.list.lines
        screenshot(SCREENSHOTS / f"senior-{panel}in" / "board_one_row.png")

    drive(app, one_row)
    assert not seen["scrolls"]
    assert seen["right_mm"] < 5, seen  # only the scroll bar's padding and the margin
    assert seen["fits"]
