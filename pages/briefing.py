"""Briefing: the plan in a few slides for a projector, and the same slides as PDF or PPTX."""

import streamlit as st

from components import briefing, presenter
from components.notices import filter_note
from components.shell import current_view

view = current_view()
deck = briefing.current_deck(view)
if presenter.presenter_code() is not None:
    presenter.presenter_view(deck)
else:
    briefing.slideshow(deck)
    briefing.export_panel(deck)
    with st.container(key="briefing_filters"):  # the page's, not the slide's: hidden when shown
        filter_note(view, "briefing")
