"""A volunteer picks a request up: board → who are you (card or PIN) → claim → helper slip → done.

Everything real: the central store on 127.0.0.1 (SQLite), the kiosk's sync worker, the printer
emulator on a pseudo-terminal, the QR decoder, and scans typed into the real Kivy window as a
USB scanner types them.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image

from kiosk.central.db import make_engine, migrate
from kiosk.central.service import CentralStore, IncomingEvent
from kiosk.central.testing import serve
from kiosk.config import CentralConfig
from kiosk.domain import AskStatus, Role, hash_token, new_followup_token
from kiosk.printer import PrinterConfig
from screens.demo import scan
from tests.ui.conftest import SCREENSHOTS
from tests.ui.steps import drive, on, press, screenshot, to_the_board, type_digits

PIN = "246810"


class Clock:
    """The central store's clock, wound forward instead of waiting out a PIN delay."""

    def __init__(self) -> None:
        self.now = datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def world(tmp_path: Path) -> Iterator[dict]:
    engine = make_engine(f"sqlite:///{tmp_path / 'central.sqlite3'}")
    migrate(engine)
    clock = Clock()
    central = CentralStore(engine, clock=clock)
    central.add_circle("dev", "linde", "De Linde", "Ton", "0623456789")
    here = central.add_kiosk("here", "dev")
    there = central.add_kiosk("there", "dev")
    sanne = central.add_member("dev", "Sanne", "0611111111", circle="linde", pin=PIN)
    marie = central.add_member(
        "dev",
        "Marie",
        "0622222222",
        circle="linde",
        street="Kerkstraat",
        house_number="12",
        pin="975310",
    )
    with serve(central) as url:
        yield {
            "central": central,
            "url": url,
            "here": here,
            "there": central.authenticate(there),
            "sanne": sanne,
            "marie": marie,
            "clock": clock,
            "receipts": tmp_path / "receipts",
        }
    engine.dispose()


def ask_from_another_kiosk(world: dict, member: str | None = None, category: str = "groceries"):
    """An ask made at the other kiosk of the buurthuis, as its sync worker pushes it."""
    ask_id = str(uuid.uuid4())
    payload = {
        "id": ask_id,
        "number": "234-5678",
        "category": category,
        "when": {"kind": "tomorrow", "day": None},
        "first_name": "Marie",
        "phone": "0622222222",
        "for_neighbour": False,
        "circle": "linde",
        "token_hash": hash_token(new_followup_token()),
        "created_at": datetime.now(UTC).isoformat(),
    }
    if member:
        payload["member"] = member
    [result] = world["central"].push(
        world["there"], [IncomingEvent(str(uuid.uuid4()), "ask.create", ask_id, payload)]
    )
    assert result.result == "accepted", result
    return ask_id


@pytest.fixture
def volunteer_app(make_app, world):
    def make(**changes):
        return make_app(
            central=CentralConfig(url=world["url"], token=world["here"]),
            printer=PrinterConfig(port="emulator"),
            receipts=world["receipts"],
            **changes,
        )

    return make


def to_the_request(app, ask_id: str):
    """Home, once sync brought the ask here → the board → the ask's own screen."""
    yield from on(app, "home")
    yield from synced_with(app, ask_id)
    yield from to_the_board(app)
    yield from press(app, "ask-234-5678")
    yield from on(app, "board_ask")


def synced_with(app, ask_id: str):
    """Wait until the sync worker has brought the ask and the members here."""
    app.sync_status.kick()
    yield lambda: app.store.ask(ask_id) is not None and app.store.members()
    yield 2


def qr_texts(path) -> list[str]:
    with Image.open(path) as image:
        return [r.text for r in zxingcpp.read_barcodes(image.convert("L")) if r.valid]


