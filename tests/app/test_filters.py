"""Honest filters: every page says in one line what its figures are filtered by; confirmed
follows the donor and year filters, required does not and says so, and a filter that cannot
apply on a page is named as not applying. Every chart of the plan's funding adds up to its
tiles: money that names no sub-objective has a bar of its own."""

from __future__ import annotations

import base64

import numpy as np
import plotly.graph_objects as go
import plotly.io as pio
import pytest

from srrp.formatting import usd
from srrp.funding.fts import additions, funding, read_flows
from srrp.scenarios.adding import add_to_file
from tests.examples import FTS_FLOWS as FLOWS

JAPAN = "Japan, Government of"
PAGES = ["overview", "gaps", "funding", "targets", "map", "whatif", "compare", "sources",
         "briefing"]


@pytest.fixture
def funded(data_dir):
    """The bundled plan (USD 240,000 to 4.1) with FTS flows naming no sub-objective: Japan's
    USD 250,000 and Norway's 900,000 confirmed for the plan as a whole, Japan's 100,000
    pledged."""
    flows = data_dir.parent / "flows.csv"
    flows.write_text(FLOWS, encoding="utf-8")
    add_to_file(data_dir / "plan_2021.yaml", additions(funding(read_flows([flows]))))
    return data_dir


def tiles(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def filter_line(at) -> str:
    lines = [c.value.replace("\\", "") for c in at.caption]
    lines = [line for line in lines if line.startswith("Filters:")]
    assert len(lines) == 1, [c.value for c in at.caption]
    return lines[0]


def chart(at, title: str) -> go.Figure:
    figures = [pio.from_json(c.proto.spec) for c in at.get("plotly_chart")]
    return next(f for f in figures if f.layout.title.text == title)


def values(data) -> list:
    """A trace's values, whether written out or as plotly's typed array (base64)."""
    if isinstance(data, dict) and "bdata" in data:
        return np.frombuffer(base64.b64decode(data["bdata"]), dtype=data["dtype"]).tolist()
    return list(data)


def confirmed_bars(figure: go.Figure) -> dict[str, int]:
    bars = next(t for t in figure.data if t.name == "Confirmed")
    return {str(y): int(x) for y, x in zip(values(bars.y), values(bars.x), strict=True)}


@pytest.mark.parametrize("page", PAGES)
def test_every_page_says_in_one_line_what_its_figures_are_filtered_by(funded, open_page, page):
    at = open_page(f"pages/{page}.py", donor=JAPAN, year="2021", objective="3")
    said = filter_line(at)
    assert "objective 3" in said and f"donor {JAPAN}" in said and "year 2021" in said
    assert "country Lao PDR" in said


def test_the_overview_names_the_country_filter_as_not_applying(open_page):
    said = filter_line(open_page("pages/overview.py"))
    assert "country Lao PDR does not apply here" in said
    assert said.startswith("Filters: all objectives · all donors · all years")


def test_confirmed_follows_the_donor_filter_and_required_gap_coverage_say_they_do_not(
        funded, open_page):
    whole = tiles(open_page("pages/overview.py"))
    assert whole["Confirmed"] == "USD 1.4 M"
    at = open_page("pages/overview.py", donor=JAPAN)
    shown = tiles(at)
    assert shown[f"Confirmed from {JAPAN}"] == "USD 250,000"
    assert shown["Required"] == whole["Required"]
    assert shown["Gap (all funding)"] == whole["Gap"]
    assert shown["Coverage (all funding)"] == whole["Coverage"]
    assert "confirmed and pledged follow it; required, gap and coverage count all funding" in \
        filter_line(at)


MOVES = [  # a filter, and the tile it moves
    ({"objective": "4"}, "Required", "USD 314.9 M"),
    ({"donor": "Norway, Government of"}, "Confirmed from Norway, Government of", "USD 900,000"),
    ({"year": "2020"}, "Confirmed in 2020", "none reported"),
]


@pytest.mark.parametrize("page", ["pages/overview.py", "pages/gaps.py"])
@pytest.mark.parametrize(("query", "label", "value"), MOVES)
def test_each_filter_moves_the_tiles_it_applies_to(funded, open_page, page, query, label,
                                                    value):
    node = {"node": query["objective"]} if "objective" in query and "gaps" in page else {}
    assert tiles(open_page(page, **query, **node))[label] == value


@pytest.mark.parametrize("query", [{}, {"donor": JAPAN}, {"year": "2021"}])
def test_the_overview_chart_adds_up_to_the_confirmed_tile(funded, open_page, query):
    at = open_page("pages/overview.py", **query)
    bars = confirmed_bars(chart(at, "Required and confirmed, by objective"))
    confirmed = next(v for k, v in tiles(at).items() if k.startswith("Confirmed"))
    assert usd(sum(bars.values())) == confirmed
    assert bars["Plan-wide, not earmarked"] == {"": 1150000, "donor": 250000,
                                                "year": 1150000}[next(iter(query), "")]


def test_the_funding_tree_shows_plan_wide_money_in_the_plans_detail(funded, open_page):
    at = open_page("pages/gaps.py")
    bars = confirmed_bars(chart(at, "Required and confirmed, by objective"))
    assert bars["Plan-wide, not earmarked"] == 1150000
    assert sum(bars.values()) == 1390000
