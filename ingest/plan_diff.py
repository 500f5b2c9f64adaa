"""What changed between two plan versions: actions and objectives added, removed, changed field by field."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from plan_model.records import ActionRecord, Objective, PlanDocument

# (field, Dutch label) compared per action, in the order a reader expects them.
ACTION_FIELDS = (
    ("action", "actie"),
    ("output", "output"),
    ("initiators", "trekker"),
    ("partners", "partners"),
    ("timing", "timing"),
    ("importance", "relatief belang"),
    ("status", "status"),
    ("projects", "projecten"),
    ("objective", "doelstelling"),
)
OBJECTIVE_FIELDS = (("title", "titel"), ("lever", "hefboom"))
# The "(planning)" / "(Project: …)" marker is reported as status and projects, not as an action-text change.
_STATUS_MARKER = re.compile(r"^\((?:planning|project[^)]*)\)\s*", re.IGNORECASE)


class FieldChange(BaseModel):
    """One field of an action or objective that differs; for organisations, who was added or removed."""

    field: str
    label: str
    old: str
    new: str
    added: list[str] = Field(default_factory=list)
    removed: list[str] = Field(default_factory=list)


class ItemChange(BaseModel):
    """An action or objective present in both versions whose fields differ."""

    id: str
    title: str
    changes: list[FieldChange]


class ItemRef(BaseModel):
    """An action or objective added or removed."""

    id: str
    title: str


class Section(BaseModel):
    """Added, removed and changed items of one kind (actions or objectives)."""

    added: list[ItemRef] = Field(default_factory=list)
    removed: list[ItemRef] = Field(default_factory=list)
    changed: list[ItemChange] = Field(default_factory=list)

    @property
    def empty(self) -> bool:
        """True when nothing was added, removed or changed."""
        return not (self.added or self.removed or self.changed)


class PlanDiff(BaseModel):
    """The differences between an old and a new plan."""

    old: str
    new: str
    old_actions: int
    new_actions: int
    actions: Section
    objectives: Section


def _clean(text: str | None) -> str:
    return " ".join((text or "").split())


def _action_value(record: ActionRecord, name: str) -> tuple[str, list[str]]:
    """The comparable text of a field, and the organisations it names (for trekker and partners)."""
    if name == "initiators":
        return _clean(record.initiator_text) or ", ".join(record.initiators), record.initiators
    if name == "partners":
        return _clean(record.partner_text) or ", ".join(record.partners), record.partners
    if name == "projects":
        return ", ".join(record.projects), []
    if name == "action":
        return _STATUS_MARKER.sub("", _clean(record.action)), []
    return _clean(str(getattr(record, name) or "")), []


def _field_changes(old: ActionRecord, new: ActionRecord) -> list[FieldChange]:
    changes = []
    for name, label in ACTION_FIELDS:
        (old_text, old_orgs), (new_text, new_orgs) = _action_value(old, name), _action_value(new, name)
        if old_text == new_text and old_orgs == new_orgs:
            continue
        added = [o for o in new_orgs if o not in old_orgs]
        removed = [o for o in old_orgs if o not in new_orgs]
        changes.append(FieldChange(field=name, label=label, old=old_text, new=new_text, added=added, removed=removed))
    return changes


def _objective_changes(old: Objective, new: Objective) -> list[FieldChange]:
    return [
        FieldChange(field=name, label=label, old=_clean(getattr(old, name)), new=_clean(getattr(new, name)))
        for name, label in OBJECTIVE_FIELDS
        if _clean(getattr(old, name)) != _clean(getattr(new, name))
    ]


def _diff_items(old: Sequence[Any], new: Sequence[Any], changes_of: Callable[[Any, Any], list[FieldChange]]) -> Section:
    """Items (actions or objectives) added, removed and changed between two plans, matched by id."""
    old_by_id, new_ids = {item.id: item for item in old}, {item.id for item in new}
    section = Section(
        added=[ItemRef(id=i.id, title=i.title) for i in new if i.id not in old_by_id],
        removed=[ItemRef(id=i.id, title=i.title) for i in old if i.id not in new_ids],
    )
    for item in new:
        if item.id in old_by_id and (changes := changes_of(old_by_id[item.id], item)):
            section.changed.append(ItemChange(id=item.id, title=item.title, changes=changes))
    return section


def diff_plans(old: PlanDocument, new: PlanDocument, old_label: str = "", new_label: str = "") -> PlanDiff:
    """Compare two parsed plans by action and objective id (line numbers and sources are ignored)."""
    actions = _diff_items(old.actions, new.actions, _field_changes)
    objectives = _diff_items(old.objectives, new.objectives, _objective_changes)
    return PlanDiff(
        old=old_label or old.source,
        new=new_label or new.source,
        old_actions=len(old.actions),
        new_actions=len(new.actions),
        actions=actions,
        objectives=objectives,
    )


def diff_files(old_path: Path, new_path: Path) -> PlanDiff:
    """Parse two plan files (text or PDF) and compare them."""
    from ingest.plan_parser import parse_plan_file

    return diff_plans(parse_plan_file(old_path), parse_plan_file(new_path), str(old_path), str(new_path))


def _section_lines(title: str, section: Section) -> list[str]:
    lines: list[str] = []
    if section.empty:
        return [f"{title}: geen verschillen"]
    lines.append(f"{title}:")
    for heading, refs in (("Toegevoegd", section.added), ("Verwijderd", section.removed)):
        if refs:
            lines.append(f"  {heading} ({len(refs)}):")
            lines += [f"    {ref.id}  {ref.title}" for ref in refs]
    if section.changed:
        lines.append(f"  Gewijzigd ({len(section.changed)}):")
        for item in section.changed:
            lines.append(f"    {item.id}  {item.title}")
            for change in item.changes:
                who = [f"+ {o}" for o in change.added] + [f"- {o}" for o in change.removed]
                lines.append(f"      {change.label}:" + (f" {', '.join(who)}" if who else ""))
                lines.append(f"        was: {change.old or '(leeg)'}")
                lines.append(f"        nu:  {change.new or '(leeg)'}")
    return lines


def render_text(diff: PlanDiff) -> str:
    """The diff as Dutch text for people."""
    lines = [
        f"Oud:  {diff.old} ({diff.old_actions} acties)",
        f"Nieuw: {diff.new} ({diff.new_actions} acties)",
        "",
        *_section_lines("Acties", diff.actions),
        "",
        *_section_lines("Doelstellingen", diff.objectives),
    ]
    return "\n".join(lines) + "\n"


# A drop of this many actions, or of this share of them, is named first when a plan is ingested: a truncated
# download or a wrong file, more often than a real update.
LARGE_DROP_ACTIONS = 5
LARGE_DROP_SHARE = 0.1


def touched_ids(diff: PlanDiff) -> list[str]:
    """Every action id the diff names: added, removed or changed, in that order."""
    section = diff.actions
    return list(dict.fromkeys([*(r.id for r in section.added), *(r.id for r in section.removed),
                               *(c.id for c in section.changed)]))  # fmt: skip


def summary_line(diff: PlanDiff) -> str:
    """One Dutch line: "1 actie nieuw (KP 2.4), 1 geschrapt (BT 3.2), 3 gewijzigd (KP 4.1, KP 4.5, BW 1.6)"."""
    section = diff.actions
    parts = []
    for count, label, ids in (
        (len(section.added), "nieuw", [r.id for r in section.added]),
        (len(section.removed), "geschrapt", [r.id for r in section.removed]),
        (len(section.changed), "gewijzigd", [c.id for c in section.changed]),
    ):
        if count:
            shown = ", ".join(ids[:8]) + (" …" if len(ids) > 8 else "")
            parts.append(f"{count} {label} ({shown})")
    if not parts:
        return "geen acties nieuw, geschrapt of gewijzigd"
    first = parts[0].split(" ", 1)
    parts[0] = f"{first[0]} {'actie' if first[0] == '1' else 'acties'} {first[1]}"
    return ", ".join(parts)


def drop_alarms(old: PlanDocument, new: PlanDocument, than: str = "de live versie") -> list[str]:
    """Dutch lines naming what a new plan loses at large: focus domains, objectives, many actions."""
    alarms = []
    old_counts, new_counts = old.domain_counts(), new.domain_counts()
    gone = [code for code, count in old_counts.items() if count and not new_counts.get(code)]
    if gone:
        noun = "focusdomein" if len(gone) == 1 else "focusdomeinen"
        alarms.append(f"{noun} {', '.join(gone)} {'staat' if len(gone) == 1 else 'staan'} niet meer in het plan")
    lost = len(old.actions) - len(new.actions)
    if lost >= LARGE_DROP_ACTIONS or (old.actions and lost / len(old.actions) >= LARGE_DROP_SHARE):
        alarms.append(f"{lost} acties minder dan {than} ({len(old.actions)} → {len(new.actions)})")
    objectives = {o.id for o in new.objectives}
    missing = [o.id for o in old.objectives if o.id not in objectives and o.domain not in gone]
    if missing:
        alarms.append(f"doelstellingen niet meer in het plan: {', '.join(missing)}")
    return alarms
