"""The receipt's bytes: the QR reads back, the text is Dutch in the code page, nothing leaks."""

from __future__ import annotations

import contextlib
import random
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
import serial

from kiosk import domain, i18n
from kiosk.printer import PaperSpec, parse, render_receipt
from kiosk.printer.emulator import EmulatedPrinter, Renderer
from kiosk.printer.escpos import printable
from kiosk.store import LocalStore
from tests.printer.conftest import CIRCLE, decode, make_content

WIDTHS = (58, 80)


def rendered_by_emulator(data: bytes, paper_mm: int):
    renderer = Renderer(paper_mm)
    images = [image for c in parse.parse(data) if (image := renderer.apply(c)) is not None]
    assert len(images) == 1, "one receipt, one cut"
    return images[0]


def assert_quiet_zone(commands: list[parse.Command], kind: type, module: int) -> None:
    """Four modules of white paper above and below the code, as the QR standard asks."""
    at = next(i for i, c in enumerate(commands) if isinstance(c, kind))
    before = next(
        c
        for c in reversed(commands[:at])
        if not isinstance(c, parse.QrSetting | parse.QrStore | parse.Style)
    )
    after = commands[at + 1]
    for feed in (before, after):
        assert isinstance(feed, parse.Feed) and feed.dots >= 4 * module, feed


@pytest.mark.parametrize("paper_mm", WIDTHS)
def test_native_qr_from_raw_bytes_is_the_followup_url(paper_mm: int) -> None:
    content = make_content()
    data = render_receipt(content, PaperSpec(paper_mm), native_qr=True)
    commands = parse.parse(data)
    assert parse.native_qr_payloads(data) == [content.followup_url.encode()]
    settings = {c.fn: c.value for c in commands if isinstance(c, parse.QrSetting)}
    assert settings == {65: 0x32, 67: PaperSpec(paper_mm).qr_module, 69: 49}  # model 2, EC M
    assert sum(isinstance(c, parse.QrPrint) for c in commands) == 1
    assert not any(isinstance(c, parse.Raster) for c in commands)
    assert_quiet_zone(commands, parse.QrPrint, PaperSpec(paper_mm).qr_module)
    # and drawn the way the emulator draws GS ( k, a real decoder reads it
    assert decode(rendered_by_emulator(data, paper_mm)) == [content.followup_url]


@pytest.mark.parametrize("paper_mm", WIDTHS)
def test_raster_qr_from_raw_bytes_is_the_followup_url(paper_mm: int) -> None:
    content = make_content()
    data = render_receipt(content, PaperSpec(paper_mm), native_qr=False)
    [image] = parse.raster_images(data)
    assert image.width <= PaperSpec(paper_mm).dots
    assert_quiet_zone(parse.parse(data), parse.Raster, PaperSpec(paper_mm).raster_module)
    assert decode(image) == [content.followup_url]
    assert parse.native_qr_payloads(data) == []


@pytest.mark.parametrize("paper_mm", WIDTHS)
@pytest.mark.parametrize("native", [True, False], ids=["native", "raster"])
def test_qr_from_the_emulators_png_over_a_real_pty(tmp_path, paper_mm: int, native: bool) -> None:
    content = make_content(kind="offer", categories=("dog", "meal"))
    data = render_receipt(content, PaperSpec(paper_mm), native_qr=native)
    with EmulatedPrinter(tmp_path, paper_mm) as printer:
        with serial.Serial(printer.port, 19200, timeout=1, write_timeout=2) as port:
            port.write(data)
            port.flush()
        [png] = printer.wait_for_receipts(1)
    assert decode(png) == [content.followup_url]
    assert png.with_suffix(".bin").read_bytes() == data


def test_dutch_receipt_says_what_when_and_who_calls() -> None:
    text = parse.text_of(render_receipt(make_content(), PaperSpec(80)))
    for expected in (
        "Buurthuis De Kroon",
        "Uw vraag om hulp",
        "Nummer",
        "K7M-4HX",
        "Wat: Boodschappen",
        "Wanneer: donderdag 3 december",
        "Buurtkring: Brandevoort Noord",
        "Iemand uit uw buurtkring belt u.",
        "Vragen? Bel Anna de Vries, de verbinder:",
        "06 8765 4321",  # on a line of its own: never broken
        "27-11-2026 14:05",
        "Dank u wel!",
    ):
        assert expected in text.splitlines(), expected
    # the same words as on the check screen and the /r page (the number large, no full stop)
    said = domain.who_calls(CIRCLE, i18n.translator("nl")).sentence()
    assert said.removesuffix(".") in " ".join(text.split())


@pytest.mark.parametrize("paper_mm", WIDTHS)
def test_bel_mij_terug_receipt_says_the_verbinder_calls_back(paper_mm: int) -> None:
    content = make_content(categories=(domain.CALLBACK,))
    text = " ".join(parse.text_of(render_receipt(content, PaperSpec(paper_mm))).split())
    assert "Wat: Bel mij terug" in text
    assert (
        "Anna de Vries, de verbinder van uw buurtkring, belt u terug. "
        "Vragen? Bel Anna de Vries, de verbinder: 06 8765 4321" in text
    )


