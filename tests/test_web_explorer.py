"""The plan explorer in real headless Chromium: /acties, /acties/{id}, /tijdlijn, /organisaties, over the real plan.

Expected rows come from the records with plain predicates written here, not from the filter model the pages use.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any
from urllib.parse import unquote

import httpx
import pytest

from assistant.api.app import create_app
from assistant.stores.feedback import SqliteFeedbackStore
from foundation.settings import Settings
from plan_model.records import ActionRecord, PlanDocument
from tests.support.browser import (
    CHROMIUM,
    axe_violations,
    clear_logs,
    console_errors,
    outside_requests,
    screenshots,
    set_viewport,
)
from tests.support.live_server import ThreadedServer

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium (apt install chromium chromium-driver)"),
]
from selenium.webdriver.common.action_chains import ActionChains  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support.ui import Select, WebDriverWait  # noqa: E402

# The pages say planned, running or finished relative to this day (pinned, so the test means the same any day).
TODAY = date(2026, 5, 15)
NOW = TODAY.year * 4 + (TODAY.month - 1) // 3


def quarter(when: str, *, end: bool) -> int:
    """A quarter number for "2025-Q3" or "2025" (a bare year: its first quarter as a start, its last as an end)."""
    return int(when[:4]) * 4 + (int(when[-1]) if "-Q" in when else (4 if end else 1)) - 1


def label(number: int) -> str:
    return f"{number // 4}-Q{number % 4 + 1}"


def no_timing(a: ActionRecord) -> bool:
    return not a.start and not a.end and not a.ongoing


def running_now(a: ActionRecord) -> bool:
    if not a.start and not a.end:
        return a.ongoing
    return (not a.start or quarter(a.start, end=False) <= NOW) and (not a.end or quarter(a.end, end=True) >= NOW)


def active_in(a: ActionRecord, year: int) -> bool:
    if no_timing(a):
        return False
    if not a.start and not a.end:
        return a.ongoing
    return (not a.start or int(a.start[:4]) <= year) and (not a.end or int(a.end[:4]) >= year)


def phase(a: ActionRecord) -> str:
    if no_timing(a):
        return "undetermined"
    if a.start and quarter(a.start, end=False) > NOW:
        return "planned"
    if a.end and quarter(a.end, end=True) < NOW:
        return "finished"
    return "running" if a.start or a.end else "ongoing"


CIW = {"CIW", "CIW OO&I Platform", "CIW Europaplatform"}
CASES: dict[str, Callable[[ActionRecord], bool]] = {
    "org=VMM&role=initiator": lambda a: "VMM" in a.initiators,
    "org=VMM&role=partner": lambda a: "VMM" in a.partners,
    "org=CIW": lambda a: bool(CIW & {*a.initiators, *a.partners}),
    "domain=BT": lambda a: a.domain == "BT",
    "domain=KP&importance=Sleutelactie": lambda a: a.domain == "KP" and a.importance == "Sleutelactie",
    "status=project": lambda a: a.status == "project",
    "objective=BM-O.D.1": lambda a: a.objective == "BM-O.D.1",
    "active_now=true": running_now,
    "active_in=2025": lambda a: active_in(a, 2025),
    "undetermined=true": no_timing,
}


@pytest.fixture(scope="module")
def plan(answerer: Any) -> PlanDocument:
    """The plan the server answers from."""
    document: PlanDocument = answerer.live.current().document
    return document


@pytest.fixture(scope="module")
def site(ingested_settings: Settings, answerer: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The service over the real answerer, with today pinned as a deployment pins it (ACTIEPLAN_TODAY); its URL."""
    pinned = ingested_settings.model_copy(update={"today": TODAY})
    app = create_app(pinned, answerer=answerer, feedback=SqliteFeedbackStore(tmp_path_factory.mktemp("fb") / "f.db"))
    server = ThreadedServer(app).start()
    yield server.url
    server.stop()


def visit(driver: Any, url: str) -> None:
    """Open a page at laptop size with empty logs, so what is checked afterwards is this page's."""
    set_viewport(driver, 1280, 900)
    driver.get("about:blank")
    clear_logs(driver)
    driver.get(url)


