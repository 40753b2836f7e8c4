"""The helper slip, the member card and the fridge list: QR codes read back, plain Dutch lines,
personal data only on the slip, and any text prints."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
from PIL import Image

from kiosk import domain, i18n
from kiosk.printer import (
    Document,
    FridgeRow,
    PaperSpec,
    Phase,
    PrintJob,
    PrintService,
    RecordingTransport,
    SerialTransport,
    documents,
    followup_url,
    helper_url,
    parse,
    render,
    render_fridge_list,
    render_helper_slip,
    render_member_card,
)
from kiosk.printer.emulator import EmulatedPrinter, Renderer
from kiosk.printer.layout import DATE_FORMAT
from tests.printer.conftest import (
    States,
    decode,
    fridge_rows,
    make_card,
    make_content,
    make_fridge_list,
    make_slip,
)

WIDTHS = (58, 80)
# Nine or more digits with at most one space, dot or dash between them: any way of writing a
# phone number (a request number has seven digits).
PHONE_LIKE = re.compile(r"(?:\+|00)?\d(?:[ .-]?\d){8,}")


def printed_image(data: bytes, paper_mm: int) -> Image.Image:
    """The paper as the emulator draws it from these bytes."""
    renderer = Renderer(paper_mm)
    images = [image for c in parse.parse(data) if (image := renderer.apply(c)) is not None]
    assert len(images) == 1, "one paper, one cut"
    return images[0]


def flat(data: bytes) -> str:
    """The printed text with the printer's line wrapping undone."""
    return " ".join(parse.text_of(data).split())


def without_date(text: str, content: Document) -> str:
    return text.replace(content.printed_at.strftime(DATE_FORMAT[content.lang]), "")


def qr_texts(data: bytes, native: bool) -> list[str]:
    if native:
        return [payload.decode("ascii") for payload in parse.native_qr_payloads(data)]
    return [text for image in parse.raster_images(data) for text in decode(image)]


# --- the QR codes read back -----------------------------------------------------------------


@pytest.mark.parametrize("paper_mm", WIDTHS)
@pytest.mark.parametrize("native", [True, False], ids=["native", "raster"])
@pytest.mark.parametrize("which", ["slip", "card"])
def test_qr_reads_back_from_bytes_and_from_the_printed_paper(
    which: str, native: bool, paper_mm: int
) -> None:
    content: Document
    if which == "slip":
        content = make_slip()
        expected = content.helper_url
        data = render_helper_slip(content, PaperSpec(paper_mm), native_qr=native)
    else:
        content = make_card()
        expected = content.card_text
        data = render_member_card(content, PaperSpec(paper_mm), native_qr=native)
    assert qr_texts(data, native) == [expected]
    assert decode(printed_image(data, paper_mm)) == [expected]
    commands = parse.parse(data)
    assert any(isinstance(c, parse.QrPrint) for c in commands) == native
    assert any(isinstance(c, parse.Raster) for c in commands) != native


def test_helper_url_is_next_to_followup_url() -> None:
    assert helper_url("https://k.example.nl/", "abc") == "https://k.example.nl/h/abc"
    assert followup_url("https://k.example.nl", "abc") == "https://k.example.nl/r/abc"


def test_every_paper_over_a_real_pty_to_the_emulators_png(tmp_path: Path) -> None:
    slip, card, fridge = make_slip(), make_card(), make_fridge_list()
    states = States()
    with EmulatedPrinter(tmp_path, paper_mm=58) as printer:
        service = PrintService(
            lambda: SerialTransport(printer.port), states, paper=PaperSpec(58), native_qr=False
        )
        for job_id, content in (("slip", slip), ("card", card), ("list", fridge)):
            service.submit(PrintJob(job_id, content))
        states.wait_for(lambda s: s.job_id == "list" and s.phase is Phase.PRINTED)
        service.close()
        pngs = printer.wait_for_receipts(3)
    assert decode(pngs[0]) == [slip.helper_url]
    assert decode(pngs[1]) == [card.card_text]
    assert decode(pngs[2]) == []
    assert "Open vragen" in flat(pngs[2].with_suffix(".bin").read_bytes())
    assert [s.number for s in states.seen if s.phase is Phase.PRINTED] == [slip.number, "", ""]


# --- the helper slip ------------------------------------------------------------------------


