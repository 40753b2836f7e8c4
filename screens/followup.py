"""'Ik heb een bon': type the number from the receipt and see how the request is doing.

The board issue adds scanning the receipt's QR code and the actions (cancel, done, thanks).
"""

from __future__ import annotations

from kivy.properties import BooleanProperty

from kiosk.domain import CATEGORY_BY_CODE, Ask, AskStatus
from kiosk.i18n import N_
from screens.widgets import KioskScreen, load_kv

load_kv(__file__)

STATUS_TEXT = {
    AskStatus.OPEN: N_("Nobody has picked it up yet. The connector will call you."),
    AskStatus.CLAIMED: N_("Someone is going to help you."),
    AskStatus.DONE: N_("This help has been given."),
    AskStatus.CANCELLED: N_("This request was cancelled."),
}


class FollowupScreen(KioskScreen):
    typed = ""
    showing_result = BooleanProperty(False)

    def forget(self) -> None:
        super().forget()
        self.typed = ""
        self.ids.result.text = ""
        self.ids.shown.text = ""
        self.showing_result = False

    def refresh(self) -> None:
        tr = self.kiosk.tr
        self.title = tr("Type the number on your receipt")
        self.step = ""
        self.show_next = not self.showing_result
        self.next_text = ""
        self.next_icon = "chevron-right"
        self.next_neutral = False
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
        tr = self.kiosk.tr
        ask = self.kiosk.store.ask_by_number(self.typed)
        if ask is None:
            self.show_error(
                tr(
                    "We do not know this number. Look at your receipt again, or ask someone for help."
                )
            )
            return
        self.ids.result.text = self.describe(ask)
        self.showing_result = True
        self.show_next = False

    def describe(self, ask: Ask) -> str:
        tr = self.kiosk.tr
        what = tr(CATEGORY_BY_CODE[ask.category].label)
        return f"{ask.number}: {what}, {ask.when.describe()}.\n{tr(STATUS_TEXT[ask.status])}"

    def back(self) -> None:
        if self.showing_result:
            self.ids.result.text = ""
            self.showing_result = False
            self.refresh()
        else:
            self.forget()  # leaving: the next person starts with an empty keypad
            super().back()
