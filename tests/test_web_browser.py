"""The web chat in real headless Chromium against a uvicorn server the test starts."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from assistant.answer_models import ActionCard, Answer, Citation
from assistant.api.app import create_app
from assistant.errors import StoreUnavailable
from assistant.feedback import FeedbackStore
from assistant.settings import Settings
from tests.fakes import FakeAnswerer

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium (apt install chromium chromium-driver)"),
]

webdriver = pytest.importorskip("selenium.webdriver")
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.remote.webdriver import WebDriver  # noqa: E402
from selenium.webdriver.remote.webelement import WebElement  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

FUNDING_QUESTION = "Hoe financier ik een waterinvestering?"
FOLLOW_UP = "Welke voorwaarden stellen banken daarbij?"

FUNDING_ANSWER = Answer(
    answer=(
        "Voor een waterinvestering kun je een beroep doen op bankfinanciering, subsidies en "
        "samenwerking met andere bedrijven. Het actieplan brengt de financieringsmogelijkheden voor "
        "bedrijven in kaart (BM 1.3) en werkt met banken aan heldere voorwaarden voor "
        "waterprojecten (BM 1.4)."
    ),
    citations=[
        Citation(id="BM 1.3", title="Financieringsmogelijkheden voor waterinvesteringen in kaart brengen"),
        Citation(id="BM 1.4", title="Met banken een beoordelingskader voor waterprojecten uitwerken"),
    ],
    route="semantic",
)
FOLLOW_UP_ANSWER = Answer(
    answer=(
        "Banken kijken vooral naar de terugverdientijd en de risico's van de investering. In BM 1.4 werken "
        "banken en VITO Kennispunt Water samen aan een gemeenschappelijk kader om die te beoordelen (BM 1.4)."
    ),
    citations=[Citation(id="BM 1.4", title="Met banken een beoordelingskader voor waterprojecten uitwerken")],
    route="semantic",
)


def card(action_id: str, title: str, **changes: Any) -> ActionCard:
    fields: dict[str, Any] = {
        "id": action_id,
        "title": title,
        "domain": "BM",
        "domain_name": "Bedrijven en markt",
        "objective": "BM-O.D.1",
        "objective_title": "Investeringen in waterefficiëntie versnellen",
        "lever": "Financiering",
        "action": title + ", samen met de financiële sector.",
        "output": "Overzicht van financieringsinstrumenten",
        "initiators": ["VITO"],
        "partners": ["Febelfin", "VLAIO"],
        "initiator_text": "VITO Kennispunt Water",
        "partner_text": "Febelfin, VLAIO",
        "timing": "2025 – 2026",
        "start": "2025",
        "end": "2026",
        "importance": "Sleutelactie",
        "status": "project",
        "projects": ["Waterfinanciering 2025"],
        "source": "Actieplan 2025, p. 14",
    }
    return ActionCard(**{**fields, **changes})


CARDS = {
    "BM 1.3": card("BM 1.3", "Financieringsmogelijkheden voor waterinvesteringen in kaart brengen"),
    "BM 1.4": card(
        "BM 1.4",
        "Met banken een beoordelingskader voor waterprojecten uitwerken",
        importance="Ondersteunend",
        status="planning",
        projects=[],
    ),
}


@dataclass
class LiveServer:
    url: str
    fake: FakeAnswerer
    store: FeedbackStore
    server: uvicorn.Server
    thread: threading.Thread

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(10)


def slow_stream(fake: FakeAnswerer, pause: float = 0.06) -> None:
    """Make the fake stream word by word with pauses, so the test can see text arrive before the citations."""
    original = fake.stream.side_effect

    def stream(question: str, conversation_id: str | None = None) -> Iterator[Any]:
        for event in original(question, conversation_id):
            if event["type"] == "delta":
                time.sleep(pause)
            yield event

    fake.stream.side_effect = stream


@pytest.fixture
def live(tmp_path: Path) -> Iterator[LiveServer]:
    fake = FakeAnswerer(cards=CARDS)
    store = FeedbackStore(tmp_path / "feedback.sqlite3")
    settings = Settings(data_dir=tmp_path, _env_file=None)  # type: ignore[call-arg]
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(create_app(settings, answerer=fake, feedback=store), log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    assert server.started, "uvicorn did not start"
    live = LiveServer(f"http://127.0.0.1:{sock.getsockname()[1]}", fake, store, server, thread)
    yield live
    live.stop()
    sock.close()


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
    driver.get_log("browser")  # start each test with an empty console log
    wait(driver, lambda d: d.title == "Actieplan-assistent — VITO Kennispunt Water")


def console_errors(driver: WebDriver) -> list[dict[str, Any]]:
    return [entry for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]


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


def test_ask_read_card_follow_up_and_feedback(browser: WebDriver, live: LiveServer) -> None:
    live.fake.replies.extend([FUNDING_ANSWER, FOLLOW_UP_ANSWER])
    slow_stream(live.fake)
    open_page(browser, live)
    ARTIFACTS.mkdir(exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / "web-chat-start.png"))

    # 1. A starter question; the answer streams in before the citations arrive.
    starter = next(b for b in browser.find_elements(By.CSS_SELECTOR, ".starter") if b.text == FUNDING_QUESTION)
    starter.click()
    first = wait(browser, lambda d: assistant_messages(d)[0] if assistant_messages(d) else False)
    text = first.find_element(By.CSS_SELECTOR, ".answer-text")
    assert text.get_attribute("aria-live") == "polite"
    partial = wait(browser, lambda d: text.text.strip())
    assert len(partial) < len(FUNDING_ANSWER.answer) and not chips_of(first), "the answer did not stream"
    wait(browser, lambda d: len(chips_of(first)) == 2)
    assert text.text == FUNDING_ANSWER.answer
    assert text.get_attribute("aria-busy") == "false"
    assert [c.text for c in chips_of(first)] == [
        "BM 1.3 · Financieringsmogelijkheden voor waterinvesteringen in kaart brengen",
        "BM 1.4 · Met banken een beoordelingskader voor waterprojecten uitwerken",
    ]
    assert live.fake.questions == [(FUNDING_QUESTION, None)]
    assert not browser.find_element(By.ID, "intro").is_displayed()

    # 2. A chip opens the action card, with focus inside it; Escape closes it and focus returns.
    chip = chips_of(first)[0]
    chip.click()
    dialog = browser.find_element(By.ID, "card")
    wait(browser, lambda d: dialog.find_element(By.ID, "card-title").text == CARDS["BM 1.3"].title)
    assert browser.execute_script("return document.getElementById('card').open")
    assert browser.execute_script("return document.getElementById('card').contains(document.activeElement)")
    assert dialog.find_element(By.ID, "card-id").text == "BM 1.3"
    fields = dict(
        browser.execute_script(
            "return [...document.querySelectorAll('#card-fields dt')]"
            ".map(dt => [dt.textContent, dt.nextElementSibling.textContent])"
        )
    )
    expected = CARDS["BM 1.3"]
    assert fields == {
        "Actie": expected.action,
        "Output": "Overzicht van financieringsinstrumenten",
        "Trekker": "VITO Kennispunt Water",
        "Partners": "Febelfin, VLAIO",
        "Timing": "2025 – 2026",
        "Projecten": "Waterfinanciering 2025",
        "Doelstelling": "BM-O.D.1 — Investeringen in waterefficiëntie versnellen",
        "Hefboom": "Financiering",
        "Bron": "Actieplan 2025, p. 14",
    }
    tags = [t.get_attribute("textContent") for t in dialog.find_elements(By.CSS_SELECTOR, "#card-tags li")]
    assert tags == ["Domein: Bedrijven en markt", "Belang: Sleutelactie", "Status: Project"]
    browser.save_screenshot(str(ARTIFACTS / "web-chat-card.png"))
    browser.switch_to.active_element.send_keys(Keys.ESCAPE)
    wait(browser, lambda d: not d.execute_script("return document.getElementById('card').open"))
    assert browser.switch_to.active_element == chip

    # 3. A follow-up typed and sent with Enter keeps the conversation id.
    question = browser.find_element(By.ID, "question")
    question.send_keys(FOLLOW_UP, Keys.ENTER)
    wait(browser, lambda d: len(assistant_messages(d)) == 2 and len(chips_of(assistant_messages(d)[1])) == 1)
    second = assistant_messages(browser)[1]
    assert second.find_element(By.CSS_SELECTOR, ".answer-text").text == FOLLOW_UP_ANSWER.answer
    conversation_id = browser.find_element(By.ID, "thread").get_attribute("data-conversation-id")
    assert conversation_id
    assert live.fake.questions == [(FUNDING_QUESTION, None), (FOLLOW_UP, conversation_id)]
    assert question.get_attribute("value") == ""

    # 4. 👎 with a comment is stored with the message id of that answer.
    down = second.find_element(By.CSS_SELECTOR, "button[aria-label='Niet nuttig']")
    down.click()
    comment = wait(browser, lambda d: second.find_element(By.CSS_SELECTOR, ".fb-comment"))
    wait(browser, lambda d: comment.is_displayed())
    comment.send_keys("Ik mis de subsidies van VLAIO.")
    second.find_element(By.CSS_SELECTOR, ".fb-form button[type=submit]").click()
    wait(browser, lambda d: second.find_element(By.CSS_SELECTOR, ".fb-note").text == "Bedankt voor je feedback")
    [row] = live.store.feedback()
    assert (row["rating"], row["comment"], row["channel"]) == (
        "down",
        "Ik mis de subsidies van VLAIO.",
        "web",
    )
    assert row["message_id"] == second.get_attribute("data-message-id")
    assert row["question"] == FOLLOW_UP

    # 5. 👍 on the first answer.
    first.find_element(By.CSS_SELECTOR, "button[aria-label='Nuttig']").click()
    wait(browser, lambda d: first.find_element(By.CSS_SELECTOR, ".fb-note").text == "Bedankt voor je feedback")
    assert [r["rating"] for r in live.store.feedback()] == ["up", "down"]
    assert console_errors(browser) == []
    browser.execute_script("window.scrollTo(0, 0)")
    browser.save_screenshot(str(ARTIFACTS / "web-chat.png"))

    # 6. Phone width: nothing sticks out sideways.
    browser.set_window_size(375, 812)
    wait(browser, lambda d: d.execute_script("return window.innerWidth") <= 375)
    assert horizontal_overflow(browser) == []
    browser.save_screenshot(str(ARTIFACTS / "web-chat-375.png"))


def test_new_conversation_resets_the_thread(browser: WebDriver, live: LiveServer) -> None:
    live.fake.replies.extend([FUNDING_ANSWER, FOLLOW_UP_ANSWER])
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
    assert live.fake.questions[-1] == ("Welke subsidies zijn er voor waterprojecten?", None)


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
