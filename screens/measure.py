"""How wide a text is drawn, so layouts can make room for the words they show."""

from __future__ import annotations

import re
from typing import Any

from kivy.core.text import Label as CoreLabel


def text_width(text: str, font_size: float, bold: bool = False) -> float:
    label = CoreLabel(text=text, font_size=font_size, font_name="Body", bold=bold)
    label.refresh()
    return float(label.content_width)


def tile_width(text: str, kiosk: Any, _font_px: float = 0.0) -> float:
    """Width of a one-line tile with a pictogram: the word on one line, at least 20 mm.

    kv passes ``app.font_px`` as the third argument only so the rule re-runs on "Groter".
    """
    icon = kiosk.font_px * 1.4  # the pictogram is drawn at 1.3 em
    padding = kiosk.px_mm * 7  # Target: 1.5 mm padding each side, 1.5 mm spacing twice, slack
    return float(max(kiosk.target_px, text_width(text, kiosk.font_px, bold=True) + icon + padding))


def line_height(font_size: float) -> float:
    """Height of one line of body text as Kivy draws it (ascent to descent, about 1.24 em)."""
    label = CoreLabel(text="Ag", font_size=font_size, font_name="Body", bold=True)
    label.refresh()
    return float(label.content_height)


def bar_words(text: str, font_size: float, bar_height: float) -> str:
    """A bar button's words on two balanced lines when there are several and two lines fit."""
    words = text.split()
    if len(words) < 2 or 2 * line_height(font_size) > bar_height:
        return text
    splits = [(" ".join(words[:i]), " ".join(words[i:])) for i in range(1, len(words))]
    first, second = min(
        splits,
        key=lambda s: max(text_width(s[0], font_size, True), text_width(s[1], font_size, True)),
    )
    return f"{first}\n{second}"


def bar_width(words: str, font_size: float, px_mm: float) -> float:
    """Width of a bar button; 2 px so that rounding never wraps a word.

    One line (pictogram above): 1 mm padding each side. Two lines: 1 mm padding, pictogram
    (0.9 em), 1 mm, the widest line, 1 mm (the empty tick's spacing), 1 mm padding."""
    lines = words.split("\n")
    widest = max(text_width(line, font_size, bold=True) for line in lines)
    if len(lines) == 1:
        return float(px_mm * 2 + widest + 2)
    return float(font_size * 0.9 + px_mm * 4 + widest + 2)


NO_BREAK_SPACE = "\u00a0"


def numbers_unbroken(text: str) -> str:
    """A phone number ("06 1234 5678") never breaks over two lines: the spaces between its
    digit groups become no-break spaces (read aloud and copied they are plain spaces)."""
    return re.sub(r"(?<=\d) (?=\+?\d)", NO_BREAK_SPACE, text)


def number_font(number: str, width: float, body_px: float, biggest: float = 2.2) -> float:
    """The font size that shows ``number`` on one line in ``width``: up to ``biggest`` times
    the body text, never smaller than it (8 characters fit every panel at that size)."""
    if not number or width <= 1:
        return body_px * biggest
    room = (width - 2) / text_width(number, body_px, bold=True)
    return body_px * max(1.0, min(biggest, room))


SMALLEST_CAP_MM = 4.8  # PRODUCT: body text never below this cap height
CAP_RATIO = 0.668  # theme.CAP_RATIO (Atkinson Hyperlegible)
# (text size, line height) to try in turn until a text fits its box; the ink of a line is
# 1.12 em of its 1.33 em box, so lines may come a little closer without touching
TIGHTER = ((1.0, 1.0), (1.0, 0.92), (0.0, 0.92), (0.0, 0.86))


def fit_text(label: Any, font_px: float, px_mm: float) -> None:
    """Give ``label`` the body text size if all its lines fit its box, else lines a little
    closer and the text down to 4.8 mm cap height, never smaller (the 7" panels)."""
    if label.width <= 1 or not label.text:
        return
    smallest = SMALLEST_CAP_MM * px_mm / CAP_RATIO
    for scale, spacing in TIGHTER:
        font = max(smallest, font_px * scale) if scale else smallest
        core = CoreLabel(
            text=label.text,
            font_size=font,
            font_name=label.font_name,
            bold=label.bold,
            text_size=(label.width, None),
            line_height=spacing,
        )
        core.refresh()
        if core.content_height <= label.height:
            break
    label.font_size, label.line_height = font, spacing
