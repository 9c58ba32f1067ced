"""Scenarios side by side: pick the reference and up to three scenarios; a table per measure,
one chart and the downloads, all kept in the URL so that a link reopens the comparison."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.notices import problems_box
from components.params import COMPARE_BASE, COMPARE_WITH, url_state, write_url
from components.tables import downloads
from components.view import (
    current_editor,
    data_dir,
    resolve_scenario,
    saved_scenarios,
    scenario_title,
)
from srrp.plan.tree import Plan
from srrp.scenarios.compare import (
    MAX_COMPARED,
    MEASURES,
    column,
    differences,
    differing,
    side_by_side,
)
from srrp.scenarios.scenario import BASELINE, DRAFT
from srrp.view import View
from srrp.words import UNSAVED_EDIT, hypothetical
from visuals import charts
from visuals.wording import HELP, HYPOTHETICAL, NONE_REPORTED, md

# a figure unlike the reference's: dark text on the light highlight in either theme (the dark
# theme's light text on it could not be read)
CHANGED = "background-color: #FDE7C8; color: #111827; font-weight: 600"
FIGURE_WIDTH = 110  # four of them, the id and the title fit a 1280-pixel screen beside the menu


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


def tags(names: list[str]) -> dict[str, str]:
    """A short heading for each compared scenario ("Baseline", "Scenario 1", ...): a title
    ("What if the United Kingdom pledges USD 5 M to vaccines in Q3") would push the other
    columns off a 1280-pixel screen. The legend and each column's help give the title."""
    others = iter(range(1, len(names) + 1))
    return {n: "Baseline" if n == BASELINE else f"Scenario {next(others)}" for n in names}


def described(name: str, heading: str) -> str:
    """A scenario's full title, said to be hypothetical; the baseline said to be sourced."""
    if name == BASELINE:
        return "the plan's sourced figures, no what-if"
    return hypothetical(heading)


def legend(names: list[str], heads: dict[str, str], short: dict[str, str]) -> None:
    """Which title each short heading stands for, above the tables."""
    st.markdown("  \n".join(f"**{md(short[n])}**: {md(described(n, heads[n]))}" for n in names))


def comparison(plans_by_name: dict[str, Plan]) -> None:
    """The legend of headings, one table per measure (those that differ first, differences
    highlighted), the chart of what differs by objective, the downloads."""
    names = list(plans_by_name)
    hypothetical = any(n != BASELINE for n in names)
    if hypothetical:
        st.warning(f"**{HYPOTHETICAL}**: every figure but the baseline's is a what-if, not "
                   "sourced funding.", icon="⚠️")
    heads, short = headings(names), tags(names)
    legend(names, heads, short)
    table = side_by_side(plans_by_name).rename(columns=_renamer(names, heads))
    marks = differences(table, [heads[n] for n in names])
    first = differing(marks)
    for measure in first:
        measure_table(table, marks, measure, names, heads, short)
    if same := [m for m in MEASURES if m not in first]:
        same_table(table, same, heads[names[0]])
    st.caption("Highlighted: a figure that differs from the first column's.")
    st.plotly_chart(charts.by_scenario(table, [heads[n] for n in names],
                                       "By objective, under each scenario",
                                       labels={heads[n]: short[n] for n in names}),
                    key="compare-chart")
    downloads(table, "srrp2021_comparison", hypothetical, key="compare-download")


def _parts(table: pd.DataFrame, columns: dict[str, str]) -> pd.DataFrame:
    """The id and title of each part of the plan, with these columns renamed."""
    return table[["id", "title", *columns]].rename(columns=columns)


def _figure(measure: str, label: str, help_text: str) -> st.column_config.NumberColumn:
    return st.column_config.NumberColumn(
        label, help=help_text, width=FIGURE_WIDTH,
        format="percent" if measure == "coverage" else "localized")


def _show(key: str, heading: str, frame: pd.DataFrame, config: dict, style=None) -> None:
    """A heading and its table, in a container keyed by what it shows."""
    with st.container(key=key):
        st.markdown(heading)
        st.dataframe(
            frame.style.apply(style, axis=None, subset=list(config)) if style else frame,
            hide_index=True, placeholder=NONE_REPORTED, column_config={
                "id": st.column_config.TextColumn("id", width=60, pinned=True),
                "title": st.column_config.TextColumn("title", width=240, pinned=True),
                **config})


def measure_table(table: pd.DataFrame, marks: pd.DataFrame, measure: str, names: list[str],
                  heads: dict[str, str], short: dict[str, str]) -> None:
    """One measure under every scenario, side by side, headed by the short headings."""
    columns = {column(measure, heads[n]): heads[n] for n in names}
    changed = marks[list(columns)].rename(columns=columns)
    config = {heads[n]: _figure(measure, short[n], described(n, heads[n])) for n in names}
    _show(f"compare-{measure}", f"**{measure.capitalize()}** — {HELP[measure]}",
          _parts(table, columns), config, lambda part: changed.loc[part.index, part.columns].map(
              lambda differs: CHANGED if differs else ""))


def same_table(table: pd.DataFrame, measures: list[str], reference: str) -> None:
    """The measures no scenario changes, given once."""
    columns = {column(m, reference): m for m in measures}
    _show("compare-same", "**The same under every scenario**", _parts(table, columns),
          {m: _figure(m, m, HELP[m]) for m in measures})


def _renamer(names: list[str], heads: dict[str, str]) -> dict[str, str]:
    return {column(m, n): column(m, heads[n]) for m in MEASURES for n in names}


def nothing_chosen() -> None:
    st.info("Choose one or more scenarios to compare: save one on the What-if page, or edit "
            f"there and compare the {UNSAVED_EDIT}.", icon="ℹ️")

