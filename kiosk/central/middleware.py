"""ASGI guards around every route: safe headers, body size, no tokens in URLs, a rate per kiosk."""

from __future__ import annotations

import time
from collections.abc import Callable
from urllib.parse import parse_qsl

from fastapi.responses import JSONResponse
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

MAX_BODY = 256 * 1024
QUERY_TOKEN_NAMES = frozenset({"token", "access_token", "api_key", "apikey", "key"})
# Answers that carry phones, sessions or capability tokens: never kept by any cache.
PRIVATE_PATHS = ("/api/", "/r/", "/h/")
NOT_FRAMED = "frame-ancestors 'none'"


class SecurityHeaders:
    """Every answer, errors included: no MIME sniffing, no framing by another site; the API and
    the personal pages ``/r/…`` and ``/h/…`` also ``Cache-Control: no-store``. Set by the app
    itself, as nginx is not always in front."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        private = scope["path"].startswith(PRIVATE_PATHS)

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers["X-Content-Type-Options"] = "nosniff"
                policy = headers.get("Content-Security-Policy")
                if policy is None:
                    headers["Content-Security-Policy"] = NOT_FRAMED
                elif "frame-ancestors" not in policy:
                    headers["Content-Security-Policy"] = f"{policy}; {NOT_FRAMED}"
                if private:
                    headers["Cache-Control"] = "no-store"
            await send(message)

        await self.app(scope, receive, with_headers)


class BodyLimit:
    """Refuse bodies over ``limit`` bytes with 413, by Content-Length or while streaming."""

    def __init__(self, app: ASGIApp, limit: int = MAX_BODY) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope["headers"]:
            if name == b"content-length" and (not value.isdigit() or int(value) > self.limit):
                await _too_large(scope, receive, send)
                return
        seen = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise _TooLarge
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except _TooLarge:
            if not started:
                await _too_large(scope, receive, send)


class RateLimiter:
    """A token bucket per kiosk: ``rate`` requests a second, bursts up to ``burst``.

    A kiosk polls every 30 s and pushes now and then; anything near the limit is a loop or an
    abuse. Runs on the event loop only (no lock needed); per worker process.
    """

    def __init__(
        self, rate: float = 10.0, burst: float = 100.0, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.rate = rate
        self.burst = burst
        self.clock = clock
        self._buckets: dict[int, tuple[float, float]] = {}

    def allow(self, key: int) -> bool:
        now = self.clock()
        tokens, last = self._buckets.get(key, (self.burst, now))
        tokens = min(self.burst, tokens + (now - last) * self.rate)
        if tokens < 1:
            self._buckets[key] = (tokens, now)
            return False
        self._buckets[key] = (tokens - 1, now)
        return True


class NoTokensInUrls:
    """Refuse API calls that carry a token in the query string (it would end up in logs)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] == "http"
            and scope["path"].startswith("/api/")
            and scope.get("query_string")
        ):
            names = {
                name.lower()
                for name, _value in parse_qsl(
                    scope["query_string"].decode("latin-1"), keep_blank_values=True
                )
            }
            if names & QUERY_TOKEN_NAMES:
                response = JSONResponse(
                    {"detail": "send the token in the Authorization header"}, status_code=400
                )
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


class _TooLarge(Exception):
    pass


async def _too_large(scope: Scope, receive: Receive, send: Send) -> None:
    response = JSONResponse({"detail": "request body too large"}, status_code=413)
    await response(scope, receive, send)
