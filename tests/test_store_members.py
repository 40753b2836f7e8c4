"""The kiosk store for issue 5: members, claims with a helper slip token, scans and the board."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy.exc import IntegrityError

from kiosk import domain
from kiosk.domain import AskDraft, Circle, OfferDraft, Role, When, WhenKind
from kiosk.store import LocalStore
from kiosk.store.db import HEAD_REVISION, alembic_config, make_engine
from kiosk.store.sync import Decision, SyncLedger

NOW = datetime(2026, 12, 1, 9, tzinfo=UTC)


@pytest.fixture
def clock() -> list[datetime]:
    return [NOW]


@pytest.fixture
def store(tmp_path: Path, clock: list[datetime]) -> Iterator[LocalStore]:
    s = LocalStore.open(tmp_path / "kiosk.db", clock=lambda: clock[0])
    s.seed_circles(
        [
            Circle("linde", "De Linde", "Ton", "+31623456789"),
            Circle("eik", "De Eik", "Mo", "+31623456780"),
        ]
    )
    yield s
    s.close()


def draft(**changes: object) -> AskDraft:
    values: dict[str, object] = dict(
        category="groceries",
        when=When(WhenKind.TOMORROW),
        first_name="Riet",
        phone="0612345678",
        circle="linde",
    )
    values.update(changes)
    return AskDraft(**values)  # type: ignore[arg-type]


def member_change(seq: int, member_id: str, **data: object) -> dict[str, object]:
    return {"seq": seq, "kind": "member", "id": member_id, "op": "upsert", "data": data}


def file_bytes(store: LocalStore) -> bytes:
    """The database and its WAL, as a thief with the SD card would read them."""
    folder = Path(str(store.engine.url.database)).parent
    return b"".join(p.read_bytes() for p in folder.iterdir() if p.is_file())


# --- migration -----------------------------------------------------------------------------


def test_upgrade_from_0002_keeps_rows_and_adds_the_new_columns(tmp_path: Path) -> None:
    from alembic import command

    path = tmp_path / "old.db"
    engine = make_engine(path)
    command.upgrade(alembic_config(engine), "0002")
    engine.dispose()
    old = sqlite3.connect(path)
    old.execute("INSERT INTO circles VALUES ('linde', 'De Linde', 'Ton', '+31623456789')")
    old.execute(
        "INSERT INTO asks (id, number, category, when_kind, when_day, first_name, phone,"
        " for_neighbour, circle_code, status, token_hash, created_at, updated_at,"
        " claim_state, claimed_by) VALUES ('a1', '234-5678', 'dog', 'any_time', NULL, 'Kees',"
        " '+31612345678', 0, 'linde', 'claimed', 'h1', '2026-11-01 10:00:00.000000',"
        " '2026-11-01 10:00:00.000000', 'confirmed', 'vol-1')"
    )
    old.commit()
    old.close()

    store = LocalStore.open(path)
    try:
        with store.engine.connect() as connection:
            version = connection.exec_driver_sql("SELECT version_num FROM alembic_version")
            assert version.scalar() == HEAD_REVISION == "0005"
            row = connection.exec_driver_sql(
                "SELECT member_id, street, house_number, helper_token_hash FROM asks"
            ).one()
            assert tuple(row) == (None, None, None, None)
        kept = store.ask("a1")
        assert kept is not None and kept.person.first_name == "Kees"
        assert store.my_claims("vol-1") == [kept]
        assert store.members() == []
    finally:
        store.close()


def test_helper_token_hash_is_unique(store: LocalStore) -> None:
    first, second = store.save_ask(draft()), store.save_ask(draft())
    with store.engine.begin() as connection:
        connection.exec_driver_sql(
            f"UPDATE asks SET helper_token_hash = 'x' WHERE id = '{first.id}'"
        )
    with pytest.raises(IntegrityError), store.engine.begin() as connection:
        connection.exec_driver_sql(
            f"UPDATE asks SET helper_token_hash = 'x' WHERE id = '{second.id}'"
        )


# --- asking as a member, and 'bel mij terug' -------------------------------------------------


def test_an_ask_by_a_member_carries_the_member_id(store: LocalStore) -> None:
    saved = store.save_ask(draft(member_id="m-42"))
    plain = store.save_ask(draft())
    events = {e.entity_id: e.payload for e in store.pending_events()}
    assert events[saved.id]["member"] == "m-42"
    assert "member" not in events[plain.id]
    with store.engine.connect() as connection:
        ids = dict(connection.exec_driver_sql("SELECT id, member_id FROM asks").all())
    assert ids == {saved.id: "m-42", plain.id: None}
    # The central store's view of the ask comes back in a pull: who asked is kept here.
    view = {
        "number": saved.number,
        "category": "groceries",
        "when": {"kind": "tomorrow", "day": None},
        "first_name": "Riet",
        "circle": "linde",
        "status": "open",
        "token_hash": events[saved.id]["token_hash"],
        "claimed_here": False,
    }
    SyncLedger(store).acknowledge(
        store.pending_events(), [Decision(e.event_id, "accepted") for e in store.pending_events()]
    )
    SyncLedger(store).apply([{"seq": 1, "kind": "ask", "id": saved.id, "data": view}], 1)
    with store.engine.connect() as connection:
        member = connection.exec_driver_sql(f"SELECT member_id FROM asks WHERE id = '{saved.id}'")
        assert member.scalar() == "m-42"


def test_a_callback_needs_only_a_phone_and_stays_off_the_board(store: LocalStore) -> None:
    saved = store.save_ask(draft(category=domain.CALLBACK, first_name="", when=None))
    stored = store.ask(saved.id)
    assert stored is not None and stored.person.first_name == ""
    assert stored.person.phone == "+31612345678"
    [event] = store.pending_events()
    assert event.payload["category"] == "callback" and event.payload["first_name"] == ""
    assert store.open_asks() == [] and store.open_ask_counts().total == 0
    with pytest.raises(domain.ValidationError):
        store.save_ask(draft(category=domain.CALLBACK, first_name="", phone=""))


# --- members -------------------------------------------------------------------------------


def test_members_are_listed_by_first_name_per_circle(store: LocalStore) -> None:
    ledger = SyncLedger(store)
    ledger.apply(
        [
            member_change(1, "m1", first_name="wim", circle="linde", role="volunteer"),
            member_change(2, "m2", first_name="Ayşe", circle="eik", role="verbinder"),
            member_change(3, "m3", first_name="Bram", circle="linde", role="volunteer"),
            member_change(4, "m4", first_name="Els", circle=None, role="volunteer"),
        ],
        4,
    )
    assert [m.first_name for m in store.members()] == ["Ayşe", "Bram", "Els", "wim"]
    linde = store.members("linde")
    assert [(m.id, m.role) for m in linde] == [("m3", Role.VOLUNTEER), ("m1", Role.VOLUNTEER)]
    assert store.members("eik")[0].role is Role.VERBINDER
    assert store.circles_with_members() == ["eik", "linde"]


def test_member_changes_update_erase_and_never_store_a_phone(store: LocalStore) -> None:
    ledger = SyncLedger(store)
    ledger.apply(
        [
            member_change(
                1, "m1", first_name="Wim", circle="linde", role="volunteer", phone="+31687650001"
            ),
            member_change(2, "m2", first_name="Bram", circle="linde", role="volunteer"),
            member_change(3, "m3", first_name="Nora", circle="linde", role="astronaut"),
        ],
        3,
    )
    assert [m.id for m in store.members()] == ["m2", "m1"]  # the unknown role is skipped
    assert ledger.cursor() == 3
    ledger.apply(
        [
            member_change(4, "m1", first_name="Willem", circle="eik", role="verbinder"),
            {"seq": 5, "kind": "member", "id": "m2", "op": "erase", "data": None},
        ],
        5,
    )
    [only] = store.members()
    assert (only.id, only.first_name, only.circle, only.role) == (
        "m1",
        "Willem",
        "eik",
        Role.VERBINDER,
    )
    assert b"687650001" not in file_bytes(store)


# --- claims and the helper slip ------------------------------------------------------------


def test_claim_makes_a_helper_token_and_sends_only_its_hash(store: LocalStore) -> None:
    saved = store.save_ask(draft())
    ask, token = store.claim(saved.id, "m-7")
    assert ask.status is domain.AskStatus.CLAIMED
    assert len(token) == 32 and int(token, 16) >= 0
    claim_event = store.pending_events()[-1]
    assert claim_event.type == "ask.claim"
    assert claim_event.payload == {
        "id": saved.id,
        "created_at": "2026-12-01T09:00:00Z",  # when it was made, by the store's clock
        "volunteer": "m-7",
        "helper_token_hash": hashlib.sha256(token.encode()).hexdigest(),
    }
    found = store.ask_by_helper_token(token)
    assert found is not None and found.id == saved.id
    assert store.ask_by_helper_token(token.upper()) is None
    assert store.ask_by_helper_token("0" * 32) is None
    assert token.encode() not in file_bytes(store)


@pytest.mark.parametrize("action", ["release", "done", "cancel"])
def test_giving_back_or_finishing_retires_the_helper_token(store: LocalStore, action: str) -> None:
    saved = store.save_ask(draft())
    _ask, token = store.claim(saved.id, "m-7")
    store.ask_action(saved.id, action, volunteer="m-7")
    assert store.ask_by_helper_token(token) is None
    assert store.my_claims("m-7") == []
    assert store.helper_slip(saved.id) is None
    assert "helper_token_hash" not in store.pending_events()[-1].payload


def test_my_claims_lists_only_this_members_claims_most_urgent_first(store: LocalStore) -> None:
    later = store.save_ask(draft(when=When(WhenKind.ANY_TIME)))
    sooner = store.save_ask(draft(when=When(WhenKind.TODAY)))
    someone_elses = store.save_ask(draft())
    store.claim(later.id, "m-7")
    store.claim(sooner.id, "m-7")
    store.claim(someone_elses.id, "m-8")
    assert [a.id for a in store.my_claims("m-7")] == [sooner.id, later.id]
    assert [a.id for a in store.my_claims("m-8")] == [someone_elses.id]
    assert store.my_claims("m-9") == []


def test_helper_slip_has_the_claimers_view_once_confirmed(store: LocalStore) -> None:
    """An ask typed at another kiosk: no phone here until the central store says it's ours."""
    ledger = SyncLedger(store)
    ask_id = "ask-from-elsewhere"
    view = {
        "number": "345-6789",
        "category": "odd_job",
        "when": {"kind": "on_day", "day": "2026-12-05"},
        "first_name": "Riet",
        "for_neighbour": True,
        "circle": "linde",
        "status": "open",
        "token_hash": "f" * 64,
        "created_at": "2026-11-30T10:00:00Z",
        "updated_at": "2026-11-30T10:00:00Z",
        "claimed_here": False,
    }
    ledger.apply([{"seq": 1, "kind": "ask", "id": ask_id, "op": "upsert", "data": view}], 1)
    assert store.helper_slip(ask_id) is None
    _ask, token = store.claim(ask_id, "m-7")
    pending = store.helper_slip(ask_id)
    assert pending is not None and pending.claim_state == "pending" and pending.phone == ""
    sent = store.pending_events()
    ledger.acknowledge(sent, [Decision(e.event_id, "accepted") for e in sent])
    claimed = view | {
        "status": "claimed",
        "claimed_here": True,
        "claimed_by": "m-7",
        "phone": "+31687654321",
        "street": "Lindelaan",
        "house_number": "12a",
    }
    ledger.apply([{"seq": 2, "kind": "ask", "id": ask_id, "op": "upsert", "data": claimed}], 2)
    slip = store.helper_slip(ask_id)
    assert slip is not None
    assert (slip.number, slip.category, slip.when, slip.first_name, slip.phone) == (
        "345-6789",
        "odd_job",
        When(WhenKind.ON_DAY, date(2026, 12, 5)),
        "Riet",
        "+31687654321",
    )
    assert (slip.street, slip.house_number, slip.for_neighbour, slip.claim_state) == (
        "Lindelaan",
        "12a",
        True,
        "confirmed",
    )
    found = store.ask_by_helper_token(token)
    assert found is not None and found.id == ask_id  # the pull kept our own token's hash

    # Given back. Even were the address still sent, it is kept only while claimed here.
    given_back = view | {"claimed_here": False, "street": "Lindelaan", "house_number": "12a"}
    ledger.apply([{"seq": 3, "kind": "ask", "id": ask_id, "op": "upsert", "data": given_back}], 3)
    assert store.helper_slip(ask_id) is None
    assert store.ask_by_helper_token(token) is None
    with store.engine.connect() as connection:
        address = connection.exec_driver_sql("SELECT street, house_number FROM asks").one()
    assert tuple(address) == (None, None)  # the address left with the claim


