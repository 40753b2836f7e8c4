"""Which printer, from the ``[printer]`` config section and ``--printer PORT --baud N``.

::

    [printer]
    # a device path, "emulator" or "none"
    port = /dev/ttyUSB0
    baud = 19200
    # paper width in mm: 58 or 80
    paper = 80
    # code page table, see PROFILES
    profile = epson
    # false: send the QR as an image (GS v 0), for printers without GS ( k
    native_qr = true
    # false: the printer has no receive line, print without asking its status
    status = true
    # none, dsrdtr or rtscts, as the printer's DIP switches say. Never XON/XOFF: raster
    # bytes contain 0x11 and 0x13.
    flow = none

:func:`open_printer` turns the port spec into something to print on: a serial port, the
emulator started as a subprocess on a pseudo-terminal, or nothing.
"""

from __future__ import annotations

import argparse
import contextlib
import select
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, TYPE_CHECKING, Literal, cast

if TYPE_CHECKING:  # the layout (qrcode, Pillow), the worker and pyserial: not at start-up
    from kiosk.printer.receipt import PaperSpec
    from kiosk.printer.service import PrintService, PrintState
    from kiosk.printer.transport import Transport

# Profile name → (ESC t number, Python codec) for text with é, ë and €. Epson and most clones
# number PC858 as 19; where that prints the wrong letters, WPC1252 (16) usually works.
PROFILES: dict[str, tuple[int, str]] = {
    "epson": (19, "cp858"),
    "wpc1252": (16, "cp1252"),
}
DEFAULT_BAUD = 19200


@dataclass(frozen=True)
class PrinterConfig:
    port: str = "none"
    baud: int = DEFAULT_BAUD
    paper: Literal[58, 80] = 80
    profile: str = "epson"
    native_qr: bool = True
    status: bool = True
    flow: Literal["none", "dsrdtr", "rtscts"] = "none"

    @classmethod
    def from_section(cls, section: Mapping[str, object]) -> PrinterConfig:
        """From a configparser section or a TOML table; raises ValueError saying which key."""
        default = cls()

        def flag(key: str, fallback: bool) -> bool:
            value = section.get(key, fallback)
            if isinstance(value, bool):
                return value
            text = str(value).strip().lower()
            if text in ("1", "true", "yes", "on"):
                return True
            if text in ("0", "false", "no", "off"):
                return False
            raise ValueError(f"[printer] {key} must be true or false, not {value!r}")

        paper = int(str(section.get("paper", default.paper)))
        if paper not in (58, 80):
            raise ValueError(f"[printer] paper must be 58 or 80, not {paper}")
        profile = str(section.get("profile", default.profile)).strip().lower()
        if profile not in PROFILES:
            raise ValueError(f"[printer] profile must be one of {', '.join(PROFILES)}")
        flow = str(section.get("flow", default.flow)).strip().lower()
        if flow not in ("none", "dsrdtr", "rtscts"):
            raise ValueError(f"[printer] flow must be none, dsrdtr or rtscts, not {flow!r}")
        return cls(
            flow=cast(Literal["none", "dsrdtr", "rtscts"], flow),
            port=str(section.get("port", default.port)).strip(),
            baud=int(str(section.get("baud", default.baud))),
            paper=cast(Literal[58, 80], paper),
            profile=profile,
            native_qr=flag("native_qr", default.native_qr),
            status=flag("status", default.status),
        )

    def with_args(self, args: argparse.Namespace) -> PrinterConfig:
        """Command-line options win over the config file."""
        changes: dict[str, object] = {}
        if getattr(args, "printer", None):
            changes["port"] = args.printer
        if getattr(args, "baud", None):
            changes["baud"] = args.baud
        return replace(self, **changes)  # type: ignore[arg-type]

    @property
    def paper_spec(self) -> PaperSpec:
        from kiosk.printer.receipt import PaperSpec

        return PaperSpec(self.paper)

    @property
    def codepage(self) -> tuple[int, str]:
        return PROFILES[self.profile]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--printer",
        metavar="PORT",
        help='serial device, "emulator" or "none" (config: [printer] port)',
    )
    parser.add_argument("--baud", type=int, metavar="N", help=f"default {DEFAULT_BAUD}")


