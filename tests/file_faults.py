"""Real faults in real files for the tests: a damaged page, a file that cannot be written."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

import pytest


def damage_the_middle(path: Path) -> None:
    """Garbage over a whole page in the middle of the file (a bad SD card sector)."""
    with closing(sqlite3.connect(path)) as connection:
        page_size = connection.execute("PRAGMA page_size").fetchone()[0]
        pages = connection.execute("PRAGMA page_count").fetchone()[0]
    assert pages > 10
    with path.open("r+b") as file:
        file.seek(page_size * (pages // 2))
        file.write(bytes((i * 37 + 11) % 256 for i in range(page_size)))


@contextmanager
def read_only(path: Path) -> Iterator[None]:
    """Really read-only, also for root (the tests' usual user here): mode 0444 and, as root,
    the immutable attribute."""
    os.chmod(path, 0o444)
    immutable = os.geteuid() == 0
    if immutable:
        if shutil.which("chattr") is None:
            pytest.skip("running as root without chattr: cannot make a file read-only")
        subprocess.run(["chattr", "+i", str(path)], check=True)
    try:
        yield
    finally:
        if immutable:
            subprocess.run(["chattr", "-i", str(path)], check=True)
        os.chmod(path, 0o644)
