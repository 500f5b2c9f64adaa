"""The web chat in real headless Chromium against a uvicorn server the test starts."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from assistant.answer_models import ActionCard, Answer, Citation
from assistant.api.app import create_app
from assistant.stores.feedback import FeedbackStore
from foundation.errors import StoreUnavailable
from foundation.settings import Settings
from tests.support.fakes import FakeAnswerer
from tests.support.live_server import ThreadedServer

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium (apt install chromium chromium-driver)"),
]

from selenium import webdriver  # noqa: E402  (a dev dependency: missing must fail, not skip)
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.remote.webdriver import WebDriver  # noqa: E402
from selenium.webdriver.remote.webelement import WebElement  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

FUNDING_QUESTION = "Hoe financier ik een waterinvestering?"
FOLLOW_UP = "Wie trekt die actie?"
COMMENT = "Ik mis de subsidies van VLAIO."

STREAMED = Answer(
    answer="Voor een waterinvestering kun je een beroep doen op bankfinanciering en subsidies (BM 1.3).",
    citations=[Citation(id="BM 1.3", title="Financieringsmogelijkheden voor waterinvesteringen in kaart brengen")],
    route="semantic",
)


@dataclass
class LiveServer:
    url: str
    fake: Any
    store: FeedbackStore
    server: ThreadedServer

    def stop(self) -> None:
        self.server.stop()


def held_stream(fake: FakeAnswerer) -> threading.Event:
    """Make the fake stream its first words, then hold the rest until the returned event is set: the test sees
    text arrive before the citations however slow the machine is."""
    original = fake.stream.side_effect
    release = threading.Event()

    def stream(question: str, conversation_id: str | None = None) -> Iterator[Any]:
        for n, event in enumerate(original(question, conversation_id)):
            if n == 3:
                release.wait(60)
            yield event

    fake.stream.side_effect = stream
    return release


def start_server(settings: Settings, answerer: Any, store: FeedbackStore) -> LiveServer:
    """The app in a uvicorn thread on a free loopback port."""
    server = ThreadedServer(create_app(settings, answerer=answerer, feedback=store)).start()
    return LiveServer(server.url, answerer, store, server)


@pytest.fixture
def live(tmp_path: Path) -> Iterator[LiveServer]:
    """The web chat over a FakeAnswerer: for the streaming, error and unreachable paths."""
    settings = Settings(data_dir=tmp_path, _env_file=None)  # type: ignore[call-arg]
    live = start_server(settings, FakeAnswerer(), FeedbackStore(tmp_path / "feedback.sqlite3"))
    yield live
    live.stop()


@pytest.fixture
def real(ingested_settings: Settings, answerer: Any, tmp_path: Path) -> Iterator[LiveServer]:
    """The web chat over the real answerer and the session's ingest of the plan."""
    live = start_server(ingested_settings, answerer, FeedbackStore(tmp_path / "feedback.sqlite3"))
    yield live
    live.stop()


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebDriver]:
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for arg in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--window-size=1280,1000",
        "--lang=nl-BE",
        f"--user-data-dir={tmp_path_factory.mktemp('chromium')}",
    ):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    # An explicit driver path keeps selenium-manager from trying to download one.
    driver = webdriver.Chrome(options=options, service=Service(executable_path=str(CHROMEDRIVER)))
    yield driver
    driver.quit()


def wait(driver: WebDriver, condition: Any, timeout: float = 10) -> Any:
    return WebDriverWait(driver, timeout, poll_frequency=0.03).until(condition)


def assistant_messages(driver: WebDriver) -> list[WebElement]:
    return driver.find_elements(By.CSS_SELECTOR, "#thread .msg-assistant")


def chips_of(message: WebElement) -> list[WebElement]:
    return message.find_elements(By.CSS_SELECTOR, "button.chip")


def open_page(driver: WebDriver, live: LiveServer) -> None:
    driver.set_window_size(1280, 1000)
    driver.get(live.url + "/")
    driver.get_log("browser")  # type: ignore[attr-defined]  # start each test with an empty console log
    wait(driver, lambda d: d.title == "Actieplan-assistent — VITO Kennispunt Water")


def console_errors(driver: WebDriver) -> list[dict[str, Any]]:
    log = driver.get_log("browser")  # type: ignore[attr-defined]
    return [entry for entry in log if entry["level"] == "SEVERE"]


