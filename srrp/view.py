"""What a page shows: the data (its last good version), the plan under the chosen scenario and
the filters, with the tables computed from them once.

``components.view`` loads the data and builds one View per run of the app; the charts, the map
and the briefing's deck read it without Streamlit.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path

import pandas as pd

from srrp.activities.join import filter_activities
from srrp.dataset import Dataset
from srrp.plan.rollup import contributions_table, plan_wide, rollup
from srrp.plan.tree import Plan
from srrp.problems import Problem
from srrp.scenarios.scenario import Scenario

ALL = "all"


@dataclass(frozen=True)
class Filters:
    country: str
    objective: str = ALL
    donor: str = ALL
    year: str = ALL


@dataclass
class View:
    baseline: Dataset
    plan: Plan  # the baseline, or the baseline with the chosen scenario applied
    choice: str  # BASELINE, DRAFT or a saved scenario's name
    scenario: Scenario | None
    filters: Filters
    data_dir: Path
    problems: list[Problem] = field(default_factory=list)  # in the data files on disk
    scenario_problems: list[Problem] = field(default_factory=list)
    # keep(kind, key, compute): compute's answer, kept by the app for the next view that asks
    # the same; by default nothing is kept
    keep: Callable = field(default=lambda kind, key, compute: compute(), repr=False)

    @property
    def hypothetical(self) -> bool:
        return self.scenario is not None

    @property
    def stale(self) -> bool:
        """True when the files on disk have problems and the last good data is shown."""
        return bool(self.problems)

    @cached_property
    def rollup(self) -> pd.DataFrame:
        return rollup(self.plan)

    @cached_property
    def baseline_rollup(self) -> pd.DataFrame:
        return rollup(self.baseline.plan)

    @cached_property
    def funding(self) -> pd.DataFrame:
        """The roll-up whose confirmed and pledged follow the donor and year filters; required,
        gap and coverage stay the whole plan's, from every donor in every year (a donor's gap
        is no gap). The roll-up itself when neither filter is set."""
        return self._funding(self.plan, self.rollup)

    @cached_property
    def baseline_funding(self) -> pd.DataFrame:
        return self._funding(self.baseline.plan, self.baseline_rollup)

    @property
    def money_filtered(self) -> bool:
        """True when the donor or the year filter leaves out some money."""
        return self.filters.donor != ALL or self.filters.year != ALL

    def _funding(self, plan: Plan, whole: pd.DataFrame) -> pd.DataFrame:
        if not self.money_filtered:
            return whole
        kept = rollup(replace(plan, contributions=tuple(
            c for c in plan.contributions if self._money_kept(c.donor, c.date))))
        columns = ["confirmed", "pledged", "contributions"]
        return whole.assign(**{c: kept[c].to_numpy() for c in columns})

    def _money_kept(self, donor: str, date: str | None) -> bool:
        f = self.filters
        return ((f.donor == ALL or donor == f.donor)
                and (f.year == ALL or str(date or "").startswith(f.year)))

    def by_objective(self) -> pd.DataFrame:
        """The chosen objectives' funding (following the donor and year filters) and, when no
        objective is chosen, the plan-wide funding that names none, as a row of its own: these
        rows add up to the plan's confirmed and pledged."""
        table = self.funding
        rows = table[(table["level"] == "objective") & table["id"].isin(self.objective_ids())]
        if self.filters.objective != ALL:
            return rows
        return pd.concat([rows, plan_wide(table)], ignore_index=True)

    @cached_property
    def contributions(self) -> pd.DataFrame:
        table = contributions_table(self.plan)
        if self.filters.objective != ALL:
            table = table[table["objective"] == self.filters.objective]
        if not self.money_filtered:
            return table
        kept = [self._money_kept(d, t) for d, t in zip(table["donor"], table["date"],
                                                         strict=True)]
        return table[pd.Series(kept, index=table.index, dtype=bool)]

    @property
    def activities(self) -> pd.DataFrame:
        """The chosen country's activities that pass the filters."""
        key = (self.filters.country, *(None if v == ALL else v for v in (
            self.filters.objective, self.filters.donor, self.filters.year)))
        return self.keep("activities", key,
                         lambda: filter_activities(self.baseline.activities, *key))

    @property
    def history(self) -> pd.DataFrame | None:
        """Every reporting round's rows of the chosen country that pass the filters; None when
        no file states rounds."""
        if self.baseline.history is None:
            return None
        key = (self.filters.country, *(None if v == ALL else v for v in (
            self.filters.objective, self.filters.donor, self.filters.year)))
        return self.keep("history", key,
                         lambda: filter_activities(self.baseline.history, *key))

    @property
    def gazetteer(self):
        return self.baseline.gazetteers[self.filters.country]

    def objective_ids(self) -> list[str]:
        if self.filters.objective == ALL:
            return [o.id for o in self.plan.objectives]
        return [self.filters.objective]