def test_morgen_on_the_receipt_with_its_date_and_the_date_alone_later(tmp_path) -> None:
    """Made "morgen" on Sunday 29 November; printed that evening, and again on 3 December.
    The kiosk's clock is UTC: the receipt says the buurthuis's day and time."""
    made = domain.When(domain.WhenKind.TOMORROW).resolved(date(2026, 11, 29))
    first = make_content(when=made, printed_at=datetime(2026, 11, 29, 22, 30, tzinfo=UTC))
    again = replace(first, printed_at=datetime(2026, 12, 3, 9, tzinfo=UTC))
    with EmulatedPrinter(tmp_path, 80) as printer:
        with serial.Serial(printer.port, 19200, timeout=1, write_timeout=2) as port:
            for content in (first, again):
                port.write(render_receipt(content, PaperSpec(80)))
            port.flush()
        pngs = printer.wait_for_receipts(2)
    texts = [parse.text_of(png.with_suffix(".bin").read_bytes()) for png in pngs]
    assert "Wanneer: morgen, maandag 30 november" in texts[0]
    assert "29-11-2026 23:30" in texts[0]  # 22:30 UTC
    assert "Wanneer: maandag 30 november" in texts[1] and "morgen" not in texts[1]
    assert "03-12-2026 10:00" in texts[1]


def test_offer_in_english_without_circle() -> None:
    content = make_content(
        kind="offer",
        categories=("dog", "device"),
        circle=None,
        lang="en",
        when=domain.When(domain.WhenKind.ANY_TIME),
    )
    text = " ".join(parse.text_of(render_receipt(content, PaperSpec(58))).split())  # unwrap
    assert "Your offer of help" in text
    assert "What: Walking the dog, Phone or tablet" in text
    assert "When: any time" in text
    assert (
        "If someone can use your help, a connector will call you. "
        "Questions? Ask at the desk of the community centre." in text
    )
    assert "Circle" not in text and "Uw" not in text


def test_request_number_is_printed_large() -> None:
    for paper_mm in WIDTHS:
        commands = parse.parse(render_receipt(make_content(), PaperSpec(paper_mm)))
        at = next(i for i, c in enumerate(commands) if c == parse.Text(b"K7M-4HX"))
        size = next(c for c in reversed(commands[:at]) if isinstance(c, parse.Style) and c.width)
        assert size.width == size.height == PaperSpec(paper_mm).number_scale >= 3
        assert 7 * 12 * size.width <= PaperSpec(paper_mm).dots  # one line, never wrapped


def test_accents_and_euro_in_the_code_page() -> None:
    data = render_receipt(make_content(buurthuis_name="Café Het Hoekje, ë € 5"), PaperSpec(58))
    assert b"\x1bt\x13" in data  # ESC t 19: PC858
    assert "Café Het Hoekje, ë € 5".encode("cp858") in data
    assert "Café Het Hoekje, ë € 5" in parse.text_of(data)


def test_wpc1252_profile_for_printers_that_number_pages_differently() -> None:
    data = render_receipt(make_content(buurthuis_name="Café €"), codepage=(16, "cp1252"))
    assert b"\x1bt\x10" in data and "Café €".encode("cp1252") in data


TORTURE = [
    "Ayşe Yılmaz Ğüzel",
    "مركز الحي",  # Arabic
    "Jan 👨‍👩‍👧‍👦 de 👍🏽 Vries ❤️",
    "Piet\u202egnirts\u202c\u2066 \u200f\u061c",  # bidi controls (Trojan Source)
    "\x1b@\x1dV\x00\x10\x04\x01\x1d(k\x03\x001Q0",  # ESC/POS injection attempts
    "\ud800 lone surrogate \U0010ffff private",
    "Ｆｕｌｌｗｉｄｔｈ ﬁ ligature Ω ß ĳ",
    "x" * 500,
    "",
]


@pytest.mark.parametrize("evil", TORTURE, ids=range(len(TORTURE)))
@pytest.mark.parametrize("native", [True, False], ids=["native", "raster"])
def test_any_text_still_prints_and_cannot_inject_commands(evil: str, native: bool) -> None:
    circle = domain.Circle("x", evil, evil, evil)  # a phone that will not parse, too
    content = make_content(buurthuis_name=evil, circle=circle)
    data = render_receipt(content, PaperSpec(58), native_qr=native)
    commands = parse.parse(data)
    assert sum(isinstance(c, parse.Cut) for c in commands) == 1
    assert not any(isinstance(c, parse.Unknown | parse.StatusQuery) for c in commands)
    assert sum(isinstance(c, parse.Init) for c in commands) == 1
    text = parse.text_of(data)
    assert not any(ch in text for ch in domain.BIDI_CONTROLS)
    qr = parse.native_qr_payloads(data) if native else decode(parse.raster_images(data)[0])
    assert [q if isinstance(q, str) else q.decode() for q in qr] == [content.followup_url]
    assert decode(rendered_by_emulator(data, 58)) == [content.followup_url]  # it prints


