"""The data behind the dashboard: its sources, the validation report, and downloads."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.notices import problems_box
from components.tables import downloads, excel_download, show_table
from components.view import scenarios_dir
from srrp.dataset import PLAN_FILE, activity_files
from srrp.files.store import list_scenarios, scenario_path
from srrp.plan.rollup import contributions_table
from srrp.problems import Problem, Problems
from srrp.scenarios.scenario import apply_scenario, load_scenario
from srrp.view import View
from visuals.spreadsheet import csv_as_text
from visuals.wording import md


def sources_table(view: View) -> None:
    """Each source and how many figures stand on it."""
    plan, activities = view.baseline.plan, view.baseline.activities
    in_plan = pd.Series([plan.source] * (1 + len(plan.objectives) + len(plan.sub_objectives()))
                        + [c.source for c in plan.contributions], dtype="str")
    uses = in_plan.value_counts().add(activities["source"].value_counts(), fill_value=0)
    table = pd.DataFrame([{
        "title": s.title, "publisher": s.publisher, "link": s.url,
        "figures": int(uses.get(s.id, 0)), "id": s.id, "note": s.note,
    } for s in plan.sources])
    show_table(table.drop(columns="note"), key="sources-table",
               config={"link": st.column_config.LinkColumn("link")})
    with st.expander("What each source gives, and the judgement calls made"):
        for source in plan.sources:
            st.markdown(f"**{md(source.id)}** — {md(source.note or 'no note')}")


def validation_report(view: View) -> None:
    """Every data and scenario file, checked now; problems listed one per line."""
    problems = list(view.problems) + _scenario_problems(view)
    checked = [view.data_dir / PLAN_FILE, *activity_files(view.data_dir),
               *list_scenarios(scenarios_dir(view.data_dir))]
    if problems:
        problems_box(problems, "Some files have problems")
    else:
        st.success(f"All {len(checked)} files are valid: the plan, "
                   f"{len(activity_files(view.data_dir))} activity file(s) and "
                   f"{len(checked) - 1 - len(activity_files(view.data_dir))} scenario(s).")


def _scenario_problems(view: View) -> list[Problem]:
    problems = Problems()
    folder = scenarios_dir(view.data_dir)
    for name in list_scenarios(folder):
        path = scenario_path(folder, name)
        with problems.caught():
            apply_scenario(view.baseline.plan, load_scenario(path, str(path)))
    return problems.found


def data_downloads(view: View) -> None:
    st.markdown("**The files as they are** (the baseline, never a scenario):")
    cols = st.columns(1 + len(activity_files(view.data_dir)))
    plan_path = view.data_dir / PLAN_FILE
    cols[0].download_button(f"{PLAN_FILE} (YAML)", plan_path.read_bytes, PLAN_FILE,
                            "application/yaml", key="download-plan", on_click="ignore")
    for col, path in zip(cols[1:], activity_files(view.data_dir), strict=True):
        col.download_button(f"{path.name} (CSV)", lambda p=path: csv_as_text(p.read_bytes()),
                            path.name, "text/csv", key=f"download-{path.stem}",
                            on_click="ignore")
    st.caption("In every CSV, a text that a spreadsheet would run as a formula (one beginning "
               "with =, +, -, @, a tab or a line break) starts with ' so that it is shown, not "
               "run; numbers are unchanged, and so are the files in the data folder.")
    tag = " — hypothetical scenario" if view.hypothetical else ""
    st.markdown(f"**Funding figures of every node{tag}:**")
    downloads(view.rollup, "srrp2021_funding", view.hypothetical, key="download-rollup")
    st.markdown(f"**Contributions{tag}:**")
    downloads(contributions_table(view.plan), "srrp2021_contributions", view.hypothetical,
              key="download-contributions")
    st.markdown("**All activities, every country:**")
    excel_download(st, view.baseline.activities, "activities.xlsx",
                   key="download-activities-xlsx")