def test_pin_claim_prints_a_helper_slip_whose_qr_finishes_the_job(world, volunteer_app):
    ask_id = ask_from_another_kiosk(world, member=world["marie"].id)
    app = volunteer_app()
    seen: dict = {}

    def script(app):
        yield from to_the_request(app, ask_id)
        yield from press(app, "help")
        yield from on(app, "identify")
        screenshot(SCREENSHOTS / "identify.png")
        yield from press(app, "no-card")
        yield from on(app, "identify_name")
        screenshot(SCREENSHOTS / "identify_name.png")
        yield from press(app, world["sanne"].id)
        yield from on(app, "identify_pin")
        yield from type_digits(app, PIN[:3])
        screenshot(SCREENSHOTS / "identify_pin.png")
        yield from type_digits(app, PIN[3:])
        yield from on(app, "claim")
        claim = app.root.current_screen
        yield lambda: claim.state != "waiting"
        seen["state"] = claim.state
        seen["claim_text"] = claim.ids.message.text
        seen["claim_title"] = claim.title
        yield lambda: any(world["receipts"].glob("*.png"))
        yield 2
        screenshot(SCREENSHOTS / "claim.png")
        yield from press(app, "next")
        yield from on(app, "member_home")
        yield from press(app, "stop")  # the volunteer leaves; the slip is in hand
        yield from on(app, "home")
        [slip] = sorted(world["receipts"].glob("*.png"))
        [helper_url] = qr_texts(slip)
        seen["helper_url"] = helper_url
        seen["raw"] = b"".join(p.read_bytes() for p in world["receipts"].glob("*.bin"))
        # back later: the slip's QR code opens the job, without card or PIN
        yield from scan(app, helper_url)
        yield from on(app, "job")
        screenshot(SCREENSHOTS / "job.png")
        yield from press(app, "done")
        yield lambda: app.root.current_screen.state == "done"

    drive(app, script)
    assert seen["state"] == "confirmed", seen["claim_text"]
    assert "Sanne" in seen["claim_title"]
    assert seen["helper_url"].startswith(world["url"] + "/h/")
    raw = seen["raw"].decode("cp858", "replace")
    assert "Marie" in raw and "06 2222 2222" in raw and "Kerkstraat 12" in raw
    # done reaches the central store
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        app.services.sync.kick()
        page = world["central"].pull(world["there"], 0)
        status = [c.data["status"] for c in page.changes if c.id == ask_id and c.data]
        if status == ["done"]:
            break
        time.sleep(0.3)
    assert status == ["done"]


def test_a_member_card_scanned_on_any_screen_identifies_and_asking_takes_four_taps(
    world, volunteer_app
):
    app = volunteer_app()
    card = "BKLID-" + world["sanne"].card_token
    seen: dict = {}

    def script(app):
        yield from on(app, "home")
        yield from press(app, "offer")  # a scan works in the middle of another flow too
        yield from on(app, "offer_what")
        yield from scan(app, card)
        yield from on(app, "member_home")
        seen["title"] = app.root.current_screen.title
        screenshot(SCREENSHOTS / "member_home.png")
        taps = 0
        for name, screen in (("ask", "ask_what"), ("dog", "ask_when"), ("today", "ask_check")):
            yield from press(app, name)
            taps += 1
            yield from on(app, screen)
        seen["sentence"] = app.root.current_screen.ids.sentence.text.replace("\u00a0", " ")
        yield from press(app, "confirm")
        taps += 1
        yield from on(app, "ask_done")
        seen["taps"] = taps

    drive(app, script)
    assert seen["title"] == "Hallo Sanne"
    assert seen["taps"] == 4
    assert "06 1111 1111" in seen["sentence"]
    [ask] = app.store.all_asks()
    assert ask.person.first_name == "Sanne" and ask.person.phone == "+31611111111"
    [event] = app.store.pending_events() or [None]
    if event is not None:  # unless the sync worker already sent it
        assert event.payload["member"] == world["sanne"].id


def marie_claims_it_at_the_other_kiosk(world: dict, ask_id: str) -> None:
    """Marie, signed in with her card at the other kiosk, claims the ask there first."""
    central, there = world["central"], world["there"]
    marie = central.identify_card(there, world["marie"].card_token).session
    [won] = central.push(
        there,
        [
            IncomingEvent(
                str(uuid.uuid4()),
                "ask.claim",
                ask_id,
                {"id": ask_id, "volunteer": world["marie"].id, "session": marie},
            )
        ],
    )
    assert won.result == "accepted"


