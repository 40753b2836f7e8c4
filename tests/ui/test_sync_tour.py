"""The scripted tour against a real central store on 127.0.0.1: up, and down."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import zxingcpp
from PIL import Image

from kiosk.central.db import make_engine, migrate
from kiosk.central.service import CentralStore
from kiosk.central.testing import free_port, serve
from kiosk.domain import Role
from screens.demo import DEMO_PIN, DEMO_VERBINDER, DEMO_VOLUNTEER, VERBINDER_PIN


@pytest.fixture
def central(tmp_path: Path) -> Iterator[tuple[CentralStore, Path]]:
    engine = make_engine(f"sqlite:///{tmp_path / 'central.sqlite3'}")
    migrate(engine)
    store = CentralStore(engine)
    for code, name, verbinder in (("linde", "De Linde", "Ton"), ("brink", "De Brink", "Henk")):
        store.add_circle("dev", code, name, verbinder, "0623456789")
    # the tour's volunteer and verbinder, as scripts/central-dev.sh adds them for `make run`
    store.add_member("dev", DEMO_VOLUNTEER, "0611111111", circle="linde", pin=DEMO_PIN)
    store.add_member(
        "dev", DEMO_VERBINDER, "0622222222", circle="linde", role=Role.VERBINDER, pin=VERBINDER_PIN
    )
    token_file = tmp_path / "kiosk.token"
    token_file.write_text(store.add_kiosk("tour", "dev"))
    yield store, token_file
    engine.dispose()


def kiosk(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    # a fresh Kivy home, as in a new checkout: no config.ini yet
    env = {**os.environ, "SDL_VIDEODRIVER": "offscreen", "KIVY_HOME": str(tmp_path / "kivy")}
    return subprocess.run(
        [sys.executable, "-m", "screens.launcher", "--db", str(tmp_path / "k.db"), *args],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )


def test_tour_syncs_and_the_receipt_qr_opens_the_request_on_the_central_store(tmp_path, central):
    store, token_file = central
    with serve(store) as url:
        result = kiosk(
            tmp_path,
            "--central",
            url,
            "--token-file",
            str(token_file),
            "--printer",
            "emulator",
            "--receipts",
            str(tmp_path / "receipts"),
            "--demo",
            str(tmp_path / "demo"),
        )
        assert result.returncode == 0, result.stderr[-3000:]
        assert "waiting 0" in result.stderr
        assert "Upgrading configuration" not in result.stderr  # Kivy's config lines are gone
        # every screen under its own name, and the count printed is the count on disk
        shots = {path.stem for path in (tmp_path / "demo").glob("*.png")}
        [count] = re.findall(r"Demo tour done: (\d+) screenshots", result.stderr)
        assert int(count) == len(shots)
        assert {"verbinder_member_home", "volunteer_member_home", "verbinder_identify_pin"} <= shots
        assert {"volunteer_identify_pin", "verbinder_ask", "verbinder_called"} <= shots
        assert {"ask_what_2", "offer_what_2"} <= shots  # the other pages of "what"
        # the follow-up address it prints opens the Demo request's page
        [address] = re.findall(r"(http://\S+/r/\S+)", result.stderr)
        assert httpx.get(address).status_code == 200
        receipt = sorted((tmp_path / "receipts").glob("*.png"))[0]
        [qr] = [r.text for r in zxingcpp.read_barcodes(Image.open(receipt).convert("L"))]
        assert qr.startswith(url + "/r/")
        page = httpx.get(qr, headers={"Accept": "application/json"}).json()
        # the tour's volunteer picked it up and finished it; the asker said thank you
        assert page["status"] == "done" and page["first_name"] == "Demo"
        assert page["thanked"] is True
        assert page["category"] == "groceries"
        again = kiosk(tmp_path, "sync", "--central", url, "--token-file", str(token_file))
    assert again.returncode == 0 and "waiting 0" in again.stdout


def test_tour_with_the_central_store_down_still_finishes_and_sync_sends_later(tmp_path, central):
    store, token_file = central
    port = free_port()
    down = f"http://127.0.0.1:{port}"
    result = kiosk(
        tmp_path,
        "--central",
        down,
        "--token-file",
        str(token_file),
        "--demo",
        str(tmp_path / "demo"),
    )
    assert result.returncode == 0, result.stderr[-3000:]
    offline = kiosk(tmp_path, "sync", "--central", down, "--token-file", str(token_file))
    assert offline.returncode == 1 and "waiting 2" in offline.stdout
    with serve(store, port=port) as url:
        later = kiosk(tmp_path, "sync", "--central", url, "--token-file", str(token_file))
    assert later.returncode == 0, later.stdout + later.stderr
    assert "pushed 2" in later.stdout and "waiting 0" in later.stdout


def test_sync_without_central_is_a_clear_message(tmp_path):
    result = kiosk(tmp_path, "sync")
    assert result.returncode == 2 and "sync needs --central URL" in result.stderr


def test_central_without_a_token_is_a_clear_message(tmp_path):
    result = kiosk(tmp_path, "--central", "http://127.0.0.1:9", "--demo", str(tmp_path / "d"))
    assert result.returncode == 2 and "--token-file" in result.stderr
