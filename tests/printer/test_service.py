"""The print worker: the request is saved first, faults are reported, jobs wait and reprint."""

from __future__ import annotations

import errno
import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk import domain, i18n
from kiosk.printer import (
    MESSAGES,
    Phase,
    PrinterStatus,
    PrintJob,
    PrintService,
    RecordingTransport,
    SerialTransport,
    followup_url,
)
from kiosk.printer.emulator import REPLIES
from kiosk.printer.transport import PortMissing, PrinterIOError, WriteTimeout
from kiosk.store import LocalStore
from tests.printer.conftest import CIRCLE, States, decode, make_content

S = PrinterStatus


@pytest.fixture
def store(tmp_path: Path) -> Iterator[LocalStore]:
    store = LocalStore.open(tmp_path / "kiosk.db")
    store.seed_circles([CIRCLE])
    yield store
    store.close()


def saved_job(store: LocalStore) -> PrintJob:
    """Save first, as the screens do; the job only carries what the receipt shows."""
    draft = domain.AskDraft(
        category="meal",
        when=domain.When(domain.WhenKind.TODAY),
        first_name="Kees",
        phone="0687651234",
        circle=CIRCLE.code,
        circle_chosen=True,
    )
    saved = store.save_ask(draft)
    content = make_content(
        number=saved.number,
        categories=("meal",),
        when=draft.when,
        followup_url=followup_url("https://buurtkiosk.example.nl/", saved.followup_token),
    )
    return PrintJob(saved.id, content)


def still_saved(store: LocalStore, job: PrintJob) -> bool:
    ask = store.ask(job.id)
    return ask is not None and ask.number == job.number and ask.status is domain.AskStatus.OPEN


def serial_to(port: list[str]) -> SerialTransport:
    """Timeouts generous enough for a busy test machine; the emulator answers in microseconds."""
    return SerialTransport(port[0], read_timeout=1.0, write_timeout=1.0)


@pytest.fixture
def service_on(states: States) -> Iterator[object]:
    made: list[PrintService] = []

    def make(port: list[str], **options: object) -> PrintService:
        service = PrintService(lambda: serial_to(port), states, poll_interval=0.05, **options)  # type: ignore[arg-type]
        made.append(service)
        return service

    yield make
    for service in made:
        service.close()


def test_prints_and_reports_from_the_worker_thread(store, emulator, states, service_on) -> None:
    job = saved_job(store)
    service = service_on([emulator.port])
    service.submit(job)
    done = states.wait_for(lambda s: s.phase is Phase.PRINTED)
    assert (done.job_id, done.number, done.status, done.pending) == (job.id, job.number, S.READY, 0)
    assert [s.phase for s in states.seen] == [Phase.PRINTING, Phase.PRINTED]
    assert states.threads == {"printer"}  # never the caller's (UI) thread
    [png] = emulator.wait_for_receipts(1)
    assert decode(png) == [job.content.followup_url]


def test_port_missing_then_plugged_in(store, emulator, states, service_on) -> None:
    job = saved_job(store)
    port = ["/dev/buurtkiosk-no-such-printer"]
    service = service_on(port)
    service.submit(job)
    fault = states.wait_for(lambda s: s.phase is Phase.FAULT)
    assert (fault.status, fault.pending, fault.number) == (S.OFFLINE, 1, job.number)
    assert "PortMissing" in fault.detail
    assert still_saved(store, job) and emulator.receipts == []
    port[0] = emulator.port  # the USB cable goes back in
    mark = states.mark()
    service.retry_now()
    states.wait_for(lambda s: s.phase is Phase.PRINTED, since=mark)
    [png] = emulator.wait_for_receipts(1)
    assert decode(png) == [job.content.followup_url]


@pytest.mark.parametrize(
    ("mode", "status"),
    [("silent", S.UNKNOWN), ("paper-out", S.PAPER_OUT), ("cover-open", S.COVER_OPEN)],
)
def test_fault_keeps_the_job_and_reprints_when_ready(
    store, emulator, states, service_on, mode: str, status: S
) -> None:
    emulator.set_mode(mode)
    job = saved_job(store)
    service = service_on([emulator.port])
    service.submit(job)
    fault = states.wait_for(lambda s: s.phase is Phase.FAULT and s.status is status)
    assert fault.pending == 1
    assert still_saved(store, job)
    assert emulator.receipts == [] and emulator.discarded == 0  # nothing sent into the void
    assert service.pending == 1
    mark = states.mark()
    emulator.set_mode("ready")  # no retry_now: the worker polls
    printed = states.wait_for(lambda s: s.phase is Phase.PRINTED, since=mark)
    assert (printed.status, printed.pending) == (S.READY, 0)
    [png] = emulator.wait_for_receipts(1)
    assert decode(png) == [job.content.followup_url]


