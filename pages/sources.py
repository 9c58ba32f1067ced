"""Data & sources: where every figure comes from, the validation report, the data to download."""

import streamlit as st

from components.datafiles import data_downloads, sources_table, validation_report
from components.notices import filter_note
from components.shell import current_view

view = current_view()
plan = view.baseline.plan
st.title("Data & sources")
filter_note(view, "sources")
st.markdown(
    f"Every figure comes from a source listed below. Requirements, objectives and texts come "
    f"from the plan page (last updated {plan.last_updated}). Confirmed funding counts only "
    "contributions recorded with a source; what no source reports is shown as *not reported*, "
    "never as zero. Scenarios are hypothetical and say so wherever they appear.")

st.header("Sources")
sources_table(view)

st.header("Validation report")
validation_report(view)

st.header("Downloads")
data_downloads(view)
