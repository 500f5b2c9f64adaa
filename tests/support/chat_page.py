"""The web chat under test: a live server over an answerer, and what a reader sees of the page."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from assistant.answer_models import ActionCard
from assistant.api.app import create_app
from assistant.stores.feedback import FeedbackStore
from foundation.settings import Settings
from tests.support.browser import clear_logs, set_viewport
from tests.support.fakes import FakeAnswerer
from tests.support.live_server import ThreadedServer

TITLE = "Actieplan-assistent — VITO Kennispunt Water"


@dataclass
class LiveServer:
    """The app served on loopback, with its answerer (a fake or the real one) and feedback store."""

    url: str
    fake: Any
    store: FeedbackStore
    server: ThreadedServer

    def stop(self) -> None:
        """Stop serving."""
        self.server.stop()


def start_server(settings: Settings, answerer: Any, store: FeedbackStore) -> LiveServer:
    """The app in a uvicorn thread on a free loopback port."""
    server = ThreadedServer(create_app(settings, answerer=answerer, feedback=store)).start()
    return LiveServer(server.url, answerer, store, server)


def slow_stream(fake: FakeAnswerer, pause: float = 0.06) -> None:
    """Make the fake stream word by word with pauses, so the test can see text arrive before the citations."""
    original = fake.stream.side_effect

    def stream(question: str, conversation_id: str | None = None, **asked_on: Any) -> Iterator[Any]:
        for event in original(question, conversation_id, **asked_on):
            if event["type"] == "delta":
                time.sleep(pause)
            yield event

    fake.stream.side_effect = stream


def wait(driver: Any, condition: Any, timeout: float = 10) -> Any:
    """Wait until the condition holds (selenium's WebDriverWait, polling fast)."""
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout, poll_frequency=0.03).until(condition)


def assistant_messages(driver: Any) -> list[Any]:
    """The assistant's messages in the thread."""
    from selenium.webdriver.common.by import By

    return list(driver.find_elements(By.CSS_SELECTOR, "#thread .msg-assistant"))


def chips_of(message: Any) -> list[Any]:
    """The action chips under an answer."""
    from selenium.webdriver.common.by import By

    return list(message.find_elements(By.CSS_SELECTOR, "a.chip"))


def open_page(driver: Any, live: LiveServer, *, fresh: bool = True) -> None:
    """Open the chat at laptop size with empty logs (and, when fresh, without a kept conversation)."""
    set_viewport(driver, 1280, 900)
    driver.get(live.url + "/")
    if fresh:
        driver.execute_script("sessionStorage.clear()")
        driver.refresh()
    clear_logs(driver)
    wait(driver, lambda d: d.title == TITLE)


def click(driver: Any, element: Any) -> None:
    """Click like a reader: first scroll the element to the middle, clear of the sticky question box."""
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
    element.click()


def horizontal_overflow(driver: Any) -> list[str]:
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


def shown_fields(driver: Any) -> dict[str, str]:
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
        "Trekker": ", ".join(card.initiators) or card.initiator_text,
        "Partners": ", ".join(card.partners) or card.partner_text,
        "Timing": card.timing,
        "Projecten": ", ".join(card.projects),
        "Doelstelling": " — ".join(p for p in (card.objective, card.objective_title) if p),
        "Hefboom": card.lever,
        "Bron": card.source_label,
    }
    return {label: value for label, value in fields.items() if value}


def wait_for_card(driver: Any, card: ActionCard) -> None:
    """Wait until the card dialog shows this action, and check every field."""
    from selenium.webdriver.common.by import By

    wait(driver, lambda d: d.find_element(By.ID, "card-title").text == card.title)
    assert driver.execute_script("return document.getElementById('card').open")
    assert driver.find_element(By.ID, "card-id").text == card.id
    assert shown_fields(driver) == expected_fields(card)
