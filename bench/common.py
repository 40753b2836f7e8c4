"""What the benchmarks share: a headless Kivy environment and the results table they write."""

from __future__ import annotations

import os
import platform
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path


def headless_kivy() -> None:
    """Kivy quiet, on SDL's offscreen driver (real GL on llvmpipe), before Kivy is imported."""
    os.environ.setdefault("KIVY_NO_ARGS", "1")
    os.environ.setdefault("KIVY_NO_CONSOLELOG", "1")
    os.environ.setdefault("KIVY_NO_FILELOG", "1")
    os.environ.setdefault("KIVY_LOG_MODE", "PYTHON")
    os.environ.setdefault("KIVY_WINDOW", "sdl2")
    os.environ.setdefault("SDL_VIDEODRIVER", "offscreen")
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")


def write_table(
    path: Path, setting: str, header: Sequence[str], rows: Sequence[Sequence[str]]
) -> str:
    """The measured figures as a Markdown table, under a line saying where and how."""
    lines = [
        f"Measured {datetime.now():%Y-%m-%d %H:%M} on {platform.machine()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}, {setting}",
        "",
        "| " + " | ".join(header) + " |",
        "|" + "---|" * len(header),
        *("| " + " | ".join(row) + " |" for row in rows),
    ]
    text = "\n".join(lines) + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return text
