"""Members' PINs: the rules for a good PIN, the slow salted hash, and the waits after failures.

A PIN is 6 digits, tried against a slow salted KDF, with failures counted in the central
store so two kiosks cannot double the tries.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import pairwise

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from kiosk.central.models import Member
from kiosk.central.services.values import Identified, KioskAuth

PIN_LENGTH = 6
PIN_FREE_FAILURES = 2  # the 3rd consecutive failure imposes the first wait
PIN_FIRST_WAIT = 5  # seconds, doubling per further failure
PIN_LOCK_AFTER = 10  # the 10th consecutive failure locks until an operator resets the PIN
SCRYPT_N, SCRYPT_R, SCRYPT_P, SCRYPT_LEN = 2**14, 8, 1, 32
PIN_RACE_RETRIES = 50  # a try that keeps losing the race to others is answered "wait"


class WeakPin(ValueError):
    """A PIN that is not 6 digits or too easy to guess; the message says which."""


def pin_problem(pin: str) -> str | None:
    """Why ``pin`` may not be set, or None when it is fine."""
    if len(pin) != PIN_LENGTH or not all(c in "0123456789" for c in pin):
        return f"a PIN is exactly {PIN_LENGTH} digits"
    if len(set(pin)) == 1:
        return "a PIN of one digit repeated is too easy to guess"
    steps = {int(b) - int(a) for a, b in pairwise(pin)}
    if steps in ({1}, {-1}):
        return "a PIN of digits in a row (like 123456 or 654321) is too easy to guess"
    return None


def new_pin() -> str:
    while True:
        pin = f"{secrets.randbelow(10**PIN_LENGTH):0{PIN_LENGTH}d}"
        if pin_problem(pin) is None:
            return pin


def chosen_or_new_pin(pin: str | None) -> str:
    """The operator's PIN if it is good enough (else :class:`WeakPin`), or a new one."""
    if pin is not None and (problem := pin_problem(pin)) is not None:
        raise WeakPin(problem)
    return pin or new_pin()


def hash_pin(pin: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(
        pin.encode(), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, dklen=SCRYPT_LEN
    )
    return f"scrypt${salt.hex()}${digest.hex()}"


def verify_pin(pin: str, stored: str) -> bool:
    """Constant-time comparison against a stored ``scrypt$salt$hash``."""
    try:
        scheme, salt_hex, digest_hex = stored.split("$")
        salt, expected = bytes.fromhex(salt_hex), bytes.fromhex(digest_hex)
    except ValueError:
        return False
    if scheme != "scrypt":
        return False
    digest = hashlib.scrypt(
        pin.encode("utf-8", "surrogatepass"),
        salt=salt,
        n=SCRYPT_N,
        r=SCRYPT_R,
        p=SCRYPT_P,
        dklen=len(expected),
    )
    return hmac.compare_digest(digest, expected)


def pin_wait(failures: int) -> int:
    """Seconds to wait after ``failures`` consecutive failures: 0, 0, 5, 10, 20 … 320."""
    if failures <= PIN_FREE_FAILURES:
        return 0
    return PIN_FIRST_WAIT * 2 ** (failures - PIN_FREE_FAILURES - 1)


def reset_pin(session: Session, member_id: str, pin_hash: str) -> bool:
    """Set a new PIN hash and clear the failure count; False: no such member."""
    done = session.execute(
        update(Member)
        .where(Member.id == member_id, Member.revoked_at.is_(None))
        .values(pin_hash=pin_hash, pin_failures=0, pin_blocked_until=None, pin_locked=False),
        execution_options={"synchronize_session": False},
    )
    return getattr(done, "rowcount", 0) == 1


@dataclass(frozen=True)
class PinState:
    """What a PIN try is judged against; the count moves only if it still holds."""

    pin_hash: str
    failures: int
    blocked_until: datetime | None
    locked: bool


def pin_state(session: Session, kiosk: KioskAuth, member_id: str) -> PinState | None:
    """The PIN state of a member of the kiosk's buurthuis who is not revoked and has a PIN;
    None for anyone else."""
    row = session.execute(
        select(
            Member.pin_hash,
            Member.pin_failures,
            Member.pin_blocked_until,
            Member.pin_locked,
        ).where(
            Member.id == member_id[:36],
            Member.buurthuis_id == kiosk.buurthuis_id,
            Member.revoked_at.is_(None),
        )
    ).first()
    if row is None or row.pin_hash is None:
        return None
    return PinState(row.pin_hash, row.pin_failures, row.pin_blocked_until, row.pin_locked)


def refusal(state: PinState, now: datetime) -> Identified | None:
    """Why no PIN may be tried now (locked, or a wait after failures), or None when it may."""
    if state.locked:
        return Identified("locked")
    if state.blocked_until is not None and state.blocked_until > now:
        left = math.ceil((state.blocked_until - now).total_seconds())
        return Identified("wait", wait_seconds=max(1, left))
    return None


def count_try(
    session: Session, member_id: str, state: PinState, failures: int, now: datetime
) -> bool:
    """Store the try's failure count, only if the state it was judged against still holds.

    False: another try moved the state first and nothing was written.
    """
    wait = pin_wait(failures)
    moved = session.execute(
        update(Member)
        .where(
            Member.id == member_id,
            Member.revoked_at.is_(None),
            Member.pin_hash == state.pin_hash,
            Member.pin_failures == state.failures,
            Member.pin_locked.is_(False),
        )
        .values(
            pin_failures=failures,
            pin_locked=failures >= PIN_LOCK_AFTER,
            pin_blocked_until=now + timedelta(seconds=wait) if wait else None,
        ),
        execution_options={"synchronize_session": False},
    )
    return getattr(moved, "rowcount", 0) == 1


def failed(failures: int) -> Identified:
    """The answer to a wrong PIN after ``failures`` consecutive failures."""
    if failures >= PIN_LOCK_AFTER:
        return Identified("locked")
    return Identified(
        "wrong", tries_left=PIN_LOCK_AFTER - failures, wait_seconds=pin_wait(failures)
    )
