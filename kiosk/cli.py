"""The ``buurtkiosk`` command line: flags and config file into one Config, and its commands.

Flags override the config file; a bad one raises :class:`ConfigError`, which the command
(``screens.launcher``, which starts the window) prints as one clear line with exit status 2.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

from kiosk import config as configuration
from kiosk.config import Config, ConfigError
from kiosk.i18n import LANGUAGES

COMMANDS = ("sync", "rejected", "restore-backup")


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="buurtkiosk",
        description="Buurtkiosk: neighbours ask for and offer help at a touch screen.",
    )
    p.add_argument("--config", type=Path, help="TOML config file")
    p.add_argument("--db", type=Path, help="the kiosk's SQLite file")
    p.add_argument("--lang", choices=LANGUAGES, help="language of the screens (default nl)")
    p.add_argument("--fullscreen", action="store_true", default=None, help="fill the screen")
    p.add_argument(
        "--screen",
        metavar="WxH@INCHES",
        help='the panel, e.g. 800x480@7 (7" Pi display) or 1280x800@10.1',
    )
    p.add_argument(
        "--printer",
        metavar="PORT|emulator|none",
        help="serial port of the receipt printer, the emulator, or none",
    )
    p.add_argument("--baud", type=int, help="printer baud rate (default 19200)")
    p.add_argument(
        "--receipts",
        type=Path,
        metavar="DIR",
        help="where the printer emulator writes its receipt images",
    )
    p.add_argument(
        "--demo",
        type=Path,
        metavar="DIR",
        help="run the scripted tour and write a screenshot of every screen to DIR",
    )
    p.add_argument("--central", metavar="URL", help="the central store to sync with")
    p.add_argument("--token", help="this kiosk's device token (better: --token-file)")
    p.add_argument(
        "--token-file", type=Path, metavar="FILE", help="a file holding this kiosk's device token"
    )
    p.add_argument(
        "--public-url",
        metavar="URL",
        help="where the receipt's QR code points (default: the central store)",
    )
    p.add_argument(
        "--forget",
        action="store_true",
        help="with 'rejected': delete the listed rejected changes afterwards",
    )
    p.add_argument(
        "--from",
        dest="backup_dir",
        type=Path,
        metavar="DIR",
        help="with 'restore-backup': the folder of the nightly backups",
    )
    p.add_argument(
        "command",
        nargs="?",
        choices=COMMANDS,
        help="sync: one round with the central store, without the screen; "
        "rejected: list the changes the central store refused; "
        "restore-backup: put the newest good backup in place of a damaged database",
    )
    return p


def settings(args: argparse.Namespace) -> Config:
    config = configuration.load(args.config)
    changes: dict[str, object] = {}
    if args.db is not None:
        changes["database"] = args.db
    if args.receipts is not None:
        changes["receipts"] = args.receipts
    if args.lang is not None:
        changes["language"] = configuration.check_language(args.lang)
    if args.fullscreen:
        changes["fullscreen"] = True
    if args.screen is not None:
        changes["panel"] = configuration.parse_panel(args.screen)
    if args.baud is not None and args.baud <= 0:
        raise ConfigError(f"--baud {args.baud}: a positive number such as 19200")
    changes["printer"] = config.printer.with_args(args)
    central = config.central
    if args.central is not None:
        central = replace(central, url=args.central)
    if args.token is not None:
        central = replace(central, token=args.token)
    if args.token_file is not None:
        central = replace(central, token_file=str(args.token_file))
    if args.public_url is not None:
        central = replace(central, public_url=args.public_url)
    if central.url and not central.device_token():
        raise ConfigError("--central needs this kiosk's token: --token-file FILE or --token T")
    changes["central"] = central
    return config.with_changes(**changes)


def sync_once(config: Config) -> int:
    """``buurtkiosk sync``: one push and pull round, then a line saying what happened."""
    if not config.central.enabled:
        print(
            "buurtkiosk: sync needs --central URL (or [central] url in the config)", file=sys.stderr
        )
        return 2
    from kiosk.store import LocalStore, StoreUnusable
    from kiosk.sync import run_sync_round

    try:
        store = LocalStore.open(config.database)
    except StoreUnusable as error:  # damaged, unreadable or read-only: one line, no traceback
        print(f"buurtkiosk: {error}", file=sys.stderr)
        return 2
    try:
        report = run_sync_round(store, config.central.url, config.central.device_token())
    finally:
        store.close()
    print(report.summary())
    return 0 if report.online else 1


def operator_command(args: argparse.Namespace, config: Config) -> int:
    """``rejected`` and ``restore-backup`` (see :mod:`kiosk.repair`): the exit status."""
    from kiosk import repair

    if args.command == "rejected":
        return repair.rejected_command(config.database, forget=args.forget)
    if args.backup_dir is None:
        print("buurtkiosk: restore-backup needs --from DIR (the backups folder)", file=sys.stderr)
        return 2
    return repair.restore_command(config.database, args.backup_dir)
