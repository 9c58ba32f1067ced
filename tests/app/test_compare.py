"""The Compare scenarios page: choose, see the differences, download, share by link."""

from __future__ import annotations

import plotly.io as pio
import pytest

from components.params import COMPARE_BASE, COMPARE_WITH
from tests.examples import PLEDGE

COMPARE = "pages/compare.py"
TITLE = "What if a donor gives USD 5 M to vaccines (3.2)?"
SEVEN = PLEDGE.replace("5000000", "7000000")


@pytest.fixture
def scenarios(data_dir):
    folder = data_dir / "scenarios"
    (folder / "pledge-a.yaml").write_text(PLEDGE.replace(TITLE, "pledge A"), encoding="utf-8")
    (folder / "pledge-b.yaml").write_text(SEVEN.replace(TITLE, "pledge B"), encoding="utf-8")
    return folder


def table(at):
    return at.dataframe[0].value


def test_with_nothing_chosen_the_page_says_how_to_start(open_page, scenarios):
    at = open_page(COMPARE)
    assert not at.dataframe and any("Choose one or more" in i.value for i in at.info)


def test_choosing_two_scenarios_shows_each_gap_beside_the_baseline(open_page, scenarios):
    at = open_page(COMPARE)
    at.multiselect(key=COMPARE_WITH.key).select("pledge-a").select("pledge-b").run()
    assert not at.exception
    rows = table(at).set_index("id")
    gaps = rows.loc["3.2", ["gap · baseline", "gap · pledge A", "gap · pledge B"]].tolist()
    assert gaps[0] - gaps[1] == 5_000_000 and gaps[0] - gaps[2] == 7_000_000
    assert rows.loc["1.1", "gap · pledge A"] == rows.loc["1.1", "gap · baseline"]
    assert any("HYPOTHETICAL" in w.value for w in at.warning)
    assert at.query_params[COMPARE_WITH.key] == "pledge-a,pledge-b"


def test_a_link_reopens_the_comparison(open_page, scenarios):
    at = open_page(COMPARE, **{COMPARE_BASE.key: "pledge-a", COMPARE_WITH.key: "pledge-b"})
    assert at.selectbox(key=COMPARE_BASE.key).value == "pledge-a"
    assert at.multiselect(key=COMPARE_WITH.key).value == ["pledge-b"]
    rows = table(at).set_index("id")
    assert rows.loc["3.2", "gap · pledge A"] - rows.loc["3.2", "gap · pledge B"] == 2_000_000


def test_no_more_than_three_scenarios_are_compared(open_page, scenarios):
    for name in ("c", "d"):
        (scenarios / f"{name}.yaml").write_text(PLEDGE, encoding="utf-8")
    at = open_page(COMPARE, **{COMPARE_WITH.key: "pledge-a,pledge-b,c,d"})
    assert len(at.multiselect(key=COMPARE_WITH.key).value) <= 3


def test_the_columns_that_differ_come_first_and_the_chart_shows_them_by_objective(
        open_page, scenarios):
    """A pledge for the plan as a whole changes only confirmed, gap and coverage, and only in
    the plan's row and its own plan-wide row: they lead the table and are in the chart."""
    (scenarios / "plan-wide.yaml").write_text(
        "scenario: {title: plan-wide pledge}\nchanges:\n  - add_contribution: {id: w, donor: "
        "D, amount: 5000000, status: confirmed}\n", encoding="utf-8")
    at = open_page(COMPARE, **{COMPARE_WITH.key: "plan-wide"})
    order = at.dataframe[0].proto.column_order
    assert list(order[:4]) == ["id", "title", "confirmed · baseline",
                               "confirmed · plan-wide pledge"]
    assert list(order).index("required · baseline") > list(order).index("coverage · baseline")
    rows = table(at).set_index("id")
    assert rows.loc["plan_wide", "confirmed · plan-wide pledge"] == 5_000_000
    figure = pio.from_json(at.get("plotly_chart")[0].proto.spec)
    axes = [figure.layout[f"xaxis{n}"].title.text for n in ("", "2", "3")]
    assert axes == ["Confirmed", "Gap", "Coverage"]
    assert "Plan-wide, not earmarked" in list(figure.data[0].y)
