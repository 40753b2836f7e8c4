"""Request numbers, follow-up tokens and ids: drawn at random, tokens kept as hashes."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import uuid

# Request numbers are read aloud over the phone and typed on the kiosk's number keypad:
# digits only, and no 0 or 1 (so never confused with O, I or L when written down by hand).
NUMBER_ALPHABET = "23456789"
NUMBER_LENGTH = 7


def new_request_number() -> str:
    raw = "".join(secrets.choice(NUMBER_ALPHABET) for _ in range(NUMBER_LENGTH))
    return f"{raw[:3]}-{raw[3:]}"


def normalise_request_number(typed: str) -> str | None:
    """A typed number back in canonical form (``482-7593``), or None when it cannot be one."""
    raw = "".join(ch for ch in typed if not ch.isspace() and ch not in "-./")
    if len(raw) != NUMBER_LENGTH or any(ch not in NUMBER_ALPHABET for ch in raw):
        return None
    return f"{raw[:3]}-{raw[3:]}"


TOKEN_BYTES = 16  # 128 bits


def new_followup_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def token_matches(token: str, stored_hash: str) -> bool:
    return hmac.compare_digest(hash_token(token), stored_hash)


def new_id() -> str:
    return str(uuid.uuid4())
