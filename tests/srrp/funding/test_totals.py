"""Funding by donor, over time and by country: no dollar lost or added, pledges never counted,
a long tail of donors grouped, and every table follows a scenario."""

from __future__ import annotations

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from srrp.funding.totals import OTHER_DONORS, by_country, by_donor, country_name, over_time
from srrp.plan.rollup import contributions_table
from srrp.scenarios.scenario import apply_scenario, parse_scenario
from tests.strategies import plans


def table(*rows: tuple) -> pd.DataFrame:
    """Contributions as (donor, amount, status, date, country)."""
    return pd.DataFrame([{"donor": d, "amount": a, "status": s, "date": t,
                          "recipient_country": c} for d, a, s, t, c in rows],
                        columns=["donor", "amount", "status", "date", "recipient_country"])


def confirmed(contributions: pd.DataFrame) -> int:
    return int(contributions.loc[contributions["status"] == "confirmed", "amount"].sum())


@settings(max_examples=60, deadline=None)
@given(plans(max_contributions=20), st.integers(min_value=1, max_value=6))
def test_by_donor_loses_and_adds_nothing_and_ranks_by_confirmed(plan, top):
    contributions = contributions_table(plan)
    donors = by_donor(contributions, top)
    assert donors["confirmed"].sum() == confirmed(contributions)
    assert donors["pledged"].sum() == contributions["amount"].sum() - confirmed(contributions)
    assert donors["donors"].sum() == contributions["donor"].nunique()
    named = donors[donors["donor"] != OTHER_DONORS]
    assert named["confirmed"].is_monotonic_decreasing
    assert len(donors) <= top + 1


def test_the_long_tail_is_one_row_of_other_donors_that_says_how_many():
    rows = [(f"Donor {i:02}", 100 - i, "confirmed", None, None) for i in range(12)]
    donors = by_donor(table(*rows), top=8)
    assert donors["donor"].tolist()[:8] == [f"Donor {i:02}" for i in range(8)]
    other = donors.iloc[-1]
    assert (other["donor"], other["donors"], other["confirmed"]) == (
        OTHER_DONORS, 4, sum(100 - i for i in range(8, 12)))


def test_one_donor_past_the_top_keeps_its_name():
    rows = [(f"Donor {i}", 10, "confirmed", None, None) for i in range(9)]
    assert OTHER_DONORS not in by_donor(table(*rows), top=8)["donor"].tolist()


@settings(max_examples=60, deadline=None)
@given(plans(max_contributions=20))
def test_cumulative_funding_ends_at_what_can_be_placed_in_a_month(plan):
    contributions = contributions_table(plan)
    result = over_time(contributions, plan.required)
    ending = int(result.table["cumulative"].iloc[-1]) if len(result.table) else 0
    assert ending + result.unplaced == confirmed(contributions)
    assert result.table["cumulative"].is_monotonic_increasing
    assert (result.table["required"] == plan.required).all()


def test_months_without_funding_are_shown_flat_and_year_only_dates_are_unplaced():
    result = over_time(table(("A", 10, "confirmed", "2021-01-15", None),
                             ("B", 5, "confirmed", "2021-03", None),
                             ("C", 7, "confirmed", "2021", None),
                             ("D", 9, "pledged", "2021-02", None)), required=100)
    assert result.table[["month", "confirmed", "cumulative"]].values.tolist() == [
        ["2021-01", 10, 10], ["2021-02", 0, 10], ["2021-03", 5, 15]]
    assert result.unplaced == 7


def test_by_country_uses_only_contributions_that_name_one_and_counts_the_rest():
    countries, unnamed = by_country(table(("A", 10, "confirmed", None, "LAO"),
                                          ("B", 4, "pledged", None, "LAO"),
                                          ("C", 20, "confirmed", None, "AFG"),
                                          ("D", 99, "confirmed", None, None)))
    assert countries.values.tolist() == [["AFG", 20, 0, 1], ["LAO", 10, 4, 2]]
    assert unnamed == 1


def test_the_tables_follow_a_scenario(baseline):
    scenario = parse_scenario(
        "scenario: {title: t}\nchanges:\n  - add_contribution: {id: x, donor: New donor, "
        "amount: 5000000, status: confirmed, date: '2021-07', recipient_country: LSO}\n",
        "s.yaml", "s")
    what_if = contributions_table(apply_scenario(baseline, scenario))
    assert by_donor(what_if)["donor"].iloc[0] == "New donor"
    assert over_time(what_if, baseline.required).table["month"].tolist() == ["2021-07"]
    assert "LSO" in by_country(what_if)[0]["recipient_country"].tolist()


def test_countries_are_named_as_iso_names_them_and_unknown_codes_stay_as_written():
    assert country_name("AFG") == "Afghanistan"
    assert country_name("lso") == "Lesotho"
    assert country_name("XKX") == "XKX"
