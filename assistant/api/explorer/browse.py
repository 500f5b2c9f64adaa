"""What the action browser adds to the filter model: sort links per column, search hits marked in the text, and
the organisation names it could not read, with the names it suggests instead (as links)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from markupsafe import Markup, escape

from assistant.api.explorer.rows import ActionRow
from assistant.question import ActionFilters
from assistant.question.organisation_names import NameReading
from assistant.question.text_search import search_terms, spans

SortState = Literal["ascending", "descending"] | None

# The sortable columns of the table: header label → the sort's column name(s); Timing sorts by start or by end.
SORT_LABELS = {
    "id": "nummer",
    "title": "titel",
    "initiator": "trekker",
    "start": "start",
    "end": "einde",
    "importance": "belang",
    "phase": "fase",
}
# How far around the first hit an excerpt reaches.
_EXCERPT_REACH = 70


@dataclass(frozen=True)
class SortLink:
    """A column's sort link: where it leads, and whether (and how) the view is sorted by it now."""

    column: str
    label: str
    href: str
    state: SortState

    @property
    def arrow(self) -> str:
        """▲ or ▼ for the current sort, else a faint ↕."""
        return {"ascending": "▲", "descending": "▼"}.get(self.state or "", "↕")

    @property
    def action(self) -> str:
        """What following the link does, for screen readers."""
        direction = "aflopend" if self.state == "ascending" else "oplopend"
        return f"sorteer {direction} op {self.label}"


def sort_links(filters: ActionFilters) -> dict[str, SortLink]:
    """Every column's sort link: a first click sorts ascending, the next one descending, and so on."""
    current = filters.sort or "id"
    links = {}
    for column, label in SORT_LABELS.items():
        state: SortState = "ascending" if current == column else "descending" if current == "-" + column else None
        target = "-" + column if state == "ascending" else column
        query = filters.but(sort=None if target == "id" else target).as_query()
        links[column] = SortLink(column, label, "/acties" + ("?" + query if query else ""), state)
    return links


def highlight(text: str, query: str | None) -> Markup:
    """The text, escaped, with the search's hits in <mark>."""
    if not query:
        return Markup(escape(text))
    parts: list[str] = []
    last = 0
    for start, end in spans(text, query):
        parts += [escape(text[last:start]), Markup("<mark>{}</mark>").format(text[start:end])]
        last = end
    parts.append(escape(text[last:]))
    return Markup("").join(parts)


def _excerpt(text: str, query: str) -> Markup | None:
    found = spans(text, query)
    if not found:
        return None
    start, end = found[0]
    left = max(0, start - _EXCERPT_REACH)
    right = min(len(text), end + _EXCERPT_REACH)
    # Cut at word boundaries, and say where the text goes on.
    if left > 0:
        left = text.find(" ", left, start) + 1 or left
    if right < len(text) and (cut := text.rfind(" ", end, right)) > end:
        right = cut
    piece = highlight(text[left:right].strip(), query)
    return Markup("{}{}{}").format("… " if left > 0 else "", piece, " …" if right < len(text) else "")


def search_hit(row: ActionRow, query: str | None) -> tuple[str, Markup] | None:
    """Where the search found an action, when it is not (only) in its title: the field and an excerpt."""
    if not query or not search_terms(query):
        return None
    card = row.card
    action = card.action
    # The title is the start of the action's text: a hit there is already marked in the title.
    rest = action[len(card.title) :].lstrip(" ,.;:") if action.startswith(card.title) else action
    fields = (
        ("Verder in de tekst", rest),
        ("Output", card.output),
        ("Trekker", card.initiator_text),
        ("Partners", card.partner_text),
        ("Projecten", ", ".join(card.projects)),
    )
    if spans(card.title, query):
        return None
    for label, text in fields:
        excerpt = _excerpt(" ".join(text.split()), query)
        if excerpt is not None:
            return label, excerpt
    # Found through another spelling of an organisation (its full name, an alias).
    return None


def plan_words(query: str | None) -> list[tuple[str, tuple[str, ...]]]:
    """The search's words that also find the plan's terms: ("medicijnen", ("geneesmiddelen",))."""
    if not query:
        return []
    return [(term.written, term.plan_terms) for term in search_terms(query) if term.plan_terms]


@dataclass(frozen=True)
class NameNotice:
    """An organisation name of the filters the browser could not read as written."""

    reading: NameReading
    # Each suggested name with the browser's address for the view with that name instead.
    options: tuple[tuple[str, str], ...]


def name_notices(readings: list[NameReading], filters: ActionFilters) -> list[NameNotice]:
    """The readings with, for an unknown name, a link per suggestion (the other filters kept)."""
    notices = []
    for reading in readings:
        options = []
        for suggestion in reading.suggestions:
            names = tuple(
                dict.fromkeys(suggestion if n == reading.written else n for n in getattr(filters, reading.field))
            )
            query = filters.but(**{reading.field: names}).as_query()
            options.append((suggestion, "/acties?" + query))
        notices.append(NameNotice(reading, tuple(options)))
    return notices
