"""Twenty people at once: one server on loopback, one Chromium, twenty browser contexts.

Each context opens every page in turn (each starting on a different page), all at the same time,
and times each from navigation until the page's chart, map or table is drawn. Every page must
still answer, with no exception box. p50 and p95 go to artifacts/load.txt (docs/reliability.md
keeps those of the last run). Run with ``-m soak``.
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


async def session(browser, url: str, first: int, timings: list, failures: list) -> None:
    context = await browser.new_context(viewport={"width": 1600, "height": 1000})
    page = await context.new_page()
    names = list(PAGES)
    for name in names[first:] + names[:first]:
        started = time.perf_counter()
        try:
            await page.goto(f"{url}/{name}", wait_until="domcontentloaded", timeout=120_000)
            await page.wait_for_selector(READY, timeout=120_000)
            await page.wait_for_selector(PAGES[name], timeout=120_000, state="attached")
            timings.append((name, time.perf_counter() - started))
            if await page.locator('[data-testid="stException"]').count():
                failures.append(f"{name}: exception box")
        except Exception as err:  # a timeout: the page did not answer
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
    seconds = sorted(t for _, t in timings)
    p50 = statistics.median(seconds)
    p95 = seconds[max(0, round(0.95 * len(seconds)) - 1)]
    REPORT.parent.mkdir(exist_ok=True)
    per_page = {name: statistics.median(t for n, t in timings if n == name) for name in PAGES
                if any(n == name for n, _ in timings)}
    REPORT.write_text(
        f"{SESSIONS} sessions x {len(PAGES)} pages: {len(timings)} drawn, {len(failures)} "
        f"failed, in {wall:.0f} s\ntime to drawn: p50 {p50:.1f} s, p95 {p95:.1f} s, "
        f"max {seconds[-1]:.1f} s\nmedian per page: " +
        ", ".join(f"{n} {t:.1f} s" for n, t in per_page.items()) + "\n")
    assert failures == []
    assert len(timings) == SESSIONS * len(PAGES)
