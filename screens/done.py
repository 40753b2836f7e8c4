"""Done: the request number very large, what happens next, and back to the start."""

from __future__ import annotations

from screens.flow import FlowScreen
from screens.widgets import load_kv

load_kv(__file__)


class DoneScreen(FlowScreen):
    part = "done"

    def refresh(self) -> None:
        tr = self.kiosk.tr
        saved = self.kiosk.last_saved
        self.step = ""
        self.show_back = False
        self.show_stop = False
        self.show_next = True
        self.next_text = tr("Ready")
        self.next_icon = "home"
        self.title = tr("It worked!")
        self.ids.number.text = saved.number if saved else ""
        if self.flow == "ask":
            self.ids.message.text = tr(
                "Your request is saved. Write down this number. The connector will call you."
            )
        else:
            self.ids.message.text = tr(
                "Thank you! Your offer is saved. Write down this number. The connector will "
                "call you."
            )

    def proceed(self) -> None:
        self.kiosk.stop_visit()
