"""Start the real app offscreen (real GL, real pixels) and drive it with real touches."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.config import Config, Panel, load_circles

SCREENSHOTS = Path(__file__).resolve().parents[2] / "out" / "screenshots"
PANELS = {"7": Panel(800, 480, 7), "10": Panel(1280, 800, 10.1)}


@pytest.fixture
def make_app(tmp_path):
    """Build a KioskApp on a fresh database, with the window sized like the panel."""
    from kivy.core.window import Window

    from screens.app import KioskApp, configure_window
    from screens.services import build_services

    built = []

    def make(panel: Panel = PANELS["7"], lang: str = "nl", **changes) -> KioskApp:
        config = Config(
            database=tmp_path / f"kiosk{len(built)}.db", panel=panel, language=lang, **changes
        )
        configure_window(config)
        Window.size = (panel.width, panel.height)
        services = build_services(config, load_circles(config.circles))
        app = KioskApp(services)
        built.append(services)
        return app

    yield make
    for services in built:
        services.close()  # the database, the print worker and an emulator it started
