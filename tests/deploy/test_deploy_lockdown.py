"""Escape, F1 and close requests leave a Kivy app running with deploy/kivy/config.ini and the
lockdown the App must have; SIGTERM (systemctl stop/restart) still stops it cleanly.

The App below is a stand-in with exactly the lockdown the real one needs (see the report and
deploy/README-raspberry-pi.md); the integrator points this test at the real App class. It runs
in a child process on SDL's offscreen driver: a real window, real GL, no display.
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
import signal, sys
from kivy.app import App
from kivy.base import EventLoop
from kivy.clock import Clock
from kivy.core.window import Window
from kivy.uix.label import Label


class LockedApp(App):
    use_kivy_settings = False  # no Kivy panel in the settings

    def build(self):
        Window.bind(on_request_close=self.refuse_close)
        # systemd stops the kiosk with SIGTERM: stop properly (on_stop, STOPPING=1) instead
        # of SDL turning the signal into a close request that refuse_close would block.
        signal.signal(signal.SIGTERM, lambda *_: Clock.schedule_once(self.stop))
        return Label(text="Buurtkiosk")

    def open_settings(self, *args):
        return False  # F1 and the menu key open nothing

    def refuse_close(self, *args, **kwargs):
        print("close refused:", kwargs.get("source", "window"), flush=True)
        return True

    def on_start(self):
        Clock.schedule_once(self.poke, 0.2)

    def press(self, key, scancode):
        # What WindowSDL's loop does with a key from SDL.
        if not Window.dispatch("on_key_down", key, scancode, None, []):
            Window.dispatch("on_keyboard", key, scancode, None, [])

    def poke(self, _dt):
        self.press(27, 41)     # Escape
        self.press(282, 58)    # F1
        self.press(319, 118)   # menu
        Window.dispatch("on_request_close")   # what SDL's quit event leads to
        Clock.schedule_once(self.report, 0.2)

    def report(self, _dt):
        alive = EventLoop.status == "started" and App.get_running_app() is self
        settings = self._app_settings is not None
        print(f"alive={alive} settings={settings}", flush=True)

    def on_stop(self):
        print("on_stop", flush=True)


LockedApp().run()
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
        [sys.executable, str(script)],
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
        assert "close refused: window" in seen
        # exit_on_escape = 0: Escape does not even ask to close (the App's refusal is the
        # second line of defence, not the first).
        assert "close refused: keyboard" not in seen
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
