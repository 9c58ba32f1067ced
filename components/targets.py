"""People targeted against people reached, with 'not reported' wherever a figure is missing."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.charts import show_chart
from components.kept import kept
from components.kpis import tile_style
from components.tables import downloads, show_table
from srrp.activities.join import where
from srrp.activities.rounds import KEPT, STATUS, rounds
from srrp.activities.table import PEOPLE
from srrp.formatting import count
from srrp.reach import reach_by_round, round_totals
from srrp.view import View
from visuals import charts
from visuals.tables import indicator_table
from visuals.wording import NOT_REPORTED

SHARE = st.column_config.NumberColumn(format="%.0f %%")


def indicator_rows(view: View, people_only: bool) -> pd.DataFrame:
    """The rows with an indicator, and where each was reported, in words; kept per data version
    and filters, not rebuilt on every rerun (seconds on a million rows)."""
    def rows() -> pd.DataFrame:
        found = view.activities[view.activities["indicator"] != ""]
        if people_only:
            found = found[found["unit"] == PEOPLE]
        return found.assign(where=where(found, view.gazetteer.admin1_label))

    return kept(view.baseline, "indicator_rows", (view.filters, people_only), rows)


def people_tiles(rows: pd.DataFrame) -> None:
    people = rows[rows["unit"] == PEOPLE]
    tile_style()
    targeted, reached, rows_col = st.columns(3)
    for col, column, label in ((targeted, "targeted", "People targeted, sum of indicators"),
                               (reached, "reached", "People reached, sum of indicators")):
        figures = people[column].dropna()
        col.metric(label, count(figures.sum()) if len(figures) else NOT_REPORTED,
                   border=True, help=f"Sum over {len(figures)} indicator(s) that report it; "
                   "the same person may be counted under two indicators")
    rows_col.metric("Indicators reported", f"{len(rows):,}", border=True)


def targets_chart(rows: pd.DataFrame, country: str) -> None:
    people = rows[rows["unit"] == PEOPLE]
    if people.empty:
        st.markdown(f"No figure counting people is reported for {country} with these filters.")
        return
    title = f"People targeted and reached, by indicator — {country}"
    if len(people) > charts.TARGET_BARS:
        title = f"The {charts.TARGET_BARS} largest targets of {len(people):,} — {country}"
        people = charts.largest_targets(people)
    show_chart(charts.targets_vs_reached(people, title), key="targets-chart")


def targets_table(rows: pd.DataFrame, hypothetical: bool) -> None:
    """Every indicator; downloads hold the figures as numbers, an empty cell where the source
    gives none."""
    table = indicator_table(rows)
    show_table(table, key="targets-table", figures=("targeted", "reached"),
               config={"women %": SHARE, "under-18 %": SHARE})
    downloads(table, "targets_and_reach", hypothetical, key="targets-download")


UNMEASURED = ("project", "donor", "implementer", "sector", "where", "start", "end",
              "budget_usd", "note")


def unmeasured_table(view: View) -> None:
    """The activities that report no indicator (an IATI activity, a 3W row without figures):
    listed with what they do report, so every activity of the country is on this page."""
    found = view.activities[view.activities["indicator"] == ""]
    if found.empty:
        return
    found = found.assign(where=where(found, view.gazetteer.admin1_label))
    st.subheader("Activities with no indicator reported")
    st.caption("People targeted and reached: not reported. A budget in another currency stays "
               "in the note, not in USD.")
    table = found[[c for c in UNMEASURED if c in found.columns]]
    show_table(table, "targets-unmeasured", money=("budget_usd",), figures=("budget_usd",))
    downloads(table, "activities-without-indicators", view.hypothetical,
              "targets-unmeasured-download")


def rounds_section(view: View) -> None:
    """People reached by reporting round against people targeted, by indicator and province,
    when the files state more than one round: the figures above count each activity at its
    latest round only."""
    history = view.history
    if history is None or len(rounds(history)) < 2:
        return
    st.subheader("Reach by reporting round")
    kept_back = int((view.activities[STATUS] == KEPT).sum()) if STATUS in view.activities \
        else 0
    st.caption("4W figures are cumulative: the figures above take each activity from its latest "
               f"round; {kept_back:,} rows of activities a later round no longer reports are "
               "kept at their last round. Below, each round as it reported them.")
    totals = kept(view.baseline, "round_totals", view.filters, lambda: round_totals(history))
    show_chart(charts.reach_by_round(totals, f"People targeted and reached, by reporting round "
                                     f"— {view.gazetteer.country}"), key="rounds-chart")
    table = kept(view.baseline, "reach_by_round", view.filters, lambda: reach_by_round(
        history, where(history, view.gazetteer.admin1_label)))
    show_table(table, key="rounds-table", figures=("targeted", "reached"))
    downloads(table, "reach_by_round", view.hypothetical, key="rounds-download")
