"""The web chat in real headless Chromium against a uvicorn server the test starts."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from assistant.answer_models import Answer, Citation
from assistant.stores.feedback import SqliteFeedbackStore
from foundation.errors import StoreUnavailable
from foundation.settings import Settings
from plan_model.records import ACTION_ID, canonical_id, find_action_ids
from tests.support.browser import ARTIFACTS, CHROMIUM, console_errors, set_viewport
from tests.support.chat_page import (
    LiveServer,
    assistant_messages,
    chips_of,
    click,
    horizontal_overflow,
    open_page,
    shown_fields,
    start_server,
    wait,
    wait_for_card,
)
from tests.support.dates import TODAY
from tests.support.fakes import FakeAnswerer

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium (apt install chromium chromium-driver)"),
]

from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.remote.webdriver import WebDriver  # noqa: E402

FUNDING_QUESTION = "Hoe financier ik een waterinvestering?"
FOLLOW_UP = "Wie trekt die actie?"
COMMENT = "Ik mis de subsidies van VLAIO."

STREAMED = Answer(
    answer="Voor een waterinvestering kun je een beroep doen op bankfinanciering en subsidies (BM 1.3).",
    citations=[Citation(id="BM 1.3", title="Financieringsmogelijkheden voor waterinvesteringen in kaart brengen")],
    route="semantic",
)


def held_stream(fake: FakeAnswerer) -> threading.Event:
    """Make the fake stream its first words, then hold the rest until the returned event is set: the test sees
    text arrive before the citations however slow the machine is."""
    original = fake.stream.side_effect
    release = threading.Event()

    def stream(question: str, conversation_id: str | None = None, **asked_on: Any) -> Iterator[Any]:
        for n, event in enumerate(original(question, conversation_id, **asked_on)):
            if n == 3:
                release.wait(60)
            yield event

    fake.stream.side_effect = stream
    return release


@pytest.fixture
def live(tmp_path: Path) -> Iterator[LiveServer]:
    """The web chat over a FakeAnswerer: for the streaming, error and unreachable paths."""
    settings = Settings(data_dir=tmp_path, _env_file=None)  # type: ignore[call-arg]
    live = start_server(settings, FakeAnswerer(), SqliteFeedbackStore(tmp_path / "feedback.sqlite3"))
    yield live
    live.stop()


def inline_links(message: Any) -> list[Any]:
    return list(message.find_elements(By.CSS_SELECTOR, ".answer-text a.id-link"))


def listed_ids(answer: Answer) -> list[str]:
    """The ids the answer names in its list items, in order."""
    return list(
        dict.fromkeys(i for line in answer.answer.split("\n") if line.startswith("•") for i in find_action_ids(line))
    )


def above_the_question_box(driver: WebDriver, element: Any) -> bool:
    """Whether an element is fully in view, not under the sticky question box."""
    return bool(
        driver.execute_script(
            "const r = arguments[0].getBoundingClientRect();"
            "const box = document.querySelector('.composer').getBoundingClientRect();"
            "return r.top >= 0 && r.bottom <= box.top && r.height > 0;",
            element,
        )
    )


def test_real_answers_cards_follow_up_and_feedback(browser: WebDriver, real_chat: LiveServer) -> None:
    answerer = real_chat.fake
    expected = answerer.answer(FUNDING_QUESTION, today=TODAY)
    open_page(browser, real_chat)
    ARTIFACTS.mkdir(exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / "web-chat-start.png"))

    # 1. The starter question gets the real, streamed answer; every id in it is a link to that action.
    starter = next(b for b in browser.find_elements(By.CSS_SELECTOR, ".starter") if b.text == FUNDING_QUESTION)
    starter.click()
    first = wait(browser, lambda d: assistant_messages(d)[0] if assistant_messages(d) else False)
    wait(browser, lambda d: first.find_element(By.CSS_SELECTOR, ".answer-tools").is_displayed())
    text = first.find_element(By.CSS_SELECTOR, ".answer-text")
    assert text.text == expected.answer
    assert text.get_attribute("aria-busy") == "false"
    mentioned = [canonical_id(m) for m in ACTION_ID.finditer(expected.answer)]
    assert [a.get_attribute("data-action-id") for a in inline_links(first)] == mentioned
    # Each action is one tab stop: its first link; repeated mentions stay out of the tab order.
    tabbable = [
        a.get_attribute("data-action-id")
        for a in inline_links(first) + chips_of(first)
        if a.get_attribute("tabindex") != "-1"
    ]
    assert tabbable == list(dict.fromkeys(mentioned + expected.cited_ids))
    assert not browser.find_element(By.ID, "intro").is_displayed()
    # Every line is its own block; list items ("•") keep a hanging indent.
    lines = first.find_elements(By.CSS_SELECTOR, ".answer-line")
    assert [line.text for line in lines] == expected.answer.split("\n")
    bullets = first.find_elements(By.CSS_SELECTOR, ".answer-bullet")
    assert len(bullets) == expected.answer.count("\n•") >= 2
    # The list's actions are not repeated as chips; other sources are.
    listed = listed_ids(expected)
    assert listed and listed[0].startswith("BM ")
    assert [c.get_attribute("data-action-id") for c in chips_of(first)] == [
        i for i in expected.cited_ids if i not in listed
    ]
    assert first.find_element(By.CSS_SELECTOR, ".sources-note").text.startswith(f"De {len(listed)} acties in de lijst")
    # Its sources and the feedback buttons are in view, not under the question box.
    assert above_the_question_box(browser, first.find_element(By.CSS_SELECTOR, ".feedback"))
    assert above_the_question_box(browser, first.find_element(By.CSS_SELECTOR, ".sources"))

    # 2. An id opens the real card of that action, with its trekker; Escape closes it and focus returns.
    link = inline_links(first)[0]
    click(browser, link)
    card = answerer.action_card(listed[0])
    wait_for_card(browser, card)
    assert shown_fields(browser)["Trekker"] == ", ".join(card.initiators)
    assert browser.execute_script("return document.getElementById('card').contains(document.activeElement)")
    assert (
        browser.find_element(By.ID, "card-page")
        .get_attribute("href")
        .endswith("/acties/" + card.id.replace(" ", "%20"))
    )
    browser.save_screenshot(str(ARTIFACTS / "web-chat-card.png"))
    browser.switch_to.active_element.send_keys(Keys.ESCAPE)
    wait(browser, lambda d: not d.execute_script("return document.getElementById('card').open"))
    # Focus goes back in the dialog's close event, a task queued after `open` turns false.
    wait(browser, lambda d: d.switch_to.active_element == link)

    # 3. A follow-up typed and sent with Enter stays in the conversation: "die actie" is the first one cited.
    conversation_id = browser.find_element(By.ID, "thread").get_attribute("data-conversation-id")
    assert conversation_id
    question = browser.find_element(By.ID, "question")
    question.send_keys(FOLLOW_UP, Keys.ENTER)
    wait(browser, lambda d: len(assistant_messages(d)) == 2 and chips_of(assistant_messages(d)[1]))
    second = assistant_messages(browser)[1]
    assert [c.get_attribute("data-action-id") for c in chips_of(second)] == [expected.cited_ids[0]]
    assert ", ".join(answerer.action_card(expected.cited_ids[0]).initiators) in second.text
    assert browser.find_element(By.ID, "thread").get_attribute("data-conversation-id") == conversation_id
    assert question.get_attribute("value") == ""

    # 4. 👎 is stored on the click; the comment is optional and lands in that same row.
    click(browser, second.find_element(By.CSS_SELECTOR, "button[aria-label='Niet nuttig']"))
    note = second.find_element(By.CSS_SELECTOR, ".fb-note")
    wait(browser, lambda d: note.text.startswith("Bedankt, je 👎 is opgeslagen"))
    [row] = real_chat.store.feedback()
    assert (row["rating"], row["comment"], row["channel"], row["question"]) == ("down", None, "web", FOLLOW_UP)
    assert row["message_id"] == second.get_attribute("data-message-id")
    comment = second.find_element(By.CSS_SELECTOR, ".fb-comment")
    assert comment.is_displayed() and browser.switch_to.active_element == comment
    comment.send_keys(COMMENT)
    click(browser, second.find_element(By.CSS_SELECTOR, ".fb-form button[type=submit]"))
    wait(browser, lambda d: note.text == "Bedankt, je toelichting is toegevoegd.")
    [row] = real_chat.store.feedback()
    assert (row["rating"], row["comment"]) == ("down", COMMENT)

    # 5. 👍 on the first answer.
    click(browser, first.find_element(By.CSS_SELECTOR, "button[aria-label='Nuttig']"))
    wait(browser, lambda d: first.find_element(By.CSS_SELECTOR, ".fb-note").text == "Bedankt voor je feedback")
    assert [r["rating"] for r in real_chat.store.feedback()] == ["up", "down"]
    assert console_errors(browser) == []
    browser.execute_script("window.scrollTo(0, document.body.scrollHeight)")
    browser.save_screenshot(str(ARTIFACTS / "web-chat-end.png"))

    # 6. Phone width: nothing sticks out sideways.
    set_viewport(browser, 375, 812)
    assert horizontal_overflow(browser) == []
    browser.save_screenshot(str(ARTIFACTS / "web-chat-375.png"))


def test_a_link_with_actie_starts_a_conversation_about_that_action(browser: WebDriver, real_chat: LiveServer) -> None:
    """ "Stel een vraag over deze actie" (/?actie=KP 1.3): the thread shows the action, and "Wie trekt ze?" is
    answered for it, not for nothing."""
    card = real_chat.fake.action_card("KP 1.3")
    set_viewport(browser, 1280, 900)
    browser.get("about:blank")
    browser.get_log("browser")  # type: ignore[attr-defined]
    browser.get(real_chat.url + "/?actie=KP%201.3")
    subject = wait(browser, lambda d: d.find_element(By.CSS_SELECTOR, "#thread .msg-subject"))
    assert subject.get_attribute("data-action-id") == "KP 1.3"
    assert card.title in subject.text and "Trekker: VMM" in subject.text
    # No dialog over an empty chat; the address no longer asks, so a reload keeps the conversation.
    assert not browser.execute_script("return document.getElementById('card').open")
    wait(browser, lambda d: d.execute_script("return window.location.search") == "")
    click(browser, next(b for b in subject.find_elements(By.CSS_SELECTOR, ".choice") if b.text == "Wie trekt ze?"))
    answer = wait(browser, lambda d: assistant_messages(d)[0] if chips_of_or_text(d) else False)
    assert "Trekker: VMM (KP 1.3)" in answer.find_element(By.CSS_SELECTOR, ".answer-text").text
    browser.find_element(By.ID, "question").send_keys("wanneer is die klaar?", Keys.ENTER)
    wait(browser, lambda d: len(assistant_messages(d)) == 2 and "Timing" in assistant_messages(d)[1].text)
    assert "KP 1.3" in assistant_messages(browser)[1].text and "Q3 2025" in assistant_messages(browser)[1].text
    browser.refresh()
    wait(browser, lambda d: len(assistant_messages(d)) == 2)
    assert browser.find_element(By.CSS_SELECTOR, "#thread .msg-subject").get_attribute("data-action-id") == "KP 1.3"
    browser.save_screenshot(str(ARTIFACTS / "web-chat-over-actie.png"))
    assert console_errors(browser) == []


def chips_of_or_text(driver: WebDriver) -> bool:
    """Whether the first answer has finished (its text in place, not the dots)."""
    messages = assistant_messages(driver)
    return (
        bool(messages)
        and messages[0].find_element(By.CSS_SELECTOR, ".answer-text").get_attribute("aria-busy") == "false"
    )


def test_a_link_with_an_unknown_action_says_so(browser: WebDriver, real_chat: LiveServer) -> None:
    browser.get(real_chat.url + "/?actie=KP%209.9")
    error = browser.find_element(By.ID, "form-error")
    assert error.is_displayed() and error.text == "Actie KP 9.9 bestaat niet in het actieplan."
    assert browser.find_elements(By.CSS_SELECTOR, "#thread .msg-subject") == []


def test_the_answer_streams_before_its_citations(browser: WebDriver, live: LiveServer) -> None:
    live.fake.replies.append(STREAMED)
    release = held_stream(live.fake)
    open_page(browser, live)
    browser.find_element(By.ID, "question").send_keys(FUNDING_QUESTION, Keys.ENTER)
    first = wait(browser, lambda d: assistant_messages(d)[0] if assistant_messages(d) else False)
    text = first.find_element(By.CSS_SELECTOR, ".answer-text")
    assert text.get_attribute("aria-live") == "polite"
    try:
        partial = wait(browser, lambda d: text.text.strip())
        assert len(partial) < len(STREAMED.answer) and not chips_of(first), "the answer did not stream"
    finally:
        release.set()
    wait(browser, lambda d: len(chips_of(first)) == 1)
    assert text.text == STREAMED.answer
    assert [c.text for c in chips_of(first)] == [f"BM 1.3 · {STREAMED.citations[0].title}"]


def test_docs_work_offline(browser: WebDriver, live: LiveServer) -> None:
    browser.get("about:blank")
    # Emptied first, so that what loading the page logs is kept (a CSP refusal, for one).
    browser.get_log("browser")  # type: ignore[attr-defined]
    browser.get(live.url + "/docs")
    wait(browser, lambda d: len(d.find_elements(By.CSS_SELECTOR, ".opblock")) >= 7, timeout=20)
    assert console_errors(browser) == []
    browser.save_screenshot(str(ARTIFACTS / "api-docs.png"))


def test_new_conversation_resets_the_thread(browser: WebDriver, live: LiveServer) -> None:
    open_page(browser, live)
    question = browser.find_element(By.ID, "question")
    question.send_keys(FUNDING_QUESTION, Keys.ENTER)
    wait(browser, lambda d: d.find_element(By.ID, "thread").get_attribute("data-conversation-id"))
    browser.find_element(By.ID, "new-conversation").click()
    assert assistant_messages(browser) == []
    assert browser.find_element(By.ID, "intro").is_displayed()
    assert browser.find_element(By.ID, "thread").get_attribute("data-conversation-id") is None
    question.send_keys("Welke subsidies zijn er voor waterprojecten?", Keys.ENTER)
    wait(browser, lambda d: len(assistant_messages(d)) == 1 and chips_of(assistant_messages(d)[0]))
    question_asked, conversation = live.fake.questions[-1]
    assert question_asked == "Welke subsidies zijn er voor waterprojecten?"
    assert conversation not in {earlier for _, earlier in live.fake.questions[:-1]}, "a new conversation"


def test_abstained_answer_is_marked(browser: WebDriver, live: LiveServer) -> None:
    live.fake.replies.append(
        Answer(answer="Dat staat niet in het actieplan.", citations=[], route="abstain", abstained=True)
    )
    open_page(browser, live)
    browser.find_element(By.ID, "question").send_keys("Wat is de hoofdstad van Peru?", Keys.ENTER)
    message = wait(browser, lambda d: d.find_element(By.CSS_SELECTOR, ".msg-abstained"))
    assert message.find_element(By.CSS_SELECTOR, ".badge-abstain").is_displayed()
    assert not message.find_element(By.CSS_SELECTOR, ".sources").is_displayed()


def test_server_error_message_is_shown(browser: WebDriver, live: LiveServer) -> None:
    live.fake.replies.append(StoreUnavailable())
    open_page(browser, live)
    browser.find_element(By.ID, "question").send_keys("Wie trekt BM 1.3?", Keys.ENTER)
    error = wait(browser, lambda d: d.find_element(By.CSS_SELECTOR, ".msg-error .error-text"))
    assert error.text == StoreUnavailable.user_message
    # A retry asks again and succeeds now that the store is back.
    browser.find_element(By.CSS_SELECTOR, ".msg-error .error-actions button").click()
    wait(
        browser,
        lambda d: (
            not d.find_elements(By.CSS_SELECTOR, ".msg-error")
            and d.find_elements(By.CSS_SELECTOR, ".msg-assistant a.chip")
        ),
    )


def test_unreachable_server_gives_a_dutch_message(browser: WebDriver, live: LiveServer) -> None:
    open_page(browser, live)
    live.stop()
    browser.find_element(By.ID, "question").send_keys("Hoe financier ik een waterinvestering?", Keys.ENTER)
    error = wait(browser, lambda d: d.find_element(By.CSS_SELECTOR, ".msg-error .error-text"))
    assert error.text.startswith("De assistent is niet bereikbaar")
    assert browser.find_element(By.ID, "send").is_enabled()
