"""A sync round ends by its deadline even when a real server on 127.0.0.1 trickles its answer
a byte at a time, faster than the per-read timeout would ever notice."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import httpcore
import pytest
from sync_helpers import Kiosk, ask_draft

from kiosk.sync import CentralClient, run_sync_round
from kiosk.sync.deadline import Deadlines

TRICKLE_EVERY = 0.1  # seconds between bytes
PER_READ_TIMEOUT = 30.0  # never reached: a byte always comes sooner
HEADS = {
    # The status line and a header that never ends.
    "headers": b"HTTP/1.1 200 OK\r\nX-Slow: ",
    # Headers complete, then a long body a byte at a time.
    "body": b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n",
}


@contextmanager
def trickling_server(head: bytes) -> Iterator[tuple[str, list[int]]]:
    """An asyncio server on its own thread: reads the request head, sends ``head`` a byte at a
    time, then spaces, for ever. Yields its URL and the count of bytes sent."""
    loop = asyncio.new_event_loop()
    sent = [0]
    tasks: set[asyncio.Task[None]] = set()

    async def answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        tasks.add(task)
        try:
            await reader.readuntil(b"\r\n\r\n")
            position = 0
            while True:
                byte = head[position : position + 1] or b" "
                position += 1
                writer.write(byte)
                await writer.drain()
                sent[0] += 1
                await asyncio.sleep(TRICKLE_EVERY)
        except (ConnectionError, asyncio.IncompleteReadError, asyncio.CancelledError):
            pass
        finally:
            writer.close()

    server = loop.run_until_complete(asyncio.start_server(answer, "127.0.0.1", 0))
    port = server.sockets[0].getsockname()[1]
    thread = threading.Thread(target=loop.run_forever, name="trickle", daemon=True)
    thread.start()

    async def shut_down() -> None:
        server.close()
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        await server.wait_closed()

    try:
        yield f"http://127.0.0.1:{port}", sent
    finally:
        asyncio.run_coroutine_threadsafe(shut_down(), loop).result(10)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)
        loop.close()


@pytest.mark.parametrize("trickled", sorted(HEADS))
def test_a_trickling_server_cannot_hold_a_round_past_its_deadline(
    make_kiosk: Callable[[str], Kiosk], trickled: str
) -> None:
    kiosk = make_kiosk("k1")
    kiosk.store.save_ask(ask_draft())
    with (
        trickling_server(HEADS[trickled]) as (url, sent),
        CentralClient(url, kiosk.token, timeout=PER_READ_TIMEOUT) as client,
    ):
        report = run_sync_round(kiosk.store, url, kiosk.token, client=client, deadline=1.0)
    assert (report.online, report.error, report.pending) == (False, "RoundDeadline", 1)
    assert report.summary() == "offline: pushed 0, pulled 0, waiting 1 (RoundDeadline)"
    assert kiosk.store.pending_events()[0].attempts == 1  # kept for the next round
    assert sent[0] >= 2  # it was trickling, not silent: the per-read timeout never fired


def test_a_deadline_holds_only_for_the_thread_that_set_it() -> None:
    """A member's identify on the UI's worker thread is not cut short by the sync round."""
    deadlines = Deadlines()
    seen: list[float | None] = []
    with deadlines.until(0):
        assert deadlines.passed()
        with pytest.raises(httpcore.ReadTimeout):
            deadlines.bound(15.0, httpcore.ReadTimeout)
        other = threading.Thread(target=lambda: seen.append(deadlines.bound(15.0, TimeoutError)))
        other.start()
        other.join()
    assert seen == [15.0]
    assert not deadlines.passed() and deadlines.bound(None, TimeoutError) is None
