"""``buurtkiosk-central``: run the central store and look after its kiosks and circles.

    buurtkiosk-central serve --db sqlite:///var/central.sqlite3 --host 127.0.0.1 --port 8700 \\
        --public-url https://buurtkiosk.example.nl [--retention-days 30] [--workers 2]
    buurtkiosk-central add-kiosk --db URL --name kiosk-1 [--buurthuis "De Brink"]
    buurtkiosk-central revoke-kiosk --db URL --name kiosk-1
    buurtkiosk-central list-kiosks --db URL
    buurtkiosk-central add-circle --db URL --buurthuis "De Brink" --code noord --name Noord \\
        --verbinder-name Els --verbinder-phone 0612345678
    buurtkiosk-central list-circles --db URL [--buurthuis NAME]
    buurtkiosk-central add-member --db URL --buurthuis "De Brink" [--circle noord] \\
        --first-name Sanne --phone 0612345678 [--street Dorpsstraat --house-number 12] \\
        [--verbinder] [--pin 246810]
    buurtkiosk-central reset-pin --db URL --member ID [--pin 246810]
    buurtkiosk-central revoke-member --db URL --member ID
    buurtkiosk-central list-members --db URL [--buurthuis NAME]
    buurtkiosk-central erase-expired --db URL [--retention-days 30]
    buurtkiosk-central migrate --db URL

Every command needs the database: ``--db URL`` or ``$BUURTKIOSK_CENTRAL_DB``. Without either it
refuses with one line and exit status 2, rather than quietly making a new ./var/central.sqlite3
(whose kiosk tokens the real server would not know).
``add-kiosk`` prints the new device token as its last line; it is shown only this once.
``add-member`` prints the member id, the card's text (for ``BKLID-…`` QR printing) and, when
no ``--pin`` was given, a generated PIN; the store keeps only hashes. ``list-members`` never
shows phone numbers, addresses, cards or PINs.
"""

from __future__ import annotations

import argparse
import os
import sys
import threading
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from kiosk import domain
from kiosk.central.db import make_engine, migrate
from kiosk.central.service import DEFAULT_RETENTION, CentralStore

DB_ENV = "BUURTKIOSK_CENTRAL_DB"
NO_DATABASE = (
    "buurtkiosk-central: which database? Give --db URL (sqlite:///file or postgresql://…) "
    f"or set {DB_ENV}."
)
DEFAULT_BUURTHUIS = "buurthuis"


def open_store(url: str, retention_days: float | None = None, public_url: str = "") -> CentralStore:
    engine = make_engine(url)
    migrate(engine)
    retention = timedelta(days=retention_days) if retention_days is not None else DEFAULT_RETENTION
    return CentralStore(engine, retention=retention, public_url=public_url)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="buurtkiosk-central", description="The Buurtkiosk central store."
    )
    commands = parser.add_subparsers(dest="command", required=True)

    def command(name: str, help_text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text)
        sub.add_argument(
            "--db",
            default=None,
            help=f"database URL: sqlite:///file or postgresql://… (default: ${DB_ENV})",
        )
        return sub

    serve = command("serve", "run the HTTP service")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8700)
    serve.add_argument("--public-url", default="", help="base URL printed in QR codes")
    serve.add_argument("--retention-days", type=float, default=DEFAULT_RETENTION.days)
    serve.add_argument(
        "--kiosk-rate",
        type=float,
        default=10.0,
        help="requests per second one kiosk may make (429 beyond)",
    )
    serve.add_argument("--kiosk-burst", type=float, default=100.0)
    serve.add_argument(
        "--workers", type=int, default=1, help="uvicorn worker processes (SQLite copes too)"
    )
    serve.add_argument(
        "--erase-every",
        type=float,
        default=3600.0,
        help="seconds between runs of the erasure of expired personal data",
    )
    add = command("add-kiosk", "register a kiosk and print its device token")
    add.add_argument("--name", required=True)
    add.add_argument("--buurthuis", default=DEFAULT_BUURTHUIS)
    revoke = command("revoke-kiosk", "stop a kiosk's token from working (a stolen kiosk)")
    revoke.add_argument("--name", required=True)
    command("list-kiosks", "list kiosks, their buurthuis and whether they are revoked")
    circle = command("add-circle", "add or change a circle of a buurthuis")
    circle.add_argument("--buurthuis", default=DEFAULT_BUURTHUIS)
    circle.add_argument("--code", required=True)
    circle.add_argument("--name", required=True)
    circle.add_argument("--verbinder-name", required=True)
    circle.add_argument("--verbinder-phone", required=True)
    circles = command("list-circles", "list circles")
    circles.add_argument("--buurthuis")
    member = command("add-member", "register a volunteer or verbinder; prints card and PIN")
    member.add_argument("--buurthuis", default=DEFAULT_BUURTHUIS)
    member.add_argument("--circle")
    member.add_argument("--first-name", required=True)
    member.add_argument("--phone", required=True)
    member.add_argument("--street")
    member.add_argument("--house-number")
    member.add_argument("--verbinder", action="store_true", help="the circle's verbinder")
    member.add_argument("--pin", help="6 digits; generated and printed when left out")
    reset = command("reset-pin", "set a new PIN and unlock it after too many wrong tries")
    reset.add_argument("--member", required=True)
    reset.add_argument("--pin", help="6 digits; generated and printed when left out")
    revoke_member = command("revoke-member", "stop a member's card, PIN and sessions")
    revoke_member.add_argument("--member", required=True)
    members = command("list-members", "list members (no phone numbers, cards or PINs)")
    members.add_argument("--buurthuis")
    erase = command("erase-expired", "erase personal data of requests closed long enough ago")
    erase.add_argument("--retention-days", type=float, default=DEFAULT_RETENTION.days)
    command("migrate", "create or upgrade the database schema")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    args.db = args.db or os.environ.get(DB_ENV)
    if not args.db:
        print(NO_DATABASE, file=sys.stderr)
        return 2
    if args.command == "serve":
        return _serve(args)
    store = open_store(args.db, getattr(args, "retention_days", None))
    if args.command == "add-kiosk":
        token = store.add_kiosk(args.name, args.buurthuis)
        print(f"Kiosk {args.name} added to {args.buurthuis}. Its device token (shown once):")
        print(token)
    elif args.command == "revoke-kiosk":
        if not store.revoke_kiosk(args.name):
            print(f"No active kiosk named {args.name}.", file=sys.stderr)
            return 1
        print(f"Kiosk {args.name} revoked.")
    elif args.command == "list-kiosks":
        for name, home, revoked in store.kiosks():
            print(f"{name}\t{home}\t{'revoked' if revoked else 'active'}")
    elif args.command == "add-circle":
        store.add_circle(
            args.buurthuis, args.code, args.name, args.verbinder_name, args.verbinder_phone
        )
        print(f"Circle {args.code} saved in {args.buurthuis}.")
    elif args.command == "list-circles":
        for row in store.circles(args.buurthuis):
            print("\t".join(row))
    elif args.command in ("add-member", "reset-pin", "revoke-member", "list-members"):
        return _members(store, args)
    elif args.command == "erase-expired":
        print(f"Erased personal data of {store.erase_expired()} closed requests.")
        print(f"Compacted {store.compact_changes()} superseded changes.")
    elif args.command == "migrate":
        print("Schema is up to date.")
    return 0


