"""Walking away: after a while "Bent u er nog?" with a chime, then the visit is forgotten."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from kivy.clock import Clock

from kiosk import ASSETS
from kiosk.idle import IdleState, IdleWatch

if TYPE_CHECKING:
    from screens.navigation import Navigator

log = logging.getLogger(__name__)


class IdleCheck:
    """Looks at the :class:`IdleWatch` four times a second from :meth:`start` to :meth:`stop`.

    ``at_rest`` says whether the kiosk is as it was set up (text size, language); when the
    time is up and it is not, or a screen other than Home shows, ``start_over`` forgets the
    visit and sets the kiosk up for the next person.
    """

    def __init__(
        self,
        watch: IdleWatch,
        nav: Navigator,
        at_rest: Callable[[], bool],
        start_over: Callable[[], None],
    ) -> None:
        self.watch = watch
        self.nav = nav
        self.at_rest = at_rest
        self.start_over = start_over
        self._before = "home"  # the screen "Bent u er nog?" covers
        self._chime: Any = None
        self._timer: Any = None

    def start(self) -> None:
        self._timer = Clock.schedule_interval(self.check, 0.25)

    def stop(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def touched(self, *_args: Any) -> None:
        self.watch.touched()  # returns None: a touch goes on to the widgets

    def check(self, _dt: float = 0) -> None:
        if self.nav.manager is None:
            return
        state = self.watch.state()
        current = self.nav.current
        if state is IdleState.ASKING and current not in ("home", "idle"):
            self._before = current
            self.nav.go("idle", remember=False)
            self._play_chime()
        elif state is IdleState.ASKING and current == "idle":
            self.nav.screen.countdown(self.watch.seconds_left())
        elif state is IdleState.EXPIRED:
            self.watch.touched()
            if current != "home" or not self.at_rest():
                self.start_over()
        elif state is IdleState.ACTIVE and current == "idle":
            self.resume()

    def resume(self) -> None:
        """'Ja, ik ben er nog': back to the screen the question covered."""
        self.watch.touched()
        if self.nav.current == "idle":
            self.nav.go(self._before, remember=False)

    def _play_chime(self) -> None:
        try:
            if self._chime is None:
                from kivy.core.audio import SoundLoader

                self._chime = SoundLoader.load(str(ASSETS / "sounds" / "chime.wav")) or False
            if self._chime:
                self._chime.play()
        except Exception:  # a kiosk without sound still asks, in words on the screen
            log.warning("could not play the idle chime", exc_info=True)
