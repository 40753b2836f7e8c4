"""How a controller answers the person at the screen: in her language, in the bar or over the screen."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Feedback:
    """What printing and read-aloud need to say something; the app makes one for both."""

    lang: Callable[[], str]  # the language on screen now
    tr: Callable[[str], str]  # a text in that language
    notify: Callable[[str], None]  # a notice in the bar ("Ik lees voor…"); "" clears it
    show_error: Callable[[str], None]  # what to do, over the screen on show
