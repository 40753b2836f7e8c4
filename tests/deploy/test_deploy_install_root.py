"""install.sh --root DIR, upgrade.sh --root DIR and install-central.sh --root DIR, file by file.

--root mode runs without root, so owners are not set (every file belongs to whoever runs the
test); modes, contents, links and idempotence are checked. What needs the real machine (apt,
useradd, systemctl, the venv) is only announced in --root mode; the output is checked for that.
"""

from __future__ import annotations

import hashlib
import os
import stat
import tomllib
from pathlib import Path

from deploy_helpers import DEPLOY, install_into, run_script

CMDLINE = "console=serial0,115200 console=tty1 root=PARTUUID=1234-02 rootfstype=ext4 fsck.repair=yes rootwait\n"
CIRCLE = "bv-noord|Brandevoort Noord|Anja|+31612345678"

# path -> (mode, source in deploy/ or None when the installer writes it itself)
EXPECTED_FILES: dict[str, tuple[int, str | None]] = {
    "etc/buurtkiosk/kiosk.toml": (0o640, None),
    "etc/buurtkiosk/environment": (0o644, None),
    "etc/buurtkiosk/panel.env": (0o644, None),
    "etc/systemd/system/buurtkiosk.service": (0o644, "systemd/buurtkiosk.service"),
    "etc/systemd/system/buurtkiosk-backup.service": (0o644, "systemd/buurtkiosk-backup.service"),
    "etc/systemd/system/buurtkiosk-backup.timer": (0o644, "systemd/buurtkiosk-backup.timer"),
    "etc/udev/rules.d/99-buurtkiosk.rules": (0o644, "udev/99-buurtkiosk.rules"),
    "etc/systemd/logind.conf.d/buurtkiosk.conf": (0o644, "system/logind-buurtkiosk.conf"),
    "etc/systemd/journald.conf.d/buurtkiosk.conf": (0o644, "system/journald-buurtkiosk.conf"),
    "etc/systemd/system.conf.d/buurtkiosk-watchdog.conf": (0o644, "system/system-watchdog.conf"),
    "var/lib/buurtkiosk/kivy/config.ini": (0o640, "kivy/config.ini"),
    "opt/buurtkiosk/README-raspberry-pi.md": (0o644, "README-raspberry-pi.md"),
    "opt/buurtkiosk/deploy/upgrade.sh": (0o755, "upgrade.sh"),
    "opt/buurtkiosk/deploy/lib.sh": (0o644, "lib.sh"),
    "boot/firmware/cmdline.txt": (0o644, None),
}
EXPECTED_DIRS = {
    "etc/buurtkiosk": 0o750,
    "var/lib/buurtkiosk": 0o750,
    "var/lib/buurtkiosk/kivy": 0o750,
    "var/lib/buurtkiosk/backups": 0o750,
    "opt/buurtkiosk": 0o755,
    "opt/buurtkiosk/releases": 0o755,
}
EXPECTED_LINKS = {
    "etc/systemd/system/multi-user.target.wants/buurtkiosk.service": "/etc/systemd/system/buurtkiosk.service",
    "etc/systemd/system/timers.target.wants/buurtkiosk-backup.timer": "/etc/systemd/system/buurtkiosk-backup.timer",
    "etc/systemd/system/default.target": "/usr/lib/systemd/system/multi-user.target",
    "etc/systemd/system/getty@tty1.service": "/dev/null",
}


def new_root(path: Path) -> Path:
    (path / "boot/firmware").mkdir(parents=True)
    (path / "boot/firmware/cmdline.txt").write_text(CMDLINE)
    os.chmod(path / "boot/firmware/cmdline.txt", 0o644)
    return path


def tree(root: Path) -> dict[str, str]:
    """Every entry under root: a file's mode and hash, a link's target, a directory's mode."""
    entries = {}
    for path in sorted(root.rglob("*")):
        key = str(path.relative_to(root))
        if path.is_symlink():
            entries[key] = "-> " + os.readlink(path)
        elif path.is_dir():
            entries[key] = f"dir {stat.S_IMODE(path.stat().st_mode):o}"
        else:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            entries[key] = f"{stat.S_IMODE(path.stat().st_mode):o} {digest}"
    return entries