def assert_clean(driver: Any, site: str) -> None:
    """No console errors and no request to anything but the service."""
    assert console_errors(driver) == []
    assert outside_requests(driver, site) == []


def row_ids(driver: Any, table: str = "#actions") -> list[str]:
    return [tr.get_attribute("data-action-id") for tr in driver.find_elements(By.CSS_SELECTOR, f"{table} tbody tr")]


def wait(driver: Any, condition: Any, timeout: float = 10) -> Any:
    return WebDriverWait(driver, timeout, poll_frequency=0.05).until(condition)


# ---- /acties ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("query", list(CASES))
def test_a_filter_in_the_url_shows_the_matching_actions(
    browser: Any, site: str, plan: PlanDocument, query: str
) -> None:
    visit(browser, f"{site}/acties?{query}")
    expected = [a.id for a in plan.actions if CASES[query](a)]
    assert expected, "a case that matches nothing tests nothing"
    assert row_ids(browser) == expected
    # The page shows what the API gives for the same query string: one filter model behind both.
    assert [a["id"] for a in httpx.get(f"{site}/api/actions?{query}").json()] == expected
    count = browser.find_element(By.ID, "results-count").text
    assert count.startswith(f"{len(expected)} van {len(plan.actions)} acties")
    # The download links carry the same view.
    csv_link = browser.find_element(By.LINK_TEXT, "Download CSV").get_attribute("href")
    assert csv_link == f"{site}/acties.csv?{query}"
    assert_clean(browser, site)


def test_the_form_puts_the_filters_in_the_url(browser: Any, site: str, plan: PlanDocument) -> None:
    visit(browser, f"{site}/acties")
    assert len(row_ids(browser)) == len(plan.actions)
    Select(browser.find_element(By.ID, "f-domain")).select_by_value("BT")
    Select(browser.find_element(By.ID, "f-importance")).select_by_value("Ondersteunend")
    browser.find_element(By.CSS_SELECTOR, ".filters button[type=submit]").click()
    wait(browser, lambda d: "domain=BT" in d.current_url)
    # Empty fields are not in the address: the view has one URL to share.
    assert browser.current_url == f"{site}/acties?domain=BT&importance=Ondersteunend"
    assert row_ids(browser) == [a.id for a in plan.actions if a.domain == "BT" and a.importance == "Ondersteunend"]
    assert Select(browser.find_element(By.ID, "f-domain")).first_selected_option.get_attribute("value") == "BT"
    assert_clean(browser, site)


def test_each_option_counts_what_it_would_show(browser: Any, site: str, plan: PlanDocument) -> None:
    visit(browser, f"{site}/acties?status=planning")
    options = {
        o.get_attribute("value"): o.text
        for o in browser.find_elements(By.CSS_SELECTOR, "#f-domain option")
        if o.get_attribute("value")
    }
    for code in ("KP", "BW", "BT", "BM"):
        n = sum(1 for a in plan.actions if a.domain == code and a.status == "planning")
        assert options[code].endswith(f"({n})"), options[code]
    # Importance the plan does not state is counted and shown, not a blank that drops out of the filter.
    unknown = [a.id for a in plan.actions if a.importance is None and a.status == "planning"]
    stated = browser.find_element(By.XPATH, "//select[@id='f-importance']/option[starts-with(., 'niet vermeld')]")
    assert stated.text.endswith(f"({len(unknown)})")
    visit(browser, f"{site}/acties")
    cells = {
        tr.get_attribute("data-action-id"): tr.find_element(By.CSS_SELECTOR, "td .importance").text
        for tr in browser.find_elements(By.CSS_SELECTOR, "#actions tbody tr")
    }
    assert {i for i, text in cells.items() if text == "niet vermeld"} == {
        a.id for a in plan.actions if a.importance is None
    }
    assert all(text for text in cells.values())


def test_each_row_shows_the_record(browser: Any, site: str, plan: PlanDocument) -> None:
    visit(browser, f"{site}/acties")
    for tr in browser.find_elements(By.CSS_SELECTOR, "#actions tbody tr"):
        record = plan.action(tr.get_attribute("data-action-id"))
        assert record is not None
        cells = tr.find_elements(By.CSS_SELECTOR, "td")
        trekkers = [a.text for a in cells[1].find_elements(By.CSS_SELECTOR, "a.org-link")]
        assert trekkers == record.initiators
        assert cells[3].text == (record.timing or "niet vermeld")
        assert (
            cells[5].find_element(By.CSS_SELECTOR, ".phase").get_attribute("class").endswith(f"phase-{phase(record)}")
        )


