"""'Bent u er nog?': shown after a while without a touch, with a sound; one big button goes on.

With no answer the kiosk forgets everything and shows Home (see :class:`kiosk.idle.IdleWatch`).
"""

from __future__ import annotations

from screens.widgets import KioskScreen, load_kv

load_kv(__file__)


class IdleScreen(KioskScreen):
    def refresh(self) -> None:
        tr = self.kiosk.tr
        self.title = tr("Are you still there?")
        self.step = ""
        self.show_back = False
        self.show_next = False
        self.show_stop = True
        self.countdown(self.kiosk.idle.watch.seconds_left())

    def countdown(self, seconds: int) -> None:
        self.ids.message.text = self.kiosk.tr(
            "Tap the button to go on. Otherwise the kiosk starts again in {n} seconds."
        ).format(n=seconds)

    def go_on(self) -> None:
        self.kiosk.idle.resume()
