"""Issue 12, item 5: ``buurtkiosk-central`` without a database refused, instead of quietly
making ./var/central.sqlite3 and printing a token the real server does not know."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

COMMAND = Path(sys.executable).with_name("buurtkiosk-central")


def run(args: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k != "BUURTKIOSK_CENTRAL_DB"}
    return subprocess.run(
        [str(COMMAND), *args],
        cwd=cwd,
        env=clean | env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize(
    "args",
    [
        ["add-kiosk", "--name", "kiosk-1"],
        ["list-kiosks"],
        ["migrate"],
        ["serve", "--port", "1"],
        ["reset-pin", "--member", "m"],
    ],
    ids=" ".join,
)
def test_without_a_database_every_command_refuses_in_one_line(
    tmp_path: Path, args: list[str]
) -> None:
    done = run(args, tmp_path)
    assert done.returncode == 2
    assert done.stdout == ""
    (line,) = done.stderr.strip().splitlines()
    assert "--db" in line and "BUURTKIOSK_CENTRAL_DB" in line
    assert list(tmp_path.iterdir()) == []  # no ./var/central.sqlite3


def test_an_empty_environment_variable_is_no_database(tmp_path: Path) -> None:
    done = run(["list-kiosks"], tmp_path, BUURTKIOSK_CENTRAL_DB="")
    assert done.returncode == 2
    assert list(tmp_path.iterdir()) == []


def test_the_database_comes_from_db_or_the_environment(tmp_path: Path) -> None:
    given = f"sqlite:///{tmp_path / 'given.sqlite3'}"
    from_env = f"sqlite:///{tmp_path / 'env.sqlite3'}"
    work = tmp_path / "cwd"
    work.mkdir()
    added = run(["add-kiosk", "--db", given, "--name", "k1"], work)
    assert added.returncode == 0, added.stderr
    listed = run(["list-kiosks"], work, BUURTKIOSK_CENTRAL_DB=from_env)
    assert (listed.returncode, listed.stdout) == (0, "")
    assert run(["list-kiosks", "--db", given], work).stdout == "k1\tbuurthuis\tactive\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cwd", "env.sqlite3", "given.sqlite3"]
    assert list(work.iterdir()) == []
