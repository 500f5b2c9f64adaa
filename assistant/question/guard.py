"""What a question must be before it is parsed: the one validator, and instructions to the assistant cut out."""

from __future__ import annotations

import re

from foundation.errors import InvalidQuestion


def validate_question(question: object, max_chars: int) -> str:
    """The question with its blanks collapsed, or InvalidQuestion with a Dutch message saying what is wrong."""
    if not isinstance(question, str) or not question.strip():
        raise InvalidQuestion("lege vraag", user_message="Je vraag is leeg. Typ een vraag over het actieplan.")
    trimmed = " ".join(question.split())
    if any(0xD800 <= ord(ch) <= 0xDFFF for ch in trimmed):
        # A lone surrogate cannot be stored or sent on: refuse it like any unusable question.
        raise InvalidQuestion("ongeldige tekens", user_message="Je vraag bevat ongeldige tekens.")
    if len(trimmed) > max_chars:
        raise InvalidQuestion(
            f"vraag van {len(trimmed)} tekens", user_message=f"Je vraag is te lang (max. {max_chars} tekens)."
        )
    return trimmed


# Instructions aimed at the assistant, not questions about the plan. Left in, their words steer retrieval
# (and the language guess) away from the real question, so they are cut out before parsing. Every pattern is
# tried on one sentence at a time and none starts with an unbounded run, so parsing stays linear in length.
_SENTENCE = re.compile(r"[^.?!\n]*(?:[.?!\n]+|$)")
_OVERRIDE = re.compile(
    r"\b(?:negeer|vergeet|ignore|disregard|forget)\b[^.?!\n]{0,40}?"
    r"\b(?:instructies|instructions|regels|rules|opdrachten|prompts?)\b(?:\s+(?:en|and)\b)?",
    re.IGNORECASE,
)
_REVEAL = re.compile(r"\b(?:print|toon|geef|laat\s+zien|show|reveal|dump|output|tell|vertel|lees)\b", re.IGNORECASE)
_SECRET = re.compile(
    r"\b(?:configuratie|config|omgevingsvariabelen|environment|env|api[-_ ]?key|tokens?|wachtwoord|password|"
    r"secrets?|geheimen|systeemprompt|system prompt|systeem prompt|instructies|instructions|slack_\w+|actieplan_\w+)\b",
    re.IGNORECASE,
)
_ROLE_PLAY = re.compile(
    r"^\s*(?:system|systeem|assistant)\s*:|\b(?:je bent nu|you are now|doe alsof|pretend|developer mode|"
    r"ontwikkelaarsmodus|jailbreak|dan mode)\b",
    re.IGNORECASE,
)


def is_instruction(sentence: str) -> bool:
    """Whether a sentence instructs the assistant (reveal its secrets, play a role) instead of asking."""
    if _ROLE_PLAY.search(sentence):
        return True
    reveal = _REVEAL.search(sentence)
    return reveal is not None and _SECRET.search(sentence, reveal.end()) is not None


def strip_instructions(question: str) -> str:
    """The question without instructions to the assistant; unchanged when nothing else would be left."""
    kept = [s for s in _SENTENCE.findall(_OVERRIDE.sub(" ", question)) if s and not is_instruction(s)]
    stripped = "".join(kept)
    return stripped if re.search(r"\w", stripped) else question


def has_instructions(question: str) -> bool:
    """Whether the question holds an instruction to the assistant (an override, a role play, a reveal)."""
    return bool(_OVERRIDE.search(question)) or any(is_instruction(s) for s in _SENTENCE.findall(question) if s)
