"""The other three things the kiosk prints: a helper slip, a member card, a verbinder's list.

Each has a content type whose fields are all it may print, and a render function that, like
:func:`~kiosk.printer.receipt.render_receipt`, never raises. :func:`render` picks the right one
for a print job.

* The helper slip is the one paper with someone's contact details on it; see
  :class:`HelperSlipContent` for why and when.
* The member card carries the card's QR text and a first name: no phone, no address.
* The fridge list is for the verbinder's fridge door: numbers, what, when, days open and an
  initial. The verbinder calls people from the kiosk, where the contact details are.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from kiosk import domain, i18n
from kiosk.i18n import N_
from kiosk.printer import escpos
from kiosk.printer.layout import Page, PaperSpec, phone_words, what_words, when_words
from kiosk.printer.receipt import CIRCLE, NUMBER, WHAT, WHEN, ReceiptContent, render_receipt

# --- the helper slip --------------------------------------------------------------------------


@dataclass(frozen=True)
class HelperSlipContent:
    """What a volunteer takes along after claiming an ask.

    This slip carries personal data on purpose: the asker's first name, phone number and,
    when known, address. Without them nobody can help. It is printed only for the claimer,
    after the central store has confirmed the claim (the first claim wins), so it goes to the
    one person the asker's details are meant for, never to the public board. It says on it to
    throw it away when done, and the print service drops it sooner than other papers when the
    printer cannot print it, so that it does not lie in the tray for the next person.
    """

    number: str
    category: str  # a category code, "callback" included
    when: domain.When
    first_name: str
    phone: str  # E.164; printed as domain.display_phone shows it
    street: str | None
    house_number: str | None
    for_neighbour: bool  # the asker asked on behalf of a neighbour
    helper_url: str  # {public_url}/h/{token}; see receipt.helper_url()
    buurthuis_name: str
    printed_at: datetime
    lang: str = i18n.DEFAULT_LANGUAGE


SLIP_HEADING = N_("Helper slip")
FOR = N_("For: {name}")
FOR_NEIGHBOUR = N_("Asked for a neighbour. Call and ask who gets the help.")
CALL = N_("Call: {phone}")
ADDRESS = N_("Address: {address}")
ADDRESS_UNKNOWN = N_("Address unknown: call first and ask where to go.")
CALL_BACK = N_("Call back. On the phone you will hear what is needed.")
SLIP_SCAN = N_("Scan the code when it is done, or if you cannot do it after all.")
SLIP_AT_KIOSK = N_("When it is done: sign in at the kiosk and tap 'My jobs'.")
SLIP_PRIVATE = N_("This slip has personal details. Throw it away when you are done.")


def render_helper_slip(
    content: HelperSlipContent,
    paper: PaperSpec | None = None,
    native_qr: bool = True,
    codepage: tuple[int, str] | None = None,
) -> bytes:
    page = Page(paper, codepage, content.lang)
    t = page.t
    _heading(page, content.buurthuis_name, t(SLIP_HEADING))
    page.line(t(NUMBER))
    _large(page, content.number, bold=True)
    page.add(escpos.LF + escpos.align(escpos.ALIGN_LEFT))

    page.size(1, 2)
    page.add(escpos.bold(True))
    page.line(t(FOR).format(name=content.first_name), indent=2)
    if content.for_neighbour:
        page.add(escpos.bold(False))
        page.line(t(FOR_NEIGHBOUR))
        page.add(escpos.bold(True))
    phone = phone_words(content.phone)
    call = t(CALL).format(phone=phone)
    if len(escpos.printable(call, page.codec)) <= page.paper.columns // 2:
        _largest_on_one_line(page, call, scales=(2,), height=2)
    else:  # 58 mm: "Bel:" above, so that the number itself can still be large
        page.line(t(CALL).format(phone="").strip())
        _largest_on_one_line(page, phone, scales=(2, 1), height=2)
    page.size(1, 2)
    page.add(escpos.bold(False))
    page.line(_address(content, t), indent=2)
    if content.category == domain.CALLBACK:
        page.line(f"{t(WHAT)} {t(CALL_BACK)}", indent=2)
    else:
        page.line(f"{t(WHAT)} {what_words((content.category,), t)}", indent=2)
    page.line(f"{t(WHEN)} {when_words(content.when, t, content.printed_at)}", indent=2)
    page.size(1, 1)

    if content.helper_url:
        page.qr(content.helper_url, native_qr)
        page.line(t(SLIP_SCAN))
    else:  # a reprint on a later visit: the token was never stored, only its hash
        page.line(t(SLIP_AT_KIOSK))
    page.add(escpos.LF)
    page.line(page.date(content.printed_at))
    page.add(escpos.LF + escpos.bold(True))
    page.line(t(SLIP_PRIVATE))
    return page.finish()


def _address(content: HelperSlipContent, t: Callable[[str], str]) -> str:
    street = " ".join((content.street or "").split())
    if not street:
        return t(ADDRESS_UNKNOWN)
    number = " ".join((content.house_number or "").split())
    return t(ADDRESS).format(address=f"{street} {number}".strip())


# --- the member card --------------------------------------------------------------------------


@dataclass(frozen=True)
class MemberCardContent:
    """A volunteer's card: scanned at the kiosk instead of typing a PIN. The QR text is the
    card's secret; a lost card is replaced by the verbinder, which makes the old text useless."""

    first_name: str
    circle_name: str | None
    card_text: str  # the QR text: domain.MEMBER_CARD_PREFIX + 32 hex characters
    buurthuis_name: str
    printed_at: datetime
    lang: str = i18n.DEFAULT_LANGUAGE


