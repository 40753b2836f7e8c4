"""Sync between this kiosk and the central store: push the outbox, pull the others' changes.

Use :func:`run_sync_round` for one round (``buurtkiosk sync``) and :class:`SyncWorker` in the
app: a background thread that never touches the UI thread and reports every round through a
callback with a plain :class:`SyncReport`. Network trouble never escapes a round: the
exceptions of :class:`CentralClient` (drawn in ``errors.py``) become ``online=False``.

Members identify through :meth:`CentralClient.identify_card` / :meth:`~CentralClient.identify_pin`
(always an :class:`IdentifyResult`, whatever the card or PIN); the session it carries opens
:meth:`~CentralClient.new_card`, :meth:`~CentralClient.verbinder`,
:meth:`~CentralClient.add_note` and :meth:`~CentralClient.unlock` for 15 minutes, goes along
with the member's claims (:meth:`kiosk.store.LocalStore.claim`) and ends with
:meth:`~CentralClient.logout`.

The parts (the store side of sync, what is written locally, is :mod:`kiosk.store.sync`)::

    errors.py    the exception tree
    client.py    CentralClient: the HTTP calls, answers checked
    answers.py   what the central store answers: IdentifyResult, VerbinderView, Page
    results.py   what a round did: SyncReport, Conflict
    round.py     run_sync_round: push, then pull
    worker.py    SyncWorker: rounds on a thread, backoff
    deadline.py  the round's overall deadline, enforced at every socket wait
"""

from kiosk.sync.answers import (
    IdentifyResult,
    Page,
    VerbinderAsk,
    VerbinderNote,
    VerbinderOffer,
    VerbinderView,
)
from kiosk.sync.client import PULL_PAGE, CentralClient
from kiosk.sync.errors import (
    CentralBusy,
    CentralRefused,
    CentralUnavailable,
    Forbidden,
    RoundDeadline,
    SyncError,
    TooLarge,
    Unauthorized,
)
from kiosk.sync.results import (
    LOST_CLAIM,
    LOST_OTHER,
    REFUSED_CLAIM,
    REFUSED_OTHER,
    Conflict,
    Rejection,
    Renumbered,
    SyncReport,
)
from kiosk.sync.round import MAX_PAGES_PER_ROUND, PUSH_BATCH, ROUND_DEADLINE, run_sync_round
from kiosk.sync.worker import BACKOFF_BASE, BACKOFF_CAP, INTERVAL, SyncWorker, backoff_delay

__all__ = [
    "BACKOFF_BASE",
    "BACKOFF_CAP",
    "INTERVAL",
    "LOST_CLAIM",
    "LOST_OTHER",
    "MAX_PAGES_PER_ROUND",
    "PULL_PAGE",
    "PUSH_BATCH",
    "REFUSED_CLAIM",
    "REFUSED_OTHER",
    "ROUND_DEADLINE",
    "CentralBusy",
    "CentralClient",
    "CentralRefused",
    "CentralUnavailable",
    "Conflict",
    "Forbidden",
    "IdentifyResult",
    "Page",
    "Rejection",
    "Renumbered",
    "RoundDeadline",
    "SyncError",
    "SyncReport",
    "SyncWorker",
    "TooLarge",
    "Unauthorized",
    "VerbinderAsk",
    "VerbinderNote",
    "VerbinderOffer",
    "VerbinderView",
    "backoff_delay",
    "run_sync_round",
]
