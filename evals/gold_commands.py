"""`actieplan gold propose` and `gold accept`: the gold questions after a plan update (see evals/gold_update.py)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from evals.gold import DEFAULT_GOLD
from foundation.settings import Settings

STAGED_REPORT = Path("var/eval/staged/report.json")


def cmd_propose(args: argparse.Namespace, settings: Settings) -> int:
    """Write proposals for the gold questions whose answer follows from the plan's diff; print where they are."""
    from evals.gold_update import propose, write_proposals
    from evals.report import load_report

    report = load_report(args.report)
    proposals = propose(report, args.gold)
    target = args.out or Path(args.report).parent / "gold-voorstel.jsonl"
    if not proposals:
        print("Geen voorstellen: geen enkele vraag faalt door de planwijziging.")
        return 0
    markdown = write_proposals(proposals, target)
    files = sorted({p.file for p in proposals})
    print(f"{len(proposals)} voorstellen voor vragen in {len(files)} bestanden ({', '.join(files)}).")
    print(f"Lees ze na: {markdown}")
    print(f"Niet akkoord met een voorstel? Sla het over: actieplan gold accept {target} --skip ID …")
    print(f"Alles overnemen: actieplan gold accept {target}")
    return 0


def cmd_accept(args: argparse.Namespace, settings: Settings) -> int:
    """Write the proposals into the gold files; 1 when some could not be applied."""
    from evals.gold_update import FIELDS, accept

    applied, skipped = accept(args.proposals, args.gold, tuple(args.skip))
    for proposal in applied:
        changes = [
            f"{field} {', '.join(proposal.before.get(field, [])) or '(leeg)'} → "
            f"{', '.join(proposal.after.get(field, [])) or '(leeg)'}"
            for field in FIELDS
            if proposal.before.get(field, []) != proposal.after.get(field, [])
        ]
        print(f"{proposal.id} ({proposal.file}): {'; '.join(changes)}")
    print(f"{len(applied)} gouden vragen bijgewerkt in {args.gold}.")
    if args.skip:
        print(f"Overgeslagen zoals gevraagd: {', '.join(args.skip)}.")
    for reason in skipped:
        print(f"niet overgenomen: {reason}")
    if applied:
        print("Evalueer opnieuw: actieplan eval --index staged")
    return 1 if skipped else 0


def register(sub: Any) -> None:
    """Add `gold propose` and `gold accept`."""
    gold = sub.add_parser("gold", help="gouden vragen bijwerken na een planupdate")
    actions = gold.add_subparsers(
        dest="gold_command", required=True, metavar="ACTIE", help="propose: voorstellen maken; accept: overnemen"
    )
    p = actions.add_parser(
        "propose",
        help="stel nieuwe verwachtingen voor bij de vragen die door de planwijziging falen",
        description="Leest het rapport van `actieplan eval --index staged` en schrijft voorstellen (JSONL en "
        "Markdown) voor elke vraag waarvan het antwoord uit de planwijziging volgt.",
    )
    p.add_argument("--report", type=Path, default=STAGED_REPORT, help=f"report.json (standaard {STAGED_REPORT})")
    p.add_argument("--gold", type=Path, default=DEFAULT_GOLD, help="map met de gouden vragen")
    p.add_argument("--out", type=Path, help="voorstellenbestand (standaard gold-voorstel.jsonl naast het rapport)")
    p.set_defaults(func=cmd_propose)
    p = actions.add_parser("accept", help="neem nagekeken voorstellen over in evals/gold/")
    p.add_argument("proposals", type=Path, metavar="VOORSTELLEN", help="het .jsonl-bestand van gold propose")
    p.add_argument("--skip", nargs="+", default=[], metavar="ID", help="neem de voorstellen voor deze vragen niet over")
    p.add_argument("--gold", type=Path, default=DEFAULT_GOLD, help="map met de gouden vragen")
    p.set_defaults(func=cmd_accept)