def test_a_bad_filter_says_so_in_dutch(browser: Any, site: str, plan: PlanDocument) -> None:
    visit(browser, f"{site}/acties?importance=heel-belangrijk")
    alert = browser.find_element(By.CSS_SELECTOR, ".notice-error")
    assert "Ongeldige waarde voor 'importance'" in alert.text and "Sleutelactie" in alert.text
    assert len(row_ids(browser)) == len(plan.actions)


def test_the_downloads_hold_the_rows_of_the_view(site: str, plan: PlanDocument) -> None:
    expected = [a for a in plan.actions if a.domain == "KP"]
    response = httpx.get(f"{site}/acties.csv?domain=KP")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    header, rows = lines[0], lines[1:]
    assert [row[0] for row in rows] == [a.id for a in expected]
    by_id = {row[0]: dict(zip(header, row, strict=True)) for row in rows}
    for action in expected:
        assert by_id[action.id]["Actie"] == action.action
        assert by_id[action.id]["Relatief belang"] == (action.importance or "niet vermeld")
        assert by_id[action.id]["Timing"] == (action.timing or "niet vermeld")
    workbook = httpx.get(f"{site}/acties.xlsx?domain=KP")
    with zipfile.ZipFile(io.BytesIO(workbook.content)) as xlsx:
        strings = xlsx.read("xl/sharedStrings.xml").decode("utf-8")
        assert "xl/worksheets/sheet1.xml" in xlsx.namelist()
    assert all(f">{a.id}<" in strings for a in expected)
    assert not any(f">{a.id}<" in strings for a in plan.actions if a.domain != "KP")


# ---- /acties/{id} -----------------------------------------------------------------------------------------


def test_an_action_page_shows_the_whole_card(browser: Any, site: str, plan: PlanDocument) -> None:
    visit(browser, f"{site}/acties/kp1.3")
    # Any spelling of the id leads to the one address of the page.
    assert unquote(browser.current_url) == f"{site}/acties/KP 1.3"
    record = plan.action("KP 1.3")
    assert record is not None and record.page is not None
    field = lambda name: browser.find_element(By.CSS_SELECTOR, f".field-{name}")  # noqa: E731
    assert field("action").text == record.action
    assert field("output").text == record.output
    assert [a.text for a in field("initiators").find_elements(By.CSS_SELECTOR, "a")] == record.initiators
    assert [a.text for a in field("partners").find_elements(By.CSS_SELECTOR, "a")] == record.partners
    assert field("timing").text.startswith(record.timing)
    assert field("importance").text == record.importance
    assert field("objective").text.startswith(record.objective)
    assert field("source").text == f"pagina {record.page} van het plan"
    assert_clean(browser, site)
    # Where the text extraction does not tell the page, the page names the table instead of a line number.
    visit(browser, f"{site}/acties/BM%201.3")
    assert browser.find_element(By.CSS_SELECTOR, ".field-source").text.startswith("focusdomein BM (")
    assert "regel" not in browser.find_element(By.CSS_SELECTOR, ".field-source").text


def test_cross_references_are_links(browser: Any, site: str) -> None:
    visit(browser, f"{site}/acties/BT%203.3")
    links = browser.find_elements(By.CSS_SELECTOR, ".field-action a.id-link, .field-output a.id-link")
    # The plan writes "o.a. BT. 1.2; 1.3;1.4;2.1;2.3": one code, five actions.
    assert [unquote(a.get_attribute("href")).rsplit("/", 1)[1] for a in links] == [
        "BT 1.2",
        "BT 1.3",
        "BT 1.4",
        "BT 2.1",
        "BT 2.3",
    ]
    links[-1].click()
    wait(browser, lambda d: unquote(d.current_url).endswith("/acties/BT 2.3"))
    assert browser.find_element(By.CSS_SELECTOR, ".action-id").text == "BT 2.3"


