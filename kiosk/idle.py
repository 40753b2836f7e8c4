"""When has the person walked away? Plain logic on an injectable clock, so tests can fast-forward.

After ``timeout`` seconds without a touch the kiosk asks "Bent u er nog?" for ``ask_for``
seconds (WCAG 2.2.1: at least 20 s to answer with one simple action); with no answer it forgets
everything and goes home. A touch at any time starts the count again.
"""

from __future__ import annotations

import enum
import time
from collections.abc import Callable

MIN_ASK_SECONDS = 20.0


class IdleState(enum.StrEnum):
    ACTIVE = "active"
    ASKING = "asking"  # show "Bent u er nog?"
    EXPIRED = "expired"  # clear everything, go home


class IdleWatch:
    def __init__(
        self,
        timeout: float = 90.0,
        ask_for: float = 30.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if timeout <= 0:
            raise ValueError("the idle timeout must be positive")
        self.timeout = timeout
        self.ask_for = max(MIN_ASK_SECONDS, ask_for)
        self.clock = clock
        self._last = clock()

    def touched(self) -> None:
        self._last = self.clock()

    def idle_for(self) -> float:
        return max(0.0, self.clock() - self._last)

    def state(self) -> IdleState:
        idle = self.idle_for()
        if idle < self.timeout:
            return IdleState.ACTIVE
        if idle < self.timeout + self.ask_for:
            return IdleState.ASKING
        return IdleState.EXPIRED

    def seconds_left(self) -> int:
        """Seconds until everything is cleared, while asking."""
        return max(0, round(self.timeout + self.ask_for - self.idle_for()))
