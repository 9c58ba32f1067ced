"""The sidebar shared by every page: scenario, country and filters, kept in the URL.

A coordinator pastes a link and a colleague opens the same view: the choices made here (and the
page-level ones registered with :func:`url_state`) are read from ``st.query_params`` when a
widget has no value yet and written back on every run, so the URL always says what is shown.
"""

from __future__ import annotations

import streamlit as st

from components.view import (
    DRAFT_TEXT,
    data_dir,
    load_current,
    resolve_scenario,
    saved_scenarios,
)
from srrp.view import ALL, BASELINE, DRAFT, Filters, View

SIDEBAR_KEYS = ("scenario", "country", "objective", "donor", "year")


def url_state(key: str, options: list, default) -> None:
    """Start a widget's value from the URL whenever it has none (a new session, or Streamlit
    dropped it), and fall back to the default when the URL's value is not an option."""
    if key not in st.session_state:
        wanted = st.query_params.get(key)
        if wanted is not None and wanted in map(str, options):
            st.session_state[key] = next(o for o in options if str(o) == wanted)
    if st.session_state.get(key) not in options:
        st.session_state[key] = default


def write_url(keys, defaults: dict) -> None:
    for key in keys:
        value = st.session_state.get(key)
        if value is None or value == defaults.get(key):
            st.query_params.pop(key, None)
        else:
            st.query_params[key] = str(value)


def build_view() -> View | None:
    """Load the data and render the sidebar; None when no data could ever be loaded."""
    folder = data_dir()
    dataset, problems = load_current(folder)
    if dataset is None:
        return None
    plan = dataset.plan
    with st.sidebar:
        choice = _scenario_picker(folder)
        country = _picker("country", "Country", dataset.countries,
                          lambda c: dataset.gazetteers[c].country)
        objectives = {o.id: o for o in plan.objectives}
        objective = _picker("objective", "Objective", [ALL, *objectives],
                            lambda o: "All objectives" if o == ALL else
                            f"{o}. {_short(objectives[o].title)}")
        donor = _picker("donor", "Donor", [ALL, *dataset.donors],
                        lambda d: "All donors" if d == ALL else d)
        year = _picker("year", "Year", [ALL, *dataset.years],
                       lambda y: "All years" if y == ALL else y)
    write_url(SIDEBAR_KEYS, {"scenario": BASELINE, "country": dataset.countries[0],
                             "objective": ALL, "donor": ALL, "year": ALL})
    shown, scenario, scenario_problems = resolve_scenario(
        plan, choice, folder, st.session_state.get(DRAFT_TEXT))
    return View(dataset, shown, choice, scenario, Filters(country, objective, donor, year),
                folder, problems, scenario_problems)


def _scenario_picker(folder) -> str:
    options = [BASELINE, *saved_scenarios(folder)]
    if st.session_state.get(DRAFT_TEXT):
        options.append(DRAFT)
    return _picker("scenario", "Scenario", options, _scenario_label,
                   help="Anything but the baseline is hypothetical and marked so everywhere.")


def _scenario_label(choice: str) -> str:
    if choice == BASELINE:
        return "Baseline (sourced figures)"
    if choice == DRAFT:
        return "Unsaved edit (hypothetical)"
    return f"{choice} (hypothetical)"


def _picker(key: str, label: str, options: list, format_func, help=None):
    url_state(key, options, options[0])
    return st.selectbox(label, options, key=key, format_func=format_func, help=help)


def _short(title: str, words: int = 6) -> str:
    parts = title.split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")
