"""A coordinator brings a real 3W in through the browser: uploads the Nigeria workbook, checks
how it is read, adds it, and sees its states on the map. Screenshots of the Import page at a
projector's 1280×720 and at 1920×1080 are saved in artifacts/screenshots/ to be looked at."""

from __future__ import annotations

import pandas as pd
import pytest

from tests.browser.harness import PAGES, ROOT, open_and_wait, serve_bundled
from tests.examples import REAL_DATA
from tests.workbooks import NGA_HEADER, NGA_HXL, nga_row, xlsx

pytestmark = pytest.mark.browser

SHOTS = ROOT / "artifacts" / "screenshots"
NIGERIA = REAL_DATA / "3w" / "nga_3w_august_2021.xlsx"
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
ADD = "Add 4,648 rows to the dashboard"


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    return tmp_path_factory.mktemp("browser-import") / "data"


@pytest.fixture(scope="module")
def server(data):
    with serve_bundled(data) as url:
        yield url


def activities_by_state(data) -> set[str]:
    """The count of activity rows of each state in the file the import wrote, as the map's
    legend writes them."""
    written = next(data.glob("nga_activities_*.csv"))
    rows = pd.read_csv(written, skiprows=[1], dtype=str, keep_default_na=False)
    return {f"{n:,}" for n in rows.groupby("admin1_pcode").size()}


def settle(page) -> None:
    page.wait_for_timeout(300)  # the rerun a click starts begins after the click returns
    page.wait_for_selector(IDLE, timeout=120_000)


@pytest.mark.skipif(not NIGERIA.exists(), reason="../shared/real-data is not here")
def test_the_nigeria_workbook_is_added_and_its_states_are_on_the_map(server, data, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    try:
        open_and_wait(page, f"{server}/import", '[data-testid="stFileUploader"]')
        page.locator('[data-testid="stFileUploaderDropzoneInput"][accept*=".xlsx"]').set_input_files(NIGERIA)
        page.get_by_role("button", name=ADD).wait_for(timeout=120_000)
        settle(page)
        assert page.locator('[data-testid="stException"]').count() == 0
        metrics = page.locator('[data-testid="stMetricValue"]').all_inner_texts()
        assert metrics == ["4,648", "4,648", "0"]
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "import-1280x720.png"))
        page.set_viewport_size({"width": 1920, "height": 1080})
        page.screenshot(path=str(SHOTS / "import-1920x1080.png"))

        page.get_by_role("button", name=ADD).click()
        page.get_by_role("button", name="Show Nigeria on the map").click()
        page.wait_for_selector(PAGES["map"], timeout=120_000, state="attached")
        settle(page)
        assert "Map by state: Nigeria" in page.inner_text('[data-testid="stMain"]')
        legend = set(page.locator('[role="gridcell"]').all_inner_texts())
        assert activities_by_state(data) <= legend  # each state's activities, coloured
        assert page.locator('[data-testid="stException"]').count() == 0
        page.screenshot(path=str(SHOTS / "import-map-1920x1080.png"))
    finally:
        context.close()


NEAR_MISSES = ["Bornoo", "Yobee", "Adamawaa", "Kanoo", "Lagoss", "Enuguu", "Kadunaa"]


def alt_name_lines(data) -> list[str]:
    return (data / "gazetteer" / "alt_names.csv").read_text(encoding="utf-8").splitlines()


def test_near_misses_confirmed_one_by_one_save_exactly_the_suggestions_shown(
        server, data, browser, tmp_path):
    """A coordinator clicks Confirm down a list of near misses: each saves the area its own
    row showed, and nothing else."""
    book = tmp_path / "nga_near_misses.xlsx"
    book.write_bytes(xlsx({"3W": [NGA_HEADER, NGA_HXL, *(
        nga_row(state=name, pcode="", lga="", lga_code="") for name in NEAR_MISSES)]}))
    before = alt_name_lines(data)
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    try:
        open_and_wait(page, f"{server}/import", '[data-testid="stFileUploader"]')
        page.locator('[data-testid="stFileUploaderDropzoneInput"][accept*=".xlsx"]').set_input_files(book)
        rows = page.locator('[data-testid="stHorizontalBlock"]').filter(
            has=page.get_by_role("button", name="Confirm"))
        rows.first.wait_for(timeout=120_000)
        settle(page)
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.locator('[data-testid="stHeading"]').filter(has_text="Places to confirm") \
            .scroll_into_view_if_needed()
        page.screenshot(path=str(SHOTS / "import-near-misses-1280x720.png"))
        page.set_viewport_size({"width": 1920, "height": 1080})
        page.screenshot(path=str(SHOTS / "import-near-misses-1920x1080.png"))
        shown = []
        while rows.count():
            row = rows.first
            label = row.locator('[data-testid="stWidgetLabel"]').inner_text()
            value = row.get_by_role("combobox").input_value()
            shown.append((label.split("'")[1], value.rsplit("(", 1)[1].rstrip(")")))
            row.get_by_role("button", name="Confirm").click()
            settle(page)
            assert page.locator('[data-testid="stException"]').count() == 0
        assert len(shown) == len(NEAR_MISSES)
        assert [line.split(",")[1:3] for line in alt_name_lines(data)[len(before):]] == \
            [[pcode, name] for name, pcode in shown]
        assert alt_name_lines(data)[:len(before)] == before
        suggested = {"Bornoo": "NG008", "Yobee": "NG036", "Adamawaa": "NG002",
                     "Kanoo": "NG020", "Lagoss": "NG025", "Enuguu": "NG014",
                     "Kadunaa": "NG019"}
        assert dict(shown) == suggested  # what was shown was each one's own suggestion
        metrics = page.locator('[data-testid="stMetricValue"]').all_inner_texts()
        assert metrics == ["7", "7", "0"]
    finally:
        context.close()
