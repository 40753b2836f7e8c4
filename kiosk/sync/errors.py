"""What can stop a request to the central store: the exceptions CentralClient raises.

:func:`~kiosk.sync.round.run_sync_round` catches them and reports ``online=False`` with a short
``error`` instead::

    SyncError
    ├── CentralUnavailable      network error, timeout, 5xx, 429 or a garbled answer: retry later
    │   ├── RoundDeadline       the round's overall deadline passed (a slow or trickling server)
    │   └── CentralBusy         429: too many requests (PIN tries here, PIN checks at once)
    └── CentralRefused          the central store said no; the same request will not help
        ├── Unauthorized        401: the device token is wrong or revoked
        ├── Forbidden           403: no live session of a member allowed to do this
        └── TooLarge            413: batch or body over the limit
"""

from __future__ import annotations


class SyncError(Exception):
    """Anything that stopped a request to the central store."""


class CentralUnavailable(SyncError):
    """Not reachable or not answering properly now; try again later."""


class RoundDeadline(CentralUnavailable):
    """The sync round ran out of time; what was settled stays, the rest waits for the next."""


class CentralBusy(CentralUnavailable):
    """429: the central store answered but is busy for this kiosk now; a person can try again
    in a moment (said as "busy", not as "no connection")."""


class CentralRefused(SyncError):
    """The central store refused the request itself."""


class Unauthorized(CentralRefused):
    """The device token is unknown or revoked."""


class TooLarge(CentralRefused):
    """The batch or body was over the central store's limit."""


class Forbidden(CentralRefused):
    """No live session of a member who may do this (expired, revoked, or not a verbinder)."""
