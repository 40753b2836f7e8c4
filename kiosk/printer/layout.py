"""What every printed document shares: the paper, a page built line by line, words for a day.

A :class:`Page` reduces every text to the code page before it becomes bytes and wraps it at the
width the current character size leaves, so no layout can send a command by accident or run off
the paper. Nothing here raises on odd text.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from kiosk import domain, i18n
from kiosk.clock import LOCAL_TIME
from kiosk.printer import escpos

DATE_FORMAT = {"nl": "%d-%m-%Y %H:%M", "en": "%d/%m/%Y %H:%M"}


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
        """Magnification of the request number: 8 characters (482-7593) fit on one line."""
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


class Page:
    """One document's ESC/POS bytes: init and code page first, a cut in :meth:`finish`."""

    def __init__(
        self, paper: PaperSpec | None, codepage: tuple[int, str] | None, lang: str
    ) -> None:
        self.paper = paper or PaperSpec()
        page, self.codec = codepage or (escpos.CODEPAGE_PC858, "cp858")
        self.lang = lang if lang in i18n.LANGUAGES else i18n.DEFAULT_LANGUAGE
        self.t = i18n.translator(self.lang)
        self.out = bytearray(escpos.INIT + escpos.select_codepage(page))
        self._width = 1

    @property
    def columns(self) -> int:
        """Characters on a line at the current size."""
        return self.paper.columns // self._width

    def add(self, data: bytes) -> None:
        self.out += data

    def size(self, width: int, height: int) -> None:
        self._width = width
        self.out += escpos.size(width, height)

    def line(self, text: str, indent: int = 0) -> None:
        """``text`` wrapped at the paper edge; ``indent`` spaces before every line after the
        first, so a wrapped entry stays visibly one entry."""
        for part in self.wrap(text, indent):
            self.out += escpos.encode(part, self.codec) + escpos.LF

    def wrap(self, text: str, indent: int = 0) -> list[str]:
        clean = escpos.printable(text, self.codec)
        return textwrap.wrap(clean, self.columns, subsequent_indent=" " * indent) or [""]

    def qr(self, data: str, native: bool) -> None:
        """The code centred, with the quiet zone of 4 modules the QR standard asks."""
        module = self.paper.qr_module if native else self.paper.raster_module
        quiet = escpos.feed_dots(4 * module)
        self.out += quiet + escpos.align(escpos.ALIGN_CENTER)
        self.out += escpos.native_qr(data, module) if native else escpos.raster_qr(data, module)
        self.out += quiet

    def date(self, moment: datetime) -> str:
        return local_time(moment).strftime(DATE_FORMAT[self.lang])

    def finish(self) -> bytes:
        return bytes(self.out + escpos.bold(False) + escpos.size(1, 1) + escpos.cut())


def local_time(moment: datetime) -> datetime:
    """The buurthuis's wall time of a moment; a naive one is taken as already local."""
    return moment.astimezone(LOCAL_TIME) if moment.tzinfo else moment


def what_words(codes: tuple[str, ...], t: Callable[[str], str]) -> str:
    labels = [
        t(
            domain.CATEGORY_BY_CODE[code].label
            if code in domain.CATEGORY_BY_CODE
            else "Something else"
        )
        for code in codes
    ] or [t("Something else")]
    return ", ".join(labels)


def when_words(when: domain.When, t: Callable[[str], str], printed_at: datetime) -> str:
    """The weekday with the date ("morgen, maandag 30 november" on the day it is printed),
    in the document's language rather than the current one."""
    return domain.describe_when(when, local_time(printed_at).date(), t)


phone_words = domain.shown_phone  # a number that will not parse is printed as stored