CARD_HEADING = N_("My card")
CARD_SCAN = N_("Scan this card at the kiosk to help.")
CARD_LOST = N_("Lost it? Ask the connector for a new card.")


def render_member_card(
    content: MemberCardContent,
    paper: PaperSpec | None = None,
    native_qr: bool = True,
    codepage: tuple[int, str] | None = None,
) -> bytes:
    page = Page(paper, codepage, content.lang)
    t = page.t
    _heading(page, content.buurthuis_name, t(CARD_HEADING))
    _large(page, content.first_name, bold=True)
    page.add(escpos.bold(False))
    if content.circle_name:
        page.size(1, 2)
        page.line(f"{t(CIRCLE)} {content.circle_name}")
        page.size(1, 1)
    page.qr(content.card_text, native_qr)
    page.size(1, 2)
    page.add(escpos.bold(True))
    page.line(t(CARD_SCAN))
    page.size(1, 1)
    page.add(escpos.bold(False) + escpos.LF)
    page.line(t(CARD_LOST))
    page.add(escpos.LF)
    page.line(page.date(content.printed_at))
    return page.finish()


# --- the verbinder's fridge list --------------------------------------------------------------


@dataclass(frozen=True)
class FridgeRow:
    """One open ask, as the verbinder may have it on paper: no name but an initial, no phone.
    ``initial`` may be given a whole first name; only its first letter is ever printed."""

    number: str
    category: str
    when: domain.When
    days_open: int
    initial: str


@dataclass(frozen=True)
class FridgeListContent:
    circle_name: str
    verbinder_name: str
    rows: tuple[FridgeRow, ...]
    buurthuis_name: str
    printed_at: datetime
    lang: str = i18n.DEFAULT_LANGUAGE


LIST_HEADING = N_("Open requests {circle}")
LIST_FOR = N_("Connector: {name}")
LIST_PRINTED = N_("Printed: {date}")
LIST_COUNT = (N_("1 request is open."), N_("{count} requests are open."))
LIST_EMPTY = N_("Nothing is open right now.")
DAYS_OPEN = (N_("new request"), N_("1 day open"), N_("{days} days open"))
LIST_CONTACT = N_("Look at the kiosk for names and phone numbers.")
NUMBER_WIDTH = 10  # "482-7593" and two spaces: wrapped lines start under the text


