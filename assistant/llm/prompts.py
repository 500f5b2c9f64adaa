"""The prompts of the generative answerer: the route's records and sections as an id-tagged context."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

from llama_index.core.llms import ChatMessage, MessageRole

from assistant.answer_models import Citation
from assistant.compose.parts import quote
from assistant.llm.draft import Draft, Followup
from plan_model.records import ActionRecord, PlanDocument

if TYPE_CHECKING:
    from assistant.routing import RouteResult

LIST_ROUTES = ("structured", "mixed")

# Long cells are cut so that a list of 20+ actions still fits a small model's context window (n_ctx 4096-8192).
_CELL_LIMIT = 500
_SECTION_LIMIT = 1200
_MAX_SECTIONS = 3
# What the plan's introduction says about actions marked neither planning nor project (see compose.parts).
_NO_STATUS = "niet vermeld (volgens de inleiding: uitgevoerd met de werkingsmiddelen van VITO Kennispunt Water)"


@cache
def load_prompt(name: str) -> str:
    """The text of prompts/<name> (package data), read once."""
    return resources.files("prompts").joinpath(name).read_text(encoding="utf-8").strip()


def system_prompt(language: str) -> str:
    """The system prompt for the question's language (Dutch unless the question is English)."""
    return load_prompt("system_en.txt" if language == "en" else "system_nl.txt")


def prompt_texts(language: str) -> list[str]:
    """Every fixed text a reply must not repeat: the system rules and the user and task templates."""
    suffix = "en" if language == "en" else "nl"
    names = (f"user_{suffix}.txt", f"task_list_{suffix}.txt", f"task_answer_{suffix}.txt")
    return [system_prompt(language), *(load_prompt(name) for name in names)]


def condense_prompt_texts(language: str) -> list[str]:
    """The fixed texts of the condensing prompt, which a rewritten question must not repeat."""
    return [load_prompt("condense_en.txt" if language == "en" else "condense_nl.txt"), load_prompt("condense_user.txt")]


def render_action(action: ActionRecord, document: PlanDocument) -> str:
    """One action as context lines, headed by its id in square brackets."""
    status = action.status or _NO_STATUS
    if action.status == "project" and action.projects:
        status += f" ({', '.join(action.projects)})"
    lines = [
        f"[{action.id}] Actie: {quote(action.action, _CELL_LIMIT)}",
        f"Output: {quote(action.output, _CELL_LIMIT) or 'niet vermeld'}",
        f"Trekker: {action.initiator_text or 'nog niet bepaald (tbd)'}",
        f"Partners: {action.partner_text or 'nog niet bepaald (tbd)'}",
        f"Timing: {action.timing or 'nog te bepalen'}",
        f"Belang: {action.importance or 'niet vermeld'}",
        f"Status: {status}",
    ]
    objective = document.objective(action.objective)
    if objective:
        lines.append(f"Operationele doelstelling: {objective.id} {objective.title} (hefboom: {objective.lever})")
    domain = document.domain(action.domain)
    if domain:
        lines.append(f"Focusdomein: {domain.code} {domain.name}")
    return "\n".join(lines)


def render_sections(result: RouteResult, grounded: list[Citation]) -> list[str]:
    """The narrative sections the route found, plus the sections the grounded answer quoted."""
    blocks: dict[str, str] = {}
    for section in result.sections[:_MAX_SECTIONS]:
        blocks.setdefault(section.title, f"[{section.title}] {quote(section.text, _SECTION_LIMIT)}")
    for citation in grounded:
        if citation.kind != "action" and citation.quote:
            blocks.setdefault(citation.title, f"[{citation.title}] {citation.quote}")
    return list(blocks.values())


def section_titles(result: RouteResult, grounded: list[Citation]) -> list[str]:
    """The titles of the sections in the context: the reply may cite them as "(BT, strategische doelstelling)"."""
    titles = [s.title for s in result.sections[:_MAX_SECTIONS]]
    titles += [c.title for c in grounded if c.kind != "action"]
    return list(dict.fromkeys(titles))


def render_context(draft: Draft) -> str:
    """The whole context block: every action of the route, then the sections."""
    blocks = [render_action(a, draft.index.document) for a in draft.result.actions]
    blocks += render_sections(draft.result, draft.citations)
    return "\n\n".join(blocks) if blocks else "(leeg)"


def user_prompt(draft: Draft) -> str:
    """The user message: context, the task (a list question names its exact set), then the fenced question."""
    suffix = "en" if draft.language == "en" else "nl"
    result = draft.result
    if result.route in LIST_ROUTES:
        ids = ", ".join(a.id for a in result.actions)
        task = load_prompt(f"task_list_{suffix}.txt").format(count=len(result.actions), ids=ids)
    else:
        task = load_prompt(f"task_answer_{suffix}.txt")
    context = render_context(draft)
    return load_prompt(f"user_{suffix}.txt").format(context=context, task=task, question=_unfence(draft.asked))


def answer_messages(draft: Draft) -> list[ChatMessage]:
    """The chat messages of one generative answer: the system rules and the user prompt."""
    return [
        ChatMessage(role=MessageRole.SYSTEM, content=system_prompt(draft.language)),
        ChatMessage(role=MessageRole.USER, content=user_prompt(draft)),
    ]


def condense_messages(followup: Followup) -> list[ChatMessage]:
    """The chat messages that ask the LLM to rewrite a follow-up into a standalone question."""
    user = load_prompt("condense_user.txt").format(
        question=_unfence(followup.question),
        previous_question=_unfence(followup.previous_question),
        previous_answer=_unfence(quote(followup.previous_answer, 1500)),
    )
    system = load_prompt("condense_en.txt" if followup.language == "en" else "condense_nl.txt")
    return [ChatMessage(role=MessageRole.SYSTEM, content=system), ChatMessage(role=MessageRole.USER, content=user)]


def _unfence(text: str) -> str:
    # The fence markers are stripped from user text so it cannot close its own fence and pose as rules.
    return text.replace("<<<", "").replace(">>>", "")
