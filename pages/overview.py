"""Overview: the plan in one screen — headline figures, objectives, largest gaps, sources."""

import streamlit as st

from components.charts import show_chart
from components.funding import donor_chart, time_chart
from components.kpis import funding_tiles
from components.notices import filter_note
from components.shell import current_view
from components.sources import source_list
from srrp.view import ALL
from visuals import charts
from visuals.wording import md

view = current_view()
plan = view.plan
st.title(md(plan.title), anchor=False)
st.caption(f"{md(plan.type)} · last updated {plan.last_updated} · figures in {plan.currency}")
filter_note(view, "overview")
focus = view.filters.objective if view.filters.objective != ALL else plan.id
if focus != plan.id:
    st.subheader(f"Objective {focus}: {md(plan.node(focus).title)}")
funding_tiles(view, focus)

# one chart a row: side by side, at 1280 px with the sidebar open, their labels were cut
show_chart(charts.required_vs_confirmed(view.by_objective(),
                                        "Required and confirmed, by objective"),
           key="overview-objectives")
table = view.rollup
subs = table[(table["level"] == "sub-objective") & (table["parent"].isin(view.objective_ids()))]
show_chart(charts.largest_gaps(subs, "Largest funding gaps, by sub-objective", limit=5),
           key="overview-gaps")

if len(view.contributions) > 1:  # one contribution is told by the tiles and the chart above
    # one a row too: side by side, donors' names left their bars no room for their figures
    donor_chart(view, "overview", title="Funding by donor")
    time_chart(view, "overview", title="Confirmed over time")

st.subheader("Where these figures come from")
source_list(view, [plan.source, *{c.source for c in plan.contributions}])
