"""The plan parser against an independent hand-made reading, and on the hard cells named in the issue."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from foundation.settings import BUNDLED_PLAN
from ingest.plan_parser import parse_plan_file
from plan_model.organisations import default_directory
from plan_model.records import PlanDocument
from tests.support.plan_pdf import FONT, write_plan_pdf

# Where our reading differs from the hand reading on purpose, and why.
ACCEPTED_DIFFERENCES = {
    # The heading "Stakeholders binnen de Oostkustpolder en polder van Maldegem:" names a group of partners;
    # the hand reading treats it as a heading for the list that follows it.
    ("BW 1.1", "partners"): {"Stakeholders Oostkustpolder en polder van Maldegem"},
}


@pytest.fixture(scope="module")
def plan() -> PlanDocument:
    return parse_plan_file(BUNDLED_PLAN)


def canonical(names: list[str]) -> set[str]:
    directory = default_directory()
    result: set[str] = set()
    for name in names:
        found = directory.extract(name)[0]
        assert found, f"hand reading names {name!r}, which the alias table does not know"
        result.update(found)
    return result


def test_counts(plan: PlanDocument) -> None:
    assert len(plan.actions) == 59
    assert Counter(a.domain for a in plan.actions) == {"KP": 18, "BW": 12, "BT": 14, "BM": 15}
    assert len(plan.objectives) == 15
    assert len({a.id for a in plan.actions}) == 59
    assert [d.code for d in plan.domains] == ["KP", "BW", "BT", "BM"]


def test_every_action_matches_the_hand_reading(plan: PlanDocument, hand_reading: list[dict]) -> None:
    assert [h["id"] for h in hand_reading] == [a.id for a in plan.actions]
    problems = []
    for hand in hand_reading:
        action = plan.action(hand["id"])
        assert action is not None
        for key in ("objective", "status", "importance", "start", "end"):
            if hand[key] != getattr(action, key):
                problems.append(f"{action.id} {key}: hand {hand[key]!r}, parsed {getattr(action, key)!r}")
        if " ".join(hand["timing"].split()) != action.timing:
            problems.append(f"{action.id} timing: hand {hand['timing']!r}, parsed {action.timing!r}")
        for key, parsed in (("initiators", action.initiators), ("partners", action.partners)):
            expected = canonical(hand[f"{key}_as_written"])
            extra = set(parsed) - expected - ACCEPTED_DIFFERENCES.get((action.id, key), set())
            missing = expected - set(parsed)
            if extra or missing:
                problems.append(f"{action.id} {key}: missing {sorted(missing)}, extra {sorted(extra)}")
    assert problems == []


@pytest.mark.parametrize(
    ("action_id", "initiators", "partners", "timing", "importance"),
    [
        # initiator, partners and timing on one line
        ("BT 3.2", ["VITO Kennispunt Water"], ["POM's", "VITO"], "Q2/2025-Q4/2025", "Ondersteunend"),
        ("KP 4.2", ["VITO Kennispunt Water"], ["CIW", "Vleva"], "Doorlopend vanaf Q1 2025", "Ondersteunend"),
        ("BM 1.3", ["VITO Kennispunt Water"], ["Bankensector"], "Q3/2025 - Q4/2025", "Sleutelactie"),
        # "tbd tbd tbd": initiator, partners and timing not decided
        ("KP 2.2", [], [], "tbd", "Sleutelactie"),
        # an initiator in brackets, partners and timing in one block
        (
            "KP 1.2",
            ["CIW OO&I Platform", "VITO Kennispunt Water"],
            ["UGent", "UHasselt", "UAntwerpen", "KU Leuven", "VITO"],
            "Q1 2026 -",
            "Ondersteunend",
        ),
        # an initiator cell over several blocks, with a kernteam in brackets
        (
            "KP 1.1",
            ["Hub Zorgwekkende stoffen", "Departement Omgeving", "VMM", "OVAM", "Departement Zorg"],
            ["Kennisinstellingen", "Sectoren"],
            "Doorlopend",
            "Ondersteunend",
        ),
        # several initiators
        (
            "BW 2.3",
            ["VMM", "Waterschap Scheldestromen", "Provincie Zeeland"],
            ["VITO Kennispunt Water", "KWR"],
            "te bepalen",
            "Ondersteunend",
        ),
        # the output and the initiator on one line; no importance at all
        (
            "BT 4.3",
            ["VITO Kennispunt Water"],
            ["Provincie Vlaams-Brabant", "Gemeente Grimbergen"],
            "Q2/2025-Q4/2025",
            None,
        ),
        # importance cut to "Sl", "O" or "O n"
        (
            "BM 3.1",
            ["Strategische samenwerking agro-voeding-water"],
            [
                "VITO",
                "VITO Kennispunt Water",
                "UGent",
                "Flanders' FOOD",
                "Inagro",
                "Howest",
                "Vlario",
                "Aquafin",
                "Aquaflanders",
            ],
            "Q3/2025 -Q2/2026",
            "Sleutelactie",
        ),
        ("BM 4.1", ["VITO Kennispunt Water"], ["VITO"], "Q2/2026-Q4/2026", "Ondersteunend"),
        ("BM 1.6", ["VITO"], ["VITO Kennispunt Water", "EIB", "Rabobank"], "Q2/2025 - …", "Ondersteunend"),
        # "St e u te la ct ie"
        (
            "BW 3.3",
            ["VITO Kennispunt Water"],
            ["ILVO", "VITO", "UGent", "KU Leuven", "WUR"],
            "Q3/2026 - Q3/2030",
            "Sleutelactie",
        ),
        # the importance fragment stuck to the timing sentence
        (
            "KP 1.4",
            ["VITO Kennispunt Water"],
            ["VOKA", "UNIZO", "Boerenbond", "ABS"],
            "Minimaal 3 sessies in 2025, rapport beschikbaar tegen Q1 2026.",
            "Sleutelactie",
        ),
        # an expert group in brackets naming its own trekker
        (
            "BW 2.1",
            ["Water Europe", "BRGM"],
            ["Leden Expert Group Groundwater & Healthy Soils", "VITO Kennispunt Water"],
            "Q4/2025",
            "Ondersteunend",
        ),
        # a qualifier in brackets that names no organisation
        ("BT 2.1", ["VITO"], ["VITO Kennispunt Water", "De Watergroep", "VMM"], "Q1/2024 -Q2/2026", "Sleutelactie"),
        (
            "BM 1.7",
            ["VITO"],
            ["VITO Kennispunt Water", "Sectorfederaties", "Bankensector", "VMM", "CIW"],
            "Q2/2026 - Q4/2026",
            None,
        ),
    ],
)
def test_hard_cells(
    plan: PlanDocument, action_id: str, initiators: list[str], partners: list[str], timing: str, importance: str | None
) -> None:
    action = plan.action(action_id)
    assert action is not None
    assert action.initiators == initiators
    assert action.partners == partners
    assert action.timing == timing
    assert action.importance == importance


def test_status_and_projects(plan: PlanDocument) -> None:
    kp11 = plan.action("KP 1.1")
    assert kp11 is not None and kp11.status == "planning" and not kp11.action.lower().startswith("(planning")
    bm22 = plan.action("BM 2.2")  # "(Planning)" with a capital
    assert bm22 is not None and bm22.status == "planning"
    bm21 = plan.action("BM 2.1")
    assert bm21 is not None and bm21.status == "project" and bm21.projects == ["EU retouch", "Water4all"]
    bw12 = plan.action("BW 1.2")  # "projectvoorstel" is not a cofinanced project
    assert bw12 is not None and bw12.status is None
    assert sum(a.status == "planning" for a in plan.actions) == 15
    assert sum(a.status == "project" for a in plan.actions) == 14


def test_objectives_domains_sections(plan: PlanDocument) -> None:
    objective = plan.objective("BM-O.D.2")
    assert objective is not None
    assert objective.title == "Financiële mogelijkheden vanuit de verzekeringssector onderzoeken"
    assert objective.lever == "financiering & businessmodellen"
    assert {o.lever for o in plan.objectives} == {
        "technologie & infrastructuur",
        "financiering & businessmodellen",
        "institutionele regels",
        "kennis- en capaciteitsopbouw",
    }
    bt = plan.domain("BT")
    assert bt is not None and bt.name == "Koppelkansen op bedrijventerreinen"
    assert bt.strategic_objective.startswith("Koppelkansen creëren op bedrijventerreinen")
    ids = {s.id for s in plan.sections}
    assert {"inleiding", "outro", "KP-uitdaging", "BM-strategische-doelstelling"} <= ids
    assert "https://h2050.be/nl/oona" in plan.links


def test_cross_references_are_not_actions(plan: PlanDocument) -> None:
    bm11 = plan.action("BM 1.1")
    assert bm11 is not None and "koppeling met actie BT 2.3" in bm11.action
    assert [a.id for a in plan.actions].count("BT 2.3") == 1


def test_only_known_organisations_in_this_plan(plan: PlanDocument) -> None:
    assert plan.unknown_organisations == []


def test_unknown_organisation_is_kept_and_reported(tmp_path: Path) -> None:
    text = BUNDLED_PLAN.read_text(encoding="utf-8").replace(
        "Boerenbond, ABS \n\nQ3 2025- …", "Boerenbond, ABS, Nieuwe Waterclub \n\nQ3 2025- …"
    )
    path = tmp_path / "plan.txt"
    path.write_text(text, encoding="utf-8")
    plan = parse_plan_file(path)
    kp13 = plan.action("KP 1.3")
    assert kp13 is not None and "Nieuwe Waterclub" in kp13.partner_text
    assert "Nieuwe Waterclub" in plan.unknown_organisations
    assert any("Nieuwe Waterclub" in w.message and w.action_id == "KP 1.3" for w in plan.warnings)


@pytest.mark.skipif(not FONT.exists(), reason="DejaVu font needed to render the plan's characters in a PDF")
def test_pdf_of_the_plan_parses_like_the_text(plan: PlanDocument, tmp_path: Path) -> None:
    pdf = write_plan_pdf(BUNDLED_PLAN.read_text(encoding="utf-8"), tmp_path / "plan.pdf")
    from_pdf = parse_plan_file(pdf)
    assert len(from_pdf.actions) == 59
    for parsed, expected in zip(from_pdf.actions, plan.actions, strict=True):
        assert parsed.model_dump(exclude={"source", "page"}) == expected.model_dump(exclude={"source", "page"})
        assert parsed.source == f"p. {parsed.page}"
        # Where the text extraction tells the page, the PDF (one page per marked page) agrees.
        assert expected.page is None or expected.page == parsed.page


def test_pages_come_from_the_runs_of_empty_lines(plan: PlanDocument) -> None:
    pages = {a.id: a.page for a in plan.actions}
    # KP-O.D.1's table starts on a new page; KP 1.4's row closes it and KP 1.5 opens the next one.
    assert (pages["KP 1.1"], pages["KP 1.4"], pages["KP 1.5"]) == (4, 4, 5)
    assert pages["BW 1.1"] == 11 and all(a.source == f"p. {a.page}" for a in plan.actions if a.page)
    # From focus domain BT on, the extraction lost page breaks (a "page" of 478 lines): no page, the line.
    assert all(pages[a.id] is None and a.source.startswith("regel ") for a in plan.actions if a.domain in "BTBM")
    assert all(a.page is not None for a in plan.actions if a.domain in ("KP", "BW"))


def test_a_page_too_long_leaves_that_page_and_the_rest_without_number() -> None:
    from ingest.plan_source import MAX_PAGE_LINES, PAGE_BREAK_EMPTY_LINES, paged_lines

    gap = [""] * PAGE_BREAK_EMPTY_LINES
    texts = ["titel", " ", "", "tekst", *gap, "pagina twee", *gap, *(["lang"] * (MAX_PAGE_LINES + 1)), *gap, "vier"]
    lines = paged_lines(texts)
    assert [line.page for line in lines if line.text in ("titel", "tekst", "pagina twee")] == [1, 1, 2]
    assert {line.page for line in lines if line.text in ("lang", "vier")} == {None}


def test_a_short_title_never_stops_inside_a_list_of_things(plan: PlanDocument) -> None:
    """A title cut before "en" drops half of what the action names ("wie welke rol" and its responsibility)."""
    from plan_model.records import _ENUMERATION_GOES_ON

    rest = {a.id: a.action[len(a.title) :] for a in plan.actions if a.title != a.action}
    cut = [i for i, after in rest.items() if after.startswith(" en ") or _ENUMERATION_GOES_ON.match(after)]
    assert cut == []
    assert all(len(a.title) <= 150 for a in plan.actions)
