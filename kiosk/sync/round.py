"""One sync round: push the whole outbox, then pull the others' changes until up to date.

Every push retries *the same events with the same ids*, so a response lost after the server
committed is harmless: the server answers the retry from its idempotency log. A round ends
within :data:`ROUND_DEADLINE` however slowly the server answers; what it settled stays.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from kiosk.store import LocalStore
from kiosk.store.sync import LostAction, Settled, SyncLedger
from kiosk.sync.client import CentralClient
from kiosk.sync.errors import SyncError
from kiosk.sync.results import Conflict, Rejection, Renumbered, SyncReport

log = logging.getLogger(__name__)

PUSH_BATCH = 100
MAX_PAGES_PER_ROUND = 40
ROUND_DEADLINE = 60.0  # seconds for a whole round, every request and answer included


def run_sync_round(
    store: LocalStore,
    central_url: str,
    token: str,
    *,
    client: CentralClient | None = None,
    batch_size: int = PUSH_BATCH,
    after_push: Callable[[], None] | None = None,
    deadline: float = ROUND_DEADLINE,
) -> SyncReport:
    """Push the whole outbox, then pull until up to date. Never raises for network trouble.

    ``after_push`` runs between the server's answer and the local acknowledgement (tests use it
    to kill the process at the worst moment). ``deadline``: seconds for the whole round.
    """
    own = client is None
    http = client or CentralClient(central_url, token)
    ledger = SyncLedger(store)
    pushed = pulled = 0
    settled = Settled()
    error: SyncError | None = None
    try:
        with http.deadline(deadline):
            while events := store.pending_events(batch_size):
                try:
                    decisions = http.push(events)
                except SyncError as failed:
                    ledger.record_failure(events, f"{type(failed).__name__}: {failed}")
                    raise
                if after_push is not None:
                    after_push()
                batch = ledger.settle(events, decisions)
                settled.lost += batch.lost
                settled.refused += batch.refused
                settled.renumbered += batch.renumbered
                pushed += len(events)
            cursor = ledger.cursor()
            for _page in range(MAX_PAGES_PER_ROUND):
                page = http.pull(cursor)
                ledger.apply(page.changes, page.next)
                pulled += len(page.changes)
                cursor = page.next
                if not page.more:
                    break
    except SyncError as stopped:
        log.info("sync round stopped: %s", type(stopped).__name__)
        error = stopped
    finally:
        if own:
            http.close()
    return SyncReport(
        error is None,
        store.pending_count(),
        pushed,
        pulled,
        tuple(_conflict(lost) for lost in settled.lost),
        error=type(error).__name__ if error is not None else None,
        rejected=tuple(
            Rejection(r.entity_id, r.number, r.event_type, r.reason) for r in settled.refused
        ),
        renumbered=tuple(Renumbered(n.entity_id, n.kind, n.old, n.new) for n in settled.renumbered),
    )


def _conflict(lost: LostAction) -> Conflict:
    return Conflict(lost.ask_id, lost.number, lost.event_type, lost.status)
