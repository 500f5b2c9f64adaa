"""The explorer and the chat as staff use them every day, in real headless Chromium at 1280 and 390 px, with the
pages' scripts on and off: sort and search, cards on a phone, suggestions for an unknown organisation, a
conversation about one action, the chat without JavaScript, long lists folded, and an answer's permalink.

Expected rows come from the records with plain predicates written here, not from the code under test.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import Any
from urllib.parse import unquote

import pytest

from assistant.api.app import create_app
from assistant.stores.feedback import SqliteFeedbackStore
from foundation.settings import Settings
from plan_model.records import ActionRecord, PlanDocument
from tests.support.browser import (
    ARTIFACTS,
    CELL_OVERFLOW,
    CHROMIUM,
    axe_violations,
    clear_logs,
    console_errors,
    javascript,
    outside_requests,
    set_viewport,
)
from tests.support.chat_page import click, wait
from tests.support.live_server import ThreadedServer

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium (apt install chromium chromium-driver)"),
]
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support.ui import Select  # noqa: E402

WIDTHS = {"1280": (1280, 900), "390": (390, 844)}
MODES = [pytest.param(True, id="js"), pytest.param(False, id="zonder-js")]
LONG_LIST = "Wat loopt er dit kwartaal?"


def plain(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).lower()


def end_key(action: ActionRecord) -> tuple[int, int]:
    end = action.end or ""
    return int(end[:4]), int(end[-1]) if "-Q" in end else 4


@pytest.fixture(scope="module")
def plan(answerer: Any) -> PlanDocument:
    document: PlanDocument = answerer.live.current().document
    return document


@pytest.fixture(scope="module")
def site(ingested_settings: Settings, answerer: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    settings = ingested_settings.model_copy(update={"rate_limit_per_minute": 0})
    store = SqliteFeedbackStore(tmp_path_factory.mktemp("fb") / "feedback.sqlite3")
    server = ThreadedServer(create_app(settings, answerer=answerer, feedback=store)).start()
    yield server.url
    server.stop()


@pytest.fixture
def reader(browser: Any) -> Iterator[Any]:
    """The browser, given back with its scripts on."""
    yield browser
    javascript(browser, True)
    set_viewport(browser, *WIDTHS["1280"])


def visit(driver: Any, url: str, width: str, js: bool) -> None:
    """Open a page at a width, with the page's scripts on or off, and empty logs."""
    javascript(driver, js)
    set_viewport(driver, *WIDTHS[width])
    driver.get("about:blank")
    clear_logs(driver)
    driver.get(url)


def axe(driver: Any, js: bool) -> list[str]:
    """axe-core's violations on the page as it was loaded: axe itself needs scripts, so they are on while it runs
    (the page's own scripts ran at load, or did not)."""
    javascript(driver, True)
    try:
        return axe_violations(driver)
    finally:
        javascript(driver, js)


def shoot(driver: Any, name: str, at: str = "#results-count") -> None:
    """A screenshot for test-artifacts/, scrolled to what it is about (the results, not the filter form)."""
    ARTIFACTS.mkdir(exist_ok=True)
    driver.execute_script("arguments[0].scrollIntoView({block: 'start'})", driver.find_element(By.CSS_SELECTOR, at))
    driver.save_screenshot(str(ARTIFACTS / f"{name}.png"))


def fresh_chat(driver: Any, site: str, width: str, js: bool) -> None:
    """The chat page with no conversation kept from an earlier test (the tab's storage emptied)."""
    visit(driver, f"{site}/", width, True)
    driver.execute_script("sessionStorage.clear()")
    visit(driver, f"{site}/", width, js)


def row_ids(driver: Any) -> list[str]:
    return [tr.get_attribute("data-action-id") for tr in driver.find_elements(By.CSS_SELECTOR, "#actions tbody tr")]


