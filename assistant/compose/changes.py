"""Answers about the plan's versions: what changed since the previous plan, an action the update removed, and the
note that a conversation now runs on a newer plan. Every new or changed action is cited; a removed one is cited as
removed (it is no action of the plan that serves).
"""

from __future__ import annotations

from assistant.answer_models import Citation
from assistant.compose.parts import cite_action, joined, quote
from assistant.routing.changes import ChangesFound
from foundation.text import in_language
from ingest.plan_diff import FieldChange
from plan_model.records import ActionRecord, PlanDocument

# key -> (Dutch, English); the phrases of these answers only (the others: assistant/compose/phrases.py).
PHRASES: dict[str, tuple[str, str]] = {
    "none": (
        "Er is geen vorige versie van het plan om mee te vergelijken: ik antwoord uit {plan}, de eerste versie die "
        "werd ingelezen.",
        "There is no earlier version of the plan to compare with: I answer from {plan}, the first version loaded.",
    ),
    "header": (
        "Het plan werd bijgewerkt: de {current} vervangt de {earlier}.",
        "The plan was updated: the {current} replaces the {earlier}.",
    ),
    "header.back": (
        "Ik antwoord weer uit de {current}; de {earlier}, die eerder gold, werd teruggedraaid. Wat verschilt:",
        "I answer from the {current} again; the {earlier}, which applied before, was rolled back. What differs:",
    ),
    "nothing": (
        "Tegenover de {earlier} is er {what}.",
        "Compared with the {earlier}, there are {what}.",
    ),
    "nothing.all": ("geen actie nieuw, geschrapt of gewijzigd", "no new, removed or changed actions"),
    "nothing.added": ("geen nieuwe actie", "no new actions"),
    "nothing.removed": ("geen geschrapte actie", "no removed actions"),
    "nothing.changed": ("geen gewijzigde actie", "no changed actions"),
    "nothing.scope": ("niets veranderd aan {ids}", "no change to {ids}"),
    "added": ("Nieuw ({count}):", "New ({count}):"),
    "removed": ("Geschrapt ({count}):", "Removed ({count}):"),
    "changed": ("Gewijzigd ({count}):", "Changed ({count}):"),
    "added.back": ("Alleen in de huidige versie ({count}):", "Only in the current version ({count}):"),
    "removed.back": ("Niet in de huidige versie ({count}):", "Not in the current version ({count}):"),
    "line.added": (
        "• {id} — {title} (trekker {lead}; timing {timing}).",
        "• {id} — {title} (lead {lead}; timing {timing}).",
    ),
    "line.removed": ("• {id} — {title} (stond in de {earlier}).", "• {id} — {title} (in the {earlier})."),
    "line.changed": ("• {id} — {title}: {changes}.", "• {id} — {title}: {changes}."),
    "change": ("{label} {old} → {new}", "{label} {old} → {new}"),
    "cite.removed": ("geschrapt in de {current}", "removed in the {current}"),
    "title.removed": ("geschrapt: {title}", "removed: {title}"),
    "change.text": ("{label} aangepast", "{label} reworded"),
    "objectives": (
        "Ook de doelstellingen {ids} werden toegevoegd, geschrapt of aangepast.",
        "Objectives {ids} were also added, removed or changed.",
    ),
    "removed.one": (
        "{id} is geschrapt in de {current}; in de {earlier} was dat: {title} (trekker {lead}; timing {timing}).",
        "{id} was removed in the {current}; in the {earlier} it was: {title} (lead {lead}; timing {timing}).",
    ),
    "removed.back.one": (
        "{id} staat niet in de {current}, die nu geldt; in de {earlier} was dat: {title} (trekker {lead}).",
        "{id} is not in the {current}, which applies now; in the {earlier} it was: {title} (lead {lead}).",
    ),
    "updated": (
        "Het plan is intussen bijgewerkt: dit antwoord komt uit de {current}, het vorige uit de {earlier}.",
        "The plan has been updated in the meantime: this answer comes from the {current}, the previous one from "
        "the {earlier}.",
    ),
    "updated.unknown": (
        "Het plan is intussen bijgewerkt: dit antwoord komt uit de {current}.",
        "The plan has been updated in the meantime: this answer comes from the {current}.",
    ),
}
# Field labels in English (the diff labels its fields in Dutch).
_LABELS_EN = {"actie": "action text", "trekker": "lead", "relatief belang": "importance", "doelstelling": "objective",
              "projecten": "projects"}  # fmt: skip
