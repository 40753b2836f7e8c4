"""The scratch PostgreSQL cluster a test run starts when no server answers."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.central import scratch_postgres
from kiosk.central.testing import postgres_schema


def test_a_scratch_cluster_serves_a_migrated_schema_and_goes_away() -> None:
    url, cluster, note = scratch_postgres.provide("scratch")
    assert cluster is not None and url == cluster.url
    assert "asked for one of our own" in note
    try:
        assert scratch_postgres.answers(url)
        assert scratch_postgres.answers(cluster.socket_url)
        with postgres_schema(url) as engine, engine.connect() as connection:
            assert connection.exec_driver_sql("SELECT count(*) FROM asks").scalar() == 0
    finally:
        cluster.stop()
    assert not scratch_postgres.answers(url)
    assert not cluster.base.exists()


def test_a_server_that_answers_is_used_as_it_is() -> None:
    with scratch_postgres.scratch_cluster() as running:
        url, cluster, note = scratch_postgres.provide(running.url)
        assert (url, cluster) == (running.url, None)
        assert note == f"PostgreSQL: {running.url}"


def test_none_answering_starts_one_on_another_port() -> None:
    silent = f"postgresql://postgres@127.0.0.1:{scratch_postgres.free_port()}/test"
    url, cluster, note = scratch_postgres.provide(silent)
    try:
        assert cluster is not None and url != silent and scratch_postgres.answers(url)
        assert f"none answers at {silent}" in note
    finally:
        assert cluster is not None
        cluster.stop()


def test_without_the_server_programs_it_says_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(scratch_postgres, "SERVER_DIRS", tmp_path)
    with pytest.raises(scratch_postgres.NoPostgres, match="apt-get install postgresql"):
        scratch_postgres.provide("scratch")
