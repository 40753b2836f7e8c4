"""'Lees voor': a screen's text spoken in a child process, "Ik lees voor…" shown while it speaks."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from kivy.clock import Clock

if TYPE_CHECKING:
    from screens.services import Services


class ReadAloud:
    """Speaks through the services' speaker (tests swap it, so it is looked up each time)."""

    def __init__(
        self,
        services: Services,
        lang: Callable[[], str],
        tr: Callable[[str], str],
        notify: Callable[[str], None],
        show_error: Callable[[str], None],
    ) -> None:
        self.services = services
        self.lang = lang
        self.tr = tr
        self.notify = notify
        self.show_error = show_error
        self._watch: Any = None

    def read(self, text: str) -> None:
        speaker = self.services.speaker
        if not speaker.say(text, self.lang()):
            self.show_error(
                self.tr("Reading aloud does not work on this kiosk. Please ask someone.")
            )
            return
        self.notify(self.tr("Reading aloud…"))

        def watch(_dt: float) -> bool | None:
            if speaker.speaking:
                return None
            self.notify("")
            return False

        self.close()
        self._watch = Clock.schedule_interval(watch, 0.2)

    def stop(self) -> None:
        """Stop speaking (a tap, another screen)."""
        self.services.speaker.stop()

    def close(self) -> None:
        if self._watch is not None:
            self._watch.cancel()
            self._watch = None
