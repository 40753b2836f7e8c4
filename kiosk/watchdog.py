"""A tiny sd_notify client, so systemd can restart a kiosk whose UI has frozen.

systemd passes ``NOTIFY_SOCKET`` (a datagram socket; a name starting with ``@`` is in the abstract
namespace) and, with ``WatchdogSec=``, ``WATCHDOG_USEC``. We send ``READY=1`` once the first
screen is up, ``WATCHDOG=1`` regularly and ``STOPPING=1`` on the way out (see sd_notify(3)).

The pings must come from the Kivy clock on the UI thread, never from a helper thread: then a
frozen UI stops the pings, systemd kills the process after ``WatchdogSec`` and ``Restart=always``
brings it back. Nothing here starts a thread or a timer. Wire it like this::

    notifier = Notifier.from_environment()
    interval = watchdog_interval()
    if interval is not None:
        Clock.schedule_interval(notifier.tick, interval)
    notifier.ready()            # after the first screen is shown
    ...
    notifier.stopping()         # in App.on_stop

Without ``NOTIFY_SOCKET`` (a developer's laptop, the tests) every call does nothing.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Mapping


def _address(name: str) -> str:
    # sd_notify(3): "@" stands for the leading NUL byte of a Linux abstract socket name.
    return "\0" + name[1:] if name.startswith("@") else name


def watchdog_interval(environ: Mapping[str, str] | None = None) -> float | None:
    """Seconds between pings (half of ``WATCHDOG_USEC``, as sd_watchdog_enabled(3) advises).

    None when systemd asked for no watchdog, or when ``WATCHDOG_PID`` names another process
    (the variables leaked into a child, which must not ping on its parent's behalf).
    """
    env = os.environ if environ is None else environ
    raw = env.get("WATCHDOG_USEC", "")
    pid = env.get("WATCHDOG_PID", "")
    if pid and pid != str(os.getpid()):
        return None
    try:
        usec = int(raw)
    except ValueError:
        return None
    if usec <= 0:
        return None
    return usec / 2 / 1_000_000


class Notifier:
    """Sends sd_notify messages; a no-op when there is no socket to send them to."""

    def __init__(self, socket_name: str | None) -> None:
        self.socket_name = socket_name or None
        self._sock: socket.socket | None = None
        if self.socket_name is not None:
            # SOCK_CLOEXEC: the printer helper or a shell spawned later must not inherit it.
            self._sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC)

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None) -> Notifier:
        env = os.environ if environ is None else environ
        return cls(env.get("NOTIFY_SOCKET"))

    @property
    def enabled(self) -> bool:
        return self._sock is not None

    def notify(self, message: str) -> bool:
        """Send one message; True if it was handed to the socket.

        A failed send is swallowed on purpose: the kiosk must keep serving people. If pings
        cannot reach systemd, systemd restarts us, which is the safe outcome anyway.
        """
        if self._sock is None or self.socket_name is None:
            return False
        try:
            self._sock.sendto(message.encode("utf-8"), _address(self.socket_name))
        except OSError:
            return False
        return True

    def ready(self) -> bool:
        return self.notify("READY=1")

    def ping(self) -> bool:
        return self.notify("WATCHDOG=1")

    def status(self, text: str) -> bool:
        # One line only: a newline would start a new (possibly bogus) assignment.
        return self.notify("STATUS=" + " ".join(text.split()))

    def stopping(self) -> bool:
        return self.notify("STOPPING=1")

    def tick(self, _dt: float = 0.0) -> None:
        """A ``Clock.schedule_interval`` callback: one ping per call of the UI loop.

        Returns None (not False), because a Kivy interval callback returning False unschedules
        itself, and a watchdog that quietly stops would get the kiosk killed.
        """
        self.ping()

    def close(self) -> None:
        if self._sock is not None:
            self._sock.close()
            self._sock = None