# Fields whose old and new values are short enough to show; the others are said to be reworded.
_SHOWN = {"initiators", "partners", "timing", "importance", "status", "projects", "objective"}


def say(key: str, language: str, **values: object) -> str:
    """The phrase for this key in the answer's language, its placeholders filled."""
    template = in_language(PHRASES[key], language)
    return template.format(**values) if values else template


def removed_citation(action: ActionRecord, current: PlanDocument, language: str) -> Citation:
    """A removed action as a source: it is not cited as an action of the plan that serves."""
    note = say("cite.removed", language, current=current.version_label(language))
    # The title says it too: a chip or a Slack source line shows the title, not the quote.
    title = say("title.removed", language, title=action.title)
    return Citation(id=action.id, title=title, quote=quote(note), source=action.source, kind="removed")


def compose_changes(found: ChangesFound, language: str) -> tuple[str, list[Citation]]:
    """The answer to "wat is er veranderd?" (or new / removed / changed actions only)."""
    current = found.current
    if found.earlier is None:
        return say("none", language, plan=f"{current.short_name}, {current.version_label(language)}"), []
    earlier = found.earlier
    labels = {
        "current": current.version_label(language, beside=earlier),
        "earlier": earlier.version_label(language, beside=current),
    }
    back = found.rolled_back
    lines = [say("header.back" if back else "header", language, **labels)]
    if found.empty:
        what = say("nothing.scope", language, ids=joined(list(found.scope), language)) if found.scope else None
        lines = [
            say("nothing", language, earlier=labels["earlier"], what=what or say(f"nothing.{found.ask}", language))
        ]
    citations: list[Citation] = []
    if found.added:
        lines.append(say("added.back" if back else "added", language, count=len(found.added)))
        for action in found.added:
            lines.append(say("line.added", language, id=action.id, title=action.title, lead=action.initiator_text,
                             timing=action.timing or "?"))  # fmt: skip
            citations.append(cite_action(action))
    if found.removed:
        lines.append(say("removed.back" if back else "removed", language, count=len(found.removed)))
        for action in found.removed:
            lines.append(say("line.removed", language, id=action.id, title=action.title, earlier=labels["earlier"]))
            citations.append(removed_citation(action, current, language))
    if found.changed:
        lines.append(say("changed", language, count=len(found.changed)))
        for action, change in found.changed:
            described = "; ".join(_field_change(c, language) for c in change.changes)
            lines.append(say("line.changed", language, id=action.id, title=action.title, changes=described))
            citations.append(cite_action(action, "; ".join(f"{c.label}: {c.new}" for c in change.changes)))
    if found.objectives:
        lines.append(say("objectives", language, ids=joined(list(found.objectives), language)))
    return "\n".join(lines), citations


def _field_change(change: FieldChange, language: str) -> str:
    label = _LABELS_EN.get(change.label, change.label) if language == "en" else change.label
    if change.field not in _SHOWN:
        return say("change.text", language, label=label)
    empty = "(leeg)" if language != "en" else "(empty)"
    return say("change", language, label=label, old=change.old or empty, new=change.new or empty)


def compose_removed(
    actions: list[ActionRecord], current: PlanDocument, earlier: PlanDocument, language: str, rolled_back: bool
) -> tuple[str, list[Citation]]:
    """Actions asked for by id that the update removed: said so, with what they were (never "bestaat niet")."""
    labels = {
        "current": current.version_label(language, beside=earlier),
        "earlier": earlier.version_label(language, beside=current),
    }
    key = "removed.back.one" if rolled_back else "removed.one"
    lines = [
        say(key, language, id=a.id, title=a.title, lead=a.initiator_text, timing=a.timing or "?", **labels)
        for a in actions
    ]
    return "\n".join(lines), [removed_citation(a, current, language) for a in actions]


def updated_note(current: PlanDocument, earlier: PlanDocument | None, language: str) -> str:
    """The note on the first answer after the plan a conversation started on was replaced."""
    if earlier is None:
        return say("updated.unknown", language, current=current.version_label(language))
    return say(
        "updated",
        language,
        current=current.version_label(language, beside=earlier),
        earlier=earlier.version_label(language, beside=current),
    )
