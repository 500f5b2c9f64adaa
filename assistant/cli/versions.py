"""`actieplan status`, `promote` and `rollback`: which plan versions there are, and switching the one that serves."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

from foundation.errors import VersionError
from foundation.settings import Settings
from plan_model.records import PlanDocument

ROLE_NAMES = {"live": "Live", "staged": "Klaargezet", "previous": "Vorige"}
HOW_NAMES = {
    "ingest": "ingelezen",
    "promote": "gepromoveerd na de evaluatie",
    "promote --force": "gepromoveerd zonder evaluatie, met --force",
    "rollback": "teruggezet met rollback",
}


def describe(document: PlanDocument) -> str:
    """ "Actieplan 2025, versie van 12 september 2025" for a version's records."""
    return f"{document.short_name}, {document.version_label()}"


def counts_line(document: PlanDocument) -> str:
    """ "59 acties (KP 18, BW 12, BT 14, BM 15), 15 doelstellingen"."""
    counts = ", ".join(f"{code} {count}" for code, count in document.domain_counts().items())
    return f"{len(document.actions)} acties ({counts}), {len(document.objectives)} doelstellingen"


def _moment(epoch: float) -> str:
    return time.strftime("%Y-%m-%d %H:%M", time.localtime(epoch)) if epoch else "onbekend"


def cmd_status(args: argparse.Namespace, settings: Settings) -> int:
    """Print the live, staged and previous versions (or the plan file of one, for make eval)."""
    from ingest.plan_files import plan_file_of
    from ingest.store import IndexStore
    from ingest.versions import version_status

    store = IndexStore(settings)
    found = version_status(store, ("live", "staged", "previous", "previous_plan"))
    if args.plan_file:
        return _print_plan_file(args.plan_file, found, settings)
    if args.earlier_plan_file:
        # The plan a version replaced: the previous plan for the live one, the live one for a staged one.
        role = "previous_plan" if args.earlier_plan_file == "live" else "live"
        earlier = next((s for s in found if s.role == role), None)
        print(plan_file_of(settings, earlier.document) or "" if earlier is not None else "")
        return 0
    found = [s for s in found if s.role != "previous_plan"]
    if args.json:
        rows = [
            {
                "role": s.role,
                "version": s.pointer.version,
                "plan": describe(s.document),
                "plan_date": s.document.plan_date,
                "plan_file": s.document.plan_file or s.document.source,
                "actions": len(s.document.actions),
                "per_domain": s.document.domain_counts(),
                "objectives": len(s.document.objectives),
                "since": s.pointer.at,
                "how": s.pointer.how,
            }
            for s in found
        ]
        print(json.dumps(rows, ensure_ascii=False, indent=1))
        return 0
    by_role = {s.role: s for s in found}
    if "live" not in by_role:
        print("Live: geen versie; lees het plan in met `actieplan ingest`.")
    for role in ("live", "staged", "previous"):
        status = by_role.get(role)
        if status is None:
            if role != "live":
                print(f"{ROLE_NAMES[role]}: geen")
            continue
        document, pointer = status.document, status.pointer
        print(f"{ROLE_NAMES[role]}: {pointer.version} · {describe(document)}")
        kept = plan_file_of(settings, document)
        print(f"  plan: {document.plan_file or document.source}" + ("" if kept else " (niet meer te vinden)"))
        print(f"  {counts_line(document)}")
        since = {"live": "live sinds", "staged": "klaargezet op", "previous": "vervangen op"}[role]
        print(f"  {since} {_moment(pointer.at)} ({HOW_NAMES.get(pointer.how, pointer.how or 'onbekend')})")
    if "staged" in by_role:
        print("Volgende stap: actieplan diff, actieplan eval --index staged, dan actieplan promote.")
    return 0


