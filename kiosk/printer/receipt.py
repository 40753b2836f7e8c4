"""The paper receipt a person takes home after an ask or an offer: layout to ESC/POS bytes.

What is on it: the buurthuis, "Uw hulpvraag" or "Uw aanbod", the request number large, what and
when, the circle, who will call (the verbinder, from the circle), the follow-up QR code, date and
time, and a thank-you. What is never on it: anything of the person who asked or offered. The
content type has no field for it, so a layout change cannot leak it by accident.

:func:`render_receipt` never raises: the text is reduced to the code page, an unknown language
falls back to Dutch, a phone number that will not parse is printed as stored.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from kiosk import domain, i18n
from kiosk.i18n import N_
from kiosk.printer import escpos

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


@dataclass(frozen=True)
class PaperSpec:
    """58 or 80 mm roll at 203 dpi with font A (12 × 24 dots)."""

    width_mm: Literal[58, 80] = 80

    def __post_init__(self) -> None:
        if self.width_mm not in (58, 80):
            raise ValueError(f"paper is 58 or 80 mm wide, not {self.width_mm}")

    @property
    def dots(self) -> int:
        return 384 if self.width_mm == 58 else 576

    @property
    def columns(self) -> int:
        return self.dots // 12

    @property
    def number_scale(self) -> int:
        """Magnification of the request number: 7 characters still fit on one line."""
        return 3 if self.width_mm == 58 else 4

    @property
    def qr_module(self) -> int:
        """Native QR module in dots; costs no bytes, so as large as looks calm (0.75/1 mm)."""
        return 6 if self.width_mm == 58 else 8

    @property
    def raster_module(self) -> int:
        """Raster QR module in dots: 4 dots = 0.5 mm, the smallest a phone reads reliably
        from thermal paper (3 dots = 0.375 mm blurs as the paper bleeds). Bytes grow with its
        square, so it is the same on both widths."""
        return 4


# Message ids used only here (N_ marks them for extraction; translated with the receipt's lang).
HEADING = {"ask": N_("Your request for help"), "offer": N_("Your offer of help")}
NUMBER = N_("Number")
WHAT = N_("What:")
WHEN = N_("When:")
CIRCLE = N_("Circle:")
CALLS_YOU = N_("The connector will call you:")
CALLS_YOU_SOON = N_("The connector will call you soon.")
SCAN = {
    "ask": N_("Scan the code to follow your request."),
    "offer": N_("Scan the code to follow your offer."),
}
THANKS = N_("Thank you!")
DATE_FORMAT = {"nl": "%d-%m-%Y %H:%M", "en": "%d/%m/%Y %H:%M"}


def render_receipt(
    content: ReceiptContent,
    paper: PaperSpec | None = None,
    native_qr: bool = True,
    codepage: tuple[int, str] | None = None,
) -> bytes:
    """``codepage`` is (ESC t number, Python codec); PC858 (19, "cp858") unless the printer's
    profile says otherwise, see :data:`kiosk.printer.config.PROFILES`."""
    paper = paper or PaperSpec()
    page, codec = codepage or (escpos.CODEPAGE_PC858, "cp858")
    lang = content.lang if content.lang in i18n.LANGUAGES else i18n.DEFAULT_LANGUAGE
    t = i18n.translator(lang)
    cols = paper.columns
    out = bytearray(escpos.INIT + escpos.select_codepage(page))

    def line(text: str, width: int = cols) -> None:
        for part in textwrap.wrap(escpos.printable(text, codec), width) or [""]:
            out.extend(escpos.encode(part, codec) + escpos.LF)

    out += escpos.align(escpos.ALIGN_CENTER) + escpos.bold(True)
    line(content.buurthuis_name)
    out += escpos.size(2, 2)
    line(t(HEADING.get(content.kind, HEADING["ask"])), cols // 2)
    out += escpos.size(1, 1) + escpos.bold(False) + escpos.LF
    line(t(NUMBER))
    scale = paper.number_scale
    out += escpos.size(scale, scale) + escpos.bold(True)
    line(content.number, cols // scale)
    out += escpos.size(1, 1) + escpos.bold(False) + escpos.LF

    out += escpos.align(escpos.ALIGN_LEFT) + escpos.size(1, 2)
    line(f"{t(WHAT)} {_what(content.categories, t)}")
    line(f"{t(WHEN)} {_when(content.when, t)}")
    if content.circle is not None:
        line(f"{t(CIRCLE)} {content.circle.name}")
    out += escpos.size(1, 1) + escpos.LF + escpos.bold(True)
    if content.circle is not None:
        line(t(CALLS_YOU))
        out += escpos.size(1, 2)
        line(content.circle.verbinder_name)
        line(_phone(content.circle.verbinder_phone))
        out += escpos.size(1, 1)
    else:
        line(t(CALLS_YOU_SOON))
    module = paper.qr_module if native_qr else paper.raster_module
    quiet = escpos.feed_dots(4 * module)  # the quiet zone the QR standard asks: 4 modules
    out += escpos.bold(False) + quiet + escpos.align(escpos.ALIGN_CENTER)
    if native_qr:
        out += escpos.native_qr(content.followup_url, module)
    else:
        out += escpos.raster_qr(content.followup_url, module)
    out += quiet
    line(t(SCAN.get(content.kind, SCAN["ask"])))
    out += escpos.LF
    line(content.printed_at.strftime(DATE_FORMAT[lang]))
    out += escpos.bold(True)
    line(t(THANKS))
    out += escpos.bold(False) + escpos.cut()
    return bytes(out)


def _what(codes: tuple[str, ...], t: Callable[[str], str]) -> str:
    labels = [
        t(
            domain.CATEGORY_BY_CODE[code].label
            if code in domain.CATEGORY_BY_CODE
            else "Something else"
        )
        for code in codes
    ] or [t("Something else")]
    return ", ".join(labels)


def _when(when: domain.When, t: Callable[[str], str]) -> str:
    """Like When.describe(), but in the receipt's language rather than the current one."""
    if when.kind is domain.WhenKind.ON_DAY and when.day is not None:
        day = when.day
        return t("{weekday} {day} {month}").format(
            weekday=t(domain.WEEKDAYS[day.weekday()]).lower(),
            day=day.day,
            month=t(domain.MONTHS[day.month - 1]).lower(),
        )
    if when.kind is domain.WhenKind.ANY_TIME:
        return t("any time")
    return t(domain.WHEN_LABELS[when.kind]).lower()


def _phone(e164: str) -> str:
    try:
        return domain.display_phone(e164)
    except Exception:  # a number that will not parse is still worth printing as stored
        return e164
