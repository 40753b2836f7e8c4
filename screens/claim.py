"""'Ik help': the claim goes to the central store, which decides; then the helper slip prints.

The claim is saved here first (with its outbox event) and sync is kicked at once. The screen
waits for the central store's answer without blocking: every sync report bumps
``data_version`` and the screen looks again. Yes: print the slip with the asker's contact.
Someone else was first: say so kindly. Refused (say, the member's session had ended): say it
could not go through and to sign in again. No answer (offline): the choice is kept and will be
settled when the kiosk is connected again; the slip can then be printed from 'Mijn klussen'.
"""

from __future__ import annotations

from typing import Any

from kivy.clock import Clock
from kivy.properties import StringProperty

from kiosk.domain import CATEGORY_BY_CODE, TransitionError
from kiosk.printer.status import MESSAGES, PrinterStatus
from screens.widgets import KioskScreen, load_kv

load_kv(__file__)

PATIENCE_SECONDS = 20.0


class ClaimScreen(KioskScreen):
    state = StringProperty("")  # waiting | confirmed | lost | rejected | later | failed

    def on_kv_post(self, base_widget: Any) -> None:
        super().on_kv_post(base_widget)
        self.kiosk.bind(data_version=self._look, print_phase=self._printer)
        self.ask_id = ""
        self._timeout: Any = None

    def on_pre_enter(self, *_args: Any) -> None:
        kiosk = self.kiosk
        ask, member = kiosk.visit.chosen_ask, kiosk.identity.member
        self.state = "waiting"
        self.ask_id = ask.id if ask is not None else ""
        super().on_pre_enter()
        if ask is None or member is None:
            return
        store, session = kiosk.store, kiosk.identity.session
        kiosk.background.run(
            lambda: store.claim(ask.id, member.id, session=session), self._saved, self._failed
        )

    def _saved(self, result: tuple[Any, str]) -> None:
        _ask, token = result
        self.kiosk.visit.helper_tokens[self.ask_id] = token
        self.kiosk.sync_status.kick()
        self._timeout = Clock.schedule_once(self._give_up, PATIENCE_SECONDS)
        self._look()

    def _failed(self, error: BaseException) -> None:
        # Not open any more here: a sync round brought someone else's claim between the
        # board's rows and this tap. That is "someone else was first", said kindly.
        self.state = "lost" if isinstance(error, TransitionError) else "failed"
        self.refresh()

    def _look(self, *_args: Any) -> None:
        if self.state != "waiting" or not self.ask_id or self.kiosk.busy:
            return
        if self.ask_id in self.kiosk.sync_status.lost_claims:
            self.state = "lost"
        elif self.ask_id in self.kiosk.sync_status.refused_claims:
            self.state = "rejected"
        elif self.kiosk.printing.confirmed_slip(self.ask_id) is not None:
            self.state = "confirmed"
            self.kiosk.printing.print_helper_slip(
                self.ask_id, self.kiosk.visit.helper_tokens.get(self.ask_id)
            )
        else:
            return
        if self._timeout is not None:
            self._timeout.cancel()
        self.refresh()

    def _printer(self, *_args: Any) -> None:
        """A slip that cannot be printed: say so and where to get it later."""
        kiosk = self.kiosk
        if (
            kiosk is None
            or self.manager is None
            or self.manager.current != self.name
            or self.state != "confirmed"
            or kiosk.print_phase not in ("fault", "expired")
        ):
            return
        status = PrinterStatus(kiosk.print_status or PrinterStatus.UNKNOWN.value)
        self.ids.message.text = "\n".join(
            (
                kiosk.tr(MESSAGES[status]),
                kiosk.tr("Print your helper slip later under 'My jobs'."),
            )
        )

    def _give_up(self, _dt: float) -> None:
        if self.state == "waiting":
            self.state = "later"
            self.refresh()

    def refresh(self) -> None:
        tr = self.kiosk.tr
        ask = self.kiosk.visit.chosen_ask
        self.step = ""
        self.show_back = self.state != "waiting"
        self.show_next = self.state != "waiting"
        self.next_text = tr("Ready")
        self.next_icon = "home"
        what = tr(CATEGORY_BY_CODE[ask.category].label).lower() if ask else ""
        name = self.kiosk.member_name
        if self.state == "waiting":
            self.title = tr("One moment…")
            text = tr("We are checking that nobody else has picked this up.")
        elif self.state == "confirmed":
            self.title = tr("Thank you, {name}!").format(name=name)
            text = tr(
                "You help with {what}. Your helper slip is being printed: it has the phone "
                "number. Call to make an appointment."
            ).format(what=what)
        elif self.state == "lost":
            self.title = tr("Someone else is helping already")
            text = tr("Someone else is helping already — thank you!")
        elif self.state == "rejected":
            # The central store refused the claim (e.g. the session had ended): the ask is open
            # again here; 'Klaar' then signs out, and signing in anew gives a live session.
            self.title = tr("That could not go through")
            text = tr("Please sign in again and try once more.")
        elif self.state == "later":
            self.title = tr("Your choice is saved")
            text = tr(
                "The kiosk has no connection right now. As soon as it has, we will know if you "
                "can help. Look under 'My jobs' later for your helper slip."
            )
        else:
            self.title = tr("That did not work")
            text = tr("Please try again, or ask someone for help.")
        self.ids.message.text = text

    def proceed(self) -> None:
        if self.kiosk.identity.member and self.state != "rejected":
            self.kiosk.nav.go("member_home")
        else:
            self.kiosk.stop_visit()

    def back(self) -> None:
        self.kiosk.nav.go("board", remember=False)
