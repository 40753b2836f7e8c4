"""Bytes per receipt and time on the wire, ours against python-escpos' image-QR receipt.

Run ``python bench/printer.py``. Wire time is bytes × 10 / baud (8N1: a start and a stop bit
per byte), what the serial line costs however fast the Pi is; a pty cannot show it. The
python-escpos receipt carries the same text and URL, built the way its documentation shows
(``qr(url, size=6, center=True)``, image QR, profile TM-T88V), and is measured in the same run. Writes the
table to stdout and to bench/results/printer.md.
"""

from __future__ import annotations

import platform
import statistics
import time
from datetime import datetime
from pathlib import Path

from escpos.printer import Dummy

from kiosk import domain
from kiosk.printer import PaperSpec, ReceiptContent, followup_url, parse, render_receipt

BAUDS = (9600, 19200, 115200)
GOALS = {"native": 1500, "raster": 4000}
RESULTS = Path(__file__).resolve().parent / "results" / "printer.md"


def sample() -> ReceiptContent:
    return ReceiptContent(
        kind="ask",
        number="K7M-4HX",
        categories=("transport",),
        when=domain.When(domain.WhenKind.TOMORROW),
        circle=domain.Circle("bn", "Brandevoort Noord", "Anna de Vries", "+31687654321"),
        followup_url=followup_url("https://buurtkiosk.example.nl", domain.new_followup_token()),
        buurthuis_name="Buurthuis De Kroon",
        printed_at=datetime(2026, 11, 27, 14, 5),
        lang="nl",
    )


def python_escpos_receipt(content: ReceiptContent, ours: bytes, center: bool) -> bytes:
    """The same words, sent the python-escpos way: its image QR at size 6. ``center=True``
    pads the image to the profile's full paper width (512 dots): the usual way to centre it,
    because ``set(align="center")`` does not move an image on every printer."""
    printer = Dummy(profile="TM-T88V")
    lines = [line for line in parse.text_of(ours).split("\n") if line]
    printer.set(align="center", bold=True, double_height=True, double_width=True)
    printer.text(lines[0] + "\n" + lines[1] + "\n")
    printer.set(normal_textsize=True)
    printer.set(align="left")
    printer.text("\n".join(lines[2:]) + "\n")
    printer.set(align="center")
    printer.qr(content.followup_url, size=6, native=False, center=center)
    printer.cut()
    return bytes(printer.output)


def render_ms(content: ReceiptContent, paper: PaperSpec, native: bool) -> float:
    times = []
    for _ in range(30):
        start = time.perf_counter()
        render_receipt(content, paper, native)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> str:
    content = sample()
    rows: list[tuple[str, int, float | None, str]] = []
    for native in (True, False):
        for mm in (58, 80):
            kind = "native" if native else "raster"
            data = render_receipt(content, PaperSpec(mm), native)
            ok = "yes" if len(data) <= GOALS[kind] else "NO"
            label = (
                f"Buurtkiosk {mm} mm, {kind} QR (GS ( k)"
                if native
                else (f"Buurtkiosk {mm} mm, raster QR (GS v 0, 4-dot modules)")
            )
            rows.append((label, len(data), render_ms(content, PaperSpec(mm), native), ok))
    ours = render_receipt(content, PaperSpec(80))
    for center in (True, False):
        reference = python_escpos_receipt(content, ours, center)
        how = "centred (padded to 512 dots)" if center else "not centred"
        rows.append((f"python-escpos 3.1 image QR, size 6, {how}", len(reference), None, "-"))

    head = "| receipt | bytes | " + " | ".join(f"wire s @ {b}" for b in BAUDS)
    head += f" | render ms | goal (≤ {GOALS['native']} native, ≤ {GOALS['raster']} raster) |"
    lines = [head, "|" + " --- |" * (len(BAUDS) + 4)]
    for label, size, ms, ok in rows:
        wire = " | ".join(f"{size * 10 / baud:.2f}" for baud in BAUDS)
        lines.append(f"| {label} | {size:,} | {wire} | {f'{ms:.1f}' if ms else '-'} | {ok} |")
    machine = f"{platform.machine()}, Python {platform.python_version()}, {platform.system()}"
    table = "\n".join(lines)
    report = (
        f"# Printer: bytes per receipt and time on the wire\n\n"
        f"Wire time = bytes × 10 / baud (8N1). Follow-up URL of {len(content.followup_url)} "
        f"characters (QR version 4, error correction M). Render time: median of 30, {machine}.\n"
        f"Measured {datetime.now().strftime('%Y-%m-%d %H:%M')} by `python bench/printer.py`.\n\n"
        f"{table}\n"
    )
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(report, encoding="utf-8")
    print(report)
    return report


if __name__ == "__main__":
    main()