def test_an_organisation_in_a_card_links_to_its_page(browser: Any, site: str, plan: PlanDocument) -> None:
    visit(browser, f"{site}/acties/KP%201.3")
    browser.find_element(By.CSS_SELECTOR, ".field-initiators a").click()
    wait(browser, lambda d: d.current_url.endswith("/organisaties/VMM"))
    assert row_ids(browser, "#as-initiator") == [a.id for a in plan.actions if "VMM" in a.initiators]
    assert row_ids(browser, "#as-partner") == [a.id for a in plan.actions if "VMM" in a.partners]
    assert_clean(browser, site)


def test_unknown_pages_say_so(browser: Any, site: str) -> None:
    visit(browser, f"{site}/acties/KP%209.9")
    assert browser.find_element(By.CSS_SELECTOR, ".notice-error").text == "Actie KP 9.9 bestaat niet in het actieplan."
    assert httpx.get(f"{site}/acties/KP%209.9").status_code == 404
    assert httpx.get(f"{site}/organisaties/Niemand").status_code == 404


# ---- /organisaties ------------------------------------------------------------------------------------------


def test_every_organisation_of_the_alias_table_is_listed(
    browser: Any, site: str, answerer: Any, plan: PlanDocument
) -> None:
    visit(browser, f"{site}/organisaties")
    names = [
        tr.get_attribute("data-organisation")
        for tr in browser.find_elements(By.CSS_SELECTOR, "#organisations tbody tr")
    ]
    assert sorted(names, key=str.lower) == sorted((o.name for o in answerer.directory.organisations), key=str.lower)
    row = browser.find_element(By.CSS_SELECTOR, "#organisations tr[data-organisation='VMM']")
    counts = [td.text for td in row.find_elements(By.CSS_SELECTOR, "td.num")]
    assert counts == [
        str(sum("VMM" in a.initiators for a in plan.actions)),
        str(sum("VMM" in a.partners for a in plan.actions)),
    ]
    # A member of a group names its group, and the group page lists it.
    visit(browser, f"{site}/organisaties/pom%20antwerpen")
    assert unquote(browser.current_url).endswith("/organisaties/POM Antwerpen")
    browser.find_element(By.CSS_SELECTOR, ".field-groups a").click()
    wait(
        browser,
        lambda d: (
            "POM" in d.find_element(By.TAG_NAME, "h1").text
            and "Antwerpen" not in d.find_element(By.TAG_NAME, "h1").text
        ),
    )
    assert "POM Antwerpen" in browser.find_element(By.CSS_SELECTOR, ".field-members").text
    assert_clean(browser, site)


# ---- /tijdlijn ----------------------------------------------------------------------------------------------


def test_the_timeline_rows_follow_the_records_timing(browser: Any, site: str, plan: PlanDocument) -> None:
    visit(browser, f"{site}/tijdlijn")
    rows = browser.find_elements(By.CSS_SELECTOR, "#timeline .tl-row[data-action-id]")
    dated = [a for a in plan.actions if a.start or a.end]
    assert [r.get_attribute("data-action-id") for r in rows] == [a.id for a in dated]
    quarters = [
        q for a in dated for q in (a.start and quarter(a.start, end=False), a.end and quarter(a.end, end=True)) if q
    ]
    last = max([*quarters, NOW])
    for row, action in zip(rows, dated, strict=True):
        first = quarter(action.start, end=False) if action.start else quarter(action.end or "", end=True)
        end = quarter(action.end, end=True) if action.end else last
        assert (row.get_attribute("data-first"), row.get_attribute("data-last")) == (label(first), label(end)), (
            action.id
        )
        assert row.get_attribute("data-phase") == phase(action), action.id

    def lane(name):
        return [
            li.get_attribute("data-action-id")
            for li in browser.find_elements(By.CSS_SELECTOR, f"#{name} li[data-action-id]")
        ]

    assert lane("ongoing") == [a.id for a in plan.actions if a.ongoing and not a.start and not a.end]
    assert lane("undetermined") == [a.id for a in plan.actions if no_timing(a)]
    # Grouped by domain, then objective, in the plan's order.
    domains = [h.text.split(" · ")[0] for h in browser.find_elements(By.CSS_SELECTOR, ".tl-domain")]
    assert domains == list(dict.fromkeys(a.domain for a in dated))
    assert_clean(browser, site)


