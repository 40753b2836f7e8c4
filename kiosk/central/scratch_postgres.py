"""The PostgreSQL server tests use, or a scratch cluster of their own when none answers.

Nobody has to start a server by hand: the test run (tests/conftest.py) uses BUURTKIOSK_TEST_PG
(default: the usual local server) when it answers, and otherwise makes its own cluster with
initdb and pg_ctl in a temp directory, on a free port on 127.0.0.1, and removes it afterwards.
Debian keeps initdb and pg_ctl in /usr/lib/postgresql/<version>/bin, outside PATH. initdb
refuses to run as root, so as root the cluster runs as the ``postgres`` user that Debian's
postgresql package creates.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

DEFAULT_POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/test"
# Set by the test run when it could provide no server at all: why (read by postgres_url_or_reason).
NO_POSTGRES_REASON = "BUURTKIOSK_TEST_PG_MISSING"
SERVER_DIRS = Path("/usr/lib/postgresql")  # Debian: <version>/bin/initdb
INSTALL_HINT = "apt-get install postgresql (scripts/system-packages.sh)"


class NoPostgres(RuntimeError):
    """initdb/pg_ctl are missing or the cluster would not start; the message says which."""


def postgres_url() -> str:
    """``BUURTKIOSK_TEST_PG``, read when asked (xdist workers inherit the value the run's
    controller set), else the usual local server. "scratch" asks for a cluster of our own."""
    return os.environ.get("BUURTKIOSK_TEST_PG") or DEFAULT_POSTGRES_URL


def server_bin() -> Path:
    """The directory of the newest installed initdb and pg_ctl."""
    found = shutil.which("initdb")
    if found:
        return Path(os.path.realpath(found)).parent
    versions = sorted(
        SERVER_DIRS.glob("*/bin/initdb"),
        key=lambda path: int(path.parts[-3]) if path.parts[-3].isdigit() else 0,
    )
    if not versions:
        raise NoPostgres(f"PostgreSQL server programs (initdb, pg_ctl) missing: {INSTALL_HINT}")
    return versions[-1].parent


def answers(url: str) -> bool:
    """Whether a PostgreSQL server takes a connection at this libpq URL."""
    import psycopg  # here, so that importing this module stays cheap

    try:
        psycopg.connect(
            url.replace("postgresql+psycopg://", "postgresql://"), connect_timeout=3
        ).close()
    except psycopg.Error:
        return False
    return True


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


@dataclass(frozen=True)
class Cluster:
    base: Path  # data directory, unix socket and log, all removed by stop()
    port: int
    as_owner: tuple[str, ...]  # runuser prefix when we are root
    bin: Path

    @property
    def url(self) -> str:
        """A libpq-style URL over TCP (what BUURTKIOSK_TEST_PG holds)."""
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    @property
    def socket_url(self) -> str:
        """A SQLAlchemy URL over the unix socket (as the central store's own config has it)."""
        return f"postgresql+psycopg://postgres@/postgres?host={self.base}&port={self.port}"

    def run(self, program: str, *args: str) -> subprocess.CompletedProcess[str]:
        command = [*self.as_owner, str(self.bin / program), "-D", str(self.base / "data"), *args]
        try:
            return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
        except OSError as error:  # runuser or the program itself not there
            return subprocess.CompletedProcess(command, 127, "", str(error))

    def stop(self) -> None:
        self.run("pg_ctl", "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.base, ignore_errors=True)


def start() -> Cluster:
    """initdb a new cluster (trust, no fsync) and start it; the caller stops it."""
    pg = server_bin()
    # Not under pytest's tmp_path: that is private to root, and the server runs as postgres.
    base = Path(tempfile.mkdtemp(prefix="bk-pg-", dir="/tmp"))
    as_owner: tuple[str, ...] = ()
    if os.geteuid() == 0:
        shutil.chown(base, "postgres", "postgres")
        as_owner = ("runuser", "-u", "postgres", "--")
    cluster = Cluster(base, free_port(), as_owner, pg)
    # Nothing to keep across a crash, so no fsync; connections for every xdist worker's pools.
    options = f"-p {cluster.port} -k {base} -c listen_addresses=127.0.0.1 -c fsync=off"
    options += " -c max_connections=300"
    for program, *args in (
        ("initdb", "-A", "trust", "-U", "postgres", "--no-sync"),
        ("pg_ctl", "-l", str(base / "log"), "-w", "-o", options, "start"),
    ):
        done = cluster.run(program, *args)
        if done.returncode != 0:
            log = (base / "log").read_text() if (base / "log").exists() else ""
            cluster.stop()
            raise NoPostgres(f"{program} failed: {(done.stderr or done.stdout).strip()} {log}")
    return cluster


@contextmanager
def scratch_cluster() -> Iterator[Cluster]:
    cluster = start()
    try:
        yield cluster
    finally:
        cluster.stop()


def provide(wanted: str) -> tuple[str, Cluster | None, str]:
    """The server for a test run: ``wanted`` if it answers, else a scratch cluster of our own.

    ``wanted == "scratch"`` always starts one (to prove that path where a server does run).
    Returns the URL, the cluster to stop afterwards (None: not ours) and one line saying which.
    Raises NoPostgres, saying why, when neither is possible.
    """
    if wanted != "scratch" and answers(wanted):
        return wanted, None, f"PostgreSQL: {wanted}"
    why = "asked for one of our own" if wanted == "scratch" else f"none answers at {wanted}"
    try:
        cluster = start()
    except NoPostgres as error:
        raise NoPostgres(f"PostgreSQL: {why}, and no scratch cluster: {error}") from None
    return (
        cluster.url,
        cluster,
        f"PostgreSQL: {why}; scratch cluster {cluster.url} ({cluster.base})",
    )
