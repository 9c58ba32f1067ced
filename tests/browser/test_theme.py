"""Light or dark whatever the computer says, from the sidebar or a link; and a sidebar whose
every control is in reach at 1280×720."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from tests.browser.harness import (
    BACKGROUND,
    BACKGROUNDS,
    PAGES,
    open_and_wait,
    open_in_theme,
    serve_bundled,
    shows,
)

pytestmark = pytest.mark.browser

OTHER = {"light": "dark", "dark": "light"}
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with serve_bundled(tmp_path_factory.mktemp("theme") / "data") as url:
        yield url


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_a_link_shows_its_theme_whatever_the_computer_says(server, browser, theme):
    """A projector in a bright room needs the light theme on a laptop set to dark: the link
    of a presented slide says so."""
    context = browser.new_context(viewport={"width": 1280, "height": 720},
                                  color_scheme=OTHER[theme])
    try:
        page = context.new_page()
        open_in_theme(page, f"{server}/briefing?slide=1&present=1", theme, ".st-key-slide h1")
        assert page.evaluate(BACKGROUND) == BACKGROUNDS[theme]
        assert f"theme={theme}" in page.url
    finally:
        context.close()


def test_the_sidebar_switches_the_theme_and_the_link_keeps_it(server, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 720}, color_scheme="light")
    try:
        page = context.new_page()
        open_and_wait(page, f"{server}/", PAGES["overview"])
        assert page.evaluate(BACKGROUND) == BACKGROUNDS["light"]
        page.locator(".st-key-theme").get_by_text("Dark", exact=True).click()
        shows(page, "dark")
        page.wait_for_selector(f"{IDLE} .st-key-theme", timeout=60_000)
        assert "theme=dark" in page.url
        page.locator(".st-key-theme").get_by_text("System", exact=True).click()
        shows(page, "light", asked=False)
        assert "theme=" not in page.url
    finally:
        context.close()


BPRM = "United States Bureau of Population, Refugees and Migration (BPRM)"  # a long name
IN_REACH = """() => [...document.querySelectorAll(
    '[data-testid="stSidebarNav"] a, [data-testid="stSidebar"] summary, .st-key-theme label')]
  .filter(e => e.getBoundingClientRect().bottom > innerHeight).map(e => e.innerText)"""


def test_at_1280x720_every_sidebar_control_is_in_reach_and_says_what_is_set(server, browser):
    """Donor and Year sat below the fold: the filters fold into one expander whose label says
    what each is set to, and nothing of the sidebar lies below the screen's edge."""
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    try:
        page = context.new_page()
        open_and_wait(page, f"{server}/?donor={quote(BPRM)}&scenario="
                      "vaccines_pledge_5m", PAGES["overview"])
        assert page.evaluate(IN_REACH) == []
        summary = page.locator('[data-testid="stSidebar"] summary').inner_text()
        for shown in ["What if a donor gives USD", "Lao PDR",
                      "United States Bureau of Population, Refugees…"]:
            assert shown in summary, shown
        page.locator('[data-testid="stSidebar"] summary').click()
        assert page.locator(".st-key-year").is_visible()
    finally:
        context.close()
