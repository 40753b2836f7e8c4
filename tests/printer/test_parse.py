"""The parser against bytes it did not write: python-escpos' receipts, and split reads."""

from __future__ import annotations

# A pinned dev dependency (requirements.lock), not an optional tool: missing is a broken setup.
import escpos.printer as escpos_printer
import pytest

from kiosk.printer import PaperSpec, parse, render_receipt
from tests.printer.conftest import decode, make_content

URL = "https://hulp.buurthuis.example/r/8F3K-21"


@pytest.mark.parametrize("native", [True, False], ids=["native", "raster"])
def test_reads_python_escpos_qr(native: bool) -> None:
    dummy = escpos_printer.Dummy(profile="TM-T88V")
    dummy.set(align="center", bold=True, double_height=True, double_width=True)
    dummy.text("Buurthuis\n")
    dummy.qr(URL, size=6, native=native)
    dummy.cut()
    data = dummy.output
    if native:
        assert parse.native_qr_payloads(data) == [URL.encode()]
    else:
        images = parse.raster_images(data)
        assert images and decode(images[0]) == [URL]
    assert any(isinstance(c, parse.Cut) for c in parse.parse(data))
    assert not any(isinstance(c, parse.Unknown) for c in parse.parse(data))


def test_byte_by_byte_equals_all_at_once() -> None:
    data = render_receipt(make_content(), PaperSpec(58), native_qr=False)
    parser = parse.Parser()
    pieces = [command for byte in data for command in parser.feed(bytes([byte]))]
    assert parser.pending == 0
    assert merged_text(pieces) == merged_text(parse.parse(data))
    assert len(pieces) > len(parse.parse(data))  # the text really did arrive in pieces


def merged_text(commands: list[parse.Command]) -> list[parse.Command]:
    """Text cut by a read is the same text: join neighbours before comparing."""
    out: list[parse.Command] = []
    for command in commands:
        if isinstance(command, parse.Text) and out and isinstance(out[-1], parse.Text):
            out[-1] = parse.Text(out[-1].data + command.data)
        else:
            out.append(command)
    return out
