"""What-if: try a hypothetical change to the plan minutes before a meeting, and keep it."""

import streamlit as st

from components import whatif
from components.notices import filter_note
from components.shell import current_view

view = current_view()
st.title("What-if (hypothetical)")
filter_note(view, "whatif")
st.markdown("What if a donor pledges USD 5 M to vaccines? Change an amount or add a "
            "contribution: every page follows the edit at once, marked **HYPOTHETICAL**. The "
            "baseline plan file is never changed.")
whatif.disk_watch(view)
whatif.start_from(view)
whatif.sidebar_follows(view)
whatif.live(view)
whatif.details(view)

st.header("Keep it")
whatif.save_controls(view)
