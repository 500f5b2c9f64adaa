"""What a question asks of the plan: the filter model, the parsed question, the parser and the validator."""

from assistant.question.filter_rules import Language, MatchContext, Role
from assistant.question.filters import ActionFilters
from assistant.question.guard import validate_question
from assistant.question.lexicon import Lexicon
from assistant.question.model import ALL_FIELDS, FieldName, Question
from assistant.question.parser import parse_question

__all__ = [
    "ALL_FIELDS",
    "ActionFilters",
    "FieldName",
    "Language",
    "Lexicon",
    "MatchContext",
    "Question",
    "Role",
    "parse_question",
    "validate_question",
]
