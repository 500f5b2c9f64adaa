"""The `actieplan` subcommands of the evaluation workflow: eval and diff (promote, rollback: assistant/cli/plan.py)."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import Any

from evals.errors import EvalError
from evals.gate import DEFAULT_TOLERANCE
from evals.gold import DEFAULT_GOLD, GOLD_TODAY
from foundation.settings import Settings

DEFAULT_OUT = Path("var/eval")


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError("verwacht een datum als 2027-01-08") from exc


def _ratio(text: str) -> float:
    value = float(text)
    if not 0 <= value <= 1:
        raise argparse.ArgumentTypeError("verwacht een getal tussen 0 en 1")
    return value


def cmd_eval(args: argparse.Namespace, settings: Settings) -> int:
    """Run the gold suite, write report.md/report.json, print the figures; 1 when the gate fails."""
    from evals.gold import load_gold
    from evals.report import display_path, load_report, write_report
    from evals.report_md import overall_lines
    from evals.suite import evaluate, make_target

    if args.against and args.index != "live":
        raise EvalError("--against met --index", user_message="--index geldt enkel zonder --against.")
    questions = load_gold(args.gold)
    baseline = load_report(args.baseline) if args.baseline else None
    report = evaluate(
        make_target(settings, args.against, args.index, today=args.today),
        questions,
        gold_label=display_path(args.gold),
        baseline=baseline,
        baseline_label=display_path(args.baseline) if args.baseline else "",
        tolerance=args.tolerance,
        settings=settings,
        progress=not args.no_progress,
    )
    report.reason = args.reason
    json_path, md_path = write_report(report, args.out)
    asked_on = f"gesteld op {args.today.isoformat()}" if not args.against else "gesteld op de datum van de dienst"
    print(f"{len(questions)} vragen, {asked_on}")
    print("\n".join(overall_lines(report)))
    print(f"Rapport: {md_path} en {json_path}")
    if settings.llm_base_url and not args.against:
        # The same questions with the configured LLM phrasing the answers, beside the grounded figures.
        from assistant.llm.writer import build_writer
        from evals.targets import local_index

        llm_report = evaluate(
            local_index(settings, args.index, writer=build_writer(settings), today=args.today),
            questions,
            gold_label=display_path(args.gold),
            settings=settings,
            progress=not args.no_progress,
        )
        llm_json, llm_md = write_report(llm_report, args.out / "llm")
        print("LLM-modus (" + (settings.llm_model or "?") + "):")
        print("\n".join(overall_lines(llm_report)))
        print(f"Rapport: {llm_md} en {llm_json}")
    failed = False
    if report.gate is not None:
        print("\n".join(report.gate.summary_lines()))
        failed = not report.gate.passed
    pass_rate = report.summary.overall.get("pass_rate") or 0.0
    if args.fail_under is not None and pass_rate < args.fail_under:
        print(f"Slaagpercentage {pass_rate:.3f} onder de ondergrens {args.fail_under}", file=sys.stderr)
        failed = True
    return 1 if failed else 0


def cmd_diff(args: argparse.Namespace, settings: Settings) -> int:
    """Print what changed between two plan files (text or PDF), as Dutch text or JSON."""
    from evals.plan_diff import diff_files, render_text
    from foundation.errors import IngestError

    try:
        diff = diff_files(args.old, args.new)
    except IngestError as exc:
        # IngestError's own message speaks of a failed ingest; here only a file could not be read.
        raise EvalError(exc.detail, user_message=f"Plan kon niet gelezen worden: {exc.detail}") from exc
    sys.stdout.write(diff.model_dump_json(indent=1) + "\n" if args.json else render_text(diff))
    return 0


def cmd_parses(args: argparse.Namespace, settings: Settings) -> int:
    """The gold questions' readings beside the parse golden file (evals/parses.py); --write writes it anew."""
    from evals.parses import show_or_write

    return show_or_write(args, settings)


def eval_options(p: argparse.ArgumentParser, out: Path) -> None:
    """The options shared by `eval` and `promote`: gold questions, tolerance, output folder, progress."""
    p.add_argument("--gold", type=Path, default=DEFAULT_GOLD, help="JSONL-bestand of map met gold-vragen")
    p.add_argument(
        "--tolerance",
        type=_ratio,
        default=DEFAULT_TOLERANCE,
        help=f"toegelaten daling van een cijfer t.o.v. de baseline ({DEFAULT_TOLERANCE})",
    )
    p.add_argument("--out", type=Path, default=out, help=f"map voor report.md en report.json (standaard {out})")
    p.add_argument("--no-progress", action="store_true", help="geen voortgangsbalk")


def register(sub: Any) -> None:
    """Add the eval and diff subcommands to the `actieplan` parser."""

    p = sub.add_parser("eval", help="evalueer de assistent op de gold-vragen")
    eval_options(p, DEFAULT_OUT)
    p.add_argument("--against", metavar="URL", help="een draaiende dienst (POST /api/ask) i.p.v. in-process")
    p.add_argument("--baseline", type=Path, help="eerder report.json: faal bij een daling boven de tolerantie")
    p.add_argument("--index", choices=["live", "staged"], default="live", help="welke index-versie (in-process)")
    p.add_argument("--fail-under", type=_ratio, metavar="RATIO", help="faal als het totale slaagpercentage lager is")
    p.add_argument(
        "--today",
        type=_iso_date,
        default=GOLD_TODAY,
        metavar="DATUM",
        help=f"de dag waarop de vragen gesteld worden (standaard {GOLD_TODAY.isoformat()}, de dag waartegen de "
        "gold-vragen over 'nu' nagekeken zijn)",
    )
    p.add_argument("--reason", default="", help="waarom dit rapport de nieuwe baseline wordt (make baseline REASON=…)")
    p.set_defaults(func=cmd_eval)

    p = sub.add_parser("parses", help="de lezingen van de gold-vragen naast het golden bestand")
    p.add_argument("--write", action="store_true", help="schrijf het golden bestand opnieuw (na nazicht)")
    p.set_defaults(func=cmd_parses)

    p = sub.add_parser("diff", help="verschillen tussen twee versies van het plan (tekst of PDF)")
    p.add_argument("old", type=Path, metavar="OUD", help="de vorige versie van het plan")
    p.add_argument("new", type=Path, metavar="NIEUW", help="de nieuwe versie van het plan")
    p.add_argument("--json", action="store_true", help="JSON voor scripts")
    p.set_defaults(func=cmd_diff)
