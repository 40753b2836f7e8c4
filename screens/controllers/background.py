"""I/O off the UI thread: saves in one worker, central store calls in another, answers via Clock."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from kivy.clock import Clock


class BackgroundWork:
    """Two worker threads: one for the kiosk's own saves, in the order asked, and one for calls
    a person waits for at the central store (identify, the verbinder's list and notes, a new
    card, a PIN unlock). A slow or silent network then never holds up saving an ask.

    ``show_busy`` gets True while a save runs and False once its answer is back on the UI
    thread; ``show_calling`` the same for a central store call. Screens ignore a second tap
    while their kind of work runs.
    """

    def __init__(
        self,
        show_busy: Callable[[bool], None],
        show_calling: Callable[[bool], None] = lambda _calling: None,
    ) -> None:
        self._saves = _Worker("kiosk-io", show_busy)
        self._network = _Worker("kiosk-net", show_calling)
        # run(work, done, failed): a save or a read of the kiosk's database, off the UI
        # thread; ``done`` or ``failed`` run on it afterwards.
        self.run = self._saves.run
        # call_central(work, done, failed): the same for a call to the central store.
        self.call_central = self._network.run

    def shutdown(self) -> None:
        """Wait for saves already started (a save must finish); a call still waiting on the
        network is left to its timeout (its answer goes nowhere now)."""
        self._network.shutdown(wait=False)
        self._saves.shutdown(wait=True)


class _Worker:
    """One thread; ``show_active`` says whether work of it is running or being answered."""

    def __init__(self, name: str, show_active: Callable[[bool], None]) -> None:
        self._show_active = show_active
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix=name)
        self._running = 0  # counted on the UI thread only

    def run(
        self,
        work: Callable[[], Any],
        done: Callable[[Any], None],
        failed: Callable[[BaseException], None],
    ) -> None:
        """Run ``work`` in this worker's thread; ``done`` or ``failed`` run on the UI thread
        afterwards."""

        def finish(future: Future[Any]) -> None:
            error = future.exception()

            def answer(_dt: float) -> None:
                self._running -= 1
                self._show_active(self._running > 0)
                if error is None:
                    done(future.result())
                else:
                    failed(error)

            Clock.schedule_once(answer)

        self._running += 1
        self._show_active(True)
        future = self._pool.submit(work)
        future.add_done_callback(finish)

    def shutdown(self, wait: bool) -> None:
        self._pool.shutdown(wait=wait, cancel_futures=not wait)