@pytest.mark.parametrize("paper_mm", WIDTHS)
def test_helper_slip_says_who_to_call_where_to_go_what_and_when(paper_mm: int) -> None:
    data = render_helper_slip(make_slip(), PaperSpec(paper_mm))
    text = flat(data)
    for expected in (
        "Buurthuis De Kroon",
        "Hulpbriefje",
        "482-7593",
        "Voor: Fatma",
        "Bel: 06 1234 5678",
        "Adres: Dorpsstraat 12a",
        "Wat: Boodschappen",
        "Wanneer: morgen, zaterdag 28 november",
        "Scan de code als het klaar is, of als u het toch niet kunt doen.",
        "27-11-2026 14:05",
        "Dit briefje bevat persoonlijke gegevens. Gooi het weg als u klaar bent.",
    ):
        assert expected in text
    assert "buurvrouw" not in text  # the note is only for an ask made for a neighbour
    commands = parse.parse(data)
    at = next(i for i, c in enumerate(commands) if b"06 1234 5678" in getattr(c, "data", b""))
    size = next(c for c in reversed(commands[:at]) if isinstance(c, parse.Style) and c.width)
    assert size.width == 2  # large, and on one line: never wrapped inside the number


def test_helper_slip_for_a_neighbour_without_address_in_english() -> None:
    dutch = flat(render_helper_slip(make_slip(for_neighbour=True, street=None, house_number="3")))
    assert "Gevraagd voor een buurman of buurvrouw." in dutch
    assert "Adres onbekend: bel eerst en vraag waar u heen moet." in dutch
    assert "Adres:" not in dutch and " 3 " not in dutch
    english = flat(render_helper_slip(make_slip(lang="en", street="  ", for_neighbour=True)))
    for expected in (
        "Helper slip",
        "For: Fatma",
        "Asked for a neighbour.",
        "Call: 06 1234 5678",
        "Address unknown: call first",
        "What: Groceries",
        "When: tomorrow, Saturday 28 November",
        "27/11/2026 14:05",
        "This slip has personal details.",
    ):
        assert expected in english
    assert "Bel" not in english and "Voor" not in english


def test_helper_slip_for_a_call_back_tells_the_helper_to_call() -> None:
    text = flat(render_helper_slip(make_slip(category=domain.CALLBACK), PaperSpec(58)))
    assert "Wat: Bel terug. Aan de telefoon hoort u wat er nodig is." in text
    english = flat(render_helper_slip(make_slip(category=domain.CALLBACK, lang="en")))
    assert "What: Call back." in english


def test_helper_slip_street_without_house_number_and_a_foreign_phone() -> None:
    text = flat(render_helper_slip(make_slip(house_number=None, phone="+32470123456")))
    assert "Adres: Dorpsstraat Wat:" in text
    assert "Bel: +32 470 12 34 56" in text


@pytest.mark.parametrize("paper_mm", WIDTHS)
def test_helper_slip_number_is_large_and_on_one_line(paper_mm: int) -> None:
    commands = parse.parse(render_helper_slip(make_slip(), PaperSpec(paper_mm)))
    at = next(i for i, c in enumerate(commands) if c == parse.Text(b"482-7593"))
    size = next(c for c in reversed(commands[:at]) if isinstance(c, parse.Style) and c.width)
    assert size.width == size.height == PaperSpec(paper_mm).number_scale >= 3
    assert 8 * 12 * size.width <= PaperSpec(paper_mm).dots


# --- the member card ------------------------------------------------------------------------


@pytest.mark.parametrize("paper_mm", WIDTHS)
def test_member_card_has_name_circle_and_what_to_do_and_no_contact(paper_mm: int) -> None:
    card = make_card()
    data = render_member_card(card, PaperSpec(paper_mm))
    text = flat(data)
    for expected in (
        "Buurthuis De Kroon",
        "Mijn kaart",
        "Anna",
        "Buurtkring: Brandevoort Noord",
        "Scan deze kaart bij de kiosk om te helpen.",
        "Kwijt? Vraag de verbinder om een nieuwe kaart.",
    ):
        assert expected in text
    assert card.card_text[6:] not in text  # the card's secret is in the code only
    commands = parse.parse(data)
    at = next(i for i, c in enumerate(commands) if c == parse.Text(b"Anna"))
    size = next(c for c in reversed(commands[:at]) if isinstance(c, parse.Style) and c.width)
    assert size.width >= 3


def test_member_card_without_circle_and_a_long_name() -> None:
    text = flat(render_member_card(make_card(circle_name=None, lang="en"), PaperSpec(58)))
    assert "My card" in text and "Circle" not in text
    long_name = "Wilhelmina Johanna Maria"
    data = render_member_card(make_card(first_name=long_name), PaperSpec(58))
    assert long_name in flat(data)
    for line in parse.text_of(data).splitlines():
        assert len(line) <= PaperSpec(58).columns


# --- the fridge list ------------------------------------------------------------------------


