"""How the organisation names of a set of filters were read: known, a typo of a known name, or unknown with the
names most like it. One rule for every surface: the CLI prints it, the explorer shows it with links.
"""

from __future__ import annotations

from dataclasses import dataclass

from assistant.question.filters import ActionFilters
from plan_model.organisations import OrganisationDirectory


@dataclass(frozen=True)
class NameReading:
    """An organisation name as given in a filter, and what it was read as."""

    field: str
    written: str
    # A typo read as this organisation ("boerebond" → Boerenbond); None when known as written, or unknown.
    read_as: str | None = None
    unknown: bool = False
    # For an unknown name: the organisations most like it, best first (may be empty).
    suggestions: tuple[str, ...] = ()

    @property
    def typo_note(self) -> str:
        """ "'boerebond' gelezen als Boerenbond." """
        return f"'{self.written}' gelezen als {self.read_as}."

    @property
    def unknown_message(self) -> str:
        """ "Onbekende organisatie 'VMMM'. Bedoelde je VMM?" (or how to write a name when nothing is alike)."""
        hint = f" Bedoelde je {either(self.suggestions)}?" if self.suggestions else NO_SUGGESTION
        return f"Onbekende organisatie '{self.written}'.{hint}"


NO_SUGGESTION = " Schrijf de naam zoals in het plan, bv. VMM."


def either(names: tuple[str, ...] | list[str]) -> str:
    """ "A", "A of B", "A, B of C"."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " of " + names[-1]


def read_names(filters: ActionFilters, directory: OrganisationDirectory) -> list[NameReading]:
    """The organisation names of the filters that are not known as written: typos read as a name, and unknowns."""
    readings = []
    seen: set[str] = set()
    for field in ActionFilters.names(organisations=True):
        for name in getattr(filters, field):
            if name in seen or directory.canonical(name):
                continue
            seen.add(name)
            matched = directory.fuzzy(name)
            if matched:
                readings.append(NameReading(field, name, read_as=matched))
            else:
                readings.append(NameReading(field, name, unknown=True, suggestions=tuple(directory.suggestions(name))))
    return readings
