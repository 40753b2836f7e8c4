"""'Mijn klussen': what this volunteer picked up here, and for each: done, give back, slip.

A job is also opened by scanning the QR code on its helper slip, without card or PIN: the slip
itself shows the volunteer has it in hand.
"""

from __future__ import annotations

from typing import Any

from kivy.properties import StringProperty

from kiosk.domain import CATEGORY_BY_CODE, Ask, AskStatus
from screens.flow import FlowScreen
from screens.tiles import Choice
from screens.widgets import load_kv

load_kv(__file__)


def job_line(ask: Ask, tr: Any) -> str:
    return f"{ask.number}: {tr(CATEGORY_BY_CODE[ask.category].label)}, {ask.when.describe()}"


class MyJobsScreen(FlowScreen):
    def refresh(self) -> None:
        tr = self.kiosk.tr
        member = self.kiosk.identity.member
        self.title = tr("My jobs")
        self.step = ""
        jobs = self.kiosk.store.my_claims(member.id) if member else []
        grid = self.ids.grid
        grid.selected_keys = []
        grid.choices = [
            Choice(ask.id, job_line(ask, tr), CATEGORY_BY_CODE[ask.category].pictogram)
            for ask in jobs
        ]
        grid.page = 0
        self.update_bar()
        if not jobs:
            self.show_error(tr("You have no jobs at the moment. Look at the open requests."))

    def choose(self, key: str) -> None:
        self.kiosk.visit.job_id = key
        self.kiosk.nav.go("job")


class JobScreen(FlowScreen):
    state = StringProperty("")  # "" | done | released

    def on_pre_enter(self, *_args: Any) -> None:
        self.state = ""
        super().on_pre_enter()

    def job(self) -> Ask | None:
        return self.kiosk.store.ask(self.kiosk.visit.job_id) if self.kiosk.visit.job_id else None

    def refresh(self) -> None:
        tr = self.kiosk.tr
        ask = self.job()
        self.step = ""
        self.show_next = bool(self.state)
        self.next_neutral = False
        self.next_text = tr("Ready")
        self.next_icon = "home"
        if self.state == "done":
            self.title = tr("Thank you for your help!")
            self.ids.message.text = tr("The request is marked as done.")
        elif self.state == "released":
            self.title = tr("Given back")
            self.ids.message.text = tr(
                "The request is on the board again, so someone else can help."
            )
        elif ask is None or ask.status is not AskStatus.CLAIMED:
            self.title = tr("My jobs")
            self.ids.message.text = tr("This job is no longer open. Thank you!")
        else:
            self.title = tr("Request {number}").format(number=ask.number)
            what = tr(CATEGORY_BY_CODE[ask.category].label)
            self.ids.message.text = f"{what}, {ask.when.describe()}."
        open_job = not self.state and ask is not None and ask.status is AskStatus.CLAIMED
        grid = self.ids.grid
        grid.selected_keys = []
        grid.choices = (
            [
                Choice("done", tr("It has been done"), "check-bold"),
                Choice("release", tr("Give back"), "undo-variant"),
                Choice("slip", tr("Print slip"), "printer"),
            ]
            if open_job
            else []
        )
        grid.page = 0
        if open_job:
            self.update_bar()

    def choose(self, key: str) -> None:
        if key == "slip":
            self.reprint()
        else:
            self.act(key)

    def act(self, action: str) -> None:
        ask = self.job()
        if ask is None or self.kiosk.still_busy():
            return
        store = self.kiosk.store
        member = self.kiosk.identity.member  # None when the job was opened by its slip's QR code
        volunteer = member.id if member is not None else None
        # Who may do this, for the central store to check: the signed-in helper's session, or
        # the slip's token when the job was opened by scanning the slip.
        session = self.kiosk.identity.session if member is not None else None
        slip = None if member is not None else self.kiosk.visit.helper_tokens.get(ask.id)
        self.kiosk.background.run(
            lambda: store.ask_action(ask.id, action, volunteer, session=session, helper_token=slip),
            lambda _ask: self._acted(action),
            self.action_failed,
        )

    def _acted(self, action: str) -> None:
        self.state = "done" if action == "done" else "released"
        self.kiosk.sync_status.kick()
        self.refresh()

    def reprint(self) -> None:
        if self.kiosk.visit.job_id:
            job_id = self.kiosk.visit.job_id
            self.kiosk.printing.print_helper_slip(
                job_id, self.kiosk.visit.helper_tokens.get(job_id)
            )
            self.ids.message.text = self.kiosk.tr("Your helper slip is being printed.")

    def proceed(self) -> None:
        if not self.state:
            super().proceed()  # 'Meer' through the buttons
        elif self.kiosk.identity.member:
            self.kiosk.nav.go("member_home")
        else:
            self.kiosk.stop_visit()
