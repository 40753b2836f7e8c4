"""Colours and physical sizes, in one place so the accessibility test and the kv agree.

Sizes are millimetres on the real panel; :class:`screens.app.KioskApp` turns them into pixels
with the panel's pixels-per-millimetre (``--screen 800x480@7``).
"""

from __future__ import annotations


def rgba(hex_colour: str, alpha: float = 1.0) -> tuple[float, float, float, float]:
    value = hex_colour.lstrip("#")
    r, g, b = (int(value[i : i + 2], 16) / 255 for i in (0, 2, 4))
    return (r, g, b, alpha)


BACKGROUND = rgba("#FFF8EC")  # warm light
TEXT = rgba("#1B1B1B")
TEXT_SOFT = rgba("#4A4A4A")
ASK = rgba("#DCEBFA")  # calm blue for asking
ASK_EDGE = rgba("#1F4E79")
WAITING = rgba("#FBE3CC")  # a request waiting too long, on the verbinder's list
OFFER = rgba("#DDF2DF")  # calm green for offering
OFFER_EDGE = rgba("#1E5631")
NEUTRAL = rgba("#ECE6DA")
NEUTRAL_EDGE = rgba("#6B5E45")
CONFIRM = rgba("#1E5631")
CONFIRM_TEXT = rgba("#FFFFFF")
STOP = rgba("#FBE0DE")  # red only for stop and errors
STOP_TEXT = rgba("#7A0E0E")
ERROR = rgba("#FBE0DE")
ERROR_TEXT = rgba("#7A0E0E")
PRESSED = rgba("#FFE08A")  # visible feedback within a frame of the finger landing
DISABLED = rgba("#F1EDE4")

TARGET_MM = 20.2  # PRODUCT: touch targets at least 20 mm both ways (0.2 mm for rounding)
GAP_MM = 6.1  # at least 6 mm between targets
MARGIN_MM = 0.4
CAP_HEIGHT_MM = 4.9  # body text cap height at least 4.8 mm
CAP_RATIO = 0.668  # Atkinson Hyperlegible: capHeight 668 / unitsPerEm 1000
LARGER = 1.25  # the "groter" switch
LARGER_AT_LEAST = 1.1  # less than this is not worth a button: no "Groter" then
LINE = 1.12  # height of one line of text, in font sizes (caps and descenders fit)
