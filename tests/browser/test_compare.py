"""The comparison opened by a link, in a real browser: the table, the chart and a download
marked HYPOTHETICAL; screenshots at projector and desktop sizes."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from tests.browser.harness import ROOT, open_and_wait, serve_bundled
from tests.browser.test_downloads import SCENARIO, download, expected_gaps

TITLE = "What if a donor gives USD 5 M to vaccines (3.2)?"  # the scenario's, as shown

pytestmark = pytest.mark.browser

SHOTS = ROOT / "artifacts" / "screenshots"
DRAWN = ".js-plotly-plot .barlayer .point path"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with serve_bundled(tmp_path_factory.mktemp("compare") / "data") as url:
        yield url


def test_a_link_reopens_the_comparison_and_its_csv_is_marked_hypothetical(server, page):
    open_and_wait(page, f"{server}/compare?with={SCENARIO}", DRAWN)
    assert page.locator('[data-testid="stException"]').count() == 0
    main = page.inner_text('[data-testid="stMain"]')
    assert "Compare scenarios" in main and "HYPOTHETICAL" in main and TITLE in main
    assert f"with={SCENARIO}" in page.url
    button = page.locator(".st-key-compare-download-csv").get_by_role("button")
    name, data = download(page, button)
    table = pd.read_csv(io.BytesIO(data), dtype={"id": str}).set_index("id")
    assert name == "srrp2021_comparison_HYPOTHETICAL.csv"
    assert (table["figures"] == "HYPOTHETICAL scenario, not sourced funding").all()
    subs = table[table["level"] == "sub-objective"]
    assert subs[f"gap · {TITLE}"].to_dict() == expected_gaps().to_dict()


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)])
def test_the_comparison_fits_a_projector_and_a_desktop(server, browser, size):
    width, height = size
    context = browser.new_context(viewport={"width": width, "height": height})
    try:
        page = context.new_page()
        open_and_wait(page, f"{server}/compare?with={SCENARIO}", DRAWN)
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"compare-{width}x{height}.png"))
        assert page.locator('[data-testid="stException"]').count() == 0
        assert page.locator(".js-plotly-plot").count() == 1
    finally:
        context.close()