def assert_clean(driver: Any, site: str) -> None:
    assert console_errors(driver) == []
    assert outside_requests(driver, site) == []
    assert (
        driver.execute_script("return document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
    )


def sort_link(driver: Any, width: str, column: str) -> Any:
    """The link that sorts by a column: in its header on a laptop, in the sort bar on a phone (headers hidden)."""
    scope = "#actions thead" if width == "1280" else ".sort-bar"
    link = driver.find_element(By.CSS_SELECTOR, f"{scope} a.sort-link[data-sort={column}]")
    assert link.is_displayed()
    return link


# ---- /acties: sort ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("js", MODES)
@pytest.mark.parametrize("width", list(WIDTHS))
def test_a_column_sorts_ascending_then_descending(
    reader: Any, site: str, plan: PlanDocument, width: str, js: bool
) -> None:
    visit(reader, f"{site}/acties?domain=KP", width, js)
    click(reader, sort_link(reader, width, "end"))
    wait(reader, lambda d: d.current_url.endswith("/acties?domain=KP&sort=end"))
    kp = [a for a in plan.actions if a.domain == "KP"]
    dated = sorted((a for a in kp if a.end), key=end_key)
    assert row_ids(reader) == [a.id for a in dated] + [a.id for a in kp if not a.end]
    if width == "1280":
        header = reader.find_element(By.CSS_SELECTOR, "#actions thead th[aria-sort]")
        assert header.get_attribute("aria-sort") == "ascending" and header.text.startswith("TIMING")
    click(reader, sort_link(reader, width, "end"))
    wait(reader, lambda d: d.current_url.endswith("sort=-end"))
    # Latest end first; equal ends keep plan order; open ends stay last.
    latest = sorted((a for a in kp if a.end), key=end_key, reverse=True)
    assert row_ids(reader) == [a.id for a in latest] + [a.id for a in kp if not a.end]
    click(reader, sort_link(reader, width, "title"))
    wait(reader, lambda d: d.current_url.endswith("sort=title"))
    assert row_ids(reader) == [a.id for a in sorted(kp, key=lambda a: plain(a.title))]
    # The downloads carry the order too.
    assert (
        reader.find_element(By.LINK_TEXT, "Download CSV")
        .get_attribute("href")
        .endswith("/acties.csv?domain=KP&sort=title")
    )
    if js:
        shoot(reader, f"explorer-acties-gesorteerd-{width}")
    assert axe(reader, js) == []
    assert_clean(reader, site)


# ---- /acties: search ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("js", MODES)
@pytest.mark.parametrize("width", list(WIDTHS))
def test_a_search_finds_the_plans_words_and_marks_them(
    reader: Any, site: str, plan: PlanDocument, width: str, js: bool
) -> None:
    visit(reader, f"{site}/acties", width, js)
    box = reader.find_element(By.ID, "f-q")
    box.send_keys("Medicijnen", Keys.ENTER)
    wait(reader, lambda d: "q=Medicijnen" in d.current_url)
    expected = [a.id for a in plan.actions if "geneesmiddel" in plain(a.action + " " + a.output)]
    assert row_ids(reader) == expected
    marks = [m.text for m in reader.find_elements(By.CSS_SELECTOR, "#actions mark")]
    assert marks and all(plain(m).startswith("geneesmiddel") for m in marks)
    # Every row shows where it matched: in its title, or in an excerpt under it.
    for tr in reader.find_elements(By.CSS_SELECTOR, "#actions tbody tr"):
        assert tr.find_elements(By.CSS_SELECTOR, ".col-title mark"), tr.get_attribute("data-action-id")
    assert "“medicijnen” → geneesmiddelen" in reader.find_element(By.CSS_SELECTOR, ".search-note").text
    count = reader.find_element(By.ID, "results-count").text
    assert count.startswith(f"{len(expected)} van {len(plan.actions)} acties met “Medicijnen” in de tekst")
    if js:
        shoot(reader, f"explorer-acties-gezocht-{width}")
    assert axe(reader, js) == []
    assert_clean(reader, site)


# ---- narrow screens: cards, and nothing sideways ------------------------------------------------------------

PAGES = [
    "/acties",
    "/acties?q=medicijnen&sort=-end",
    "/acties?org=VMMM",
    "/acties/KP%201.3",
    "/tijdlijn",
    "/organisaties",
    "/organisaties/VMM",
    "/antwoord/bestaat-niet",  # a permalink that expired: a page that says so (404)
]


@pytest.mark.parametrize("js", MODES)
def test_on_a_phone_each_action_is_a_card_and_no_page_scrolls_sideways(reader: Any, site: str, js: bool) -> None:
    for page in PAGES:
        visit(reader, site + page, "390", js)
        if "bestaat-niet" not in page:
            assert console_errors(reader) == [], page
        assert outside_requests(reader, site) == []
        overflow = "return document.documentElement.scrollWidth - document.documentElement.clientWidth"
        assert reader.execute_script(overflow) <= 0, page
        assert axe(reader, js) == [], page
    visit(reader, f"{site}/acties", "390", js)
    assert not reader.find_element(By.CSS_SELECTOR, "#actions thead").is_displayed()
    for tr in reader.find_elements(By.CSS_SELECTOR, "#actions tbody tr")[:12]:
        rect = tr.rect
        assert rect["x"] >= 0 and rect["x"] + rect["width"] <= 390, tr.get_attribute("data-action-id")
        assert tr.text.startswith(tr.get_attribute("data-action-id"))
        # Number, title, trekker and timing (each labelled), phase; the partners are on the action's page.
        for cell, label in ((".col-orgs", "Trekker: "), (".col-timing", "Timing: ")):
            shown = tr.find_element(By.CSS_SELECTOR, cell)
            assert shown.is_displayed() and shown.text
            before = "return getComputedStyle(arguments[0], '::before').content"
            assert reader.execute_script(before, shown) == f'"{label}"'
        assert tr.find_element(By.CSS_SELECTOR, ".col-title").is_displayed()
        assert tr.find_element(By.CSS_SELECTOR, ".phase").is_displayed()
        assert not tr.find_element(By.CSS_SELECTOR, ".col-partners").is_displayed()
    if js:
        shoot(reader, "explorer-actiekaarten-390")


def test_badges_never_overlap_text_at_any_width(reader: Any, site: str) -> None:
    for width in (390, 560, 760, 900, 1040, 1041, 1100, 1280, 1600):
        visit(reader, f"{site}/acties", "1280", True)
        set_viewport(reader, width, 900)
        assert reader.execute_script(CELL_OVERFLOW, "#actions td, #actions th") == [], width
        scroller = reader.find_element(By.CSS_SELECTOR, "#actions")
        assert reader.execute_script("return arguments[0].scrollWidth - arguments[0].clientWidth", scroller) <= 0, width


# ---- an unknown organisation, and the third role -------------------------------------------------------------


@pytest.mark.parametrize("js", MODES)
@pytest.mark.parametrize("width", list(WIDTHS))
def test_an_unknown_organisation_gets_the_clis_suggestions_as_links(
    reader: Any, site: str, plan: PlanDocument, width: str, js: bool
) -> None:
    visit(reader, f"{site}/acties?org=VMMM&role=initiator", width, js)
    notice = reader.find_element(By.CSS_SELECTOR, ".notice-error")
    assert notice.text.startswith("Onbekende organisatie ‘VMMM’. Bedoelde je VMM")
    click(reader, notice.find_element(By.LINK_TEXT, "VMM"))
    wait(reader, lambda d: d.current_url.endswith("/acties?org=VMM&role=initiator"))
    assert row_ids(reader) == [a.id for a in plan.actions if "VMM" in a.initiators]
    assert reader.find_elements(By.CSS_SELECTOR, ".notice-error") == []
    assert_clean(reader, site)


@pytest.mark.parametrize("js", MODES)
@pytest.mark.parametrize("width", list(WIDTHS))
def test_the_role_genoemd_in_de_tekst(reader: Any, site: str, width: str, js: bool) -> None:
    visit(reader, f"{site}/acties?org=VMM", width, js)
    panel = reader.find_element(By.ID, "filter-panel")
    if not panel.get_attribute("open"):
        click(reader, panel.find_element(By.TAG_NAME, "summary"))
    role = Select(reader.find_element(By.ID, "f-role"))
    assert role.first_selected_option.text.startswith("trekker of partner")
    role.select_by_visible_text("genoemd in de tekst (1)")
    click(reader, reader.find_element(By.CSS_SELECTOR, ".filters button[type=submit]"))
    wait(reader, lambda d: "role=mentioned" in d.current_url)
    assert row_ids(reader) == ["KP 4.4"]
    assert "waarvan de tekst VMM noemt" in reader.find_element(By.ID, "results-count").text
    assert_clean(reader, site)


# ---- the chat: a conversation about one action ----------------------------------------------------------------


@pytest.mark.parametrize("js", MODES)
@pytest.mark.parametrize("width", list(WIDTHS))
def test_ask_about_this_action_answers_for_it(reader: Any, site: str, width: str, js: bool) -> None:
    visit(reader, f"{site}/acties/KP%201.3", width, js)
    if js:
        reader.save_screenshot(str(ARTIFACTS / f"explorer-actiefiche-{width}.png"))
    click(reader, reader.find_element(By.LINK_TEXT, "Stel een vraag over deze actie"))
    subject = wait(reader, lambda d: d.find_element(By.CSS_SELECTOR, "#thread .msg-subject"))
    assert subject.get_attribute("data-action-id") == "KP 1.3"
    reader.save_screenshot(str(ARTIFACTS / f"web-chat-over-actie-{width}{'' if js else '-zonder-js'}.png"))
    assert axe(reader, js) == []
    click(reader, next(c for c in subject.find_elements(By.CSS_SELECTOR, ".choice") if c.text == "Wie trekt ze?"))
    wait(reader, lambda d: "Trekker: VMM (KP 1.3)" in last_answer(d))
    box = reader.find_element(By.ID, "question")
    box.send_keys("Wanneer is die klaar?")
    if js:
        box.send_keys(Keys.ENTER)
    else:
        click(reader, reader.find_element(By.ID, "send"))
    wait(
        reader, lambda d: "Timing" in last_answer(d) and len(d.find_elements(By.CSS_SELECTOR, "#thread .msg-user")) == 2
    )
    assert "(KP 1.3)" in last_answer(reader)
    assert console_errors(reader) == []


def last_answer(driver: Any) -> str:
    answers = driver.find_elements(By.CSS_SELECTOR, "#thread .msg-assistant .answer-text")
    return str(answers[-1].text) if answers else ""


# ---- the chat without JavaScript ------------------------------------------------------------------------------


@pytest.mark.parametrize("width", list(WIDTHS))
def test_the_chat_works_without_javascript(reader: Any, site: str, answerer: Any, width: str) -> None:
    fresh_chat(reader, site, width, False)
    reader.find_element(By.ID, "question").send_keys("Welke acties betrekken VMM?")
    click(reader, reader.find_element(By.ID, "send"))
    wait(reader, lambda d: "Het actieplan telt 12 acties waarbij VMM betrokken is:" in last_answer(d))
    answer = reader.find_element(By.CSS_SELECTOR, "#thread .msg-assistant")
    assert "Ook genoemd in de actietekst, niet als trekker of partner: KP 4.4." in last_answer(reader)
    # Citations are links to the action pages, the follow-ups are links that ask them.
    ids = [
        unquote(a.get_attribute("href")).rsplit("/", 1)[1] for a in answer.find_elements(By.CSS_SELECTOR, "a.id-link")
    ]
    assert ids[:2] == ["KP 1.1", "KP 1.3"] and "KP 4.4" in ids
    assert answer.find_element(By.CSS_SELECTOR, ".sources-note").text.startswith("De 12 acties in de lijst")
    assert axe(reader, False) == []
    reader.save_screenshot(str(ARTIFACTS / f"web-chat-zonder-js-{width}.png"))
    shoot(reader, f"web-chat-zonder-js-bronnen-{width}", "#thread .msg-assistant .explorer-link")
    follow = next(a for a in answer.find_elements(By.CSS_SELECTOR, ".choice") if "sleutelacties" in a.text)
    click(reader, follow)
    wait(reader, lambda d: len(d.find_elements(By.CSS_SELECTOR, "#thread .msg-assistant")) == 2)
    assert last_answer(reader).startswith("Van de 12 acties uit het vorige antwoord zijn er")
    click(
        reader,
        reader.find_elements(By.CSS_SELECTOR, "#thread .msg-assistant")[-1].find_element(By.CSS_SELECTOR, "a.id-link"),
    )
    wait(reader, lambda d: "/acties/" in d.current_url)
    assert reader.find_element(By.CSS_SELECTOR, ".action-id").text in ids
    assert_clean(reader, site)


@pytest.mark.parametrize("js", MODES)
@pytest.mark.parametrize("width", list(WIDTHS))
def test_a_long_list_shows_ten_and_unfolds(reader: Any, site: str, width: str, js: bool) -> None:
    fresh_chat(reader, site, width, js)
    reader.find_element(By.ID, "question").send_keys(LONG_LIST)
    click(reader, reader.find_element(By.ID, "send"))
    fold = wait(reader, lambda d: d.find_element(By.CSS_SELECTOR, "#thread .msg-assistant details.answer-fold"))
    message = reader.find_elements(By.CSS_SELECTOR, "#thread .msg-assistant")[-1]
    bullets = message.find_elements(By.CSS_SELECTOR, ".answer-bullet")
    total = int(re.search(r"telt (\d+) acties", last_answer(reader)).group(1))  # type: ignore[union-attr]
    assert len(bullets) == total > 10
    assert [b.is_displayed() for b in bullets] == [True] * 10 + [False] * (total - 10)
    summary = fold.find_element(By.TAG_NAME, "summary")
    assert summary.text == f"Toon alle {total} (nog {total - 10})"
    click(reader, summary)
    wait(reader, lambda d: all(b.is_displayed() for b in bullets))
    assert summary.text == "Toon er minder"
    # The notes after the list are not folded away.
    assert "Van 5 acties ligt de timing nog niet vast" in message.text
    assert axe(reader, js) == []
    assert console_errors(reader) == []


# ---- permalinks ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("js", MODES)
@pytest.mark.parametrize("width", list(WIDTHS))
def test_an_answer_has_a_permalink_that_deel_copies(reader: Any, site: str, width: str, js: bool) -> None:
    fresh_chat(reader, site, width, True)
    reader.execute_script(
        "window.copied = null; navigator.clipboard.writeText = t => { window.copied = t; return Promise.resolve(); };"
    )
    reader.find_element(By.ID, "question").send_keys("Wie trekt BW 2.3?", Keys.ENTER)
    message = wait(reader, lambda d: d.find_element(By.CSS_SELECTOR, "#thread .msg-assistant[data-message-id]"))
    click(reader, message.find_element(By.CSS_SELECTOR, ".share-btn"))
    wait(
        reader, lambda d: message.find_element(By.CSS_SELECTOR, ".fb-note").text == "Link naar dit antwoord gekopieerd."
    )
    link = reader.execute_script("return window.copied")
    assert link == f"{site}/antwoord/{message.get_attribute('data-message-id')}"
    text = message.find_element(By.CSS_SELECTOR, ".answer-text").text
    # A colleague opens it: the question, the answer and its sources, rendered by the server.
    visit(reader, link, width, js)
    assert reader.find_element(By.TAG_NAME, "h1").text == "Gedeeld antwoord"
    assert reader.find_element(By.CSS_SELECTOR, ".msg-user").text == "Wie trekt BW 2.3?"
    assert reader.find_element(By.CSS_SELECTOR, ".answer-text").text == text
    chip = reader.find_element(By.CSS_SELECTOR, "a.chip")
    assert chip.text.startswith("BW 2.3")
    assert axe(reader, js) == []
    if js:
        reader.save_screenshot(str(ARTIFACTS / f"web-antwoord-permalink-{width}.png"))
    click(reader, chip)
    wait(reader, lambda d: unquote(d.current_url).endswith("/acties/BW 2.3"))
    assert_clean(reader, site)
