"""What every run does before its page: build the view, render the sidebar and the notices."""

from __future__ import annotations

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from components import whatif
from components.access import account
from components.notices import NOTICES, data_notice, problems_box, scenario_notice
from components.sidebar import build_view
from components.view import data_dir, load_current
from srrp.view import View


def prepare(page: str) -> View:
    """The view of this run on ``page`` (its URL path), with the sidebar and the notices every
    page carries."""
    folder = data_dir()
    dataset, problems = load_current(folder)
    if dataset is None:
        st.title("SRRP 2021 dashboard")
        problems_box(problems, f"The data in '{folder}' cannot be loaded.")
        st.stop()
    # before the sidebar is drawn, so that it shows an edit made on this run
    whatif.sync(dataset.plan, folder, shown=page == whatif.PAGE)
    view = build_view(folder, dataset, problems)
    st.session_state["view"] = view
    with st.sidebar:
        account()
    # One container whatever it holds: a notice coming or going does not move the page's other
    # elements, which the browser would then draw afresh (charts and tables, a second or more).
    with st.container(key=NOTICES):
        scenario_notice(view)
        data_notice(view)
    return view


def current_view() -> View:
    """The view app.py built for this run.

    With a ``pages/`` folder beside app.py, Streamlit takes a run that starts before any call to
    ``st.navigation`` (a server's very first request, every AppTest run) for an old-style
    multipage app, and runs the page alone, without app.py. Rerun through the router instead, as
    ``st.navigation`` itself would arrange. (Building the view here would not do: in that mode a
    widget's identity includes the page, so the sidebar would lose its state.) The rerun drops a
    click read from ``st.button``'s return value; act on clicks in ``on_click`` callbacks.
    """
    if PagesManager.uses_pages_directory or "view" not in st.session_state:
        PagesManager.uses_pages_directory = False
        st.rerun()
    return st.session_state["view"]
