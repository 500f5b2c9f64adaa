"""Gold questions: the hand-checked questions the assistant is scored on, read from JSONL files."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, ValidationError

from evals.errors import EvalError

DEFAULT_GOLD = Path(__file__).resolve().parent / "gold"
# The day the gold questions about "now" were checked against ("welke acties lopen nu?", "wat is al afgerond?"): the
# suite asks every question on this day, so its figures do not depend on the day it runs. Move it only together
# with the expectations of those questions.
GOLD_TODAY = date(2026, 12, 7)


class GoldQuestion(BaseModel):
    """One gold question with the action ids and facts a right answer holds."""

    id: str
    kind: str
    question: str
    history: list[str] = Field(default_factory=list)
    expected_ids: list[str] = Field(default_factory=list)
    # Actions the plan no longer has, which the answer must say are removed ("geschrapt in de versie van …").
    removed_ids: list[str] = Field(default_factory=list)
    match: Literal["exact", "recall"] = "exact"
    must_mention: list[str] = Field(default_factory=list)
    abstain: bool = False
    lang: Literal["nl", "en"] = "nl"
    note: str = ""
    # For a rewording in everyday words: the id of the plan-worded question it rewords (same expected answer).
    reworded_from: str | None = None


def load_gold(path: Path | None = None) -> list[GoldQuestion]:
    """The questions of one JSONL file, or of every *.jsonl in a folder (sorted by file name)."""
    path = path or DEFAULT_GOLD
    if path.is_dir():
        files = sorted(path.glob("*.jsonl"))
    elif path.is_file():
        files = [path]
    else:
        raise EvalError(f"gold niet gevonden: {path}", user_message=f"Geen gold-vragen gevonden op {path}.")
    questions: list[GoldQuestion] = []
    for file in files:
        for number, line in enumerate(file.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            try:
                questions.append(GoldQuestion.model_validate(json.loads(line)))
            except (ValueError, ValidationError) as exc:
                raise EvalError(
                    f"{file.name}:{number}: {exc}",
                    user_message=f"Ongeldige gold-vraag in {file.name}, regel {number}.",
                ) from exc
    if not questions:
        raise EvalError(f"geen vragen in {path}", user_message=f"Geen gold-vragen gevonden op {path}.")
    ids = [q.id for q in questions]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        # Per-question comparison with a baseline keys on the id, so ids must be unique.
        named = ", ".join(duplicates)
        raise EvalError(f"dubbele ids: {named}", user_message=f"Dubbele gold-ids: {named}.")
    return questions