def test_fridge_list_one_block_per_ask_longest_waiting_first() -> None:
    rows = (
        FridgeRow("482-7593", "groceries", domain.When(domain.WhenKind.TOMORROW), 3, "Marie"),
        FridgeRow("222-3333", "dog", domain.When(domain.WhenKind.TODAY), 0, "Kees"),
        FridgeRow("555-6666", domain.CALLBACK, domain.When(domain.WhenKind.ANY_TIME), 12, "ö"),
        FridgeRow("777-8888", "meal", domain.When(domain.WhenKind.THIS_WEEK), 1, "jan"),
    )
    content = make_fridge_list(rows=rows)
    for paper_mm in WIDTHS:
        data = render_fridge_list(content, PaperSpec(paper_mm))
        text = flat(data)
        assert "Open vragen Brandevoort Noord" in text
        assert "Verbinder: Anna de Vries" in text
        assert "Geprint: 27-11-2026 14:05" in text
        assert "4 vragen staan open." in text
        for block in (  # what and when on two lines when they do not fit on one
            "482-7593 Boodschappen,? morgen, zaterdag 28 november 3 dagen open - M.",
            "222-3333 Hond uitlaten,? vandaag, vrijdag 27 november nieuw - K.",
            "555-6666 Bel mij terug,? wanneer het uitkomt 12 dagen open - Ö.",
            "777-8888 Warme maaltijd,? deze week, tot en met zondag 29 november 1 dag open - J.",
        ):
            assert re.search(block.replace(".", r"\."), text), block
        order = [text.index(n) for n in ("555-6666", "482-7593", "777-8888", "222-3333")]
        assert order == sorted(order)
        assert text.endswith("Kijk op de kiosk voor namen en telefoonnummers.")
        assert "Marie" not in text and "Kees" not in text
        commands = parse.parse(data)
        at = next(i for i, c in enumerate(commands) if c == parse.Text(b"482-7593"))
        assert commands[at - 1] == parse.Style(bold=True)


def test_fridge_list_with_nothing_open() -> None:
    text = flat(render_fridge_list(make_fridge_list(rows=())))
    assert "Er staat nu niets open." in text and "vragen staan" not in text
    assert "Kijk op de kiosk" in text
    english = flat(render_fridge_list(make_fridge_list(rows=(), lang="en")))
    assert "Open requests Brandevoort Noord" in english
    assert "Nothing is open right now." in english


@pytest.mark.parametrize("paper_mm", WIDTHS)
def test_fridge_list_of_a_hundred_asks(paper_mm: int) -> None:
    content = make_fridge_list(rows=fridge_rows(100))
    data = render_fridge_list(content, PaperSpec(paper_mm))
    text = parse.text_of(data)
    assert "100 vragen staan open." in text
    for row in content.rows:
        assert text.count(row.number) == 1
    for line in text.splitlines():
        assert len(line) <= PaperSpec(paper_mm).columns
    wrapped = [line for line in text.splitlines() if line.startswith(" ")]
    assert wrapped and all(line.startswith(" " * documents.NUMBER_WIDTH) for line in wrapped)
    paper = printed_image(data, paper_mm)
    assert paper.width == PaperSpec(paper_mm).dots
    assert paper.height > 100 * 2 * 30  # at least two lines per ask were drawn


def test_fridge_list_prints_no_other_digits_than_a_request_number() -> None:
    sneaky = FridgeRow("0612345678", "dog", domain.When(domain.WhenKind.TODAY), -2, "+316")
    text = flat(render_fridge_list(make_fridge_list(rows=(sneaky,))))
    assert "? Hond uitlaten vandaag, vrijdag 27 november nieuw - ?" in text
    assert "0612345678" not in text


# --- personal data: on the slip, and nowhere else -----------------------------------------


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
@pytest.mark.parametrize("paper_mm", WIDTHS)
def test_no_phone_number_on_the_card_or_the_fridge_list(paper_mm: int, lang: str) -> None:
    slip = make_slip(lang=lang)
    found = PHONE_LIKE.findall(without_date(flat(render(slip, PaperSpec(paper_mm))), slip))
    assert found == ["06 1234 5678"]  # the pattern does find a phone number
    for content in (make_card(lang=lang), make_fridge_list(rows=fridge_rows(100), lang=lang)):
        text = without_date(flat(render(content, PaperSpec(paper_mm))), content)
        assert PHONE_LIKE.findall(text) == [], type(content).__name__
        assert "straat" not in text.lower()


# --- any text prints ----------------------------------------------------------------------

