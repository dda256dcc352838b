"""Browser tests with Playwright driving Debian's Chromium (never `playwright install`).

Fixtures: `browser` (module-scoped headless Chromium; skipped LOUDLY when /usr/bin/chromium is
missing, and failed instead with CI=true, so a CI run never passes without its browser tests)
and `page` (a fresh 1280×800 page that fails the test on console errors, which is how CSP
violations show). Helpers: `log_in`, `assert_accessible`, `screenshot`, `assert_fits` (nothing
scrolls sideways). Fixture `axe`: axe(page) runs axe-core (the npm dev dependency, read from
node_modules) on the page and fails on any serious or critical violation, naming each rule, its
help and the elements it found.
"""

from __future__ import annotations

import json
import os
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]  # fmt: skip
# `make screenshots` points this at docs/screenshots; a test run writes them under var/ so
# that running the tests never rewrites a tracked file.
SCREENSHOTS = Path(
    os.environ.get("QUADRANT_SCREENSHOT_DIR")
    or Path(__file__).resolve().parents[3] / "var" / "screenshots"
)
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
SMALL_PHONE = {"width": 360, "height": 780}  # the narrowest screen the pages are made for
AXE = Path(__file__).resolve().parents[3] / "node_modules" / "axe-core" / "axe.min.js"
AXE_FAILING_IMPACTS = ("serious", "critical")
_BANNER = "!" * 78
# Console messages that are not faults of the page (none: the NHS.UK CSS is compiled with local
# asset paths and no remote fonts, see frontend/nhsuk.scss).
KNOWN_CONSOLE_ERRORS: tuple[str, ...] = ()


def require_chromium() -> None:
    """Skip the browser tests LOUDLY when Chromium is missing; with CI=true, fail them."""
    if CHROMIUM.exists():
        return
    if in_ci():
        pytest.fail(
            f"{CHROMIUM} is missing and CI=true: the browser tests cannot run. Install it with "
            "`make chromium` (as root), or unset CI to skip them on your own machine."
        )
    message = f"\n{_BANNER}\n!!  {CHROMIUM} is missing: the BROWSER TESTS ARE SKIPPED.\n{_BANNER}"
    warnings.warn(message, stacklevel=1)
    pytest.skip(message)


def in_ci() -> bool:
    """CI=true (or 1, yes), as GitHub Actions, GitLab and most CI services set it."""
    return os.environ.get("CI", "").strip().lower() in {"true", "1", "yes"}


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Headless Chromium for one test module (Playwright's loop lives only that long)."""
    require_chromium()
    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's sync API runs a loop
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A desktop-sized page; console errors and page errors fail the test at the end."""
    context = browser.new_context(viewport=DESKTOP)
    new_page = context.new_page()
    problems: list[str] = []
    new_page.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)
    new_page.on("pageerror", lambda exc: problems.append(str(exc)))
    new_page.on(
        "response",
        lambda r: problems.append(f"{r.status} for {r.url}") if r.status >= 400 else None,
    )
    yield new_page
    context.close()
    problems = [p for p in problems if not any(known in p for known in KNOWN_CONSOLE_ERRORS)]
    assert not problems, f"Console errors (CSP violations show here): {problems}"


def log_in(page: Any, base_url: str, username: str, password: str) -> None:
    page.goto(f"{base_url}/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state()


def assert_accessible(page: Any) -> None:
    """One h1, a skip link to #maincontent, a <main>, and every input labelled."""
    page.wait_for_load_state()
    url = page.url
    assert page.locator("h1").count() == 1, f"{url}: expected exactly one h1"
    assert page.locator('a.nhsuk-skip-link[href="#maincontent"]').count() == 1, url
    assert page.locator("main#maincontent").count() == 1, f"{url}: no <main id=maincontent>"
    unlabelled = page.evaluate(
        """() => [...document.querySelectorAll('input, select, textarea')]
            .filter(el => el.type !== 'hidden' && el.type !== 'submit')
            .filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label')
                          && !el.getAttribute('aria-labelledby'))
            .map(el => el.name || el.id)"""
    )
    assert not unlabelled, f"{url}: inputs without a label: {unlabelled}"


def screenshot(page: Any, name: str) -> Path:
    """Save NAME.png of the whole page under SCREENSHOTS."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def assert_fits(page: Any) -> None:
    """Nothing on the page scrolls sideways at the current viewport width."""
    page.wait_for_load_state()  # a navigation just begun has no document element yet
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] <= widths[1], f"{page.url}: {widths[0]}px wide in a {widths[1]}px window"


SHOWN_CHART_TEXT = """(selector) => [...document.querySelectorAll(selector)]
    .filter(svg => svg.getBoundingClientRect().width > 0)
    .map(svg => {
      const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
      const sizes = [...svg.querySelectorAll('text')].map(
        t => parseFloat(getComputedStyle(t).fontSize) * scale);
      return {narrow: svg.classList.contains('app-chart__narrow'), smallest: Math.min(...sizes)};
    })"""


def shown_charts(page: Any, selector: str) -> list[dict[str, Any]]:
    """Each chart (an SVG matching SELECTOR) drawn on the page at its size: whether it is the
    narrow one drawn for a phone, and the smallest of its text in CSS pixels as shown."""
    found: list[dict[str, Any]] = page.evaluate(SHOWN_CHART_TEXT, selector)
    return found


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """The serious and critical violations axe-core finds on the page (WCAG 2.2 A and AA)."""
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `npm ci` (or `make setup`) to install axe-core.")
    if not page.evaluate("() => typeof window.axe === 'object'"):
        # Evaluated through the DevTools protocol, so the page's CSP does not refuse it.
        page.evaluate(AXE.read_text(encoding="utf-8"))
    results = page.evaluate(
        """async () => {
            const tags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
            const found = await window.axe.run(document, {runOnly: {type: 'tag', values: tags}});
            return found.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                helpUrl: v.helpUrl, targets: v.nodes.map(n => n.target.join(' '))}));
        }"""
    )
    return [v for v in results if v["impact"] in AXE_FAILING_IMPACTS]


@pytest.fixture
def axe() -> Any:
    """axe(page): fail on serious or critical axe-core violations, printing each one.

    axe(page, known={"rule-id": "whose fault, and where it is reported"}) lets a known fault of
    a page another part owns through with a loud warning, and fails once it is gone (so the
    entry is removed)."""

    def check(page: Any, known: dict[str, str] | None = None) -> None:
        known = known or {}
        violations = axe_violations(page)
        found = {v["id"] for v in violations}
        for rule, why in known.items():
            assert rule in found, f"{page.url}: {rule} is fixed; remove it from the known faults"
            warnings.warn(f"{page.url}: known accessibility fault {rule}: {why}", stacklevel=2)
        violations = [v for v in violations if v["id"] not in known]
        assert not violations, f"{page.url}: axe-core found\n" + json.dumps(violations, indent=2)

    return check