@dataclass
class PrinterHandle:
    """What :func:`open_printer` found. ``connect`` is None when there is no printer at all."""

    spec: str
    port: str | None = None
    connect: Callable[[], Transport] | None = None
    receipts_dir: Path | None = None  # emulator only: where the PNGs go
    process: subprocess.Popen[str] | None = None
    events: list[str] = field(default_factory=list)  # emulator only: its stdout lines

    def set_mode(self, mode: str) -> None:
        """Emulator only: switch mode (ready, paper-out, ...) and wait until it is in force."""
        if self.process is None or self.process.stdin is None:
            raise RuntimeError("only an emulated printer can change mode")
        seen = len(self.events)
        self.process.stdin.write(mode + "\n")
        self.process.stdin.flush()
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            if f"mode {mode}" in self.events[seen:]:
                return
            time.sleep(0.01)
        raise TimeoutError(f"emulator did not switch to {mode}")

    def close(self) -> None:
        if self.process is not None:
            with contextlib.suppress(OSError, ValueError):
                if self.process.stdin:
                    self.process.stdin.close()
            self.process.terminate()
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
            self.process = None


def open_printer(
    spec: str,
    baud: int = DEFAULT_BAUD,
    *,
    paper: int = 80,
    out_dir: str | Path | None = None,
    mode: str = "ready",
    read_timeout: float = 0.5,
    write_timeout: float = 2.0,
    flow: str = "none",
) -> PrinterHandle:
    """``spec`` is a device path, ``"emulator"`` or ``"none"``. Never opens the port yet:
    a missing device is a printer fault reported by the print service, not a start-up crash."""
    if spec in ("", "none"):
        return PrinterHandle(spec="none")
    if spec == "emulator":
        handle = _start_emulator(paper, out_dir, mode)
        port = handle.port
    else:
        handle = PrinterHandle(spec=spec)
        port = spec
    assert port is not None
    from kiosk.printer.transport import SerialTransport

    handle.port = port
    handle.connect = lambda: SerialTransport(
        port,
        baud,
        read_timeout,
        write_timeout,
        rtscts=flow == "rtscts",
        dsrdtr=flow == "dsrdtr",
    )
    return handle


def start_printing(
    config: PrinterConfig,
    on_change: Callable[[PrintState], None],
    out_dir: str | Path | None = None,
    poll_interval: float = 3.0,
) -> tuple[PrinterHandle, PrintService | None]:
    """Everything the kiosk needs from one config: the handle (close it on exit) and a
    running print service, or None when the config says there is no printer."""
    handle = open_printer(
        config.port, config.baud, paper=config.paper, out_dir=out_dir, flow=config.flow
    )
    if handle.connect is None:
        return handle, None
    from kiosk.printer.service import PrintService

    service = PrintService(
        handle.connect,
        on_change,
        paper=config.paper_spec,
        native_qr=config.native_qr,
        codepage=config.codepage,
        poll_interval=poll_interval,
        trust_silence=not config.status,
    )
    return handle, service


def _start_emulator(paper: int, out_dir: str | Path | None, mode: str) -> PrinterHandle:
    folder = Path(out_dir) if out_dir else Path(tempfile.mkdtemp(prefix="buurtkiosk-receipts-"))
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "kiosk.printer.emulator",
            "--out",
            str(folder),
            "--paper",
            str(paper),
            "--mode",
            mode,
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        bufsize=1,
    )
    assert process.stdout is not None
    first = _read_line(process.stdout, timeout=15)
    if not first.startswith("/dev/"):
        process.kill()
        process.wait()
        raise RuntimeError(f"the printer emulator did not start (said {first!r})")
    handle = PrinterHandle(
        spec="emulator", port=first.strip(), receipts_dir=folder, process=process
    )
    threading.Thread(
        target=_drain, args=(process.stdout, handle.events), name="emulator-out", daemon=True
    ).start()
    return handle


def _read_line(stream: IO[str], timeout: float) -> str:
    ready, _w, _x = select.select([stream], [], [], timeout)
    return stream.readline() if ready else ""


def _drain(stream: IO[str], events: list[str]) -> None:
    """Keep reading so the emulator never blocks on a full pipe; keep lines for tests."""
    with contextlib.suppress(OSError, ValueError):
        for line in stream:
            events.append(line.rstrip("\n"))
