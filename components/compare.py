"""Scenarios side by side: pick the reference and up to three scenarios; one table, one chart
and the downloads, all kept in the URL so that a link reopens the comparison."""

from __future__ import annotations

import streamlit as st

from components.notices import problems_box
from components.params import COMPARE_BASE, COMPARE_WITH, url_state, write_url
from components.tables import MONEY, downloads
from components.view import (
    current_editor,
    data_dir,
    resolve_scenario,
    saved_scenarios,
    scenario_title,
)
from srrp.compare import (
    MAX_COMPARED,
    MEASURES,
    column,
    differences,
    differing,
    side_by_side,
)
from srrp.plan import Plan
from srrp.view import BASELINE, DRAFT, View
from srrp.words import UNSAVED_EDIT
from visuals import charts
from visuals.wording import HYPOTHETICAL, NONE_REPORTED

CHANGED = "background-color: #FDE7C8; font-weight: 600"  # a figure unlike the reference's


def label(name: str) -> str:
    """A scenario by the title a person gave it."""
    if name == BASELINE:
        return "baseline"
    return UNSAVED_EDIT if name == DRAFT else scenario_title(data_dir(), name)


def headings(names: list[str]) -> dict[str, str]:
    """Each compared scenario's heading: its title, with its file name when two share it."""
    titles = {n: label(n) for n in names}
    shared = {t for t in titles.values() if list(titles.values()).count(t) > 1}
    return {n: f"{t} ({n})" if t in shared else t for n, t in titles.items()}


def choices(view: View) -> tuple[str, list[str]]:
    """The reference and the scenarios compared with it, chosen here or by the URL."""
    options = [BASELINE, *saved_scenarios(view.data_dir)]
    if current_editor().draft:
        options.append(DRAFT)
    left, right = st.columns([1, 2])
    base_url = url_state(COMPARE_BASE, options)
    base = left.selectbox("Compare", options, key=COMPARE_BASE.key, format_func=label,
                          help="The reference: differences from it are highlighted")
    others = [o for o in options if o != base]
    with_url = url_state(COMPARE_WITH, others)
    chosen = right.multiselect(
        f"with (up to {MAX_COMPARED})", others, key=COMPARE_WITH.key, format_func=label,
        max_selections=MAX_COMPARED, placeholder="Choose scenarios",
        help=f"Saved scenarios and the {UNSAVED_EDIT} of the What-if page; all are hypothetical")
    write_url(base_url, with_url)
    return base, chosen


def plans(view: View, names: list[str]) -> dict[str, Plan] | None:
    """Each scenario applied to the baseline; None (and the problems said) when one cannot be."""
    result = {}
    for name in names:
        plan, _, problems = resolve_scenario(view.baseline.plan, name, view.data_dir,
                                             current_editor().draft)
        if problems:
            problems_box(problems, f"Scenario '{name}' cannot be compared")
            return None
        result[name] = plan
    return result


def comparison(plans_by_name: dict[str, Plan]) -> None:
    """The table (what differs first, highlighted), the chart of what differs by objective,
    the downloads."""
    names = list(plans_by_name)
    hypothetical = any(n != BASELINE for n in names)
    if hypothetical:
        st.warning(f"**{HYPOTHETICAL}**: every figure but the baseline's is a what-if, not "
                   "sourced funding.", icon="⚠️")
    heads = headings(names)
    table = side_by_side(plans_by_name).rename(columns=_renamer(names, heads))
    marks = differences(table, [heads[n] for n in names])
    # what differs first: on a 1280-pixel screen the columns past the fourth are off-screen
    first = differing(marks)
    shown = [column(m, heads[n]) for m in [*first, *(m for m in MEASURES if m not in first)]
             for n in names]
    st.dataframe(
        table.style.apply(lambda part: marks.loc[part.index, part.columns].map(
            lambda changed: CHANGED if changed else ""), axis=None, subset=shown),
        hide_index=True, key="compare-table", placeholder=NONE_REPORTED,
        column_order=["id", "title", *shown], column_config={
            "id": st.column_config.TextColumn("id", width=60, pinned=True),
            "level": None,  # the id tells it: 3 is an objective, 3.2 a sub-objective
            "title": st.column_config.TextColumn("title", width=170, pinned=True),
            **{c: (st.column_config.NumberColumn(c, format="percent")
                   if c.startswith("coverage") else MONEY) for c in shown}})
    st.caption("Highlighted: a figure that differs from the first column's. Gap = required − "
               "confirmed, never negative; coverage = confirmed ÷ required.")
    st.plotly_chart(charts.by_scenario(table, [heads[n] for n in names],
                                       "By objective, under each scenario"),
                    key="compare-chart")
    downloads(table, "srrp2021_comparison", hypothetical, key="compare-download")


def _renamer(names: list[str], heads: dict[str, str]) -> dict[str, str]:
    return {column(m, n): column(m, heads[n]) for m in MEASURES for n in names}


def nothing_chosen() -> None:
    st.info("Choose one or more scenarios to compare: save one on the What-if page, or edit "
            f"there and compare the {UNSAVED_EDIT}.", icon="ℹ️")

