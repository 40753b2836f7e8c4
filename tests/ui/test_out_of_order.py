"""A damaged kiosk database: one clear screen, one log line, no ask can start, and no crash.

A real SQLite file with garbage over a page in its middle (a bad SD card sector), the real app
offscreen with the database opening after the first frame as on the Pi, real taps; and the real
``buurtkiosk`` process against a datagram socket standing in for systemd's NOTIFY_SOCKET.
"""

from __future__ import annotations

import hashlib
import logging
import os
import select
import signal
import socket
import subprocess
import sys
from pathlib import Path

from kivy.tests.common import UnitTestTouch

from kiosk.config import Config, load_circles
from kiosk.domain import AskDraft
from kiosk.store import LocalStore
from tests.file_faults import damage_the_middle
from tests.ui.conftest import PANELS, SCREENSHOTS
from tests.ui.steps import drive, on, screenshot

OUT_OF_ORDER = "De kiosk doet het even niet. Vraag iemand van het buurthuis."


def damaged_database(path: Path) -> str:
    """A kiosk database with 200 asks, then a page in its middle overwritten; its hash."""
    store = LocalStore.open(path)
    for _ in range(200):
        store.save_ask(AskDraft(category="meal", first_name="Bert", phone="0612345679"))
    store.close()
    damage_the_middle(path)
    return hashlib.sha256(path.read_bytes()).hexdigest()


def tap_at(x: float, y: float):
    touch = UnitTestTouch(x, y)
    touch.touch_down()
    yield 1
    touch.touch_up()
    yield 3


def test_a_damaged_database_shows_one_clear_screen_and_no_ask_starts(tmp_path, caplog):
    from kivy.core.window import Window

    from screens.app import KioskApp, configure_window
    from screens.services import build_services

    db = tmp_path / "kiosk.sqlite3"
    before = damaged_database(db)
    config = Config(database=db, panel=PANELS["7"], language="nl")
    configure_window(config)
    Window.size = (config.panel.width, config.panel.height)
    caplog.set_level(logging.INFO)
    services = build_services(config, load_circles(config.circles), background=True)
    app = KioskApp(services)
    shown: list[str] = []
    seen: dict = {}

    def script(app):
        app.nav.manager.bind(current=lambda _manager, name: shown.append(name))
        yield from on(app, "out_of_order")
        screen = app.root.current_screen
        seen["message"] = screen.ids.message.text
        seen["bar"] = [screen.target(name) for name in ("back", "stop", "next")]
        screenshot(SCREENSHOTS / "out_of_order.png")
        # Where "Ik zoek hulp" is on Home: a visitor taps there, twice
        home = app.nav.manager.get_screen("home")
        x, y = home.target("ask").center
        seen["ask_tile"] = home.target("ask").text
        yield from tap_at(x, y)
        yield from tap_at(x, y)
        app.nav.go("ask_what")  # whatever a screen or the idle reset would do: held here
        app.stop_visit()
        yield 3
        seen["after"] = app.root.current

    try:
        drive(app, script)
    finally:
        services.close()
    assert seen["message"] == OUT_OF_ORDER
    assert seen["bar"] == [None, None, None]  # no Terug, Stoppen or Verder to tap
    assert seen["ask_tile"] == "Ik zoek hulp"
    assert seen["after"] == "out_of_order"
    assert not any(name.startswith(("ask_", "offer_", "claim")) for name in shown), shown
    assert app.visit.ask_draft == AskDraft()
    # the broken file is kept, untouched, for the operator
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before
    lines = [r for r in caplog.records if r.name == "screens.services"]
    assert len(lines) == 1 and lines[0].levelno == logging.ERROR
    assert lines[0].exc_info is None and "\n" not in lines[0].getMessage()
    assert str(db) in lines[0].getMessage() and "Bert" not in lines[0].getMessage()


def test_the_kiosk_process_keeps_running_on_a_damaged_database(tmp_path):
    db = tmp_path / "kiosk.sqlite3"
    damaged_database(db)
    notify = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    notify.bind(str(tmp_path / "notify"))
    notify.settimeout(60)
    env = {
        **os.environ,
        "SDL_VIDEODRIVER": "offscreen",
        "SDL_AUDIODRIVER": "dummy",
        "NOTIFY_SOCKET": str(tmp_path / "notify"),
        "WATCHDOG_USEC": "200000",  # a ping every 0.1 s from the UI loop
    }
    env.pop("BUURTKIOSK_DEBUG", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "screens.launcher", "--db", str(db), "--printer", "none"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        messages = []
        while "READY=1" not in messages:
            messages.append(notify.recv(256).decode())
        said = ""
        while str(db) not in said:  # the one log line: the database cannot be used
            ready, _, _ = select.select([process.stderr], [], [], 60)
            assert ready and process.poll() is None, said
            said += process.stderr.readline()
        # after it, the UI loop goes on pinging systemd's watchdog: no crash, no restart
        notify.setblocking(False)
        while True:  # pings sent before the line was read do not count
            try:
                notify.recv(256)
            except BlockingIOError:
                break
        notify.settimeout(60)
        for _ in range(10):
            assert notify.recv(256).decode() == "WATCHDOG=1"
        assert process.poll() is None
        process.send_signal(signal.SIGTERM)
        _out, rest = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
        notify.close()
    assert process.returncode == 0
    stderr = said + rest
    assert "Traceback" not in stderr
    [line] = [line for line in stderr.splitlines() if str(db) in line]
    assert line.startswith(f"kiosk database {db}: ") and line.endswith(
        "out of order until a backup is restored"
    )
