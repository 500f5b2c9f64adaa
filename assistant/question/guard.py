"""What a question must be before it is parsed: the one validator, and instructions to the assistant cut out."""

from __future__ import annotations

import re

from foundation.errors import InvalidQuestion


def validate_question(question: object, max_chars: int) -> str:
    """The question with its blanks collapsed (line breaks kept: a pasted e-mail keeps its lines), or InvalidQuestion
    with a Dutch message saying what is wrong."""
    if not isinstance(question, str) or not question.strip():
        raise InvalidQuestion("lege vraag", user_message="Je vraag is leeg. Typ een vraag over het actieplan.")
    trimmed = "\n".join(" ".join(line.split()) for line in question.splitlines() if line.strip())
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


# Lines of pasted material, not the asker's own words: mail headers, quoted lines, chat roles, tool output.
_MATERIAL_LINE = re.compile(
    r"^\s*(?:>|(?:van|aan|cc|bcc|onderwerp|verzonden|datum|from|to|subject|sent|date|system|systeem|assistant|"
    r"assistent|tool|tool result|tool_result|function|observation|user)\s*:|\[[^\]]{0,40}\]\s*:?|-{3,}|_{3,}|={3,})",
    re.IGNORECASE,
)
# A long quote inside a line ("… vragen wij u te onderzoeken …"): material the asker pastes, not their question.
_LONG_QUOTE = re.compile(r"[\"“”„«»]([^\"“”„«»\n]{60,})[\"“”„«»]")
# A pasted text this long is material around a question: the question is in its last sentences.
_PASTE_CHARS = 600
_OWN_SENTENCES = 3


def own_question(text: str) -> str:
    """The asker's own words in a text that may hold pasted material (an e-mail, a document, a tool's output).

    Lines that are mail headers, quotes, chat roles or tool output are material, and so is a long quote inside a
    line; in a long paste the asker's question is in its last sentences. What is left is what the question is read
    from; a text with no material is returned as it is.
    """
    lines = text.split("\n")
    own = [_LONG_QUOTE.sub(" ", line) for line in lines if not _MATERIAL_LINE.match(line)]
    kept = " ".join(" ".join(own).split())
    if len(kept) > _PASTE_CHARS:
        sentences = [s.strip() for s in _SENTENCE.findall(kept) if s.strip()]
        asking = [n for n, s in enumerate(sentences) if s.endswith("?")]
        last = asking[-1] if asking else len(sentences) - 1
        kept = " ".join(sentences[max(0, last - _OWN_SENTENCES + 1) : last + 1])
    if not re.search(r"\w", kept):
        return " ".join(text.split())
    return kept


def has_instructions(question: str) -> bool:
    """Whether the question holds an instruction to the assistant (an override, a role play, a reveal)."""
    return bool(_OVERRIDE.search(question)) or any(is_instruction(s) for s in _SENTENCE.findall(question) if s)
