"""Who a message is for: a question for the bot, or thanks, a remark or a question to a colleague.

A surface that hears every message of a conversation (a Slack thread with follow-ups without a tag, a group chat)
answers only the questions for the bot; and a tag that only points at the question above ("@actieplan weet jij
dit?") hands the bot that question. The words of the rule and the examples it must read right are data, in
addressing.toml, so the question parser can use the same rule later.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from plan_model.records import ACTION_ID, DOMAIN_ORDER

ADDRESSING_FILE = Path(__file__).with_name("addressing.toml")

_WORD = re.compile(r"\d+(?:\.\d+)*|[^\W\d_]+(?:'[^\W\d_]+)?")
# "@Jan …" (a Slack mention of another person, as plain text) or "Jan, …": the message is for that person.
_MENTION = re.compile(r"(?<![\w.])@\w")
_NAME_FIRST = re.compile(r"^\s*([A-Z][a-zà-ÿ]+),\s")
# An organisation written as an acronym (VMM, OVAM, VITO); two letters would take "OK" for one.
_ACRONYM = re.compile(r"\b[A-Z]{3,6}\b")
_YEAR = re.compile(r"\b20\d\d\b")
# People a question can be put to, other than the bot: with none of the plan's words, it is for them.
_PEOPLE = frozenset({"jij", "je", "jullie", "we", "wij", "ik", "iemand", "hij", "zij"})
# Follow-ups this short that narrow the answer above need no word of the plan ("en OVAM?", "en 2027?").
_SHORT_CONTINUATION = 4


@dataclass(frozen=True)
class Addressing:
    """The rule's words (see addressing.toml)."""

    acknowledgements: frozenset[str]
    plan_words: frozenset[str]
    plan_stems: tuple[str, ...]
    request_openers: frozenset[str]
    continuation_openers: frozenset[str]
    question_openers: frozenset[str]
    to_colleague: tuple[str, ...]
    pointers: frozenset[str]


@dataclass(frozen=True)
class Examples:
    """Messages the rule must read right: follow-up questions, chatter, tags that point up, tags that ask."""

    questions: tuple[str, ...]
    chatter: tuple[str, ...]
    pointers: tuple[str, ...]
    own_questions: tuple[str, ...]


def _split(text: str) -> list[str]:
    return text.split()


@cache
def _data() -> dict[str, dict[str, object]]:
    with ADDRESSING_FILE.open("rb") as handle:
        return tomllib.load(handle)


@cache
def rules() -> Addressing:
    """The rule's words, read once from addressing.toml."""
    words = {key: str(value) for key, value in _data()["words"].items()}
    return Addressing(
        acknowledgements=frozenset(_split(words["acknowledgements"])),
        plan_words=frozenset(_split(words["plan_words"])),
        plan_stems=tuple(_split(words["plan_stems"])),
        request_openers=frozenset(_split(words["request_openers"])),
        continuation_openers=frozenset(_split(words["continuation_openers"])),
        question_openers=frozenset(_split(words["question_openers"])),
        to_colleague=tuple(" ".join(p.split()) for p in words["to_colleague"].split("|") if p.strip()),
        pointers=frozenset(_split(words["pointers"])),
    )


def examples() -> Examples:
    """The examples of addressing.toml, for the tests (and for anyone changing the rule)."""
    data = _data()["examples"]

    def texts(key: str) -> tuple[str, ...]:
        value = data[key]
        return tuple(str(item) for item in value) if isinstance(value, list) else ()

    return Examples(texts("questions"), texts("chatter"), texts("pointers"), texts("own_questions"))


def words_of(text: str) -> list[str]:
    """The words and numbers of a message, lower-cased; emoji and punctuation left out."""
    return _WORD.findall(text.lower())


def is_about_plan(text: str, words: list[str] | None = None) -> bool:
    """Whether a message names the plan or something in it: an action, a focus domain, a year, an organisation's
    acronym, a word of the plan ("trekker", "sleutelacties", "daarvan") or one of its subjects ("grondwater")."""
    r = rules()
    words = words_of(text) if words is None else words
    domains = {code.lower() for code in DOMAIN_ORDER}
    return bool(
        ACTION_ID.search(text)
        or _YEAR.search(text)
        or _ACRONYM.search(text)
        or any(w in r.plan_words or w in domains for w in words)
        or any(stem in w for w in words for stem in r.plan_stems)
    )


def _to_someone_else(text: str, r: Addressing) -> bool:
    name = _NAME_FIRST.match(text)
    known = r.acknowledgements | r.question_openers | r.request_openers | r.continuation_openers | r.plan_words
    return bool(_MENTION.search(text)) or (name is not None and name.group(1).lower() not in known)


def is_question_for_bot(text: str) -> bool:
    """Whether a message heard in a conversation with the bot asks the bot something about the plan.

    Not: thanks and acknowledgements ("Top, bedankt!"), remarks ("Ik bel Jan morgen wel even."), answers to a
    colleague ("Ja, BW 1.6 is die workshop."), questions put to someone ("Heeft iemand het contact van de
    trekker?", "@Jan kun jij dit oppakken?"). Yes: a question or request about the plan ("wie trekt die?", "toon
    alleen de sleutelacties"), or a short follow-up narrowing the answer above ("en OVAM?").
    """
    r = rules()
    words = words_of(text)
    if not words or all(w in r.acknowledgements for w in words) or _to_someone_else(text, r):
        return False
    opening = " ".join(words[:3])
    if any(opening == p or opening.startswith(p + " ") for p in r.to_colleague):
        return False
    first = words[0]
    asks = text.rstrip().endswith("?") or first in r.question_openers
    continues = first in r.continuation_openers
    if not (asks or continues or first in r.request_openers):
        return False
    if is_about_plan(text, words):
        return True
    return continues and asks and len(words) <= _SHORT_CONTINUATION and not _PEOPLE & set(words)


def defers_to_thread(text: str) -> bool:
    """Whether a tag only points at the question above ("weet jij dit?", "wat zegt het plan hierover?", a bare
    tag) instead of asking one of its own ("wie trekt KP 1.3?"): every word is one of pointing."""
    return all(w in rules().pointers for w in words_of(text))
