"""A tiny real HTTP server on 127.0.0.1 that answers as a scripted central store would."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

# (method, path, headers, JSON body or None) -> (status, JSON answer or None for no body)
Answer = Callable[[str, str, dict[str, str], Any], tuple[int, Any]]


@dataclass
class Seen:
    """What the stub received, in order: method, path, headers (lower-case names), body."""

    requests: list[tuple[str, str, dict[str, str], Any]] = field(default_factory=list)


@contextmanager
def stub_central(answer: Answer) -> Iterator[tuple[str, Seen]]:
    """Serve ``answer`` on a free port; yields the base URL and what was received."""
    seen = Seen()

    class Handler(BaseHTTPRequestHandler):
        def _handle(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            body = json.loads(raw) if raw else None
            headers = {k.lower(): v for k, v in self.headers.items()}
            seen.requests.append((self.command, self.path, headers, body))
            status, reply = answer(self.command, self.path, headers, body)
            data = b"" if reply is None else json.dumps(reply).encode()
            self.send_response(status)
            if reply is not None:
                self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = _handle

        def log_message(self, *_args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, name="stub-central", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", seen
    finally:
        server.shutdown()
        server.server_close()
        thread.join(10)
