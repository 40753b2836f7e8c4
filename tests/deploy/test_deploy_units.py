"""systemd-analyze verify on every unit, offline, inside a root laid out by the installers.

No running systemd is needed: `systemd-analyze --root=DIR verify` loads the units from DIR and
checks that every ExecStart= program exists and is executable inside DIR. The installers'
--root mode builds no venv (it would be for the wrong processor), so the test puts stand-in
programs where the venv's console scripts will be, and copies the host's own units (targets
such as multi-user.target) in, because a root without them fails on every dependency.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from deploy_helpers import DEPLOY, install_into, need, run_script

PROGRAMS = [
    "opt/buurtkiosk/current/bin/buurtkiosk",
    "opt/buurtkiosk/current/bin/buurtkiosk-backup",
    "opt/buurtkiosk-central/current/bin/buurtkiosk-central",
    "opt/buurtkiosk-central/current/bin/buurtkiosk-backup",
]
UNITS = sorted(path.name for path in (DEPLOY / "systemd").iterdir())


def host_units() -> Path:
    for candidate in (Path("/usr/lib/systemd/system"), Path("/lib/systemd/system")):
        if (candidate / "multi-user.target").exists():
            return candidate
    pytest.fail("no systemd units on this machine: apt-get install systemd")


def inside(root: Path, path: str) -> Path:
    """``path`` in the installed tree, following symlinks the way the Pi will (from ``root``)."""
    here = root
    for part in Path(path).parts:
        here = here / part
        while here.is_symlink():
            target = Path(here.readlink())
            here = root / target.relative_to("/") if target.is_absolute() else here.parent / target
    return here


def build_root(root: Path) -> Path:
    install_into(root)
    central = run_script(
        DEPLOY / "install-central.sh", "--root", root, "--public-url", "https://k.example.nl"
    )
    assert central.returncode == 0, central.stderr + central.stdout
    for program in PROGRAMS:
        path = inside(root, program)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("#!/bin/sh\n")
        path.chmod(0o755)
    # A copy, not a symlink: the host's alias links must resolve inside the root.
    shutil.copytree(host_units(), root / "usr/lib/systemd/system", symlinks=True)
    return root


def verify(root: Path, *units: str) -> subprocess.CompletedProcess[str]:
    analyze = need("systemd-analyze", "systemd")
    return subprocess.run(
        [analyze, f"--root={root}", "verify", *units],
        capture_output=True,
        text=True,
        cwd=root / "etc/systemd/system",
        timeout=60,
        check=False,
    )


def test_every_unit_is_installed_by_an_installer(tmp_path: Path) -> None:
    root = build_root(tmp_path / "root")
    for unit in UNITS:
        assert (root / "etc/systemd/system" / unit).read_text() == (
            DEPLOY / "systemd" / unit
        ).read_text()


def test_units_verify_clean(tmp_path: Path) -> None:
    root = build_root(tmp_path / "root")
    result = verify(root, *UNITS)
    # Unknown keys and bad values are only warnings (exit code 0): any output at all fails.
    assert result.returncode == 0, result.stderr
    assert result.stderr == "" and result.stdout == ""


def test_verify_notices_a_broken_unit(tmp_path: Path) -> None:
    root = build_root(tmp_path / "root")
    unit = root / "etc/systemd/system/buurtkiosk.service"
    unit.write_text(unit.read_text().replace("WatchdogSec=30", "WatchdogSecs=30"))
    assert "Unknown key" in verify(root, "buurtkiosk.service").stderr
    inside(root, PROGRAMS[0]).unlink()
    result = verify(root, "buurtkiosk.service")
    assert result.returncode != 0
    assert "buurtkiosk" in result.stderr


def test_kiosk_unit_has_the_supervision_it_promises() -> None:
    text = (DEPLOY / "systemd/buurtkiosk.service").read_text()
    lines = {line.strip() for line in text.splitlines() if line and not line.startswith("#")}
    for setting in (
        "Type=notify",
        "NotifyAccess=main",
        "Restart=always",
        "WatchdogSec=30",
        "StartLimitAction=reboot",
        "User=buurtkiosk",
        "Environment=SDL_VIDEODRIVER=kmsdrm",
        "Environment=SDL_NO_SIGNAL_HANDLERS=1",
        "Environment=KIVY_HOME=/var/lib/buurtkiosk/kivy",
        "Conflicts=getty@tty1.service",
    ):
        assert setting in lines, setting


def links(directory: Path) -> dict[str, str]:
    return {
        str(path.relative_to(directory)): os.readlink(path)
        for path in sorted(directory.rglob("*"))
        if path.is_symlink()
    }


def test_root_mode_enables_units_exactly_as_systemctl_would(tmp_path: Path) -> None:
    # --root mode makes the enable/mask/set-default links by hand; systemctl --root (which works
    # offline) must make the very same ones from the units' [Install] sections.
    ours = tmp_path / "ours"
    install_into(ours)
    theirs = tmp_path / "theirs"
    install_into(theirs)
    system_dir = theirs / "etc/systemd/system"
    for name in links(system_dir):
        (system_dir / name).unlink()
    shutil.copytree(host_units(), theirs / "usr/lib/systemd/system", symlinks=True)
    systemctl = need("systemctl", "systemd")
    for args in (
        ["enable", "buurtkiosk.service", "buurtkiosk-backup.timer"],
        ["set-default", "multi-user.target"],
        ["mask", "getty@tty1.service"],
    ):
        result = subprocess.run(
            [systemctl, f"--root={theirs}", *args],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert result.returncode == 0, result.stderr
    assert links(ours / "etc/systemd/system") == links(system_dir)
