"""Fields read from a kiosk's event payload; the server never trusts what a kiosk sends."""

from __future__ import annotations

import unicodedata
from datetime import UTC, datetime, timedelta
from typing import Any

from kiosk.central.services.values import Rejected

# When a kiosk may say it made an event: a kiosk offline for weeks, a clock a little ahead.
MADE_AT_MOST_AGO = timedelta(days=30)
MADE_AT_MOST_AHEAD = timedelta(days=1)


def text_field(payload: dict[str, Any], key: str, max_len: int) -> str:
    """A required string of at most ``max_len`` characters (ValueError or KeyError if not)."""
    value = payload[key]
    if not isinstance(value, str) or len(value) > max_len:
        raise ValueError(key)
    return value


def optional_id(payload: dict[str, Any], key: str, max_len: int) -> str | None:
    """An optional short identifier; control, surrogate and unassigned characters refused."""
    value = payload.get(key)
    if value is None:
        return None
    if (
        not isinstance(value, str)
        or not value
        or len(value) > max_len
        or any(unicodedata.category(ch) in ("Cc", "Cs", "Co", "Cn", "Cf") for ch in value)
    ):
        raise Rejected("invalid_payload")
    return value


def hex_hash(value: object) -> bool:
    """Whether ``value`` looks like a SHA-256 hex digest (64 lower-case hex digits)."""
    return (
        isinstance(value, str) and len(value) == 64 and all(c in "0123456789abcdef" for c in value)
    )


def made_at(payload: dict[str, Any], now: datetime, *, required: bool) -> datetime | None:
    """When the kiosk says it made the event (``created_at``), as naive UTC; None when it
    does not say and need not. Rejected ``bad_created_at`` unless it is an ISO time with a
    time zone, at most 30 days ago and at most a day ahead of the store's clock (``now``)."""
    value = payload.get("created_at")
    if value is None and not required:
        return None
    try:
        if not isinstance(value, str) or len(value) > 40:
            raise ValueError("created_at")
        moment = datetime.fromisoformat(value)
        if moment.tzinfo is None:
            raise ValueError("created_at without a time zone")
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    except (ValueError, OverflowError):  # year 1 at +01:00 is before datetime.min in UTC
        raise Rejected("bad_created_at") from None
    if not now - MADE_AT_MOST_AGO <= moment <= now + MADE_AT_MOST_AHEAD:
        raise Rejected("bad_created_at")
    return moment


def plain_text_only(payload: dict[str, Any]) -> None:
    """Rejected ``invalid_payload`` if any string in the payload, known field or not, holds
    NUL or a lone surrogate: no database stores them, and no kiosk types them."""
    waiting: list[Any] = [payload]
    while waiting:
        item = waiting.pop()
        if isinstance(item, str):
            if "\x00" in item or not _encodable(item):
                raise Rejected("invalid_payload")
        elif isinstance(item, dict):
            waiting += item.keys()
            waiting += item.values()
        elif isinstance(item, list):
            waiting += item


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