def test_a_lost_claim_forgets_the_helper_token(store: LocalStore) -> None:
    saved = store.save_ask(draft())
    _ask, token = store.claim(saved.id, "m-7")
    events = store.pending_events()
    decisions = [Decision(events[0].event_id, "accepted")] + [
        Decision(e.event_id, "conflict", status="claimed") for e in events[1:]
    ]
    [lost] = SyncLedger(store).acknowledge(events, decisions)
    assert lost.ask_id == saved.id
    assert store.ask_by_helper_token(token) is None and store.helper_slip(saved.id) is None


# --- scanning a receipt --------------------------------------------------------------------


def test_followup_tokens_find_their_ask_or_offer(store: LocalStore) -> None:
    asked = store.save_ask(draft())
    offered = store.save_offer(OfferDraft(categories=["dog"], first_name="Wim", phone="0612345679"))
    found = store.ask_by_followup_token(asked.followup_token)
    assert found is not None and found.id == asked.id
    offer = store.offer_by_followup_token(offered.followup_token)
    assert offer is not None and offer.id == offered.id
    assert store.ask_by_followup_token(offered.followup_token) is None
    assert store.offer_by_followup_token(asked.followup_token) is None
    assert store.ask_by_followup_token(domain.new_followup_token()) is None
    assert store.ask_by_followup_token("é" * 22) is None  # never hashed, never raises
    assert store.ask_by_followup_token(asked.followup_token + "x") is None


