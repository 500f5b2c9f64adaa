"""The parsed question: what one question asks of the plan, frozen; changed only by copies."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from assistant.question.changes import ChangeAsk
from assistant.question.filter_rules import Language
from assistant.question.filters import ActionFilters
from assistant.question.form import Asked, Referent
from plan_model.concepts import Concept
from plan_model.records import DomainCode

# The fields of an action a question can ask for, in the order answers give them.
FieldName = Literal["action", "output", "initiators", "partners", "timing", "importance", "status", "objective"]
ALL_FIELDS: tuple[FieldName, ...] = ("action", "output", "initiators", "partners", "timing", "importance", "status")

# What a follow-up points back to: nothing, one action ("die actie"), or the whole previous answer ("daarvan").
Reference = Literal["none", "one", "all"]


@dataclass(frozen=True)
class Question:
    """Everything recognised in one question."""

    # The asker's own question as read: instructions to the assistant cut out and, in a pasted e-mail or document,
    # only what the asker wrote around it (guard.own_question); the search embeds this, never the paste.
    text: str
    # The day the question is asked on: "nu", "volgend jaar" and "al afgerond" are read relative to it.
    today: date
    language: Language = "nl"
    # The text with each single users' word replaced by the plan's main term for it ("akkerbouw" → "landbouw"), so
    # a synonym is embedded as the plan's own word; empty when it equals `text`.
    plan_worded: str = ""
    filters: ActionFilters = field(default_factory=ActionFilters)
    action_ids: tuple[str, ...] = ()
    fields: tuple[FieldName, ...] = ()
    topic_terms: tuple[str, ...] = ()
    # Plan concepts named outside the filter words ("van VMM rond medicijnen"): a topic within the filters.
    topic_concepts: tuple[Concept, ...] = ()
    # The plan's concepts the question names, in the users' words or the plan's (plan_model/vocabulary.toml).
    concepts: tuple[Concept, ...] = ()
    # Of those, the ones named only where the asker introduces themself ("ik ben fruitteler", "ik werk bij een
    # drinkwatermaatschappij"): who asks, the scene of a topic question rather than its subject.
    scene: tuple[Concept, ...] = ()
    # Domains named in words ("bedrijventerreinen"): a filter for a list question, a hint for a search.
    domain_hints: tuple[DomainCode, ...] = ()
    role_explicit: bool = False
    wants_list: bool = False
    wants_count: bool = False
    # "Uit hoeveel acties bestaat het plan?": a count over the whole plan, not a list.
    wants_overview: bool = False
    funding: bool = False
    # "Geeft het Kennispunt zelf subsidies?": money asked of the plan itself, whose answer is no.
    money_from_plan: bool = False
    unanswerable: str | None = None
    # An instruction to the assistant ("negeer je regels", a fake "SYSTEM:" line): refused, never followed.
    injection: bool = False
    instruction_only: bool = False
    refers_to: Reference = "none"
    # "En voor Aquafin?", "and BW 1.3?": the same question about another subject.
    continues: bool = False
    # No noun for what is asked about ("welke lopen er nog?"): in a conversation, it is the previous answer.
    elliptic: bool = False
    yes_no: bool = False
    # "Bij wie kan ik aankloppen?": the organisations to turn to (the plan names no people).
    asks_contact: bool = False
    # "Wat gebeurt er na de selectie van de stoffen?": the action found and the actions that build on its result.
    asks_what_follows: bool = False
    # "Welke acties verwijzen naar de Blue Deal?": the name every action naming it is cited for ("Blue Deal").
    mentioned: str | None = None
    # "Wat betekent 'planning'?": the meaning of a label of the plan, which its introduction defines.
    asks_meaning: bool = False
    # The asker speaks of their own situation ("wij zijn een kmo", "onze investering").
    first_person: bool = False
    # "zonder zelf de leiding te hebben": partner, and the named organisations do not lead.
    partner_only: bool = False
    # A subject outside the plan's scope ("zonnepanelen", "luchtkwaliteit"), as the vocabulary names it.
    outside_topic: str | None = None
    # The logical form beyond the filters (form.py): what is asked, what a follow-up points back to, and other
    # conjunctions of filters the question offers as alternatives ("VMM of een universiteit").
    asked: Asked = field(default_factory=Asked)
    referent: Referent = field(default_factory=Referent)
    alternatives: tuple[ActionFilters, ...] = ()
    # The asker's own question, as lemmas (a pasted e-mail's headers and quoted lines left out): what routing and
    # composing read instead of the raw text.
    words: tuple[str, ...] = ()
    # Capitalised words no dictionary knows ("Maldegem", "Tielt"): place names, when the plan names them.
    places: tuple[str, ...] = ()
    # "Het departement", "de provincie": one organisation of a kind the plan has several of, none named. The options
    # to choose from (a clarifying question asks which), and the words that named it.
    ambiguous: tuple[str, ...] = ()
    ambiguous_words: str = ""
    # The provinces (or the port) the question names ("een akkerbouwer in West-Vlaanderen", "in Genk"): an action
    # bound to another place does not fit it (plan_model/places.toml).
    regions: tuple[str, ...] = ()
    # Nouns after "die"/"dat" ("die werkgroep"): what of the previous answer a follow-up names.
    demonstratives: tuple[str, ...] = ()
    # "die actie", "that action": one action, which must be chosen when the previous answer had several.
    names_one_action: bool = False
    # "Wie …", "wanneer …", "de actie …": a question about the one action its topic points to.
    about_one: bool = False
    # "Met wie?", "met welke partners?": who the partners are (a field), not where someone is a partner (a role).
    asks_partners: bool = False
    # "Loopt …?", "is het al klaar?": whether an action runs (asked of one action, answered from its timing).
    asks_running: bool = False
    # "Wat is er veranderd?", "welke acties zijn nieuw / geschrapt?": the plan's versions (question/changes.py).
    asks_changes: ChangeAsk | None = None

    @property
    def search_text(self) -> str:
        """The text to search with: the asker's own question and the plan's own terms for the concepts it names."""
        # The asker's own sector is searched with only where the answer is about them: their funding.
        named = self.concepts if self.funding else self.subject_concepts
        terms = dict.fromkeys(term for concept in named for term in concept.plan)
        return " ".join([self.text, *terms])

    @property
    def subject_concepts(self) -> tuple[Concept, ...]:
        """The concepts the question is about: those it names outside the asker's introduction of themself."""
        return tuple(c for c in self.concepts if c not in self.scene)

    @property
    def in_plan_words(self) -> str:
        """The question with the users' single words for the plan's concepts replaced by the plan's own terms."""
        return self.plan_worded or self.text

    @property
    def topic_text(self) -> str:
        """The topic of a question with filters: its topic words and the plan's terms for its topic concepts."""
        terms = dict.fromkeys(term for concept in self.topic_concepts for term in concept.plan)
        return " ".join([*self.topic_terms, *terms])

    @property
    def has_topic(self) -> bool:
        """Whether the question names a topic besides its filters."""
        return bool(self.topic_terms or self.topic_concepts)

    @property
    def needs(self) -> tuple[str, ...]:
        """The funding needs the question names (a loan, a subsidy, insurance …), as the vocabulary words them."""
        return tuple(c.need for c in self.concepts if c.need)

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
