"""Members' PINs: the rules for a good PIN, the slow salted hash, and the waits after failures.

A PIN is 6 digits, tried against a slow salted KDF, with failures counted in the central
store so two kiosks cannot double the tries. A lock ends after an hour; one that a single kiosk
caused holds at that kiosk only, so one kiosk's token cannot lock a member out elsewhere.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import secrets
from dataclasses import astuple, dataclass
from datetime import datetime, timedelta
from itertools import pairwise
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from kiosk.central.models import Member
from kiosk.central.services.authority import verbinder_of
from kiosk.central.services.common import plain_id
from kiosk.central.services.sessions import session_member
from kiosk.central.services.values import Identified, KioskAuth

PIN_LENGTH = 6
PIN_FREE_FAILURES = 2  # the 3rd consecutive failure imposes the first wait
PIN_FIRST_WAIT = 5  # seconds, doubling per further failure
PIN_LOCK_AFTER = 10  # the 10th consecutive failure locks
PIN_LOCK_TIME = timedelta(hours=1)  # a lock ends by itself (or the verbinder lifts it)
SCRYPT_N, SCRYPT_R, SCRYPT_P, SCRYPT_LEN = 2**14, 8, 1, 32
PIN_RACE_RETRIES = 50  # a try that keeps losing the race to others is answered "wait"
# A member's PIN columns with no failures and no lock.
UNLOCKED = {
    "pin_failures": 0,
    "pin_blocked_until": None,
    "pin_fail_kiosk_id": None,
    "pin_locked": False,
    "pin_locked_until": None,
    "pin_locked_kiosk_id": None,
}


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
        .values(pin_hash=pin_hash, **UNLOCKED),
        execution_options={"synchronize_session": False},
    )
    return getattr(done, "rowcount", 0) == 1


@dataclass(frozen=True)
class PinState:
    """What a PIN try is judged against; the count moves only if it still holds."""

    pin_hash: str
    failures: int
    blocked_until: datetime | None
    fail_kiosk_id: int | None
    locked: bool
    locked_until: datetime | None
    locked_kiosk_id: int | None

    def lock_holds(self, kiosk: KioskAuth, now: datetime) -> bool:
        """Whether a lock stops PIN tries at this kiosk now."""
        return (
            self.locked
            and self.locked_until is not None
            and self.locked_until > now
            and self.locked_kiosk_id in (None, kiosk.id)
        )


PIN_STATE_COLUMNS = (
    Member.pin_hash,
    Member.pin_failures,
    Member.pin_blocked_until,
    Member.pin_fail_kiosk_id,
    Member.pin_locked,
    Member.pin_locked_until,
    Member.pin_locked_kiosk_id,
)


def pin_state(session: Session, kiosk: KioskAuth, member_id: str) -> PinState | None:
    """The PIN state of a member of the kiosk's buurthuis who is not revoked and has a PIN;
    None for anyone else."""
    row = session.execute(
        select(*PIN_STATE_COLUMNS).where(
            Member.id == member_id,
            Member.buurthuis_id == kiosk.buurthuis_id,
            Member.revoked_at.is_(None),
        )
    ).first()
    if row is None or row.pin_hash is None:
        return None
    return PinState(row.pin_hash, *row[1:])


def refusal(state: PinState, kiosk: KioskAuth, now: datetime) -> Identified | None:
    """Why no PIN may be tried now (locked here, or a wait after failures), or None."""
    if state.lock_holds(kiosk, now):
        return Identified("locked")
    if state.blocked_until is not None and state.blocked_until > now:
        left = math.ceil((state.blocked_until - now).total_seconds())
        return Identified("wait", wait_seconds=max(1, left))
    return None


def after_try(state: PinState, right: bool, kiosk: KioskAuth, now: datetime) -> dict[str, Any]:
    """The member's PIN columns after this try at this kiosk.

    A right PIN clears the count and any lock that holds here or has ended (a lock another
    kiosk caused stays there until its hour is over). The 10th failure in a row locks for an
    hour: at this kiosk only when all ten were tried here, else at every kiosk; the count
    then starts over.
    """
    lock_elsewhere = (
        state.locked
        and state.locked_until is not None
        and state.locked_until > now
        and state.locked_kiosk_id not in (None, kiosk.id)
    )
    kept_lock: dict[str, Any] = (
        {
            "pin_locked": True,
            "pin_locked_until": state.locked_until,
            "pin_locked_kiosk_id": state.locked_kiosk_id,
        }
        if lock_elsewhere
        else {}
    )
    cleared = UNLOCKED | kept_lock
    if right:
        return cleared
    failures = state.failures + 1
    alone = state.failures == 0 or state.fail_kiosk_id == kiosk.id
    if failures >= PIN_LOCK_AFTER:
        # A second kiosk's lock while one holds elsewhere: two kiosks, so everywhere.
        here_only = alone and not lock_elsewhere
        return UNLOCKED | {
            "pin_locked": True,
            "pin_locked_until": now + PIN_LOCK_TIME,
            "pin_locked_kiosk_id": kiosk.id if here_only else None,
        }
    wait = pin_wait(failures)
    return cleared | {
        "pin_failures": failures,
        "pin_blocked_until": now + timedelta(seconds=wait) if wait else None,
        "pin_fail_kiosk_id": kiosk.id if alone else None,
    }


def count_try(session: Session, member_id: str, state: PinState, values: dict[str, Any]) -> bool:
    """Store the try's outcome, only if the state it was judged against still holds.

    False: another try moved the state first and nothing was written.
    """
    moved = session.execute(
        update(Member)
        .where(
            Member.id == member_id,
            Member.revoked_at.is_(None),
            *(
                column.is_not_distinct_from(value)
                for column, value in zip(PIN_STATE_COLUMNS, astuple(state), strict=True)
            ),
        )
        .values(**values),
        execution_options={"synchronize_session": False},
    )
    return getattr(moved, "rowcount", 0) == 1


def failed(values: dict[str, Any]) -> Identified:
    """The answer to a wrong PIN, from the columns :func:`after_try` gave."""
    if values["pin_locked"] and values["pin_failures"] == 0:
        return Identified("locked")
    failures = values["pin_failures"]
    return Identified(
        "wrong", tries_left=PIN_LOCK_AFTER - failures, wait_seconds=pin_wait(failures)
    )


def unlock(session: Session, member_id: str) -> None:
    """Lift the lock and clear the count (the verbinder at a kiosk, or an operator's reset)."""
    session.execute(
        update(Member).where(Member.id == member_id).values(**UNLOCKED),
        execution_options={"synchronize_session": False},
    )


def unlock_by_verbinder(
    session: Session, kiosk: KioskAuth, token: str, member_id: str, now: datetime
) -> bool:
    """The verbinder of the member's circle, in a live session at this kiosk, lifts the lock;
    False for anyone else (or a member who is not there)."""
    verbinder = session_member(session, kiosk, token, now)
    if verbinder is None or not plain_id(member_id):
        return False
    target = session.execute(
        select(Member.circle_code).where(
            Member.id == member_id,
            Member.buurthuis_id == kiosk.buurthuis_id,
            Member.revoked_at.is_(None),
        )
    ).first()
    if target is None or not verbinder_of(verbinder, target.circle_code):
        return False
    unlock(session, member_id)
    return True
