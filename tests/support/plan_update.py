"""A yearly update of the bundled plan, made here by editing its text, and the broken files a maintainer may get.

The update (dated 16 maart 2026): KP 2.4 is new (a yearly round table on recovering substances), BT 3.2 (a guide
update that ran until Q4/2025) is gone, BW 1.6 is now led by De Watergroep instead of VMM, KP 4.1 moved from
Q3 2026 to Q1 2027, and KP 4.5 became a key action. Every edit asserts it hit exactly one place, so a change to
the bundled plan breaks this fixture loudly instead of making it a no-op.
"""

from __future__ import annotations

from pathlib import Path

from foundation.settings import BUNDLED_PLAN

NEW_DATE_LINE = "Kortrijk, 16 maart 2026 "
ADDED, REMOVED = "KP 2.4", "BT 3.2"
NEW_LEAD, OLD_LEAD = "De Watergroep", "VMM"
CHANGED = {"BW 1.6": "trekker", "KP 4.1": "timing", "KP 4.5": "relatief belang"}

# The extraction ends every text line with a space; a blank line separates the cells.
_KP_24_CELLS = (
    ("KP", "2.4"),
    (
        "(planning) Organiseren van een jaarlijkse",
        "rondetafel met drinkwaterbedrijven en",
        "chemiebedrijven over het terugwinnen van",
        "zorgwekkende stoffen uit procesafvalwater.",
    ),
    ("Een verslag per rondetafel met de afspraken", "over proefprojecten rond terugwinning."),
    ("VITO Kennispunt Water",),
    ("essenscia, Aquafin",),
    ("Q2 2027 - …",),
)
_KEY_FRAGMENTS = ["Sl", "e", "u", "te", "la", "ct", "ie"]


def bundled_lines() -> list[str]:
    """The bundled plan's lines, with their line ends."""
    return BUNDLED_PLAN.read_text(encoding="utf-8").splitlines(keepends=True)


def row_start(lines: list[str], action_id: str) -> int:
    """The line where an action's table row starts: its id alone on a line, or its code over its number."""
    code, number = action_id.split()
    for i, line in enumerate(lines):
        if line.strip() in (action_id, f"{code}{number}"):
            return i
        if line.strip() == code and i + 1 < len(lines) and lines[i + 1].strip() == number:
            return i
    raise AssertionError(f"no row for {action_id}")


def _replace_once(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times"
    return text.replace(old, new)


def updated_plan(target: Path) -> Path:
    """The bundled plan with this year's update (see the module's docstring)."""
    lines = bundled_lines()
    # KP 4.5 a key action: its vertical importance letters, the last fragment lines of its row.
    start, end = row_start(lines, "KP 4.5"), next(i for i, line in enumerate(lines) if line.startswith("FOCUSDOMEIN 2"))
    fragments = [i for i in range(start, end) if lines[i].strip() in {"O", "n", "d", "er", "st", "eu", "en"}]
    assert len(fragments) == 9, fragments
    for i in fragments:
        lines[i] = ""
    lines[fragments[0]] = "".join(f"{f}\n" for f in _KEY_FRAGMENTS)
    # BT 3.2 removed: its row runs until BT 3.3's.
    del lines[row_start(lines, "BT 3.2") : row_start(lines, "BT 3.3")]
    # KP 2.4 added at the end of KP-O.D.2's table, before the heading of KP-O.D.3.
    at = next(i for i, line in enumerate(lines) if line.startswith("KP-O.D.3 Beleidsafstemming"))
    row = "\n".join("".join(f"{line} \n" for line in cell) for cell in _KP_24_CELLS)
    lines[at:at] = [row + "\n" + "".join(f"{f}\n" for f in _KEY_FRAGMENTS) + " \n\n"]
    text = "".join(lines)
    # BW 1.6 led by De Watergroep: its trekker cell is "VMM" alone, just before the partners "Aquaflanders, …".
    text = _replace_once(text, "\nVMM \n\nAquaflanders, \n", f"\n{NEW_LEAD} \n\nAquaflanders, \n")
    # KP 4.1 a half year later: the only timing cell holding just "Q3 2026" right after "Europa".
    text = _replace_once(text, "Europa \n\nQ3 2026 \n", "Europa \n\nQ1 2027 \n")
    text = _replace_once(text, "Kortrijk, 12 september 2025 ", NEW_DATE_LINE)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return target


def truncated_plan(target: Path) -> Path:
    """The plan as a download cut off before its third focus domain: KP and BW only (30 of 59 actions)."""
    lines = bundled_lines()
    cut = next(i for i, line in enumerate(lines) if line.startswith("FOCUSDOMEIN 3"))
    target.write_text("".join(lines[:cut]), encoding="utf-8")
    return target


def cut_mid_row(target: Path) -> Path:
    """The plan cut off in the middle of BW 1.3's row: its action text, no trekker, no timing."""
    lines = bundled_lines()
    cut = row_start(lines, "BW 1.3") + 6
    target.write_text("".join(lines[:cut]), encoding="utf-8")
    return target


def duplicated_number(target: Path) -> Path:
    """BM 1.4 numbered BM 1.3 by mistake: the number BM 1.3 twice, BM 1.4 missing."""
    lines = bundled_lines()
    at = row_start(lines, "BM 1.4")
    lines[at] = lines[at].replace("BM 1.4", "BM 1.3")
    target.write_text("".join(lines), encoding="utf-8")
    return target
