"""What the screens say when the central store guards its members: a refused claim, too many PIN
tries at this kiosk, and the verbinder opening a locked PIN again.

All against the real central store on 127.0.0.1 (see :mod:`tests.ui.test_volunteer`).
"""

# ruff: noqa: F811 (the fixtures world and volunteer_app are imported from test_volunteer)
from __future__ import annotations

from kiosk.domain import Role
from screens.demo import scan
from tests.ui.conftest import SCREENSHOTS
from tests.ui.steps import drive, on, press, screenshot, type_digits
from tests.ui.test_volunteer import (  # noqa: F401 (fixtures)
    PIN,
    ask_from_another_kiosk,
    synced_with,
    volunteer_app,
    world,
)


def later(world: dict) -> None:
    """Wind the central store's clock a year on: every PIN wait and window has passed."""
    world["clock"].now = world["clock"].now.replace(year=world["clock"].now.year + 1)


def to_the_pin_of(app, member_id: str):
    yield from press(app, "volunteer")
    yield from on(app, "identify")
    yield from press(app, "no-card")
    yield from on(app, "identify_name")
    yield from press(app, member_id)
    yield from on(app, "identify_pin")


def test_a_refused_claim_says_it_could_not_go_through(world, volunteer_app):
    ask_id = ask_from_another_kiosk(world)
    app = volunteer_app()
    here = world["central"].authenticate(world["here"])
    seen: dict = {}

    def script(app):
        yield from on(app, "home")
        yield from synced_with(app, ask_id)
        yield from scan(app, "BKLID-" + world["sanne"].card_token)
        yield from on(app, "member_home")
        # the session ends at the central store (say, it timed out) before Sanne claims
        world["central"].logout(here, app.identity.session)
        yield from press(app, "board")
        yield from on(app, "board")
        yield lambda: app.root.current_screen.ids.list.data
        yield 2
        yield from press(app, "ask-234-5678")
        yield from on(app, "board_ask")
        yield from press(app, "help")
        yield from on(app, "claim")
        claim = app.root.current_screen
        yield lambda: claim.state != "waiting"
        seen["state"], seen["title"] = claim.state, claim.title
        seen["text"] = claim.ids.message.text
        screenshot(SCREENSHOTS / "claim_rejected.png")
        yield from press(app, "next")  # 'Klaar'
        yield from on(app, "home")
        seen["after"] = (app.root.current, app.identity.member)

    drive(app, script)
    assert seen["state"] == "rejected"
    assert seen["title"] == "Dit kon niet doorgaan"
    assert seen["text"] == "Meld u opnieuw aan en probeer het nog eens."
    assert seen["after"] == ("home", None)  # 'Klaar' signs out: sign in again for a new try
    assert not any(world["receipts"].glob("*.png"))  # no helper slip
    assert app.store.ask(ask_id).status.value == "open"


def test_too_many_pin_tries_at_this_kiosk_is_said_as_busy(world, volunteer_app):
    central, sanne = world["central"], world["sanne"]
    here = central.authenticate(world["here"])
    # 20 wrong PINs at this kiosk within minutes, for seven neighbours (three each, never
    # waiting): the kiosk's limit (20 in 10 minutes), while Sanne herself has not mistyped once
    others = [
        central.add_member("dev", name, f"06333333{n:02d}", circle="linde", pin="135790")
        for n, name in enumerate(("Ada", "Bas", "Cor", "Dirk", "Els", "Fien", "Gijs"))
    ]
    for n in range(20):
        assert central.identify_pin(here, others[n // 3].id, "111222").result == "wrong"
    app = volunteer_app()
    seen: dict = {}

    def script(app):
        yield from on(app, "home")
        app.sync_status.kick()
        yield lambda: app.store.members()
        yield from to_the_pin_of(app, sanne.id)
        yield from type_digits(app, PIN)
        yield lambda: app.root.current_screen.error
        seen["error"] = app.root.current_screen.error
        screenshot(SCREENSHOTS / "identify_pin_busy.png")

    drive(app, script)
    assert seen["error"] == "Het is even druk. Probeer het zo nog eens."
    assert app.identity.member is None


def test_the_verbinder_opens_a_locked_pin_again(world, volunteer_app):
    central, sanne = world["central"], world["sanne"]
    here = central.authenticate(world["here"])
    wim = central.add_member("dev", "Wim", "0644444444", circle="linde", role=Role.VERBINDER)
    for _ in range(10):  # ten wrong PINs for Sanne at this kiosk, each after the wait: locked
        later(world)
        central.identify_pin(here, sanne.id, "111222")
    assert central.identify_pin(here, sanne.id, PIN).result == "locked"
    app = volunteer_app()
    seen: dict = {}

    def script(app):
        yield from on(app, "home")
        app.sync_status.kick()
        yield lambda: len(app.store.members()) == 3
        yield from scan(app, "BKLID-" + wim.card_token)
        yield from on(app, "member_home")
        yield from press(app, "unlock")
        yield from on(app, "verbinder_unlock")
        screen = app.root.current_screen
        seen["names"] = [choice.label for choice in screen.ids.grid.choices]
        seen["tile_mm"] = min(
            min(tile.width, tile.height) / app.px_mm for tile in screen.ids.grid.children
        )
        yield from press(app, sanne.id)
        yield lambda: "werkt" in screen.ids.message.text
        seen["said"] = screen.ids.message.text
        screenshot(SCREENSHOTS / "verbinder_unlock.png")
        yield from press(app, "stop")
        yield from on(app, "home")
        yield from to_the_pin_of(app, sanne.id)
        yield from type_digits(app, PIN)
        yield from on(app, "member_home")
        seen["hello"] = app.root.current_screen.title

    drive(app, script)
    assert seen["names"] == ["Marie", "Sanne"]
    assert seen["tile_mm"] >= 20
    assert seen["said"] == "De pincode van Sanne werkt weer."
    assert seen["hello"] == "Hallo Sanne"
