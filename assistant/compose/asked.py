"""Answers to what a question asks beyond a list: a count per group, the group with the most or least, a summary.

Each leads with the sentence that answers (how many per domain, which domain has the most), then names the
actions it counted; every action it names is cited.
"""

from __future__ import annotations

from collections import Counter

from assistant.answer_models import Citation
from assistant.compose.lists import describe_filters, tidy
from assistant.compose.parts import cite_action, cite_section, joined, list_line
from assistant.compose.phrases import say
from assistant.index import LoadedIndex
from assistant.routing import RouteResult
from plan_model.organisations import OrganisationDirectory
from plan_model.timing import timing_state

# A count per group names at most this many groups by their actions; the others by their count alone.
_GROUPS_NAMED = 6


def grouped_answer(
    result: RouteResult, index: LoadedIndex, directory: OrganisationDirectory
) -> tuple[str, list[Citation]]:
    """ "Welk domein heeft de meeste acties in planning?", "hoeveel acties per domein?": the counts, then the
    actions."""
    question = result.question
    language = question.language
    asked = question.asked
    total = sum(count for _, count in result.groups) if asked.by != "organisation" else len(result.actions)
    noun, description = describe_filters(question, index, 2)
    by = say(f"group.by.{asked.by or 'domain'}", language)
    if not result.groups:
        return tidy(say("group.none", language, noun=noun, description=description)), []
    if asked.kind == "group":
        passing = [a for a in index.document.actions if any(a.id == r.id for r in result.actions)]
        counted = len(passing)
        parts = joined([f"{key} {count}" for key, count in result.groups], language)
        lines = [tidy(say("group.header", language, count=counted, noun=noun, description=description, by=by,
                          parts=parts))]  # fmt: skip
        for key, _ in result.groups[:_GROUPS_NAMED]:
            ids = [a.id for a in result.actions if key in _keys_of(a, asked.by or "domain")]
            lines.append(say("group.line", language, group=_label(key, index), ids=", ".join(ids)))
        return "\n".join(lines), [cite_action(a) for a in result.actions]
    best = result.groups[-1][1] if asked.least else result.groups[0][1]
    winners = [key for key, count in result.groups if count == best]
    others = [f"{k} ({c})" for k, c in result.groups if k not in winners]
    verb = say("group.has" if len(winners) == 1 else "group.have", language)
    key = "group.least" if asked.least else "group.most"
    lines = [
        tidy(
            say(key, language, winners=joined([_label(w, index) for w in winners], language), verb=verb, noun=noun,
                description=description, best=best, count=total)
        )
    ]  # fmt: skip
    if others:
        lines.append(say("group.rest" if asked.least else "group.then", language, parts=", ".join(others)))
    asked_orgs = set(question.filters.orgs)
    lines += [list_line(a, asked_orgs, set(), language, directory, question.today) for a in result.actions]
    return "\n".join(lines), [cite_action(a) for a in result.actions]


def _keys_of(action, by: str) -> set[str]:  # type: ignore[no-untyped-def]
    if by == "domain":
        return {action.domain}
    if by == "objective":
        return {action.objective}
    return {*action.initiators, *action.partners}


def _label(key: str, index: LoadedIndex) -> str:
    """A group as an answer names it: "KP (Ketenaanpak …)", "BM-O.D.2 (Financiële mogelijkheden …)", or a name."""
    document = index.document
    if domain := document.domain(key):
        return f"{key} ({domain.name})"
    if objective := document.objective(key):
        return f"{key} ({objective.title})"
    return key


def summary_answer(result: RouteResult, index: LoadedIndex) -> tuple[str, list[Citation]]:
    """A domain (or objective) in short: its aim, its objectives with their actions, and where they stand today."""
    question = result.question
    language = question.language
    document = index.document
    codes = question.filters.domains or tuple(dict.fromkeys(a.domain for a in result.actions))
    lines: list[str] = []
    citations: list[Citation] = []
    for code in codes:
        domain = document.domain(code)
        actions = [a for a in result.actions if a.domain == code]
        if domain is None or not actions:
            continue
        objectives = list(dict.fromkeys(a.objective for a in actions))
        key = sum(1 for a in actions if a.importance == "Sleutelactie")
        lines.append(say("summary.domain", language, code=code, name=domain.name, count=len(actions),
                         objectives=len(objectives), keys=key))  # fmt: skip
        aim = next((s for s in document.sections if s.domain == code and "strategisch" in s.title.lower()), None)
        if aim is not None:
            first = aim.text.split("\n")[0].strip()
            lines.append(say("summary.aim", language, text=first))
            citations.append(cite_section(aim, first))
        for objective_id in objectives:
            objective = document.objective(objective_id)
            ids = ", ".join(f"{a.title} ({a.id})" for a in actions if a.objective == objective_id)
            title = objective.title if objective else ""
            lines.append(say("summary.objective", language, id=objective_id, title=title, ids=ids))
        states = Counter(timing_state(a, question.today) for a in actions)
        lines.append(
            say("summary.state", language, today=question.today.isoformat(), running=states["running"] +
                states["ongoing"], planned=states["planned"], finished=states["finished"])
        )  # fmt: skip
        citations += [cite_action(a) for a in actions]
    return "\n".join(lines), citations
