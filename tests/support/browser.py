"""Headless Chromium for the browser tests: console errors, requests that leave the service, axe-core, screenshots."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
ROOT = Path(__file__).resolve().parent.parent.parent
ARTIFACTS = ROOT / "test-artifacts"
AXE = ROOT / "tests" / "assets" / "axe-core" / "axe.min.js"
# The two screen sizes every new page is looked at in: a laptop and a phone.
SIZES = {"1280": (1280, 900), "390": (390, 844)}


@contextmanager
def chromium(profile: Path) -> Iterator[Any]:
    """A headless Chromium driven by selenium, logging the console and the network."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

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
        "--hide-scrollbars",
        "--window-size=1280,900",
        "--lang=nl-BE",
        f"--user-data-dir={profile}",
    ):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    # An explicit driver path keeps selenium-manager from trying to download one.
    driver = webdriver.Chrome(options=options, service=Service(executable_path=str(CHROMEDRIVER)))
    try:
        yield driver
    finally:
        driver.quit()


def console_errors(driver: Any) -> list[dict[str, Any]]:
    """The console's errors since the last call."""
    return [entry for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]


def outside_requests(driver: Any, base_url: str) -> list[str]:
    """Every URL the browser requested since the last call that is not the service's own."""
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message.get("method") == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    # chrome:// pages are the browser's own (its new-tab page before the first visit), not the network.
    own = (base_url + "/", "data:", "blob:", "about:", "chrome:", "chrome-untrusted:")
    return [url for url in urls if not url.startswith(own) and url != base_url]


def clear_logs(driver: Any) -> None:
    """Empty the console and network logs, so what a test checks is what its own page did."""
    driver.get_log("browser")
    driver.get_log("performance")


def axe_violations(driver: Any) -> list[str]:
    """The serious and critical accessibility violations axe-core finds on the current page."""
    driver.execute_script(AXE.read_text(encoding="utf-8"))
    result = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {resultTypes: ['violations']}).then(r => done(r.violations), e => done(String(e)));"
    )
    assert isinstance(result, list), result
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes'][:3]]}"
        for v in result
        if v["impact"] in ("serious", "critical")
    ]


def screenshots(driver: Any, name: str, *, reload: bool = True) -> list[Path]:
    """Screenshots of the current page at 1280×900 and 390×844 (loaded at that size), under test-artifacts/."""
    ARTIFACTS.mkdir(exist_ok=True)
    saved = []
    for label, (width, height) in SIZES.items():
        set_viewport(driver, width, height)
        if reload:
            # A page decides some things when it loads (a phone folds the filters): show it as a phone loads it.
            driver.refresh()
        path = ARTIFACTS / f"{name}-{label}.png"
        driver.save_screenshot(str(path))
        saved.append(path)
    set_viewport(driver, *SIZES["1280"])
    return saved


def set_viewport(driver: Any, width: int, height: int) -> None:
    """Make the page's viewport exactly this size (a phone width emulates a phone: touch, mobile layout)."""
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600},
    )
    driver.execute_script("return document.documentElement.offsetWidth")


def javascript(driver: Any, enabled: bool) -> None:
    """Turn the pages' own scripts on or off (off: as a reader whose browser runs none); lasts until changed."""
    driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": not enabled})


# Every element of the current page that sticks out of its table cell, and every text that does (badges running
# into the next column): an empty list when nothing overlaps.
CELL_OVERFLOW = """
const out = [];
for (const cell of document.querySelectorAll(arguments[0])) {
  const box = cell.getBoundingClientRect();
  if (!box.width || getComputedStyle(cell).display === 'none') continue;
  for (const el of cell.querySelectorAll('*')) {
    if (el.closest('.visually-hidden')) continue;
    const r = el.getBoundingClientRect();
    if (!r.width) continue;
    if (r.left < box.left - 0.5 || r.right > box.right + 0.5 || r.bottom > box.bottom + 0.5)
      out.push(cell.className + ' > ' + el.className + ' "' + el.textContent.trim().slice(0, 30) + '"');
  }
  const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.textContent.trim() || node.parentElement.closest('.visually-hidden')) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    for (const r of range.getClientRects()) {
      if (r.right > box.right + 0.5 || r.left < box.left - 0.5)
        out.push(cell.className + ' text "' + node.textContent.trim().slice(0, 30) + '"');
    }
  }
}
return out;
"""
