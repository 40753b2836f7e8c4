"""Print receipts (and helper slips, member cards, fridge lists) on a worker thread, so that no
printer can freeze the screen.

The request is saved before a job is submitted; the receipt is a convenience. :meth:`submit`
only appends to a queue. The worker asks the printer's status first, prints only when it is
ready (or nearly out of paper), and keeps a faulted job at the head of the queue, retrying
every ``poll_interval`` seconds or at once on :meth:`retry_now`. Every printer call is bounded
by the transport's timeouts, so a fault reaches the screen within a few seconds.

The queue is in memory on purpose. A job holds the follow-up token in clear (it is in the QR),
which the store keeps only as a hash; writing jobs to disk would undo that. And a receipt that
comes out after a restart, or an hour later, lies in the tray for the next person to take: jobs
older than ``job_ttl`` are dropped (phase ``expired``). The number stays on the screen and in
the store; a volunteer can reprint while the person is still there. A helper slip, which carries
the asker's phone and address, is dropped after ``slip_ttl`` already: by then the kiosk has gone
back to its home screen and the claimer has most likely walked away.
"""

from __future__ import annotations

import collections
import enum
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from kiosk.printer.documents import Document, HelperSlipContent, document_number, render
from kiosk.printer.layout import PaperSpec
from kiosk.printer.status import PrinterStatus, query_status
from kiosk.printer.transport import PortMissing, PrinterError, PrinterIOError, Transport

log = logging.getLogger(__name__)


class Phase(enum.StrEnum):
    PRINTING = "printing"
    PRINTED = "printed"
    FAULT = "fault"
    EXPIRED = "expired"


@dataclass(frozen=True)
class PrintJob:
    """``id`` must differ between the papers of one ask (its receipt and its helper slip): a
    job whose id is already queued is not queued again."""

    id: str  # e.g. the ask or offer id for a receipt
    content: Document

    @property
    def number(self) -> str:
        """The request number; empty for a member card or a fridge list."""
        return document_number(self.content)

    @property
    def kind(self) -> str:
        """For the log: which paper, never what is on it."""
        return type(self.content).__name__.removesuffix("Content").lower()


@dataclass(frozen=True)
class PrintState:
    """What the screen needs; plain data, safe to hand to another thread."""

    job_id: str
    number: str
    phase: Phase
    status: PrinterStatus
    pending: int  # jobs still waiting, this one included unless printed or expired
    detail: str = ""  # English, for the log; never the content of the receipt


