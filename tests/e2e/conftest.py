"""Browser tests: Playwright (sync API) driving Debian's Chromium against pytest-django's live server.

- Chromium must be at /usr/bin/chromium (DESIGN §6): when it is missing the tests FAIL, they never skip.
- Playwright runs an event loop in the test thread, so Django's async-safety check is switched off for the ORM
  calls the tests make to set up their world.
- Every step leaves a screenshot in artifacts/e2e/<test>/<step>.png (those a report describes also go to
  $SCREENSHOT_DIR when it is set: Steps.report), and every page is checked with axe-core
  (WCAG 2.0/2.1 A and AA rules): no violation of impact "serious" or "critical" is allowed. The counts of every
  check go to artifacts/e2e/axe-results.json.
"""

import json
import os
import re
from collections import Counter
from pathlib import Path

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

import pytest
from playwright.sync_api import Page, sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
AXE_JS = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "e2e"
AXE_RULESETS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING_IMPACTS = ("serious", "critical")

AXE_RESULTS: list[dict] = []


@pytest.fixture(scope="session")
def browser():
    assert os.path.exists(CHROMIUM), f"Debian's Chromium is required at {CHROMIUM} (apt-get install -y chromium)"
    with sync_playwright() as playwright:
        # Under `make test-clock` Chromium runs on the real clock: what the tests check comes from the live server,
        # whose clock is moved.
        real_clock = {name: value for name, value in os.environ.items() if name not in ("LD_PRELOAD", "FAKETIME")}
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True, env=real_clock
        )
        yield browser
        browser.close()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "axe-results.json").write_text(json.dumps(AXE_RESULTS, indent=2, ensure_ascii=False))


class Steps:
    """Screenshots and accessibility checks of one test, step by step."""

    def __init__(self, test_name: str, base_url: str):
        self.test_name = re.sub(r"[^A-Za-z0-9_.-]", "_", test_name)
        self.base_url = base_url
        self.folder = ARTIFACTS / self.test_name
        self.folder.mkdir(parents=True, exist_ok=True)
        for old in self.folder.glob("*.png"):
            old.unlink()
        self.number = 0

    def url(self, path: str) -> str:
        return self.base_url + path

    def shot(self, page: Page, step: str) -> Path:
        self.number += 1
        path = self.folder / f"{self.number:02d}-{step}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    def report(self, page: Page, name: str, *, full_page: bool = True) -> None:
        """A screenshot a report describes, saved as SCREENSHOT_DIR/<name>.png when that variable is set."""
        if os.environ.get("SCREENSHOT_DIR"):
            folder = Path(os.environ["SCREENSHOT_DIR"])
            folder.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(folder / f"{name}.png"), full_page=full_page)

    def axe(self, page: Page, step: str) -> None:
        """Run axe-core on the page as it is now and fail on any serious or critical violation."""
        # Evaluated through the DevTools protocol: a <script> tag would be refused by the pages' CSP, as it should.
        page.evaluate(AXE_JS.read_text(encoding="utf-8"))
        result = page.evaluate("async (tags) => await axe.run(document, {runOnly: tags})", AXE_RULESETS)
        violations = result["violations"]
        counts = Counter(v["impact"] for v in violations)
        AXE_RESULTS.append(
            {
                "test": self.test_name,
                "step": step,
                "url": page.url.replace(self.base_url, ""),
                "lang": page.evaluate("document.documentElement.lang"),
                "violations": dict(counts),
                "rules": sorted({f"{v['id']} ({v['impact']})" for v in violations}),
            }
        )
        blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
        assert not blocking, f"axe on {page.url} ({step}): " + "; ".join(
            f"{v['id']} [{v['impact']}] {v['help']}: {[n['target'] for n in v['nodes']][:5]}" for v in blocking
        )

    def check(self, page: Page, step: str) -> None:
        """The usual pair: an accessibility check, then the screenshot."""
        self.axe(page, step)
        self.shot(page, step)


@pytest.fixture
def steps(request, live_server):
    return Steps(request.node.name, live_server.url)


@pytest.fixture
def new_page(browser):
    """Pages in fresh browser contexts (each its own cookies: one per person in a test)."""
    contexts = []

    def make(**context_options) -> Page:
        options = {
            "viewport": {"width": 1280, "height": 900},
            "locale": "vi-VN",
            "accept_downloads": True,
            **context_options,
        }
        context = browser.new_context(**options)
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()
