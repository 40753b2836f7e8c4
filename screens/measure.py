"""How wide a text is drawn, so layouts can make room for the words they show."""

from __future__ import annotations

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