class PrintService:
    def __init__(
        self,
        connect: Callable[[], Transport],
        on_change: Callable[[PrintState], None],
        paper: PaperSpec | None = None,
        native_qr: bool = True,
        codepage: tuple[int, str] | None = None,
        poll_interval: float = 3.0,
        job_ttl: float = 20 * 60,
        slip_ttl: float = 3 * 60,
        trust_silence: bool = False,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """``connect`` makes a transport (e.g. a :class:`SerialTransport`); it is called again
        after each I/O fault so an unplugged printer is found when it comes back.
        ``trust_silence`` prints even when the status is UNKNOWN: only for a printer wired
        without its receive line, set by config, never as a fallback."""
        self._connect = connect
        self._on_change = on_change
        self.paper = paper or PaperSpec()
        self.native_qr = native_qr
        self.codepage = codepage
        self.poll_interval = poll_interval
        self.job_ttl = job_ttl
        self.slip_ttl = slip_ttl
        self.trust_silence = trust_silence
        self._clock = clock
        self._cond = threading.Condition()
        self._queue: collections.deque[tuple[PrintJob, float]] = collections.deque()
        self._kick = False
        self._closed = False
        self._transport: Transport | None = None
        self._last: PrintState | None = None
        self.status = PrinterStatus.UNKNOWN
        self._thread = threading.Thread(target=self._run, name="printer", daemon=True)
        self._thread.start()

    # --- called from the UI thread: none of these waits for the printer ---------------------

    def submit(self, job: PrintJob) -> None:
        with self._cond:
            if self._closed:
                raise RuntimeError("print service is closed")
            if all(queued.id != job.id for queued, _at in self._queue):
                self._queue.append((job, self._clock()))
            self._kick = True
            self._cond.notify()

    def retry_now(self) -> None:
        """ "Opnieuw proberen": try at once, and report the outcome even if it is the same."""
        with self._cond:
            self._kick = True
            self._last = None
            self._cond.notify()

    @property
    def pending(self) -> int:
        with self._cond:
            return len(self._queue)

    def is_pending(self, job_id: str) -> bool:
        """Whether this receipt still waits. States name the job at the head of the queue;
        a fault there holds back every job behind it too (one printer, first in first out)."""
        with self._cond:
            return any(job.id == job_id for job, _at in self._queue)

    def close(self, timeout: float = 10.0) -> None:
        """Stop the worker after its current call (bounded by the port's timeouts). Jobs still
        queued are dropped: their numbers are on screen and in the store."""
        with self._cond:
            self._closed = True
            self._cond.notify()
        self._thread.join(timeout)

    # --- the worker ------------------------------------------------------------------------

    def _run(self) -> None:
        try:
            while True:
                with self._cond:
                    while not self._closed and not self._queue:
                        self._cond.wait()
                    if self._closed:
                        return
                    job, submitted = self._queue[0]
                    expired = self._clock() - submitted > self._ttl(job)
                    if expired:
                        self._queue.popleft()
                    self._kick = False
                if expired:  # callbacks run outside the lock, like every other one
                    self._emit(job, Phase.EXPIRED, self.status, "not printed in time, dropped")
                    continue
                if self._attempt(job):
                    continue
                with self._cond:
                    if not self._closed and not self._kick:
                        self._cond.wait(self.poll_interval)
        finally:
            self._drop_transport()

    def _ttl(self, job: PrintJob) -> float:
        if isinstance(job.content, HelperSlipContent):
            return min(self.job_ttl, self.slip_ttl)
        return self.job_ttl

    def _attempt(self, job: PrintJob, fresh_retry: bool = True) -> bool:
        reused = self._transport is not None
        try:
            if self._transport is None:
                self._transport = self._connect()
            status = query_status(self._transport)
            self.status = status
            if not status.can_print and not (
                status is PrinterStatus.UNKNOWN and self.trust_silence
            ):
                if status is PrinterStatus.UNKNOWN:
                    self._drop_transport()  # a late reply must not answer the next question
                self._emit(job, Phase.FAULT, status, "printer not ready")
                return False
            self._emit(job, Phase.PRINTING, status)
            data = render(job.content, self.paper, self.native_qr, self.codepage)
            self._transport.write(data)
            after = query_status(self._transport)
            if after in (PrinterStatus.PAPER_OUT, PrinterStatus.COVER_OPEN):
                self.status = after
                self._emit(job, Phase.FAULT, after, "stopped while printing; will print again")
                return False
            if after.can_print:
                self.status = after
        except PortMissing as error:
            return self._io_fault(job, PrinterStatus.OFFLINE, error)
        except PrinterIOError as error:
            if reused and fresh_retry:  # replugged since the last receipt: reopen, once
                log.info("printer port failed (%s); reopening", error)
                self._drop_transport()
                return self._attempt(job, fresh_retry=False)
            return self._io_fault(job, PrinterStatus.UNKNOWN, error)
        except PrinterError as error:
            return self._io_fault(job, PrinterStatus.UNKNOWN, error)
        except Exception as error:  # a bug must not stop the worker: the job stays queued
            log.exception("unexpected error in the print worker")
            return self._io_fault(job, PrinterStatus.UNKNOWN, error)
        with self._cond:
            if self._queue and self._queue[0][0] is job:
                self._queue.popleft()
        self._emit(job, Phase.PRINTED, self.status)
        return True

    def _io_fault(self, job: PrintJob, status: PrinterStatus, error: Exception) -> bool:
        self.status = status
        self._drop_transport()
        self._emit(job, Phase.FAULT, status, f"{type(error).__name__}: {error}")
        return False

    def _drop_transport(self) -> None:
        transport, self._transport = self._transport, None
        if transport is not None:
            try:
                transport.close()
            except Exception:
                log.exception("closing the printer port failed")

    def _emit(self, job: PrintJob, phase: Phase, status: PrinterStatus, detail: str = "") -> None:
        state = PrintState(job.id, job.number, phase, status, self.pending, detail)
        if state == self._last:
            return
        self._last = state
        if phase is Phase.FAULT:
            log.warning("%s %s not printed: %s (%s)", job.kind, job.number, status, detail)
        try:
            self._on_change(state)
        except Exception:
            log.exception("print state callback failed")
