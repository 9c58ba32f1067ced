"""The briefing's slides as plain data."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import pytest

from srrp.dataset import activity_files, load_dataset
from srrp.scenarios.scenario import BASELINE, apply_scenario, parse_scenario
from srrp.view import Filters
from visuals import charts, deck
from visuals.screen import Screen, layout

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


def test_a_time_slide_with_no_month_to_draw_says_so_on_the_slide(dataset):
    view = funded_view(dataset, "{id: a, donor: Japan, amount: 5000000}")
    time = deck.funding_slides(view)[1]
    assert time.chart is None
    assert [(s.title, s.lines) for s in time.sections] == [(
        "No contribution is dated by month",
        ("USD 5,240,000 dated by year only or not dated: in the totals, not in a month",))]


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


def _bars(names: list[str]) -> go.Figure:
    fig = go.Figure([go.Bar(y=names, x=[3, 2, 1], orientation="h", name="Required"),
                     go.Bar(y=names, x=[1, 0, 0], orientation="h", name="Confirmed")])
    return charts.name_bars(fig, names)


SUBS = ["3.1. Prevent, detect and respond to covid-19 and other public health threats in "
        "communities and at borders", "3.2. Promote equitable access to vaccines for vulnerable "
        "populations", "3.3. Strengthen health systems to promote access and inclusion"]


def test_a_chart_too_low_for_two_line_labels_gets_one_line_labels():
    """Labels that would run into each other go on one line, on every trace alike; a chart with
    room writes them on two lines, and a wide one writes more of each name."""
    low, high = (deck.on_screen(_bars(SUBS), 19, h, 1240) for h in (240, 600))
    assert all("<br>" not in y for t in low.data for y in t.y)
    assert any("<br>" in y for y in high.data[0].y)
    assert [list(t.y) for t in low.data] == [list(low.data[0].y)] * 2
    narrow = deck.on_screen(_bars(SUBS), 19, 240, 700)
    assert len(narrow.data[0].y[0]) < len(low.data[0].y[0])


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


def stems(labels) -> list[str]:
    """What a viewer reads of each label: its text without the line breaks and the '…'."""
    return [y.replace("<br>", " ").split("…")[0] for y in labels]


def alike(labels) -> list[tuple[str, str]]:
    """Pairs of labels that read the same: one is cut where the other goes on."""
    seen = stems(labels)
    return [(a, b) for i, a in enumerate(seen) for j, b in enumerate(seen)
            if i != j and b.startswith(a) and "…" in labels[i]]


US = ["United States of America",
      "United States Bureau of Population, Refugees and Migration (BPRM)"]


@pytest.mark.parametrize("chars, lines", [(12, 1), (18, 1), (24, 1), (30, 2), (60, 1)])
def test_two_donors_with_the_same_first_words_never_look_alike(chars, lines):
    """On a slide 'United States of…' and 'United States Bureau of…' could not be told apart:
    a label keeps the words that tell it from the others, and the acronym it ends with."""
    labels = charts.category_labels(US, chars, lines)
    assert alike(labels) == []
    if chars >= 30:  # room for the telling words and the acronym
        assert all(len(label.split("<br>")) <= lines for label in labels)
        assert labels[1].endswith("(BPRM)")


def test_a_name_that_fits_is_never_cut():
    assert charts.category_labels(US, 70, 1) == US
    assert charts.category_labels(["2.1. Strengthen international cooperation, immigration"],
                                  44, 1) == ["2.1. Strengthen international cooperation…"]
    assert charts.category_labels(["3.2. Promote equitable access to vaccines"], 20, 3) == [
        "3.2. Promote<br>equitable access to<br>vaccines"]


def test_the_donor_slide_at_1280x720_reads_every_donor_apart(dataset):
    """The donor slide under a scenario on a projector: no two donors' labels read alike, and
    the notes give each name in full."""
    view = funded_view(dataset, "{id: a, donor: United States of America, amount: 3000000, "
                       "date: '2021-07'}",
                       "{id: b, donor: European Commission's Humanitarian Aid and Civil "
                       "Protection Department, amount: 2000000, date: '2021-08'}")
    donors = deck.funding_slides(view)[0]
    sizes = layout(donors, Screen(1280, 720), "HYPOTHETICAL — figures under a scenario")
    shown = deck.on_screen(donors.chart, sizes.chart_font, sizes.chart_height, sizes.text_width)
    labels = list(shown.data[0].y)
    assert alike(labels) == []
    assert all(len(stem) >= 24 for stem in stems(labels))  # not cut to a word or two
    assert all(name in donors.notes for name in [*US, "European Commission's Humanitarian Aid"
                                                 " and Civil Protection Department"])


def test_the_sub_objectives_at_1280x720_keep_more_than_their_first_words(dataset):
    """'2.1. Strengthen international…' told the room nothing: at 1280×720 a label holds as
    much of its name as a third of the chart's width can."""
    view = deck.View(dataset, dataset.plan, BASELINE, None, Filters("LAO"), DATA)
    slide = deck.objective_slide(view, "2")
    sizes = layout(slide, Screen(1280, 720))
    shown = deck.on_screen(slide.chart, sizes.chart_font, sizes.chart_height, sizes.text_width)
    assert "2.1. Strengthen international cooperation, immigration" in stems(shown.data[0].y)[
        list(shown.data[0].y).index(next(y for y in shown.data[0].y if y.startswith("2.1")))]


def test_the_sources_slide_gives_titles_and_publishers_never_internal_file_names(dataset):
    view = deck.View(dataset, dataset.plan, BASELINE, None, Filters("LAO"), DATA)
    lines = next(s for s in deck.sources_slide(view).sections if s.title == "Documents").lines
    assert lines and not any(".txt" in line or "document" in line for line in lines)
    assert lines[0] == ("IOM Strategic Response and Recovery Plan COVID-19 2021 — plan page "
                        "— IOM")
