"""An overall deadline for a sync round, enforced at every socket wait of the HTTP client.

httpx's timeouts bound each single read: a server that trickles a byte every few seconds never
trips them and can hold a round for ever. Here every connect, read and write of the connection
pool waits at most until the deadline of the thread that makes the request, so a round ends
on time however the bytes arrive (headers or body).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from ssl import SSLContext

import httpcore
import httpx


class Deadlines:
    """Per-thread deadlines on the monotonic clock: a sync round on the worker thread does not
    cut short a member's identify on another thread that shares the client."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._local = threading.local()

    @contextmanager
    def until(self, seconds: float) -> Iterator[None]:
        """Everything this thread sends or receives inside the block ends by ``seconds``."""
        previous = getattr(self._local, "at", None)
        self._local.at = self._clock() + seconds
        try:
            yield
        finally:
            self._local.at = previous

    def passed(self) -> bool:
        at = getattr(self._local, "at", None)
        return at is not None and self._clock() >= at

    def bound(self, timeout: float | None, error: type[Exception]) -> float | None:
        """``timeout`` cut to what is left of the deadline; ``error`` once nothing is left."""
        at = getattr(self._local, "at", None)
        if at is None:
            return timeout
        left = at - self._clock()
        if left <= 0:
            raise error("the round's deadline has passed")
        return left if timeout is None else min(timeout, left)


class _Stream(httpcore.NetworkStream):
    def __init__(self, inner: httpcore.NetworkStream, deadlines: Deadlines) -> None:
        self._inner = inner
        self._deadlines = deadlines

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, self._deadlines.bound(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, self._deadlines.bound(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self,
        ssl_context: SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        bounded = self._deadlines.bound(timeout, httpcore.ConnectTimeout)
        return _Stream(
            self._inner.start_tls(ssl_context, server_hostname, bounded), self._deadlines
        )

    def get_extra_info(self, info: str) -> object:
        return self._inner.get_extra_info(info)


class _Backend(httpcore.NetworkBackend):
    def __init__(self, deadlines: Deadlines) -> None:
        self._inner = httpcore.SyncBackend()
        self._deadlines = deadlines

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        bounded = self._deadlines.bound(timeout, httpcore.ConnectTimeout)
        stream = self._inner.connect_tcp(host, port, bounded, local_address, socket_options)
        return _Stream(stream, self._deadlines)

    def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        bounded = self._deadlines.bound(timeout, httpcore.ConnectTimeout)
        stream = self._inner.connect_unix_socket(path, bounded, socket_options)
        return _Stream(stream, self._deadlines)

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


class DeadlineTransport(httpx.HTTPTransport):
    """httpx's own transport (same limits, TLS and error mapping), its sockets bounded by
    ``deadlines``. httpx has no public hook for the network backend: the pool is swapped."""

    def __init__(self, deadlines: Deadlines) -> None:
        super().__init__()
        self._pool = httpcore.ConnectionPool(  # httpx's default limits
            ssl_context=httpx.create_ssl_context(),
            max_connections=100,
            max_keepalive_connections=20,
            keepalive_expiry=5.0,
            network_backend=_Backend(deadlines),
        )
