"""kiosk/watchdog.py against a real datagram socket standing in for systemd's NOTIFY_SOCKET."""

from __future__ import annotations

import os
import socket
import tempfile
import threading
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from kiosk.watchdog import Notifier, watchdog_interval

# Generous: used only to wait for something that must happen, or to give something that must
# not happen a fair chance to show up. No assertion is about how fast anything is.
PATIENCE = 5.0


@pytest.fixture
def notify_socket() -> Iterator[tuple[socket.socket, str]]:
    # A short directory: AF_UNIX paths are limited to 107 bytes, pytest's tmp_path can be longer.
    with tempfile.TemporaryDirectory(dir="/tmp") as directory:
        path = str(Path(directory) / "notify")
        server = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        server.bind(path)
        try:
            yield server, path
        finally:
            server.close()


def receive(server: socket.socket, timeout: float = PATIENCE) -> str:
    server.settimeout(timeout)
    return server.recv(4096).decode()


def drain(server: socket.socket) -> list[str]:
    messages = []
    server.setblocking(False)
    try:
        while True:
            messages.append(server.recv(4096).decode())
    except BlockingIOError:
        return messages
    finally:
        server.setblocking(True)


def test_without_notify_socket_everything_is_a_quiet_no_op() -> None:
    notifier = Notifier.from_environment({})
    assert not notifier.enabled
    assert notifier.ready() is False
    assert notifier.ping() is False
    notifier.tick(0.5)
    assert notifier.stopping() is False


def test_ready_watchdog_and_stopping_reach_a_path_socket(
    notify_socket: tuple[socket.socket, str],
) -> None:
    server, path = notify_socket
    notifier = Notifier.from_environment({"NOTIFY_SOCKET": path})
    assert notifier.ready()
    assert receive(server) == "READY=1"
    notifier.tick(1.0)
    assert receive(server) == "WATCHDOG=1"
    assert notifier.status("Klaar\nvoor gebruik")
    assert receive(server) == "STATUS=Klaar voor gebruik"
    assert notifier.stopping()
    assert receive(server) == "STOPPING=1"
    notifier.close()


def test_abstract_socket_names_start_with_at() -> None:
    name = f"buurtkiosk-test-{uuid.uuid4().hex}"
    server = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    server.bind("\0" + name)
    try:
        notifier = Notifier(f"@{name}")
        assert notifier.ping()
        assert receive(server) == "WATCHDOG=1"
        notifier.close()
    finally:
        server.close()


def test_a_vanished_socket_does_not_crash_the_kiosk(tmp_path: Path) -> None:
    notifier = Notifier(str(tmp_path / "gone"))
    assert notifier.enabled
    assert notifier.ping() is False


def test_tick_never_returns_false_so_kivy_keeps_it_scheduled() -> None:
    # Kivy unschedules an interval callback that returns False.
    assert Notifier(None).tick(0.1) is None


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"WATCHDOG_USEC": "30000000"}, 15.0),
        ({"WATCHDOG_USEC": "30000000", "WATCHDOG_PID": str(os.getpid())}, 15.0),
        ({"WATCHDOG_USEC": "30000000", "WATCHDOG_PID": "1"}, None),
        ({"WATCHDOG_USEC": "0"}, None),
        ({"WATCHDOG_USEC": "soon"}, None),
        ({}, None),
    ],
)
def test_watchdog_interval_is_half_of_watchdog_usec(
    environ: dict[str, str], expected: float | None
) -> None:
    assert watchdog_interval(environ) == expected


class FakeUiLoop:
    """One thread that runs scheduled callbacks in turn, like Kivy's Clock on the UI thread.

    ``freeze()`` schedules a callback that blocks, the way a hung handler freezes the UI.
    """

    def __init__(self, interval: float) -> None:
        self.interval = interval
        self.callbacks: list[Callable[[float], object]] = []
        self.stop = threading.Event()
        self.frozen = threading.Event()
        self.thaw = threading.Event()
        self.freeze_requested = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def schedule_interval(self, callback: Callable[[float], object]) -> None:
        self.callbacks.append(callback)

    def freeze(self) -> None:
        self.freeze_requested.set()

    def _run(self) -> None:
        while not self.stop.wait(self.interval):
            for callback in list(self.callbacks):
                callback(self.interval)
            if self.freeze_requested.is_set():
                self.freeze_requested.clear()
                self.frozen.set()
                self.thaw.wait()  # the UI thread is stuck here


def test_pings_come_from_the_ui_loop_and_stop_when_it_freezes(
    notify_socket: tuple[socket.socket, str],
) -> None:
    server, path = notify_socket
    environ = {"NOTIFY_SOCKET": path, "WATCHDOG_USEC": "40000"}  # a ping every 20 ms
    threads_before = threading.active_count()
    notifier = Notifier.from_environment(environ)
    interval = watchdog_interval(environ)
    assert interval == 0.02
    assert threading.active_count() == threads_before  # no pinger thread of its own

    loop = FakeUiLoop(interval)
    loop.schedule_interval(notifier.tick)
    loop.thread.start()
    try:
        # While the loop runs, the pings keep coming.
        for _ in range(3):
            assert receive(server) == "WATCHDOG=1"

        loop.freeze()
        assert loop.frozen.wait(PATIENCE)
        drain(server)  # pings sent before the freeze are already queued: unix datagrams
        # Frozen: many intervals pass and not a single ping arrives.
        with pytest.raises(TimeoutError):
            receive(server, timeout=50 * interval)

        # The loop comes back to life: so do the pings (the watchdog was not switched off).
        loop.thaw.set()
        assert receive(server) == "WATCHDOG=1"
    finally:
        loop.thaw.set()
        loop.stop.set()
        loop.thread.join(PATIENCE)
        notifier.close()
