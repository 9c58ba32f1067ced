"""axe-core on every page and every slide, in the light and the dark theme: no WCAG 2.2 A or
AA violation.

axe-core comes from npm (package.json, package-lock.json; `make test` runs `npm ci`)."""

from __future__ import annotations

import pytest

from tests.browser.harness import PAGES, ROOT, open_in_theme, serve_bundled
from tests.browser.test_projector import SLIDES, wait_for_slide

pytestmark = pytest.mark.browser

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG = "{runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}}"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    if not AXE.exists():
        pytest.fail("axe-core is missing: run `make test`, which runs `npm ci`")
    with serve_bundled(tmp_path_factory.mktemp("axe") / "data") as url:
        yield url


def violations(page) -> list[tuple[str, str, list]]:
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stSkeleton\"]')",
                           timeout=60_000)
    page.add_script_tag(path=str(AXE))
    found = page.evaluate(f"axe.run(document, {WCAG})")["violations"]
    return [(v["id"], v["help"], [n["target"] for n in v["nodes"][:3]]) for v in found]


THEMES = {"light": "dark", "dark": "light"}  # each asked for on a computer set to the other


@pytest.fixture(params=list(THEMES))
def themed(request, browser):
    """(page, theme): a page in a context whose computer prefers the other theme."""
    theme = request.param
    context = browser.new_context(viewport={"width": 1280, "height": 720},
                                  color_scheme=THEMES[theme])
    yield context.new_page(), theme
    context.close()


@pytest.mark.parametrize("name", [name for name in PAGES if name != "briefing"])
def test_a_page_has_no_wcag_violation(server, themed, name):
    page, theme = themed
    open_in_theme(page, f"{server}/{name}", theme, PAGES[name])
    assert violations(page) == []


def test_no_slide_has_a_wcag_violation(server, themed):
    page, theme = themed
    open_in_theme(page, f"{server}/briefing?slide=1&present=1", theme, ".st-key-slide h1")
    for number in range(1, SLIDES + 1):
        wait_for_slide(page, number)
        assert violations(page) == [], number
        page.keyboard.press("PageDown")


def test_the_briefing_page_with_its_controls_has_no_wcag_violation(server, themed):
    page, theme = themed
    open_in_theme(page, f"{server}/briefing", theme, PAGES["briefing"])
    assert violations(page) == []
