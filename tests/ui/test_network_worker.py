"""Saving never waits behind the network: an ask is saved while a call to the central store hangs.

The central store here is a real TCP server on 127.0.0.1 that accepts the connection, reads the
request and never answers; the call to it runs in the app's network worker while a visitor taps
an ask through to the end with real touches.
"""

from __future__ import annotations

import socket
import threading

from kiosk.sync import CentralClient
from tests.ui.steps import ask_up_to_the_phone, drive, on, press


class SilentServer:
    """Accepts connections, reads what comes, and never answers until closed."""

    def __init__(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}"
        self.requests = threading.Semaphore(0)
        self.connections: list[socket.socket] = []
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        try:
            connection, _ = self.listener.accept()
        except OSError:
            return
        self.connections.append(connection)
        connection.recv(65536)
        self.requests.release()

    def close(self) -> None:
        for connection in self.connections:
            connection.close()
        self.listener.close()
        self.thread.join(10)


def test_an_ask_is_saved_while_a_central_store_call_hangs(make_app):
    server = SilentServer()
    client = CentralClient(server.url, "token", timeout=600)
    app = make_app()
    answered: list[object] = []
    seen: dict = {}

    def script(app):
        yield from on(app, "home")
        app.background.call_central(
            lambda: client.identify_pin("member", "123456"), answered.append, answered.append
        )
        yield lambda: server.requests.acquire(blocking=False)  # the request is in flight
        yield from ask_up_to_the_phone(app, digits="0612345678", category="groceries")
        yield from press(app, "next")
        yield from on(app, "ask_circle")
        yield from press(app, "linde")
        yield from on(app, "ask_check")
        yield from press(app, "confirm")
        yield from on(app, "ask_done")
        seen["calling"], seen["answered"] = app.calling, list(answered)

    try:
        drive(app, script)
    finally:
        server.close()
        client.close()
    assert seen["calling"] is True and seen["answered"] == []  # the call still hung
    [stored] = app.store.all_asks()
    assert stored.category == "groceries" and stored.person.phone == "+31612345678"