def test_install_lays_out_every_file(tmp_path: Path) -> None:
    root = new_root(tmp_path / "root")
    token = tmp_path / "token"
    token.write_text("tok-123\n")
    result = install_into(
        root,
        "--buurthuis",
        'Buurthuis "De Schakel"',
        "--central-url",
        "https://buurtkiosk.example.nl",
        "--token-file",
        str(token),
        "--circle",
        CIRCLE,
        "--language",
        "en",
        "--paper",
        "58",
    )

    for name, (mode, source) in EXPECTED_FILES.items():
        path = root / name
        assert path.is_file() and not path.is_symlink(), name
        assert stat.S_IMODE(path.stat().st_mode) == mode, name
        if source is not None:
            assert path.read_bytes() == (DEPLOY / source).read_bytes(), name
    for name, mode in EXPECTED_DIRS.items():
        assert (root / name).is_dir(), name
        assert stat.S_IMODE((root / name).stat().st_mode) == mode, name
    for name, target in EXPECTED_LINKS.items():
        assert os.readlink(root / name) == target, name

    # The release: current points at it (as the Pi sees it, from /), no previous yet.
    current = os.readlink(root / "opt/buurtkiosk/current")
    assert current.startswith("/opt/buurtkiosk/releases/0.")
    assert (root / current.lstrip("/") / "VERSION").read_text().strip() == Path(current).name
    assert not (root / "opt/buurtkiosk/previous").exists()

    config = tomllib.loads((root / "etc/buurtkiosk/kiosk.toml").read_text())
    assert config["kiosk"] == {
        "buurthuis": 'Buurthuis "De Schakel"',
        "language": "en",
        "db": "/var/lib/buurtkiosk/kiosk.sqlite3",
    }
    assert config["printer"] == {
        "port": "/dev/buurtkiosk-printer",
        "baud": 19200,
        "paper_width_mm": 58,
    }
    assert config["central"] == {"url": "https://buurtkiosk.example.nl", "token": "tok-123"}
    assert config["circles"] == [
        {
            "code": "bv-noord",
            "name": "Brandevoort Noord",
            "verbinder_name": "Anja",
            "verbinder_phone": "+31612345678",
        }
    ]

    cmdline = (root / "boot/firmware/cmdline.txt").read_text()
    assert cmdline == CMDLINE.rstrip("\n") + (
        " consoleblank=0 vt.global_cursor_default=0 video=DSI-1:720x1280@60,rotate=270\n"
    )

    # Nothing else was written: every entry is one we expect (or a parent directory of one).
    expected = set(EXPECTED_FILES) | set(EXPECTED_DIRS) | set(EXPECTED_LINKS)
    expected |= {"opt/buurtkiosk/current", current.lstrip("/"), current.lstrip("/") + "/VERSION"}
    expected |= {current.lstrip("/") + "/bin"}
    parents = {
        str(parent) for name in expected for parent in Path(name).parents if str(parent) != "."
    }
    assert set(tree(root)) == expected | parents

    # What --root mode skipped is said out loud, not silently dropped.
    assert "apt-get install" in result.stdout
    assert "usermod" in result.stdout


def test_install_twice_changes_nothing_and_keeps_the_config(tmp_path: Path) -> None:
    root = new_root(tmp_path / "root")
    (tmp_path / "first").write_text("first-token\n")
    (tmp_path / "other").write_text("other-token\n")
    install_into(root, "--token-file", str(tmp_path / "first"))
    config = root / "etc/buurtkiosk/kiosk.toml"
    config.write_text(config.read_text().replace("idle_seconds = 90", "idle_seconds = 100"))
    first = tree(root)

    install_into(root, "--token-file", str(tmp_path / "other"))
    assert tree(root) == first  # the same files, modes, links; cmdline.txt not grown
    assert "first-token" in config.read_text()

    install_into(root, "--token-file", str(tmp_path / "other"), "--force-config")
    assert tomllib.loads(config.read_text())["central"]["token"] == "other-token"


def test_install_refuses_bad_values_before_touching_anything(tmp_path: Path) -> None:
    root = tmp_path / "root"
    for args in (
        ["--language", "de"],
        ["--paper", "57"],
        ["--baud", "fast"],
        ["--colour", "red"],
        ["--panel", "hdmi-7"],
        ["--rotate", "45"],
    ):
        result = run_script(DEPLOY / "install.sh", "--root", root, *args)
        assert result.returncode != 0, args
        assert "FOUT" in result.stderr
        assert not root.exists(), args  # refused before anything was written
    # A circle is checked when the config is written: no half-written kiosk.toml.
    result = run_script(DEPLOY / "install.sh", "--root", root, "--circle", "only|three|parts")
    assert result.returncode != 0
    assert not (root / "etc/buurtkiosk/kiosk.toml").exists()


