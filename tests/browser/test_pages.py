"""The whole app in a real browser: Debian's Chromium driven by Playwright.

Starts the server on a free port against a copy of the data, opens every page, waits until its
charts and map are drawn, and checks that no exception box appears and no request leaves the
machine. Screenshots of every page are saved in artifacts/screenshots/ to be looked at.
"""

from __future__ import annotations

import pytest

from tests.browser.harness import PAGES, ROOT, open_and_wait, serve_bundled

pytestmark = pytest.mark.browser

SHOTS = ROOT / "artifacts" / "screenshots"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with serve_bundled(tmp_path_factory.mktemp("browser") / "data") as url:
        yield url


# every page's own address, as the menu and shared links give it
ADDRESSES = ["overview", "gaps", "funding", "targets", "map", "whatif", "import", "compare",
             "briefing", "sources"]


@pytest.mark.parametrize("name", ADDRESSES)
def test_each_pages_address_opens_it_in_a_new_session_without_page_not_found(server, browser,
                                                                            name):
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    try:
        page = context.new_page()
        open_and_wait(page, f"{server}/{name}", '[data-testid="stMain"] h1')
        assert page.get_by_text("Page not found").count() == 0
        assert page.url.split("?")[0] == f"{server}/{name}"
    finally:
        context.close()


def test_the_root_address_opens_the_overview_at_its_own_address_with_the_links_settings(
        server, page):
    open_and_wait(page, f"{server}/?objective=3", PAGES["overview"])
    assert page.get_by_text("Page not found").count() == 0
    assert page.url.startswith(f"{server}/overview?") and "objective=3" in page.url


@pytest.mark.parametrize("name", list(PAGES))
def test_every_page_draws_without_errors_or_outside_requests(server, page, name):
    open_and_wait(page, f"{server}/{name}", PAGES[name])
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.outside_requests == []


def test_a_link_with_state_opens_the_same_view(server, page):
    open_and_wait(page, f"{server}/gaps?node=3.2&objective=3", PAGES["gaps"])
    assert "Promote equitable access to vaccines" in page.inner_text('[data-testid="stMain"]')
    assert "objective=3" in page.url and "node=3.2" in page.url


@pytest.mark.parametrize("width", [1280, 1920])
def test_headline_figures_are_whole_on_a_projector_with_the_sidebar_open(server, browser, width):
    """No tile cuts its figure short ('USD 82…'): the figure shrinks with the tile."""
    context = browser.new_context(viewport={"width": width, "height": 800})
    try:
        page = context.new_page()
        open_and_wait(page, server, PAGES["overview"])
        figures = page.locator('[data-testid="stMetricValue"]')
        assert figures.count() == 4
        for i in range(4):
            text = figures.nth(i).locator("div").first
            assert text.evaluate("e => e.scrollWidth <= e.clientWidth"), text.inner_text()
            assert text.evaluate("e => parseFloat(getComputedStyle(e).fontSize)") >= 22
    finally:
        context.close()


def test_tile_labels_are_whole_at_1280(server, browser):
    """A tile's label wraps rather than ending in '…' ('People targeted, sum of indic…')."""
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    try:
        page = context.new_page()
        open_and_wait(page, f"{server}/targets", PAGES["targets"])
        labels = page.locator('[data-testid="stMetricLabel"] [data-testid="stMarkdownContainer"]')
        assert labels.count() >= 3
        for i in range(labels.count()):
            label = labels.nth(i)
            assert label.evaluate("e => e.scrollWidth <= e.clientWidth"), label.inner_text()
    finally:
        context.close()
