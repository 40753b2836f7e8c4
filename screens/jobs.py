"""'Mijn klussen': what this volunteer picked up here, and for each: done, give back, slip.

A job is also opened by scanning the QR code on its helper slip, without card or PIN: the slip
itself shows the volunteer has it in hand.
"""

from __future__ import annotations

from typing import Any

from kivy.properties import StringProperty

from kiosk.domain import CATEGORY_BY_CODE, Ask, AskStatus
from screens.flow import FlowScreen
from screens.widgets import Choice, load_kv

load_kv(__file__)


def job_line(ask: Ask, tr: Any) -> str:
    return f"{ask.number}: {tr(CATEGORY_BY_CODE[ask.category].label)}, {ask.when.describe()}"


class MyJobsScreen(FlowScreen):
    def refresh(self) -> None:
        tr = self.kiosk.tr
        member = self.kiosk.member
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
        self.kiosk.job_id = key
        self.kiosk.go("job")


class JobScreen(FlowScreen):
    state = StringProperty("")  # "" | done | released

    def on_pre_enter(self, *_args: Any) -> None:
        self.state = ""
        super().on_pre_enter()

    def job(self) -> Ask | None:
        return self.kiosk.store.ask(self.kiosk.job_id) if self.kiosk.job_id else None

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
                Choice("done", tr("It is done"), "check-bold"),
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
        if ask is None or self.kiosk.busy:
            return
        store = self.kiosk.store
        member = self.kiosk.member  # None when the job was opened by its slip's QR code
        volunteer = member.id if member is not None else None
        self.kiosk.in_background(
            lambda: store.ask_action(ask.id, action, volunteer),
            lambda _ask: self._acted(action),
            self.action_failed,
        )

    def _acted(self, action: str) -> None:
        self.state = "done" if action == "done" else "released"
        self.kiosk.kick_sync()
        self.refresh()

    def reprint(self) -> None:
        if self.kiosk.job_id:
            self.kiosk.print_helper_slip(self.kiosk.job_id)
            self.ids.message.text = self.kiosk.tr("Your helper slip is being printed.")

    def proceed(self) -> None:
        if not self.state:
            super().proceed()  # 'Meer' through the buttons
        elif self.kiosk.member:
            self.kiosk.go("member_home")
        else:
            self.kiosk.stop_visit()
