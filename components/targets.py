"""People targeted against people reached, with 'not reported' wherever a figure is missing."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components import charts
from components.tables import downloads, or_not_reported
from components.view import View
from srrp.activities import PEOPLE
from srrp.formatting import count
from srrp.join import where

SHARE = st.column_config.NumberColumn(format="%.0f %%")


def indicator_rows(view: View, people_only: bool) -> pd.DataFrame:
    rows = view.activities[view.activities["indicator"] != ""]
    if people_only:
        rows = rows[rows["unit"] == PEOPLE]
    return rows.assign(where=where(rows, view.gazetteer.admin1_label))


def people_tiles(rows: pd.DataFrame) -> None:
    people = rows[rows["unit"] == PEOPLE]
    targeted, reached, rows_col = st.columns(3)
    for col, column, label in ((targeted, "targeted", "People targeted, sum of indicators"),
                               (reached, "reached", "People reached, sum of indicators")):
        figures = people[column].dropna()
        col.metric(label, count(figures.sum()) if len(figures) else "not reported",
                   border=True, help=f"Sum over {len(figures)} indicator(s) that report it; "
                   "the same person may be counted under two indicators")
    rows_col.metric("Indicators reported", f"{len(rows):,}", border=True)


def targets_chart(rows: pd.DataFrame, country: str) -> None:
    people = rows[rows["unit"] == PEOPLE]
    if people.empty:
        st.markdown(f"No figure counting people is reported for {country} with these filters.")
        return
    st.plotly_chart(charts.targets_vs_reached(
        people, f"People targeted and reached, by indicator — {country}"), key="targets-chart")


def targets_table(rows: pd.DataFrame, hypothetical: bool) -> None:
    table = pd.DataFrame({
        "project": rows["project"], "indicator": rows["indicator"], "unit": rows["unit"],
        "where": rows["where"], "targeted": or_not_reported(rows["targeted"]),
        "reached": or_not_reported(rows["reached"]), "women %": rows["women_pct"],
        "under-18 %": rows["under18_pct"], "start": rows["start"], "end": rows["end"],
        "source": rows["source"], "note": rows["note"],
    })
    st.dataframe(table, hide_index=True, key="targets-table",
                 column_config={"women %": SHARE, "under-18 %": SHARE})
    downloads(table, "targets_and_reach", hypothetical, key="targets-download")
