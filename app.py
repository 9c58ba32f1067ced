"""The SRRP 2021 dashboard: router and the sidebar shared by every page."""

import streamlit as st

from components.notices import data_notice, problems_box, scenario_notice
from components.sidebar import build_view
from components.view import data_dir, load_current

st.set_page_config(page_title="SRRP 2021 dashboard", layout="wide")

PAGES = [
    st.Page("pages/overview.py", title="Overview", url_path="overview", default=True),
    st.Page("pages/gaps.py", title="Funding gaps", url_path="gaps"),
    st.Page("pages/targets.py", title="Targets", url_path="targets"),
    st.Page("pages/map.py", title="Provincial map", url_path="map"),
    st.Page("pages/whatif.py", title="What-if", url_path="whatif"),
    st.Page("pages/briefing.py", title="Briefing", url_path="briefing"),
    st.Page("pages/sources.py", title="Data & sources", url_path="sources"),
]

page = st.navigation(PAGES)
view = build_view()
if view is None:
    st.title("SRRP 2021 dashboard")
    problems_box(load_current(data_dir())[1], f"The data in '{data_dir()}' cannot be loaded.")
    st.stop()
st.session_state["view"] = view
scenario_notice(view)
data_notice(view)
page.run()
