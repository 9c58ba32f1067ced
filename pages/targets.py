"""Targets: people targeted against reached, by activity, indicator and province."""

import streamlit as st

from components.notices import filter_note
from components.shell import current_view
from components.targets import (
    indicator_rows,
    people_tiles,
    rounds_section,
    targets_chart,
    targets_table,
    unmeasured_table,
)
from visuals.wording import md

view = current_view()
country = view.gazetteer.country
st.title(f"Targets and reach — {md(country)}")
filter_note(view, "targets")
st.caption("Figures as reported by each source. 'not reported' means the source gives no "
           "figure; it is never counted as zero. A figure reported for several provinces "
           "together is shown whole, never divided.")

people_only = st.toggle("Only indicators that count people", value=True, key="people_only")
rows = indicator_rows(view, people_only)
people_tiles(rows)
targets_chart(rows, country)
st.subheader("Every indicator")
targets_table(rows, view.hypothetical)
rounds_section(view)
unmeasured_table(view)
