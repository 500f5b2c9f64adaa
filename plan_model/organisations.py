"""The organisation alias table: maps spellings found in the plan (and typed by users) to canonical names."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from foundation.text import FuzzyMatcher, fold, similarity, spaced_words_pattern

ALIAS_TABLE = Path(__file__).with_name("organisations.toml")
# A typed organisation name counts as an alias when this alike as a whole and each word at least the second.
_FUZZY_CUTOFF = 0.86
_FUZZY_WORD_CUTOFF = 0.7
# How alike a name must be to be suggested to someone who typed an unknown one.
_SUGGEST_CUTOFF = 0.6
# How many texts' named organisations are remembered (the plan's actions, with room to spare).
_NAMED_CACHE = 2048

# Words that join organisation names in a cell but are not organisations themselves.
_NOISE = {
    "",
    "…",
    "...",
    "o.a.",
    "oa",
    "incl.",
    "incl",
    "en",
    "kernteam",
    "trekker",
    "zie",
    "cf.",
    "i.k.v.",
    "met",
    "binnen",
    "van",
    "de",
    "het",
    "in",
    "andere",
    "leden",
    "tbd",
    "-",
    "+",
    "&",
}


def _alias_pattern(alias: str) -> str:
    """A regex for an alias that tolerates different dots, apostrophes, hyphens and spacing."""
    return spaced_words_pattern(alias, word_chars="0-9a-z", between=r"\s.'\-/&_")


@dataclass(frozen=True)
class Organisation:
    """One canonical organisation or group with its spellings."""

    name: str
    aliases: tuple[str, ...]
    full_name: str | None = None
    kind: str = "organisatie"
    parent: str | None = None
    # Short names users type that the plan's cells use in another sense ("Nexus": in "VITO (Nexus en Energie)").
    asked_as: tuple[str, ...] = ()
    # Never named on its own in the plan: it takes part where a cell names its parent collectively ("POM's").
    via_parent: bool = False


@dataclass(frozen=True)
class OrganisationGroup:
    """A kind of organisation users name ("universiteiten"), with the organisations it holds."""

    name: str
    phrase: str
    words: tuple[str, ...]
    members: tuple[str, ...]


@dataclass
class OrganisationMention:
    """An organisation found in a text, with where it stands."""

    name: str
    start: int
    end: int
    written: str


@dataclass
class OrganisationDirectory:
    """Lookup of organisations by any spelling, in cell text and in questions."""

    organisations: list[Organisation]
    groups: list[OrganisationGroup] = field(default_factory=list)
    _pattern: re.Pattern[str] = field(init=False, repr=False)
    _question_pattern: re.Pattern[str] = field(init=False, repr=False)
    _group_pattern: re.Pattern[str] | None = field(init=False, repr=False)
    _by_alias: dict[str, str] = field(init=False, repr=False)
    _by_shape: dict[int, FuzzyMatcher] = field(init=False, repr=False)
    _named: dict[str, frozenset[str]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._named = {}
        self._by_alias = {}
        alternatives: list[tuple[str, str]] = []
        for org in self.organisations:
            # The full name counts as a spelling too: users write "Vlaamse Instelling voor Technologisch Onderzoek".
            for alias in (org.name, *org.aliases, *([org.full_name] if org.full_name else [])):
                key = " ".join(re.findall(r"[0-9a-z]+", fold(alias)))
                self._by_alias.setdefault(key, org.name)
                alternatives.append((key, _alias_pattern(alias)))
        # Fuzzy matching compares a phrase only with aliases of as many words, about its length and first letter.
        shapes: dict[int, list[str]] = {}
        for key in self._by_alias:
            if len(key) >= 5:
                shapes.setdefault(len(key.split()), []).append(key)
        self._by_shape = {
            words: FuzzyMatcher(keys, cutoff=_FUZZY_CUTOFF, max_length_gap=3, same_initial=True)
            for words, keys in shapes.items()
        }
        # Longest aliases first so "VITO Kennispunt Water" wins over "VITO".
        alternatives.sort(key=lambda item: -len(item[0]))
        self._pattern = re.compile("|".join(f"(?:{p})" for _, p in alternatives))
        asked = []
        for org in self.organisations:
            for alias in org.asked_as:
                key = " ".join(re.findall(r"[0-9a-z]+", fold(alias)))
                self._by_alias.setdefault(key, org.name)
                asked.append((key, _alias_pattern(alias)))
        questions = sorted(alternatives + asked, key=lambda item: -len(item[0]))
        self._question_pattern = re.compile("|".join(f"(?:{p})" for _, p in questions))
        self._group_by_word = {" ".join(re.findall(r"[0-9a-z]+", fold(w))): g for g in self.groups for w in g.words}
        words = sorted(self._group_by_word, key=len, reverse=True)
        self._group_pattern = re.compile("|".join(f"(?:{_alias_pattern(w)})" for w in words)) if words else None

    def find_groups(self, text: str) -> list[tuple[OrganisationGroup, int, int]]:
        """The groups of organisations a text names ("de universiteiten"), with where they stand."""
        if self._group_pattern is None:
            return []
        found = []
        for match in self._group_pattern.finditer(fold(text)):
            group = self._group_by_word.get(" ".join(re.findall(r"[0-9a-z]+", match.group(0))))
            if group is not None:
                found.append((group, match.start(), match.end()))
        return found

    def group(self, name: str) -> OrganisationGroup | None:
        """The group with this name, or None."""
        return next((g for g in self.groups if g.name == name), None)

    def get(self, name: str) -> Organisation | None:
        """The organisation with this canonical name or alias, or None."""
        canonical = self.canonical(name)
        return next((o for o in self.organisations if o.name == canonical), None)

    def canonical(self, written: str) -> str | None:
        """The canonical name of an exact alias (ignoring case and punctuation), or None."""
        key = " ".join(re.findall(r"[0-9a-z]+", fold(written)))
        return self._by_alias.get(key)

    def find(self, text: str, *, question: bool = False) -> list[OrganisationMention]:
        """All organisations named in a text (a question: also by the short names users type), in text order."""
        folded = fold(text)
        mentions: list[OrganisationMention] = []
        pattern = self._question_pattern if question else self._pattern
        for match in pattern.finditer(folded):
            canonical = self.canonical(match.group(0))
            if canonical is None:
                continue
            mentions.append(
                OrganisationMention(canonical, match.start(), match.end(), text[match.start() : match.end()])
            )
        return mentions

    def named_in(self, text: str) -> frozenset[str]:
        """The organisations a running text names by name (not groups: "bedrijven" in a sentence names nobody)."""
        named = self._named.get(text)
        if named is None:
            kinds = {o.name: o.kind for o in self.organisations}
            named = frozenset(m.name for m in self.find(text) if kinds.get(m.name) != "groep")
            if len(self._named) >= _NAMED_CACHE:
                self._named.clear()
            self._named[text] = named
        return named

    def extract(self, cell: str) -> tuple[list[str], list[str]]:
        """Canonical organisations of a table cell, and the fragments that matched no alias (kept as written)."""
        mentions = self.find(cell)
        names = list(dict.fromkeys(m.name for m in mentions))
        residue = list(cell)
        for m in mentions:
            residue[m.start : m.end] = [" "] * (m.end - m.start)
        # Words in brackets qualify an organisation ("(i.k.v. NEHAP)", "(… in gebruikersgroep)"):
        # the organisations named there count, the other words are not organisations.
        for bracket in re.finditer(r"\([^()]*\)?", cell):
            residue[bracket.start() : bracket.end()] = [" "] * (bracket.end() - bracket.start())
        unknown = []
        for fragment in re.split(r"[,;/()+&:]|\s-\s|\s+en\s+|\bincl\.|\bo\.a\.", "".join(residue)):
            cleaned = fragment.strip(" .…'\"-")
            if fold(cleaned) in _NOISE or len(cleaned) < 2 or not re.search(r"[A-Za-z]", cleaned):
                continue
            unknown.append(cleaned)
        return names, unknown

    def involved_as(self, name: str) -> set[str]:
        """The names under which an organisation takes part in an action: itself, its sub-bodies, and, for one the
        plan names only collectively ("POM Limburg" in "POM's"), the collective."""
        names = self.family(name)
        org = self.get(name)
        if org is not None and org.via_parent and org.parent:
            names.add(org.parent)
        return names

    def family(self, name: str) -> set[str]:
        """The organisation and every organisation whose parent chain leads to it."""
        members = {name}
        changed = True
        while changed:
            changed = False
            for org in self.organisations:
                if org.parent in members and org.name not in members:
                    members.add(org.name)
                    changed = True
        return members

    def fuzzy(self, phrase: str) -> str | None:
        """The canonical name whose alias is most like a phrase (typos such as "boerebond"), or None.

        Word for word: a phrase missing a word of the alias ("zorgwekkende stoffen") is not a typo of it.
        """
        words = re.findall(r"[0-9a-z]+", fold(phrase))
        key = " ".join(words)
        matcher = self._by_shape.get(len(words))
        if len(key) < 5 or matcher is None:
            return None
        for alias, score in matcher.matches(key):
            if score <= _FUZZY_CUTOFF:
                continue
            if all(similarity(a, b) >= _FUZZY_WORD_CUTOFF for a, b in zip(alias.split(), words, strict=True)):
                return self._by_alias[alias]
        return None

    def suggestions(self, phrase: str, limit: int = 3) -> list[str]:
        """The canonical names most like an unknown phrase, best first, for "Bedoelde je …?" (may be empty).

        Looser than `fuzzy`: these are offered to a person to choose from, never applied silently.
        """
        key = " ".join(re.findall(r"[0-9a-z]+", fold(phrase)))
        if not key:
            return []
        matcher = FuzzyMatcher(self._by_alias, cutoff=_SUGGEST_CUTOFF)
        names = [self._by_alias[alias] for alias, _ in matcher.matches(key)]
        return list(dict.fromkeys(names))[:limit]


def load_directory(path: Path = ALIAS_TABLE) -> OrganisationDirectory:
    """Read the alias table from TOML."""
    with path.open("rb") as handle:
        data = tomllib.load(handle)
    orgs = [
        Organisation(
            name=entry["name"],
            aliases=tuple(entry.get("aliases", [])),
            full_name=entry.get("full_name"),
            kind=entry.get("kind", "organisatie"),
            parent=entry.get("parent"),
            asked_as=tuple(entry.get("asked_as", [])),
            via_parent=bool(entry.get("via_parent", False)),
        )
        for entry in data["organisation"]
    ]
    groups = [
        OrganisationGroup(
            name=entry["name"], phrase=entry["phrase"], words=tuple(entry["words"]), members=tuple(entry["members"])
        )
        for entry in data.get("group", [])
    ]
    return OrganisationDirectory(orgs, groups)


@lru_cache(maxsize=1)
def default_directory() -> OrganisationDirectory:
    """The bundled alias table, loaded once."""
    return load_directory()
