"""One sync round: push the whole outbox, then pull the others' changes until up to date.

Every push retries *the same events with the same ids*, so a response lost after the server
committed is harmless: the server answers the retry from its idempotency log.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from kiosk.store import LocalStore
from kiosk.store.sync import LostAction, SyncLedger
from kiosk.sync.client import CentralClient
from kiosk.sync.errors import SyncError
from kiosk.sync.results import Conflict, SyncReport

log = logging.getLogger(__name__)

PUSH_BATCH = 100
MAX_PAGES_PER_ROUND = 40


def run_sync_round(
    store: LocalStore,
    central_url: str,
    token: str,
    *,
    client: CentralClient | None = None,
    batch_size: int = PUSH_BATCH,
    after_push: Callable[[], None] | None = None,
) -> SyncReport:
    """Push the whole outbox, then pull until up to date. Never raises for network trouble.

    ``after_push`` runs between the server's answer and the local acknowledgement (tests use it
    to kill the process at the worst moment).
    """
    own = client is None
    http = client or CentralClient(central_url, token)
    ledger = SyncLedger(store)
    pushed = pulled = 0
    conflicts: list[Conflict] = []
    try:
        while events := store.pending_events(batch_size):
            try:
                decisions = http.push(events)
            except SyncError as error:
                ledger.record_failure(events, f"{type(error).__name__}: {error}")
                raise
            if after_push is not None:
                after_push()
            conflicts += [_conflict(lost) for lost in ledger.acknowledge(events, decisions)]
            pushed += len(events)
        cursor = ledger.cursor()
        for _page in range(MAX_PAGES_PER_ROUND):
            page = http.pull(cursor)
            ledger.apply(page.changes, page.next)
            pulled += len(page.changes)
            cursor = page.next
            if not page.more:
                break
    except SyncError as error:
        log.info("sync round stopped: %s", type(error).__name__)
        return SyncReport(
            False,
            store.pending_count(),
            pushed,
            pulled,
            tuple(conflicts),
            error=type(error).__name__,
        )
    finally:
        if own:
            http.close()
    return SyncReport(True, store.pending_count(), pushed, pulled, tuple(conflicts))


def _conflict(lost: LostAction) -> Conflict:
    return Conflict(lost.ask_id, lost.number, lost.event_type, lost.status)
