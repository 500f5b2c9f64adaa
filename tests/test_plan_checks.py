"""Structural checks at ingest: numbers twice, out of order, in another objective's table, a row without its cells,
a timing cell holding a row; each names the action, and the bundled plan passes them all."""

from __future__ import annotations

from pathlib import Path

import pytest

from foundation.settings import BUNDLED_PLAN
from ingest.plan_checks import PlanStructureError, require_sound
from ingest.plan_parser import parse_plan_file
from tests.support import plan_update as fixture


def renumbered(target: Path, *changes: tuple[str, str]) -> Path:
    """The bundled plan with the id lines of some actions written as other ids."""
    lines = fixture.bundled_lines()
    at = {old: fixture.row_start(lines, old) for old, _ in changes}
    for old, new in changes:
        lines[at[old]] = lines[at[old]].replace(old, new)
    target.write_text("".join(lines), encoding="utf-8")
    return target


def errors(plan: Path) -> list[str]:
    return [w.message for w in parse_plan_file(plan).warnings if w.severity == "error"]


def test_the_bundled_plan_and_its_update_are_sound(tmp_path: Path) -> None:
    for plan in (BUNDLED_PLAN, fixture.updated_plan(tmp_path / "nieuw.txt")):
        document = parse_plan_file(plan)
        require_sound(document, plan.name)
        assert errors(plan) == []


def test_a_number_twice_names_both_places_and_the_swallowed_row(tmp_path: Path) -> None:
    found = errors(fixture.duplicated_number(tmp_path / "dubbel.txt"))
    assert found[0] == (
        "het nummer BM 1.3 staat twee keer in het plan (regel 2201 en regel 2213); "
        "de tweede rij zou in de eerste opgaan"
    )
    assert found[1].startswith("de timing van BM 1.3 leest als de tekst van een actie ('Q3/2025 - Q4/2025 BM 1.3 ")
    with pytest.raises(PlanStructureError) as refused:
        require_sound(parse_plan_file(tmp_path / "dubbel.txt"), "dubbel.txt")
    message = refused.value.user_message
    assert message.startswith("Het plan dubbel.txt is niet ingelezen: de actietabellen kloppen niet bij BM 1.3.\n")
    assert message.endswith(
        "Er is niets klaargezet; de live versie blijft antwoorden. Verbeter het plan en lees het opnieuw in."
    )


def test_numbers_out_of_order_or_in_another_table(tmp_path: Path) -> None:
    swapped = renumbered(tmp_path / "wissel.txt", ("BM 1.4", "BM 1.5"), ("BM 1.5", "BM 1.4"))
    assert "BM 1.4 komt na BM 1.5 (regel 2250): de nummers staan niet in volgorde" in errors(swapped)
    moved = renumbered(tmp_path / "verkeerd.txt", ("BM 2.1", "BM 1.8"))
    assert any(e.startswith("BM 1.8 staat in de tabel van doelstelling 2 (") for e in errors(moved))


def test_a_row_without_trekker_and_timing(tmp_path: Path) -> None:
    assert errors(fixture.cut_mid_row(tmp_path / "afgekapt.txt")) == [
        "BW 1.3 heeft geen trekker, hoewel de tabel die kolom heeft",
        "BW 1.3 heeft geen timing, hoewel de tabel die kolom heeft",
    ]
