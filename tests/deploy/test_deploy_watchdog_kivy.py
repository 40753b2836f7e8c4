"""The systemd watchdog on the real kiosk: the real KioskApp, built as the entry point builds it
(screens.app.run: configure_window, build_services, KioskApp), in a real Kivy event loop on
SDL's offscreen driver, with a real AF_UNIX datagram NOTIFY_SOCKET that the test reads.
Pings flow while the loop runs, stop while a callback holds the UI thread, and resume after.
The test decides when the UI freezes and thaws (lines on the child's stdin; no sleeps).
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from deploy_helpers import DEPLOY

CHILD = r"""
import sys
import threading
from pathlib import Path

from kivy.clock import Clock
from kivy.core.window import Window

from kiosk.config import Config, load_circles
from screens.app import KioskApp, configure_window
from screens.services import build_services


class Frozen(KioskApp):
    # The real kiosk App; the test can hold its UI thread through stdin.

    def on_start(self):
        super().on_start()
        self.thawed = threading.Event()
        threading.Thread(target=self.commands, daemon=True).start()

    def commands(self):
        for line in sys.stdin:
            if line.strip() == "freeze":
                Clock.schedule_once(self.hang, 0)
            elif line.strip() == "thaw":
                self.thawed.set()

    def hang(self, _dt):
        print("frozen", flush=True)
        self.thawed.wait()  # the UI thread is stuck: no frame, no clock, no ping
        print("thawed", flush=True)


config = Config(database=Path(sys.argv[1]))
configure_window(config)
Window.size = (config.panel.width, config.panel.height)
services = build_services(config, load_circles(config.circles), background=True)
try:
    Frozen(services).run()
finally:
    services.close()
print("exited", flush=True)
"""


def test_pings_stop_while_the_real_kiosk_is_frozen(tmp_path: Path) -> None:
    home = tmp_path / "kivy"
    home.mkdir()
    shutil.copy(DEPLOY / "kivy/config.ini", home / "config.ini")
    script = tmp_path / "frozen_kiosk.py"  # a file: App.load_kv needs the class's source file
    script.write_text(CHILD)
    with tempfile.TemporaryDirectory(dir="/tmp") as directory:
        path = str(Path(directory) / "notify")
        server = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        server.bind(path)
        env = {k: v for k, v in os.environ.items() if not k.startswith(("KIVY_", "KCFG_", "SDL_"))}
        env.update(
            KIVY_HOME=str(home),
            KIVY_NO_ARGS="1",
            KIVY_NO_CONSOLELOG="1",
            KIVY_WINDOW="sdl2",
            SDL_VIDEODRIVER="offscreen",
            SDL_AUDIODRIVER="dummy",
            SDL_NO_SIGNAL_HANDLERS="1",  # as in buurtkiosk.service
            NOTIFY_SOCKET=path,
            WATCHDOG_USEC="40000",  # a ping every 20 ms
        )
        child = subprocess.Popen(
            [sys.executable, str(script), str(tmp_path / "kiosk.db")],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        assert child.stdin is not None and child.stdout is not None

        def receive(timeout: float = 60.0) -> str:
            server.settimeout(timeout)
            return server.recv(4096).decode()

        def drain() -> None:
            server.setblocking(False)
            try:
                while True:
                    server.recv(4096)  # pings sent before the freeze began
            except BlockingIOError:
                pass

        def command(line: str) -> None:
            child.stdin.write(line + "\n")
            child.stdin.flush()

        try:
            messages = [receive()]
            while "READY=1" not in messages:  # the first pings may come before READY=1
                messages.append(receive())
            pings = 0
            while pings < 5:  # the kiosk runs: its clock pings
                pings += receive() == "WATCHDOG=1"
            command("freeze")
            assert child.stdout.readline().strip() == "frozen"
            drain()
            with pytest.raises(TimeoutError):
                receive(timeout=1.0)  # 50 intervals without a single ping
            command("thaw")
            assert child.stdout.readline().strip() == "thawed"
            assert receive() == "WATCHDOG=1"
            child.send_signal(signal.SIGTERM)  # systemctl stop
            while receive() != "STOPPING=1":
                pass
            out, err = child.communicate(timeout=60)
            assert child.returncode == 0, err
            assert out.split()[-1] == "exited"
        finally:
            if child.poll() is None:
                child.kill()
                child.communicate(timeout=60)
            server.close()
