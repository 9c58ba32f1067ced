"""Money that people read: funding by donor, over time and by recipient country, each chart
with its table and downloads. Every table is built from the view's contributions, so it follows
the filters and the scenario on screen."""

from __future__ import annotations

import streamlit as st

from components.tables import downloads, show_table
from srrp.formatting import usd
from srrp.funding.totals import by_country, by_donor, country_name, over_time
from srrp.view import ALL, View
from visuals import charts

NO_CONTRIBUTION = "No contribution reported under these filters."


def requirement(view: View) -> int:
    """What the chosen part of the plan requires: the objective filtered on, else the plan."""
    focus = view.filters.objective if view.filters.objective != ALL else view.plan.id
    return view.plan.node(focus).required


DONOR_TITLE = "Confirmed and pledged, by donor"
TIME_TITLE = "Cumulative confirmed funding, by month"


def donor_chart(view: View, key: str, table=None, title: str = DONOR_TITLE) -> None:
    table = by_donor(view.contributions) if table is None else table
    st.plotly_chart(charts.funding_by_donor(table, title), key=f"{key}-donors-chart")


def time_chart(view: View, key: str, over=None, title: str = TIME_TITLE) -> None:
    over = over_time(view.contributions, requirement(view)) if over is None else over
    if over.table.empty:
        st.info("No confirmed contribution is dated to the month: nothing to draw over time.")
    else:
        st.plotly_chart(charts.funding_over_time(over, title), key=f"{key}-time-chart")
    if over.unplaced:
        st.caption(f"{usd(over.unplaced)} of confirmed funding is dated by year only or not "
                   "dated: it is in the totals, not in a month.")


def donor_section(view: View, key: str) -> None:
    if view.contributions.empty:
        st.info(NO_CONTRIBUTION)
        return
    table = by_donor(view.contributions)
    donor_chart(view, key, table)
    show_table(table, f"{key}-donors", money=("confirmed", "pledged"))
    downloads(table, "funding-by-donor", view.hypothetical, f"{key}-donors-download")


def time_section(view: View, key: str) -> None:
    if view.contributions.empty:
        st.info(NO_CONTRIBUTION)
        return
    over = over_time(view.contributions, requirement(view))
    time_chart(view, key, over)
    show_table(over.table, f"{key}-time", money=("confirmed", "cumulative", "required"))
    downloads(over.table, "funding-over-time", view.hypothetical, f"{key}-time-download")


def country_section(view: View, key: str) -> None:
    table, unnamed = by_country(view.contributions)
    if table.empty:
        st.info("No contribution under these filters names a recipient country.")
    else:
        known = view.baseline.gazetteers  # the house's own names (Lao PDR) come first
        names = {c: known[c].country if c in known else country_name(c)
                 for c in table["recipient_country"]}
        st.plotly_chart(charts.funding_by_country(table, "Confirmed and pledged, by recipient "
                                                  "country", names), key=f"{key}-country-chart")
        show_table(table, f"{key}-country", money=("confirmed", "pledged"))
        downloads(table, "funding-by-country", view.hypothetical, f"{key}-country-download")
    if unnamed:
        st.caption(f"{unnamed} contribution(s) name no recipient country: they are not in this "
                   "chart.")