def render_fridge_list(
    content: FridgeListContent,
    paper: PaperSpec | None = None,
    native_qr: bool = True,
    codepage: tuple[int, str] | None = None,
) -> bytes:
    """The asks that wait longest come first. ``native_qr`` is unused (the list has no code);
    it is there so that every document renders with the same call."""
    page = Page(paper, codepage, content.lang)
    t = page.t
    _heading(page, content.buurthuis_name, t(LIST_HEADING).format(circle=content.circle_name))
    page.line(t(LIST_FOR).format(name=content.verbinder_name))
    page.line(t(LIST_PRINTED).format(date=page.date(content.printed_at)))
    page.add(escpos.LF + escpos.align(escpos.ALIGN_LEFT))
    rows = sorted(content.rows, key=lambda row: -row.days_open)
    if not rows:
        page.size(1, 2)
        page.line(t(LIST_EMPTY))
        page.size(1, 1)
    else:
        page.add(escpos.bold(True))
        count = LIST_COUNT[0] if len(rows) == 1 else LIST_COUNT[1]
        page.line(t(count).format(count=len(rows)))
        page.add(escpos.bold(False) + escpos.LF)
    for row in rows:
        _fridge_row(page, row, content.printed_at)
    page.add(escpos.LF + escpos.bold(True))
    page.line(t(LIST_CONTACT))
    return page.finish()


def _fridge_row(page: Page, row: FridgeRow, printed_at: datetime) -> None:
    """Two parts under one bold number, each wrapped under the text, not under the number::

    482-7593  Boodschappen, morgen
              3 dagen open - M.
    """
    t = page.t
    number = domain.normalise_request_number(row.number) or "?"  # never any other digits
    days = max(0, row.days_open)
    age = t(DAYS_OPEN[min(days, 2)]).format(days=days)
    what, when = what_words((row.category,), t), when_words(row.when, t, printed_at)
    parts = [f"{what}, {when}"]
    if len(escpos.printable(parts[0], page.codec)) > page.columns - NUMBER_WIDTH:
        parts = [what, when]  # each on its own line rather than split anywhere
    lines: list[str] = []
    for part in (*parts, f"{age} - {domain.first_initial(row.initial)}"):
        lines += textwrap.wrap(
            escpos.printable(part, page.codec),
            page.columns,
            initial_indent=" " * NUMBER_WIDTH,
            subsequent_indent=" " * NUMBER_WIDTH,
        )
    # already printable: encoded as is, so the indents are kept
    page.add(escpos.bold(True) + number.encode(page.codec) + escpos.bold(False))
    page.add(lines[0][len(number) :].encode(page.codec, errors="replace") + escpos.LF)
    for part in lines[1:]:
        page.add(part.encode(page.codec, errors="replace") + escpos.LF)
    page.add(escpos.feed_dots(8))


# --- shared ----------------------------------------------------------------------------------


def _heading(page: Page, buurthuis: str, heading: str) -> None:
    page.add(escpos.align(escpos.ALIGN_CENTER) + escpos.bold(True))
    page.line(buurthuis)
    page.size(2, 2)
    page.line(heading)
    page.size(1, 1)
    page.add(escpos.bold(False) + escpos.LF)


def _large(page: Page, text: str, bold: bool) -> None:
    """As large as the paper allows, down to double size for long names (which then wrap)."""
    scale = page.paper.number_scale
    _largest_on_one_line(page, text, scales=(scale, scale - 1, 2), height=None, bold=bold)
    page.add(escpos.LF)


def _largest_on_one_line(
    page: Page, text: str, scales: tuple[int, ...], height: int | None, bold: bool = True
) -> None:
    """``text`` at the first scale at which it fits one line, else the last (wrapped)."""
    clean = escpos.printable(text, page.codec)
    chosen = next((s for s in scales if len(clean) <= page.paper.columns // s), scales[-1])
    page.size(chosen, height or chosen)
    page.add(escpos.bold(bold))
    page.line(clean)
    page.size(1, 1)


Document = ReceiptContent | HelperSlipContent | MemberCardContent | FridgeListContent


def render(
    content: Document,
    paper: PaperSpec | None = None,
    native_qr: bool = True,
    codepage: tuple[int, str] | None = None,
) -> bytes:
    """Any document as ESC/POS bytes, with its own render function."""
    if isinstance(content, HelperSlipContent):
        return render_helper_slip(content, paper, native_qr, codepage)
    if isinstance(content, MemberCardContent):
        return render_member_card(content, paper, native_qr, codepage)
    if isinstance(content, FridgeListContent):
        return render_fridge_list(content, paper, native_qr, codepage)
    return render_receipt(content, paper, native_qr, codepage)


def document_number(content: Document) -> str:
    """The request number a document is about; a card and a list are about none."""
    if isinstance(content, ReceiptContent | HelperSlipContent):
        return content.number
    return ""
