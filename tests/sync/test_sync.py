"""The kiosk's sync client and worker against a real central server on 127.0.0.1."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session
from sync_helpers import Kiosk, ask_draft, member_session

from kiosk.central.models import Ask, Event
from kiosk.central.service import CentralStore
from kiosk.central.testing import free_port, serve
from kiosk.domain import Circle
from kiosk.i18n import translator
from kiosk.store import LocalStore
from kiosk.store.sync import SyncLedger
from kiosk.sync import BACKOFF_CAP, CentralClient, SyncReport, SyncWorker, run_sync_round


def central_asks(central: CentralStore) -> list[str]:
    with Session(central.engine) as session:
        return list(session.scalars(select(Ask.id)))


def central_event_count(central: CentralStore) -> int:
    with Session(central.engine) as session:
        return int(session.scalar(select(func.count()).select_from(Event)) or 0)


def test_a_round_pushes_here_and_pulls_there(
    central_url: str, make_kiosk: Callable[[str], Kiosk]
) -> None:
    here, there = make_kiosk("k1"), make_kiosk("k2")
    saved = here.store.save_ask(ask_draft())
    pushed = run_sync_round(here.store, central_url, here.token)
    assert (pushed.online, pushed.pushed, pushed.pending) == (True, 1, 0)
    pulled = run_sync_round(there.store, central_url, there.token)
    assert pulled.pulled >= 1
    copy = there.store.ask(saved.id)
    assert copy is not None and copy.number == saved.number
    assert copy.person.phone == ""  # not the claimer, not the kiosk where it was typed
    assert copy.person.first_name == "Riet"
    assert there.store.circle("noord") is not None


def test_claim_is_pending_then_confirmed_with_the_phone_for_the_claimer(
    central: CentralStore, central_url: str, make_kiosk: Callable[[str], Kiosk]
) -> None:
    here, there = make_kiosk("k1"), make_kiosk("k2")
    volunteer, session = member_session(central, central_url, there, "Anna")  # claims need one
    saved = here.store.save_ask(ask_draft(phone="0687654321"))
    run_sync_round(here.store, central_url, here.token)
    run_sync_round(there.store, central_url, there.token)
    there.store.ask_action(saved.id, "claim", volunteer=volunteer, session=session)
    with Session(there.store.engine) as session:
        assert session.execute(text("SELECT claim_state FROM asks")).scalar_one() == "pending"
    report = run_sync_round(there.store, central_url, there.token)
    assert report.conflicts == ()
    claimed = there.store.ask(saved.id)
    assert claimed is not None and claimed.person.phone == "+31687654321"
    with Session(there.store.engine) as session:
        assert session.execute(text("SELECT claim_state FROM asks")).scalar_one() == "confirmed"


def test_a_lost_claim_reaches_the_volunteer_kindly(
    central: CentralStore, central_url: str, make_kiosk: Callable[[str], Kiosk]
) -> None:
    origin, first, second = make_kiosk("k1"), make_kiosk("k2"), make_kiosk("k3")
    saved = origin.store.save_ask(ask_draft())
    run_sync_round(origin.store, central_url, origin.token)
    for kiosk in (first, second):
        run_sync_round(kiosk.store, central_url, kiosk.token)
        volunteer, session = member_session(central, central_url, kiosk, kiosk.token[:4])
        kiosk.store.ask_action(saved.id, "claim", volunteer=volunteer, session=session)
    assert run_sync_round(first.store, central_url, first.token).conflicts == ()
    report = run_sync_round(second.store, central_url, second.token)
    (conflict,) = report.conflicts
    assert conflict.number == saved.number and conflict.status == "claimed"
    assert conflict.message(translator("nl")) == (
        "Iemand anders heeft deze vraag al opgepakt. Dank u wel dat u wilde helpen!"
    )
    lost = second.store.ask(saved.id)
    assert lost is not None and lost.person.phone == ""
    with Session(second.store.engine) as session:
        assert session.execute(text("SELECT claim_state FROM asks")).scalar_one() == "conflict"


class LoseFirstPushResponse(httpx.BaseTransport):
    """The server receives and commits the push; its answer never reaches the kiosk."""

    def __init__(self) -> None:
        self.inner = httpx.HTTPTransport()
        self.lost = 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = self.inner.handle_request(request)
        if request.method == "POST" and self.lost == 0:
            response.read()
            self.lost += 1
            raise httpx.ReadError("connection reset after the server committed")
        return response


def test_response_lost_after_commit_is_retried_without_duplicate(
    central: CentralStore, central_url: str, make_kiosk: Callable[[str], Kiosk]
) -> None:
    kiosk = make_kiosk("k1")
    saved = kiosk.store.save_ask(ask_draft())
    transport = LoseFirstPushResponse()
    with CentralClient(central_url, kiosk.token, transport=transport) as client:
        failed = run_sync_round(kiosk.store, central_url, kiosk.token, client=client)
        assert (failed.online, failed.pending) == (False, 1)
        assert central_asks(central) == [saved.id]  # committed before the answer got lost
        retried = run_sync_round(kiosk.store, central_url, kiosk.token, client=client)
    assert transport.lost == 1
    assert (retried.online, retried.pushed, retried.pending) == (True, 1, 0)
    assert central_asks(central) == [saved.id]
    assert central_event_count(central) == 1


def test_offline_for_hours_then_drained_in_order(
    central: CentralStore, make_kiosk: Callable[[str], Kiosk]
) -> None:
    kiosk = make_kiosk("k1")
    port = free_port()
    url = f"http://127.0.0.1:{port}"  # nothing listens here yet: the central store is down
    saved = {kiosk.store.save_ask(ask_draft(name=f"Buur {i}")).id for i in range(500)}
    fake_now = [0.0]
    delays: list[float] = []
    reports: list[SyncReport] = []

    def fake_sleep(seconds: float) -> None:
        delays.append(seconds)
        fake_now[0] += seconds

    worker = SyncWorker(
        kiosk.store, url, kiosk.token, reports.append, clock=lambda: fake_now[0], sleep=fake_sleep
    )
    while fake_now[0] < 6 * 3600:
        fake_sleep(worker.step().retry_in or 0)
    assert all(not r.online and r.pending == 500 for r in reports)
    assert max(delays) <= BACKOFF_CAP
    assert max(delays) > BACKOFF_CAP / 2  # it did back off to the cap, not hammer the server
    with serve(central, port=port):
        drained = worker.step()
    assert (drained.online, drained.pushed, drained.pending) == (True, 500, 0)
    assert set(central_asks(central)) == saved == {a.id for a in kiosk.store.all_asks()}
    assert central_event_count(central) == 500
    with central.engine.connect() as connection:
        seqs = connection.execute(text("SELECT device_seq FROM events ORDER BY rowid")).scalars()
        order = list(seqs)
    assert order == sorted(order)


KILLER = """
import os, signal, sys
from kiosk.store import LocalStore
from kiosk.sync import run_sync_round
store = LocalStore.open(sys.argv[1])
run_sync_round(store, sys.argv[2], sys.argv[3],
               after_push=lambda: os.kill(os.getpid(), signal.SIGKILL))
