"""The sidebar shared by every page: scenario, country and filters, kept in the URL
(``components.params``)."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from components.kept import keeper
from components.params import (
    COUNTRY,
    DONOR,
    OBJECTIVE,
    SCENARIO,
    YEAR,
    Bound,
    Param,
    url_state,
    write_url,
)
from components.view import current_editor, resolve_scenario, saved_scenarios, scenario_title
from srrp.dataset import Dataset
from srrp.problems import Problem
from srrp.view import ALL, BASELINE, DRAFT, Filters, View


def build_view(folder: Path, dataset: Dataset, problems: list[Problem]) -> View:
    """Render the sidebar over the data loaded; the view of this run."""
    plan = dataset.plan
    objectives = {o.id: o for o in plan.objectives}
    with st.sidebar:
        bound = [_scenario_picker(folder),
                 _picker(COUNTRY, "Country", dataset.countries,
                         lambda c: dataset.gazetteers[c].country),
                 _picker(OBJECTIVE, "Objective", [ALL, *objectives],
                         lambda o: "All objectives" if o == ALL else
                         f"{o}. {_short(objectives[o].title)}"),
                 _picker(DONOR, "Donor", [ALL, *dataset.donors],
                         lambda d: "All donors" if d == ALL else d),
                 _picker(YEAR, "Year", [ALL, *dataset.years],
                         lambda y: "All years" if y == ALL else y)]
    write_url(*bound)
    choice, country, objective, donor, year = (st.session_state[b.param.key] for b in bound)
    shown, scenario, scenario_problems = resolve_scenario(plan, choice, folder,
                                                          current_editor().draft)
    return View(dataset, shown, choice, scenario, Filters(country, objective, donor, year),
                folder, problems, scenario_problems, keep=keeper(dataset))


def _scenario_picker(folder: Path) -> Bound:
    options = [BASELINE, *saved_scenarios(folder)]
    if current_editor().draft:
        options.append(DRAFT)
    labels = {c: _scenario_label(folder, c) for c in options}  # each file read once a run
    return _picker(SCENARIO, "Scenario", options, labels.get,
                   help="Anything but the baseline is hypothetical and marked so everywhere.")


def _scenario_label(folder: Path, choice: str) -> str:
    if choice == BASELINE:
        return "Baseline (sourced figures)"
    if choice == DRAFT:
        return "Unsaved edit (hypothetical)"
    return f"{scenario_title(folder, choice)} (hypothetical)"


def _picker(param: Param, label: str, options: list, format_func, help=None) -> Bound:
    bound = url_state(param, options)
    st.selectbox(label, options, key=param.key, format_func=format_func, help=help)
    return bound


def _short(title: str, words: int = 6) -> str:
    parts = title.split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")
