"""Funding gaps: the tree to drill into, the chosen node in detail, and the gaps ranked."""

import streamlit as st

from components.shell import current_view
from components.sidebar import url_state, write_url
from components.tree import node_details, ranked_gaps, tree_chart
from visuals.charts import TREE_KINDS
from visuals.tables import visible_nodes

view = current_view()
st.title("Funding gaps")

nodes = visible_nodes(view)
ids = list(nodes["id"])
labels = {r.id: r.title if r.level == "plan" else f"{r.id}. {r.title}" for r in nodes.itertuples()}
url_state("tree_kind", list(TREE_KINDS), "treemap")
url_state("node", ids, ids[0])

kind = st.segmented_control("Chart", list(TREE_KINDS), format_func=TREE_KINDS.get,
                            key="tree_kind", required=True)
clicked = tree_chart(view, kind)
if clicked in ids and clicked != st.session_state["node"]:
    st.session_state["node"] = clicked
    st.rerun()
node = st.selectbox("Part of the plan", ids, format_func=labels.get, key="node",
                    help="Or click a part of the chart")
write_url(("tree_kind", "node"), {"tree_kind": "treemap", "node": ids[0]})
node_details(view, node)

st.header("Sub-objectives ranked by funding gap")
ranked_gaps(view)
