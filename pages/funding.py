"""Funding: who gives, when the money came, and to which countries."""

import streamlit as st

from components.funding import country_section, donor_section, time_section
from components.notices import filter_note
from components.shell import current_view

view = current_view()
st.title("Donors and time", anchor=False)
filter_note(view, "funding")
st.caption("Confirmed: commitments and paid contributions recorded with a source. Pledges are "
           "shown beside them, never counted as funding.")
st.header("By donor", anchor=False)
donor_section(view, "funding")
st.header("Over time", anchor=False)
time_section(view, "funding")
st.header("By recipient country", anchor=False)
country_section(view, "funding")