def sanne_claims_with_her_card(app, world: dict):
    """'Ik help', her card scanned, until the claim screen has its answer."""
    yield from press(app, "help")
    yield from on(app, "identify")
    yield from scan(app, "BKLID-" + world["sanne"].card_token)
    yield from on(app, "claim")
    claim = app.root.current_screen
    yield lambda: claim.state != "waiting"


def test_someone_else_was_first_is_said_kindly(world, volunteer_app):
    ask_id = ask_from_another_kiosk(world)
    app = volunteer_app()
    seen: dict = {}

    def script(app):
        yield from to_the_request(app, ask_id)
        # meanwhile Marie's neighbour, signed in with her card there, claims it at the other kiosk
        marie_claims_it_at_the_other_kiosk(world, ask_id)
        yield from sanne_claims_with_her_card(app, world)
        claim = app.root.current_screen
        seen["state"], seen["title"] = claim.state, claim.title
        seen["text"] = claim.ids.message.text
        screenshot(SCREENSHOTS / "claim_lost.png")

    drive(app, script)
    assert seen["state"] == "lost"
    assert seen["text"] == "Iemand anders helpt al — dank u!"
    assert not any(world["receipts"].glob("*.png"))  # no helper slip for the loser


def test_a_request_sync_has_just_found_taken_is_said_kindly_too(world, volunteer_app):
    """The race seen under load: a sync round brings Marie's claim after the board showed
    the request open and before Sanne's claim is saved here."""
    ask_id = ask_from_another_kiosk(world)
    app = volunteer_app()
    seen: dict = {}

    def script(app):
        yield from to_the_request(app, ask_id)
        marie_claims_it_at_the_other_kiosk(world, ask_id)
        app.sync_status.kick()
        yield lambda: app.store.ask(ask_id).status is AskStatus.CLAIMED  # known here now
        yield from sanne_claims_with_her_card(app, world)
        claim = app.root.current_screen
        seen["state"], seen["text"] = claim.state, claim.ids.message.text

    drive(app, script)
    assert seen["state"] == "lost"
    assert seen["text"] == "Iemand anders helpt al — dank u!"
    assert not any(world["receipts"].glob("*.png"))


def test_wrong_pins_are_counted_by_the_central_store_across_kiosks(world, volunteer_app):
    app = volunteer_app()
    central, sanne = world["central"], world["sanne"]
    seen: dict = {}

    def try_pin(app, pin):
        yield from type_digits(app, pin)
        yield lambda: app.root.current_screen.error
        seen.setdefault("errors", []).append(app.root.current_screen.error)
        yield from press(app, "error-ok")

    def script(app):
        yield from on(app, "home")
        app.sync_status.kick()
        yield lambda: app.store.members()
        yield from press(app, "volunteer")
        yield from on(app, "identify")
        yield from press(app, "no-card")
        yield from on(app, "identify_name")
        yield from press(app, sanne.id)
        yield from on(app, "identify_pin")
        for _ in range(3):
            yield from try_pin(app, "111222")
        screenshot(SCREENSHOTS / "identify_pin_wait.png")
        # six more wrong tries at the other kiosk, each after the wait has passed
        for _ in range(6):
            world["clock"].now = world["clock"].now.replace(year=world["clock"].now.year + 1)
            central.identify_pin(world["there"], sanne.id, "333444")
        world["clock"].now = world["clock"].now.replace(year=world["clock"].now.year + 1)
        yield from try_pin(app, "555666")  # the tenth: locked
        yield from try_pin(app, PIN)  # even the right PIN now
        screenshot(SCREENSHOTS / "identify_pin_locked.png")

    drive(app, script)
    errors = seen["errors"]
    assert "nog 9 keer" in errors[0] and "nog 8 keer" in errors[1]
    assert "Wacht 5 seconden" in errors[2]
    assert "geblokkeerd" in errors[3] and "geblokkeerd" in errors[4]
    assert app.identity.member is None
    assert central.reset_pin(sanne.id, PIN) is not None
    assert central.identify_pin(world["there"], sanne.id, PIN).result == "ok"


