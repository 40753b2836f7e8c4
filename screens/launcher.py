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

from kiosk import PROJECT_ROOT, cli
from kiosk.config import Config, ConfigError, circles_for


def kivy_environment(headless: bool) -> None:
    """Quiet, predictable Kivy; set before the first kivy import."""
    os.environ.setdefault("KIVY_NO_ARGS", "1")
    os.environ.setdefault("KIVY_NO_CONSOLELOG", "1")
    os.environ.setdefault("KIVY_NO_FILELOG", "1")
    os.environ.setdefault("KIVY_LOG_MODE", "PYTHON")
    os.environ.setdefault("KIVY_WINDOW", "sdl2")
    os.environ.setdefault("KIVY_HOME", str(PROJECT_ROOT / ".kivyhome"))
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


def run(config: Config, circles: list[dict[str, str]], demo_dir: Path | None = None) -> int:
    """Open the window (Kivy starts here, not before) with the services opening meanwhile."""
    from kivy.core.window import Window

    from screens.app import KioskApp, configure_window
    from screens.services import build_services

    configure_window(config)
    Window.size = (config.panel.width, config.panel.height)
    services = build_services(config, circles, background=True)
    app = KioskApp(services)
    try:
        if demo_dir is not None:
            from screens.demo import run_demo

            return run_demo(app, demo_dir)
        app.run()
        return 0
    finally:
        services.close()


if __name__ == "__main__":
    sys.exit(main())
