"""The PostgreSQL schema at the CLI: `ingest` applies it, `serve` checks it, `migrate-sqlite` copies feedback."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from foundation.errors import DatabaseUnavailable
from foundation.settings import Settings


def apply_schema(settings: Settings) -> None:
    """Bring the database's schema up to date (ingest, migrate-sqlite); a no-op without ACTIEPLAN_DATABASE_URL."""
    if not settings.uses_database_server:
        return
    from assistant.stores.postgres.migrations import migrate

    before, after = migrate(settings)
    if after != before:
        print(f"Databaseschema bijgewerkt: versie {before} → {after}")


def check_schema(settings: Settings) -> None:
    """Refuse (DatabaseOutdated, in Dutch) to serve on a database whose schema is behind.

    A database that cannot be reached now is no reason not to start: questions are still answered, and the
    stores use it once it is back.
    """
    if not settings.uses_database_server:
        return
    from assistant.stores.postgres.migrations import require_current

    try:
        require_current(settings)
    except DatabaseUnavailable as exc:
        print(
            "Waarschuwing: de database (ACTIEPLAN_DATABASE_URL) is nu niet bereikbaar; de dienst start toch en "
            f"gebruikt ze zodra ze terug is. ({exc.detail})",
            file=sys.stderr,
        )


def cmd_migrate_sqlite(args: argparse.Namespace, settings: Settings) -> int:
    """Copy a host's SQLite feedback (DATA_DIR/feedback.sqlite3) into the PostgreSQL of ACTIEPLAN_DATABASE_URL."""
    from assistant.stores.postgres.copy_sqlite import copy_sqlite_feedback
    from assistant.stores.postgres.database import database_for

    if not settings.uses_database_server:
        print("Fout: zet eerst ACTIEPLAN_DATABASE_URL (postgresql://…): daarheen wordt gekopieerd.", file=sys.stderr)
        return 2
    source = Path(args.source)
    path = source / "feedback.sqlite3" if source.is_dir() else source
    if not path.is_file():
        print(f"Fout: geen feedbackbestand gevonden in {source} (verwacht: {path}).", file=sys.stderr)
        return 2
    apply_schema(settings)
    report = copy_sqlite_feedback(path, database_for(settings))
    print(
        f"Gekopieerd uit {path}: {report.answers} antwoorden en {report.feedback} beoordelingen "
        f"({report.answers_present} antwoorden en {report.feedback_present} beoordelingen stonden er al)."
    )
    return 0


def register(sub: Any) -> None:
    """Add the migrate-sqlite subcommand."""
    p = sub.add_parser(
        "migrate-sqlite",
        help="feedback van een host (SQLite) eenmalig naar PostgreSQL kopiëren",
        description="Kopieert de antwoorden en beoordelingen uit DATA_DIR/feedback.sqlite3 naar de database van "
        "ACTIEPLAN_DATABASE_URL. Een tweede keer uitvoeren kopieert niets dubbel.",
    )
    p.add_argument("--from", dest="source", required=True, metavar="DATA_DIR", help="datamap van de host (var/)")
    p.set_defaults(func=cmd_migrate_sqlite)
