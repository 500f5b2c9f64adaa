"""What a web user sees after a plan update, in real headless Chromium: the header names the live plan, "Wat is er
veranderd?" answers in the chat with every action linked, and a removed action's page says when it went (with and
without JavaScript, at 1280 and 390 px; screenshots in test-artifacts/)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from assistant.answerer import Answerer
from assistant.index.live import LiveIndex
from assistant.stores.feedback import SqliteFeedbackStore
from foundation.settings import Settings
from ingest.pipeline import run_ingest
from ingest.versions import promote
from tests.support import plan_update as fixture
from tests.support.browser import ARTIFACTS, CHROMIUM, axe_violations, console_errors, screenshots, set_viewport
from tests.support.chat_page import LiveServer, assistant_messages, open_page, start_server, wait
from tests.support.dates import TODAY

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium (apt install chromium chromium-driver)"),
]
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402


@pytest.fixture(scope="module")
def updated_site(ingested_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    folder = tmp_path_factory.mktemp("updated-site")
    shutil.copytree(ingested_settings.data_dir, folder / "var")
    settings = Settings(data_dir=folder / "var", reload_check_s=0.0, today=TODAY)
    run_ingest(settings, fixture.updated_plan(folder / "actieplan-2026.txt"), stage=True)
    promote(settings, None, force=True)
    answerer = Answerer(settings, live_index=LiveIndex(settings))
    live = start_server(settings, answerer, SqliteFeedbackStore(folder / "feedback.sqlite3"))
    yield live
    live.stop()


def test_the_chat_names_the_live_plan_and_answers_what_changed(browser: Any, updated_site: LiveServer) -> None:
    open_page(browser, updated_site)
    brand = browser.find_element(By.CSS_SELECTOR, ".brand-plan")
    assert brand.text == "· Actieplan 2026"
    assert brand.get_attribute("title") == "Actieplan 2026, versie van 16 maart 2026"
    browser.find_element(By.ID, "question").send_keys("Wat is er veranderd in het plan?", Keys.ENTER)
    message = wait(
        browser,
        lambda d: (
            assistant_messages(d)
            and assistant_messages(d)[0].get_attribute("data-message-id")
            and assistant_messages(d)[0]
        ),
    )
    assert message.get_attribute("data-plan-version")
    text = message.find_element(By.CSS_SELECTOR, ".answer-text").text
    assert text.startswith("Het plan werd bijgewerkt: de versie van 16 maart 2026 vervangt de versie van 12 september")
    links = [
        a.get_attribute("data-action-id") for a in message.find_elements(By.CSS_SELECTOR, ".answer-text a.id-link")
    ]
    assert links == ["KP 2.4", "BT 3.2", "KP 4.1", "KP 4.5", "BW 1.6"]
    title = message.find_element(By.CSS_SELECTOR, ".sources-title").get_attribute("title")
    assert title == "Uit het Actieplan 2026, versie van 16 maart 2026"
    assert console_errors(browser) == []
    screenshots(browser, "plan-update-what-changed", reload=False)


@pytest.mark.parametrize("javascript", [True, False])
def test_a_removed_action_keeps_a_page_saying_when_it_went(
    browser: Any, updated_site: LiveServer, javascript: bool
) -> None:
    browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": not javascript})
    try:
        set_viewport(browser, 1280, 900)
        browser.get(updated_site.url + "/acties/BT%203.2")
        notice = browser.find_element(By.CSS_SELECTOR, ".action-removed .notice")
        assert notice.text.startswith("Deze actie is geschrapt in de versie van 16 maart 2026 van het plan.")
        assert browser.find_element(By.CSS_SELECTOR, "h1").text.startswith("Actualisering Leidraad")
        assert browser.find_element(By.CSS_SELECTOR, ".brand-plan").text == "· Actieplan 2026"
        if javascript:
            assert axe_violations(browser) == []
        shots = screenshots(browser, f"plan-update-removed-action-{'js' if javascript else 'nojs'}")
        assert all(Path(s).exists() for s in shots) and ARTIFACTS.exists()
    finally:
        browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})
