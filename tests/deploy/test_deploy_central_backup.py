"""deploy/central/central-backup.sh: a SQLite central store and a real PostgreSQL server."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
from deploy_helpers import DEPLOY, need, run_script

from kiosk.central import scratch_postgres

SCRIPT = DEPLOY / "central/central-backup.sh"
REPO_BIN = Path(__file__).resolve().parents[2] / ".venv/bin"


def backup_command() -> str:
    found = shutil.which("buurtkiosk-backup") or str(REPO_BIN / "buurtkiosk-backup")
    assert os.access(found, os.X_OK), "pip install -e . provides buurtkiosk-backup"
    return found


def test_sqlite_store_is_copied_with_the_backup_api(tmp_path: Path) -> None:
    db = tmp_path / "central.sqlite3"
    with closing(sqlite3.connect(db)) as connection:
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("CREATE TABLE asks (id TEXT PRIMARY KEY, status TEXT)")
        connection.execute("INSERT INTO asks VALUES ('a1', 'open')")
        connection.commit()
    env = {"BUURTKIOSK_CENTRAL_DB": f"sqlite:///{db}", "BUURTKIOSK_BACKUP": backup_command()}
    for _ in range(3):
        result = run_script(SCRIPT, tmp_path / "backups", "2", env=env)
        assert result.returncode == 0, result.stderr
    copies = sorted((tmp_path / "backups").iterdir())
    assert 1 <= len(copies) <= 2  # runs within one second share a name
    with closing(sqlite3.connect(copies[-1])) as connection:
        assert connection.execute("SELECT * FROM asks").fetchall() == [("a1", "open")]


def test_unknown_database_is_an_error(tmp_path: Path) -> None:
    result = run_script(SCRIPT, tmp_path / "b", "3", env={"BUURTKIOSK_CENTRAL_DB": "mysql://x"})
    assert result.returncode != 0
    assert "unknown database" in result.stderr


@pytest.fixture
def postgres() -> Iterator[str]:
    """A scratch PostgreSQL server of its own, reached over its unix socket as the central
    store's default URL is; yields a SQLAlchemy-style URL."""
    try:
        with scratch_postgres.scratch_cluster() as cluster:
            yield cluster.socket_url
    except scratch_postgres.NoPostgres as error:
        pytest.fail(str(error))


def test_postgres_dump_is_complete_and_rotated(tmp_path: Path, postgres: str) -> None:
    psql = need("psql", "postgresql-client")
    libpq_url = postgres.replace("postgresql+psycopg://", "postgresql://")
    subprocess.run(
        [
            psql,
            libpq_url,
            "-q",
            "-c",
            "CREATE TABLE asks (id text primary key); INSERT INTO asks VALUES ('a1');",
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )
    dest = tmp_path / "backups"
    dest.mkdir()
    # Three older dumps by name; the script keeps the newest two, counting the new one.
    for stamp in ("20250101T000000Z", "20250102T000000Z", "20250103T000000Z"):
        (dest / f"central-{stamp}.dump").write_text("old")
    result = run_script(SCRIPT, dest, "2", env={"BUURTKIOSK_CENTRAL_DB": postgres})
    assert result.returncode == 0, result.stderr
    dumps = sorted(dest.glob("central-*.dump"))
    assert dumps[0].name == "central-20250103T000000Z.dump"
    assert len(dumps) == 2
    listing = subprocess.run(
        [need("pg_restore", "postgresql-client"), "--list", str(dumps[-1])],
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout
    assert "TABLE DATA public asks" in listing
    assert not list(dest.glob("*.partial"))
