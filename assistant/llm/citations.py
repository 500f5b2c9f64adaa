"""Citation enforcement for LLM answers: only ids the route retrieved may stay in the text and the citations."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from assistant.answer_models import Citation
from assistant.compose.parts import cite_action
from plan_model.records import ACTION_ID, ActionRecord, canonical_id, find_action_ids

# A bracket group: "(KP 1.3)", "(KP 1.3; BW 2.1)", "[KP 9.9]". Nested brackets are not a citation style.
_GROUP = re.compile(r"[(\[]([^()\[\]]*)[)\]]")
# What may stand between ids in a pure citation group ("KP 1.3, KP 1.4 en BW 2.1", "zie actie KP 1.3").
_GROUP_GLUE = re.compile(r"^(?:[\s,;/&+]|\ben\b|\band\b|\bzie\b|\bsee\b|\bacties?\b|\bactions?\b)*$", re.IGNORECASE)
# A bare unsupported id takes the word "actie"/"action" before it along, so "Ook actie KP 9.9 helpt" does not
# become "Ook actie helpt".
_BARE_PREFIX = re.compile(r"(?:\b(?:de\s+|the\s+)?(?:acties?|actions?)\s+)$", re.IGNORECASE)
# "KP 1.3 en KP 9.9": the removed id takes its list glue along, before it or else after it.
_LIST_GLUE_BEFORE = re.compile(r"\s*(?:,|;|/|\ben\b|\band\b|\bof\b|\bor\b)\s*$", re.IGNORECASE)
_LIST_GLUE_AFTER = re.compile(r"\s*(?:,|;|/|\ben\b|\band\b|\bof\b|\bor\b)\s*", re.IGNORECASE)
# Prompt-format tokens of common chat templates: a reply holding them echoes its prompt.
_CHAT_MARKUP = re.compile(r"\[/?INST\]|<</?SYS>>|<\|im_(?:start|end)\|>|<(?:start|end)_of_turn>|<\|eot_id\|>")
_BULLET = re.compile(r"^\s*(?:[-*•–]|\d{1,2}[.)])\s+")
# Sentence ends (". " not inside "1.3") and line breaks, kept as separators.
_SENTENCE_BREAK = re.compile(r"((?<=[.!?])[ \t]+|\n)")


@dataclass
class Enforced:
    """An LLM reply after enforcement: the cleaned text, what it still cites, and what was removed."""

    text: str
    cited_ids: list[str] = field(default_factory=list)
    cited_sections: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    @property
    def cites_anything(self) -> bool:
        """Whether the cleaned reply still stands on at least one retrieved source."""
        return bool(self.cited_ids or self.cited_sections)


def enforce_citations(reply: str, allowed_ids: Iterable[str], section_titles: Iterable[str] = ()) -> Enforced:
    """Remove every cited id that is not in `allowed_ids` from the reply, keeping the sentences around it."""
    allowed = set(allowed_ids)
    removed: list[str] = []

    def rewrite_group(match: re.Match[str]) -> str:
        inner = match.group(1)
        found = list(ACTION_ID.finditer(inner))
        if not found:
            return match.group(0)
        glue = ACTION_ID.sub(" ", inner)
        if not _GROUP_GLUE.match(glue):
            # A bracket with prose in it ("(zie ook KP 9.9 over drainage)"): treat its ids as bare mentions.
            return match.group(0)[0] + _strip_bare(inner, allowed, removed) + match.group(0)[-1]
        ids = [canonical_id(m) for m in found]
        kept = list(dict.fromkeys(i for i in ids if i in allowed))
        removed.extend(i for i in ids if i not in allowed)
        # Rebuilt in the one citation style the answers use, so "[KP1.3]" becomes "(KP 1.3)".
        return f"({'; '.join(kept)})" if kept else "\x00"

    # NUL marks a removed group until _tidy decides how much space around it goes; none may come from the reply.
    text = _GROUP.sub(rewrite_group, reply.replace("\x00", ""))
    # A list line whose only citations were removed is an action the route did not find: it goes entirely.
    text = "\n".join(line for line in text.split("\n") if not _lost_its_sources(line, allowed))
    text = _strip_bare(text, allowed, removed)
    text = _tidy(text)
    lowered = text.lower()
    sections = [t for t in dict.fromkeys(section_titles) if t and t.lower() in lowered]
    return Enforced(text=text, cited_ids=find_action_ids(text), cited_sections=sections, removed=removed)


def _lost_its_sources(line: str, allowed: set[str]) -> bool:
    return (
        bool(_BULLET.match(line))
        and "\x00" in line
        and not any(canonical_id(m) in allowed for m in ACTION_ID.finditer(line))
    )


def _strip_bare(text: str, allowed: set[str], removed: list[str]) -> str:
    """Remove bare unsupported ids; a sentence or list line that is about nothing but such ids goes entirely."""
    pieces = _SENTENCE_BREAK.split(text)
    out: list[str] = []
    # split() with a group alternates sentence, separator, sentence, …: walk them in pairs.
    for i in range(0, len(pieces), 2):
        sentence, separator = pieces[i], pieces[i + 1] if i + 1 < len(pieces) else ""
        found = [(m, canonical_id(m)) for m in ACTION_ID.finditer(sentence)]
        unsupported = [(m, wanted) for m, wanted in found if wanted not in allowed]
        if not unsupported:
            out += [sentence, separator]
            continue
        removed.extend(wanted for _, wanted in unsupported)
        if len(unsupported) == len(found):
            # "Actie KP 9.9 gaat over drainage." without its subject would be nonsense: drop the sentence.
            continue
        out += [_cut_ids(sentence, [m for m, _ in unsupported]), separator]
    return "".join(out)


def _cut_ids(sentence: str, matches: list[re.Match[str]]) -> str:
    """The sentence without these id mentions, each with the "actie"/"en"/"," that tied it in."""
    out: list[str] = []
    last = 0
    for match in matches:
        before = sentence[last : match.start()]
        cut = _BARE_PREFIX.search(before) or _LIST_GLUE_BEFORE.search(before)
        out.append(before[: cut.start()] if cut else before)
        last = match.end()
        after = _LIST_GLUE_AFTER.match(sentence, last)
        if not cut and after:
            last = after.end()
    out.append(sentence[last:])
    return "".join(out)


def _tidy(text: str) -> str:
    """Close the gaps removals leave: a removed group with the space before it, doubled spaces, " ."."""
    text = re.sub(r"(?<=\))\s*(?:,|;|\ben\b|\band\b)?\s*\x00", "", text)
    text = re.sub(r"[ \t]*\x00", "", text)
    text = re.sub(r"[ \t]*\(\s*\)", "", text)
    text = re.sub(r"\*\*\s*\*\*|__\s*__", "", text)
    text = re.sub(r"[ \t]{2,}", " ", text)
    text = re.sub(r"[ \t]+([.,;:!?])", r"\1", text)
    text = re.sub(r"([,;:])(?:\s*[,;:])+", r"\1", text)
    text = re.sub(r"[ \t]+\n", "\n", text)
    return text.strip()


def restrict_citations(grounded: list[Citation], cited_ids: list[str], actions: list[ActionRecord]) -> list[Citation]:
    """The grounded citations of the ids the reply cites (sections stay), plus any cited action it lacked."""
    cited = set(cited_ids)
    kept = [c for c in grounded if c.kind != "action" or c.id in cited]
    have = {c.id for c in kept if c.kind == "action"}
    # A retrieved action the grounded text did not cite (e.g. one shown only as "related") still needs its chip.
    by_id = {a.id: a for a in actions}
    kept += [cite_action(by_id[i]) for i in cited_ids if i not in have and i in by_id]
    return kept


def missing_ids(cited_ids: list[str], actions: list[ActionRecord]) -> list[str]:
    """The ids of the route's actions that the reply does not mention (a list answer must name them all)."""
    cited = set(cited_ids)
    return [a.id for a in actions if a.id not in cited]


def leaks_prompt(reply: str, prompt_texts: Iterable[str], min_words: int = 4) -> bool:
    """Whether the reply repeats a line of its prompts (rules, templates) or chat markup: a broken or leaking reply."""
    if _CHAT_MARKUP.search(reply):
        return True
    # Compared as bare words, so an echo that lost a comma still counts.
    said = f" {_words(reply)} "
    lines = (_words(line) for text in prompt_texts for line in text.splitlines() if "{" not in line)
    return any(len(line.split()) >= min_words and f" {line} " in said for line in lines)


def _words(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))
