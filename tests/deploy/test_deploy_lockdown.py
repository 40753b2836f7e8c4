"""Escape, F1 and close requests leave the real kiosk App running with deploy/kivy/config.ini;
SIGTERM (systemctl stop/restart) still stops it cleanly.

It runs the real App class (with a probe subclass that presses the keys) in a child process on
SDL's offscreen driver: a real window, real GL, no display.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

from deploy_helpers import DEPLOY

CHILD = r"""
import sys
from pathlib import Path

from kivy.app import App
from kivy.base import EventLoop
from kivy.clock import Clock
from kivy.core.window import Window

from kiosk.config import Config, load_circles
from screens.app import KioskApp
from screens.services import build_services


class Probe(KioskApp):
    # The real kiosk App, plus a probe that presses the keys and reports.

    def on_start(self):
        super().on_start()
        Window.bind(on_request_close=self.seen_close)  # called first; the App's refusal after
        Clock.schedule_once(self.poke, 0.2)

    def seen_close(self, *args, **kwargs):
        print("close requested:", kwargs.get("source", "window"), flush=True)

    def press(self, key, scancode):
        # What WindowSDL's loop does with a key from SDL.
        if not Window.dispatch("on_key_down", key, scancode, None, []):
            Window.dispatch("on_keyboard", key, scancode, None, [])

    def poke(self, _dt):
        self.press(27, 41)     # Escape
        self.press(282, 58)    # F1
        self.press(319, 118)   # menu
        # What WindowSDL's loop does with SDL's quit event (window_sdl2.py, _mainloop).
        if not Window.dispatch("on_request_close"):
            EventLoop.quit = True
        Clock.schedule_once(self.report, 0.2)

    def report(self, _dt):
        alive = EventLoop.status == "started" and App.get_running_app() is self
        settings = self._app_settings is not None
        print(f"alive={alive} settings={settings}", flush=True)

    def on_stop(self):
        super().on_stop()
        print("on_stop", flush=True)


config = Config(database=Path(sys.argv[1]))
services = build_services(config, load_circles(config.circles))
Probe(services).run()
services.close()
print("exited", flush=True)
"""


def test_escape_f1_and_close_requests_leave_the_app_running(tmp_path: Path) -> None:
    home = tmp_path / "kivy"
    home.mkdir()
    shutil.copy(DEPLOY / "kivy/config.ini", home / "config.ini")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KIVY_", "KCFG_", "SDL_"))}
    env.update(
        KIVY_HOME=str(home),
        KIVY_NO_ARGS="1",
        KIVY_NO_CONSOLELOG="1",
        KIVY_WINDOW="sdl2",
        SDL_VIDEODRIVER="offscreen",
        SDL_AUDIODRIVER="dummy",
        # As in buurtkiosk.service: SIGTERM is Python's to handle, not SDL's.
        SDL_NO_SIGNAL_HANDLERS="1",
    )
    script = tmp_path / "locked_app.py"  # a file: App.load_kv needs the class's source file
    script.write_text(CHILD)
    child = subprocess.Popen(
        [sys.executable, str(script), str(tmp_path / "kiosk.db")],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert child.stdout is not None
    seen = []
    try:
        for line in child.stdout:
            seen.append(line.strip())
            if line.startswith("alive="):
                break
        if not seen or seen[-1] != "alive=True settings=False":
            child.kill()
            raise AssertionError(f"{seen}\n{child.communicate()[1]}")
        assert "close requested: window" in seen  # asked, refused, and still alive
        # exit_on_escape = 0: Escape does not even ask to close (the App's refusal is the
        # second line of defence, not the first).
        assert "close requested: keyboard" not in seen
        child.send_signal(signal.SIGTERM)
        out, err = child.communicate(timeout=60)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert child.returncode == 0, err
    # Kivy calls on_stop twice when App.stop() ends the loop (once in stop, once in run's
    # finish): the App's on_stop must not mind.
    assert "on_stop" in out.split()
    assert out.split()[-1] == "exited"
