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
from plan_model.records import PlanDocument

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
    from evals.report import display_path, load_report, shown_path, write_report
    from evals.report_md import overall_lines
    from evals.suite import evaluate, make_target, stored_plans

    if args.against and args.index != "live":
        raise EvalError("--against met --index", user_message="--index geldt enkel zonder --against.")
    if args.out is None:
        # A staged version's report sits apart: `gold propose` and `promote` look for it there.
        args.out = DEFAULT_OUT / "staged" if args.index == "staged" else DEFAULT_OUT
    if args.baseline is None and args.index == "staged" and not args.against and args.gold == DEFAULT_GOLD:
        # A staged version is evaluated to be promoted: against the committed baseline, as promote does (with the
        # bundled gold questions only: another set has its own baseline, given with --baseline).
        from evals.suite import DEFAULT_BASELINE

        args.baseline = DEFAULT_BASELINE
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
        earlier=None if args.against else stored_plans(settings, args.index),
    )
    report.reason = args.reason
    json_path, md_path = write_report(report, args.out)
    if report.gate is not None:
        # The verdict first: what the plan's change explains, what regressed without it, and where to read more.
        report.gate.report = shown_path(md_path)
        print("\n".join(report.gate.head_lines()))
    asked_on = f"gesteld op {args.today.isoformat()}" if not args.against else "gesteld op de datum van de dienst"
    print(f"{len(questions)} vragen, {asked_on}" + (f", uit het {report.plan}" if report.plan else ""))
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
        print("\n".join(report.gate.detail_lines()))
        failed = not report.gate.passed
    pass_rate = report.summary.overall.get("pass_rate") or 0.0
    if args.fail_under is not None and pass_rate < args.fail_under:
        print(f"Slaagpercentage {pass_rate:.3f} onder de ondergrens {args.fail_under}", file=sys.stderr)
        failed = True
    return 1 if failed else 0


POINTER_WORDS = {
    "live": "live",
    "staged": "staged",
    "klaargezet": "staged",
    "previous": "previous",
    "vorige": "previous",
}


def _plan_version(name: str, settings: Settings) -> tuple[PlanDocument, str]:
    """A plan to compare: a version a pointer names ("live", "staged", "previous") or a plan file (text or PDF)."""
    from foundation.errors import IngestError
    from ingest.plan_checks import require_sound
    from ingest.plan_parser import parse_plan_file

    pointer = POINTER_WORDS.get(name.lower())
    if pointer is not None:
        from ingest.store import IndexStore

        store = IndexStore(settings)
        version = store.pointer(pointer)
        if version is None:
            hint = {"staged": "actieplan ingest --plan PAD", "live": "actieplan ingest"}.get(pointer, "")
            message = f"Er is geen versie '{name}'" + (f": voer eerst `{hint}` uit." if hint else ".")
            raise EvalError(f"geen versie {pointer}", user_message=message)
        document = store.load_records(version)
        return document, f"{name} · {document.short_name}, {document.version_label()}"
    try:
        document = parse_plan_file(Path(name))
        require_sound(document, Path(name).name)
    except IngestError as exc:
        # IngestError's own message speaks of a failed ingest; here only a file could not be read.
        raise EvalError(exc.detail, user_message=f"Plan kon niet vergeleken worden: {exc.user_message}") from exc
    return document, f"{name} · {document.short_name}, {document.version_label()}"


def cmd_diff(args: argparse.Namespace, settings: Settings) -> int:
    """Print what changed between two plans (versions or files), as Dutch text or JSON. Without arguments: the live
    version against the staged one (or, with nothing staged, the previous version against the live one)."""
    from ingest.plan_diff import diff_plans, render_text
    from ingest.store import IndexStore

    old, new = args.old, args.new
    if old is None:
        old, new = ("live", "staged") if IndexStore(settings).pointer("staged") else ("previous", "live")
    elif new is None:
        old, new = "live", old  # one plan: what it would change in the live version
    before, before_label = _plan_version(old, settings)
    after, after_label = _plan_version(new, settings)
    diff = diff_plans(before, after, before_label, after_label)
    sys.stdout.write(diff.model_dump_json(indent=1) + "\n" if args.json else render_text(diff))
    return 0


def cmd_parses(args: argparse.Namespace, settings: Settings) -> int:
    """The gold questions' readings beside the parse golden file (evals/parses.py); --write writes it anew."""
    from evals.parses import show_or_write

    return show_or_write(args, settings)


def eval_options(p: argparse.ArgumentParser, out: Path | None) -> None:
    """The options shared by `eval` and `promote`: gold questions, tolerance, output folder, progress."""
    p.add_argument("--gold", type=Path, default=DEFAULT_GOLD, help="JSONL-bestand of map met gold-vragen")
    p.add_argument(
        "--tolerance",
        type=_ratio,
        default=DEFAULT_TOLERANCE,
        help=f"toegelaten daling van een cijfer t.o.v. de baseline ({DEFAULT_TOLERANCE})",
    )
    shown = out or f"{DEFAULT_OUT}, met --index staged {DEFAULT_OUT / 'staged'}"
    p.add_argument("--out", type=Path, default=out, help=f"map voor report.md en report.json (standaard {shown})")
    p.add_argument("--no-progress", action="store_true", help="geen voortgangsbalk")


def register(sub: Any) -> None:
    """Add the eval and diff subcommands to the `actieplan` parser."""

    p = sub.add_parser("eval", help="evalueer de assistent op de gold-vragen")
    eval_options(p, None)
    p.add_argument("--against", metavar="URL", help="een draaiende dienst (POST /api/ask) i.p.v. in-process")
    p.add_argument(
        "--baseline",
        type=Path,
        help="eerder report.json: faal bij een daling boven de tolerantie (met --index staged standaard "
        "evals/baseline/report.json)",
    )
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

    p = sub.add_parser(
        "diff",
        help="verschillen tussen twee versies van het plan",
        description="Zonder argumenten: de live versie tegenover de klaargezette (of, als er niets klaargezet is, "
        "de vorige tegenover de live). Een versie is 'live', 'staged' of 'previous', of een planbestand (tekst of "
        "PDF); met één bestand: de live versie tegenover dat bestand.",
    )
    p.add_argument("old", nargs="?", metavar="OUD", help="live, staged, previous of een planbestand")
    p.add_argument("new", nargs="?", metavar="NIEUW", help="live, staged, previous of een planbestand")
    p.add_argument("--json", action="store_true", help="JSON voor scripts")
    p.set_defaults(func=cmd_diff)
