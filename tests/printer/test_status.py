"""DLE EOT replies to one word; silence is UNKNOWN, never READY."""

from __future__ import annotations

import pytest

from kiosk.printer import PrinterStatus, RecordingTransport, SerialTransport, query_status
from kiosk.printer.emulator import EmulatedPrinter
from kiosk.printer.status import classify

S = PrinterStatus


@pytest.mark.parametrize(
    ("replies", "expected"),
    [
        ((0x12, 0x12, 0x12), S.READY),
        ((0x12, 0x12, 0x1E), S.PAPER_NEAR_END),
        ((0x1A, 0x32, 0x72), S.PAPER_OUT),
        ((0x1A, 0x32, 0x7E), S.PAPER_OUT),
        ((0x12, 0x12, 0x72), S.PAPER_OUT),  # sensor says end before the printer goes offline
        ((0x1A, 0x16, 0x12), S.COVER_OPEN),
        ((0x1A, 0x12, 0x12), S.OFFLINE),
        ((0x12, 0x52, 0x12), S.OFFLINE),  # error occurred
        ((None, None, None), S.UNKNOWN),
        ((0x12, None, 0x12), S.UNKNOWN),
        ((0x00, 0x00, 0x00), S.UNKNOWN),  # not a DLE EOT reply: line noise, wrong baud
        ((0xFF, 0x12, 0x12), S.UNKNOWN),
    ],
)
def test_classify(replies: tuple[int | None, int | None, int | None], expected: S) -> None:
    assert classify(*replies) is expected


def test_no_reply_is_unknown_not_paper_ok() -> None:
    silent = RecordingTransport(status={})
    assert query_status(silent) is S.UNKNOWN
    assert bytes(silent.written) == b"\x10\x04\x01"  # gave up after the first silence


def test_asks_1_2_and_4() -> None:
    printer = RecordingTransport()
    assert query_status(printer) is S.READY
    assert bytes(printer.written) == b"\x10\x04\x01\x10\x04\x02\x10\x04\x04"


@pytest.mark.parametrize(
    ("mode", "expected"),
    [
        ("ready", S.READY),
        ("near-end", S.PAPER_NEAR_END),
        ("paper-out", S.PAPER_OUT),
        ("cover-open", S.COVER_OPEN),
        ("silent", S.UNKNOWN),
    ],
)
def test_emulator_modes_over_a_real_pty(tmp_path, mode: str, expected: S) -> None:
    with EmulatedPrinter(tmp_path, mode=mode) as printer:
        port = SerialTransport(printer.port, read_timeout=0.3 if mode == "silent" else 2.0)
        try:
            assert query_status(port) is expected
        finally:
            port.close()


def test_a_late_reply_does_not_answer_the_next_question(tmp_path) -> None:
    import os

    with EmulatedPrinter(tmp_path, mode="ready") as printer:
        port = SerialTransport(printer.port, read_timeout=2.0)
        try:
            port.write(b"\x1b@")  # opens the port
            os.write(printer.master, b"\x1a")  # "offline", arriving after its reader gave up
            assert query_status(port) is S.READY
        finally:
            port.close()
