"""Switching the served index version: promote the staged version through a gate, or roll back."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from foundation.errors import VersionError
from foundation.settings import Settings
from ingest.store import IndexStore, PointerInfo
from plan_model.records import PlanDocument

log = logging.getLogger(__name__)


class Verdict(Protocol):
    """What a gate says about a version (evals.gate.GateResult is one)."""

    @property
    def passed(self) -> bool:
        """True when the version may serve."""
        ...

    def summary_lines(self) -> list[str]:
        """Dutch lines explaining the verdict."""
        ...


class PromotionGate(Protocol):
    """Evaluates the version a pointer names (evals.commands.EvalGate runs the gold suite)."""

    def check(self, settings: Settings, pointer: str) -> Verdict:
        """Evaluate the version behind `pointer` and say whether it may go live."""
        ...


@dataclass
class Switch:
    """What a promote or rollback did."""

    live: str
    previous: str | None
    changed: bool = True
    verdict: Verdict | None = None
    pruned: list[str] = field(default_factory=list)


def _require_complete(store: IndexStore, version: str, what: str) -> None:
    if not store.is_complete(version):
        raise VersionError(
            f"{what} {version} is onvolledig",
            user_message=f"De {what} versie {version} is onvolledig opgeslagen; "
            "bouw ze opnieuw met `actieplan ingest`.",
        )


def switch_live(store: IndexStore, version: str, how: str) -> str | None:
    """Make `version` live (how: "ingest", "promote", "promote --force", "rollback"); the old live version becomes
    previous, and previous_plan too when its plan differs. Returns the old live version."""
    old = store.pointer("live")
    # Previous first, then live: a crash in between leaves the old version serving and still recorded.
    if old and old != version:
        if store.load_records(old).content_hash != store.load_records(version).content_hash:
            store.set_pointer("previous_plan", old, how=how)
        store.set_pointer("previous", old, how=how)
    store.set_pointer("live", version, how=how)
    log.info("live: %s -> %s (%s)", old, version, how)
    return old


def promote(
    settings: Settings, gate: PromotionGate | None, *, force: bool = False, store: IndexStore | None = None
) -> Switch:
    """Make the staged version live when it passes the gate (previous = old live, staged cleared, pruned)."""
    store = store or IndexStore(settings)
    staged = store.pointer("staged")
    if staged is None:
        raise VersionError(
            "geen staged versie",
            user_message="Er is geen klaargezette versie: voer eerst `actieplan ingest --stage` uit.",
        )
    _require_complete(store, staged, "klaargezette")
    live = store.pointer("live")
    if staged == live:
        # Staging an unchanged plan yields the live version itself: nothing to switch.
        store.set_pointer("staged", None)
        return Switch(live=staged, previous=store.pointer("previous"), changed=False)
    verdict = None
    if not force:
        if gate is None:
            message = "Promoveren zonder evaluatie kan alleen met --force."
            raise VersionError("geen poort", user_message=message)
        verdict = gate.check(settings, "staged")
        if not verdict.passed:
            reasons = "\n".join(verdict.summary_lines())
            raise VersionError(
                f"poort gefaald voor {staged}",
                user_message=f"Promotie geweigerd: versie {staged} doorstaat de evaluatie niet.\n{reasons}",
            )
    if store.pointer("staged") != staged:
        # Another `ingest --stage` replaced the version while it was evaluated: the verdict is not about it.
        raise VersionError(
            "staged gewijzigd tijdens evaluatie",
            user_message="De klaargezette versie werd vervangen tijdens de evaluatie; "
            "voer `actieplan promote` opnieuw uit.",
        )
    switch_live(store, staged, "promote --force" if force else "promote")
    store.set_pointer("staged", None)
    pruned = store.prune()
    return Switch(live=staged, previous=live, verdict=verdict, pruned=pruned)


def rollback(settings: Settings, *, store: IndexStore | None = None) -> Switch:
    """Make the previous version live again; the version that was live becomes previous."""
    store = store or IndexStore(settings)
    previous = store.pointer("previous")
    if previous is None:
        raise VersionError("geen previous versie", user_message="Er is geen vorige versie om naar terug te keren.")
    _require_complete(store, previous, "vorige")
    # Keeping the former live version as previous makes a rollback itself undoable.
    live = switch_live(store, previous, "rollback")
    if live == previous:
        store.set_pointer("previous", None)
    return Switch(live=previous, previous=live)


@dataclass(frozen=True)
class VersionStatus:
    """One version a pointer names, with its records and when and how the pointer was set."""

    role: str
    pointer: PointerInfo
    document: PlanDocument


def version_status(store: IndexStore, roles: tuple[str, ...] = ("live", "staged", "previous")) -> list[VersionStatus]:
    """The versions the pointers name (a pointer at an incomplete version is left out)."""
    found = []
    for role in roles:
        info = store.pointer_info(role)
        if info is not None and store.is_complete(info.version):
            found.append(VersionStatus(role, info, store.load_records(info.version)))
    return found


def remember_earlier_plan(settings: Settings, path: Path, store: IndexStore | None = None) -> str | None:
    """Record the plan in `path` as the one the live plan replaced (previous_plan), by its records only: what a
    fresh index (`make eval`, `make baseline`) needs to answer "what changed?" and to say an action was removed as
    the service does. Returns its version, or None when it is the live plan itself."""
    from ingest.plan_checks import require_sound
    from ingest.plan_parser import name_plan, parse_plan
    from ingest.plan_source import read_plan
    from plan_model.organisations import default_directory

    store = store or IndexStore(settings)
    live = store.pointer("live")
    if live is None:
        raise VersionError("geen live versie", user_message="Lees eerst het plan zelf in; daarna het vorige.")
    lines, content_hash = read_plan(path)
    if store.load_records(live).content_hash == content_hash:
        return None
    document = parse_plan(lines, default_directory())
    require_sound(document, path.name)
    name_plan(document, path)
    version = f"e{content_hash[:15]}"
    document.source, document.content_hash, document.version = str(path), content_hash, version
    document.plan_file = str(path.resolve())
    store.save_records(version, document, 0)
    store.set_pointer("previous_plan", version, how="ingest --earlier")
    return version
