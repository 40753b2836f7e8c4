"""deploy/central/central-backup.sh: a SQLite central store and a real PostgreSQL server."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
from deploy_helpers import DEPLOY, need, run_script

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


def postgres_bin() -> Path:
    for version in ("17", "16", "15"):
        path = Path(f"/usr/lib/postgresql/{version}/bin")
        if (path / "initdb").exists():
            return path
    pytest.fail("PostgreSQL server binaries missing: apt-get install postgresql")


@pytest.fixture
def postgres() -> Iterator[str]:
    """A throwaway PostgreSQL server on a unix socket; yields a SQLAlchemy-style URL."""
    pg = postgres_bin()
    # Not under pytest's tmp_path: that is private to root, and the server runs as postgres.
    base = Path(tempfile.mkdtemp(prefix="bk-pg-", dir="/tmp"))
    as_postgres: list[str] = []
    if os.geteuid() == 0:  # initdb refuses to run as root
        shutil.chown(base, "postgres", "postgres")
        as_postgres = ["runuser", "-u", "postgres", "--"]
    data = base / "data"
    subprocess.run(
        [
            *as_postgres,
            str(pg / "initdb"),
            "-D",
            str(data),
            "-A",
            "trust",
            "-U",
            "postgres",
            "--no-sync",
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    options = f"-p 55439 -k {base} -c listen_addresses="
    subprocess.run(
        [
            *as_postgres,
            str(pg / "pg_ctl"),
            "-D",
            str(data),
            "-o",
            options,
            "-l",
            str(base / "log"),
            "-w",
            "start",
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    try:
        yield f"postgresql+psycopg://postgres@/postgres?host={base}&port=55439"
    finally:
        subprocess.run(
            [*as_postgres, str(pg / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"],
            capture_output=True,
            timeout=120,
            check=False,
        )
        shutil.rmtree(base, ignore_errors=True)


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
