"""The follow-up page in a real headless Chromium at phone size: read, cancel, thank.

Chromium is driven over the DevTools protocol on a pipe (``--remote-debugging-pipe``: fd 3
in, fd 4 out, NUL-separated JSON), so no driver package is needed. Skipped when Chromium is
not installed, except with CI=true, where that is a failure (Debian package ``chromium``).
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from central_events import action, ask_create, wire
from central_helpers import Server, volunteer_at

from tests.missing import missing

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--remote-debugging-pipe",
]


class Chromium:
    def __init__(self, binary: str, profile: Path) -> None:
        to_chrome_r, self._to_chrome = os.pipe()
        self._from_chrome, from_chrome_w = os.pipe()
        # Copies at fd >= 10, so moving them onto 3 and 4 in the child cannot clobber each other.
        child_in = fcntl.fcntl(to_chrome_r, fcntl.F_DUPFD_CLOEXEC, 10)
        child_out = fcntl.fcntl(from_chrome_w, fcntl.F_DUPFD_CLOEXEC, 10)
        os.close(to_chrome_r)
        os.close(from_chrome_w)

        def pipes_on_3_and_4() -> None:
            os.dup2(child_in, 3)  # dup2 clears close-on-exec on the new descriptor
            os.dup2(child_out, 4)

        self.process = subprocess.Popen(
            [binary, *FLAGS, f"--user-data-dir={profile}", "about:blank"],
            close_fds=False,
            preexec_fn=pipes_on_3_and_4,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(child_in)
        os.close(child_out)
        self._buffer = b""
        self._next_id = 0
        self.session = ""

    def send(
        self, method: str, params: dict[str, Any] | None = None, session: str | None = None
    ) -> dict[str, Any]:
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._to_chrome, json.dumps(message).encode() + b"\0")
        while True:
            reply = self._read()
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return dict(reply.get("result", {}))

    def _read(self) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            chunk = os.read(self._from_chrome, 65536)
            if not chunk:
                raise RuntimeError("Chromium closed the pipe")
            self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        return dict(json.loads(raw))

    def open(self, url: str, language: str = "nl-NL,nl") -> None:
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        self.session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})[
            "sessionId"
        ]
        agent = self.send("Browser.getVersion")["userAgent"]
        self.send(
            "Emulation.setUserAgentOverride",
            {"userAgent": agent, "acceptLanguage": language},
            self.session,
        )
        self.send(
            "Emulation.setDeviceMetricsOverride",
            {"width": 390, "height": 844, "deviceScaleFactor": 2, "mobile": True},
            self.session,
        )
        self.send("Page.enable", {}, self.session)
        self.go(url)

    def go(self, url: str) -> None:
        self.send("Page.navigate", {"url": url}, self.session)
        self.wait_for(f"location.href === {json.dumps(url)} && document.readyState === 'complete'")

    def js(self, expression: str) -> Any:
        result = self.send(
            "Runtime.evaluate", {"expression": expression, "returnByValue": True}, self.session
        )
        return result["result"].get("value")

    def wait_for(self, condition: str, limit: float = 30) -> None:
        deadline = time.monotonic() + limit
        while not self.js(f"!!({condition})"):
            if time.monotonic() > deadline:
                raise AssertionError(f"never became true: {condition}")
            time.sleep(0.05)

    def close(self) -> None:
        self.process.kill()
        self.process.wait(30)
        os.close(self._to_chrome)
        os.close(self._from_chrome)


@pytest.fixture
def chromium(tmp_path: Path) -> Iterator[Chromium]:
    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    if binary is None:
        missing("chromium is not installed: apt-get install chromium (scripts/system-packages.sh)")
    browser = Chromium(binary, tmp_path / "profile")
    yield browser
    browser.close()


def test_follow_up_page_in_headless_chromium(server: Server, chromium: Chromium) -> None:
    token = server.store.add_kiosk("k1", "brink")
    ask = ask_create(first_name="Riet", phone="+31687654321")
    with server.client(token) as http:
        http.post("/api/v1/events", json=wire(ask)).raise_for_status()
    page = f"{server.url}/r/{ask['_token']}"

    chromium.open(page)
    assert chromium.js("document.documentElement.lang") == "nl"
    assert chromium.js("document.getElementById('status').dataset.status") == "open"
    assert "Hallo Riet," in chromium.js("document.body.innerText")
    assert "87654321" not in chromium.js("document.body.innerHTML")
    assert chromium.js("parseFloat(getComputedStyle(document.body).fontSize)") >= 24
    assert chromium.js("document.documentElement.scrollWidth <= window.innerWidth")
    assert chromium.js("document.getElementById('cancel').getBoundingClientRect().height") >= 48

    chromium.js("document.getElementById('cancel').click()")
    chromium.wait_for("document.getElementById('confirm-cancel')")
    chromium.js("document.getElementById('confirm-cancel').click()")
    chromium.wait_for(
        "document.getElementById('status')"
        " && document.getElementById('status').dataset.status === 'cancelled'"
    )
    assert "Uw vraag is ingetrokken." in chromium.js("document.body.innerText")
    assert server.store.followup(str(ask["_token"])) is not None

    chromium.go(f"{server.url}/r/not-a-real-token")
    assert "We kunnen deze vraag niet vinden" in chromium.js("document.body.innerText")


def test_thank_you_button_in_english(server: Server, chromium: Chromium) -> None:
    token = server.store.add_kiosk("k1", "brink")
    helper, session = volunteer_at(server.store, token)
    ask = ask_create(first_name="Kees")
    ask_id = ask["entity_id"]
    with server.client(token) as http:
        http.post(
            "/api/v1/events",
            json=wire(
                ask,
                action("ask.claim", ask_id, helper, session=session),
                action("ask.done", ask_id, helper, session=session),
            ),
        ).raise_for_status()
    chromium.open(f"{server.url}/r/{ask['_token']}?lang=en")
    assert chromium.js("document.getElementById('status').dataset.status") == "done"
    chromium.js("document.getElementById('thank').click()")
    chromium.wait_for("document.getElementById('thanked')")
    assert "Your thank-you has been passed on." in chromium.js("document.body.innerText")
    assert server.store.followup(str(ask["_token"])).thanked  # type: ignore[union-attr]
