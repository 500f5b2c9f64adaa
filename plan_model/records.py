"""Pydantic models of what ingest extracts from the plan: actions, objectives, domains, sections."""

from __future__ import annotations

import re
from typing import Literal, get_args

from pydantic import BaseModel, Field, model_validator

from plan_model.dates import spoken_date

DomainCode = Literal["KP", "BW", "BT", "BM"]
Importance = Literal["Sleutelactie", "Ondersteunend"]
Status = Literal["planning", "project"]

DOMAIN_ORDER: tuple[DomainCode, ...] = get_args(DomainCode)
# The domain codes as one regex alternation ("KP|BW|BT|BM"), for every pattern that reads a code.
DOMAIN_CODES = "|".join(DOMAIN_ORDER)

# The one action-id pattern, for every spelling people and models write: "KP 1.3", "kp1.3", "actie BW 1.2",
# "KP.1.3", "BW 2,1". No letter may precede the code (so words ending in "bt" do not count) and no digit may
# follow (so "KP 1.33" is not "KP 1.3").
ACTION_ID = re.compile(
    rf"(?<![A-Za-z])(?:(?:actie|action)\s+)?({DOMAIN_CODES})\s?\.?\s?(\d{{1,2}})(?:\s?\.\s?|,)(\d{{1,2}})(?!\d)",
    re.IGNORECASE,
)


def canonical_id(match: re.Match[str]) -> str:
    """The id of an ACTION_ID match in the plan's spelling, "KP 1.3"."""
    code, major, minor = match.groups()
    return f"{code.upper()} {int(major)}.{int(minor)}"


def find_action_ids(text: str) -> list[str]:
    """Every action id mentioned in a text, canonical, in order of first mention."""
    return list(dict.fromkeys(canonical_id(m) for m in ACTION_ID.finditer(text)))


# After an id, more numbers of the same domain: "BT. 1.2; 1.3;1.4;2.1;2.3" names five actions of BT.
_MORE_NUMBERS = re.compile(r"(?:\s*[;,/]\s*|\s+(?:en|and)\s+)(\d{1,2})\.(\d{1,2})(?!\d)")


def referenced_ids(text: str) -> list[str]:
    """Every action id a text refers to, also in a list after one code ("BT. 1.2; 1.3;2.3"), in order."""
    found: list[str] = []
    for match in ACTION_ID.finditer(text):
        found.append(canonical_id(match))
        code, end = match.group(1).upper(), match.end()
        while more := _MORE_NUMBERS.match(text, end):
            found.append(f"{code} {int(more.group(1))}.{int(more.group(2))}")
            end = more.end()
    return list(dict.fromkeys(found))


def normalise_action_id(text: str) -> str | None:
    """Normalise an action id in any spelling ("kp1.3", "KP 1.3", "actie BW 1.2") to "KP 1.3"; None if not one."""
    match = ACTION_ID.fullmatch(text.strip())
    return canonical_id(match) if match else None


class ActionRecord(BaseModel):
    """One numbered action of the plan, with its table cells as data; the title is derived at ingest."""

    id: str
    domain: DomainCode
    objective: str
    status: Status | None = None
    projects: list[str] = Field(default_factory=list)
    action: str
    output: str
    initiators: list[str] = Field(default_factory=list)
    partners: list[str] = Field(default_factory=list)
    initiator_text: str = ""
    partner_text: str = ""
    timing: str = ""
    start: str | None = None
    end: str | None = None
    ongoing: bool = False
    importance: Importance | None = None
    source: str = ""
    # The page of the plan the action's row starts on; None where the text extraction does not tell.
    page: int | None = None

    title: str = Field(default="", description="Korte titel: het begin van de actietekst tot een zinsgrens")

    @model_validator(mode="after")
    def _derive_title(self) -> ActionRecord:
        # Records read back from an older index have no stored title: derive it the same way.
        if not self.title:
            self.title = short_title(self.action)
        return self

    @property
    def organisations(self) -> list[str]:
        """Initiators and partners, without duplicates, in order."""
        return list(dict.fromkeys([*self.initiators, *self.partners]))