def test_scanning_a_receipt_opens_its_request_from_several_screens(world, volunteer_app):
    app = volunteer_app()
    seen: dict = {}

    def script(app):
        yield from on(app, "home")
        # Ria asks at this kiosk; her receipt's token is what the QR code holds
        from kiosk.domain import AskDraft, When, WhenKind

        draft = AskDraft(
            category="meal",
            when=When(WhenKind.TODAY),
            first_name="Ria",
            phone="0633333333",
            circle="linde",
            circle_chosen=True,
        )
        saved = app.store.save_ask(draft)
        from kiosk.printer import followup_url

        url = followup_url(app.services.config.central.followup_base, saved.followup_token)
        for start, screen in (("home", "home"), ("board", "board"), ("ask", "ask_what")):
            app.stop_visit()
            yield from on(app, "home")
            if start != "home":
                yield from press(app, start)
                yield from on(app, screen)
            yield from scan(app, url)
            yield from on(app, "followup")
            seen.setdefault("results", []).append(app.root.current_screen.ids.result.text)
        screenshot(SCREENSHOTS / "followup_scanned.png")
        yield from press(app, "cancel")
        yield 2
        seen["confirm"] = app.root.current_screen.target("cancel").text
        yield from press(app, "cancel")
        yield lambda: app.store.ask(saved.id).status.value == "cancelled"
        # a person typing on a keyboard is not a scanner: slow keys do nothing
        app.stop_visit()
        yield from on(app, "home")
        from kivy.core.window import Window

        for char in url[:12]:
            Window.dispatch("on_textinput", char)
            later = time.monotonic() + 0.15
            yield lambda later=later: time.monotonic() > later
        Window.dispatch("on_key_down", 13, 40, "\r", [])
        yield 3
        seen["after_typing"] = app.root.current

    drive(app, script)
    assert len(seen["results"]) == 3 and all("Warme maaltijd" in r for r in seen["results"])
    assert seen["confirm"] == "Ja, intrekken"
    assert seen["after_typing"] == "home"


def test_the_verbinder_sees_who_waits_calls_and_prints_the_list_for_the_fridge(
    world, volunteer_app
):
    central = world["central"]
    wim = central.add_member("dev", "Wim", "0644444444", circle="linde", role=Role.VERBINDER)
    ask_id = ask_from_another_kiosk(world, member=world["marie"].id)
    world["clock"].now = world["clock"].now.replace(year=world["clock"].now.year + 1)  # waits long
    app = volunteer_app()
    seen: dict = {}

    def script(app):
        yield from on(app, "home")
        yield from synced_with(app, ask_id)
        yield from scan(app, "BKLID-" + wim.card_token)
        yield from on(app, "member_home")
        yield from press(app, "verbinder")
        yield from on(app, "verbinder")
        screen = app.root.current_screen
        yield lambda: screen.state == "shown"
        yield 2
        seen["rows"] = [d["text"] for d in screen.ids.list.data]
        seen["step"] = screen.step
        screenshot(SCREENSHOTS / "verbinder.png")
        yield from press(app, "ask-234-5678")
        yield from on(app, "verbinder_ask")
        seen["detail"] = app.root.current_screen.ids.message.text
        screenshot(SCREENSHOTS / "verbinder_ask.png")
        yield from press(app, "next")  # 'Gebeld'
        yield from on(app, "verbinder")
        # the list is read again from the central store; 'Printen' shows once it is there
        yield lambda: app.root.current_screen.state == "shown"
        yield from press(app, "next")  # 'Printen': the list for the fridge
        yield lambda: any(world["receipts"].glob("*.png"))
        yield 2
        yield from press(app, "stop")
        yield from on(app, "home")
        seen["after"] = (app.identity.member, app.visit.verbinder_view)

    drive(app, script)
    # the row names her with its number and the hint; on the 7" panel (5 lines a row) her
    # phone is one tap away, on the request's own page with her address
    assert any("Marie" in row and "234-5678 · Tik voor meer" in row for row in seen["rows"])
    assert seen["step"] == "1 wachten te lang"
    detail = seen["detail"].replace("\u00a0", " ")
    assert "Kerkstraat 12" in detail and "06 2222 2222" in detail
    [note] = central.verbinder_view(
        world["there"], central.identify_card(world["there"], wim.card_token).session, 3
    )["asks"][0]["notes"]
    assert note["text"] == "gebeld"
    [fridge] = list(world["receipts"].glob("*.bin"))
    text = fridge.read_bytes().decode("cp858", "replace")
    assert "234-5678" in text and "M." in text
    assert "Marie" not in text and "2222" not in text  # no contact data on the fridge
    assert seen["after"] == (None, None)  # Stoppen forgets the verbinder and the contacts


