"""The Compare scenarios page: choose, see the differences, download, share by link."""

from __future__ import annotations

import plotly.io as pio
import pytest
from streamlit.testing.v1.element_tree import Block

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


def figures(at, measure: str):
    """The table of one measure (or of those the same under every scenario: "same"), by id."""
    return at.main.get_by_key(f"compare-{measure}").dataframe[0].value.set_index("id")


def test_with_nothing_chosen_the_page_says_how_to_start(open_page, scenarios):
    at = open_page(COMPARE)
    assert not at.dataframe and any("Choose one or more" in i.value for i in at.info)


def test_choosing_two_scenarios_shows_each_gap_beside_the_baseline(open_page, scenarios):
    at = open_page(COMPARE)
    at.multiselect(key=COMPARE_WITH.key).select("pledge-a").select("pledge-b").run()
    assert not at.exception
    rows = figures(at, "gap")
    gaps = rows.loc["3.2", ["baseline", "pledge A", "pledge B"]].tolist()
    assert gaps[0] - gaps[1] == 5_000_000 and gaps[0] - gaps[2] == 7_000_000
    assert rows.loc["1.1", "pledge A"] == rows.loc["1.1", "baseline"]
    assert any("HYPOTHETICAL" in w.value for w in at.warning)
    assert at.query_params[COMPARE_WITH.key] == "pledge-a,pledge-b"


def test_a_link_reopens_the_comparison(open_page, scenarios):
    at = open_page(COMPARE, **{COMPARE_BASE.key: "pledge-a", COMPARE_WITH.key: "pledge-b"})
    assert at.selectbox(key=COMPARE_BASE.key).value == "pledge-a"
    assert at.multiselect(key=COMPARE_WITH.key).value == ["pledge-b"]
    rows = figures(at, "gap")
    assert rows.loc["3.2", "pledge A"] - rows.loc["3.2", "pledge B"] == 2_000_000


def test_no_more_than_three_scenarios_are_compared(open_page, scenarios):
    for name in ("c", "d"):
        (scenarios / f"{name}.yaml").write_text(PLEDGE, encoding="utf-8")
    at = open_page(COMPARE, **{COMPARE_WITH.key: "pledge-a,pledge-b,c,d"})
    assert len(at.multiselect(key=COMPARE_WITH.key).value) <= 3


def test_the_measures_that_differ_come_first_and_the_chart_shows_them_by_objective(
        open_page, scenarios):
    """A pledge for the plan as a whole changes only confirmed, gap and coverage, and only in
    the plan's row and its own plan-wide row: their tables come first, the requirement is
    given once after them, and the chart shows them."""
    (scenarios / "plan-wide.yaml").write_text(
        "scenario: {title: plan-wide pledge}\nchanges:\n  - add_contribution: {id: w, donor: "
        "D, amount: 5000000, status: confirmed}\n", encoding="utf-8")
    at = open_page(COMPARE, **{COMPARE_WITH.key: "plan-wide"})
    tables = [b.key for b in at.main if isinstance(b, Block) and str(b.key).startswith("compare")]
    assert tables == ["compare-confirmed", "compare-gap", "compare-coverage", "compare-same"]
    assert list(figures(at, "same").columns) == ["title", "required"]
    assert figures(at, "confirmed").loc["plan_wide", "plan-wide pledge"] == 5_000_000
    figure = pio.from_json(at.get("plotly_chart")[0].proto.spec)
    axes = [figure.layout[f"xaxis{n}"].title.text for n in ("", "2", "3")]
    assert axes == ["Confirmed", "Gap", "Coverage"]
    assert "Plan-wide, not earmarked" in list(figure.data[0].y)


def test_a_highlighted_difference_is_dark_on_light_in_either_theme(open_page, scenarios):
    """The highlight is light: its figure is written dark, never in the dark theme's light
    text, which could not be read on it."""
    at = open_page(COMPARE, **{COMPARE_WITH.key: "pledge-a"})
    gap = at.main.get_by_key("compare-gap").dataframe[0]
    css = gap.proto.arrow_data.styler.styles
    assert "background-color: #FDE7C8" in css and "color: #111827" in css
