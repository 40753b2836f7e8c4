"""At most a few PIN hashes at a time and a short queue; any further try is told to come back.

scrypt is slow and memory-hard on purpose. Unbounded, a flood of PIN tries fills the shared
thread pool and the CPU, and every kiosk's pull waits behind it. Through this gate at most
``running`` hashes run at once, ``queued`` more wait a moment, and the rest get
:class:`TryLater` (429 with Retry-After) at once, without hashing anything.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from kiosk.central.services.values import TryLater

KDF_RUNNING = 2
KDF_QUEUED = 10  # at about 0.1 s a hash, the last in the queue waits about half a second
KDF_QUEUE_WAIT = 5.0  # seconds a queued try waits for its turn before it is told to come back


class KdfGate:
    """A semaphore with a bounded queue in front of it; thread-safe, per process."""

    def __init__(
        self, running: int = KDF_RUNNING, queued: int = KDF_QUEUED, wait: float = KDF_QUEUE_WAIT
    ) -> None:
        self._slots = threading.Semaphore(running)
        self._admitted = 0
        self._admit_at_most = running + queued
        self._lock = threading.Lock()
        self._wait = wait

    @contextmanager
    def turn(self) -> Iterator[None]:
        """Run the body as one of the ``running``; :class:`TryLater` when the queue is full."""
        with self._lock:
            if self._admitted >= self._admit_at_most:
                raise TryLater(1)
            self._admitted += 1
        try:
            if not self._slots.acquire(timeout=self._wait):
                raise TryLater(1)
            try:
                yield
            finally:
                self._slots.release()
        finally:
            with self._lock:
                self._admitted -= 1
