import contextlib
import subprocess
import sys

import pytest

from kiosk import cli, config
from kiosk.config import ConfigError


def run(*args, timeout: float = 60, **kwargs):
    """``timeout`` only stops a hung child; it measures nothing."""
    return subprocess.run(
        [sys.executable, "-m", "screens.launcher", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        **kwargs,
    )


def test_bad_flag_is_a_clear_message_and_exit_2():
    result = run("--printr")
    assert result.returncode == 2
    assert "unrecognized arguments: --printr" in result.stderr


@pytest.mark.parametrize(
    ("content", "says"),
    [
        ("[kiosk\nbuurthuis = 1", "not valid TOML"),
        ("[kiosk]\nlanguage = 'fr'", "language 'fr'"),
        ("[kiosk]\nbuurthuis = 3", "kiosk.buurthuis must be a str"),
        ("[printer]\npaper_mm = 70", "58 or 80"),
        ("[printer]\nflow = 'xon'", "flow must be"),
        ("[printers]\nport = 'x'", "unknown section [printers]"),
        ("[screen]\nsize = 'big'", "WIDTHxHEIGHT@INCHES"),
        ("[[circles]]\ncode = 'a'\nname = 'A'\nverbinder = 'Ton'\nphone = '12'", "not a valid"),
    ],
)
def test_bad_config_file_is_a_clear_message_and_exit_2(tmp_path, content, says):
    path = tmp_path / "kiosk.toml"
    path.write_text(content)
    result = run("--config", str(path))
    assert result.returncode == 2
    assert says in result.stderr and str(path) in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("fault", ["damaged", "read-only"])
def test_sync_on_a_damaged_or_read_only_database_is_one_line_and_exit_2(tmp_path, fault):
    from kiosk.domain import AskDraft
    from kiosk.store import LocalStore
    from tests.file_faults import damage_the_middle, read_only

    db = tmp_path / "kiosk.sqlite3"
    store = LocalStore.open(db)
    for _ in range(200):
        store.save_ask(AskDraft(category="meal", first_name="Bert", phone="0612345679"))
    store.close()
    if fault == "damaged":
        damage_the_middle(db)
    with read_only(db) if fault == "read-only" else contextlib.nullcontext():
        result = run("--db", str(db), "--central", "http://127.0.0.1:9", "--token", "t", "sync")
    assert result.returncode == 2
    assert result.stderr.startswith(f"buurtkiosk: kiosk database {db}: ")
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert result.stdout == ""


def test_missing_config_file(tmp_path):
    result = run("--config", str(tmp_path / "nope.toml"))
    assert result.returncode == 2 and "file not found" in result.stderr


def test_flags_override_the_file(tmp_path):
    path = tmp_path / "kiosk.toml"
    path.write_text(
        '[kiosk]\nbuurthuis = "De Linde"\nlanguage = "en"\ndb = "data/k.db"\n'
        '[printer]\nport = "/dev/ttyUSB0"\npaper_width_mm = 58\n'
        "[screen]\nidle_seconds = 120\n"
        '[[circles]]\ncode = "a"\nname = "A"\nverbinder_name = "Ton"\n'
        'verbinder_phone = "06 1234 5678"\n'
    )
    args = cli.parser().parse_args(
        [
            "--config",
            str(path),
            "--lang",
            "nl",
            "--printer",
            "emulator",
            "--baud",
            "9600",
            "--screen",
            "1280x800@10.1",
        ]
    )
    settings = cli.settings(args)
    assert settings.buurthuis == "De Linde" and settings.language == "nl"
    assert settings.database == tmp_path / "data" / "k.db"
    assert settings.printer.port == "emulator" and settings.printer.baud == 9600
    assert settings.printer.paper == 58 and settings.idle_seconds == 120
    assert settings.panel.px_per_mm == pytest.approx(5.88, abs=0.01)
    assert config.circles_for(settings)[0]["verbinder"] == "Ton"


def test_panel_density():
    assert config.parse_panel("800x480@7").px_per_mm == pytest.approx(5.25, abs=0.01)
    with pytest.raises(ConfigError):
        config.parse_panel("800x480")


def test_deploy_template_is_a_valid_config(tmp_path):
    """deploy/kiosk.toml.in, filled in as install.sh does, loads without complaint."""
    from kiosk import PROJECT_ROOT

    template = (PROJECT_ROOT / "deploy" / "kiosk.toml.in").read_text()
    filled = (
        template.replace("$buurthuis", '"De Linde"')
        .replace("$language", '"nl"')
        .replace("$printer_port", '"/dev/buurtkiosk-printer"')
        .replace("$printer_baud", "19200")
        .replace("$paper_width", "80")
        .replace("$central_url", '""')
        .replace("$central_token", '""')
        .replace(
            "$circles",
            '[[circles]]\ncode = "a"\nname = "A"\n'
            'verbinder_name = "Ton"\nverbinder_phone = "0612345678"',
        )
    )
    path = tmp_path / "kiosk.toml"
    path.write_text(filled)
    loaded = config.load(path)
    assert loaded.printer.port == "/dev/buurtkiosk-printer"
    assert str(loaded.database) == "/var/lib/buurtkiosk/kiosk.sqlite3"


def test_demo_tour_writes_a_screenshot_of_every_screen(tmp_path):
    from PIL import Image

    out = tmp_path / "demo"
    result = run(
        "--db",
        str(tmp_path / "k.db"),
        "--demo",
        str(out),
        env={**__import__("os").environ, "SDL_VIDEODRIVER": "offscreen"},
        timeout=600,  # the whole tour; a loaded 2-core machine has taken over 60 s
    )
    assert result.returncode == 0, result.stderr[-2000:]
    names = {p.stem for p in out.glob("*.png")}
    expected = {
        "home",
        "ask_what",
        "ask_when",
        "ask_day",
        "ask_forwhom",
        "ask_name",
        "ask_phone",
        "ask_circle",
        "ask_check",
        "ask_done",
        "offer_what",
        "offer_when",
        "offer_name",
        "offer_phone",
        "offer_check",
        "offer_done",
        "board",
        "followup",
        "offer_day",
        "idle",
    }
    assert len(expected) == 20  # every screen the app has (screens.screen_classes)
    assert expected <= names
    with Image.open(out / "idle.png") as image:  # really "Bent u er nog?": its green button
        assert image.convert("RGB").getpixel((400, 290)) == (30, 86, 49)
    for name in expected:
        with Image.open(out / f"{name}.png") as image:
            assert image.size == (800, 480)
            assert len(image.convert("RGB").getcolors(maxcolors=100_000) or []) > 10


def test_the_operator_restores_a_damaged_database_from_the_command_line(tmp_path):
    from kiosk.backup import backup
    from kiosk.domain import AskDraft
    from kiosk.store import LocalStore
    from tests.file_faults import damage_the_middle

    db, backups = tmp_path / "kiosk.sqlite3", tmp_path / "backups"
    store = LocalStore.open(db)
    for _ in range(200):
        store.save_ask(AskDraft(category="meal", first_name="Bert", phone="0612345679"))
    store.close()
    used = backup(db, backups)
    damage_the_middle(db)

    result = run("--db", str(db), "rejected")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.startswith(f"buurtkiosk: kiosk database {db}: ")
    assert result.stderr.count("\n") == 1

    result = run("--db", str(db), "restore-backup")
    assert result.returncode == 2 and "needs --from DIR" in result.stderr

    result = run("--db", str(db), "restore-backup", "--from", str(backups))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"restored {used} into {db}; the old file is kept as {db}.")
    assert list(tmp_path.glob("kiosk.sqlite3.broken-*"))

    result = run("--db", str(db), "rejected", "--forget")
    assert (result.returncode, result.stdout) == (0, "no rejected events\n")
    reopened = LocalStore.open(db)
    assert reopened.pending_count() == 200
    reopened.close()

    result = run("--db", str(db), "restore-backup", "--from", str(tmp_path / "nothing"))
    assert result.returncode == 1
    assert result.stderr == f"buurtkiosk: no backup in {tmp_path / 'nothing'}\n"
