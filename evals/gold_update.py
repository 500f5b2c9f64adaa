"""Gold questions after a plan update: propose new expectations for the questions whose answer follows from the
plan's diff, and write the ones a maintainer accepts back into evals/gold/*.jsonl.

A proposal changes only what the diff explains: the expected actions the diff names (a removed action leaves the
expectation; one the new plan cites for the question comes in), a removed action the question names by id becomes
`removed_ids` (the answer must say it was removed), and a mention of an old value (a trekker, a timing) becomes the
new value. Everything else of the question stays as it was checked by hand.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from evals.errors import EvalError
from evals.gold import GoldQuestion, load_gold
from evals.plan_update import follows_from
from evals.report import Report
from evals.scoring import QuestionResult, normalise_text
from ingest.plan_diff import FieldChange, PlanDiff, touched_ids
from plan_model.records import find_action_ids

# The fields a proposal may change.
FIELDS = ("expected_ids", "removed_ids", "must_mention")
# A new value longer than this is not a mention: the mention is dropped instead (the reviewer sees it).
_MENTION_CHARS = 40


class GoldProposal(BaseModel):
    """A proposed change to one gold question, with why (the diff's entries) and what the new version answered."""

    id: str
    file: str
    question: str
    history: list[str] = Field(default_factory=list)
    why: str
    plan: str = ""
    answered: list[str] = Field(default_factory=list)
    before: dict[str, list[str]]
    after: dict[str, list[str]]
    # What the reviewer must decide, where the diff alone does not say it.
    attention: str = ""


def _changes_by_id(diff: PlanDiff) -> dict[str, list[FieldChange]]:
    return {item.id: item.changes for item in diff.actions.changed}


def _new_mention(mention: str, changes: list[FieldChange]) -> str | None:
    """The value a mention of an old value becomes ("VMM" → "De Watergroep", "Q3 2026" → "Q1 2027"); None to drop."""
    wanted = normalise_text(mention)
    for change in changes:
        if wanted in normalise_text(change.old) and wanted not in normalise_text(change.new):
            if change.added and any(normalise_text(o) == wanted for o in change.removed):
                return ", ".join(change.added)
            return change.new if 0 < len(change.new) <= _MENTION_CHARS else None
    return mention


def propose_one(gold: GoldQuestion, result: QuestionResult, diff: PlanDiff) -> dict[str, list[str]] | None:
    """The question's new expectations when its wrong answer follows from the diff; None otherwise."""
    diff_ids = set(touched_ids(diff))
    if result.passed or gold.abstain or not follows_from(result, None, diff_ids):
        return None
    removed = {r.id for r in diff.actions.removed}
    cited, expected = set(result.cited_ids), list(gold.expected_ids)
    named = set(find_action_ids(" ".join([gold.question, *gold.history])))
    kept = [i for i in expected if i not in diff_ids or (i in cited and i not in removed)]
    if gold.match == "exact":
        kept += [i for i in result.cited_ids if i in diff_ids and i not in kept]
    removed_ids = list(dict.fromkeys([*gold.removed_ids, *(i for i in expected if i in removed and i in named)]))
    changes = _changes_by_id(diff)
    mentions = []
    for mention in gold.must_mention:
        new: str | None = mention
        if mention in result.missing_mentions:
            for action_id in expected:
                if action_id in changes:
                    new = _new_mention(mention, changes[action_id])
                    if new != mention:
                        break
        if new is not None and new not in mentions:
            mentions.append(new)
    if removed_ids and not kept:
        # Only the removal is left to say: the removed action's old facts are no longer the plan's.
        mentions = []
    after = {"expected_ids": kept, "removed_ids": removed_ids, "must_mention": mentions}
    before = {"expected_ids": expected, "removed_ids": list(gold.removed_ids), "must_mention": list(gold.must_mention)}
    return None if after == before else after


def _why(gold: GoldQuestion, result: QuestionResult, diff: PlanDiff) -> str:
    related = {*gold.expected_ids, *result.cited_ids, *find_action_ids(" ".join([gold.question, *gold.history]))}
    parts = [f"{r.id} nieuw" for r in diff.actions.added if r.id in related]
    parts += [f"{r.id} geschrapt" for r in diff.actions.removed if r.id in related]
    parts += [f"{c.id} {', '.join(_change(ch) for ch in c.changes)}" for c in diff.actions.changed if c.id in related]
    return "; ".join(parts)


def _change(change: FieldChange) -> str:
    """ "trekker VMM → De Watergroep"; a long field only by its label ("actie aangepast")."""
    if max(len(change.old), len(change.new)) > _MENTION_CHARS:
        return f"{change.label} aangepast"
    return f"{change.label} {change.old or '(leeg)'} → {change.new or '(leeg)'}"


def gold_files(gold: Path) -> dict[str, str]:
    """Which file of the gold folder holds each question id."""
    files = sorted(gold.glob("*.jsonl")) if gold.is_dir() else [gold]
    where: dict[str, str] = {}
    for file in files:
        for line in file.read_text(encoding="utf-8").splitlines():
            if line.strip():
                where[str(json.loads(line)["id"])] = file.name
    return where


def propose(report: Report, gold: Path) -> list[GoldProposal]:
    """Proposals for every failing question of a report whose answer follows from the report's plan diff."""
    if report.plan_diff is None:
        raise EvalError(
            "geen plandiff in het rapport",
            user_message="Dit rapport kent geen planwijziging tegenover de baseline; er valt niets voor te stellen. "
            "Evalueer de klaargezette versie: `actieplan eval --index staged`.",
        )
    questions = {q.id: q for q in load_gold(gold)}
    where = gold_files(gold)
    proposals = []
    for result in report.questions:
        question = questions.get(result.id)
        if question is None:
            continue
        after = propose_one(question, result, report.plan_diff)
        if after is None:
            continue
        attention = ""
        if question.expected_ids and not after["expected_ids"] and not after["removed_ids"]:
            attention = (
                "geen verwachte actie blijft over: beslis of de vraag nu een weigering verwacht (abstain) of "
                "andere acties van het nieuwe plan"
            )
        proposals.append(
            GoldProposal(
                attention=attention,
                id=question.id,
                file=where[question.id],
                question=question.question,
                history=question.history,
                why=_why(question, result, report.plan_diff),
                plan=report.plan or "",
                answered=result.cited_ids,
                before={f: list(getattr(question, f)) for f in FIELDS},
                after=after,
            )
        )
    return proposals


def write_proposals(proposals: list[GoldProposal], target: Path) -> Path:
    """The proposals as JSONL (for `gold accept`) and as Markdown beside it (for people); the Markdown's path."""
    target.parent.mkdir(parents=True, exist_ok=True)
    # One proposal a line, written as the gold files are ({"id": "…", …}), so a reviewer finds and deletes one.
    rows = [json.dumps(p.model_dump(), ensure_ascii=False) + "\n" for p in proposals]
    target.write_text("".join(rows), encoding="utf-8")
    lines = [
        "# Voorstellen voor de gouden vragen",
        "",
        f"{len(proposals)} vragen waarvan het antwoord uit de planwijziging volgt. Lees elk voorstel na tegen het "
        f"nieuwe plan. Niet akkoord met een voorstel? Sla het over: `actieplan gold accept {target} --skip ID …` "
        f"(of verwijder zijn regel uit `{target.name}`). Zonder uitzonderingen: `actieplan gold accept {target}`.",
        "",
    ]
    for p in proposals:
        lines += [f"## {p.id} ({p.file}): {p.question}", ""]
        if p.history:
            lines.append(f"- eerder in het gesprek: {' → '.join(p.history)}")
        lines.append(f"- waarom: {p.why}")
        lines.append(f"- de nieuwe versie citeerde: {', '.join(p.answered) or '(geen acties)'}")
        if p.attention:
            lines.append(f"- **LET OP**: {p.attention}")
        for field in FIELDS:
            if p.before.get(field) != p.after.get(field):
                old, new = ", ".join(p.before.get(field, [])), ", ".join(p.after.get(field, []))
                lines.append(f"- {field}: {old or '(leeg)'} → {new or '(leeg)'}")
        lines.append("")
    markdown = target.with_suffix(".md")
    markdown.write_text("\n".join(lines), encoding="utf-8")
    return markdown


def accept(proposals_file: Path, gold: Path, skip: tuple[str, ...] = ()) -> tuple[list[GoldProposal], list[str]]:
    """Write the proposals into the gold files, except those of the questions in `skip`; (applied, Dutch reasons
    for the ones not applied). A question changed since it was proposed is left alone, never overwritten."""
    try:
        proposals = [
            GoldProposal.model_validate_json(line)
            for line in proposals_file.read_text(encoding="utf-8").splitlines()
            if line.strip()
        ]
    except (OSError, ValueError) as exc:
        message = f"De voorstellen in {proposals_file} kunnen niet gelezen worden: {exc}"
        raise EvalError(message, user_message=message) from exc
    folder = gold if gold.is_dir() else gold.parent
    applied: list[GoldProposal] = []
    skipped: list[str] = []
    by_file: dict[str, dict[str, GoldProposal]] = {}
    unknown = sorted(set(skip) - {p.id for p in proposals})
    if unknown:
        message = f"Geen voorstel voor {', '.join(unknown)} in {proposals_file}; er is niets overgenomen."
        raise EvalError(message, user_message=message)
    for proposal in proposals:
        if proposal.id not in skip:
            by_file.setdefault(proposal.file, {})[proposal.id] = proposal
    for name, wanted in by_file.items():
        path = folder / name
        if not path.is_file():
            skipped += [f"{i}: {name} bestaat niet in {folder}" for i in wanted]
            continue
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        for n, line in enumerate(lines):
            if not line.strip():
                continue
            entry = json.loads(line)
            if entry["id"] not in wanted:
                continue
            proposal = wanted.pop(entry["id"])
            if any(list(entry.get(f, [])) != proposal.before.get(f, []) for f in FIELDS):
                skipped.append(f"{proposal.id}: de vraag veranderde sinds het voorstel; stel opnieuw voor")
                continue
            lines[n] = json.dumps(_updated(entry, proposal), ensure_ascii=False) + "\n"
            applied.append(proposal)
        skipped += [f"{i}: niet gevonden in {name}" for i in wanted]
        tmp = path.with_suffix(".jsonl.tmp")
        tmp.write_text("".join(lines), encoding="utf-8")
        tmp.replace(path)
    return applied, skipped


def _updated(entry: dict[str, Any], proposal: GoldProposal) -> dict[str, Any]:
    """The gold entry with the proposal's fields, `removed_ids` right after `expected_ids`, and a note of why."""
    updated: dict[str, Any] = {}
    for key, value in entry.items():
        updated[key] = proposal.after.get(key, value) if key in FIELDS else value
        if key == "expected_ids" and proposal.after.get("removed_ids") and "removed_ids" not in entry:
            updated["removed_ids"] = proposal.after["removed_ids"]
    plan = f" voor het {proposal.plan}" if proposal.plan else ""
    updated["note"] = f"{entry.get('note', '')} Bijgewerkt{plan}: {proposal.why}.".strip()
    return updated
