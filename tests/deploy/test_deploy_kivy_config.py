"""deploy/kivy/config.ini as Kivy 2.3.1 itself reads it (in a child process: Kivy reads its
configuration once, at import, and must not see the test run's own KIVY_HOME)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from deploy_helpers import DEPLOY

READ_CONFIG = """
import json
from kivy.config import Config
print(json.dumps({s: dict(Config.items(s)) for s in ("kivy", "graphics", "input", "modules")}))
"""


def kivy_sees(home: Path) -> dict[str, dict[str, str]]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KIVY_", "KCFG_"))}
    env.update(KIVY_HOME=str(home), KIVY_NO_ARGS="1", KIVY_NO_CONSOLELOG="1", KIVY_NO_FILELOG="1")
    result = subprocess.run(
        [sys.executable, "-c", READ_CONFIG],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def installed(tmp_path: Path, text: str | None = None) -> Path:
    home = tmp_path / "kivy"
    home.mkdir()
    if text is None:
        shutil.copy(DEPLOY / "kivy/config.ini", home / "config.ini")
    else:
        (home / "config.ini").write_text(text)
    return home


def test_only_the_touch_panel_is_an_input(tmp_path: Path) -> None:
    config = kivy_sees(installed(tmp_path))
    # No mouse provider (a touch panel seen as mouse and touch = double taps), no probesysfs
    # (which may take the QR scanner for an input device): one device, by its udev name.
    assert config["input"] == {"touchscreen": "mtdev,/dev/input/buurtkiosk-touch"}
    assert config["modules"] == {}


def test_kiosk_lockdown_settings(tmp_path: Path) -> None:
    config = kivy_sees(installed(tmp_path))
    assert config["kivy"]["exit_on_escape"] == "0"
    assert config["kivy"]["keyboard_mode"] == "system"
    assert config["kivy"]["log_enable"] == "0"
    assert config["graphics"]["fullscreen"] == "auto"
    assert config["graphics"]["show_cursor"] == "0"
    assert config["graphics"]["borderless"] == "1"


def test_kivy_leaves_the_file_as_it_is(tmp_path: Path) -> None:
    home = installed(tmp_path)
    kivy_sees(home)
    assert (home / "config.ini").read_bytes() == (DEPLOY / "kivy/config.ini").read_bytes()


def test_without_the_version_pin_kivy_adds_the_mouse_back(tmp_path: Path) -> None:
    # Why config_version is pinned: Kivy "upgrades" an unversioned file and puts its default
    # providers back into [input], next to ours.
    text = (DEPLOY / "kivy/config.ini").read_text().replace("config_version = 27\n", "")
    config = kivy_sees(installed(tmp_path, text))
    assert "mouse" in config["input"]


def test_a_kiosk_can_turn_its_panel_around_without_editing_the_file(tmp_path: Path) -> None:
    # /etc/buurtkiosk/environment (kept across upgrades) may set KCFG_INPUT_TOUCHSCREEN.
    override = "mtdev,/dev/input/buurtkiosk-touch,invert_x=1,invert_y=1"
    home = installed(tmp_path)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KIVY_", "KCFG_"))}
    env.update(
        KIVY_HOME=str(home),
        KIVY_NO_ARGS="1",
        KIVY_NO_CONSOLELOG="1",
        KCFG_INPUT_TOUCHSCREEN=override,
    )
    result = subprocess.run(
        [sys.executable, "-c", READ_CONFIG],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1])["input"] == {"touchscreen": override}
    assert "#KCFG_INPUT_TOUCHSCREEN=" + override in (DEPLOY / "install.sh").read_text()
