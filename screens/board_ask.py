"""One open request from the board, in a sentence, with 'Ik help'.

Still public: no phone, no full name. Only after 'Ik help', the volunteer's card or PIN and the
central store's yes does the claimer's kiosk print the asker's contact on a helper slip.
"""

from __future__ import annotations

from kiosk.domain import CATEGORY_BY_CODE
from screens.widgets import KioskScreen, load_kv

load_kv(__file__)


class BoardAskScreen(KioskScreen):
    def refresh(self) -> None:
        tr = self.kiosk.tr
        ask = self.kiosk.visit.chosen_ask
        self.step = ""
        self.show_next = False
        if ask is None:
            self.title = tr("Open requests")
            self.ids.sentence.text = ""
            return
        self.title = tr("Request {number}").format(number=ask.number)
        circle = self.kiosk.store.circle(ask.circle)
        what = tr(CATEGORY_BY_CODE[ask.category].label)
        lines = [
            tr("{initial} asks for help: {what}, {when}.").format(
                initial=ask.initial, what=what.lower(), when=ask.when.describe()
            ),
            tr("Circle {circle}.").format(circle=circle.name) if circle else "",
            tr("Waiting since today.")
            if ask.days_open == 0
            else tr("Waiting for {n} days.").format(n=ask.days_open),
        ]
        self.ids.sentence.text = "\n".join(line for line in lines if line)

    def help(self) -> None:
        """'Ik help': who are you (card or PIN), then claim through the central store."""
        ask = self.kiosk.visit.chosen_ask
        if ask is not None:
            self.kiosk.identity.identify_then("claim")
