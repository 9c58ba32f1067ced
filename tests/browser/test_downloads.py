"""Downloads in a real browser: the file a coordinator clicks for is the table on screen, a
hypothetical scenario says so in the file's name and in every row, and no name from a data file
arrives as a live formula."""

from __future__ import annotations

import csv
import io

import pandas as pd
import pytest
from openpyxl import load_workbook

from srrp.plan.rollup import rollup
from srrp.plan.tree import load_plan
from srrp.scenarios.scenario import apply_scenario, load_scenario
from tests.browser.harness import PAGES, ROOT, open_and_wait, serve, serve_bundled
from tests.hostile.formula_data import KEPT, formula_copy, runs_as_formula

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


def test_names_that_are_formulas_arrive_as_text_in_the_files_a_browser_saves(page,
                                                                          tmp_path_factory):
    data = formula_copy(tmp_path_factory.mktemp("formulas") / "data")
    with serve(data) as url:
        open_and_wait(page, f"{url}/sources", PAGES["sources"])
        name, raw = download(page, page.get_by_role(
            "button", name="lao_activities_formulas.csv (CSV)"))
        rows = list(csv.reader(io.StringIO(raw.decode("utf-8"), newline="")))
        assert name == "lao_activities_formulas.csv"
        assert not [c for row in rows for c in row if runs_as_formula(c)]
        assert {row[1][1:].lstrip("\t\r") for row in rows[2:]} == KEPT
        excel = page.locator(".st-key-download-contributions-xlsx").get_by_role("button")
        _, raw = download(page, excel)
        cells = [c for row in load_workbook(io.BytesIO(raw)).active.iter_rows() for c in row]
        assert not [c.coordinate for c in cells if c.data_type == "f"]
        assert KEPT <= {c.value for c in cells}