# --- the public board ----------------------------------------------------------------------


def test_board_shows_the_most_urgent_then_the_oldest_first(
    store: LocalStore, clock: list[datetime]
) -> None:
    made: dict[str, str] = {}
    plan = [
        ("any_old", When(WhenKind.ANY_TIME)),
        ("week", When(WhenKind.THIS_WEEK)),
        ("day_late", When(WhenKind.ON_DAY, date(2026, 12, 9))),
        ("tomorrow", When(WhenKind.TOMORROW)),
        ("today_old", When(WhenKind.TODAY)),
        ("day_soon", When(WhenKind.ON_DAY, date(2026, 12, 4))),
        ("today_new", When(WhenKind.TODAY)),
        ("any_new", When(WhenKind.ANY_TIME)),
    ]
    for name, when in plan:
        made[store.save_ask(draft(when=when)).id] = name
        clock[0] += timedelta(minutes=5)
    store.save_ask(draft(category=domain.CALLBACK, first_name=""))
    order = [made[a.id] for a in store.open_asks()]
    assert order == [  # by date: this week ends on Sunday 6 December, before 9 December
        "today_old",
        "today_new",
        "tomorrow",
        "day_soon",
        "week",
        "day_late",
        "any_old",
        "any_new",
    ]
    assert [made[a.id] for a in store.open_asks(limit=2)] == ["today_old", "today_new"]


