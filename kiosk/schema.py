"""Schema versions for deploy/upgrade.sh: which revision a release knows, and moving a kiosk
database to a revision with this release's Alembic migrations.

    python -m kiosk.schema head              the newest revision this release knows
    python -m kiosk.schema current DB        the revision the database is at
    python -m kiosk.schema migrate DB REV    upgrade ("head") or downgrade to REV

A rollback asks the *old* release for its head and lets the *new* release (whose migrations
know the way down) downgrade the database to it.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from kiosk.store.db import MIGRATIONS, alembic_config, make_engine


def head() -> str:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    revision = ScriptDirectory.from_config(config).get_current_head()
    if revision is None:
        raise RuntimeError("no migrations found")
    return revision


def current(db_path: str | Path) -> str | None:
    engine = make_engine(db_path)
    try:
        with engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    finally:
        engine.dispose()


def migrate(db_path: str | Path, revision: str = "head") -> None:
    engine = make_engine(db_path)
    try:
        config = alembic_config(engine)
        if revision == "head":
            command.upgrade(config, "head")
        else:
            # "head" of an older release may equal ours: then this changes nothing.
            command.downgrade(config, revision)
    finally:
        engine.dispose()


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args == ["head"]:
        print(head())
    elif len(args) == 2 and args[0] == "current":
        print(current(args[1]) or "base")
    elif len(args) == 3 and args[0] == "migrate":
        migrate(args[1], args[2])
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