def _print_plan_file(role: str, found: list[Any], settings: Settings) -> int:
    """The plan file of the live or staged version; the configured plan when nothing was ingested yet."""
    from ingest.plan_files import plan_file_of

    status = next((s for s in found if s.role == role), None)
    if status is None:
        if role == "staged":
            raise VersionError("geen staged versie", user_message="Er is geen klaargezette versie.")
        print(f"(nog geen live versie: het plan uit de instellingen, {settings.plan_path})", file=sys.stderr)
        print(settings.plan_path)
        return 0
    path = plan_file_of(settings, status.document)
    if path is None:
        raise VersionError(
            "plan niet gevonden",
            user_message=f"Het plan van de {ROLE_NAMES[role].lower()} versie is niet meer te vinden.",
        )
    print(path)
    return 0


def cmd_promote(args: argparse.Namespace, settings: Settings) -> int:
    """Make the staged version live when its evaluation passes the gate (or with --force)."""
    from evals.report import display_path, load_report
    from evals.suite import EvalGate
    from ingest.store import IndexStore
    from ingest.versions import promote

    gate = None
    if not args.force:
        gate = EvalGate(
            baseline=load_report(args.baseline),
            baseline_label=display_path(args.baseline),
            gold=args.gold,
            tolerance=args.tolerance,
            out_dir=args.out,
            progress=not args.no_progress,
        )
    switch = promote(settings, gate, force=args.force)
    if not switch.changed:
        print(f"Versie {switch.live} is al live; niets te doen.")
        return 0
    if switch.verdict is not None:
        print("\n".join(switch.verdict.summary_lines()))
    store = IndexStore(settings)
    print(
        f"Live: {switch.live} · {describe(store.load_records(switch.live))}"
        + (" — zonder evaluatie (--force)" if args.force else "")
    )
    if switch.previous:
        print(f"Vorige: {switch.previous} (terug met `actieplan rollback`)")
    print("De dienst schakelt binnen enkele seconden om; herstarten is niet nodig.")
    if switch.pruned:
        print(f"Opgeruimd: {', '.join(switch.pruned)}")
    return 0


def cmd_rollback(args: argparse.Namespace, settings: Settings) -> int:
    """Make the previous version live again."""
    from ingest.store import IndexStore
    from ingest.versions import rollback

    switch = rollback(settings)
    store = IndexStore(settings)
    print(f"Live: {switch.live} · {describe(store.load_records(switch.live))}")
    if switch.previous:
        print(f"Vorige: {switch.previous} (nog eens `actieplan rollback` zet die weer live)")
    return 0


def register(sub: Any) -> None:
    """Add the status, promote and rollback subcommands."""
    from evals.commands import DEFAULT_OUT, eval_options
    from evals.suite import DEFAULT_BASELINE

    p = sub.add_parser("status", help="welke versies van het plan er zijn: live, klaargezet, vorige")
    p.add_argument("--json", action="store_true", help="JSON voor scripts")
    p.add_argument(
        "--plan-file",
        choices=["live", "staged"],
        help="print alleen het planbestand van die versie (voor make eval en make baseline)",
    )
    p.add_argument(
        "--earlier-plan-file",
        choices=["live", "staged"],
        help="print alleen het planbestand van het plan dat die versie vervangt (leeg als er geen is)",
    )
    p.set_defaults(func=cmd_status)

    p = sub.add_parser("promote", help="zet de klaargezette versie live als haar evaluatie slaagt")
    eval_options(p, DEFAULT_OUT / "staged")
    p.add_argument("--baseline", type=Path, default=DEFAULT_BASELINE, help="report.json om mee te vergelijken")
    p.add_argument(
        "--force",
        action="store_true",
        help="live zetten zonder evaluatie: alleen als je het rapport gelezen hebt en weet waarom de poort faalt",
    )
    p.set_defaults(func=cmd_promote)

    p = sub.add_parser("rollback", help="zet de vorige versie opnieuw live")
    p.set_defaults(func=cmd_rollback)