def test_board_filters_by_circle_and_category_and_counts(store: LocalStore) -> None:
    dog_linde = store.save_ask(draft(category="dog"))
    store.save_ask(draft(category="meal"))
    dog_eik = store.save_ask(draft(category="dog", circle="eik"))
    nowhere = store.save_ask(draft(category="meal", circle=None))
    claimed = store.save_ask(draft(category="dog"))
    store.claim(claimed.id, "m-7")
    store.save_ask(draft(category=domain.CALLBACK, first_name=""))
    assert {a.id for a in store.open_asks(category="dog")} == {dog_linde.id, dog_eik.id}
    assert [a.id for a in store.open_asks(circle="eik")] == [dog_eik.id]
    assert [a.id for a in store.open_asks(circle="linde", category="dog")] == [dog_linde.id]
    assert store.open_asks(category=domain.CALLBACK) == []
    counts = store.open_ask_counts()
    assert counts.total == 4
    assert counts.by_circle == {"linde": 2, "eik": 1, None: 1}
    assert counts.by_category == {"dog": 2, "meal": 2}
    assert nowhere.id in {a.id for a in store.open_asks()}


def test_board_holds_five_thousand_asks(store: LocalStore) -> None:
    from sqlalchemy import insert

    from kiosk.store.models import AskRow

    rows = [
        {
            "id": f"a{i}",
            "number": f"{i:07d}",
            "category": "dog",
            "when_kind": "any_time",
            "when_day": None,
            "first_name": "Riet",
            "phone": "",
            "for_neighbour": False,
            "circle_code": None,
            "status": "open",
            "token_hash": f"t{i}",
            "created_at": datetime(2026, 11, 1) + timedelta(minutes=i),
            "updated_at": datetime(2026, 11, 1),
        }
        for i in range(5200)
    ]
    with store._write() as session:
        session.execute(insert(AskRow), rows)
    board = store.open_asks()
    assert len(board) == 5200 and board[0].id == "a0" and board[-1].id == "a5199"
    assert {a.initial for a in board} == {"R."}


def test_public_board_never_holds_more_than_an_initial() -> None:
    fields = set(domain.PublicAsk.__dataclass_fields__)
    assert fields == {"id", "number", "category", "when", "circle", "initial", "days_open"}
    assert not {"phone", "first_name", "street", "house_number", "person"} & fields
