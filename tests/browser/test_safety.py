"""Data texts are shown as text in a real browser, never run as HTML or fetched as images.

The server serves a copy of the data whose plan title, first objective, donors, a Lao project and
its note carry a script tag, an image with an onerror handler, a javascript: link and a Markdown
image from evil.example (tests/hostile/hostile_data.py). Every page, under the baseline and
under a scenario whose title carries the same, must leave ``window.__xss`` unset, open no dialog,
send no request off the machine, and show the literal '<script>' where the title is shown.
"""

from __future__ import annotations

import pytest

from tests.browser.harness import PAGES, open_and_wait, serve
from tests.hostile.hostile_data import PAYLOAD, hostile_copy

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with serve(hostile_copy(tmp_path_factory.mktemp("safety") / "data")) as url:
        yield url


def visit(page, url: str, drawn: str) -> None:
    page.dialogs = []
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    open_and_wait(page, url, drawn)


def assert_inert(page) -> None:
    assert page.evaluate("typeof window.__xss") == "undefined"
    assert page.dialogs == []
    assert page.outside_requests == []
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.locator('a[href^="javascript:"]').count() == 0
    assert page.locator('img[src*="evil.example"], img[src="x"]').count() == 0


@pytest.mark.parametrize("scenario", ["baseline", "hostile"])
@pytest.mark.parametrize("name", list(PAGES))
def test_no_data_text_runs_as_html_on_any_page(server, page, name, scenario):
    visit(page, f"{server}/{name}?scenario={scenario}&node=1", PAGES[name])
    assert_inert(page)


def test_the_plan_title_shows_its_script_tag_as_text(server, page):
    visit(page, f"{server}/overview", PAGES["overview"])
    title = page.locator('[data-testid="stMain"] h1').first.inner_text()
    assert "<script>window.__xss=1</script>" in title
    assert "[click](javascript:alert(1))" in title
    assert_inert(page)


def test_an_objective_title_shows_as_typed_in_the_funding_tree(server, page):
    visit(page, f"{server}/gaps?node=1", PAGES["gaps"])
    text = page.inner_text('[data-testid="stMain"]')
    assert "Objective <script>window.__xss=1</script>" in text
    assert PAYLOAD.split(" [click]")[0] in text
    assert_inert(page)


def test_the_map_tooltip_shows_a_province_name_as_text(server, page):
    """The tooltip template is HTML; the province names put into it must stay text."""
    visit(page, f"{server}/map", PAGES["map"])
    canvas = page.locator('[data-testid="stDeckGlJsonChart"] canvas').first
    box = canvas.bounding_box()
    shown = ""
    for fx, fy in ((0.5, 0.5), (0.4, 0.4), (0.6, 0.6), (0.3, 0.25), (0.55, 0.7)):
        page.mouse.move(box["x"] + box["width"] * fx, box["y"] + box["height"] * fy, steps=5)
        page.wait_for_timeout(400)
        shown = page.locator(".deck-tooltip").first.inner_text() if page.locator(
            ".deck-tooltip").count() else ""
        if "<script>" in shown:
            break
    assert "<script>window.__xss=1</script>" in shown, shown
    assert_inert(page)