def horizontal_overflow(driver: WebDriver) -> list[str]:
    """Elements that stick out of the viewport on the right, plus the page's own overflow."""
    return list(
        driver.execute_script("""
        const width = document.documentElement.clientWidth;
        const out = [];
        const page = document.documentElement.scrollWidth;
        if (page > width) out.push('page ' + page);
        for (const el of document.querySelectorAll('body *')) {
            if (el.closest('.visually-hidden, dialog:not([open]), template')) continue;
            let right = el.getBoundingClientRect().right;
            if (!el.getBoundingClientRect().width) continue;
            // What an ancestor clips (text-overflow: ellipsis, scroll boxes) is not visible overflow.
            for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
                if (getComputedStyle(a).overflowX !== 'visible')
                    right = Math.min(right, a.getBoundingClientRect().right);
            }
            if (right > width + 1) out.push(el.tagName + '.' + el.className + ' ' + Math.round(right));
        }
        return out;
    """)
    )


def click(driver: WebDriver, element: WebElement) -> None:
    """Click like a reader: first scroll the element to the middle, clear of the sticky question box."""
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
    element.click()


def shown_fields(driver: WebDriver) -> dict[str, str]:
    """The card's fields as the reader sees them: label → value."""
    return dict(
        driver.execute_script(
            "return [...document.querySelectorAll('#card-fields dt')]"
            ".map(dt => [dt.textContent, dt.nextElementSibling.textContent])"
        )
    )


def expected_fields(card: ActionCard) -> dict[str, str]:
    """The fields the card dialog should show for an action: those with a value, in the plan's words."""
    fields = {
        "Actie": card.action,
        "Output": card.output,
        "Trekker": card.initiator_text or ", ".join(card.initiators),
        "Partners": card.partner_text or ", ".join(card.partners),
        "Timing": card.timing,
        "Projecten": ", ".join(card.projects),
        "Doelstelling": " — ".join(p for p in (card.objective, card.objective_title) if p),
        "Hefboom": card.lever,
        "Bron": card.source,
    }
    return {label: value for label, value in fields.items() if value}


def wait_for_card(driver: WebDriver, card: ActionCard) -> None:
    wait(driver, lambda d: d.find_element(By.ID, "card-title").text == card.title)
    assert driver.execute_script("return document.getElementById('card').open")
    assert driver.find_element(By.ID, "card-id").text == card.id
    assert shown_fields(driver) == expected_fields(card)


