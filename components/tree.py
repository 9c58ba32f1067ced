"""The funding tree explorer: pick a node, see what it is, what it has and what serves it."""

from __future__ import annotations

import streamlit as st

from components.charts import show_chart
from components.kpis import funding_tiles
from components.tables import downloads, show_table
from srrp.activities.join import under_node
from srrp.plan.rollup import as_reported
from srrp.plan.tree import Objective, SubObjective
from srrp.view import View
from visuals import charts
from visuals.tables import visible_nodes
from visuals.wording import NONE_REPORTED, NOT_REPORTED, md


def tree_chart(view: View, kind: str) -> str | None:
    """Draw the tree; return the id of a node the user clicked, if any."""
    title = "The plan's funding tree: area = required, colour = coverage"
    event = show_chart(charts.funding_tree(visible_nodes(view), kind, title),
                       key=f"tree-{kind}", on_select="rerun", selection_mode="points")
    points = event.selection.points if event else []
    return points[0].get("id") if points else None


def node_details(view: View, node_id: str) -> None:
    node = view.plan.node(node_id)
    st.header(md(node.title if node is view.plan else f"{node.id}. {node.title}"))
    funding_tiles(view, node_id)
    if node is view.plan:  # where the funding that names no sub-objective is seen
        show_chart(charts.required_vs_confirmed(view.by_objective(), "Required and confirmed, "
                                                "by objective"), key="tree-detail-objectives")
    description = getattr(node, "description", None) or getattr(node, "vision", None)
    st.markdown(md(description) if description else "*Description not reported.*")
    if isinstance(node, SubObjective) and node.activities:
        st.subheader("Activity areas")
        st.markdown("\n".join(f"- {md(a)}" for a in node.activities))
    if isinstance(node, Objective):
        groups = ", ".join(node.target_groups) if node.target_groups else NOT_REPORTED
        st.markdown(f"**Primary target groups:** {md(groups)}")
    _contributions(view, node_id)
    _linked_activities(view, node_id)


def _contributions(view: View, node_id: str) -> None:
    st.subheader("Contributions")
    rows = under_node(view.contributions, view.plan, node_id)
    if node_id == view.plan.id:
        rows = view.contributions
    if rows.empty:
        st.markdown("No contribution reported for this part of the plan.")
        return
    show_table(rows[["donor", "amount", "status", "date", "sub_objective", "recipient_country",
                     "source", "hypothetical"]], key=f"contributions-{node_id}",
               money=("amount",))


def _linked_activities(view: View, node_id: str) -> None:
    country = view.gazetteer.country
    st.subheader(f"Activities in {md(country)} serving this part of the plan")
    rows = under_node(view.activities, view.plan, node_id)
    if rows.empty:
        st.markdown(f"No {country} activity reported for this part of the plan.")
        return
    table = rows[["project", "indicator", "admin1_name", "start", "end", "donor", "source"]]
    table = table.assign(targeted=rows["targeted"], reached=rows["reached"])
    show_table(table, key=f"activities-{node_id}", figures=("targeted", "reached"))


def ranked_gaps(view: View) -> None:
    """Sub-objectives, largest gap first, with downloads of exactly this table."""
    table = as_reported(visible_nodes(view))
    table = table[table["level"] == "sub-objective"].sort_values("gap", ascending=False)
    table = table[["id", "title", "required", "confirmed", "pledged", "gap", "coverage"]]
    table.insert(0, "rank", range(1, len(table) + 1))
    # the title gives way, so that every figure (and "none reported") reads whole at 1280 px
    unreported = st.column_config.NumberColumn(format="localized", width=115)
    show_table(table, key="ranked-gaps", money=("required", "gap"), placeholder=NONE_REPORTED,
               config={"title": st.column_config.TextColumn("title", width=170),
                       "confirmed": unreported, "pledged": unreported})
    downloads(table, "srrp2021_funding_gaps", view.hypothetical, key="gaps-download")
