"""The chat rendered by the server (no JavaScript), "Stel een vraag over deze actie" and an answer's permalink, over
HTTP against the real answerer; the stores keep shared answers as long as a conversation (SQLite and PostgreSQL);
Slack links the permalink. The browser side of the same is tests/test_web_everyday.py.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from html import unescape
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from fastapi.testclient import TestClient

from assistant.answer_models import Answer, Citation
from assistant.api.answer_view import FOLD_AFTER, answer_view
from assistant.api.app import create_app
from assistant.stores.configured import open_feedback
from assistant.stores.feedback import SqliteFeedbackStore
from foundation.settings import Settings
from integrations.slack.blocks import ReplyOptions, answer_message
from integrations.slack.links import LinkPolicy
from tests.support.dates import TODAY

LONG_LIST = "Wat loopt er dit kwartaal?"


@pytest.fixture(scope="module")
def served(ingested_settings: Settings, answerer: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    store = SqliteFeedbackStore(tmp_path_factory.mktemp("fb") / "feedback.sqlite3")
    settings = ingested_settings.model_copy(update={"rate_limit_per_minute": 0})
    with TestClient(create_app(settings, answerer=answerer, feedback=store)) as client:
        yield client, store


def lines(html: str) -> list[str]:
    """The answer lines of the page's last answer, as text."""
    # The chat page's thread (its <template> for the script holds an empty answer too).
    thread = html.split('id="thread"', 1)[1].split("</section>", 1)[0] if 'id="thread"' in html else html
    last = thread.rsplit('class="msg msg-assistant', 1)[-1]
    return [
        unescape(re.sub(r"<[^>]+>", "", line)) for line in re.findall(r'class="answer-line[^"]*">(.*?)</div>', last)
    ]


def links(html: str, css: str) -> list[str]:
    return [unescape(href) for href in re.findall(rf'<a class="{css}"[^>]*href="([^"]+)"', html)]


def test_a_posted_question_comes_back_answered_in_the_page(served: Any, answerer: Any) -> None:
    client, store = served
    expected = answerer.answer("Welke acties trekt VMM?", today=TODAY)
    page = client.post("/", data={"vraag": "Welke acties trekt VMM?"})
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    html = page.text
    assert lines(html) == expected.answer.split("\n")
    # Every cited action is a link to its page; the sources note says the list's actions are the sources.
    for action_id in expected.cited_ids:
        assert f'<a class="id-link" href="/acties/{action_id.replace(" ", "%20")}">' in html
    assert f"De {len(expected.cited_ids)} acties in de lijst zijn de bronnen." in html
    # The follow-ups are links that continue this conversation after this answer.
    followups = links(html, "choice")
    assert [parse_qs(urlsplit(f).query)["vraag"][0] for f in followups] == [s.question for s in expected.suggestions]
    query = parse_qs(urlsplit(followups[0]).query)
    (message_id,) = query["m"]
    assert store.recorded_answer(message_id) is not None
    assert f'<input type="hidden" name="gesprek" value="{query["gesprek"][0]}">' in html
    assert f'href="/antwoord/{message_id}"' in html


def test_a_follow_up_link_continues_the_conversation(served: Any) -> None:
    client, _ = served
    first = client.post("/", data={"vraag": LONG_LIST}).text
    follow = next(f for f in links(first, "choice") if "sleutelacties" in f)
    second = client.get(follow).text
    # Both turns are on the page; the second counts within the first.
    assert second.count('class="msg msg-user"') == 2
    assert lines(second)[0].startswith("Van de 27 acties uit het vorige antwoord zijn er")


def test_a_long_list_shows_ten_and_folds_the_rest(served: Any, answerer: Any) -> None:
    client, _ = served
    answer = answerer.answer(LONG_LIST, today=TODAY)
    bullets = [line for line in answer.answer.split("\n") if line.startswith("•")]
    assert len(bullets) > FOLD_AFTER
    view = answer_view(LONG_LIST, answer)
    folded = [block for block in view.blocks if block.folded]
    assert len(folded) == 1 and folded[0].total == len(bullets) and len(folded[0].lines) == len(bullets) - FOLD_AFTER
    html = client.post("/", data={"vraag": LONG_LIST}).text
    assert f"Toon alle {len(bullets)} (nog {len(bullets) - FOLD_AFTER})</span>" in html
    # Nothing is cut: every line is in the page, the answer and its citations stay whole for the API.
    assert lines(html) == answer.answer.split("\n")
    assert len(answer.cited_ids) == len(bullets)


def test_a_bad_question_says_why_and_keeps_what_was_typed(served: Any) -> None:
    client, _ = served
    empty = client.post("/", data={"vraag": "  "})
    assert empty.status_code == 422 and "Je vraag is leeg." in empty.text
    long = "water " * 500
    refused = client.post("/", data={"vraag": long})
    assert refused.status_code == 422 and "Je vraag is te lang (max. 2000 tekens)." in refused.text
    assert long.strip() in unescape(refused.text)


def test_a_conversation_about_one_action(served: Any) -> None:
    client, _ = served
    start = client.get("/", params={"actie": "kp1.3"}).text
    assert 'class="msg msg-subject" data-action-id="KP 1.3"' in start
    who = next(href for href in links(start, "choice") if "Wie+trekt+ze" in href)
    answered = client.get(who).text
    assert any("Trekker: VMM (KP 1.3)" in line for line in lines(answered))
    # The form carries the conversation and its subject: a typed follow-up is about the same action.
    cid = re.search(r'name="gesprek" value="([^"]+)"', answered)
    assert cid is not None and 'name="actie" value="KP 1.3"' in answered
    ids = re.findall(r'name="m" value="([^"]+)"', answered)
    later = client.post(
        "/", data={"vraag": "wanneer is die klaar?", "gesprek": cid.group(1), "actie": "KP 1.3", "m": ids}
    )
    assert any("Timing" in line and "(KP 1.3)" in line for line in lines(later.text))
    assert later.text.count('class="msg msg-user"') == 2
    unknown = client.get("/", params={"actie": "KP 9.9"})
    assert unknown.status_code == 404 and "Actie KP 9.9 bestaat niet in het actieplan." in unknown.text


