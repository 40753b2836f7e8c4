"""'Ik heb een bon': how is my request doing? Scan the receipt's QR code, or type its number.

Scanned, the receipt proves it is yours: stop the request, say it is done, say thank you, or
print the receipt again. Typed, the number is only seven digits, so it shows the status but
changes nothing (anyone could type a number they saw).
"""

from __future__ import annotations

from kivy.properties import BooleanProperty

from kiosk.domain import CALLBACK, CATEGORY_BY_CODE, Ask, AskStatus, who_calls
from kiosk.i18n import N_
from screens.flow import FlowScreen
from screens.keypads import Keypad  # noqa: F401 (built by this screen's kv rule)
from screens.tiles import Choice
from screens.widgets import load_kv

load_kv(__file__)

STATUS_TEXT = {
    AskStatus.OPEN: N_("Nobody has picked it up yet."),
    AskStatus.CLAIMED: N_("Someone is going to help you."),
    AskStatus.DONE: N_("This help has been given."),
    AskStatus.CANCELLED: N_("This request was cancelled."),
}
# What each button does to the ask, and from which statuses it is offered.
ACTIONS = {
    "done": (AskStatus.CLAIMED,),
    "thank": (AskStatus.CLAIMED, AskStatus.DONE),
    "reprint": tuple(AskStatus),
    "cancel": (AskStatus.OPEN, AskStatus.CLAIMED),
}
LABELS = {
    "done": (N_("It worked out"), "check-bold"),
    "thank": (N_("Say thank you"), "hand-heart"),
    "reprint": (N_("Receipt again"), "printer"),
    "cancel": (N_("Withdraw my request"), "stop-circle"),
}


class FollowupScreen(FlowScreen):
    typed = ""
    showing_result = BooleanProperty(False)
    confirming_cancel = BooleanProperty(False)

    def forget(self) -> None:
        super().forget()
        self.typed = ""
        self.ids.result.text = ""
        self.ids.shown.text = ""
        self.showing_result = False
        self.confirming_cancel = False

    def refresh(self) -> None:
        tr = self.kiosk.tr
        self.step = ""
        self.next_icon = "chevron-right"
        self.next_neutral = False
        scanned = self.kiosk.visit.scanned_receipt
        if scanned is not None:
            self.show_scanned(*scanned)
            return
        self.title = tr("Type the number on your receipt")
        self.show_next = not self.showing_result
        self.next_text = ""
        self._actions(None)
        self._show()

    def _show(self) -> None:
        digits = self.typed
        self.ids.shown.text = digits if len(digits) <= 3 else f"{digits[:3]}-{digits[3:]}"

    def key(self, key: str) -> None:
        if key == "back":
            self.typed = self.typed[:-1]
        elif len(self.typed) < 7:
            self.typed += key
        self._show()

    def proceed(self) -> None:
        if self.showing_result:
            super().proceed()  # 'Meer' through the buttons
            return
        tr = self.kiosk.tr
        ask = self.kiosk.store.ask_by_number(self.typed)
        if ask is None:
            self.show_error(
                tr(
                    "We do not know this number. Look at your receipt again, or ask someone for help."
                )
            )
            return
        self.ids.result.text = (
            self.describe(ask)
            + "\n"
            + tr("To change your request, hold the code on your receipt under the scanner.")
        )
        self.showing_result = True
        self.show_next = False

    def show_scanned(self, ask: Ask, _token: str) -> None:
        tr = self.kiosk.tr
        self.title = tr("Request {number}").format(number=ask.number)
        self.ids.result.text = self.describe(ask, with_number=False)
        self.showing_result = True
        self._actions(ask)

    def _actions(self, ask: Ask | None) -> None:
        """The buttons the receipt's status allows; 'Meer' in the bar if they do not fit."""
        tr = self.kiosk.tr
        grid = self.ids.grid
        grid.selected_keys = []
        grid.choices = [
            Choice(
                action,
                tr("Yes, withdraw it")
                if action == "cancel" and self.confirming_cancel
                else tr(LABELS[action][0]),
                LABELS[action][1],
            )
            for action, allowed in ACTIONS.items()
            if ask is not None and ask.status in allowed
        ]
        if ask is not None:
            self.update_bar()

    def choose(self, action: str) -> None:
        if action == "reprint":
            self.reprint()
        else:
            self.act(action)

    def act(self, action: str) -> None:
        scanned = self.kiosk.visit.scanned_receipt
        if scanned is None or self.kiosk.still_busy():
            return
        if action == "cancel" and not self.confirming_cancel:
            self.confirming_cancel = True  # a second tap on the same place confirms
            self.refresh()
            return
        ask, token = scanned
        store = self.kiosk.store
        self.kiosk.background.run(
            lambda: store.ask_action(ask.id, action, receipt_token=token),
            lambda new: self._acted(new, token, action),
            self.action_failed,
        )

    def _acted(self, ask: Ask, token: str, action: str) -> None:
        tr = self.kiosk.tr
        self.confirming_cancel = False
        self.kiosk.visit.scanned_receipt = (ask, token)
        self.kiosk.sync_status.kick()
        self.refresh()
        said = {
            "cancel": tr("Your request has been withdrawn."),
            "done": tr("Good to hear it worked out!"),
            "thank": tr("Your thank-you has been passed on."),
        }[action]
        self.ids.result.text = f"{said}\n{self.ids.result.text}"

    def reprint(self) -> None:
        scanned = self.kiosk.visit.scanned_receipt
        if scanned is not None:
            self.kiosk.printing.reprint_receipt(*scanned)
            self.ids.result.text = self.kiosk.tr("Your receipt is being printed again.")

    def describe(self, ask: Ask, with_number: bool = True) -> str:
        tr = self.kiosk.tr
        what = f"{tr(CATEGORY_BY_CODE[ask.category].label)}, {ask.when.describe()}."
        if with_number:
            what = f"{ask.number}: {what}"
        status = tr(STATUS_TEXT[ask.status])
        if ask.status is AskStatus.OPEN:  # who will call, in the receipt's words
            kind = "callback" if ask.category == CALLBACK else "ask"
            circle = self.kiosk.store.circle(ask.circle)
            status = f"{status} {who_calls(circle, tr, kind=kind).calls}"
        return f"{what}\n{status}"

    def back(self) -> None:
        if self.showing_result and self.ids.grid.previous_page():
            return
        if self.showing_result and self.kiosk.visit.scanned_receipt is None:
            self.ids.result.text = ""
            self.showing_result = False
            self.refresh()
        else:
            self.kiosk.visit.scanned_receipt = None
            self.forget()  # leaving: the next person starts with an empty keypad
            super().back()
