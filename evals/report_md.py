"""The readable side of a report: Markdown tables, failing questions, and the figures printed at the end."""

from __future__ import annotations

from typing import TYPE_CHECKING

from evals.metrics import Figures
from evals.plan_update import Touched, questions
from evals.scoring import QuestionResult

if TYPE_CHECKING:
    from evals.report import Report

# (key, column title) of the figures shown in tables, in order.
COLUMNS = (
    ("questions", "vragen"),
    ("passed", "geslaagd"),
    ("pass_rate", "slaagt"),
    ("exact_accuracy", "exacte set"),
    ("precision", "precisie"),
    ("recall", "recall"),
    ("f1", "F1"),
    ("mention_coverage", "vermeld"),
    ("abstention_accuracy", "weigert juist"),
    ("false_abstentions", "onterecht geweigerd"),
    ("unknown_citations", "onbestaande ids"),
    ("errors", "fouten"),
    ("latency_p50_ms", "p50 ms"),
    ("latency_p95_ms", "p95 ms"),
    ("llm_relevance", "LLM relevant"),
    ("llm_faithfulness", "LLM getrouw"),
)
_ANSWER_CHARS = 600


def fmt(value: float | int | None, key: str = "") -> str:
    """A figure for a table: "–" when it does not apply, ratios with three decimals, milliseconds whole."""
    if value is None:
        return "–"
    if isinstance(value, int):
        return str(value)
    return f"{value:.0f}" if key.startswith("latency") else f"{value:.3f}"


def _table(rows: list[tuple[str, Figures]]) -> list[str]:
    shown = [(key, title) for key, title in COLUMNS if any(key in figures for _, figures in rows)]
    lines = ["| soort | " + " | ".join(title for _, title in shown) + " |"]
    lines.append("|---" * (len(shown) + 1) + "|")
    for name, figures in rows:
        lines.append(f"| {name} | " + " | ".join(fmt(figures.get(key), key) for key, _ in shown) + " |")
    return lines


def _quote(text: str) -> str:
    text = text.strip() or "(leeg)"
    if len(text) > _ANSWER_CHARS:
        text = text[:_ANSWER_CHARS].rstrip() + " …"
    return "\n".join("> " + line for line in text.splitlines())


def failing_block(q: QuestionResult) -> list[str]:
    """A failing question in Markdown: what was expected and what was answered."""
    expected = (
        "weigeren (het plan bevat het antwoord niet)"
        if q.expect_abstain
        else (f"{', '.join(q.expected_ids) or '(geen acties)'} ({q.match})")
    )
    lines = [f"### {q.id} ({q.kind}): {q.question}", ""]
    if q.history:
        lines.append(f"- eerder in het gesprek: {' → '.join(q.history)}")
    lines.append(f"- verwacht: {expected}")
    answered = f"{', '.join(q.cited_ids) or '(geen acties)'}; route {q.route or '–'}"
    lines.append(f"- geantwoord: {answered}{'; geweigerd' if q.abstained else ''}")
    lines += [f"- waarom fout: {reason}" for reason in q.failures]
    if q.error is None:
        lines += ["", _quote(q.answer)]
    return [*lines, ""]


