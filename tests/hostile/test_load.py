"""Twenty people at once: one server on loopback, one Chromium, twenty browser contexts.

Each context opens every page in turn (each starting on a different page), all at the same time,
and times each page twice from navigation: until the server has answered (the script has
finished and the page is on screen) and until its chart, map or table is drawn. Drawing happens
in the one Chromium on the same machine (deck.gl maps in software WebGL), so the second time
measures the test's own browser as much as the server. Every page must answer within ANSWERED_S
and be drawn within DRAWN_S, with no exception box. p50 and p95 go to artifacts/load.txt
(docs/reliability.md keeps those of the last run). Run with ``-m soak``.
"""

from __future__ import annotations

import asyncio
import statistics
import time

import pytest

from tests.browser.harness import CHROMIUM, CHROMIUM_ARGS, PAGES, ROOT, serve_bundled

pytestmark = [pytest.mark.soak, pytest.mark.browser]

SESSIONS = 20
REPORT = ROOT / "artifacts" / "load.txt"
READY = '[data-testid="stApp"][data-test-script-state="notRunning"]'
ANSWERED_S = 120
DRAWN_S = 300


async def session(browser, url: str, first: int, timings: list, failures: list) -> None:
    context = await browser.new_context(viewport={"width": 1600, "height": 1000})
    page = await context.new_page()
    names = list(PAGES)
    for name in names[first:] + names[:first]:
        started = time.perf_counter()
        try:
            await page.goto(f"{url}/{name}", wait_until="domcontentloaded",
                            timeout=ANSWERED_S * 1000)
            await page.wait_for_selector(READY, timeout=ANSWERED_S * 1000)
            answered = time.perf_counter() - started
            await page.wait_for_selector(PAGES[name], state="attached",
                                         timeout=(DRAWN_S - answered) * 1000)
            timings.append((name, answered, time.perf_counter() - started))
            if await page.locator('[data-testid="stException"]').count():
                failures.append(f"{name}: exception box")
        except Exception as err:  # a timeout: the page did not answer, or was not drawn
            failures.append(f"{name}: {err!r}"[:200])
    await context.close()


async def crowd(url: str) -> tuple[list, list, float]:
    from playwright.async_api import async_playwright

    timings, failures = [], []
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        started = time.perf_counter()
        await asyncio.gather(*(session(browser, url, i % len(PAGES), timings, failures)
                               for i in range(SESSIONS)))
        wall = time.perf_counter() - started
        await browser.close()
    return timings, failures, wall


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with serve_bundled(tmp_path_factory.mktemp("load") / "data") as url:
        yield url


@pytest.mark.timeout(1800)
def test_twenty_sessions_at_once_all_get_every_page(server):
    pytest.importorskip("playwright.async_api")
    timings, failures, wall = asyncio.run(crowd(server))
    REPORT.parent.mkdir(exist_ok=True)
    REPORT.write_text(
        f"{SESSIONS} sessions x {len(PAGES)} pages: {len(timings)} answered and drawn, "
        f"{len(failures)} failed, in {wall:.0f} s\n"
        f"answered: {_spread([a for _, a, _ in timings])}\n"
        f"drawn: {_spread([d for _, _, d in timings])}\n"
        "median per page (answered / drawn): " + ", ".join(
            f"{name} {statistics.median(a for n, a, _ in timings if n == name):.1f} / "
            f"{statistics.median(d for n, _, d in timings if n == name):.1f} s"
            for name in PAGES if any(n == name for n, _, _ in timings)) + "\n")
    assert failures == []
    assert len(timings) == SESSIONS * len(PAGES)


def _spread(seconds: list[float]) -> str:
    seconds = sorted(seconds)
    if not seconds:
        return "none"
    p95 = seconds[max(0, round(0.95 * len(seconds)) - 1)]
    return (f"p50 {statistics.median(seconds):.1f} s, p95 {p95:.1f} s, "
            f"max {seconds[-1]:.1f} s")
