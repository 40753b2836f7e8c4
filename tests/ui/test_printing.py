"""Receipts from the real app through the printer emulator on a pseudo-terminal.

Save first, print second: the done screen follows the print worker; a printer fault shows the
number large with a plain message and 'Opnieuw proberen', and nothing is lost.
"""

from __future__ import annotations

import pytest
import zxingcpp
from PIL import Image

from kiosk import i18n
from kiosk.domain import hash_token
from kiosk.printer import PrinterConfig
from tests.ui.conftest import SCREENSHOTS
from tests.ui.steps import drive, on, press, screenshot


def fill_ask(app) -> None:
    from kiosk.domain import When, WhenKind

    draft = app.visit.ask_draft
    draft.category, draft.when = "groceries", When(WhenKind.TOMORROW)
    draft.first_name, draft.phone, draft.circle = "Fatma Ğül", "0612345678", "linde"
    draft.circle_chosen = True


def qr_texts(path) -> list[str]:
    with Image.open(path) as image:
        return [r.text for r in zxingcpp.read_barcodes(image.convert("L")) if r.valid]


@pytest.fixture
def printing_app(make_app, tmp_path):
    receipts = tmp_path / "receipts"

    def make(**changes):
        return make_app(printer=PrinterConfig(port="emulator"), receipts=receipts, **changes)

    return make, receipts


def test_ask_receipt_prints_with_a_qr_that_follows_the_request_up(printing_app):
    make, receipts = printing_app
    app = make()
    seen = {}

    def script(app):
        yield from on(app, "home")
        fill_ask(app)
        app.nav.go("ask_check")
        yield from on(app, "ask_check")
        yield from press(app, "confirm")
        yield from on(app, "ask_done")
        seen["first_phase"] = app.print_phase
        yield lambda: app.print_phase == "printed"
        yield 2
        seen["message"] = app.root.current_screen.ids.message.text

    i18n.MISSING.clear()
    drive(app, script)
    assert seen["first_phase"] in ("printing", "printed")
    assert "Neem uw bon mee." in seen["message"]
    [ask] = app.store.all_asks()
    [png] = sorted(receipts.glob("*.png"))
    [url] = qr_texts(png)
    assert url.startswith(app.services.config.central.followup_base + "/r/")
    token = url.rsplit("/", 1)[1]
    [event] = app.store.pending_events()
    assert hash_token(token) == event.payload["token_hash"]  # the QR opens this very ask
    raw = next(receipts.glob("*.bin")).read_bytes()
    assert ask.number.encode() in raw
    for private in ("Fatma", "Ğül".encode("cp858", "replace").decode("cp858"), "612345678"):
        assert private.encode("latin-1", "replace") not in raw
    assert not i18n.MISSING


def test_paper_out_keeps_the_request_shows_the_number_and_retries(printing_app):
    from kivy.core.window import Window

    make, receipts = printing_app
    app = make()
    app.services.printer.set_mode("paper-out")
    seen = {}
    frames = []

    def script(app):
        yield from on(app, "home")
        fill_ask(app)
        app.nav.go("ask_check")
        yield from on(app, "ask_check")
        yield from press(app, "confirm")
        yield from on(app, "ask_done")
        yield lambda: app.print_phase == "fault"
        yield 2
        screen = app.root.current_screen
        seen["title"] = screen.title
        seen["message"] = screen.ids.message.text
        seen["number"] = screen.ids.number.text
        seen["retry_visible"] = screen.target("retry") is not None
        seen["stored"] = len(app.store.all_asks())
        screenshot(SCREENSHOTS / "test_printer_paper_out.png")
        Window.bind(on_flip=lambda *_a: frames.append(1))
        yield lambda: len(frames) >= 10  # drawing goes on while the job waits for paper
        seen["frames"] = len(frames)
        app.services.printer.set_mode("ready")
        yield from press(app, "retry")
        yield lambda: app.print_phase == "printed"
        yield 2
        seen["after"] = screen.ids.message.text

    drive(app, script)
    [ask] = app.store.all_asks()
    assert seen["stored"] == 1 and seen["number"] == ask.number
    assert seen["title"] == "Schrijf dit nummer op"
    assert "Uw vraag is bewaard. De bon kan nu niet geprint worden." in seen["message"]
    assert "geen papier" in seen["message"]
    assert seen["retry_visible"] and seen["frames"] >= 8
    assert "Neem uw bon mee." in seen["after"]
    [png] = sorted(receipts.glob("*.png"))
    assert qr_texts(png)[0].startswith(app.services.config.central.followup_base + "/r/")


def test_missing_printer_port_is_a_plain_message_never_a_crash(make_app, tmp_path):
    app = make_app(printer=PrinterConfig(port=str(tmp_path / "ttyNOPE")))
    seen = {}

    def script(app):
        yield from on(app, "home")
        fill_ask(app)
        app.nav.go("ask_check")
        yield from on(app, "ask_check")
        yield from press(app, "confirm")
        yield from on(app, "ask_done")
        yield lambda: app.print_phase == "fault"
        yield 2
        seen["message"] = app.root.current_screen.ids.message.text

    drive(app, script)
    assert len(app.store.all_asks()) == 1
    assert "Vraag iemand van het buurthuis om hulp." in seen["message"]


def test_a_printer_that_stops_reading_never_freezes_the_screen(printing_app):
    """The emulator stops reading its port: the write times out in the worker, the screen
    keeps drawing, says so, and the receipt comes out when the printer reads again."""
    from kivy.core.window import Window

    make, receipts = printing_app
    app = make()
    app.services.printer.set_mode("stalled")
    seen = {}
    frames = []

    def script(app):
        yield from on(app, "home")
        fill_ask(app)
        app.nav.go("ask_check")
        yield from on(app, "ask_check")
        Window.bind(on_flip=lambda *_a: frames.append(1))
        yield from press(app, "confirm")
        yield from on(app, "ask_done")
        yield lambda: app.print_phase == "fault"
        yield lambda: len(frames) >= 10  # and the screen goes on drawing meanwhile
        seen["frames_while_stuck"] = len(frames)
        seen["stored"] = len(app.store.all_asks())
        app.services.printer.set_mode("ready")
        yield from press(app, "retry")
        yield lambda: app.print_phase == "printed"

    drive(app, script)
    assert seen["stored"] == 1
    assert seen["frames_while_stuck"] >= 10  # the UI thread drew while the worker waited
    assert any(receipts.glob("*.png"))
