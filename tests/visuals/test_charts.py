"""Charts a room reads: a line that does not lie flat, dates named once, a tree whose colours
differ."""

from __future__ import annotations

import pandas as pd

from srrp.funding.totals import OverTime
from visuals import charts


def over(*cumulative: int, required: int = 822_868_000) -> OverTime:
    months = pd.period_range("2021-07", periods=len(cumulative), freq="M").astype(str)
    return OverTime(pd.DataFrame({"month": months, "cumulative": cumulative,
                                  "required": required}), 0, required)


def test_funding_far_below_the_requirement_keeps_a_scale_of_its_own():
    """USD 7.4 M of 823 M on an axis up to the requirement lay flat on zero: the axis ends
    near the funding, and the requirement is written above the line."""
    fig = charts.funding_over_time(over(4_500_000, 5_400_000, 7_400_000), "t")
    top = fig.layout.yaxis.range[1]
    assert 7_400_000 < top < 7_400_000 * 2
    assert [a.text for a in fig.layout.annotations] == [
        "Required USD 822.9 M:<br>far above this scale"]
    assert fig.data[0].text[-1] == "USD 7.4 M (0.9 %)"  # the share reached, at the last point
    assert fig.data[0].textfont.color is None  # the theme's, light or dark: the line's blue
    # read 3.4:1 on the dark page, too faint for text


def test_funding_within_reach_of_the_requirement_draws_it_as_a_line():
    fig = charts.funding_over_time(over(30_000_000, 60_000_000, required=100_000_000), "t")
    assert fig.layout.yaxis.range[1] >= 100_000_000
    assert [s.type for s in fig.layout.shapes] == ["line"]
    assert fig.layout.annotations[0].text == "Required USD 100.0 M"


def test_each_month_is_named_once_on_the_time_axis():
    """Plotly's own ticks fell twice a month and named it twice ('Jul 2021, Jul 2021')."""
    axis = charts.funding_over_time(over(1, 2, 3), "t").layout.xaxis
    assert (axis.dtick, axis.tick0, axis.tickformat) == ("M1", "2021-07-01", "%b %Y")
    long = charts.funding_over_time(over(*range(1, 25)), "t").layout.xaxis
    assert long.dtick == "M3"  # 24 months: 8 ticks, never crowded


def tree(*coverage: float) -> pd.DataFrame:
    ids = ["p", *(str(i) for i in range(1, len(coverage)))]
    return pd.DataFrame({"id": ids, "parent": [None, *["p"] * (len(ids) - 1)],
                         "level": ["plan", *["objective"] * (len(ids) - 1)],
                         "title": ids, "required": [300, *[100] * (len(ids) - 1)],
                         "confirmed": 0, "gap": 0, "coverage": list(coverage)})


def test_the_trees_colours_tell_a_covered_part_from_an_uncovered_one():
    """A plan covered 1 % or less was painted the same navy all over on a scale to 100 %: the
    scale ends at the step above the largest coverage."""
    fig = charts.funding_tree(tree(0.003, 0.0, 0.009, 0.0), "treemap", "t")
    marker = fig.data[0].marker
    assert (marker.cmin, marker.cmax) == (0, 0.01)
    assert charts.coverage_top(pd.Series([0.3, None])) == 0.5
    assert charts.coverage_top(pd.Series([1.4])) == 1.0  # over-funded: the scale's end


def test_the_trees_labels_are_never_smaller_than_the_pages_type():
    """Plotly shrank labels to fit small tiles, down to about 7 px; one that cannot be written
    at the page's size is left to the hover and the table."""
    for kind in charts.TREE_KINDS:
        fig = charts.funding_tree(tree(0.5, 0.2, 0.1, 0.0), kind, "t")
        assert fig.layout.uniformtext.minsize >= 17
        assert fig.layout.uniformtext.mode == "hide"
