"""The emulator as the kiosk starts it: a subprocess on a pty, switched by lines on stdin."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.printer import (
    Phase,
    PortMissing,
    PrinterConfig,
    PrinterStatus,
    PrintJob,
    PrintService,
    open_printer,
    start_printing,
)
from kiosk.printer.config import add_arguments
from tests.printer.conftest import States, decode, make_content


def test_kiosk_starts_the_emulator_and_survives_paper_out(tmp_path: Path) -> None:
    handle = open_printer("emulator", 19200, paper=58, out_dir=tmp_path, mode="paper-out")
    states = States()
    try:
        assert handle.port is not None and handle.port.startswith("/dev/")
        assert handle.connect is not None and handle.receipts_dir == tmp_path
        service = PrintService(handle.connect, states, poll_interval=0.05)
        content = make_content()
        service.submit(PrintJob("job-1", content))
        states.wait_for(lambda s: s.phase is Phase.FAULT and s.status is PrinterStatus.PAPER_OUT)
        handle.set_mode("ready")
        states.wait_for(lambda s: s.phase is Phase.PRINTED)
        service.close()
        pngs = sorted(tmp_path.glob("receipt-*.png"))
        assert len(pngs) == 1
        assert decode(pngs[0]) == [content.followup_url]
    finally:
        handle.close()
    assert any(line.startswith("receipt ") for line in handle.events)


def test_console_script_prints_the_port_first_and_quits_on_request(tmp_path: Path) -> None:
    script = Path(sys.executable).with_name("buurtkiosk-printer")
    assert script.exists(), "pip install -e . creates it from [project.scripts]"
    process = subprocess.Popen(
        [str(script), "--out", str(tmp_path), "--paper", "80", "--mode", "silent"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None and process.stdin is not None
        assert process.stdout.readline().startswith("/dev/")
        process.stdin.write("cover-open\n")
        process.stdin.flush()
        assert process.stdout.readline().strip() == "mode cover-open"
        process.stdin.write("quit\n")
        process.stdin.flush()
        assert process.wait(10) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def test_none_and_missing_device() -> None:
    assert open_printer("none").connect is None
    missing = open_printer("/dev/buurtkiosk-no-such-printer", 9600)
    assert missing.connect is not None  # opened lazily: no crash at start-up
    with pytest.raises(PortMissing):
        missing.connect().write(b"\x1b@")


def test_config_section_and_command_line() -> None:
    config = PrinterConfig.from_section(
        {"port": "/dev/ttyUSB0", "baud": "9600", "paper": "58", "native_qr": "no"}
    )
    assert (config.port, config.baud, config.paper, config.native_qr) == (
        "/dev/ttyUSB0",
        9600,
        58,
        False,
    )
    assert config.codepage == (19, "cp858") and config.paper_spec.dots == 384
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    args = parser.parse_args(["--printer", "emulator", "--baud", "115200"])
    assert config.with_args(args).port == "emulator"
    assert config.with_args(args).baud == 115200
    assert config.with_args(parser.parse_args([])) == config
    assert PrinterConfig.from_section({"flow": "DSRDTR"}).flow == "dsrdtr"
    for bad in ({"paper": "57"}, {"profile": "star"}, {"native_qr": "maybe"}, {"flow": "xonxoff"}):
        with pytest.raises(ValueError):
            PrinterConfig.from_section(bad)


def test_start_printing_from_config_with_a_raster_only_printer(tmp_path: Path) -> None:
    config = PrinterConfig.from_section({"port": "emulator", "paper": "58", "native_qr": "false"})
    states = States()
    handle, service = start_printing(config, states, out_dir=tmp_path, poll_interval=0.05)
    try:
        assert service is not None
        content = make_content(lang="en")
        service.submit(PrintJob("job-1", content))
        states.wait_for(lambda s: s.phase is Phase.PRINTED)
        service.close()
        [png] = sorted(tmp_path.glob("receipt-*.png"))
        assert decode(png) == [content.followup_url]
        raw = png.with_suffix(".bin").read_bytes()
        assert b"\x1dv0" in raw and b"\x1d(k" not in raw  # image, not GS ( k
    finally:
        handle.close()
    assert start_printing(PrinterConfig(port="none"), states)[1] is None


def test_the_documented_config_section_parses() -> None:
    import configparser
    import textwrap

    from kiosk.printer import config

    doc = config.__doc__ or ""
    example = doc[doc.index("    [printer]\n") : doc.index(":func:`open_printer`")]
    parser = configparser.ConfigParser()
    parser.read_string(textwrap.dedent(example))
    assert PrinterConfig.from_section(parser["printer"]) == PrinterConfig(port="/dev/ttyUSB0")