def test_install_without_cmdline_still_works(tmp_path: Path) -> None:
    root = tmp_path / "root"
    result = install_into(root)
    assert "cmdline.txt" in result.stdout
    assert not (root / "boot").exists()


def test_upgrade_keeps_the_previous_release_and_rolls_back(tmp_path: Path) -> None:
    root = new_root(tmp_path / "root")
    install_into(root, env={"BUURTKIOSK_VERSION": "1.0.0"})
    upgrade = root / "opt/buurtkiosk/deploy/upgrade.sh"

    def link(name: str) -> str:
        return os.readlink(root / "opt/buurtkiosk" / name)

    def run(*args: str, version: str | None = None) -> None:
        env = {"BUURTKIOSK_VERSION": version} if version else {}
        result = run_script(DEPLOY / "upgrade.sh", "--root", root, *args, env=env)
        assert result.returncode == 0, result.stderr + result.stdout

    unit = root / "etc/systemd/system/buurtkiosk.service"
    unit.write_text("an older unit\n")
    run(version="1.1.0")
    assert link("current") == "/opt/buurtkiosk/releases/1.1.0"
    assert link("previous") == "/opt/buurtkiosk/releases/1.0.0"
    # The new version brings its own units, rules and Kivy settings.
    assert unit.read_bytes() == (DEPLOY / "systemd/buurtkiosk.service").read_bytes()
    assert (root / "opt/buurtkiosk/releases/1.1.0/VERSION").read_text() == "1.1.0\n"

    run(version="1.2.0")  # two releases kept: the current and the one before
    assert sorted(p.name for p in (root / "opt/buurtkiosk/releases").iterdir()) == [
        "1.1.0",
        "1.2.0",
    ]

    # The installed copy of upgrade.sh does the rollback (the checkout may be gone by then).
    result = run_script(upgrade, "--root", root, "--rollback")
    assert result.returncode == 0, result.stderr + result.stdout
    assert link("current") == "/opt/buurtkiosk/releases/1.1.0"
    assert link("previous") == "/opt/buurtkiosk/releases/1.2.0"

    run(version="1.1.0")  # already the current version: nothing to do
    assert link("current") == "/opt/buurtkiosk/releases/1.1.0"


def test_rollback_without_a_previous_release_says_so(tmp_path: Path) -> None:
    root = new_root(tmp_path / "root")
    install_into(root)
    result = run_script(DEPLOY / "upgrade.sh", "--root", root, "--rollback")
    assert result.returncode != 0
    assert "geen vorige versie" in result.stderr


def test_central_install_layout(tmp_path: Path) -> None:
    root = tmp_path / "root"
    args = ("--root", root, "--public-url", "https://buurtkiosk.example.nl")
    result = run_script(DEPLOY / "install-central.sh", *args)
    assert result.returncode == 0, result.stderr + result.stdout
    env_file = root / "etc/buurtkiosk/central.env"
    assert stat.S_IMODE(env_file.stat().st_mode) == 0o640
    settings = dict(
        line.split("=", 1)
        for line in env_file.read_text().splitlines()
        if line and not line.startswith("#")
    )
    assert settings["BUURTKIOSK_CENTRAL_PUBLIC_URL"] == "https://buurtkiosk.example.nl"
    assert settings["BUURTKIOSK_CENTRAL_PORT"] == "8080"
    # Peer authentication over the unix socket: no password on any command line.
    assert settings["BUURTKIOSK_CENTRAL_DB"] == (
        "postgresql+psycopg://buurtkiosk-central@/buurtkiosk?host=/var/run/postgresql"
    )
    for unit in (
        "buurtkiosk-central.service",
        "buurtkiosk-central-backup.service",
        "buurtkiosk-central-backup.timer",
    ):
        assert (root / "etc/systemd/system" / unit).read_bytes() == (
            DEPLOY / "systemd" / unit
        ).read_bytes()
    assert os.access(root / "opt/buurtkiosk-central/bin/central-backup.sh", os.X_OK)
    assert (root / "etc/nginx/sites-available/buurtkiosk-central").is_file()

    # Again: central.env (perhaps edited by hand) is not replaced.
    before = env_file.read_text()
    assert run_script(DEPLOY / "install-central.sh", *args).returncode == 0
    assert env_file.read_text() == before