def test_paper_near_end_prints_and_says_so(store, emulator, states, service_on) -> None:
    emulator.set_mode("near-end")
    service = service_on([emulator.port])
    service.submit(saved_job(store))
    done = states.wait_for(lambda s: s.phase is Phase.PRINTED)
    assert done.status is S.PAPER_NEAR_END
    assert len(emulator.wait_for_receipts(1)) == 1


def fill_the_pty(port: str) -> int:
    """Write into the port until the kernel refuses more: nobody reads the other end."""
    fd = os.open(port, os.O_WRONLY | os.O_NONBLOCK | os.O_NOCTTY)
    written = 0
    try:
        for size in (1024, 1):  # big steps, then byte by byte: not even DLE EOT fits after
            while True:
                try:
                    written += os.write(fd, b"\x00" * size)  # NUL: ignored by the printer
                except OSError as error:
                    if error.errno != errno.EAGAIN:
                        raise
                    break
        return written
    finally:
        os.close(fd)


def test_printer_that_stops_reading_is_a_fault_not_a_hang(
    store, emulator, states, service_on
) -> None:
    emulator.set_mode("stalled")
    assert fill_the_pty(emulator.port) > 1000
    job = saved_job(store)
    service = service_on([emulator.port])
    service.submit(job)  # returns at once although the port is blocked
    fault = states.wait_for(lambda s: s.phase is Phase.FAULT)
    # The kernel may still squeeze the 3 bytes of DLE EOT in (then: no reply), or not (then:
    # pyserial's write timeout). Either way a fault within seconds, never a hung worker.
    assert fault.status is S.UNKNOWN
    assert "WriteTimeout" in fault.detail or fault.detail == "printer not ready"
    assert still_saved(store, job) and service.pending == 1
    mark = states.mark()
    emulator.set_mode("ready")
    states.wait_for(lambda s: s.phase is Phase.PRINTED, since=mark)
    [png] = emulator.wait_for_receipts(1)
    assert decode(png) == [job.content.followup_url]


def test_a_blocked_write_raises_write_timeout(emulator) -> None:
    emulator.set_mode("stalled")
    port = SerialTransport(emulator.port, write_timeout=0.5)
    with pytest.raises(WriteTimeout):
        port.write(b"\x00" * 256 * 1024)  # far more than any pty or printer buffer holds
    port.close()


def test_a_missing_port_raises_port_missing() -> None:
    with pytest.raises(PortMissing):
        SerialTransport("/dev/buurtkiosk-no-such-printer").write(b"\x1b@")


class RunsOutOfPaper(RecordingTransport):
    """Says ready, then the roll ends while the first receipt goes out."""

    receipts = 0

    def write(self, data: bytes) -> None:
        super().write(data)
        if len(data) > 3:
            self.receipts += 1
            if self.receipts == 1:
                self.status = dict(REPLIES["paper-out"])


def test_paper_out_during_printing_prints_the_whole_receipt_again(store, states) -> None:
    printer = RunsOutOfPaper()
    service = PrintService(lambda: printer, states, poll_interval=0.05)
    job = saved_job(store)
    service.submit(job)
    fault = states.wait_for(lambda s: s.phase is Phase.FAULT)
    assert (fault.status, fault.pending) == (S.PAPER_OUT, 1)
    mark = states.mark()
    printer.status = dict(REPLIES["ready"])
    states.wait_for(lambda s: s.phase is Phase.PRINTED, since=mark)
    service.close()
    assert bytes(printer.written).count(job.number.encode()) == 2


