"""Quiet, headless Kivy for every test (set before anything imports kivy), and one PostgreSQL
server for the run (a scratch cluster when none answers)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kiosk.central import scratch_postgres

ROOT = Path(__file__).resolve().parent.parent
os.environ.setdefault("KIVY_NO_ARGS", "1")
os.environ.setdefault("KIVY_NO_CONSOLELOG", "1")
os.environ.setdefault("KIVY_NO_FILELOG", "1")
os.environ.setdefault("KIVY_LOG_MODE", "PYTHON")
os.environ.setdefault("KIVY_WINDOW", "sdl2")
os.environ.setdefault("KIVY_HOME", str(ROOT / ".kivyhome"))
os.environ.setdefault("SDL_VIDEODRIVER", "offscreen")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
# The offscreen window's GL buffer keeps the size it was created with; a window made larger
# later draws garbage outside it. Start at the largest panel (10.1", 1280×800); the tests
# for the 7" panel shrink it, which draws correctly.
os.environ.setdefault("KCFG_GRAPHICS_WIDTH", "1280")
os.environ.setdefault("KCFG_GRAPHICS_HEIGHT", "800")

SCRATCH_POSTGRES = pytest.StashKey[scratch_postgres.Cluster | None]()
POSTGRES_NOTE = pytest.StashKey[str]()


def pytest_configure(config: pytest.Config) -> None:
    """PostgreSQL for the whole run, started here when none answers, before xdist's workers
    exist: they inherit BUURTKIOSK_TEST_PG and share the one server."""
    if hasattr(config, "workerinput"):  # an xdist worker: the controller has seen to it
        return
    try:
        url, cluster, note = scratch_postgres.provide(scratch_postgres.postgres_url())
    except scratch_postgres.NoPostgres as error:
        os.environ[scratch_postgres.NO_POSTGRES_REASON] = note = str(error)
    else:
        os.environ["BUURTKIOSK_TEST_PG"] = url
        config.stash[SCRATCH_POSTGRES] = cluster
    config.stash[POSTGRES_NOTE] = note


def pytest_report_header(config: pytest.Config) -> str:
    return config.stash.get(POSTGRES_NOTE, "")


def pytest_unconfigure(config: pytest.Config) -> None:
    cluster = config.stash.get(SCRATCH_POSTGRES, None)
    if cluster is not None:
        cluster.stop()
