"""The scripted tour (``buurtkiosk --demo DIR``): one visit through the real UI, real touches.

A walk-in named "Demo" with phone 0612345678 asks for help with groceries for tomorrow, then
offers to walk dogs. With a central store, the verbinder Wim looks at his circle (the Demo ask
with the phone to call), marks it "Gebeld" and prints the list; the volunteer Sanne picks the
Demo ask up from the board with her PIN (the helper slip prints) and marks it done. The Demo
receipt's QR code is "scanned" (typed as a USB scanner types it) to show its follow-up. Last,
the receipt number is typed and the visitor walks away for a moment ("Bent u er nog?").

Every screen is saved once under its own name, ``DIR/<name>.png``: the screen's name, with
``_2``, ``_3`` for further pages of a choice, and ``verbinder_`` or ``volunteer_`` before the
screens both members pass. A tap the app does not answer stops the tour with an error naming
the screen and the button (see :func:`screens.driver.tap`). With a printer (``--printer
emulator``) the receipts are printed before the tour goes on. Later issues extend this tour;
it stays the only one.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Generator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from screens.driver import Step, TourError, drive, screenshot, settle, tap

DEMO_NAME = "Demo"
DEMO_PHONE = "0612345678"
# The demo central store (scripts/central-dev.sh) knows these two members of circle "linde".
DEMO_VOLUNTEER, DEMO_PIN = "Sanne", "246810"
DEMO_VERBINDER, VERBINDER_PIN = "Wim", "135792"


def on(app: Any, screen: str) -> Generator[Step, None, None]:
    """Wait until ``screen`` is shown and drawn."""
    yield from settle(app)
    if app.root.current != screen:
        yield lambda: app.root.current == screen
        yield from settle(app)


def press(app: Any, name: str) -> Generator[Step, None, None]:
    """Tap the target called ``name`` on the current screen, paging on with 'Meer keuzes' or
    'Omlaag'."""
    from screens.tiles import MORE

    for _page in range(10):
        screen = app.root.current_screen
        found = screen.target(name)
        if found is not None:
            yield from tap(found, name)
            return
        rows = screen.ids.get("list")  # a list of requests: page down with 'Omlaag'
        if rows is not None and rows.can_go_down:
            yield from tap(screen.target("down"), "Omlaag")
            yield 3
            continue
        grid = screen.ids.get("grid")
        more = screen.target("next" if grid is not None and grid.turns_in_bar else MORE)
        if grid is None or more is None or _page >= grid.page_count - 1:
            break  # every page seen ('Eerste keuzes' on the last one turns back to the first)
        yield from tap(more, "Meer keuzes")
        yield 2
    raise TourError(f"no {name!r} on screen {app.root.current!r}")


def type_name(app: Any, name: str) -> Generator[Step, None, None]:
    """Type ``name`` on the name keys as a person does: its group, then its key."""
    from screens.keypads import letter_key_name

    pad = app.root.current_screen.ids.pad
    for char in name:
        yield from press(app, f"group-{pad.group_of(char)}")
        yield from press(app, letter_key_name(char))


def type_digits(app: Any, digits: str) -> Generator[Step, None, None]:
    for digit in digits:
        yield from press(app, f"key-{digit}")


def receipt_done(app: Any) -> Generator[Step, None, None]:
    """With a printer: wait (bounded by the driver's patience) until the receipt is out."""
    if app.services.printing is not None:
        yield lambda: app.print_phase in ("printed", "fault", "expired")
        yield 2


@dataclass
class TourRecord:
    """What the tour leaves behind: its screenshots and the Demo ask's follow-up token."""

    out: Path
    shots: list[Path] = field(default_factory=list)
    followup_token: str = ""

    def shoot(self, name: str) -> None:
        """Save the screen as ``name``.png; a name used twice is a mistake in the tour."""
        path = self.out / f"{name}.png"
        if path in self.shots:
            raise TourError(f"the tour saves {path.name} twice")
        self.shots.append(screenshot(path))


def every_page(app: Any, shoot: Any, name: str) -> Generator[Step, None, None]:
    """Save each page of a choice ('Meer keuzes' on), then page back to the first."""
    from screens.tiles import MORE

    shoot(name)
    grid = app.root.current_screen.ids.grid
    more = "next" if grid.turns_in_bar else MORE
    while grid.has_more:
        yield from tap(app.root.current_screen.target(more), "Meer keuzes")
        yield 2
        shoot(f"{name}_{int(grid.page) + 1}")
    while grid.page > 0:
        yield from press(app, "back")
        yield 2


def visit(app: Any, record: TourRecord) -> Iterator[Step]:
    shoot = record.shoot

    def tap_to(name: str, screen: str, shot: str = "") -> Generator[Step, None, None]:
        """Tap ``name``, wait for ``screen`` and save it (as ``shot``, if given)."""
        yield from press(app, name)
        yield from on(app, screen)
        shoot(shot or screen)

    yield from on(app, "home")
    shoot("home")
    # Ask for help with groceries, tomorrow.
    yield from press(app, "ask")
    yield from on(app, "ask_what")
    yield from every_page(app, shoot, "ask_what")
    yield from tap_to("groceries", "ask_when")
    yield from tap_to("on_day", "ask_day")  # look at the day picker, then go back
    yield from press(app, "back")
    yield from on(app, "ask_when")
    yield from tap_to("tomorrow", "ask_forwhom")
    yield from press(app, "me")
    yield from on(app, "ask_name")
    yield from type_name(app, DEMO_NAME)
    yield 2
    shoot("ask_name")
    yield from press(app, "next")
    yield from on(app, "ask_phone")
    yield from type_digits(app, DEMO_PHONE)
    yield 2
    shoot("ask_phone")
    yield from tap_to("next", "ask_circle")
    yield from tap_to("linde", "ask_check")
    yield from press(app, "confirm")
    yield from on(app, "ask_done")
    yield from receipt_done(app)
    shoot("ask_done")
    saved_ask = app.visit.last_saved
    number = saved_ask.number
    yield from press(app, "next")
    yield from on(app, "home")
    # Offer to walk dogs.
    yield from press(app, "offer")
    yield from on(app, "offer_what")
    yield from press(app, "dog")
    yield 2
    yield from every_page(app, shoot, "offer_what")
    yield from press(app, "next")  # 'Verder', there all the time
    yield from on(app, "offer_when")
    shoot("offer_when")
    yield from tap_to("on_day", "offer_day")  # the day picker of the offer, then back
    yield from press(app, "back")
    yield from on(app, "offer_when")
    yield from press(app, "any_time")
    yield from on(app, "offer_name")
    yield from type_name(app, DEMO_NAME)
    shoot("offer_name")
    yield from press(app, "next")
    yield from on(app, "offer_phone")
    yield from type_digits(app, DEMO_PHONE)
    shoot("offer_phone")
    yield from tap_to("next", "offer_check")
    yield from press(app, "confirm")
    yield from on(app, "offer_done")
    yield from receipt_done(app)
    shoot("offer_done")
    yield from press(app, "next")
    yield from on(app, "home")
    ask_token = record.followup_token = saved_ask.followup_token
    yield from outbox_sent(app)
    connected = app.services.config.central.enabled and app.online
    if connected:  # the verbinder sees the new ask in the circle, calls, prints the list
        yield from verbinder_looks(app, number, shoot, tap_to)
        yield from on(app, "home")
    # The board; a volunteer picks the Demo ask up and finishes it.
    yield from tap_to("board", "board")
    if connected:
        yield from volunteer_helps(app, number, shoot, tap_to)
    else:
        print("Demo: no central store, so no volunteer part", file=sys.stderr)
        yield from press(app, "back")
    yield from on(app, "home")
    yield from scan_receipt(app, ask_token, shoot)  # works offline too: the ask is here
    yield from press(app, "receipt")
    yield from on(app, "followup")
    yield from type_digits(app, number.replace("-", ""))
    yield from press(app, "next")
    yield 3
    shoot("followup_typed")
    # Walk away: the real idle check asks "Bent u er nog?" (the clock is wound forward).
    app.idle.watch._last -= app.idle.watch.timeout + 1
    yield from on(app, "idle")
    yield 5
    shoot("idle")
    yield from press(app, "go-on")
    yield from on(app, "followup")  # with the answer still there
    yield from press(app, "back")
    yield from press(app, "back")
    yield from on(app, "home")
    yield from outbox_sent(app)


def sign_in(app: Any, who: str, name: str, pin: str, shoot: Any) -> Iterator[Step]:
    """No card with me: circle, first name, PIN; ``who`` names the screenshots."""
    yield from press(app, "no-card")
    yield from on(app, "identify_name")
    if app.root.current_screen.stage == "circle":
        shoot(f"{who}_identify_circle")
        yield from press(app, "linde")
        yield 2
    shoot(f"{who}_identify_name")
    member = next((m for m in app.store.members() if m.first_name == name), None)
    if member is None:
        raise TourError(f"the central store does not know {name}; see scripts/central-dev.sh")
    yield from press(app, member.id)
    yield from on(app, "identify_pin")
    yield from type_digits(app, pin[:3])
    yield 2
    shoot(f"{who}_identify_pin")
    yield from type_digits(app, pin[3:])


def volunteer_helps(app: Any, number: str, shoot: Any, tap_to: Any) -> Iterator[Step]:
    yield from tap_to(f"ask-{number}", "board_ask")
    yield from tap_to("help", "identify", "volunteer_identify")
    yield from sign_in(app, "volunteer", DEMO_VOLUNTEER, DEMO_PIN, shoot)
    yield from on(app, "claim")
    claim = app.root.current_screen
    yield lambda: claim.state != "waiting"
    yield from receipt_done(app)
    yield 2
    shoot("claim")
    yield from tap_to("next", "member_home", "volunteer_member_home")
    yield from tap_to("jobs", "my_jobs")
    job = app.store.ask_by_number(number)
    yield from tap_to(job.id, "job")
    yield from press(app, "done")
    yield lambda: app.root.current_screen.state == "done"
    yield 2
    shoot("job_done")
    yield from press(app, "stop")
    yield from on(app, "home")


def scan(app: Any, text: str) -> Iterator[Step]:
    """What a USB scanner does: the whole text as fast keystrokes, then Enter."""
    from kivy.core.window import Window

    def burst() -> bool:
        for char in text:
            Window.dispatch("on_textinput", char)
        Window.dispatch("on_key_down", 13, 40, "\r", [])
        return True  # a step that is done once called

    yield burst
    yield 2


def scan_receipt(app: Any, token: str, shoot: Any) -> Iterator[Step]:
    from kiosk.printer import followup_url

    yield from scan(app, followup_url(app.services.config.central.followup_base, token))
    yield from on(app, "followup")
    yield 3
    shoot("followup")
    if app.root.current_screen.target("thank") is not None:  # after the volunteer's help
        yield from press(app, "thank")
        yield 3
    yield from press(app, "stop")
    yield from on(app, "home")


def verbinder_looks(app: Any, number: str, shoot: Any, tap_to: Any) -> Iterator[Step]:
    yield from tap_to("volunteer", "identify", "verbinder_identify")
    yield from sign_in(app, "verbinder", DEMO_VERBINDER, VERBINDER_PIN, shoot)
    yield from on(app, "member_home")
    shoot("verbinder_member_home")
    yield from press(app, "verbinder")
    yield from on(app, "verbinder")
    verbinder = app.root.current_screen
    yield lambda: verbinder.state != "loading"
    yield 3
    shoot("verbinder")
    yield from tap_to(f"ask-{number}", "verbinder_ask")  # the Demo ask, with the phone to call
    yield from press(app, "next")  # "Gebeld": noted at the central store, then back
    yield from on(app, "verbinder")
    yield lambda: verbinder.state == "shown"
    yield 3
    shoot("verbinder_called")
    yield from press(app, "next")  # print the circle's list for the fridge
    yield 3
    yield from press(app, "stop")


TOUR_TIMEOUT = 900.0  # the whole tour, on a slow machine under load; each wait has its own bound
SYNC_WAIT = 15.0  # seconds the tour waits for the central store before it leaves it pending


def outbox_sent(app: Any) -> Generator[Step, None, None]:
    """With a central store: wait, bounded, until what the tour saved has been sent."""
    if app.services.sync is None:
        return
    deadline = time.monotonic() + SYNC_WAIT
    app.sync_status.kick()
    yield lambda: (app.synced and app.online and app.pending == 0) or time.monotonic() > deadline
    yield 2


def run_demo(app: Any, out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    record = TourRecord(out)
    drive(app, lambda running: visit(running, record), timeout=TOUR_TIMEOUT)
    saved = [path for path in record.shots if path.is_file()]
    print(f"Demo tour done: {len(saved)} screenshots in {out.resolve()}", file=sys.stderr)
    if len(saved) != len(record.shots):
        print(f"Demo: {len(record.shots) - len(saved)} screenshots were not saved", file=sys.stderr)
        return 1
    central = app.services.config.central
    report = app.sync_status.last
    if report is not None:
        print(f"Sync with {central.url}: {report.summary()}", file=sys.stderr)
    elif central.enabled:
        print(
            "Sync: no answer from the central store yet; changes wait for `buurtkiosk sync`",
            file=sys.stderr,
        )
    if central.enabled and record.followup_token:
        from kiosk.printer import followup_url

        address = followup_url(central.followup_base, record.followup_token)
        print(f"The Demo request as its QR code opens it on a phone: {address}", file=sys.stderr)
    printer = app.services.printer
    if printer is not None and printer.receipts_dir is not None:
        print(
            f"Receipts from the printer emulator: {printer.receipts_dir.resolve()}", file=sys.stderr
        )
    return 0
