"""I/O off the UI thread: work runs in a worker, its answer comes back with Clock.schedule_once."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from kivy.clock import Clock


class BackgroundWork:
    """One worker thread, so changes made in the background happen in the order asked.

    ``show_busy`` gets True when work starts and False once its answer is back on the UI
    thread; screens ignore a second tap while busy.
    """

    def __init__(self, show_busy: Callable[[bool], None]) -> None:
        self._show_busy = show_busy
        self._workers = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kiosk-io")

    def run(
        self,
        work: Callable[[], Any],
        done: Callable[[Any], None],
        failed: Callable[[BaseException], None],
    ) -> None:
        """Run ``work`` off the UI thread; ``done`` or ``failed`` run on it afterwards."""

        def finish(future: Future[Any]) -> None:
            error = future.exception()

            def answer(_dt: float) -> None:
                self._show_busy(False)
                if error is None:
                    done(future.result())
                else:
                    failed(error)

            Clock.schedule_once(answer)

        self._show_busy(True)
        future = self._workers.submit(work)
        future.add_done_callback(finish)

    def shutdown(self) -> None:
        """Wait for work already started (a save must finish), then stop the worker."""
        self._workers.shutdown(wait=True)
