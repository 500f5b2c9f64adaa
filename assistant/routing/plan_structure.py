"""What the plan's own structure and text say about its actions: which action continues the one before it, and
which actions hold a term of the plan."""

from __future__ import annotations

import re

from assistant.index.search import tokenize
from foundation.text import one_slip_apart
from plan_model.concepts import Concept
from plan_model.records import ActionRecord, PlanDocument

# An action that starts by pointing back ("Gestelde voorwaarden toetsen", "… hoe deze instrumenten …") or that
# applies the previous action's result ("Ketenfinanciering toepassen op praktijkcases") continues it.
_POINTS_BACK = re.compile(
    r"^(?:gestelde|deze|dezelfde|die|dit)\b|\bdeze\s+(?:instrumenten|voorwaarden|modellen|principes)\b", re.I
)
_APPLIES = re.compile(r"\btoepassen\s+op\b", re.I)

_CACHE: dict[int, dict[str, str]] = {}


def continuations(document: PlanDocument) -> dict[str, str]:
    """For each action that the next action (same objective) continues, that next action's id."""
    found = _CACHE.get(id(document))
    if found is not None:
        return found
    found = {}
    for earlier, later in zip(document.actions, document.actions[1:], strict=False):
        if earlier.objective != later.objective:
            continue
        text = re.sub(r"^\((?:planning|project[^)]*)\)\s*", "", later.action.strip(), flags=re.I)
        applies = (
            _APPLIES.search(text)
            and tokenize(text)[:1]
            and set(tokenize(text)[:1]) <= set(tokenize(f"{earlier.action} {earlier.output}"))
        )
        if _POINTS_BACK.search(text) or applies:
            found[earlier.id] = later.id
    _CACHE.clear()  # one loaded plan at a time
    _CACHE[id(document)] = found
    return found


def with_continuations(actions: list[ActionRecord], document: PlanDocument, limit: int) -> list[ActionRecord]:
    """The actions, each followed by the action that continues it (when not already there), at most `limit`.

    A continuation takes room that no chosen action still needs: it never pushes a chosen action out.
    """
    follow = continuations(document)
    chosen: list[ActionRecord] = []
    for action in actions:
        if action not in chosen:
            chosen.append(action)
    chosen = chosen[:limit]
    out: list[ActionRecord] = []
    for place, action in enumerate(chosen):
        out.append(action)
        nxt = document.action(follow[action.id]) if action.id in follow else None
        room = limit - len(out) - len(chosen[place + 1 :])
        if nxt is not None and nxt not in out and nxt not in chosen and room > 0:
            out.append(nxt)
    return out


_WORDS: dict[tuple[int, bool], dict[str, str]] = {}


def _words_of(document: PlanDocument, with_names: bool) -> dict[str, str]:
    """Each action's stemmed words (its cells and its objective's title) as one spaced string, once per plan."""
    words = _WORDS.get((id(document), with_names))
    if words is None:
        words = {}
        for action in document.actions:
            objective = document.objective(action.objective)
            cells = [action.action, action.output, objective.title if objective else ""]
            if with_names:
                cells += [action.initiator_text, action.partner_text]
            # Cells apart, so that a phrase never runs from one cell into the next.
            words[action.id] = " | ".join(" ".join(tokenize(cell)) for cell in cells)
        if len(_WORDS) > 4:  # one loaded plan at a time (a new version replaces the old)
            _WORDS.clear()
        _WORDS[(id(document), with_names)] = words
    return words


def holds(action: ActionRecord, term: str, document: PlanDocument, with_names: bool = True) -> bool:
    """Whether an action's text holds a plan term as a phrase (stemmed: "banken" holds "bank").

    `with_names` also reads the trekker and partner cells ("Bankensector"); what an action is about is in its
    action, output and objective alone.
    """
    tokens = tokenize(term)
    return bool(tokens) and f" {' '.join(tokens)} " in f" {_words_of(document, with_names)[action.id]} "


def holds_concept(action: ActionRecord, concept: Concept, document: PlanDocument, with_names: bool = True) -> bool:
    """Whether an action's text holds any of a concept's plan terms."""
    return any(holds(action, term, document, with_names) for term in concept.plan)


def verb_root(action: ActionRecord) -> str | None:
    """The root of the verb an action starts with ("Selecteren" → "select"), by which the plan names its result."""
    # The verb is among the first words ("Systematisch inventariseren en bundelen …").
    verb = next((w for w in re.findall(r"\w+", action.action.lower())[:3] if len(w) >= 8 and w.endswith("en")), None)
    return verb[:6] if verb else None


def names_result_of(text: str, action: ActionRecord) -> bool:
    """Whether a text names what the action delivers by its verb ("de geselecteerde stoffen", "de selectie")."""
    root = verb_root(action)
    return bool(root) and any(root in word for word in re.findall(r"\w+", text.lower()))


def built_on(action: ActionRecord, document: PlanDocument) -> list[ActionRecord]:
    """The later actions of the same objective that work with this action's result, in plan order.

    An action that starts with a verb ("Selecteren van vijf prioritaire stoffen") delivers what later actions name by
    that verb's root ("de geselecteerde stoffen", "de stoffenselectie"); one that continues it is built on it too.
    """
    follow = continuations(document)
    order = [a.id for a in document.actions]
    later = [a for a in document.actions[order.index(action.id) + 1 :] if a.objective == action.objective]
    return [a for a in later if follow.get(action.id) == a.id or names_result_of(f"{a.action} {a.output}", action)]


def names(action: ActionRecord, phrase: str, document: PlanDocument) -> bool:
    """Whether an action's text names a phrase, also with one slip in a word of it (the plan's "Blue dDeal 2.0")."""
    if holds(action, phrase, document, with_names=False):
        return True
    wanted = tokenize(phrase)
    held = _words_of(document, with_names=False)[action.id].split()
    return bool(wanted) and any(
        all(w == h or (len(w) >= 4 and one_slip_apart(w, h)) for w, h in zip(wanted, held[n:], strict=False))
        for n in range(len(held) - len(wanted) + 1)
    )
