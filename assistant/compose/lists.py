"""List answers: the actions that pass a question's filters, counted and described, with what the plan lacks.

`describe_filters` names the filters ("sleutelacties die VMM trekt"), from the filter model's own clauses.
"""

from __future__ import annotations

from assistant.answer_models import Citation
from assistant.compose.parts import cite_action, joined, list_line
from assistant.compose.phrases import no_verdict, say, singular
from assistant.index import LoadedIndex
from assistant.question import ActionFilters, MatchContext, Question
from assistant.routing import RouteResult
from assistant.routing.thresholds import FOLLOWUP_LOOKUP_LIMIT
from plan_model.organisations import OrganisationDirectory

_NOUNS = {
    "Sleutelactie": "noun.key_action",
    "Ondersteunend": "noun.supporting_action",
    "niet vermeld": "noun.action",
    None: "noun.action",
}
# The timing filters: an action whose timing the plan does not set cannot be judged by them (a note says so).
_TIMING_FILTERS = ActionFilters.names(timing=True)


def describe_filters(question: Question, index: LoadedIndex, count: int = 2) -> tuple[str, str]:
    """The noun for a count ("sleutelacties") and the description of the question's filters and topic."""
    language = question.language
    key = _NOUNS[question.filters.importance]
    noun = say(key if count == 1 else key + "s", language)
    description = question.filters.describe(language, index.document)
    for alternative in question.alternatives:
        # "waarbij POM's betrokken zijn of waarbij lokale besturen betrokken zijn"
        description += say("join.or", language) + alternative.describe(language, index.document)
    if question.topic_terms:
        topic = say("filters.topic", language) + " ".join(dict.fromkeys(question.topic_terms))
        description = ", ".join(p for p in (description, topic) if p)
    if count == 1 and language == "nl":
        # "1 actie die nu loopt": a clause about the actions takes the singular verb.
        description = _singular_clauses(description)
    return noun, description


def _singular_clauses(description: str) -> str:
    """A Dutch filter description for one action: its "die …" clauses take the singular verb ("die nu loopt")."""
    return ", ".join(singular(c) if c.startswith("die ") else c for c in description.split(", "))


def list_answer(
    result: RouteResult, index: LoadedIndex, directory: OrganisationDirectory
) -> tuple[str, list[Citation]]:
    """A list answer: how many actions pass the question's filters, which, and what the plan lacks to judge."""
    question = result.question
    language = question.language
    count = len(result.actions)
    noun, description = describe_filters(question, index, count)
    # A narrowed follow-up counts within the previous answer, not in the whole plan.
    scope = {"within": result.within} if result.within else {}
    key = "list" if not result.within else "list.within" if result.within > 1 else "list.within_one"
    if count == 0:
        if result.within:
            noun, description = describe_filters(question, index, 1)  # "geen sleutelactie die nu loopt"
        elif (partly := _organisations_alone(result, index, directory)) is not None:
            return partly
        none = tidy(say(f"{key}.none", language, noun=noun, description=description, **scope))
        return "\n".join([none, *_mentioned_line(result, index, directory)]), []
    asked = {directory.canonical(o) or o for o in question.filters.orgs}
    family = set().union(*(directory.family(o) for o in asked)) if asked else set()
    header = f"{key}.header_one" if key == "list.within" and count == 1 else f"{key}.header"
    lines = [tidy(say(header, language, count=count, noun=noun, description=description, **scope))]
    if question.asked.caveat:
        # "Mogen wij als partner meedoen aan de acties van VMM?": the list, never read as a verdict.
        lines[0] = f"{no_verdict(question.asked.caveat, language)} {lines[0]}"
    projects = question.filters.status == "project"
    lines += [
        list_line(a, asked, family, language, directory, question.today, projects=projects) for a in result.actions
    ]
    lines += _missing_data_notes(question, index, directory)
    lines += _mentioned_line(result, index, directory)
    return "\n".join(lines), [cite_action(a) for a in result.actions]


def _mentioned_line(result: RouteResult, index: LoadedIndex, directory: OrganisationDirectory) -> list[str]:
    """For "which actions involve X": the actions whose text names X without X as trekker or partner, as one line.

    They are named, not cited: involved is who stands in the trekker or partner cell (evals/gold/README.md).
    """
    question = result.question
    filters = question.filters
    if result.within or question.topic_terms or filters.role != "any" or not filters.names_organisations:
        return []
    context = MatchContext(index.document, directory, question.today)
    mentioned = filters.but(role="mentioned").apply(index.document.actions, context)
    if not mentioned:
        return []
    # By number (each links to its card), in a paragraph of its own: an addendum to the list, which a surface that
    # shortens long answers (Slack) may leave behind "Toon alles" without cutting the list.
    items = joined([a.id for a in mentioned], question.language)
    return ["", say("list.mentioned", question.language, items=items)]


def _organisations_alone(
    result: RouteResult, index: LoadedIndex, directory: OrganisationDirectory
) -> tuple[str, list[Citation]] | None:
    """No action passes all filters, but the organisation has actions: say so, so that "geen acties waarbij Aquafin
    betrokken is, die nu lopen" does not read as if Aquafin were not in the plan."""
    question = result.question
    filters = question.filters
    who = (*ActionFilters.names(subject="who"), "role", "orgs_match")
    rest = filters.without(*who)
    if not filters.names_organisations or not rest or question.topic_terms:
        return None
    alone = filters.without(*(name for name in filters.given() if name not in who))
    found = alone.apply(index.document.actions, MatchContext(index.document, directory, question.today))
    if not found:
        return None
    language = question.language
    ids = ", ".join(a.id for a in found[:FOLLOWUP_LOOKUP_LIMIT]) + (", …" if len(found) > FOLLOWUP_LOOKUP_LIMIT else "")
    noun = say("noun.action" if len(found) == 1 else "noun.actions", language)
    none_noun = say("noun.action", language)
    rest_description = _singular_clauses(rest.describe(language, index.document))
    text = say(
        "list.none_of_theirs",
        language,
        count=len(found),
        noun=noun,
        description=alone.describe(language, index.document),
        ids=ids,
        none_noun=none_noun,
        rest=rest_description,
    )
    # The ids in the sentence are its sources; they are not cited as the answer, which is that none passes.
    return tidy(text), []


def _missing_data_notes(question: Question, index: LoadedIndex, directory: OrganisationDirectory) -> list[str]:
    """Where a filter meets data the plan lacks, say how many actions could not be judged."""
    filters = question.filters
    notes = []
    context = MatchContext(index.document, directory, question.today)
    if filters.importance in ("Sleutelactie", "Ondersteunend"):
        unstated = filters.but(importance="niet vermeld").apply(index.document.actions, context)
        if unstated:
            notes.append(_note("list.missing_importance", question, index, filters.but(importance=None), len(unstated)))
    if any(getattr(filters, name) for name in _TIMING_FILTERS):
        scope = ActionFilters.model_validate({k: v for k, v in filters.given().items() if k not in _TIMING_FILTERS})
        untimed = scope.but(undetermined=True).apply(index.document.actions, context)
        if untimed:
            notes.append(_note("list.missing_timing", question, index, scope, len(untimed)))
    return notes


def _note(key: str, question: Question, index: LoadedIndex, scope: ActionFilters, count: int) -> str:
    noun, description = describe_filters(question.with_filters(scope), index, count)
    return tidy(
        say(key + ("_one" if count == 1 else ""), question.language, count=count, noun=noun, description=description)
    )


def tidy(text: str) -> str:
    """No doubled blanks or blank before punctuation where a description is empty."""
    return text.replace("  ", " ").replace(" .", ".").replace(" :", ":")
