"""'Lees voor': a screen's text spoken in a child process, "Ik lees voor…" shown while it speaks."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kivy.clock import Clock

if TYPE_CHECKING:
    from screens.controllers.feedback import Feedback
    from screens.services import Services


class ReadAloud:
    """Speaks through the services' speaker (tests swap it, so it is looked up each time)."""

    def __init__(self, services: Services, feedback: Feedback) -> None:
        self.services = services
        self.feedback = feedback
        self._watch: Any = None

    def read(self, text: str) -> None:
        speaker = self.services.speaker
        if not speaker.say(text, self.feedback.lang()):
            self.feedback.show_error(
                self.feedback.tr("Reading aloud does not work on this kiosk. Please ask someone.")
            )
            return
        self.feedback.notify(self.feedback.tr("Reading aloud…"))

        def watch(_dt: float) -> bool | None:
            if speaker.speaking:
                return None
            self.feedback.notify("")
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