def test_real_answers_cards_follow_up_and_feedback(browser: WebDriver, real: LiveServer) -> None:
    answerer = real.fake
    expected = answerer.answer(FUNDING_QUESTION)
    open_page(browser, real)
    ARTIFACTS.mkdir(exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / "web-chat-start.png"))

    # 1. The starter question gets the real, streamed answer with the plan's actions as chips.
    starter = next(b for b in browser.find_elements(By.CSS_SELECTOR, ".starter") if b.text == FUNDING_QUESTION)
    starter.click()
    first = wait(browser, lambda d: assistant_messages(d)[0] if assistant_messages(d) else False)
    wait(browser, lambda d: chips_of(first))
    text = first.find_element(By.CSS_SELECTOR, ".answer-text")
    assert text.text == expected.answer
    assert text.get_attribute("aria-busy") == "false"
    chip_ids = [str(c.get_attribute("data-action-id")) for c in chips_of(first)]
    assert chip_ids == expected.cited_ids and chip_ids[0].startswith("BM ")
    assert not browser.find_element(By.ID, "intro").is_displayed()
    # Every line is its own block; list items ("•") keep a hanging indent.
    lines = first.find_elements(By.CSS_SELECTOR, ".answer-line")
    assert [line.text for line in lines] == expected.answer.split("\n")
    bullets = first.find_elements(By.CSS_SELECTOR, ".answer-bullet")
    assert len(bullets) == expected.answer.count("\n•") >= 2
    # The ids in the text are buttons too.
    inline = [b.text for b in first.find_elements(By.CSS_SELECTOR, ".answer-text .id-link")]
    assert set(inline) <= set(expected.cited_ids) and chip_ids[0] in inline

    # 2. A chip opens the real card of that action, with its trekker; Escape closes it and focus returns.
    chip = chips_of(first)[0]
    click(browser, chip)
    card = answerer.action_card(chip_ids[0])
    wait_for_card(browser, card)
    assert shown_fields(browser)["Trekker"] == card.initiator_text
    assert browser.execute_script("return document.getElementById('card').contains(document.activeElement)")
    browser.save_screenshot(str(ARTIFACTS / "web-chat-card.png"))
    browser.switch_to.active_element.send_keys(Keys.ESCAPE)
    wait(browser, lambda d: not d.execute_script("return document.getElementById('card').open"))
    assert browser.switch_to.active_element == chip

    # 3. An id in the text opens its card as well.
    last_id = first.find_elements(By.CSS_SELECTOR, ".answer-text .id-link")[-1]
    click(browser, last_id)
    wait_for_card(browser, answerer.action_card(last_id.text))
    browser.find_element(By.ID, "card-close").click()
    wait(browser, lambda d: not d.execute_script("return document.getElementById('card').open"))

    # 4. A follow-up typed and sent with Enter stays in the conversation: "die actie" is the first one cited.
    conversation_id = browser.find_element(By.ID, "thread").get_attribute("data-conversation-id")
    assert conversation_id
    question = browser.find_element(By.ID, "question")
    question.send_keys(FOLLOW_UP, Keys.ENTER)
    wait(browser, lambda d: len(assistant_messages(d)) == 2 and chips_of(assistant_messages(d)[1]))
    second = assistant_messages(browser)[1]
    assert [c.get_attribute("data-action-id") for c in chips_of(second)] == [chip_ids[0]]
    assert card.initiator_text in second.find_element(By.CSS_SELECTOR, ".answer-text").text
    assert browser.find_element(By.ID, "thread").get_attribute("data-conversation-id") == conversation_id
    assert question.get_attribute("value") == ""

    # 5. 👎 with a comment is stored with the message id of that answer.
    click(browser, second.find_element(By.CSS_SELECTOR, "button[aria-label='Niet nuttig']"))
    comment = wait(browser, lambda d: second.find_element(By.CSS_SELECTOR, ".fb-comment"))
    wait(browser, lambda d: comment.is_displayed())
    comment.send_keys(COMMENT)
    click(browser, second.find_element(By.CSS_SELECTOR, ".fb-form button[type=submit]"))
    wait(browser, lambda d: second.find_element(By.CSS_SELECTOR, ".fb-note").text == "Bedankt voor je feedback")
    [row] = real.store.feedback()
    assert (row["rating"], row["comment"], row["channel"], row["question"]) == ("down", COMMENT, "web", FOLLOW_UP)
    assert row["message_id"] == second.get_attribute("data-message-id")

    # 6. 👍 on the first answer.
    click(browser, first.find_element(By.CSS_SELECTOR, "button[aria-label='Nuttig']"))
    wait(browser, lambda d: first.find_element(By.CSS_SELECTOR, ".fb-note").text == "Bedankt voor je feedback")
    assert [r["rating"] for r in real.store.feedback()] == ["up", "down"]
    assert console_errors(browser) == []
    browser.execute_script("window.scrollTo(0, document.body.scrollHeight)")
    browser.save_screenshot(str(ARTIFACTS / "web-chat-end.png"))
    browser.execute_script("window.scrollTo(0, 0)")
    browser.save_screenshot(str(ARTIFACTS / "web-chat.png"))

    # 7. Phone width: nothing sticks out sideways.
    browser.set_window_size(375, 812)
    wait(browser, lambda d: d.execute_script("return window.innerWidth") <= 375)
    assert horizontal_overflow(browser) == []
    browser.save_screenshot(str(ARTIFACTS / "web-chat-375.png"))


def test_a_link_with_actie_opens_that_card(browser: WebDriver, real: LiveServer) -> None:
    browser.set_window_size(1280, 1000)
    browser.get("about:blank")
    # Emptied first, so that what loading the page logs is kept.
    browser.get_log("browser")  # type: ignore[attr-defined]
    browser.get(real.url + "/?actie=KP%201.3")
    wait_for_card(browser, real.fake.action_card("KP 1.3"))
    browser.save_screenshot(str(ARTIFACTS / "web-chat-deeplink.png"))
    browser.find_element(By.ID, "card-close").click()
    wait(browser, lambda d: not d.execute_script("return document.getElementById('card').open"))
    # Closed once, it does not come back on reload.
    assert browser.execute_script("return window.location.search") == ""
    assert console_errors(browser) == []


def test_a_link_with_an_unknown_action_says_so(browser: WebDriver, real: LiveServer) -> None:
    browser.get(real.url + "/?actie=KP%209.9")
    status = browser.find_element(By.ID, "card-status")
    wait(browser, lambda d: status.text == "Actie KP 9.9 bestaat niet in het actieplan.")


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
    browser.find_element(By.CSS_SELECTOR, ".msg-error .btn-link").click()
    wait(
        browser,
        lambda d: (
            not d.find_elements(By.CSS_SELECTOR, ".msg-error")
            and d.find_elements(By.CSS_SELECTOR, ".msg-assistant button.chip")
        ),
    )


def test_unreachable_server_gives_a_dutch_message(browser: WebDriver, live: LiveServer) -> None:
    open_page(browser, live)
    live.stop()
    browser.find_element(By.ID, "question").send_keys("Hoe financier ik een waterinvestering?", Keys.ENTER)
    error = wait(browser, lambda d: d.find_element(By.CSS_SELECTOR, ".msg-error .error-text"))
    assert error.text.startswith("De assistent is niet bereikbaar")
    assert browser.find_element(By.ID, "send").is_enabled()
