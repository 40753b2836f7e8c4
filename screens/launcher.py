"""``buurtkiosk``: the kiosk's window, the scripted tour (``--demo DIR``) or an operator command.

The flags and the config file are read by the core (:mod:`kiosk.cli`); this module only starts
what they ask for. Kivy is imported only when the window is really wanted, so ``buurtkiosk
sync`` and a bad flag never load it.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk import PROJECT_ROOT, cli
from kiosk.config import Config, ConfigError, circles_for

if TYPE_CHECKING:
    from screens.app import KioskApp


def kivy_environment(headless: bool) -> None:
    """Quiet, predictable Kivy; set before the first kivy import."""
    os.environ.setdefault("KIVY_NO_ARGS", "1")
    os.environ.setdefault("KIVY_NO_CONSOLELOG", "1")
    os.environ.setdefault("KIVY_NO_FILELOG", "1")
    os.environ.setdefault("KIVY_LOG_MODE", "PYTHON")
    os.environ.setdefault("KIVY_WINDOW", "sdl2")
    os.environ.setdefault("KIVY_HOME", str(PROJECT_ROOT / ".kivyhome"))
    if not (Path(os.environ["KIVY_HOME"]) / "config.ini").exists():
        # No config.ini (a fresh checkout, `make run`): Kivy would warn "Older configuration
        # version detected (0 instead of 27)" and "Upgrading configuration" while it writes
        # its defaults there. The kiosk sets what it needs itself (configure_window), so Kivy
        # runs on its defaults without the file; a kiosk installed by deploy/ has its own.
        os.environ.setdefault("KIVY_NO_CONFIG", "1")
    if headless:
        os.environ.setdefault("SDL_VIDEODRIVER", "offscreen")
        os.environ.setdefault("SDL_AUDIODRIVER", "dummy")


def has_display() -> bool:
    return (
        bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
        or os.environ.get("SDL_VIDEODRIVER") == "kmsdrm"
    )


def main(argv: Sequence[str] | None = None) -> int:
    args = cli.parser().parse_args(argv)
    try:
        config = cli.settings(args)
        circles = circles_for(config)
    except ConfigError as error:
        print(f"buurtkiosk: {error}", file=sys.stderr)
        return 2
    if args.command == "sync":
        return cli.sync_once(config)
    if args.command is not None:
        return cli.operator_command(args, config)
    kivy_environment(headless=args.demo is not None and not has_display())
    return run(config, circles, demo_dir=args.demo)


def kiosk_app(config: Config, circles: list[dict[str, str]]) -> KioskApp:
    """The kiosk's App, its window set up; it opens its services once Home is drawn."""
    from kivy.core.window import Window  # Kivy starts here, not before

    from screens.app import KioskApp, configure_window
    from screens.services import Services

    configure_window(config)
    Window.size = (config.panel.width, config.panel.height)
    return KioskApp(Services(config, circles))


def run(config: Config, circles: list[dict[str, str]], demo_dir: Path | None = None) -> int:
    """Open the window and run the kiosk (or its scripted tour) until it stops."""
    app = kiosk_app(config, circles)
    try:
        if demo_dir is not None:
            from screens.demo import run_demo

            return run_demo(app, demo_dir)
        app.run()
        return 0
    finally:
        app.services.close()


if __name__ == "__main__":
    sys.exit(main())
