"""Headline tiles: required, confirmed, gap and coverage, readable from the back of a room."""

from __future__ import annotations

import streamlit as st

from srrp.formatting import percent, usd
from srrp.view import View
from srrp.words import hypothetical
from visuals.wording import HELP, NONE_REPORTED, change, figure_labels

# A tile's figure shrinks with its tile: on a narrower screen (a 1280- or 1400-pixel projector,
# with the sidebar open) the theme's size cut "USD 822.9 M" to "USD 82…".
# Its label wraps rather than ending in "…": "Confirmed (hypot…" dropped the very word that says
# the figure is not sourced.
TILE_STYLE = """<style>
[data-testid="stMetric"] { container-type: inline-size; }
div[data-testid="stMetricValue"] { font-size: clamp(1.4rem, 13cqi, 2.6rem); }
[data-testid="stMetricLabel"] .stMarkdownEllipsis, [data-testid="stMetricLabel"] p {
  white-space: normal; overflow: visible; text-overflow: clip; }
</style>"""


def tile_style() -> None:
    """Tiles on this page are sized for a projector (``TILE_STYLE``)."""
    st.html(TILE_STYLE)


def funding_tiles(view: View, node_id: str | None = None) -> None:
    """The four figures of a node (the plan by default); changes against the baseline when a
    scenario is shown. Confirmed follows the donor and year filters; the others count all
    funding and say so."""
    node_id = node_id or view.plan.id
    row = view.rollup.set_index("id").loc[node_id]
    base = view.baseline_rollup.set_index("id").loc[node_id]
    money = view.funding.set_index("id").loc[node_id]
    base_money = view.baseline_funding.set_index("id").loc[node_id]
    label = {k: hypothetical(v) if view.hypothetical else v
             for k, v in figure_labels(view.filters).items()}
    tile_style()
    required, confirmed, gap, coverage = st.columns(4)
    required.metric(label["required"], usd(row.required), change(row.required - base.required),
                    delta_color="off", border=True, help=HELP["required"])
    confirmed.metric(label["confirmed"], usd(money.confirmed) if money.contributions else
                     NONE_REPORTED, change(money.confirmed - base_money.confirmed), border=True,
                     help=HELP["confirmed"])
    gap.metric(label["gap"], usd(row.gap), change(row.gap - base.gap), delta_color="inverse",
               border=True, help=HELP["gap"])
    coverage.metric(label["coverage"], percent(row.coverage), border=True,
                    help=HELP["coverage"])
    if row.overfunded:
        st.info(f"Over-funded by {usd(row.overfunded)}: confirmed funding exceeds the "
                "requirement.")
