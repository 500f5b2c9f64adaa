"""Turning records, narrative sections and guidance documents into llama-index nodes for the index."""

from __future__ import annotations

from typing import Any

from llama_index.core.node_parser import SentenceSplitter
from llama_index.core.schema import TextNode

from plan_model.records import ActionRecord, Objective, PlanDocument, TextSection
from plan_model.timing import year_of

_SPLITTER = SentenceSplitter(chunk_size=220, chunk_overlap=30)


def action_text(action: ActionRecord, objective: Objective | None = None) -> str:
    """The searchable text of an action: its cells in reading order, after its objective for context."""
    parts = [
        f"{action.id}: {action.action}",
        f"Output: {action.output}",
        f"Trekker: {action.initiator_text or 'niet vermeld'}",
        f"Partners: {action.partner_text or 'niet vermeld'}",
        f"Timing: {action.timing or 'niet vermeld'}",
    ]
    if action.projects:
        parts.append(f"Project: {', '.join(action.projects)}")
    if objective is not None:
        parts.append(f"Doelstelling: {objective.title}")
    return "\n".join(parts)


def _action_node(action: ActionRecord, objective: Objective | None) -> TextNode:
    metadata: dict[str, Any] = {
        "kind": "action",
        "ref": action.id,
        "title": action.title,
        "domain": action.domain,
        "objective": action.objective,
        "status": action.status or "",
        "importance": action.importance or "",
        "organisations": "|".join(action.organisations),
        "start_year": year_of(action.start) or -1,
        "end_year": year_of(action.end) or -1,
        "source": action.source,
    }
    return TextNode(id_=f"action:{action.id}", text=action_text(action, objective), metadata=metadata)


def _objective_node(objective: Objective) -> TextNode:
    text = f"{objective.id}: {objective.title}. Hefboom: {objective.lever}."
    metadata = {"kind": "objective", "ref": objective.id, "title": objective.title, "domain": objective.domain}
    return TextNode(id_=f"objective:{objective.id}", text=text, metadata=metadata)


def _section_nodes(section: TextSection) -> list[TextNode]:
    nodes = []
    for n, chunk in enumerate(_SPLITTER.split_text(section.text)):
        metadata = {
            "kind": "section",
            "ref": section.id,
            "title": section.title,
            "domain": section.domain or "",
            "source": section.source,
        }
        nodes.append(TextNode(id_=f"section:{section.id}:{n}", text=chunk, metadata=metadata))
    return nodes


def plan_nodes(document: PlanDocument) -> list[TextNode]:
    """One node per action and objective, and chunks of every narrative section."""
    nodes = [_action_node(a, document.objective(a.objective)) for a in document.actions]
    nodes += [_objective_node(o) for o in document.objectives]
    for section in document.sections:
        nodes += _section_nodes(section)
    return nodes


def chunk_guidance(title: str, source: str, page: int | None, text: str, key: str) -> list[TextNode]:
    """Chunks of one guidance document page, each keeping its title, source and page."""
    nodes = []
    for n, chunk in enumerate(_SPLITTER.split_text(text)):
        metadata = {
            "kind": "guidance",
            "ref": f"gids:{key}",
            "title": title,
            "source": source,
            "page": page if page is not None else -1,
            "domain": "",
        }
        nodes.append(TextNode(id_=f"guidance:{key}:{page or 0}:{n}", text=chunk, metadata=metadata))
    return nodes