def test_the_permalink_shows_question_answer_and_sources(served: Any, answerer: Any) -> None:
    client, _ = served
    page = client.post("/", data={"vraag": "Wie trekt BW 2.3?"}).text
    message_id = re.search(r'href="/antwoord/([^"]+)"', page).group(1)  # type: ignore[union-attr]
    shared = client.get(f"/antwoord/{message_id}")
    assert shared.status_code == 200
    expected = answerer.answer("Wie trekt BW 2.3?", today=TODAY)
    assert '<h1 class="page-title">Gedeeld antwoord</h1>' in shared.text
    assert '<p class="bubble">Wie trekt BW 2.3?</p>' in shared.text
    assert lines(shared.text) == expected.answer.split("\n")
    assert links(shared.text, "chip") == ["/acties/BW%202.3"]
    missing = client.get("/antwoord/bestaat-niet")
    assert missing.status_code == 404 and "blijft zo lang bewaard als een gesprek (1 uur)" in missing.text


def test_a_permalink_follows_the_conversations_retention(
    ingested_settings: Settings, answerer: Any, tmp_path: Path
) -> None:
    store = SqliteFeedbackStore(tmp_path / "feedback.sqlite3")
    settings = ingested_settings.model_copy(update={"conversation_ttl_s": 600})
    with TestClient(create_app(settings, answerer=answerer, feedback=store)) as client:
        page = client.post("/", data={"vraag": "Wie trekt BW 2.3?"}).text
        message_id = re.search(r'href="/antwoord/([^"]+)"', page).group(1)  # type: ignore[union-attr]
        assert client.get(f"/antwoord/{message_id}").status_code == 200
        with sqlite3.connect(store.path) as db:
            db.execute("UPDATE answers SET created = created - 601")
        gone = client.get(f"/antwoord/{message_id}")
        assert gone.status_code == 404 and "(10 minuten)" in gone.text
        # The answer itself stays, for the feedback given on it.
        assert store.recorded_answer(message_id) is not None


def test_shared_answers_expire_with_the_conversations_in_both_stores(store_settings: Settings) -> None:
    store = open_feedback(store_settings)
    answer = Answer(answer="VMM trekt KP 1.3.", citations=[], route="lookup", conversation_id="c1", message_id="m1")
    store.record_answer(answer, "Wie trekt KP 1.3?", "web")
    shared = store.shared_answer("m1", store_settings.conversation_ttl_s)
    assert shared is not None and shared.question == "Wie trekt KP 1.3?" and shared.answer.answer == answer.answer
    _age(store_settings, store, store_settings.conversation_ttl_s + 1)
    assert store.shared_answer("m1", store_settings.conversation_ttl_s) is None
    assert store.shared_answer("onbekend", 3600) is None
    assert store.recorded_answer("m1") is not None


def _age(settings: Settings, store: Any, seconds: int) -> None:
    """Make the recorded answers older, as the clock would."""
    if settings.uses_database_server:
        with store.database.transaction() as cursor:
            cursor.execute("UPDATE answers SET created = created - %s", (seconds,))
        return
    with sqlite3.connect(store.path) as db:
        db.execute("UPDATE answers SET created = created - ?", (seconds,))


def test_the_chat_page_is_limited_like_the_api(ingested_settings: Settings, answerer: Any, tmp_path: Path) -> None:
    settings = ingested_settings.model_copy(update={"rate_limit_per_minute": 1, "rate_limit_burst": 1})
    with TestClient(create_app(settings, answerer=answerer, feedback=SqliteFeedbackStore(tmp_path / "f.db"))) as client:
        assert client.post("/", data={"vraag": "Wie trekt KP 1.3?"}).status_code == 200
        refused = client.get("/", params={"vraag": "Wie trekt KP 1.3?"})
        assert refused.status_code == 429 and refused.headers["content-type"].startswith("text/html")
        assert "Je stelt te veel vragen kort na elkaar." in refused.text and refused.headers["retry-after"]
        # The page itself and the explorer stay reachable.
        assert client.get("/").status_code == 200 and client.get("/acties").status_code == 200


def test_slack_links_the_permalink_when_the_web_app_is_public() -> None:
    answer = Answer(
        answer="VMM trekt KP 1.3 (KP 1.3).",
        citations=[Citation(id="KP 1.3", title="Selecteren")],
        route="lookup",
        message_id="m-7",
    )
    public = json_of(answer_message(answer, LinkPolicy("https://chat.example.org/")).blocks)
    assert "<https://chat.example.org/antwoord/m-7|Link naar dit antwoord>" in public
    assert "/antwoord/" not in json_of(answer_message(answer, LinkPolicy()).blocks)
    # An answer the store could not keep has no permalink to offer.
    unrecorded = answer_message(answer, LinkPolicy("https://chat.example.org"), ReplyOptions(recorded=False))
    assert "/antwoord/" not in json_of(unrecorded.blocks)
    assert LinkPolicy("https://chat.example.org").answer_url("a/b") == "https://chat.example.org/antwoord/a%2Fb"


def json_of(blocks: Any) -> str:
    import json

    return json.dumps(blocks, ensure_ascii=False)
