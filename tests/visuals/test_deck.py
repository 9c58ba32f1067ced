"""The briefing's slides as plain data."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import pytest

from srrp.dataset import activity_files, load_dataset
from srrp.scenario import apply_scenario, parse_scenario
from srrp.view import BASELINE, Filters
from visuals import deck

DATA = Path(__file__).resolve().parents[2] / "data"


@pytest.fixture(scope="module")
def dataset():
    return load_dataset(DATA / "plan_2021.yaml", activity_files(DATA), DATA / "gazetteer")


def test_a_slide_lists_the_largest_groups_and_says_how_many_more_there_are():
    """A million rows make tens of thousands of project-and-places groups: a slide lists the
    ones with most records and counts the rest, which the map page lists whole."""
    rows = pd.DataFrame({"project": [f"P{i}" for i in range(15) for _ in range(i + 1)],
                         "admin1_pcode": "LA01;LA02", "location": ""})
    lines = deck._grouped(rows, {"LA01": "Vientiane Capital", "LA02": "Phongsaly"})
    assert len(lines) == deck.SLIDE_LINES + 1
    assert lines[0] == "P14 — Vientiane Capital, Phongsaly (15 records)"
    assert lines[-1].startswith("and 5 more projects and places (15 records)")


# The donor and time slides: only when there is more than one contribution to tell apart.

def funded_view(dataset, *contributions: str) -> deck.View:
    """The bundled plan under a scenario adding ``contributions`` (YAML flow mappings)."""
    text = "scenario: {title: t}\nchanges:\n" + "".join(
        f"  - add_contribution: {c}\n" for c in contributions)
    scenario = parse_scenario(text, "s.yaml", "s")
    return deck.View(dataset, apply_scenario(dataset.plan, scenario), "s", scenario,
                     Filters("LAO"), DATA)


def test_one_contribution_gets_no_donor_or_time_slide(dataset):
    view = deck.View(dataset, dataset.plan, BASELINE, None, Filters("LAO"), DATA)
    assert deck.funding_slides(view) == []


def test_the_donor_slide_ranks_donors_and_keeps_pledges_apart(dataset):
    view = funded_view(dataset, "{id: a, donor: Japan, amount: 1000000, date: '2021-05'}",
                       "{id: b, donor: Japan, amount: 300000, status: pledged}")
    donors, time = deck.funding_slides(view)
    assert donors.chart_text[0] == "Japan — confirmed USD 1.0 M, pledged USD 300,000"
    assert [f.value for f in donors.figures] == ["USD 1.2 M", "USD 300,000", "3"]
    assert donors.title == "2 donors giving USD 1,240,000 confirmed"


def test_the_time_slide_cumulates_by_month_and_says_what_has_no_month(dataset):
    view = funded_view(dataset, "{id: a, donor: Japan, amount: 1000000, date: '2021-05-03'}",
                       "{id: b, donor: Norway, amount: 500000, date: '2021-07'}")
    time = deck.funding_slides(view)[1]
    assert time.chart_text == (
        "2021-05: USD 1,000,000 confirmed so far", "2021-06: USD 1,000,000 confirmed so far",
        "2021-07: USD 1,500,000 confirmed so far",
        "USD 240,000 dated by year only or not dated: in the totals, not in a month")
    assert time.figures[0].value == "USD 822.9 M"


def slide_with(*sections, chart=False, beside=False) -> deck.Slide:
    return deck.Slide(key="k", kicker="Kicker", title="Title", sections=sections, beside=beside,
                      chart=go.Figure() if chart else None, notes="Say this.", sources=("S",))


def test_a_slide_with_more_than_a_room_can_read_goes_on_in_a_second_slide():
    long = deck.Section("Documents", tuple(f"Document {i} " + "word " * 20 for i in range(8)))
    first, second = deck.split(slide_with(long))
    assert first.key == "k" and second.key == "k-2"
    assert second.title == "Title (continued)" and second.kicker == "Kicker · 2/2"
    assert first.sections[0].lines + second.sections[0].lines == long.lines  # nothing lost
    assert second.sections[0].title == "Documents (continued)"
    assert second.notes == "Say this." and second.sources == ("S",)


def test_a_section_that_fits_a_slide_of_its_own_is_never_cut():
    a = deck.Section("A", ("x " * 60,) * 3)
    b = deck.Section("B", ("y " * 60,) * 3)
    first, second = deck.split(slide_with(a, b))
    assert first.sections == (a,) and second.sections == (b,)


def test_a_short_slide_stays_whole():
    short = slide_with(deck.Section("Target groups", ("Refugee", "Migrant"), inline=True),
                       chart=True)
    assert deck.split(short) == [short]


def _bars(labels: list[str]) -> go.Figure:
    return go.Figure([go.Bar(y=labels, x=[3, 2, 1], orientation="h", name="Required"),
                      go.Bar(y=labels, x=[1, 0, 0], orientation="h", name="Confirmed")])


def test_a_chart_too_low_for_two_line_labels_gets_one_line_labels():
    """Two-line labels that would run into each other are cut to their first line, on every
    trace alike, and a chart with room keeps them whole."""
    labels = ["3.1. Prevent, detect and<br>respond to covid-19…", "3.2. Promote equitable<br>"
              "access to vaccines…", "3.3. Strengthen health<br>systems to promote…"]
    low, high = deck.on_screen(_bars(labels), 19, 240), deck.on_screen(_bars(labels), 19, 600)
    assert [list(t.y) for t in low.data] == [[
        "3.1. Prevent, detect and…", "3.2. Promote equitable…", "3.3. Strengthen health…"]] * 2
    assert [list(t.y) for t in high.data] == [labels] * 2


def test_slide_one_has_a_bar_for_plan_wide_money_and_adds_up_to_its_figures(dataset):
    """Funding that names no sub-objective is in the Confirmed figure: its chart shows it."""
    view = funded_view(dataset, "{id: a, donor: Japan, amount: 6000000, date: '2021-05'}")
    slide = deck.plan_slide(view)
    bars = next(t for t in slide.chart.data if t.name == "Confirmed")
    confirmed = dict(zip(bars.y, bars.x, strict=True))
    assert confirmed["Plan-wide, not earmarked"] == 6000000
    assert sum(confirmed.values()) == 6240000
    assert dict((f.label, f.value) for f in slide.figures)["Confirmed"] == "USD 6.2 M"
    assert "Plan-wide, not earmarked — confirmed USD 6.0 M" in slide.chart_text


def test_the_slides_confirmed_follows_the_donor_filter_and_says_so(dataset):
    view = funded_view(dataset, "{id: a, donor: Japan, amount: 6000000, date: '2021-05'}")
    view.filters = Filters("LAO", donor="Japan")
    figures = {f.label: f.value for f in deck.plan_slide(view).figures}
    assert figures["Confirmed from Japan"] == "USD 6.0 M"
    assert figures["Gap (all funding)"] == "USD 816.6 M"


def test_a_scenarios_title_is_on_its_slides_and_its_name_in_the_file_name(dataset):
    text = "scenario: {title: pledge A}\nchanges: []\n"
    scenario = parse_scenario(text, "pledge-A.yaml", "pledge-A")
    view = deck.View(dataset, apply_scenario(dataset.plan, scenario), "pledge-A", scenario,
                     Filters("LAO"), DATA)
    made = deck.build_deck(view, {})
    assert made.banner == ("HYPOTHETICAL — figures under scenario 'pledge A' (not sourced "
                           "funding)")
    assert made.file_stem == "srrp-2021-briefing-LAO-pledge-A_HYPOTHETICAL"
