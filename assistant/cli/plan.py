"""`actieplan ingest`: building an index version of the plan (switching versions: assistant/cli/versions.py)."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, TextIO

from foundation.settings import Settings
from plan_model.records import DOMAIN_ORDER

if TYPE_CHECKING:
    from ingest.pipeline import IngestReport
    from ingest.plan_files import ChosenPlan


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
        self._begun = False
        if stream.isatty():
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
            self._bar = Progress(*columns, console=Console(file=stream), transient=True)

    def begin(self, plan: Path | str, why: str = "") -> None:
        """Say what is being read, before anything slow happens."""
        if self._begun:
            return
        self._begun = True
        print(f"Plan lezen: {plan}{why}", file=self.stream, flush=True)
        if self._bar is not None:
            self._bar.start()

    def reading(self, chosen: ChosenPlan) -> None:
        """The plan file the ingest chose (the live version's plan when none was given)."""
        self.begin(chosen.shown, " (het plan van de live versie)" if chosen.origin == "live" else "")

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
    """Parse and index the plan (and guidance); print what a maintainer must know first, then a summary."""
    from ingest.pipeline import run_ingest
    from ingest.plan_source import read_plan

    if args.list_links:
        from ingest.plan_parser import parse_plan
        from plan_model.organisations import default_directory

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
    if args.plan is not None:
        progress.begin(args.plan)  # a given file is named at once; the live version's once the store tells it

    def notify(lines: list[str]) -> None:
        print("\n".join(lines), flush=True)

    try:
        report = run_ingest(
            settings,
            args.plan,
            args.guidance,
            stage=args.stage,
            progress=progress,
            notify=notify,
            today=settings.current_date(),
            reading=progress.reading,
        )
    finally:
        progress.end()
    print_summary(report, settings)
    if args.earlier is not None:
        from ingest.versions import remember_earlier_plan

        if remember_earlier_plan(settings, args.earlier) is not None:
            print(f"Vorig plan (voor 'wat is er veranderd?'): {args.earlier}")
    return 0


def print_summary(report: IngestReport, settings: Settings) -> None:
    """The figures of an ingest, the comparison with the live version, the word list and what to do next."""
    from ingest.plan_diff import summary_line

    document = report.document
    if report.unchanged:
        state = "ongewijzigd" + (" (al klaargezet)" if report.pointer == "staged" else "")
    elif report.pointer == "staged":
        state = "klaargezet (staged), niet live"
    else:
        state = "nieuwe versie, live"
    print(f"Versie {report.version}: {state} in {report.seconds:.1f} s")
    if not report.unchanged:
        print(
            f"Passages: {report.nodes} ({report.embedded} nieuw ingebed, {report.nodes - report.embedded} hergebruikt)"
        )
    counts = document.domain_counts()
    print(f"Acties: {len(document.actions)} (" + ", ".join(f"{k} {v}" for k, v in counts.items()) + ")")
    print(f"Doelstellingen: {len(document.objectives)}; secties: {len(document.sections)}")
    orgs = sorted({o for a in document.actions for o in a.organisations})
    print(f"Organisaties: {len(orgs)}")
    print(f"Plan: {document.short_name}, {document.version_label()}")
    if report.diff is not None:
        print(f"Tegenover de live versie: {summary_line(report.diff)}")
    if report.vocabulary:
        print(vocabulary_line(report.vocabulary, settings, report.version))
    # Warnings the live version had too were seen before: one line for them, the new ones in full.
    known = {f"{w.action_id or '-'}: {w.message}" for w in report.live.warnings} if report.live else set()
    seen = [w for w in report.warnings if w in known]
    if seen:
        print(f"waarschuwingen die de live versie ook had: {len(seen)} (niets nieuws)", file=sys.stderr)
    # One line per kind of warning, naming the actions it concerns.
    grouped: dict[str, list[str]] = {}
    for warning in (w for w in report.warnings if w not in known):
        where, _, message = warning.partition(": ") if warning[:2] in DOMAIN_ORDER else ("", "", warning)
        grouped.setdefault(message, []).append(where)
    for message, places in grouped.items():
        named = ", ".join(p for p in places if p)
        print(f"waarschuwing: {message}" + (f" ({named})" if named else ""), file=sys.stderr)
    if report.pruned:
        print(f"Opgeruimd: {', '.join(report.pruned)}")
    if report.pointer == "staged" and report.diff is not None:
        print(
            "Volgende stappen (README: 'Een nieuwe versie van het plan live zetten, stap voor stap', stap 3 tot 6):\n"
            "  actieplan diff                  wat er veranderde, actie per actie\n"
            "  actieplan eval --index staged   de gouden vragen op de klaargezette versie\n"
            "  actieplan promote               live zetten, alleen als de poort slaagt"
        )


# Up to this many terms of the word list are named on the summary line; the rest are in a file.
_VOCABULARY_SHOWN = 6


def vocabulary_line(terms: list[str], settings: Settings, version: str) -> str:
    """One line about the word list's terms the plan no longer uses, with the whole list in a file when long."""
    shown = ", ".join(f"'{t}'" for t in terms[:_VOCABULARY_SHOWN])
    line = (
        f"Woordenlijst: {len(terms)} {'begrip' if len(terms) == 1 else 'begrippen'} uit plan_model/vocabulary.toml "
        f"{'staat' if len(terms) == 1 else 'staan'} niet (meer) in het plan: {shown}"
    )
    if len(terms) > _VOCABULARY_SHOWN:
        target = settings.data_dir / "ingest" / f"woordenlijst-{version}.txt"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text("".join(f"{t}\n" for t in terms), encoding="utf-8")
        line += f" … en {len(terms) - _VOCABULARY_SHOWN} meer (alle: {target})"
    return line + ". Kijk na of het begrip hernoemd is."


def register(sub: Any) -> None:
    """Add the ingest subcommand."""
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
    p.add_argument(
        "--earlier",
        type=Path,
        metavar="PAD",
        help="het plan dat het live plan verving (alleen de records), zodat een verse index weet wat er veranderde "
        "(make eval en make baseline)",
    )
    p.set_defaults(func=cmd_ingest)
