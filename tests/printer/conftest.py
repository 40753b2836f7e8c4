"""Shared pieces: a receipt to print, a QR decoder, an emulated printer on a real pty."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image

from kiosk import domain
from kiosk.printer import ReceiptContent
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
