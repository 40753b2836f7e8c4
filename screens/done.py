"""Done: the number very large, the receipt on its way, and what happens next.

The request is already saved when this screen appears. The receipt is printed by a worker;
this screen follows it through the app's ``print_phase``. A printer that is missing, offline or
out of paper never loses anything: the screen says so plainly, keeps the number large
("Schrijf dit nummer op") and offers "Opnieuw proberen".
"""

from __future__ import annotations

from typing import Any

from kivy.properties import NumericProperty

from kiosk.domain import who_calls
from kiosk.printer.status import MESSAGES, SAVED_NOT_PRINTED, PrinterStatus
from screens.flow import FlowScreen
from screens.measure import fit_text
from screens.widgets import load_kv

load_kv(__file__)


class DoneScreen(FlowScreen):
    part = "done"
    biggest = NumericProperty(2.2)  # the number, in body text sizes

    def on_kv_post(self, base_widget: Any) -> None:
        super().on_kv_post(base_widget)
        self.kiosk.bind(print_phase=self._update, print_status=self._update, lang=self._update)

    def refresh(self) -> None:
        tr = self.kiosk.tr
        saved = self.kiosk.visit.last_saved
        self.step = ""
        self.show_back = False
        self.show_stop = False
        self.show_next = True
        self.next_text = tr("Ready")
        self.next_icon = "home"
        self.ids.number.text = saved.number if saved else ""
        self._update()

    def _update(self, *_args: Any) -> None:
        if self.manager is None or self.manager.current != self.name:
            return
        tr = self.kiosk.tr
        phase = self.kiosk.print_phase
        circle, kind = self.kiosk.visit.saved_who
        calls = who_calls(circle, tr, kind=kind).calls
        if self.flow == "ask":
            saved = tr("Your request is saved.")
        else:
            saved = tr("Thank you! Your offer is saved.")
        saved_text = f"{saved} {calls}"
        self.show_stop = False
        self.biggest = 2.2
        if phase == "printing":
            self.title = tr("It worked!")
            printing = tr("Your receipt is being printed…")
            self.ids.message.text = f"{saved_text}\n{printing}"
        elif phase == "printed":
            self.title = tr("It worked!")
            take = tr("Take your receipt with you.")
            self.ids.message.text = f"{saved_text}\n{take}"
        elif phase in ("fault", "expired"):
            self.title = tr("Write down this number")
            self.biggest = 1.6  # the printer's message needs the lines on the 7" panels
            status = PrinterStatus(self.kiosk.print_status or PrinterStatus.UNKNOWN.value)
            self.ids.message.text = f"{tr(SAVED_NOT_PRINTED[self.flow])}\n{tr(MESSAGES[status])}"
            if phase == "fault":
                self.show_stop = True
                self.stop_name, self.stop_icon, self.stop_text = "retry", "printer", tr("Try again")
        else:  # no printer at this kiosk
            self.title = tr("Write down this number")
            self.ids.message.text = saved_text

    def fit_message(self) -> None:
        if self.kiosk is not None:
            fit_text(self.ids.message, self.kiosk.font_px, self.kiosk.px_mm)

    def retry(self) -> None:
        self.kiosk.printing.retry()

    def stop(self) -> None:
        """The place of "Naar het begin" holds "Opnieuw proberen" here (only while it can)."""
        if self.show_stop:
            self.retry()

    def proceed(self) -> None:
        self.kiosk.stop_visit()
