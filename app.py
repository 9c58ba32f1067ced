"""The SRRP 2021 dashboard: router and the sidebar shared by every page."""

import streamlit as st

from components.access import can_edit
from components.shell import prepare

st.set_page_config(page_title="SRRP 2021 dashboard", layout="wide")

OVERVIEW = st.Page("pages/overview.py", title="Overview", url_path="overview")


def home() -> None:
    """The root address opens the Overview at its own address, a link's settings kept.
    (Streamlit serves its default page at "/" only: were the Overview the default, its own
    address, "/overview", would open on "Page not found".)"""
    st.switch_page(OVERVIEW, query_params={k: st.query_params.get_all(k) for k in st.query_params})


HOME = st.Page(home, title="Overview", url_path="home", default=True, visibility="hidden")
PAGES = [
    HOME,
    OVERVIEW,
    st.Page("pages/gaps.py", title="Funding gaps", url_path="gaps"),
    st.Page("pages/funding.py", title="Donors and time", url_path="funding"),
    st.Page("pages/targets.py", title="Targets", url_path="targets"),
    st.Page("pages/map.py", title="Provincial map", url_path="map"),
    st.Page("pages/whatif.py", title="What-if", url_path="whatif"),
    *([] if not can_edit() else [st.Page("pages/import.py", title="Import", url_path="import")]),
    st.Page("pages/compare.py", title="Compare scenarios", url_path="compare"),
    st.Page("pages/briefing.py", title="Briefing", url_path="briefing"),
    st.Page("pages/sources.py", title="Data & sources", url_path="sources"),
]

page = st.navigation(PAGES)
if page is not HOME:  # it only passes the visitor on
    prepare(page.url_path)
page.run()
