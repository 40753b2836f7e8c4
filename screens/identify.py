"""Who is the volunteer? Their member card under the scanner, or their name and a 6-digit PIN.

The card is read anywhere (see :mod:`screens.controllers.scanning`); this screen only says what
to do. Without a card: pick your circle, then your first name (names only, no other data), then
the PIN on a big keypad. The central store counts wrong PINs for that member across every
kiosk: it asks to wait after three and locks the PIN after ten, so guessing at two kiosks gains
nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kivy.properties import StringProperty

from kiosk.domain import MemberName
from screens.flow import FlowScreen
from screens.keypads import Keypad  # noqa: F401 (built by this screen's kv rule)
from screens.tiles import Choice
from screens.widgets import KioskScreen, load_kv

load_kv(__file__)

PIN_LENGTH = 6
NO_CIRCLE = "none"


class IdentifyScreen(KioskScreen):
    def refresh(self) -> None:
        tr = self.kiosk.tr
        self.title = tr("Who are you?")
        self.step = ""
        self.show_next = False
        if self.kiosk.services.config.central.enabled:
            self.ids.hint.text = tr("Hold your member card under the scanner.")
        else:
            self.ids.hint.text = tr(
                "Helpers cannot sign in at this kiosk yet. Please ask the connector."
            )

    def no_card(self) -> None:
        self.kiosk.nav.go("identify_name")


class IdentifyNameScreen(FlowScreen):
    """First the circle, then the first name: at most a dozen names on a page."""

    stage = "circle"
    circle: str | None = None
    members: tuple[MemberName, ...] = ()

    def on_pre_enter(self, *_args: object) -> None:
        self.stage, self.circle = "circle", None
        self.members = tuple(self.kiosk.store.members())  # read once a visit
        super().on_pre_enter()

    def circles(self) -> set[str]:
        return {m.circle or NO_CIRCLE for m in self.members}

    def refresh(self) -> None:
        tr = self.kiosk.tr
        self.step = ""
        store = self.kiosk.store
        members = self.members
        circles = self.circles()
        if self.stage == "circle" and len(circles) <= 1:
            self.stage, self.circle = "name", next(iter(circles), None)
        grid = self.ids.grid
        grid.selected_keys = []
        if self.stage == "circle":
            self.title = tr("Which circle are you in?")
            names = {c.code: c.name for c in store.circles()}
            grid.choices = [
                Choice(code, names.get(code, code), "account-group")
                for code in sorted(circles - {NO_CIRCLE}, key=lambda c: names.get(c, c))
            ] + ([Choice(NO_CIRCLE, tr("No circle"), "account")] if NO_CIRCLE in circles else [])
        else:
            self.title = tr("What is your first name?")
            wanted = None if self.circle == NO_CIRCLE else self.circle
            grid.choices = [
                Choice(m.id, m.first_name, "account")
                for m in members
                if m.circle == wanted or self.circle is None
            ]
        if not members:
            self.show_error(tr("There are no helpers known at this kiosk yet. Ask the connector."))
        grid.page = 0
        self.update_bar()

    def choose(self, key: str) -> None:
        if self.stage == "circle":
            self.stage, self.circle = "name", key
            self.refresh()
            return
        self.kiosk.visit.pin_member = next((m for m in self.members if m.id == key), None)
        self.kiosk.nav.go("identify_pin")

    def back(self) -> None:
        if self.ids.grid.previous_page():
            return
        if self.stage == "name" and self.circle is not None and len(self.circles()) > 1:
            self.stage = "circle"
            self.refresh()
        else:
            self.kiosk.nav.back()


class IdentifyPinScreen(KioskScreen):
    dots = StringProperty("")

    def forget(self) -> None:
        super().forget()
        self.typed = ""
        self.dots = ""

    def refresh(self) -> None:
        tr = self.kiosk.tr
        member = self.kiosk.visit.pin_member
        self.title = (
            tr("{name}, type your PIN").format(name=member.first_name)
            if member
            else tr("Type your PIN")
        )
        self.step = ""
        self.show_next = False
        self.typed = ""
        self._show()

    def _show(self) -> None:
        self.dots = " ".join("•" if i < len(self.typed) else "–" for i in range(PIN_LENGTH))

    def key(self, key: str) -> None:
        if self.kiosk.calling:
            return
        if key == "back":
            self.typed = self.typed[:-1]
        elif len(self.typed) < PIN_LENGTH:
            self.typed += key
        self._show()
        if len(self.typed) == PIN_LENGTH:
            self._check()

    def _check(self) -> None:
        member = self.kiosk.visit.pin_member
        client = self.kiosk.services.central_now
        pin, self.typed = self.typed, ""
        if member is None:
            return
        self.dots = self.kiosk.tr("One moment…")
        self.kiosk.background.call_central(
            lambda: client().identify_pin(member.id, pin), self._answered, self._failed
        )

    def _answered(self, result: Any) -> None:
        self._show()
        answer_identify(self, result)

    def _failed(self, error: BaseException) -> None:
        self._show()
        self.show_error(
            busy_message(self.kiosk.tr)
            if is_busy(error)
            else self.kiosk.tr(
                "The kiosk cannot check this now. Try again later, or use your member card."
            )
        )


def is_busy(error: BaseException) -> bool:
    """The central store answered "too many at once" (429): busy, not "no connection"."""
    from kiosk.sync import CentralBusy

    return isinstance(error, CentralBusy)


def busy_message(tr: Callable[[str], str]) -> str:
    return tr("It is busy right now. Please try again in a moment.")


def answer_identify(screen: KioskScreen, result: Any) -> None:
    """Go on as the member, or say plainly what to do (wait, ask the verbinder)."""
    tr = screen.kiosk.tr
    if result.result == "ok" and result.member is not None:
        screen.kiosk.identity.identified(result.member, result.session or "")
    elif result.result == "wrong":
        message = tr("This PIN is not right.")
        if result.wait_seconds:
            message += " " + tr("Wait {n} seconds, then try again.").format(
                n=int(result.wait_seconds)
            )
        elif result.tries_left is not None:
            message += " " + tr("You can try {n} more times.").format(n=result.tries_left)
        screen.show_error(message)
    elif result.result == "wait":
        screen.show_error(
            tr("Wait {n} seconds, then try again.").format(n=int(result.wait_seconds or 1))
        )
    elif result.result == "locked":
        picked = screen.kiosk.visit.pin_member
        circle = screen.kiosk.store.circle(picked.circle) if picked is not None else None
        if circle is not None:  # the verbinder by name, as everywhere
            screen.show_error(
                tr(
                    "Your PIN is blocked after too many tries. "
                    "Ask {verbinder}, the connector, to unblock it."
                ).format(verbinder=circle.verbinder_name)
            )
        else:
            screen.show_error(
                tr("Your PIN is blocked after too many tries. Ask the connector to unblock it.")
            )
    else:
        screen.show_error(tr("We do not know this card or name. Please ask the connector."))
