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


# three scenarios with titles as long as people give them
LONG_TITLES = {
    "uk": ("What if the United Kingdom pledges USD 5 M to vaccines in Q3", "3.2"),
    "japan": ("What if Japan confirms USD 3 M for health systems and border management", "1.1"),
    "eu": ("What if the European Union gives USD 8 M to the plan as a whole this year", None),
}

# every column of the gap table drawn inside the window: the grid's right edge within it, and
# no column left to scroll to
GAP_COLUMNS = """() => {
  const table = document.querySelector('.st-key-compare-gap [data-testid="stDataFrame"]');
  const grid = table.querySelector('.dvn-scroller'), box = grid.getBoundingClientRect();
  return {heads: [...table.querySelectorAll('th')].map(th => th.textContent.trim()),
          left: box.left, right: box.right, hidden: grid.scrollWidth - grid.clientWidth,
          window: window.innerWidth};
}"""


def long_titled(folder) -> list:
    paths = []
    for name, (title, sub) in LONG_TITLES.items():
        where = f", sub_objective: '{sub}'" if sub else ""
        paths.append(folder / f"{name}.yaml")
        paths[-1].write_text(f"scenario: {{title: {title}}}\nchanges:\n  - add_contribution: "
                             f"{{id: {name}, donor: D, amount: 5000000, status: confirmed"
                             f"{where}}}\n", encoding="utf-8")
    return paths


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("compare")
    with serve_bundled(folder / "data", *long_titled(folder)) as url:
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


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)])
def test_the_last_scenarios_gap_is_on_screen_whatever_the_titles(server, browser, size):
    """Three scenarios with long titles: each column is headed by a short name, and the gap
    table's last column, the third scenario's, lies inside the window."""
    width, height = size
    context = browser.new_context(viewport={"width": width, "height": height})
    try:
        page = context.new_page()
        open_and_wait(page, f"{server}/compare?with={','.join(LONG_TITLES)}",
                      '.st-key-compare-gap [data-testid="stDataFrame"] .dvn-scroller')
        page.locator(".st-key-compare-gap").scroll_into_view_if_needed()
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"compare-gap-{width}x{height}.png"))
        gap = page.evaluate(GAP_COLUMNS)
        assert gap["heads"][-1] == "Scenario 3"
        assert gap["hidden"] <= 0 and 0 <= gap["left"] and gap["right"] <= gap["window"], gap
        legend = page.inner_text('[data-testid="stMain"]')
        assert all(f"Scenario {i}: {title} (hypothetical)" in legend
                   for i, (title, _) in enumerate(LONG_TITLES.values(), 1))
    finally:
        context.close()
