"""Which plan file an ingest reads, and the copy of every ingested plan kept in the data dir.

A plain `actieplan ingest` (no --plan) re-reads the plan of the live version, so that adding guidance or a new
release of the assistant never silently puts another plan (the bundled one) back live. The copy in the data dir
holds the exact bytes that were ingested: it is read when the original file moved or changed.
"""

from __future__ import annotations

import hashlib
import shutil
from dataclasses import dataclass
from pathlib import Path

from foundation.errors import IngestError
from foundation.settings import PROJECT_ROOT, Settings
from plan_model.records import PlanDocument


@dataclass(frozen=True)
class ChosenPlan:
    """The plan file an ingest reads, and why that one (for the first line of its output)."""

    path: Path
    # "gegeven" (--plan), "instelling" (ACTIEPLAN_PLAN_PATH), "live" (the live version's plan), "meegeleverd".
    origin: str
    # Shown to people: the file as the maintainer gave it, not the copy in the data dir.
    shown: str


def plans_dir(settings: Settings) -> Path:
    """The folder holding a copy of every ingested plan."""
    return settings.data_dir / "plans"


def keep_copy(settings: Settings, path: Path, content_hash: str) -> str:
    """Copy the plan file into the data dir (once per content); the copy's file name."""
    name = f"{content_hash[:16]}{path.suffix.lower() or '.txt'}"
    target = plans_dir(settings) / name
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(target.suffix + ".tmp")
        shutil.copyfile(path, tmp)
        tmp.replace(target)
    return name


def plan_file_of(settings: Settings, document: PlanDocument) -> Path | None:
    """The file holding a version's plan: the file it was read from while it still holds that plan, else the copy
    kept in the data dir, else the file it was read from even if it changed since (None when none exists)."""
    originals: list[Path] = []
    for given in (document.plan_file, document.source):
        if given:
            path = Path(given)
            originals += [path] if path.is_absolute() else [Path.cwd() / path, PROJECT_ROOT / path]
    originals = [path for path in originals if path.is_file()]
    for path in originals:
        if _content_hash(path) == document.content_hash:
            return path
    copy = plans_dir(settings) / document.plan_copy if document.plan_copy else None
    if copy is not None and copy.is_file():
        return copy
    return originals[0] if originals else None


def _content_hash(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return ""


def choose_plan(settings: Settings, given: Path | None, live: PlanDocument | None) -> ChosenPlan:
    """The plan to read: --plan, else ACTIEPLAN_PLAN_PATH when set, else the live version's plan, else the
    bundled one (the first ingest)."""
    if given is not None:
        return ChosenPlan(given, "gegeven", str(given))
    if "plan_path" in settings.model_fields_set:
        return ChosenPlan(settings.plan_path, "instelling", str(settings.plan_path))
    if live is None:
        return ChosenPlan(settings.plan_path, "meegeleverd", str(settings.plan_path))
    path = plan_file_of(settings, live)
    if path is None:
        message = (
            f"Het plan van de live versie ({live.plan_file or live.source}) is niet meer te vinden; geef het plan "
            "dat je wilt inlezen mee met `actieplan ingest --plan PAD`. De live versie blijft antwoorden."
        )
        raise IngestError(message, user_message=message)
    return ChosenPlan(path, "live", live.plan_file or live.source or str(path))
