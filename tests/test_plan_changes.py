"""What users see of a plan update: "what changed?" in Dutch and English, a removed action's lookups and page, a
conversation across a promotion, and every answer naming its plan version (real answerer, real Chroma, real
FastAPI, Slack against the fake Web API). The update is tests/support/plan_update.py's.
"""

from __future__ import annotations

import json
import logging
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from assistant.answerer import Answerer
from assistant.api.app import create_app
from assistant.index.live import LiveIndex
from assistant.question.changes import asks_what_changed
from assistant.stores.feedback import SqliteFeedbackStore
from evals.gold import load_gold
from foundation.errors import ActionRemoved
from foundation.settings import Settings
from ingest.pipeline import run_ingest
from ingest.store import IndexStore
from ingest.versions import promote, rollback
from tests.support import plan_update as fixture
from tests.support.dates import TODAY

NEW, OLD = "versie van 16 maart 2026", "versie van 12 september 2025"


@dataclass
class Update:
    """A data dir where the bundled plan served, then the update was promoted; conversations begun before it."""

    settings: Settings
    answerer: Answerer
    conversations: dict[str, str]


@pytest.fixture(scope="module")
def update(ingested_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Update:
    folder = tmp_path_factory.mktemp("update")
    shutil.copytree(ingested_settings.data_dir, folder / "var")
    settings = Settings(data_dir=folder / "var", reload_check_s=0.0)
    answerer = Answerer(settings, live_index=LiveIndex(settings))
    conversations = {}
    for name, question in (("vmm", "Welke acties trekt VMM?"), ("poms", "Bij welke acties zijn de POM's betrokken?")):
        answer = answerer.answer(question, today=TODAY)
        assert answer.plan == f"Actieplan 2025, {OLD}"
        conversations[name] = str(answer.conversation_id)
    assert "BT 3.2" in answerer.answer("Bij welke acties zijn de POM's betrokken?", today=TODAY).cited_ids
    run_ingest(settings, fixture.updated_plan(folder / "actieplan-2026.txt"), stage=True)
    promote(settings, None, force=True)
    return Update(settings, answerer, conversations)


def test_a_conversation_across_the_promotion_says_so_once_and_the_server_logs_the_switch(
    update: Update, caplog: pytest.LogCaptureFixture
) -> None:
    vmm = update.conversations["vmm"]
    with caplog.at_level(logging.INFO, logger="assistant.index.live"):
        first = update.answerer.answer("Welke daarvan zijn sleutelacties?", vmm, today=TODAY)
    switched = [r for r in caplog.records if "planversie gewisseld" in r.getMessage()]
    assert len(switched) == 1 and switched[0].levelno == logging.WARNING
    assert "Actieplan 2026, versie van 16 maart 2026, 59 acties" in switched[0].getMessage()
    assert first.answer.startswith(
        f"Het plan is intussen bijgewerkt: dit antwoord komt uit de {NEW}, het vorige uit de {OLD}.\n"
    )
    assert first.plan == f"Actieplan 2026, {NEW}"
    second = update.answerer.answer("En wie trekt BW 1.6?", vmm, today=TODAY)
    assert "intussen bijgewerkt" not in second.answer, "said once"
    assert "De Watergroep" in second.answer and second.cited_ids == ["BW 1.6"]


def test_a_follow_up_on_a_removed_action_says_when_it_was_removed(update: Update) -> None:
    poms = update.conversations["poms"]
    answer = update.answerer.answer("Wie trekt BT 3.2?", poms, today=TODAY)
    lines = answer.answer.splitlines()
    assert lines[0].startswith("Het plan is intussen bijgewerkt")
    assert lines[1].startswith(f"BT 3.2 is geschrapt in de {NEW}; in de {OLD} was dat: Actualisering Leidraad")
    assert "bestaat niet" not in answer.answer and not answer.abstained
    assert answer.cited_ids == [] and [(c.id, c.kind) for c in answer.citations] == [("BT 3.2", "removed")]
    with pytest.raises(ActionRemoved) as gone:
        update.answerer.action_card("bt3.2")
    assert gone.value.user_message.startswith("Actie BT 3.2 (Actualisering Leidraad") and NEW in str(gone.value)
    english = update.answerer.answer("Who leads BT 3.2?", today=TODAY)
    assert english.answer.startswith("BT 3.2 was removed in the version of 16 March 2026")


def test_what_changed_in_dutch(update: Update) -> None:
    answer = update.answerer.answer("Wat is er veranderd in het nieuwe plan?", today=TODAY)
    assert answer.route == "changes" and not answer.abstained
    lines = answer.answer.splitlines()
    assert lines[0] == f"Het plan werd bijgewerkt: de {NEW} vervangt de {OLD}."
    assert lines[1:3] == [
        "Nieuw (1):",
        "• KP 2.4 — Organiseren van een jaarlijkse rondetafel met drinkwaterbedrijven "
        "(trekker VITO Kennispunt Water; timing Q2 2027 - …).",
    ]
    assert lines[3] == "Geschrapt (1):" and lines[4].startswith("• BT 3.2 — Actualisering Leidraad")
    assert lines[5] == "Gewijzigd (3):"
    assert lines[6] == "• KP 4.1 — Uitvoeren van een competentieprognose: timing Q3 2026 → Q1 2027."
    assert lines[7].endswith(": relatief belang Ondersteunend → Sleutelactie.") and lines[7].startswith("• KP 4.5")
    assert lines[8].endswith(": trekker VMM → De Watergroep.") and lines[8].startswith("• BW 1.6")
    assert answer.cited_ids == ["KP 2.4", "KP 4.1", "KP 4.5", "BW 1.6"]
    assert [c.id for c in answer.citations if c.kind == "removed"] == ["BT 3.2"]
    new = update.answerer.answer("Welke acties zijn nieuw?", today=TODAY)
    assert new.cited_ids == ["KP 2.4"] and "Geschrapt" not in new.answer
    removed = update.answerer.answer("Welke acties zijn geschrapt?", today=TODAY)
    assert removed.cited_ids == [] and [c.id for c in removed.citations] == ["BT 3.2"]
    one = update.answerer.answer("Wat is er veranderd aan KP 4.1?", today=TODAY)
    assert one.cited_ids == ["KP 4.1"] and "Q3 2026 → Q1 2027" in one.answer
    # A follow-up on the answer's actions works as after any list.
    lead = update.answerer.answer("Wie trekt die nieuwe actie?", new.conversation_id, today=TODAY)
    assert lead.cited_ids == ["KP 2.4"] and "VITO Kennispunt Water" in lead.answer


def test_what_changed_in_english(update: Update) -> None:
    answer = update.answerer.answer("What has changed in the action plan?", today=TODAY)
    assert answer.language == "en"
    lines = answer.answer.splitlines()
    assert lines[0] == "The plan was updated: the version of 16 March 2026 replaces the version of 12 September 2025."
    assert "New (1):" in lines and "Removed (1):" in lines and "Changed (3):" in lines
    assert any(line.endswith(": lead VMM → De Watergroep.") for line in lines)
    removed = update.answerer.answer("Which actions were removed?", today=TODAY).answer.splitlines()
    assert len(removed) == 3 and removed[1] == "Removed (1):" and removed[2].startswith("• BT 3.2 — Actualisering")


def test_without_an_earlier_plan_there_is_nothing_to_compare(answerer: Answerer) -> None:
    answer = answerer.answer("Wat is er veranderd?", today=TODAY)
    assert answer.route == "changes" and answer.citations == []
    assert answer.answer == (
        "Er is geen vorige versie van het plan om mee te vergelijken: ik antwoord uit Actieplan 2025, "
        f"{OLD}, de eerste versie die werd ingelezen."
    )


def test_no_gold_question_is_read_as_one_about_versions() -> None:
    misread = [q.id for q in load_gold() for text in (q.question, *q.history) if asks_what_changed(text)]
    assert misread == []
    asked = {
        "Wat is er veranderd?": "all",
        "wat is er nieuw in het actieplan?": "all",
        "Welke acties zijn er bijgekomen?": "added",
        "Welke zijn geschrapt?": "removed",
        "Welke acties werden gewijzigd?": "changed",
        "What's new in the plan?": "all",
        "Which actions are new?": "added",
        "Which actions have been dropped?": "removed",
    }
    assert {text: asks_what_changed(text) for text in asked} == asked
    for text in ("Wat verandert er voor bedrijven met de Blue Deal?", "Wat is er nieuw rond PFAS?"):
        assert asks_what_changed(text) is None, text


@pytest.fixture
def service(update: Update, tmp_path: Path) -> Iterator[tuple[TestClient, SqliteFeedbackStore]]:
    store = SqliteFeedbackStore(tmp_path / "feedback.sqlite3")
    app = create_app(update.settings.model_copy(update={"today": TODAY}), update.answerer, store)
    with TestClient(app) as client:
        yield client, store


def test_api_and_pages_name_the_live_version_and_a_removed_action(
    service: tuple[TestClient, SqliteFeedbackStore], update: Update
) -> None:
    client, store = service
    live = IndexStore(update.settings).pointer("live")
    asked = client.post("/api/ask", json={"question": "Wie trekt KP 4.1?"}).json()
    assert asked["plan_version"] == live and asked["plan"] == f"Actieplan 2026, {NEW}"
    client.post("/api/feedback", json={"message_id": asked["message_id"], "rating": "down"})
    (row,) = store.feedback()
    assert row["plan_version"] == live and row["plan"] == f"Actieplan 2026, {NEW}"
    (candidate,) = store.export_gold_candidates()
    assert candidate["plan_version"] == live

    card = client.get("/api/actions/BT%203.2")
    assert card.status_code == 410
    assert card.json()["error"]["message"].endswith(f"is geschrapt in de {NEW} van het plan.")
    assert client.get("/api/actions/BT%209.9").status_code == 404
    page = client.get("/acties/BT%203.2")
    assert page.status_code == 410 and f"Deze actie is geschrapt in de {NEW} van het plan." in page.text
    assert "Actualisering Leidraad" in page.text and "Q2/2025-Q4/2025" in page.text
    home = client.get("/")
    assert "· Actieplan 2026</span>" in home.text and "Actieplan 2025" not in home.text
    assert f"het Actieplan 2026 van VITO Kennispunt Water ({NEW})" in home.text
    actions = client.get("/acties")
    assert f"Alle 59 acties van het Actieplan 2026 ({NEW})" in actions.text


def test_slack_names_the_live_plan_in_the_home_tab_and_under_every_answer(update: Update) -> None:
    from integrations.slack.blocks import answer_message
    from integrations.slack.home import home_view
    from integrations.slack.links import LinkPolicy

    document = update.answerer.live.current().document
    home = home_view(LinkPolicy("https://chat.example.org"), document)
    intro = home["blocks"][1]["text"]["text"]
    assert intro.startswith(
        f"Ik beantwoord vragen over het *Actieplan 2026 van VITO Kennispunt Water* ({NEW}): 4 focusdomeinen, "
        "15 operationele doelstellingen en 59 acties."
    )
    answer = update.answerer.answer("Wat is er veranderd?", today=TODAY)
    message = answer_message(answer, LinkPolicy("https://chat.example.org"))
    contexts = [b["elements"][0]["text"] for b in message.blocks if b["type"] == "context"]
    assert f"Uit het Actieplan 2026, {NEW}" in contexts
    artifacts = Path(__file__).resolve().parent.parent / "test-artifacts" / "slack"
    artifacts.mkdir(parents=True, exist_ok=True)
    for name, blocks in (("home-after-update", home["blocks"]), ("what-changed", message.blocks)):
        saved: dict[str, Any] = {"question": name, "blocks": blocks}
        (artifacts / f"{name}.json").write_text(json.dumps(saved, ensure_ascii=False, indent=1), encoding="utf-8")


def test_after_a_rollback_the_comparison_runs_the_other_way(update: Update, tmp_path: Path) -> None:
    # A copy: the other tests of this module keep the promoted update.
    shutil.copytree(update.settings.data_dir, tmp_path / "var")
    settings = Settings(data_dir=tmp_path / "var", reload_check_s=0.0)
    rollback(settings)
    answerer = Answerer(settings, live_index=LiveIndex(settings))
    changed = answerer.answer("Wat is er veranderd?", today=TODAY).answer.splitlines()
    assert changed[0] == f"Ik antwoord weer uit de {OLD}; de {NEW}, die eerder gold, werd teruggedraaid. Wat verschilt:"
    assert changed[1:3] == ["Alleen in de huidige versie (1):", changed[2]] and changed[2].startswith("• BT 3.2")
    kp24 = answerer.answer("Wie trekt KP 2.4?", today=TODAY).answer
    assert kp24.startswith(f"KP 2.4 staat niet in de {OLD}, die nu geldt; in de {NEW} was dat: Organiseren")