class Objective(BaseModel):
    """An operational objective (e.g. KP-O.D.1) with its lever (hefboom)."""

    id: str
    domain: DomainCode
    title: str
    lever: str


class FocusDomain(BaseModel):
    """A focus domain with its challenge text and strategic objective."""

    code: DomainCode
    name: str
    challenge: str = ""
    strategic_objective: str = ""


class TextSection(BaseModel):
    """A narrative part of the plan (inleiding, a domain's uitdaging or strategische doelstelling, outro)."""

    id: str
    title: str
    text: str
    domain: DomainCode | None = None
    source: str = ""


class ParseWarning(BaseModel):
    """Something ingest could not read with certainty; reported, never silently dropped.

    An "error" is a break in the plan's structure (a number twice, a row swallowed by another): ingest refuses the
    plan instead of serving actions that are wrong.
    """

    action_id: str | None = None
    message: str
    severity: Literal["warning", "error"] = "warning"


class PlanDocument(BaseModel):
    """Everything extracted from one plan version."""

    title: str = "Actieplan VITO Kennispunt Water 2025"
    source: str = ""
    content_hash: str = ""
    # The date the plan is signed with ("Kortrijk, 12 september 2025"), ISO; None when the plan states none.
    plan_date: str | None = None
    # The plan file as ingested (absolute), and the name of the copy kept in the data dir: a plain ingest re-reads
    # the live version's plan, never silently another one.
    plan_file: str = ""
    plan_copy: str = ""
    # The day the version was ingested (ISO), told apart from the plan's own date when that did not change.
    ingested: str | None = None
    domains: list[FocusDomain] = Field(default_factory=list)
    objectives: list[Objective] = Field(default_factory=list)
    actions: list[ActionRecord] = Field(default_factory=list)
    sections: list[TextSection] = Field(default_factory=list)
    links: list[str] = Field(default_factory=list)
    warnings: list[ParseWarning] = Field(default_factory=list)
    unknown_organisations: list[str] = Field(default_factory=list)
    guidance_sources: list[str] = Field(default_factory=list)
    guidance_digest: str = ""
    version: str = ""

    @property
    def short_name(self) -> str:
        """The plan as people call it, "Actieplan 2025": the year its title ends with."""
        year = re.search(r"(20\d{2})\s*$", self.title)
        return f"Actieplan {year.group(1)}" if year else "Actieplan"

    def version_label(self, language: str = "nl", beside: PlanDocument | None = None) -> str:
        """ "versie van 12 september 2025": the plan's date; the day it was ingested where the plan states none,
        or (with `beside`, another version) where both state the same date."""
        dutch = language != "en"
        ingested = (
            (", ingelezen op " if dutch else ", ingested on ") + spoken_date(self.ingested, language)
            if self.ingested
            else ""
        )
        if self.plan_date:
            text = ("versie van " if dutch else "version of ") + spoken_date(self.plan_date, language)
            if beside is None or beside.plan_date != self.plan_date:
                return text
            # Two versions of one date: told apart by the day each was ingested, else by the version id.
            if self.ingested and beside.ingested != self.ingested:
                return text + ingested
            return f"{text} ({self.version[:8]})" if self.version and beside.version != self.version else text
        if self.ingested:
            return ("versie ingelezen op " if dutch else "version ingested on ") + spoken_date(self.ingested, language)
        return ("versie " if dutch else "version ") + (self.version[:8] or "?")

    def domain_counts(self) -> dict[str, int]:
        """How many actions each focus domain has, in the plan's domain order (0 for a domain it lacks)."""
        return {code: sum(1 for a in self.actions if a.domain == code) for code in DOMAIN_ORDER}

    def action(self, action_id: str) -> ActionRecord | None:
        """The action with this id (any spelling), or None."""
        wanted = normalise_action_id(action_id)
        return next((a for a in self.actions if a.id == wanted), None)

    def objective(self, objective_id: str) -> Objective | None:
        """The objective with this id, or None."""
        return next((o for o in self.objectives if o.id == objective_id), None)

    def domain(self, code: str) -> FocusDomain | None:
        """The focus domain with this code, or None."""
        return next((d for d in self.domains if d.code == code), None)


