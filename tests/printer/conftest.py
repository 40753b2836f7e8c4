"""Shared pieces: a receipt and the other papers to print, a QR decoder, an emulated printer on
a real pty."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image

from kiosk import domain
from kiosk.printer import (
    FridgeListContent,
    FridgeRow,
    HelperSlipContent,
    MemberCardContent,
    ReceiptContent,
    helper_url,
)
from kiosk.printer.emulator import EmulatedPrinter
from kiosk.printer.service import PrintState

CIRCLE = domain.Circle("bn", "Brandevoort Noord", "Anna de Vries", "+31687654321")
URL = "https://buurtkiosk.example.nl/r/"


def make_content(**changes: object) -> ReceiptContent:
    fields: dict[str, object] = {
        "kind": "ask",
        "number": "K7M-4HX",
        "categories": ("groceries",),
        "when": domain.When(domain.WhenKind.ON_DAY, date(2026, 12, 3)),
        "circle": CIRCLE,
        "followup_url": URL + domain.new_followup_token(),
        "buurthuis_name": "Buurthuis De Kroon",
        "printed_at": datetime(2026, 11, 27, 14, 5),
        "lang": "nl",
    }
    fields.update(changes)
    return ReceiptContent(**fields)  # type: ignore[arg-type]


def make_slip(**changes: object) -> HelperSlipContent:
    fields: dict[str, object] = {
        "number": "482-7593",
        "category": "groceries",
        "when": domain.When(domain.WhenKind.TOMORROW),
        "first_name": "Fatma",
        "phone": "+31612345678",
        "street": "Dorpsstraat",
        "house_number": "12a",
        "for_neighbour": False,
        "helper_url": helper_url("https://buurtkiosk.example.nl/", domain.new_followup_token()),
        "buurthuis_name": "Buurthuis De Kroon",
        "printed_at": datetime(2026, 11, 27, 14, 5),
        "lang": "nl",
    }
    fields.update(changes)
    return HelperSlipContent(**fields)  # type: ignore[arg-type]


def make_card(**changes: object) -> MemberCardContent:
    fields: dict[str, object] = {
        "first_name": "Anna",
        "circle_name": "Brandevoort Noord",
        "card_text": domain.MEMBER_CARD_PREFIX + "0f1e2d3c4b5a69788796a5b4c3d2e1f0",
        "buurthuis_name": "Buurthuis De Kroon",
        "printed_at": datetime(2026, 11, 27, 14, 5),
        "lang": "nl",
    }
    fields.update(changes)
    return MemberCardContent(**fields)  # type: ignore[arg-type]


def request_number(i: int) -> str:
    """A distinct, valid request number for each ``i`` below 200 000."""
    n, digits = 12345 + 7919 * i, ""
    for _ in range(domain.NUMBER_LENGTH):
        n, digit = divmod(n, len(domain.NUMBER_ALPHABET))
        digits += domain.NUMBER_ALPHABET[digit]
    return f"{digits[:3]}-{digits[3:]}"


def fridge_rows(count: int) -> tuple[FridgeRow, ...]:
    """``count`` asks of every category (callback too), open 0 to 40 days."""
    codes = [c.code for c in domain.CATEGORIES] + [domain.CALLBACK]
    return tuple(
        FridgeRow(
            number=request_number(i),
            category=codes[i % len(codes)],
            when=domain.When(domain.WhenKind.THIS_WEEK),
            days_open=(i * 7) % 41,
            initial="Marie",
        )
        for i in range(count)
    )


def make_fridge_list(**changes: object) -> FridgeListContent:
    fields: dict[str, object] = {
        "circle_name": "Brandevoort Noord",
        "verbinder_name": "Anna de Vries",
        "rows": fridge_rows(10),
        "buurthuis_name": "Buurthuis De Kroon",
        "printed_at": datetime(2026, 11, 27, 14, 5),
        "lang": "nl",
    }
    fields.update(changes)
    return FridgeListContent(**fields)  # type: ignore[arg-type]


def decode(image: Image.Image | Path) -> list[str]:
    """Every QR code zxing-cpp finds in the picture."""
    picture = Image.open(image) if isinstance(image, Path) else image
    return [r.text for r in zxingcpp.read_barcodes(picture.convert("L")) if r.valid]


@pytest.fixture
def emulator(tmp_path: Path) -> Iterator[EmulatedPrinter]:
    with EmulatedPrinter(tmp_path / "receipts", paper_mm=80) as printer:
        yield printer


class States:
    """Collects what the print service reports and lets a test wait for a state."""

    def __init__(self) -> None:
        self.seen: list[PrintState] = []
        self.threads: set[str] = set()
        self._cond = threading.Condition()

    def __call__(self, state: PrintState) -> None:
        with self._cond:
            self.seen.append(state)
            self.threads.add(threading.current_thread().name)
            self._cond.notify_all()

    def mark(self) -> int:
        with self._cond:
            return len(self.seen)

    def wait_for(
        self, check: Callable[[PrintState], bool], since: int = 0, timeout: float = 15
    ) -> PrintState:
        """The first state from index ``since`` on that passes ``check``."""
        with self._cond:
            start = since
            found: list[PrintState] = []

            def seen() -> bool:
                found[:] = [s for s in self.seen[start:] if check(s)]
                return bool(found)

            if not self._cond.wait_for(seen, timeout):
                raise AssertionError(f"no such state; saw {self.seen[start:]}")
            return found[0]


@pytest.fixture
def states() -> States:
    return States()
