"""Money that people read: FTS contributions added to the plan show by donor, over time and by
recipient country, each with its table and downloads, following the filters and a scenario; the
Overview and the briefing gain a donor and a time slide once there is more than one."""

from __future__ import annotations

import json

import pytest

from srrp.funding.fts import additions, funding, read_flows
from srrp.scenarios.adding import add_to_file
from tests.examples import FTS_FLOWS as FLOWS

FUNDING = "pages/funding.py"


@pytest.fixture
def funded(data_dir):
    """The bundled plan with three FTS flows added through the command line's own path."""
    flows = data_dir.parent / "flows.csv"
    flows.write_text(FLOWS, encoding="utf-8")
    add_to_file(data_dir / "plan_2021.yaml", additions(funding(read_flows([flows])), "4.1"))
    return data_dir


def table_with(at, column: str):
    return next(df.value for df in at.dataframe if column in df.value.columns)


def chart_titles(at) -> list[str]:
    return [json.loads(c.proto.spec)["layout"]["title"]["text"] for c in at.get("plotly_chart")]


def test_donors_are_ranked_by_confirmed_with_pledges_beside_never_counted(funded, open_page):
    at = open_page(FUNDING)
    donors = table_with(at, "donor")
    assert donors["donor"].tolist() == ["Norway, Government of", "Japan, Government of",
                                        "United States Bureau of Population, Refugees and "
                                        "Migration (BPRM)"]
    japan = donors.set_index("donor").loc["Japan, Government of"]
    assert (japan["confirmed"], japan["pledged"]) == (250000, 100000)
    assert len(at.get("download_button")) == 6  # CSV and Excel of each of the three tables


def test_funding_over_time_cumulates_by_month_against_the_requirement(funded, open_page):
    at = open_page(FUNDING)
    over = table_with(at, "cumulative")
    assert over[["month", "cumulative"]].values.tolist()[0] == ["2021-04", 250000]
    assert over["cumulative"].iloc[-1] == 1150000
    assert (over["required"] == 822868000).all()
    assert any("dated by year only" in c.value for c in at.caption)  # BPRM's '2021'


def test_funding_by_country_names_the_countries_contributions_give(funded, open_page):
    at = open_page(FUNDING)
    countries = table_with(at, "recipient_country")
    assert countries.set_index("recipient_country")["confirmed"].to_dict() == {
        "LSO": 900000, "LAO": 240000 + 250000}


def test_the_tables_follow_the_donor_filter(funded, open_page):
    at = open_page(FUNDING)
    at.sidebar.selectbox(key="donor").select("Japan, Government of").run()
    assert table_with(at, "donor")["donor"].tolist() == ["Japan, Government of"]
    assert table_with(at, "recipient_country")["recipient_country"].tolist() == ["LAO"]


def test_the_tables_follow_a_scenario(funded, open_page):
    (funded / "scenarios" / "more.yaml").write_text(
        "scenario: {title: More from Japan}\nchanges:\n  - set_contribution: {id: fts-11, "
        "amount: 5000000}\n", encoding="utf-8")
    at = open_page(FUNDING, scenario="more")
    assert table_with(at, "donor")["donor"].iloc[0] == "Japan, Government of"
    assert any("HYPOTHETICAL" in w.value for w in at.warning)


def test_without_contributions_the_page_says_so(open_page, data_dir):
    at = open_page(FUNDING)
    at.sidebar.selectbox(key="year").select(at.sidebar.selectbox(key="year").options[-1]).run()
    assert not at.exception


def test_the_overview_gains_donor_and_time_charts_with_more_than_one_contribution(
        funded, open_page):
    titles = chart_titles(open_page())
    assert titles[2:] == ["Funding by donor", "Confirmed over time"]


def test_the_overview_with_one_contribution_keeps_its_two_charts(open_page):
    assert len(open_page().get("plotly_chart")) == 2


def test_the_briefing_gains_a_donor_slide_and_a_time_slide(funded, open_page):
    at = open_page("pages/briefing.py")
    # 8 slides, the donor and time slides, and the map and sources slides go on over 3 more
    assert at.markdown[0].value == "1 / 13"