def _members(store: CentralStore, args: argparse.Namespace) -> int:
    try:
        if args.command == "add-member":
            role = domain.Role.VERBINDER if args.verbinder else domain.Role.VOLUNTEER
            added = store.add_member(
                args.buurthuis,
                args.first_name,
                args.phone,
                circle=args.circle,
                street=args.street,
                house_number=args.house_number,
                role=role,
                pin=args.pin,
            )
            print(f"Member {added.id} added to {args.buurthuis} as {role.value}.")
            print(f"Card (print as QR code): {domain.MEMBER_CARD_PREFIX}{added.card_token}")
            if args.pin is None:
                print(f"PIN (shown once): {added.pin}")
        elif args.command == "reset-pin":
            pin = store.reset_pin(args.member, args.pin)
            if pin is None:
                print(f"No active member {args.member}.", file=sys.stderr)
                return 1
            print(f"PIN of {args.member} reset; tries cleared.")
            if args.pin is None:
                print(f"PIN (shown once): {pin}")
        elif args.command == "revoke-member":
            if not store.revoke_member(args.member):
                print(f"No active member {args.member}.", file=sys.stderr)
                return 1
            print(f"Member {args.member} revoked: card, PIN and sessions stop working.")
        else:
            for row in store.members(args.buurthuis):
                print(
                    "\t".join(
                        (
                            row.id,
                            row.buurthuis,
                            row.circle or "-",
                            row.first_name,
                            row.role,
                            row.state,
                        )
                    )
                )
    except ValueError as error:
        message = error.message if isinstance(error, domain.ValidationError) else str(error)
        print(f"Not saved: {message}", file=sys.stderr)
        return 2
    return 0


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    from kiosk.central.app import create_app
    from kiosk.central.middleware import RateLimiter

    store = open_store(args.db, args.retention_days, args.public_url)
    stop = threading.Event()

    def erase_loop() -> None:
        while not stop.wait(args.erase_every):
            store.erase_expired()
            store.compact_changes()

    store.erase_expired()
    store.compact_changes()
    threading.Thread(target=erase_loop, name="erase-expired", daemon=True).start()
    # access_log off: follow-up URLs carry capability tokens and must not reach the logs.
    if args.workers > 1:
        os.environ.update(
            {
                DB_ENV: args.db,
                "BUURTKIOSK_PUBLIC_URL": args.public_url,
                "BUURTKIOSK_RETENTION_DAYS": str(args.retention_days),
                "BUURTKIOSK_KIOSK_RATE": str(args.kiosk_rate),
                "BUURTKIOSK_KIOSK_BURST": str(args.kiosk_burst),
            }
        )
        uvicorn.run(
            "kiosk.central.cli:app_from_environment",
            factory=True,
            workers=args.workers,
            host=args.host,
            port=args.port,
            access_log=False,
            log_level="warning",
        )
        stop.set()
        return 0
    uvicorn.run(
        create_app(store, RateLimiter(args.kiosk_rate, args.kiosk_burst)),
        host=args.host,
        port=args.port,
        access_log=False,
        log_level="warning",
    )
    stop.set()
    return 0


def app_from_environment() -> Any:
    """The app for one of several worker processes (``serve --workers N``)."""
    from kiosk.central.app import create_app
    from kiosk.central.middleware import RateLimiter

    url = os.environ.get(DB_ENV)
    if not url:
        raise SystemExit(NO_DATABASE)
    store = open_store(
        url,
        float(os.environ.get("BUURTKIOSK_RETENTION_DAYS", DEFAULT_RETENTION.days)),
        os.environ.get("BUURTKIOSK_PUBLIC_URL", ""),
    )
    limiter = RateLimiter(
        float(os.environ.get("BUURTKIOSK_KIOSK_RATE", 10.0)),
        float(os.environ.get("BUURTKIOSK_KIOSK_BURST", 100.0)),
    )
    return create_app(store, limiter)


if __name__ == "__main__":
    sys.exit(main())