"""


def test_kill9_between_server_commit_and_local_ack(
    central: CentralStore, central_url: str, make_kiosk: Callable[[str], Kiosk], tmp_path: Path
) -> None:
    kiosk = make_kiosk("k1")
    ids = {kiosk.store.save_ask(ask_draft(name=f"Buur {i}")).id for i in range(5)}
    kiosk_path = str(kiosk.store.engine.url.database)
    killed = subprocess.run(
        [sys.executable, "-c", KILLER, kiosk_path, central_url, kiosk.token],
        env={**os.environ},
        timeout=120,
    )
    assert killed.returncode == -signal.SIGKILL
    assert kiosk.store.pending_count() == 5  # the answer came, the acknowledgement did not
    assert set(central_asks(central)) == ids
    again = run_sync_round(kiosk.store, central_url, kiosk.token)
    assert (again.online, again.pushed, again.pending) == (True, 5, 0)
    assert set(central_asks(central)) == ids
    assert central_event_count(central) == 5
    assert kiosk.store.integrity_check() == "ok"


def test_wrong_token_reports_offline_and_keeps_the_outbox(
    central_url: str, make_kiosk: Callable[[str], Kiosk]
) -> None:
    kiosk = make_kiosk("k1")
    kiosk.store.save_ask(ask_draft())
    report = run_sync_round(kiosk.store, central_url, "wrong")
    assert (report.online, report.error, report.pending) == (False, "Unauthorized", 1)
    assert report.summary() == "offline: pushed 0, pulled 0, waiting 1 (Unauthorized)"
    assert kiosk.store.pending_events()[0].attempts == 1


def test_worker_thread_reports_through_the_callback(
    central_url: str, make_kiosk: Callable[[str], Kiosk]
) -> None:
    kiosk = make_kiosk("k1")
    kiosk.store.save_ask(ask_draft())
    seen: list[SyncReport] = []
    drained = threading.Event()
    caller: list[str] = []

    def on_change(report: SyncReport) -> None:
        seen.append(report)
        caller.append(threading.current_thread().name)
        if report.online and report.pending == 0:
            drained.set()

    worker = SyncWorker(kiosk.store, central_url, kiosk.token, on_change, interval=3600)
    worker.start()
    try:
        assert drained.wait(60)
    finally:
        worker.stop()
    assert caller[0] == "sync" != threading.current_thread().name
    assert seen[-1].status_line(translator("nl")) == "Verbonden"
    offline = SyncReport(online=False, pending=3)
    assert offline.status_line(translator("nl")) == "Geen verbinding · nog 3 te versturen"


def test_pull_applies_and_stores_the_cursor_together(
    central_url: str, make_kiosk: Callable[[str], Kiosk]
) -> None:
    here, there = make_kiosk("k1"), make_kiosk("k2")
    for i in range(3):
        here.store.save_ask(ask_draft(name=f"Buur {i}"))
    run_sync_round(here.store, central_url, here.token)
    run_sync_round(there.store, central_url, there.token)
    cursor = SyncLedger(there.store).cursor()
    assert cursor > 0
    again = run_sync_round(there.store, central_url, there.token)
    assert again.pulled == 0 and SyncLedger(there.store).cursor() == cursor
    assert len(there.store.all_asks()) == 3


@pytest.mark.parametrize("failures", [1, 5, 9, 40])
def test_backoff_never_exceeds_the_cap(failures: int) -> None:
    from kiosk.sync import backoff_delay

    assert backoff_delay(failures, rand=lambda: 1.0) <= BACKOFF_CAP
    assert backoff_delay(failures, rand=lambda: 0.0) >= min(BACKOFF_CAP, 2 ** (failures - 1)) / 2


def test_tombstones_purge_erased_requests_from_every_kiosk(
    central: CentralStore, central_url: str, make_kiosk: Callable[[str], Kiosk]
) -> None:
    here, there = make_kiosk("k1"), make_kiosk("k2")
    closed = here.store.save_ask(ask_draft(name="Riet"))
    kept = here.store.save_ask(ask_draft(name="Kees"))
    here.store.ask_action(closed.id, "cancel")
    run_sync_round(here.store, central_url, here.token)
    run_sync_round(there.store, central_url, there.token)
    assert there.store.ask(closed.id) is not None
    later = datetime.now(UTC) + central.retention + timedelta(days=1)
    central.clock = lambda: later
    assert central.erase_expired() == 1
    for kiosk in (here, there):
        run_sync_round(kiosk.store, central_url, kiosk.token)
        assert kiosk.store.ask(closed.id) is None
        assert kiosk.store.ask(kept.id) is not None
        with Session(kiosk.store.engine) as session:
            names = session.execute(text("SELECT first_name FROM asks")).scalars().all()
        assert names == ["Kees"]


def test_unsent_local_change_wins_over_a_pulled_upsert_but_not_over_an_erasure(
    make_kiosk: Callable[[str], Kiosk],
) -> None:
    kiosk = make_kiosk("k1")
    saved = kiosk.store.save_ask(ask_draft())
    kiosk.store.ask_action(saved.id, "cancel")
    ledger = SyncLedger(kiosk.store)
    stale = {
        "number": saved.number,
        "category": "groceries",
        "when": {"kind": "tomorrow", "day": None},
        "first_name": "Riet",
        "status": "open",
        "token_hash": "0" * 64,
        "created_at": "2026-11-27T09:00:00Z",
    }
    ledger.apply([{"seq": 7, "kind": "ask", "id": saved.id, "op": "upsert", "data": stale}], 7)
    still = kiosk.store.ask(saved.id)
    assert still is not None and still.status == "cancelled"
    assert ledger.cursor() == 7
    ledger.apply([{"seq": 9, "kind": "ask", "id": saved.id, "op": "erase", "data": None}], 9)
    assert kiosk.store.ask(saved.id) is None
    assert kiosk.store.pending_count() == 0
    assert ledger.cursor() == 9


def test_no_personal_data_or_tokens_in_logs(
    central_url: str, make_kiosk: Callable[[str], Kiosk], caplog: pytest.LogCaptureFixture
) -> None:
    here, there = make_kiosk("k1"), make_kiosk("k2")
    caplog.set_level("DEBUG")
    saved = here.store.save_ask(ask_draft(name="Wilhelmina", phone="0687654321"))
    run_sync_round(here.store, central_url, here.token)
    run_sync_round(there.store, central_url, there.token)
    there.store.ask_action(saved.id, "claim", volunteer="vol-secret-42", session="sess-secret-43")
    run_sync_round(there.store, central_url, there.token)
    run_sync_round(here.store, central_url, "wrong-token")
    assert caplog.records  # the capture works: httpx logs every request
    for secret in (
        "Wilhelmina",
        "687654321",
        saved.followup_token,
        here.token,
        there.token,
        "vol-secret-42",
        "sess-secret-43",
    ):
        assert secret not in caplog.text


def test_kiosk_syncs_with_the_served_command(tmp_path: Path) -> None:
    """What `make run` does: the console script serves, add-kiosk registers, a round syncs."""
    db = f"sqlite:///{tmp_path / 'central.sqlite3'}"
    script = Path(sys.executable).parent / "buurtkiosk-central"
    added = subprocess.run(
        [str(script), "add-kiosk", "--db", db, "--name", "k1"],
        capture_output=True,
        text=True,
        check=True,
    )
    token = added.stdout.strip().splitlines()[-1]
    port = free_port()
    server = subprocess.Popen(
        [str(script), "serve", "--db", db, "--port", str(port), "--public-url", "http://buurt.test"]
    )
    try:
        url = f"http://127.0.0.1:{port}"
        for _attempt in range(300):
            try:
                httpx.get(f"{url}/api/health", timeout=1)
                break
            except httpx.HTTPError:
                threading.Event().wait(0.1)
        store = LocalStore.open(tmp_path / "kiosk.sqlite3")
        store.seed_circles([Circle("noord", "Noord", "Els", "+31612345678")])
        store.save_ask(ask_draft())
        report = run_sync_round(store, url, token)
        assert (report.online, report.pushed, report.pending) == (True, 1, 0)
        me = httpx.get(f"{url}/api/v1/me", headers={"Authorization": f"Bearer {token}"}).json()
        assert me["public_url"] == "http://buurt.test"
        store.close()
    finally:
        server.terminate()
        server.wait(30)
