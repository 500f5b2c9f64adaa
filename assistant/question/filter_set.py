"""How a set of filters behaves, whatever its fields: which filter, what it matches, how it reads, how it is copied.

`FilterSet` is the base of the one filter model (`filters.py`): it reads each field's `Filter` (filter_rules.py)
and needs no change when a filter is added.
"""

from __future__ import annotations

from functools import cache
from typing import Any, Self
from urllib.parse import urlencode

from pydantic import BaseModel

from assistant.question.filter_rules import Filter, Language, MatchContext
from plan_model.records import ActionRecord, PlanDocument


@cache
def _specs(model: type[BaseModel]) -> dict[str, Filter]:
    return {name: next(m for m in info.metadata if isinstance(m, Filter)) for name, info in model.model_fields.items()}


class FilterSet(BaseModel):
    """A set of filters over the actions, each field carrying its `Filter`; unset fields do not filter."""

    @classmethod
    def specs(cls) -> dict[str, Filter]:
        """Every field with its Filter, in field order."""
        return _specs(cls)

    @classmethod
    def names(cls, **wanted: Any) -> tuple[str, ...]:
        """The fields whose Filter has these attributes ("timing=True")."""
        return tuple(
            name for name, spec in cls.specs().items() if all(getattr(spec, k) == v for k, v in wanted.items())
        )

    @property
    def active(self) -> dict[str, Any]:
        """The filters that filter: every field with a value other than its default."""
        specs = self.specs()
        return {
            name: getattr(self, name)
            for name, info in type(self).model_fields.items()
            if getattr(self, name) != info.default and specs[name].match is not None
        }

    @property
    def names_subject(self) -> bool:
        """Whether the filters name what a question is about: an organisation, a group, a domain or an objective."""
        return any(getattr(self, name) for name, spec in self.specs().items() if spec.subject)

    @property
    def names_organisations(self) -> bool:
        """Whether the filters name who a question is about: organisations or groups of them."""
        return any(getattr(self, name) for name in self.names(subject="who"))

    def __bool__(self) -> bool:
        return bool(self.active)

    def matches(self, action: ActionRecord, ctx: MatchContext) -> bool:
        """Whether the action passes every filter."""
        specs = self.specs()
        return all(specs[name].match(action, value, self, ctx) for name, value in self.active.items())  # type: ignore[misc, arg-type]

    def apply(self, actions: list[ActionRecord], ctx: MatchContext) -> list[ActionRecord]:
        """The actions passing every filter, in the given (plan) order; never cut to a top-k."""
        return [action for action in actions if self.matches(action, ctx)]

    def describe(self, language: Language, document: PlanDocument) -> str:
        """The filters as one Dutch (or English) phrase: "die VMM trekt, in focusdomein KP (…)"."""
        specs = self.specs()
        clauses = [specs[name].phrase(value, self, language, document) for name, value in self.active.items()]  # type: ignore[arg-type]
        return ", ".join(c for c in clauses if c)

    def given(self) -> dict[str, Any]:
        """The fields set explicitly (by a question, a flag or a query parameter), for storing and inheriting."""
        return {name: getattr(self, name) for name in self.model_fields_set}

    def as_query(self) -> str:
        """The filters as the query string of `GET /api/actions` and the action browser ("org=VMM&role=initiator")."""
        values = self.model_dump(by_alias=True, exclude_defaults=True, mode="json")
        pairs = [(key, v) for key, value in values.items() for v in (value if isinstance(value, list) else [value])]
        return urlencode([(key, str(v).lower() if isinstance(v, bool) else v) for key, v in pairs])

    def but(self, **changes: Any) -> Self:
        """A copy with these filters set (validated, and counted as given)."""
        return self.model_validate({**self.given(), **changes})

    def without(self, *names: str) -> Self:
        """A copy with these filters unset."""
        return self.model_validate({k: v for k, v in self.given().items() if k not in names})

    def inherit(self, earlier: Self) -> Self:
        """These filters completed with an earlier question's, for "en voor X?": what this one sets wins."""
        return self.model_validate({**earlier.given(), **self.given()})
