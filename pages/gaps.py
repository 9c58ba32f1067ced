"""Funding gaps: the tree to drill into, the chosen node in detail, and the gaps ranked."""

import streamlit as st

from components.notices import filter_note
from components.params import NODE, TREE_KIND, url_state, write_url
from components.shell import current_view
from components.tree import node_details, ranked_gaps, tree_chart
from visuals.charts import TREE_KINDS
from visuals.tables import visible_nodes

view = current_view()
st.title("Funding gaps")
filter_note(view, "gaps")

nodes = visible_nodes(view)
ids = list(nodes["id"])
labels = {r.id: r.title if r.level == "plan" else f"{r.id}. {r.title}" for r in nodes.itertuples()}
kind_url, node_url = url_state(TREE_KIND, list(TREE_KINDS)), url_state(NODE, ids)

kind = st.segmented_control("Chart", list(TREE_KINDS), format_func=TREE_KINDS.get,
                            key=TREE_KIND.key, required=True)
clicked = tree_chart(view, kind)
if clicked in ids and clicked != st.session_state[NODE.key]:
    st.session_state[NODE.key] = clicked
    st.rerun()
node = st.selectbox("Part of the plan", ids, format_func=labels.get, key=NODE.key,
                    help="Or click a part of the chart")
write_url(kind_url, node_url)
node_details(view, node)

st.header("Sub-objectives ranked by funding gap")
ranked_gaps(view)