TORTURE = [
    "Renée Zoë Anaïs",
    "Jan 👨‍👩‍👧‍👦 de 👍🏽 Vries ❤️",
    "Ayşe Yılmaz Ğüzel",
    "Piet\u202egnirts\u202c\u2066 \u200f",
    "\x1b@\x1dV\x00\x10\x04\x01\x1d(k\x03\x001Q0",
    "x" * 300,
    "",
]


def tortured(evil: str) -> list[Document]:
    return [
        make_slip(first_name=evil, street=evil, house_number=evil, buurthuis_name=evil, phone=evil),
        make_slip(category=evil, lang=evil),
        make_card(first_name=evil, circle_name=evil, buurthuis_name=evil),
        make_fridge_list(
            circle_name=evil,
            verbinder_name=evil,
            buurthuis_name=evil,
            rows=(FridgeRow(evil, evil, domain.When(domain.WhenKind.TODAY), 10**6, evil),),
        ),
    ]


@pytest.mark.parametrize("evil", TORTURE, ids=range(len(TORTURE)))
@pytest.mark.parametrize("native", [True, False], ids=["native", "raster"])
def test_any_text_prints_and_cannot_inject_commands(evil: str, native: bool) -> None:
    for content in tortured(evil):
        data = render(content, PaperSpec(58), native_qr=native)
        commands = parse.parse(data)
        assert [type(c) for c in commands].count(parse.Init) == 1
        assert [type(c) for c in commands].count(parse.Cut) == 1
        assert not any(isinstance(c, parse.Unknown | parse.StatusQuery) for c in commands)
        assert not any(ch in parse.text_of(data) for ch in domain.BIDI_CONTROLS)
        printed_image(data, 58)


def test_accents_print_in_the_code_page_and_emoji_as_a_question_mark() -> None:
    slip = flat(render(make_slip(first_name="Zoë 👍🏽", street="Rue de l'Église")))
    assert "Voor: Zoë ?" in slip and "Adres: Rue de l'Église 12a" in slip
    card = render(make_card(first_name="Renée"), codepage=(16, "cp1252"))
    assert "Renée".encode("cp1252") in card and b"\x1bt\x10" in card


# --- print jobs -----------------------------------------------------------------------------


def test_a_print_job_carries_any_paper_and_the_worker_renders_each(states: States) -> None:
    printer = RecordingTransport()
    service = PrintService(lambda: printer, states, poll_interval=0.05)
    contents: list[Document] = [make_content(), make_slip(), make_card(), make_fridge_list()]
    jobs = [PrintJob(f"job-{i}", content) for i, content in enumerate(contents)]
    assert [job.number for job in jobs] == ["K7M-4HX", "482-7593", "", ""]
    assert [job.kind for job in jobs] == ["receipt", "helperslip", "membercard", "fridgelist"]
    for job in jobs:
        service.submit(job)
    states.wait_for(lambda s: s.job_id == "job-3" and s.phase is Phase.PRINTED)
    service.close()
    written = bytes(printer.written)
    assert [type(c) for c in parse.parse(written)].count(parse.Cut) == 4
    for content in contents:
        assert render(content, service.paper, service.native_qr) in written


def test_a_helper_slip_nobody_waits_for_is_dropped_sooner_than_a_receipt(states: States) -> None:
    now = [1000.0]
    service = PrintService(
        lambda: RecordingTransport(status={}),
        states,
        poll_interval=0.05,
        job_ttl=600,
        slip_ttl=120,
        clock=lambda: now[0],
    )
    service.submit(PrintJob("slip", make_slip()))
    service.submit(PrintJob("receipt", make_content()))
    states.wait_for(lambda s: s.job_id == "slip" and s.phase is Phase.FAULT)
    now[0] += 121
    mark = states.mark()
    service.retry_now()
    gone = states.wait_for(lambda s: s.phase is Phase.EXPIRED, since=mark)
    assert gone.job_id == "slip"
    states.wait_for(lambda s: s.job_id == "receipt" and s.phase is Phase.FAULT, since=mark)
    assert service.is_pending("receipt") and not service.is_pending("slip")
    service.close()


def test_every_new_printed_word_has_a_dutch_translation() -> None:
    nl, en = i18n.translator("nl"), i18n.translator("en")
    words = [
        value
        for name, value in vars(documents).items()
        if name.isupper() and isinstance(value, str)
    ] + [*documents.LIST_COUNT, *documents.DAYS_OPEN]
    assert len(words) > 15
    for word in words:
        assert nl(word) != word, word
        assert "zorg" not in nl(word).lower()
        assert en(word) == word
    assert replace(make_slip(), lang="xx").lang == "xx"  # unknown languages print in Dutch
    assert "Hulpbriefje" in flat(render(make_slip(lang="xx")))
