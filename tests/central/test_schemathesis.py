"""Requests generated from our own OpenAPI spec (schemathesis) against a real server: no 5xx.

Hypothesis drives each operation directly (``operation.as_strategy()``) instead of the
schemathesis pytest plugin, which does not load under pytest 9.
"""

from __future__ import annotations

from pathlib import Path

import schemathesis
from central_helpers import sqlite_store
from hypothesis import HealthCheck, given, settings

from kiosk.central.testing import serve


def test_generated_requests_never_get_a_server_error(tmp_path: Path) -> None:
    store = sqlite_store(tmp_path / "central.sqlite3")
    token = store.add_kiosk("k1", "brink")
    store.add_circle("brink", "noord", "Noord", "Els", "0612345678")
    failures: list[str] = []
    tried: list[str] = []
    with serve(store) as url:
        schema = schemathesis.openapi.from_url(f"{url}/openapi.json")
        for result in schema.get_all_operations():
            operation = result.ok()
            tried.append(operation.label)

            @given(case=operation.as_strategy())
            @settings(
                max_examples=40,
                deadline=None,
                suppress_health_check=list(HealthCheck),
                database=None,
            )
            def check(case: schemathesis.Case) -> None:
                response = case.call(headers={"Authorization": f"Bearer {token}"}, timeout=30)
                if response.status_code >= 500:
                    failures.append(f"{case.method} {case.formatted_path}: {response.status_code}")

            check()
    store.engine.dispose()
    assert len(tried) >= 6
    assert failures == []
