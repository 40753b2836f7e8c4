"""install.sh --panel: the kiosk's screen size and which way is up, for Kivy and the console.

Touch Display 2 is portrait-native (720x1280). Kivy turns both the picture and the touches
([graphics] rotation); the test runs Kivy with the very panel.env that install.sh wrote, on an
offscreen window of the panel's native size, finds where a button is *drawn* in the panel's own
pixels, and touches that spot the way Kivy's mtdev provider reports a finger there.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from deploy_helpers import DEPLOY, install_into, run_script

CMDLINE = "console=tty1 root=PARTUUID=1234-02 rootwait\n"


def fresh_root(path: Path) -> Path:
    (path / "boot/firmware").mkdir(parents=True)
    (path / "boot/firmware/cmdline.txt").write_text(CMDLINE)
    return path


def panel_env(root: Path) -> dict[str, str]:
    lines = (root / "etc/buurtkiosk/panel.env").read_text().splitlines()
    return dict(line.split("=", 1) for line in lines if line and not line.startswith("#"))


def cmdline_words(root: Path) -> list[str]:
    return (root / "boot/firmware/cmdline.txt").read_text().split()


def test_touch_display_2_is_the_default_and_lies_on_its_side(tmp_path: Path) -> None:
    root = fresh_root(tmp_path / "root")
    install_into(root)
    assert panel_env(root) == {
        "BUURTKIOSK_PANEL": "pi-display-2",
        "BUURTKIOSK_SCREEN": "1280x720@7",
        "KCFG_GRAPHICS_ROTATION": "270",
    }
    assert cmdline_words(root) == [
        *CMDLINE.split(),
        "consoleblank=0",
        "vt.global_cursor_default=0",
        "video=DSI-1:720x1280@60,rotate=270",
    ]
    install_into(root)
    assert cmdline_words(root).count("video=DSI-1:720x1280@60,rotate=270") == 1


def test_another_panel_replaces_the_first_and_a_plain_rerun_keeps_it(tmp_path: Path) -> None:
    root = fresh_root(tmp_path / "root")
    install_into(root, "--panel", "pi-display-2", "--rotate", "90")
    assert "video=DSI-1:720x1280@60,rotate=90" in cmdline_words(root)

    install_into(root, "--panel", "pi-display-1")
    assert panel_env(root)["BUURTKIOSK_SCREEN"] == "800x480@7"
    assert panel_env(root)["KCFG_GRAPHICS_ROTATION"] == "0"
    assert not [word for word in cmdline_words(root) if word.startswith("video=")]
    assert cmdline_words(root)[: len(CMDLINE.split())] == CMDLINE.split()

    install_into(root)  # no --panel: the panel of the last run stays
    assert panel_env(root)["BUURTKIOSK_PANEL"] == "pi-display-1"

    install_into(root, "--panel", "hdmi-10", "--rotate", "180")
    assert panel_env(root)["BUURTKIOSK_SCREEN"] == "1280x800@10.1"
    assert panel_env(root)["KCFG_GRAPHICS_ROTATION"] == "180"
    # An HDMI panel's console is not ours to turn.
    assert not [word for word in cmdline_words(root) if word.startswith("video=")]


def test_the_unit_gives_the_kiosk_the_panels_size() -> None:
    unit = (DEPLOY / "systemd/buurtkiosk.service").read_text()
    lines = unit.splitlines()
    assert "--screen ${BUURTKIOSK_SCREEN}" in unit
    # A default for a kiosk installed before panel.env, then the files that override it.
    default = lines.index("Environment=BUURTKIOSK_SCREEN=800x480@7")
    panel = lines.index("EnvironmentFile=-/etc/buurtkiosk/panel.env")
    own = lines.index("EnvironmentFile=-/etc/buurtkiosk/environment")
    assert default < panel < own


CHILD = r"""
import json, sys
from kivy.app import App
from kivy.base import EventLoop
from kivy.clock import Clock
from kivy.core.window import Window
from kivy.graphics import Color, Rectangle
from kivy.graphics.opengl import GL_RGBA, GL_UNSIGNED_BYTE, glReadPixels
from kivy.input.providers.mtdev import MTDMotionEvent
from kivy.uix.button import Button
from kivy.uix.floatlayout import FloatLayout


