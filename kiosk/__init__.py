"""Buurtkiosk core: plain Python, never imports Kivy, so all of it is testable without a window."""

from pathlib import Path

__version__ = "0.1.0"

PROJECT_ROOT = Path(__file__).resolve().parent.parent
ASSETS = PROJECT_ROOT / "assets"
