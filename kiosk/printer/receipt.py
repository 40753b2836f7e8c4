"""The paper receipt a person takes home after an ask or an offer: layout to ESC/POS bytes.

What is on it: the buurthuis, "Uw hulpvraag" or "Uw aanbod", the request number large, what and
when, the circle, who will call and whom to call with questions (the verbinder, from the circle),
the follow-up QR code, date and time, and a thank-you. What is never on it: anything of the person who asked or offered. The
content type has no field for it, so a layout change cannot leak it by accident.

:func:`render_receipt` never raises: the text is reduced to the code page, an unknown language
falls back to Dutch, a phone number that will not parse is printed as stored.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from kiosk import domain, i18n
from kiosk.i18n import N_
from kiosk.printer import escpos
from kiosk.printer.layout import DATE_FORMAT, Page, PaperSpec, what_words, when_words

__all__ = [
    "DATE_FORMAT",
    "PaperSpec",
    "ReceiptContent",
    "followup_url",
    "helper_url",
    "render_receipt",
]

Kind = Literal["ask", "offer"]


@dataclass(frozen=True)
class ReceiptContent:
    kind: Kind
    number: str
    categories: tuple[str, ...]  # category codes, see kiosk.domain.CATEGORIES
    when: domain.When
    circle: domain.Circle | None
    followup_url: str  # {public_url}/r/{token}; see followup_url()
    buurthuis_name: str
    printed_at: datetime
    lang: str = i18n.DEFAULT_LANGUAGE


def followup_url(public_url: str, token: str) -> str:
    return f"{public_url.rstrip('/')}/r/{token}"


def helper_url(public_url: str, token: str) -> str:
    """The helper slip's QR: done, or give it back. The claim's own token, not the ask's."""
    return f"{public_url.rstrip('/')}/h/{token}"


# Message ids used only here (N_ marks them for extraction; translated with the receipt's lang).
HEADING = {"ask": N_("Your request for help"), "offer": N_("Your offer of help")}
NUMBER = N_("Number")
WHAT = N_("What:")
WHEN = N_("When:")
CIRCLE = N_("Circle:")
SCAN = {
    "ask": N_("Scan the code to follow your request."),
    "offer": N_("Scan the code to follow your offer."),
}
THANKS = N_("Thank you!")


def render_receipt(
    content: ReceiptContent,
    paper: PaperSpec | None = None,
    native_qr: bool = True,
    codepage: tuple[int, str] | None = None,
) -> bytes:
    """``codepage`` is (ESC t number, Python codec); PC858 (19, "cp858") unless the printer's
    profile says otherwise, see :data:`kiosk.printer.config.PROFILES`."""
    page = Page(paper, codepage, content.lang)
    t = page.t
    page.add(escpos.align(escpos.ALIGN_CENTER) + escpos.bold(True))
    page.line(content.buurthuis_name)
    page.size(2, 2)
    page.line(t(HEADING.get(content.kind, HEADING["ask"])))
    page.size(1, 1)
    page.add(escpos.bold(False) + escpos.LF)
    page.line(t(NUMBER))
    scale = page.paper.number_scale
    page.size(scale, scale)
    page.add(escpos.bold(True))
    page.line(content.number)
    page.size(1, 1)
    page.add(escpos.bold(False) + escpos.LF)

    page.add(escpos.align(escpos.ALIGN_LEFT))
    page.size(1, 2)
    page.line(f"{t(WHAT)} {what_words(content.categories, t)}")
    page.line(f"{t(WHEN)} {when_words(content.when, t, content.printed_at)}")
    if content.circle is not None:
        page.line(f"{t(CIRCLE)} {content.circle.name}")
    page.size(1, 1)
    page.add(escpos.LF)
    _who_calls(page, content)
    page.qr(content.followup_url, native_qr)
    page.line(t(SCAN.get(content.kind, SCAN["ask"])))
    page.add(escpos.LF)
    page.line(page.date(content.printed_at))
    page.add(escpos.bold(True))
    page.line(t(THANKS))
    return page.finish()


def _who_calls(page: Page, content: ReceiptContent) -> None:
    """The sentence the check screen said, without her phone; the verbinder's number large
    on a line of its own, so that it never breaks."""
    kind = "offer" if content.kind == "offer" else "ask"
    if content.categories == (domain.CALLBACK,):
        kind = "callback"
    said = domain.who_calls(content.circle, page.t, kind=kind)
    page.add(escpos.bold(True))
    page.line(said.calls)
    page.add(escpos.bold(False))
    page.line(said.questions)
    if said.phone:
        page.size(1, 2)
        page.add(escpos.bold(True))
        page.line(said.phone)
        page.size(1, 1)
        page.add(escpos.bold(False))