def test_random_unicode_never_raises_or_escapes_the_text() -> None:
    rng = random.Random(20261127)
    for _ in range(200):
        evil = "".join(chr(rng.randrange(0x110000)) for _ in range(rng.randrange(1, 40)))
        circle = domain.Circle("x", evil, evil[::-1], evil)
        data = render_receipt(make_content(buurthuis_name=evil, circle=circle), PaperSpec(58))
        commands = parse.parse(data)
        assert [type(c) for c in commands].count(parse.Init) == 1
        assert [type(c) for c in commands].count(parse.Cut) == 1
        assert not any(isinstance(c, parse.Unknown | parse.StatusQuery) for c in commands)


def test_transliteration() -> None:
    assert printable("Ayşe Ğül ılık") == "Ayse Gül ilik"
    assert printable("a 👨‍👩‍👧 b") == "a ? b"
    assert printable("\u202eabc\u202c") == "abc"
    assert printable("Café ë €") == "Café ë €"


ASKER_NAME = "Fatma Ğül"
ASKER_PHONE = "+31612345678"


def forms_of_the_asker() -> list[str]:
    return [
        ASKER_NAME,
        "Fatma",
        "Ğül",
        "Gül",
        "Gul",
        "GUL",
        "FATMA",
        ASKER_PHONE,
        "0031612345678",
        "0612345678",
        "06 1234 5678",
        "06-12345678",
        "612345678",
        "6 12345678",
        "12345678",
    ]


def encodings(text: str) -> list[bytes]:
    found = []
    for codec in ("utf-8", "cp858", "cp437", "cp1252", "latin-1", "utf-16-le", "utf-16-be"):
        with contextlib.suppress(UnicodeEncodeError):
            found.append(text.encode(codec))
    found.append(printable(text).encode("cp858", errors="replace"))
    return found


def test_no_asker_data_in_any_receipt_bytes(tmp_path) -> None:
    store = LocalStore.open(tmp_path / "kiosk.db")
    store.seed_circles([CIRCLE])
    draft = domain.AskDraft(
        category="groceries",
        when=domain.When(domain.WhenKind.TOMORROW),
        first_name=ASKER_NAME,
        phone="06 1234 5678",
        circle=CIRCLE.code,
        circle_chosen=True,
    )
    saved = store.save_ask(draft)
    ask = store.ask(saved.id)
    assert ask is not None and ask.person.phone == ASKER_PHONE  # the store does keep them
    content = make_content(
        number=saved.number,
        categories=(ask.category,),
        when=ask.when,
        circle=store.circle(ask.circle),
        followup_url=URL_FOR(saved.followup_token),
    )
    for paper_mm in WIDTHS:
        for native in (True, False):
            for lang in ("nl", "en"):
                data = render_receipt(
                    make_content(**{**content.__dict__, "lang": lang}), PaperSpec(paper_mm), native
                )
                for form in forms_of_the_asker():
                    for encoded in encodings(form):
                        assert encoded not in data, (form, paper_mm, native, lang)
                # positive control: the same search does find the verbinder's phone
                assert any(e in data for e in encodings("06 8765 4321"))
                assert saved.number.encode() in data
    store.close()


def URL_FOR(token: str) -> str:
    return f"https://buurtkiosk.example.nl/r/{token}"


def test_every_printer_word_has_a_dutch_translation() -> None:
    from kiosk.domain import sentences
    from kiosk.i18n import translator
    from kiosk.printer import receipt, status

    words = [
        *receipt.HEADING.values(),
        receipt.NUMBER,
        receipt.WHAT,
        receipt.WHEN,
        receipt.CIRCLE,
        *(calls[0] for calls in sentences.SOMEONE_CALLS.values()),
        *(calls[0] for calls in sentences.VERBINDER_CALLS_BACK.values()),
        sentences.OFFER_CALLS[0],
        sentences.QUESTIONS_CALL,
        sentences.QUESTIONS_DESK,
        *receipt.SCAN.values(),
        receipt.THANKS,
        *status.MESSAGES.values(),
        *status.SAVED_NOT_PRINTED.values(),
        status.YOUR_NUMBER,
        status.TRY_AGAIN,
        *(c.label for c in domain.CATEGORIES),
        *domain.WHEN_LABELS.values(),
        "any time",
        *domain.WEEKDAYS,
        *domain.MONTHS,
    ]
    nl, en = translator("nl"), translator("en")
    for word in words:
        assert nl(word) != word, word
        assert "zorg" not in nl(word).lower()
        assert en(word) == word
