"""A chart on a page: the figure, and its one-sentence summary for screen readers."""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

from visuals.charts import summary


def show_chart(figure: go.Figure, key: str, **options):
    """The figure, with its summary as the chart's text alternative and as a caption that
    every reader can see; returns what st.plotly_chart returns (a selection, if asked for)."""
    said = summary(figure)
    event = st.plotly_chart(figure, key=key, alt=said or None, **options)
    if said:
        st.caption(said)
    return event
