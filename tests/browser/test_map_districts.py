"""The district map in a real browser: drawn, clicked, and listing what was clicked, at the two
screen sizes a coordinator presents on."""

from __future__ import annotations

import shutil

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from srrp.cli import main
from srrp.places.gazetteer import load_gazetteers
from tests.browser.harness import PAGES, ROOT, open_and_wait, serve
from tests.districts import THREE_W, import_lao_districts
from visuals.map import _pixels, fit_view, read_boundaries

pytestmark = pytest.mark.browser

SHOTS = ROOT / "artifacts" / "screenshots"


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    """The bundled data with Lao PDR's districts and a 3W naming some of them imported."""
    folder = tmp_path_factory.mktemp("districts") / "data"
    shutil.copytree(ROOT / "data", folder)
    districts = import_lao_districts(folder, load_gazetteers(folder / "gazetteer")["LAO"])
    three_w = folder.parent / "lao_3w.csv"
    three_w.write_text(THREE_W, encoding="utf-8")
    assert main(["import", str(three_w), "--country", "LAO", "--into", str(folder)]) == 0
    return folder, districts


@pytest.fixture(scope="module")
def server(data):
    with serve(data[0]) as url:
        yield url


def where_on_the_map(districts, pcode: str) -> tuple[float, float]:
    """A point of the district, in pixels from the middle of the map as first drawn."""
    shapes = read_boundaries(str(districts), 2)
    view = fit_view(shapes.bounds)
    x, y = _pixels(*shapes.label_points[pcode], view.zoom)
    cx, cy = _pixels(view.longitude, view.latitude, view.zoom)
    return x - cx, y - cy


def point_at(page, x: float, y: float, name: str, tries: int = 20) -> None:
    """Move the pointer there until the map's tooltip names the district: the map answers
    the pointer only once deck.gl has drawn it."""
    tooltip = page.locator(".deck-tooltip", has_text=name)
    for _ in range(tries):
        page.mouse.move(x - 1, y)
        page.mouse.move(x, y)
        try:
            tooltip.wait_for(timeout=1_000)
            return
        except PlaywrightTimeout:
            continue
    raise AssertionError(f"no tooltip for {name} where it is drawn")


def click_until_chosen(page, x: float, y: float, name: str, chosen: str, tries: int = 3) -> None:
    """Click the district until the app has it chosen (in the link). On a loaded machine a
    click was sometimes not taken although the tooltip showed (one run in three at
    1920x1080; the cause is not known): a click is repeated only when the app is idle and has
    not taken the one before, since a second click on a chosen area would clear it."""
    idle = '[data-testid="stApp"][data-test-script-state="notRunning"]'
    for _ in range(tries):
        point_at(page, x, y, name)
        page.mouse.click(x, y)
        try:
            page.wait_for_url(f"**{chosen}*", timeout=15_000)
        except PlaywrightTimeout:
            page.wait_for_selector(idle)
            if chosen in page.url:
                return
            continue
        page.wait_for_selector(idle)
        return
    raise AssertionError(f"clicking {name} on the map did not choose it")


@pytest.mark.parametrize("width, height", [(1280, 720), (1920, 1080)])
def test_clicking_a_district_lists_its_activities(server, data, browser, width, height):
    context = browser.new_context(viewport={"width": width, "height": height})
    try:
        page = context.new_page()
        page.outside_requests = []
        open_and_wait(page, f"{server}/map?level=2", PAGES["map"])
        main_text = page.locator('[data-testid="stMain"]')
        assert "Map by district: Lao PDR" in main_text.inner_text()
        assert "activities placed only at province level, not drawn" in main_text.inner_text()
        canvas = page.locator('[data-testid="stDeckGlJsonChart"] canvas').first
        canvas.scroll_into_view_if_needed()
        box = canvas.bounding_box()
        dx, dy = where_on_the_map(data[1], "LA1705")
        x, y = box["x"] + box["width"] / 2 + dx, box["y"] + box["height"] / 2 + dy
        click_until_chosen(page, x, y, "Phouvong (Attapeu)", "district=LA1705")
        page.get_by_text("Activities in Phouvong (Attapeu)").wait_for(timeout=60_000)
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"map_districts_{width}.png"), full_page=True)
        assert page.locator('[data-testid="stException"]').count() == 0
        assert page.outside_requests == []
    finally:
        context.close()