def test_hover_and_focus_show_the_card(browser: Any, site: str) -> None:
    visit(browser, f"{site}/tijdlijn")
    row = browser.find_element(By.CSS_SELECTOR, "#timeline .tl-row[data-action-id='KP 1.3']")
    card = row.find_element(By.CSS_SELECTOR, ".tl-card")
    assert not card.is_displayed()
    ActionChains(browser).move_to_element(row.find_element(By.CSS_SELECTOR, ".tl-bar")).perform()
    wait(browser, lambda d: card.is_displayed())
    assert "KP 1.3" in card.text and "Trekker VMM" in card.text
    browser.find_element(By.TAG_NAME, "body").send_keys(Keys.ESCAPE)
    wait(browser, lambda d: not card.is_displayed())
    ActionChains(browser).move_by_offset(0, 300).perform()
    # Keyboard: one tab stop per action, and focus shows the card too.
    link = row.find_element(By.CSS_SELECTOR, "a")
    assert len(row.find_elements(By.CSS_SELECTOR, "a, button, [tabindex]")) == 1
    browser.execute_script("arguments[0].focus()", link)
    wait(browser, lambda d: card.is_displayed())


def test_on_a_phone_the_timeline_fits_the_width(browser: Any, site: str) -> None:
    """At 390 px nothing scrolls sideways: each title on its own line, its bar across the width under it, the
    quarters sharing the width in proportion."""
    visit(browser, f"{site}/tijdlijn")
    set_viewport(browser, 390, 844)
    browser.refresh()
    scroller = browser.find_element(By.CSS_SELECTOR, ".tl-scroll")
    sizes = browser.execute_script(
        "const s = arguments[0]; return [s.scrollWidth, s.clientWidth, document.documentElement.scrollWidth,"
        " document.documentElement.clientWidth]",
        scroller,
    )
    scroll_width, client_width, page_width, viewport = sizes
    assert scroll_width <= client_width and page_width <= viewport
    quarters = browser.find_elements(By.CSS_SELECTOR, ".tl-quarter")
    left, right = quarters[0].rect["x"], quarters[-1].rect["x"] + quarters[-1].rect["width"]
    assert left >= 0 and right <= 390
    step = (right - left) / len(quarters)
    # The axis's quarters as "2025-Q3": from the first year shown and the first quarter's number.
    year = int(browser.find_element(By.CSS_SELECTOR, ".tl-year").get_attribute("textContent"))
    start = year * 4 + int(quarters[0].get_attribute("textContent")[-1]) - 1
    names = [label(start + n) for n in range(len(quarters))]
    for row in browser.find_elements(By.CSS_SELECTOR, "#timeline .tl-row[data-action-id]")[:12]:
        bar = row.find_element(By.CSS_SELECTOR, ".tl-bar").rect
        title = row.find_element(By.CSS_SELECTOR, ".tl-link").rect
        assert bar["y"] >= title["y"] + title["height"] - 1, "the bar is under its title"
        first = names.index(row.get_attribute("data-first"))
        assert abs(bar["x"] - (left + first * step)) <= 2, row.get_attribute("data-action-id")
    now = browser.find_element(By.CSS_SELECTOR, ".tl-quarter.is-now").rect
    assert left <= now["x"] <= right and step > 5


# ---- every page: screenshots, accessibility, nothing from elsewhere ----------------------------------------

PAGES = {
    "acties": "/acties",
    "acties-gefilterd": "/acties?org=VMM&role=initiator",
    "actie": "/acties/BT%203.3",
    "tijdlijn": "/tijdlijn",
    "organisaties": "/organisaties",
    "organisatie": "/organisaties/VMM",
}


@pytest.mark.parametrize("name", list(PAGES))
def test_every_page_is_accessible_and_self_contained(browser: Any, site: str, name: str) -> None:
    visit(browser, site + PAGES[name])
    assert axe_violations(browser) == []
    screenshots(browser, f"explorer-{name}")
    set_viewport(browser, 390, 844)
    assert axe_violations(browser) == []
    overflow = browser.execute_script(
        "return document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    assert_clean(browser, site)
