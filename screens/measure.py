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
