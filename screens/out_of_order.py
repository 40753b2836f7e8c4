"""'De kiosk doet het even niet': the one screen a kiosk with an unusable database shows.

The database could not be opened (damaged, or it cannot be written): nobody can start an ask,
offer or claim here. The screen says so in plain words and to ask someone of the buurthuis;
the operator restores a backup with ``buurtkiosk restore-backup``. The app keeps running
(a crash would make systemd restart it, and with ``StartLimitAction=reboot`` reboot the Pi
over and over).
"""

from __future__ import annotations

from screens.widgets import KioskScreen, load_kv

load_kv(__file__)


class OutOfOrderScreen(KioskScreen):
    def refresh(self) -> None:
        tr = self.kiosk.tr
        self.title = tr("Sorry")
        self.step = ""
        self.show_back = False
        self.show_stop = False
        self.show_next = False
        self.ids.message.text = tr(
            "The kiosk is not working just now. Please ask someone from the community centre."
        )

    def back(self) -> None:
        """Nothing to go back to."""

    def stop(self) -> None:
        """Nothing to stop."""