def test_submit_never_waits_for_the_printer(store, states) -> None:
    release = threading.Event()
    printer = RecordingTransport()

    def slow_connect() -> RecordingTransport:
        release.wait(30)
        return printer

    service = PrintService(slow_connect, states, poll_interval=0.05)
    first, second = saved_job(store), saved_job(store)
    service.submit(first)
    service.submit(second)  # both return while the worker is stuck in connect()
    assert service.pending == 2 and states.seen == []
    release.set()
    states.wait_for(lambda s: s.phase is Phase.PRINTED and s.pending == 0)
    service.close()
    printed = [s.number for s in states.seen if s.phase is Phase.PRINTED]
    assert printed == [first.number, second.number]


def test_a_job_nobody_waits_for_anymore_is_dropped(store, states) -> None:
    now = [1000.0]
    service = PrintService(
        lambda: RecordingTransport(status={}),
        states,
        poll_interval=0.05,
        job_ttl=600,
        clock=lambda: now[0],
    )
    service.submit(saved_job(store))
    states.wait_for(lambda s: s.phase is Phase.FAULT)
    now[0] += 601
    service.retry_now()
    gone = states.wait_for(lambda s: s.phase is Phase.EXPIRED)
    assert gone.pending == 0 and service.pending == 0
    service.close()


def test_same_job_twice_is_queued_once_and_a_failing_callback_is_survived(store, states) -> None:
    def clumsy(state) -> None:
        states(state)
        raise RuntimeError("the screen had a bad day")

    release = threading.Event()
    printer = RecordingTransport()
    service = PrintService(lambda: release.wait(30) and printer, clumsy, poll_interval=0.05)  # type: ignore[arg-type, return-value]
    job = saved_job(store)
    service.submit(job)
    service.submit(job)
    release.set()
    states.wait_for(lambda s: s.phase is Phase.PRINTED)
    service.close()
    assert bytes(printer.written).count(job.number.encode()) == 1
    assert [s.phase for s in states.seen] == [Phase.PRINTING, Phase.PRINTED]
    with pytest.raises(RuntimeError):
        service.submit(job)


def test_screen_messages_in_plain_dutch() -> None:
    nl = i18n.translator("nl")
    assert "papier" in nl(MESSAGES[S.PAPER_OUT])
    assert "klep" in nl(MESSAGES[S.COVER_OPEN])
    for status in S:
        text = nl(MESSAGES[status])
        assert text != MESSAGES[status] and "zorg" not in text.lower()
    assert nl("Try again") == "Opnieuw proberen"


def test_a_port_that_broke_since_the_last_receipt_is_reopened_without_a_fault(
    store, states
) -> None:
    unplugged = [False]
    old = RecordingTransport(fail=lambda: PrinterIOError("gone") if unplugged[0] else None)
    new = RecordingTransport()
    ports = iter([old, new])
    service = PrintService(lambda: next(ports), states, poll_interval=0.05)
    first, second = saved_job(store), saved_job(store)
    service.submit(first)
    states.wait_for(lambda s: s.phase is Phase.PRINTED)
    unplugged[0] = True  # the USB adapter was pulled and put back between two receipts
    mark = states.mark()
    service.submit(second)
    states.wait_for(lambda s: s.phase is Phase.PRINTED and s.job_id == second.id, since=mark)
    service.close()
    assert not any(s.phase is Phase.FAULT for s in states.seen)
    assert old.closed and second.number.encode() in new.written


def test_retry_now_reports_again_and_jobs_behind_a_fault_wait(store, states) -> None:
    printer = RecordingTransport(status=dict(REPLIES["cover-open"]))
    service = PrintService(lambda: printer, states, poll_interval=60)  # no polling: only retry_now
    first, second = saved_job(store), saved_job(store)
    service.submit(first)
    states.wait_for(lambda s: s.phase is Phase.FAULT)
    service.submit(second)  # wakes the worker: one more try, same fault, two waiting
    states.wait_for(lambda s: s.phase is Phase.FAULT and s.pending == 2)
    assert service.is_pending(first.id) and service.is_pending(second.id)
    mark = states.mark()
    service.retry_now()  # still open: the screen hears so again instead of silence
    again = states.wait_for(lambda s: s.phase is Phase.FAULT, since=mark)
    assert (again.job_id, again.status, again.pending) == (first.id, S.COVER_OPEN, 2)
    printer.status = dict(REPLIES["ready"])
    mark = states.mark()
    service.retry_now()
    states.wait_for(lambda s: s.phase is Phase.PRINTED and s.pending == 0, since=mark)
    assert not service.is_pending(second.id)
    service.close()
