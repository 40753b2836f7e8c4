"""The clock the kiosk reads (tests pass their own); apart, so it loads nothing heavy."""

from __future__ import annotations

from datetime import UTC, datetime


def utc_now() -> datetime:
    return datetime.now(UTC)
