"""A PIN try at a kiosk, judged race-free against the kiosk's limits, the member's count and lock.

The KDF runs outside any transaction and through the :class:`KdfGate`; the count moves by a
conditional UPDATE that names the state it was computed from. If another try moved the state
first, nothing is written and the try starts over against the new state, where it may now meet
a wait (not counted) or the lock.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import datetime

from sqlalchemy.orm import Session

from kiosk.central.services import pin_limits, pins, sessions
from kiosk.central.services.common import plain_id
from kiosk.central.services.kdf_gate import KdfGate
from kiosk.central.services.values import Identified, KioskAuth, TryLater

UnitOfWork = Callable[[], AbstractContextManager[Session]]


def identify_pin(
    read: UnitOfWork,
    write: UnitOfWork,
    gate: KdfGate,
    now: Callable[[], datetime],
    kiosk: KioskAuth,
    member_id: str,
    pin: str,
) -> Identified:
    """Check a PIN; :class:`TryLater` when the kiosk or buurthuis made too many wrong tries
    lately, or when too many PINs are being checked at this moment."""
    if not plain_id(member_id):
        return Identified("unknown")
    verdicts: dict[str, bool] = {}
    for _attempt in range(pins.PIN_RACE_RETRIES):
        with read() as session:
            if wait := pin_limits.seconds_to_wait(session, kiosk, now()):
                raise TryLater(wait)
            state = pins.pin_state(session, kiosk, member_id)
        if state is None:
            return Identified("unknown")
        if (refused := pins.refusal(state, kiosk, now())) is not None:
            return refused
        if state.pin_hash not in verdicts:
            with gate.turn():
                verdicts[state.pin_hash] = pins.pin_problem(pin) is None and pins.verify_pin(
                    pin, state.pin_hash
                )
        right = verdicts[state.pin_hash]
        moment = now()
        values = pins.after_try(state, right, kiosk, moment)
        with write() as session:
            if not pins.count_try(session, member_id, state, values):
                continue  # another try came first: judge this one against the new state
            if right:
                return sessions.identified_by_pin(session, member_id, kiosk, moment)
            pin_limits.note_wrong_pin(session, kiosk, moment)
        return pins.failed(values)
    return Identified("wait", wait_seconds=1)  # a storm of tries: this one is not judged