class Panel(App):
    def build(self):
        self.pressed = []
        root = FloatLayout()
        # A button in the top-left corner of the screen as the visitor sees it.
        button = Button(size_hint=(0.25, 0.2), pos_hint={"x": 0.02, "top": 0.98},
                        background_normal="", background_color=(1, 0, 0, 1))
        button.bind(on_press=lambda *_: self.pressed.append(True))
        root.add_widget(button)
        return root

    def on_start(self):
        self.frames = 0
        Clock.schedule_interval(self.probe, 0)

    def touch(self, sx, sy, uid):
        # What Kivy's mtdev provider makes of a finger at panel pixel (sx, sy), normalised,
        # y from the bottom: the panel's own axes, whatever Kivy's rotation.
        for kind in ("begin", "end"):
            EventLoop.post_dispatch_input(kind, MTDMotionEvent("mtdev", uid, {"x": sx, "y": sy}))

    def probe(self, _dt):
        # Once a few frames are drawn (the first ones may still be black), as screenshots do.
        self.frames += 1
        if self.frames < 5:
            return None
        width, height = Window.system_size  # the panel's native pixels
        pixels = glReadPixels(0, 0, width, height, GL_RGBA, GL_UNSIGNED_BYTE)
        red = [i for i in range(0, width * height * 4, 4)
               if pixels[i] > 200 and pixels[i + 1] < 60 and pixels[i + 2] < 60]
        if not red:
            if self.frames > 300:
                raise SystemExit("the button was never drawn")
            return None
        xs = [(i // 4) % width for i in red]
        ys = [(i // 4) // width for i in red]
        cx, cy = (min(xs) + max(xs)) / 2 / width, (min(ys) + max(ys)) / 2 / height
        self.touch(1 - cx, 1 - cy, 1)  # the opposite corner: nothing there
        missed = len(self.pressed)
        self.touch(cx, cy, 2)  # where the button is drawn
        print(json.dumps({"size": list(Window.size), "native": [width, height],
                          "drawn_at": [cx, cy], "missed": missed, "hit": len(self.pressed) - missed}),
              flush=True)
        self.stop()
        return False


Panel().run()
"""


@pytest.mark.parametrize(
    "args",
    [
        (),
        ("--rotate", "90"),
        ("--panel", "pi-display-1"),
        ("--panel", "hdmi-10", "--rotate", "180"),
    ],
    ids=["display-2", "display-2-turned-90", "display-1", "hdmi-upside-down"],
)
def test_a_touch_lands_where_the_button_is_drawn(tmp_path: Path, args: tuple[str, ...]) -> None:
    root = fresh_root(tmp_path / "root")
    install_into(root, *args)
    panel = panel_env(root)
    native = {"pi-display-2": (720, 1280), "pi-display-1": (800, 480), "hdmi-10": (1280, 800)}
    width, height = native[panel["BUURTKIOSK_PANEL"]]
    home = tmp_path / "kivy"
    home.mkdir()
    shutil.copy(DEPLOY / "kivy/config.ini", home / "config.ini")
    script = tmp_path / "panel_app.py"
    script.write_text(CHILD)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KIVY_", "KCFG_", "SDL_"))}
    env.update(panel)  # as systemd's EnvironmentFile=/etc/buurtkiosk/panel.env does
    env.update(
        KIVY_HOME=str(home),
        KIVY_NO_ARGS="1",
        KIVY_NO_CONSOLELOG="1",
        KIVY_WINDOW="sdl2",
        SDL_VIDEODRIVER="offscreen",
        SDL_AUDIODRIVER="dummy",
        # The offscreen driver's window, the size KMSDRM's fullscreen window has on the panel.
        KCFG_GRAPHICS_FULLSCREEN="0",
        KCFG_GRAPHICS_WIDTH=str(width),
        KCFG_GRAPHICS_HEIGHT=str(height),
    )
    done = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.returncode == 0, done.stderr[-3000:]
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["native"] == [width, height]
    # The kiosk's --screen size is the window Kivy lays out.
    screen_width, screen_height = panel["BUURTKIOSK_SCREEN"].split("@")[0].split("x")
    assert seen["size"] == [int(screen_width), int(screen_height)]
    assert (seen["missed"], seen["hit"]) == (0, 1), seen


def test_bad_panel_values_are_refused(tmp_path: Path) -> None:
    for args in (["--panel", "pi-display-3"], ["--rotate", "360"]):
        result = run_script(DEPLOY / "install.sh", "--root", tmp_path / "root", *args)
        assert result.returncode != 0 and "FOUT" in result.stderr, args