def test_my_card_prints_a_new_card_and_the_old_one_stops_working(world, volunteer_app):
    app = volunteer_app()
    old = "BKLID-" + world["sanne"].card_token
    seen: dict = {}

    def script(app):
        yield from on(app, "home")
        yield from scan(app, old)
        yield from on(app, "member_home")
        yield from press(app, "card")
        yield lambda: any(world["receipts"].glob("*.png"))
        yield 2
        [card] = list(world["receipts"].glob("*.png"))
        seen["qr"] = qr_texts(card)
        yield from press(app, "stop")
        yield from on(app, "home")
        yield from scan(app, old)
        yield lambda: app.root.current_screen.error
        seen["old"] = app.root.current_screen.error

    drive(app, script)
    [new] = seen["qr"]
    assert new.startswith("BKLID-") and new != old
    assert central_result(world, new) == "ok"
    assert "kennen we niet" in seen["old"]


def central_result(world: dict, card: str) -> str:
    return world["central"].identify_card(world["there"], card).result


def test_the_board_refreshes_when_sync_brings_a_new_request(world, volunteer_app):
    app = volunteer_app()
    seen: dict = {}

    def script(app):
        yield from on(app, "home")
        app.sync_status.kick()
        yield lambda: app.synced
        yield from press(app, "board")
        yield from on(app, "board")
        board = app.root.current_screen
        yield lambda: board.ids.list.empty_text  # nothing open yet
        ask_from_another_kiosk(world)  # meanwhile, at the other kiosk
        app.sync_status.kick()  # as the sync worker's next round does by itself
        yield lambda: len(board.ids.list.data) == 1
        seen["row"] = board.ids.list.data[0]["text"]

    drive(app, script)
    assert seen["row"].startswith("Boodschappen, morgen")


def test_giving_a_job_back_puts_it_on_the_board_again(world, volunteer_app):
    ask_id = ask_from_another_kiosk(world)
    app = volunteer_app()
    seen: dict = {}

    def script(app):
        yield from to_the_request(app, ask_id)
        yield from press(app, "help")
        yield from on(app, "identify")
        yield from scan(app, "BKLID-" + world["sanne"].card_token)
        yield from on(app, "claim")
        claim = app.root.current_screen
        yield lambda: claim.state == "confirmed"
        yield from press(app, "next")
        yield from on(app, "member_home")
        yield from press(app, "jobs")
        yield from on(app, "my_jobs")
        yield from press(app, ask_id)
        yield from on(app, "job")
        yield from press(app, "release")
        yield lambda: app.root.current_screen.state == "released"
        seen["message"] = app.root.current_screen.ids.message.text
        yield from press(app, "next")
        yield from on(app, "member_home")
        yield from to_the_board(app, rows=1)  # back on the board, for someone else

    drive(app, script)
    assert "weer op de lijst" in seen["message"]
    deadline = time.monotonic() + 20
    status = None
    while time.monotonic() < deadline and status != "open":
        app.services.sync.kick()
        [change] = [c for c in world["central"].pull(world["there"], 0).changes if c.id == ask_id]
        status = change.data["status"]
        time.sleep(0.2)
    assert status == "open"