def render_markdown(report: Report) -> str:
    """The whole report as Markdown."""
    overall = report.summary.overall
    lines = [
        "# Evaluatie van de actieplan-assistent",
        "",
        f"- doel: {report.target or '–'}; indexversie: {report.index_version or '–'}"
        + (f"; plan: {report.plan}" if report.plan else ""),
        f"- gold: {report.gold or '–'}; {overall['questions']} vragen, {overall['passed']} geslaagd",
        "",
        "## Cijfers",
        "",
        *_table([*report.summary.by_kind.items(), ("**totaal**", overall)]),
        "",
        "Precisie, recall en F1 gaan over de geciteerde actienummers van beantwoordbare vragen; "
        "'exacte set' over vragen met match=exact; "
        "'weigert juist' over vragen die het plan niet beantwoordt.",
        "",
    ]
    if report.summary.by_wording:
        lines += _wording_table(report.summary.by_wording)
    if report.gate is not None:
        lines += ["## Poort", "", *(f"- {line.strip()}" for line in report.gate.summary_lines()), ""]
    plan = report.gate.plan if report.gate is not None else None
    if plan is not None and plan.touched:
        lines += plan_lines(plan.touched)
    failing = report.failing
    lines += [f"## Mislukte vragen ({len(failing)})", ""]
    from_plan = set(plan.changed) | set(plan.regressed_from_plan) if plan is not None else set()
    for q in failing:
        block = failing_block(q)
        if q.id in from_plan:
            block.insert(2, "- volgt uit de planwijziging: `actieplan gold propose` stelt een nieuwe verwachting voor")
        lines += block
    if not failing:
        lines += ["Geen.", ""]
    return "\n".join(lines)


def plan_lines(touched: list[Touched]) -> list[str]:
    """Per entry of the plan's diff, the gold questions it touches (those failing now in bold)."""
    lines = [
        "## Wat de planwijziging raakt",
        "",
        "Per wijziging de gouden vragen over die actie (verwacht, geciteerd of bij naam genoemd); vet: faalt nu.",
        "",
    ]
    for entry in touched:
        failing = set(entry.failing)
        named = ", ".join(f"**{i}**" if i in failing else i for i in entry.questions)
        now = "faalt" if len(failing) == 1 else "falen"
        lines.append(f"- {entry.entry}: {questions(len(entry.questions))}, {len(failing)} {now} nu — {named}")
    return [*lines, ""]


def _wording_table(by_wording: dict[str, dict[str, Figures]]) -> list[str]:
    """Plan-worded and reworded questions side by side, with how many of their words the plan uses."""

    def cell(value: float | int | None) -> str:
        return "–" if value is None else f"{value:.3f}" if isinstance(value, float) else str(value)

    lines = [
        "## In de woorden van het plan en in eigen woorden",
        "",
        "| soort | vragen (plan / eigen) | recall | precisie | slaagt | woorden uit het plan |",
        "|---|---|---|---|---|---|",
    ]
    for kind, halves in by_wording.items():
        plan, own = halves["plan"], halves["reworded"]
        pairs = [f"{cell(plan[k])} / {cell(own[k])}" for k in ("recall", "precision", "pass_rate", "word_overlap")]
        lines.append(f"| {kind} | {plan['questions']} / {own['questions']} | " + " | ".join(pairs) + " |")
    lines += [
        "",
        "'Woorden uit het plan': het aandeel van de inhoudswoorden van een vraag dat in de tekst van haar verwachte "
        "acties staat. Herformuleringen vermijden die woorden; de poort bewaakt beide helften apart.",
        "",
    ]
    return lines


def overall_lines(report: Report) -> list[str]:
    """Short lines with the overall figures (and per kind), for stdout at the end of a run."""
    overall = report.summary.overall
    keys = (
        "pass_rate",
        "exact_accuracy",
        "precision",
        "recall",
        "f1",
        "mention_coverage",
        "abstention_accuracy",
        "false_abstentions",
        "unknown_citations",
        "latency_p50_ms",
        "latency_p95_ms",
    )
    titles = dict(COLUMNS)
    lines = [f"Totaal: {overall['passed']}/{overall['questions']} geslaagd"]
    lines.append("  " + "; ".join(f"{titles[k]} {fmt(overall.get(k), k)}" for k in keys))
    for kind, figures in report.summary.by_kind.items():
        short = ("pass_rate", "exact_accuracy", "f1", "recall", "abstention_accuracy")
        lines.append(
            f"  {kind:<13} {figures['passed']}/{figures['questions']}  "
            + "; ".join(f"{titles[k]} {fmt(figures.get(k), k)}" for k in short)
        )
    return lines
