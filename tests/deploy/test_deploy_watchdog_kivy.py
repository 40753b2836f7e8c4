"""The watchdog wired the way the App must wire it, in a real Kivy event loop (offscreen SDL):
pings flow while the loop runs, stop while a callback hangs the UI thread, and resume after.
The hang is a callback blocked on stdin, so the test decides when it ends (no sleeps)."""

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
import signal, sys
from kivy.app import App
from kivy.clock import Clock
from kivy.uix.label import Label
from kiosk.watchdog import Notifier, watchdog_interval


class WatchedApp(App):
    def build(self):
        self.notifier = Notifier.from_environment()
        interval = watchdog_interval()
        if interval is not None:
            Clock.schedule_interval(self.notifier.tick, interval)
            Clock.schedule_interval(self.seen, interval)
        signal.signal(signal.SIGTERM, lambda *_: Clock.schedule_once(self.stop))
        return Label(text="Buurtkiosk")

    def on_start(self):
        self.notifier.ready()
        self.pings = 0
        Clock.schedule_interval(self.count, 0)

    def count(self, _dt):
        # Hang the UI only after the watchdog has pinged a few times (the test waits for them).
        # The pings themselves come from notifier.tick, scheduled above, as in the real App.
        if self.pings >= 5:
            Clock.schedule_once(self.hang, 0)
            return False

    def seen(self, _dt):
        self.pings += 1

    def hang(self, _dt):
        print("frozen", flush=True)
        sys.stdin.readline()  # the UI thread is stuck until the test writes a line
        print("thawed", flush=True)

    def on_stop(self):
        self.notifier.stopping()


WatchedApp().run()
"""


def test_pings_stop_while_the_kivy_loop_is_frozen(tmp_path: Path) -> None:
    home = tmp_path / "kivy"
    home.mkdir()
    shutil.copy(DEPLOY / "kivy/config.ini", home / "config.ini")
    script = tmp_path / "watched_app.py"
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
            SDL_NO_SIGNAL_HANDLERS="1",
            NOTIFY_SOCKET=path,
            WATCHDOG_USEC="40000",  # a ping every 20 ms
        )
        child = subprocess.Popen(
            [sys.executable, str(script)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        assert child.stdin is not None and child.stdout is not None

        def receive(timeout: float = 30.0) -> str:
            server.settimeout(timeout)
            return server.recv(4096).decode()

        try:
            assert receive() == "READY=1"
            pings = 0
            while pings < 5:  # the loop runs: pings come
                pings += receive() == "WATCHDOG=1"
            assert child.stdout.readline().strip() == "frozen"
            server.setblocking(False)
            try:
                while True:
                    server.recv(4096)  # pings queued before the hang began
            except BlockingIOError:
                pass
            with pytest.raises(TimeoutError):
                receive(timeout=1.0)  # 50 intervals, not one ping
            child.stdin.write("thaw\n")
            child.stdin.flush()
            assert child.stdout.readline().strip() == "thawed"
            assert receive() == "WATCHDOG=1"
            child.send_signal(signal.SIGTERM)  # systemctl stop
            messages = []
            while "STOPPING=1" not in messages:
                messages.append(receive())
        finally:
            if child.poll() is None:
                child.kill()
            child.communicate(timeout=60)
            server.close()
