"""Downloads in a real browser: the file a coordinator clicks for is the table on screen, and a
hypothetical scenario says so in the file's name and in every row."""

from __future__ import annotations

import io

import pandas as pd
import pytest
from openpyxl import load_workbook

from srrp.plan import load_plan
from srrp.rollup import rollup
from srrp.scenario import apply_scenario, load_scenario
from tests.browser.harness import PAGES, ROOT, open_and_wait, serve_bundled

pytestmark = pytest.mark.browser

SCENARIO = "vaccines_pledge_5m"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with serve_bundled(tmp_path_factory.mktemp("downloads") / "data") as url:
        yield url


def expected_gaps() -> pd.Series:
    """The gap of each sub-objective under the scenario, computed from the files."""
    plan = apply_scenario(load_plan(ROOT / "data" / "plan_2021.yaml"),
                          load_scenario(ROOT / "data" / "scenarios" / f"{SCENARIO}.yaml"))
    table = rollup(plan)
    table = table[table["level"] == "sub-objective"]
    return table.set_index("id")["gap"]


def download(page, button) -> tuple[str, bytes]:
    with page.expect_download() as info:
        button.click()
    path = info.value.path()
    return info.value.suggested_filename, path.read_bytes()


def gaps_buttons(page, label: str):
    return page.locator(".st-key-gaps-download-csv, .st-key-gaps-download-xlsx").get_by_role(
        "button", name=label)


def test_the_gaps_csv_is_the_ranked_table_marked_hypothetical(server, page):
    open_and_wait(page, f"{server}/gaps?scenario={SCENARIO}", PAGES["gaps"])
    name, data = download(page, gaps_buttons(page, "Download CSV"))
    table = pd.read_csv(io.BytesIO(data), dtype={"id": str})
    assert name == "srrp2021_funding_gaps_HYPOTHETICAL.csv"
    assert (table["figures"] == "HYPOTHETICAL scenario, not sourced funding").all()
    assert list(table["rank"]) == list(range(1, len(table) + 1))
    assert list(table["gap"]) == sorted(table["gap"], reverse=True)
    assert table.set_index("id")["gap"].to_dict() == expected_gaps().to_dict()


def test_the_gaps_excel_holds_the_same_rows(server, page):
    open_and_wait(page, f"{server}/gaps?scenario={SCENARIO}", PAGES["gaps"])
    name, data = download(page, gaps_buttons(page, "Download Excel"))
    rows = list(load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True))
    assert name == "srrp2021_funding_gaps_HYPOTHETICAL.xlsx"
    header = list(rows[0])
    gaps = {str(row[header.index("id")]): row[header.index("gap")] for row in rows[1:]}
    assert gaps == expected_gaps().to_dict()
    assert page.locator('[data-testid="stException"]').count() == 0
