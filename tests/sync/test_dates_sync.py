"""A request made "morgen" keeps its date from the kiosk through the central store and back:
"morgen, maandag 30 november" on the day it was made, "maandag 30 november" after."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import httpx
from sync_helpers import ask_draft

from kiosk.central.service import CentralStore
from kiosk.clock import local_day
from kiosk.domain import Circle, Role, When, WhenKind
from kiosk.printer import FridgeListContent, FridgeRow, parse, render_fridge_list
from kiosk.store import LocalStore
from kiosk.sync import CentralClient, run_sync_round

SUNDAY = datetime(2026, 11, 29, 15, tzinfo=UTC)
THURSDAY = datetime(2026, 12, 3, 9, tzinfo=UTC)
MORGEN = "morgen, maandag 30 november"
LATER = "maandag 30 november"


def kiosk_store(path: Path, now: list[datetime]) -> LocalStore:
    store = LocalStore.open(path, clock=lambda: now[0])
    store.seed_circles([Circle("noord", "Noord", "Els", "+31612345678")])
    return store


def fridge_text(view_asks: tuple, printed_at: datetime) -> str:
    rows = tuple(FridgeRow(a.number, a.category, a.when, a.days_open, "R") for a in view_asks)
    content = FridgeListContent("Noord", "Wim", rows, "Buurthuis De Brink", printed_at)
    return " ".join(parse.text_of(render_fridge_list(content)).split())


def test_morgen_made_on_sunday_reads_its_date_everywhere_and_later_the_date_alone(
    tmp_path: Path, central: CentralStore, central_url: str
) -> None:
    now = [SUNDAY]
    central.clock = lambda: now[0]
    wim = central.add_member("brink", "Wim", "0623456789", circle="noord", role=Role.VERBINDER)
    here = kiosk_store(tmp_path / "here.sqlite3", now)
    there = kiosk_store(tmp_path / "there.sqlite3", now)
    tokens = {name: central.add_kiosk(name, "brink") for name in ("here", "there")}
    try:
        saved = here.save_ask(ask_draft())
        for store, name in ((here, "here"), (there, "there")):
            assert run_sync_round(store, central_url, tokens[name]).online
        (pulled,) = there.open_asks()  # the board of another kiosk
        assert pulled.when == When(WhenKind.TOMORROW, date(2026, 11, 30))

        seen: dict[str, dict[str, str]] = {}
        for moment in (SUNDAY, THURSDAY):
            now[0] = moment
            today = local_day(moment)
            with httpx.Client(base_url=central_url) as http:
                page = http.get(f"/r/{saved.followup_token}", params={"lang": "nl"})
            assert page.status_code == 200
            with CentralClient(central_url, tokens["here"]) as client:
                session = client.identify_card(wim.card_token).session
                assert session is not None
                view = client.verbinder(session, 3)
            (listed,) = view.asks
            seen[moment.date().isoformat()] = {
                "page": page.text,
                "board": there.open_asks()[0].when.describe(today),
                "verbinder": listed.when.describe(today),
                "fridge": fridge_text(view.asks, moment),
            }
    finally:
        here.close()
        there.close()
    sunday, thursday = seen["2026-11-29"], seen["2026-12-03"]
    assert f"Wanneer: {MORGEN}" in sunday["page"]
    assert sunday["board"] == sunday["verbinder"] == MORGEN
    assert f"Boodschappen {MORGEN} nieuw" in sunday["fridge"]  # what and when, a line each
    assert f"Wanneer: {LATER}<" in thursday["page"] and "morgen" not in thursday["page"]
    assert thursday["board"] == thursday["verbinder"] == LATER
    assert f"Boodschappen, {LATER} 4 dagen open" in thursday["fridge"]
    assert "morgen" not in thursday["fridge"]
