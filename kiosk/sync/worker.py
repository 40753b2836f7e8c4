"""SyncWorker: sync rounds on a background thread, backing off while the central store is away."""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Callable
from dataclasses import replace

from kiosk.store import LocalStore
from kiosk.sync.client import CentralClient
from kiosk.sync.errors import SyncError
from kiosk.sync.results import SyncReport
from kiosk.sync.round import run_sync_round

log = logging.getLogger(__name__)

INTERVAL = 30.0
BACKOFF_BASE = 2.0
BACKOFF_CAP = 300.0


def backoff_delay(
    failures: int,
    *,
    base: float = BACKOFF_BASE,
    cap: float = BACKOFF_CAP,
    rand: Callable[[], float] = random.random,
) -> float:
    """Capped exponential backoff with "equal jitter": between half and all of the step."""
    step = min(cap, base * 2 ** min(max(failures - 1, 0), 30))
    return step / 2 + rand() * step / 2


class SyncWorker:
    """Runs sync rounds on its own thread: every ``interval`` seconds when online, backing off
    up to ``cap`` when not. ``kick()`` asks for a round now (after a person saved something).

    ``on_change`` is called from the worker thread; a Kivy app hands it on with
    ``Clock.schedule_once``. ``sleep(seconds)`` and ``clock()`` are injectable for tests.
    """

    def __init__(
        self,
        store: LocalStore,
        central_url: str,
        token: str,
        on_change: Callable[[SyncReport], None],
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] | None = None,
        interval: float = INTERVAL,
        cap: float = BACKOFF_CAP,
        rand: Callable[[], float] = random.random,
        client: CentralClient | None = None,
    ) -> None:
        self.store = store
        self.central_url = central_url
        self.token = token
        self.on_change = on_change
        self.clock = clock
        self.interval = interval
        self.cap = cap
        self.rand = rand
        self.failures = 0
        self.last_success: float | None = None
        self._client = client
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._sleep = sleep or self._wait
        self._thread: threading.Thread | None = None
        self._ending: list[str] = []  # member sessions to end once the outbox is pushed
        self._ending_lock = threading.Lock()

    def _wait(self, seconds: float) -> None:
        self._wake.wait(seconds)
        self._wake.clear()

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="sync", daemon=True)
            self._thread.start()

    def stop(self, timeout: float = 20.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def kick(self) -> None:
        self._wake.set()

    def end_session(self, session: str) -> None:
        """Sign a member out at the central store ("Afmelden" or idle), after a round has
        pushed what they did: a claim still in the outbox needs their session to count."""
        if session:
            with self._ending_lock:
                self._ending.append(session)
            self.kick()

    def _end_sessions(self) -> None:
        with self._ending_lock:
            ending, self._ending = self._ending, []
        if not ending:
            return
        client = self._client or CentralClient(self.central_url, self.token)
        try:
            for number, session in enumerate(ending):
                try:
                    client.logout(session)
                except SyncError:
                    with self._ending_lock:  # offline: try again after the next round
                        self._ending[:0] = ending[number:]
                    return
        finally:
            if self._client is None:
                client.close()

    def step(self) -> SyncReport:
        """One round, then the report (with ``retry_in``) goes to ``on_change``."""
        try:
            report = run_sync_round(self.store, self.central_url, self.token, client=self._client)
        except Exception:  # a bug must not kill the thread; the outbox is still safe
            log.exception("sync round failed")
            report = SyncReport(False, self.store.pending_count(), error="internal")
        if report.online and report.pending == 0:
            self._end_sessions()
        if report.online:
            self.failures = 0
            self.last_success = self.clock()
            delay = self.interval
        else:
            self.failures += 1
            delay = backoff_delay(self.failures, cap=self.cap, rand=self.rand)
        report = replace(report, retry_in=delay)
        try:
            self.on_change(report)
        except Exception:
            log.exception("sync callback failed")
        return report

    def _run(self) -> None:
        while not self._stop.is_set():
            report = self.step()
            if self._stop.is_set():
                break
            self._sleep(report.retry_in or self.interval)
