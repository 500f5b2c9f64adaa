"""The alias table and the timing parser."""

from __future__ import annotations

from datetime import date

import pytest

from plan_model.organisations import default_directory
from plan_model.records import normalise_action_id
from plan_model.timing import is_active_in, is_running_now, parse_timing


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("Dept. Omgeving", "Departement Omgeving"),
        ("Departement Omgeving", "Departement Omgeving"),
        ("Dept. Omg.", "Departement Omgeving"),
        ("Dep.Omgeving", "Departement Omgeving"),
        ("VMM", "VMM"),
        ("VMM (Dienstencentrum)", "VMM"),
        ("Flanders' FOOD", "Flanders' FOOD"),
        ("Flanders'Food", "Flanders' FOOD"),
        ("POM's", "POM's"),
        ("POM Antwerpen", "POM Antwerpen"),
        ("POM West-Vlaanderen", "POM West-Vlaanderen"),
        ("Vito Kennispunt Water", "VITO Kennispunt Water"),
        ("VITO Nexus", "VITO Nexus"),
        ("VITO", "VITO"),
        ("KULeuven", "KU Leuven"),
        ("Ugent", "UGent"),
        ("Verzekeringsector", "Verzekeringssector"),
    ],
)
def test_aliases(written: str, canonical: str) -> None:
    assert default_directory().extract(written)[0] == [canonical]


def test_combined_cells_are_split() -> None:
    directory = default_directory()
    assert directory.extract("VMM/CIW")[0] == ["VMM", "CIW"]
    assert directory.extract("CIW + VITO Kennispunt Water")[0] == ["CIW", "VITO Kennispunt Water"]
    assert directory.extract("VITO Kennispunt Water, UA en VITO (Nexus en Energie)")[0] == [
        "VITO Kennispunt Water",
        "UAntwerpen",
        "VITO",
    ]


def test_families() -> None:
    directory = default_directory()
    pom = {"POM's", "POM Antwerpen", "POM West-Vlaanderen", "POM Limburg", "POM Oost-Vlaanderen", "POM Vlaams-Brabant"}
    assert directory.family("POM's") == pom
    assert directory.family("CIW") == {"CIW", "CIW OO&I Platform", "CIW Europaplatform"}
    assert directory.family("VITO") == {"VITO"}


def test_a_body_the_plan_names_only_collectively_takes_part_where_the_collective_does() -> None:
    """POM Limburg is never named on its own: it takes part where a cell names "POM's", not where POM Antwerpen
    does; POM Antwerpen, named on its own, keeps to its own actions."""
    directory = default_directory()
    assert directory.involved_as("POM Limburg") == {"POM Limburg", "POM's"}
    assert directory.involved_as("POM Antwerpen") == {"POM Antwerpen"}


@pytest.mark.parametrize(
    ("typed", "canonical"),
    [
        ("boerebond", "Boerenbond"),
        ("aquaflanders", "Aquaflanders"),
        ("Dept Omgevin", "Departement Omgeving"),
        ("watergoep", "De Watergroep"),
    ],
)
def test_typos(typed: str, canonical: str) -> None:
    assert default_directory().fuzzy(typed) == canonical


def test_fuzzy_needs_every_word() -> None:
    assert default_directory().fuzzy("zorgwekkende stoffen") is None


@pytest.mark.parametrize(
    ("text", "start", "end", "ongoing", "undetermined"),
    [
        ("Q1 2026 - Q4 2028", "2026-Q1", "2028-Q4", False, False),
        ("Q4/2024 - Q3/2027", "2024-Q4", "2027-Q3", False, False),
        ("Q3 2025- …", "2025-Q3", None, False, False),
        ("Doorlopend", None, None, True, False),
        ("Doorlopend vanaf Q2 2025", "2025-Q2", None, True, False),
        ("te bepalen", None, None, False, True),
        ("tbd", None, None, False, True),
        ("Q1, 2025", "2025-Q1", "2025-Q1", False, False),
        ("Minimaal 3 sessies in 2025, rapport beschikbaar tegen Q1 2026.", "2025", "2026-Q1", False, False),
        ("Q1/2025 – Q2/2026", "2025-Q1", "2026-Q2", False, False),
    ],
)
def test_timing(text: str, start: str | None, end: str | None, ongoing: bool, undetermined: bool) -> None:
    parsed = parse_timing(text)
    assert (parsed.start, parsed.end, parsed.ongoing, parsed.undetermined) == (start, end, ongoing, undetermined)


def test_running_now_uses_quarters() -> None:
    november = date(2026, 11, 27)
    assert is_running_now("2025-Q4", "2026-Q2", False, november) is False
    assert is_running_now("2026-Q4", None, False, november) is True
    assert is_running_now("2027-Q1", "2027-Q4", False, november) is False
    assert is_running_now("2025", "2026", False, november) is True
    assert is_running_now(None, None, True, november) is True
    assert is_running_now(None, None, False, november) is False


def test_active_in() -> None:
    assert is_active_in("2025-Q3", None, False, False, 2030)
    assert not is_active_in("2026-Q1", "2026-Q1", False, False, 2027)
    assert is_active_in(None, None, True, False, 2026)
    assert not is_active_in(None, None, False, True, 2026)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("KP 1.3", "KP 1.3"),
        ("kp1.3", "KP 1.3"),
        ("KP4.4", "KP 4.4"),
        ("actie BW 1.2", "BW 1.2"),
        ("BT. 1.2", "BT 1.2"),
        ("XX 1.2", None),
    ],
)
def test_action_ids(text: str, expected: str | None) -> None:
    assert normalise_action_id(text) == expected
