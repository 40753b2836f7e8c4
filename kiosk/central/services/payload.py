"""Fields read from a kiosk's event payload; the server never trusts what a kiosk sends."""

from __future__ import annotations

import unicodedata
from typing import Any

from kiosk.central.services.values import Rejected


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
        raise Rejected(f"bad_{key}")
    return value


def hex_hash(value: object) -> bool:
    """Whether ``value`` looks like a SHA-256 hex digest (64 lower-case hex digits)."""
    return (
        isinstance(value, str) and len(value) == 64 and all(c in "0123456789abcdef" for c in value)
    )
