"""The sidebar shared by every page: scenario, country and filters, kept in the URL
(``components.params``), folded into one expander whose label says what is set, so that at
1280×720 every control is in reach without scrolling; and the theme."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from components.kept import keeper
from components.params import COUNTRY, DONOR, OBJECTIVE, SCENARIO, YEAR, Param, url_state, write_url
from components.theme import theme_picker
from components.view import current_editor, resolve_scenario, saved_scenarios, scenario_title
from srrp.dataset import Dataset
from srrp.problems import Problem
from srrp.scenarios.scenario import BASELINE, DRAFT
from srrp.view import ALL, Filters, View
from srrp.words import UNSAVED_EDIT, hypothetical
from visuals.wording import md

FILTERS = "filters"  # the expander's key


@dataclass(frozen=True)
class Picker:
    param: Param
    label: str
    options: list
    format: Callable[[object], str]
    help: str | None = None

    def shown(self) -> str:
        """What is chosen, as the picker writes it."""
        return self.format(st.session_state[self.param.key])


def build_view(folder: Path, dataset: Dataset, problems: list[Problem]) -> View:
    """Render the sidebar over the data loaded; the view of this run."""
    plan = dataset.plan
    objectives = {o.id: o for o in plan.objectives}
    pickers = [_scenario_picker(folder),
               Picker(COUNTRY, "Country", dataset.countries,
                      lambda c: dataset.gazetteers[c].country),
               Picker(OBJECTIVE, "Objective", [ALL, *objectives],
                      lambda o: "All objectives" if o == ALL else
                      f"{o}. {_short(objectives[o].title)}"),
               Picker(DONOR, "Donor", [ALL, *dataset.donors],
                      lambda d: "All donors" if d == ALL else d),
               Picker(YEAR, "Year", [ALL, *dataset.years],
                      lambda y: "All years" if y == ALL else y)]
    bound = [url_state(p.param, p.options) for p in pickers]
    with st.sidebar:
        theme = theme_picker()  # first: the label below grows with what is set
        with st.expander(filters_label(pickers), key=FILTERS):
            for p in pickers:
                st.selectbox(p.label, p.options, key=p.param.key, format_func=p.format,
                             help=p.help)
    write_url(*bound, theme)
    choice, country, objective, donor, year = (st.session_state[b.param.key] for b in bound)
    shown, scenario, scenario_problems = resolve_scenario(plan, choice, folder,
                                                          current_editor().draft)
    return View(dataset, shown, choice, scenario, Filters(country, objective, donor, year),
                folder, problems, scenario_problems, keep=keeper(dataset))


def filters_label(pickers: list[Picker]) -> str:
    """The expander's label, short enough to leave the sidebar in reach: the scenario, the
    country and each filter that is set (the first words of a long name)."""
    scenario, country, *filters = pickers
    chosen = [p for p in filters if st.session_state[p.param.key] != ALL]
    shown = [scenario.shown(), country.shown(), *(p.shown() for p in chosen)]
    if not chosen:
        shown.append("no filter")
    return "**Scenario and filters:** " + " · ".join(md(_short(text)) for text in shown)


def _scenario_picker(folder: Path) -> Picker:
    options = [BASELINE, *saved_scenarios(folder)]
    if current_editor().draft:
        options.append(DRAFT)
    labels = {c: _scenario_label(folder, c) for c in options}  # each file read once a run
    return Picker(SCENARIO, "Scenario", options, labels.get,
                  help="Anything but the baseline is hypothetical and marked so everywhere.")


def _scenario_label(folder: Path, choice: str) -> str:
    if choice == BASELINE:
        return "Baseline (sourced figures)"
    if choice == DRAFT:
        return hypothetical(UNSAVED_EDIT.capitalize())
    return hypothetical(scenario_title(folder, choice))


def _short(title: str, words: int = 6) -> str:
    parts = title.split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")
