"""`actieplan ingest`, `promote` and `rollback`: building index versions and switching the one that serves."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any, ClassVar, TextIO

from foundation.settings import Settings
from ingest.records import DOMAIN_ORDER


class IngestProgress:
    """Ingest progress on stderr from the first second: a live bar in a terminal, one line per step otherwise."""

    LABELS: ClassVar[dict[str, str]] = {
        "ontleden": "Plan ontleden",
        "embeddings": "Embeddings berekenen",
        "schrijven": "Wegschrijven naar Chroma",
    }

    def __init__(self, stream: TextIO = sys.stderr) -> None:
        self.stream = stream
        self.started: dict[str, float] = {}
        self.took: dict[str, float] = {}
        self.totals: dict[str, int] = {}
        self._bar: Any = None
        self._tasks: dict[str, Any] = {}
        if stream.isatty():
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
            self._bar = Progress(*columns, console=Console(file=stream), transient=True)

    def begin(self, plan: Path) -> None:
        """Say what is being read, before anything slow happens."""
        print(f"Plan lezen: {plan}", file=self.stream, flush=True)
        if self._bar is not None:
            self._bar.start()

    def __call__(self, stage: str, done: int, total: int) -> None:
        """One progress report of the pipeline: `done` of `total` in a step."""
        label = self.LABELS.get(stage, stage)
        self.totals[stage] = total
        if stage not in self.started:
            self.started[stage] = time.perf_counter()
            if self._bar is None:
                unit = f" {total} passages" if stage != "ontleden" else ""
                print(f"{label}{':' if unit else ''}{unit} …", file=self.stream, flush=True)
            else:
                self._tasks[stage] = self._bar.add_task(label, total=total)
        if self._bar is not None:
            self._bar.update(self._tasks[stage], completed=done)
        elif 0 < done < total:
            print(f"  {done}/{total}", file=self.stream, flush=True)
        if done >= total and stage not in self.took:
            self.took[stage] = time.perf_counter() - self.started[stage]

    def end(self) -> None:
        """Stop the live bar and print the time each step took."""
        if self._bar is not None:
            self._bar.stop()
        if self.took:
            labels = {stage: self.LABELS.get(stage, stage) for stage in self.took}
            steps = ", ".join(f"{labels[s][0].lower()}{labels[s][1:]} {t:.1f} s" for s, t in self.took.items())
            print(f"Stappen: {steps}", file=self.stream, flush=True)


def cmd_ingest(args: argparse.Namespace, settings: Settings) -> int:
    """Parse and index the plan (and guidance); print a summary."""
    from ingest.pipeline import run_ingest
    from ingest.plan_source import read_plan

    if args.list_links:
        from ingest.organisations import default_directory
        from ingest.plan_parser import parse_plan

        lines, _ = read_plan(args.plan or settings.plan_path)
        for link in parse_plan(lines, default_directory()).links:
            print(link)
        return 0
    from assistant.cli.database import apply_schema

    # Before the index: `make run` (ingest --if-needed) and a second host bring the shared database up to date.
    apply_schema(settings)
    if args.if_needed:
        from ingest.store import IndexStore

        if IndexStore(settings).pointer("live"):
            print("Index aanwezig; niets te doen.")
            return 0
    progress = IngestProgress()
    progress.begin(args.plan or settings.plan_path)
    try:
        report = run_ingest(settings, args.plan, args.guidance, stage=args.stage, progress=progress)
    finally:
        progress.end()
    document = report.document
    state = "ongewijzigd" if report.unchanged else f"nieuwe versie ({report.pointer})"
    print(f"Versie {report.version}: {state} in {report.seconds:.1f} s")
    if not report.unchanged:
        embedded = progress.totals.get("embeddings", 0)
        print(f"Passages: {report.nodes} ({embedded} nieuw ingebed, {report.nodes - embedded} hergebruikt)")
    counts = {code: sum(1 for a in document.actions if a.domain == code) for code in DOMAIN_ORDER}
    print(f"Acties: {len(document.actions)} (" + ", ".join(f"{k} {v}" for k, v in counts.items()) + ")")
    print(f"Doelstellingen: {len(document.objectives)}; secties: {len(document.sections)}")
    orgs = sorted({o for a in document.actions for o in a.organisations})
    print(f"Organisaties: {len(orgs)}")
    # One line per kind of warning, naming the actions it concerns.
    grouped: dict[str, list[str]] = {}
    for warning in report.warnings:
        where, _, message = warning.partition(": ") if warning[:2] in DOMAIN_ORDER else ("", "", warning)
        grouped.setdefault(message, []).append(where)
    for message, places in grouped.items():
        named = ", ".join(p for p in places if p)
        print(f"waarschuwing: {message}" + (f" ({named})" if named else ""), file=sys.stderr)
    if report.pruned:
        print(f"Opgeruimd: {', '.join(report.pruned)}")
    return 0


def cmd_promote(args: argparse.Namespace, settings: Settings) -> int:
    """Make the staged version live when its evaluation passes the gate (or with --force)."""
    from evals.report import display_path, load_report
    from evals.suite import EvalGate
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
        print(f"Rapport van de evaluatie: {args.out / 'report.md'}")
    print(
        f"Live: {switch.live} (vorige: {switch.previous or '–'})"
        + (" — zonder evaluatie (--force)" if args.force else "")
    )
    if switch.pruned:
        print(f"Opgeruimd: {', '.join(switch.pruned)}")
    return 0


def cmd_rollback(args: argparse.Namespace, settings: Settings) -> int:
    """Make the previous version live again."""
    from ingest.versions import rollback

    switch = rollback(settings)
    print(f"Live: {switch.live} (vorige: {switch.previous or '–'})")
    return 0


def register(sub: Any) -> None:
    """Add the ingest, promote and rollback subcommands."""
    from evals.commands import DEFAULT_OUT, eval_options
    from evals.suite import DEFAULT_BASELINE

    p = sub.add_parser("ingest", help="lees het actieplan (en richtlijnen) in")
    p.add_argument(
        "--plan", type=Path, metavar="PAD", help="tekst of PDF van het plan (standaard: het meegeleverde plan)"
    )
    p.add_argument(
        "--guidance",
        nargs="*",
        default=None,
        metavar="PAD_OF_URL",
        help="richtlijnen: PDF, HTML, Markdown, tekst, mappen, URL's",
    )
    p.add_argument("--list-links", action="store_true", help="toon de links die in het plan staan")
    p.add_argument(
        "--stage", action="store_true", help="bouw de nieuwe versie naast de live versie, zonder te serveren"
    )
    p.add_argument("--if-needed", action="store_true", help="alleen als er nog geen index is")
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("promote", help="zet de klaargezette versie live als haar evaluatie slaagt")
    eval_options(p, DEFAULT_OUT / "staged")
    p.add_argument("--baseline", type=Path, default=DEFAULT_BASELINE, help="report.json om mee te vergelijken")
    p.add_argument("--force", action="store_true", help="zonder evaluatie live zetten")
    p.set_defaults(func=cmd_promote)

    p = sub.add_parser("rollback", help="zet de vorige versie opnieuw live")
    p.set_defaults(func=cmd_rollback)
