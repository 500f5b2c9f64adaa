"""The parsed question: what one question asks of the plan, frozen; changed only by copies."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, Literal

from assistant.question.filters import ActionFilters, Language
from ingest.records import DomainCode

# The fields of an action a question can ask for, in the order answers give them.
FieldName = Literal["action", "output", "initiators", "partners", "timing", "importance", "status", "objective"]
ALL_FIELDS: tuple[FieldName, ...] = ("action", "output", "initiators", "partners", "timing", "importance", "status")

# What a follow-up points back to: nothing, one action ("die actie"), or the whole previous answer ("daarvan").
Reference = Literal["none", "one", "all"]


@dataclass(frozen=True)
class Question:
    """Everything recognised in one question."""

    text: str
    language: Language = "nl"
    filters: ActionFilters = field(default_factory=ActionFilters)
    action_ids: tuple[str, ...] = ()
    fields: tuple[FieldName, ...] = ()
    topic_terms: tuple[str, ...] = ()
    # Domains named in words ("bedrijventerreinen"): a filter for a list question, a hint for a search.
    domain_hints: tuple[DomainCode, ...] = ()
    role_explicit: bool = False
    wants_list: bool = False
    wants_count: bool = False
    funding: bool = False
    unanswerable: str | None = None
    refers_to: Reference = "none"
    # "En voor Aquafin?", "and BW 1.3?": the same question about another subject.
    continues: bool = False

    @property
    def has_filters(self) -> bool:
        """Whether the question names anything the records can be filtered on."""
        return bool(self.filters)

    def but(self, **changes: Any) -> Question:
        """A copy with these attributes changed."""
        return dataclasses.replace(self, **changes)

    def with_filters(self, filters: ActionFilters) -> Question:
        """A copy holding these filters."""
        return dataclasses.replace(self, filters=filters)
