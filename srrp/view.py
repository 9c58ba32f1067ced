"""What a page shows: the data (its last good version), the plan under the chosen scenario and
the filters, with the tables computed from them once.

``components.view`` loads the data and builds one View per run of the app; the charts, the map
and the briefing's deck read it without Streamlit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pandas as pd

from srrp.dataset import Dataset
from srrp.plan import Plan
from srrp.problems import Problem
from srrp.rollup import contributions_table, rollup
from srrp.scenario import Scenario

BASELINE = "baseline"
DRAFT = "draft"  # the unsaved edit in progress on the What-if page
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
    def contributions(self) -> pd.DataFrame:
        table = contributions_table(self.plan)
        f = self.filters
        if f.objective != ALL:
            table = table[table["objective"] == f.objective]
        if f.donor != ALL:
            table = table[table["donor"] == f.donor]
        if f.year != ALL:
            table = table[table["date"].fillna("").str.startswith(f.year)]
        return table

    @property
    def activities(self) -> pd.DataFrame:
        """The chosen country's activities that pass the filters."""
        f = self.filters
        return self.baseline.activities_where(
            f.country, *(None if v == ALL else v for v in (f.objective, f.donor, f.year)))

    @property
    def gazetteer(self):
        return self.baseline.gazetteers[self.filters.country]

    def objective_ids(self) -> list[str]:
        if self.filters.objective == ALL:
            return [o.id for o in self.plan.objectives]
        return [self.filters.objective]
