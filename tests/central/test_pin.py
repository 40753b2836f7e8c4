"""PIN tries counted by the central store, for two kiosks together, on SQLite and PostgreSQL.

Both kiosks talk through the real kiosk client (kiosk.sync.CentralClient) to a real server;
the store's clock is moved by hand, so the waits (5 s, doubling) need no sleeping.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

import pytest
from central_helpers import FakeClock, Server
from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.central.models import Member
from kiosk.central.service import hash_pin, pin_problem, pin_wait, verify_pin
from kiosk.sync import CentralClient

RIGHT, WRONG = "246810", "975318"


def test_ten_wrong_pins_over_two_kiosks_lock_with_waits_in_between(server: Server) -> None:
    clock = FakeClock()
    server.store.clock = clock
    left = CentralClient(server.url, server.store.add_kiosk("k1", "brink"))
    right = CentralClient(server.url, server.store.add_kiosk("k2", "brink"))
    sanne = server.store.add_member("brink", "Sanne", "0612345678", pin=RIGHT).id
    answers = []
    for attempt in range(1, 11):
        kiosk = left if attempt % 2 else right
        other = right if attempt % 2 else left
        answer = kiosk.identify_pin(sanne, WRONG)
        answers.append((answer.result, answer.tries_left, answer.wait_seconds))
        if answer.wait_seconds:
            # A try during the wait, even the right PIN, is answered "wait" and not counted.
            early = other.identify_pin(sanne, RIGHT)
            assert (early.result, early.session) == ("wait", None)
            assert early.wait_seconds == answer.wait_seconds
            clock.advance(answer.wait_seconds - 1)
            assert other.identify_pin(sanne, WRONG).result == "wait"
            clock.advance(1)
    assert answers == [
        ("wrong", 9, 0),
        ("wrong", 8, 0),
        ("wrong", 7, 5),
        ("wrong", 6, 10),
        ("wrong", 5, 20),
        ("wrong", 4, 40),
        ("wrong", 3, 80),
        ("wrong", 2, 160),
        ("wrong", 1, 320),
        ("locked", None, 0),
    ]
    clock.advance(3599)
    # Ten tries from two kiosks: locked at both (and any other) for an hour.
    assert left.identify_pin(sanne, RIGHT).result == "locked"
    assert right.identify_pin(sanne, RIGHT).result == "locked"
    assert [m.state for m in server.store.members("brink")] == ["pin locked"]
    assert server.store.reset_pin(sanne, "135792") == "135792"
    assert left.identify_pin(sanne, RIGHT).result == "wrong"  # the old PIN is gone
    unlocked = right.identify_pin(sanne, "135792")
    assert unlocked.result == "ok" and unlocked.member is not None
    assert unlocked.member.first_name == "Sanne" and unlocked.session
    left.close()
    right.close()


def test_a_lock_ends_after_an_hour_and_the_count_starts_over(server: Server) -> None:
    with two_kiosks(server) as (clock, left, right, sanne):
        for attempt in range(10):
            answer = (left if attempt % 2 else right).identify_pin(sanne, WRONG)
            clock.advance(answer.wait_seconds)
        assert answer.result == "locked"
        clock.advance(3600)
        assert [m.state for m in server.store.members("brink")] == ["active"]
        assert left.identify_pin(sanne, WRONG).tries_left == 9
        assert right.identify_pin(sanne, RIGHT).result == "ok"


def test_a_right_pin_resets_the_count(server: Server) -> None:
    server.store.clock = FakeClock()
    token = server.store.add_kiosk("k1", "brink")
    sanne = server.store.add_member("brink", "Sanne", "0612345678", pin=RIGHT).id
    with CentralClient(server.url, token) as kiosk:
        assert kiosk.identify_pin(sanne, WRONG).tries_left == 9
        assert kiosk.identify_pin(sanne, WRONG).tries_left == 8
        assert kiosk.identify_pin(sanne, RIGHT).result == "ok"
        assert kiosk.identify_pin(sanne, WRONG).tries_left == 9


def test_simultaneous_wrong_tries_from_two_kiosks_are_counted_exactly(server: Server) -> None:
    """Twelve wrong tries at the same moment: three are counted (the third imposes a wait),
    the other nine meet the wait. No try is lost and none is counted twice."""
    server.store.clock = FakeClock()
    tokens = [server.store.add_kiosk("k1", "brink"), server.store.add_kiosk("k2", "brink")]
    sanne = server.store.add_member("brink", "Sanne", "0612345678", pin=RIGHT).id
    clients = [CentralClient(server.url, tokens[i % 2]) for i in range(12)]
    gate = threading.Barrier(len(clients))

    def attempt(client: CentralClient) -> str:
        gate.wait()
        return client.identify_pin(sanne, WRONG).result

    with ThreadPoolExecutor(max_workers=len(clients)) as pool:
        results = list(pool.map(attempt, clients))
    for client in clients:
        client.close()
    assert sorted(results) == ["wait"] * 9 + ["wrong"] * 3
    with Session(server.store.engine) as session:
        failures = session.scalar(select(Member.pin_failures).where(Member.id == sanne))
    assert failures == 3


def test_unknown_members_and_other_buurthuizen_get_unknown(server: Server) -> None:
    token = server.store.add_kiosk("k1", "brink")
    elsewhere = server.store.add_member("haven", "Kees", "0612345678", pin=RIGHT).id
    gone = server.store.add_member("brink", "Joke", "0612345678", pin=RIGHT).id
    server.store.revoke_member(gone)
    with CentralClient(server.url, token) as kiosk:
        assert kiosk.identify_pin(elsewhere, RIGHT).result == "unknown"
        assert kiosk.identify_pin(gone, RIGHT).result == "unknown"
        assert kiosk.identify_pin("no-such-member", RIGHT).result == "unknown"


@pytest.mark.parametrize(
    ("pin", "weak"),
    [
        ("111111", True),
        ("123456", True),
        ("654321", True),
        ("345678", True),
        ("12345", True),
        ("12345a", True),
        ("１２３４５６", True),  # fullwidth digits are not digits here
        ("246810", False),
        ("135792", False),
        ("112233", False),
    ],
)
def test_weak_pins_are_refused(pin: str, weak: bool) -> None:
    assert (pin_problem(pin) is not None) == weak


def test_pin_hash_is_salted_scrypt_and_waits_double() -> None:
    first, second = hash_pin(RIGHT), hash_pin(RIGHT)
    assert first != second and first.startswith("scrypt$") and RIGHT not in first
    assert verify_pin(RIGHT, first) and not verify_pin(WRONG, first)
    assert not verify_pin(RIGHT, "md5$00$00") and not verify_pin(RIGHT, "garbage")
    assert [pin_wait(n) for n in range(1, 10)] == [0, 0, 5, 10, 20, 40, 80, 160, 320]
    assert sum(pin_wait(n) for n in range(1, 10)) < 3600  # at most 10 tries, then the lock


def test_ten_wrong_pins_at_one_kiosk_lock_the_member_at_that_kiosk_only(server: Server) -> None:
    """One kiosk's token alone cannot lock a member out at the other kiosks."""
    with two_kiosks(server) as (clock, here, there, sanne):
        for _attempt in range(10):
            answer = here.identify_pin(sanne, WRONG)
            clock.advance(answer.wait_seconds)
        assert answer.result == "locked"
        assert here.identify_pin(sanne, RIGHT).result == "locked"
        assert there.identify_pin(sanne, WRONG).tries_left == 9  # a count of its own
        found = there.identify_pin(sanne, RIGHT)
        assert found.result == "ok" and found.session
        assert here.identify_pin(sanne, RIGHT).result == "locked"  # until its hour is over
        clock.advance(3600)
        assert here.identify_pin(sanne, RIGHT).result == "ok"


@contextmanager
def two_kiosks(server: Server) -> Iterator[tuple[FakeClock, CentralClient, CentralClient, str]]:
    """Kiosks k1 and k2 of one buurthuis, the store's clock moved by hand, and Sanne's id."""
    clock = FakeClock()
    server.store.clock = clock
    tokens = [server.store.add_kiosk("k1", "brink"), server.store.add_kiosk("k2", "brink")]
    sanne = server.store.add_member("brink", "Sanne", "0612345678", pin=RIGHT).id
    with (
        CentralClient(server.url, tokens[0]) as first,
        CentralClient(server.url, tokens[1]) as second,
    ):
        yield clock, first, second, sanne