# Where a long action text may be cut into a title: before a clause or a phrase that only qualifies what precedes.
_PHRASE_BREAKS = re.compile(
    r",\s|\s\(|\s[-–]\s|\s(?:om|op basis van|met focus op|met expliciete|waarbij|zodat|via|door|in functie van|"
    r"gebaseerd op|als doorvertaling|voortbouwend|in samenwerking met|getest op|gericht op|met aandacht voor|"
    r"in het kader van|zowel|inclusief|incl\.|om te|en nagaan|met nadruk op|als opstap)\s"
)


# Weaker boundaries, used only when a long clause has no strong one: a relative clause, a coordinated verb.
_CLAUSE_BREAKS = re.compile(r"\s(?:die|dat|waarin|waarmee|en)\s")
# After a comma, the rest of an enumeration: a noun or two, then "en"/"of" and its last item.
_ENUMERATION_GOES_ON = re.compile(
    r",\s+(?!(?:met|via|door|voor|in|op|om|de|het|een)\b)\w+(?:\s+\w+)?\s+(?:en|of)\s+\w+"
)
# Words a title must not end on: the phrase they open was cut.
_DANGLING = {"van", "de", "het", "een", "en", "op", "in", "met", "voor", "tot", "om", "te", "aan", "of", "bij", "naar",
             "geïnspireerd", "gebaseerd", "gericht", "gekoppeld"}  # fmt: skip


def short_title(text: str, limit: int = 110) -> str:
    """A title for an action: its first clause whole, or its head up to a phrase boundary; never a cut phrase."""
    text = re.sub(r"^\((?:planning|project[^)]*)\)\s*", "", text.strip(), flags=re.IGNORECASE)
    # A sentence ends at ". " or "; " before a capital, not at abbreviations such as "o.a." or "bv.".
    first = re.split(r"(?<![ (.][a-z])(?<!\bbv)(?<!\bcf)[.;]\s+(?=[A-Z(])", text, maxsplit=1)[0].rstrip(" .;:")
    # Remarks in brackets at the end ("(Project: …)", "(koppeling met actie BT 2.3)") do not name the action.
    while (bare := re.sub(r"\s*\([^()]*\)$", "", first)) != first and len(bare) >= 25:
        first = bare
    if len(first) <= limit:
        return first
    for pattern, longest in ((_PHRASE_BREAKS, limit + 40), (_CLAUSE_BREAKS, limit)):
        if pattern is _CLAUSE_BREAKS and len(first) <= limit + 40:
            # A whole clause a little long reads better than one cut at "en" ("wie welke rol").
            return first
        # Not at a comma inside an enumeration ("bronnen, kennis en gegevens"): that would cut the list.
        ends = [m.start() for m in pattern.finditer(first) if 30 <= m.start() <= longest]
        for end in reversed([e for e in ends if not _ENUMERATION_GOES_ON.match(first, e)]):
            words = first[:end].rstrip(" ,;:").split()
            while words and words[-1].lower() in _DANGLING:
                words.pop()
            title = re.sub(r"\s*\([^()]*\)$", "", " ".join(words))
            if len(title) >= 30 and title.count("(") == title.count(")"):
                return title
    return first


def plan_text(document: PlanDocument) -> str:
    """The plan's words as its records hold them: narrative sections, objectives and every cell of every action."""
    parts = [section.text for section in document.sections]
    parts += [f"{o.title} {o.lever}" for o in document.objectives]
    parts += [f"{a.action} {a.output} {a.initiator_text} {a.partner_text} {a.timing}" for a in document.actions]
    return "\n".join(parts)
