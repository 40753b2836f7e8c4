"""The kiosk's own database: save first, then tell the person.

One session per unit of work; every method returns plain dataclasses from :mod:`kiosk.domain`,
never live ORM rows. Each change commits its row and its outbox event together, so what the
person was told is saved is also what will be sent to the central store.

:class:`LocalStore` (``local_store.py``) opens the unit of work; each area is a module of
functions taking that session::

    asks.py      a person asks for help; found again by id, number or receipt
    offers.py    a person offers help
    claims.py    a volunteer claims, gives back, finishes, cancels or thanks; the helper slip
    board.py     the public board: which open asks, in what order, counts per filter
    members.py   members' names for the PIN login
    circles.py   circles of neighbours
    outbox.py    the events waiting for the central store; rejected ones kept aside
    settle.py    the central store's answers to pushed events, written here
    sync.py      what the sync worker writes: acknowledgements and pulled changes
    broken.py    a file that cannot be used: found at open, moved aside, restored from backup
"""

from kiosk.store.asks import FOLLOWUP_TOKEN
from kiosk.store.board import BOARD_LIMIT, OpenAskCounts, board_order
from kiosk.store.broken import StoreBroken, StoreReadOnly, StoreUnusable
from kiosk.store.claims import HELD_HERE, HELPER_TOKEN, ClaimedAsk
from kiosk.store.local_store import Clock, LocalStore
from kiosk.store.outbox import PendingEvent, Proof, RejectedEvent

__all__ = [
    "BOARD_LIMIT",
    "FOLLOWUP_TOKEN",
    "HELD_HERE",
    "HELPER_TOKEN",
    "ClaimedAsk",
    "Clock",
    "LocalStore",
    "OpenAskCounts",
    "PendingEvent",
    "Proof",
    "RejectedEvent",
    "StoreBroken",
    "StoreReadOnly",
    "StoreUnusable",
    "board_order",
]
