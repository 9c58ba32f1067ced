"""Everything in a data folder, loaded and checked together: the plan, the gazetteers, and the
activity files of every country (``<iso3>_activities.csv``)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TypeVar

import pandas as pd

from srrp.activities import concat_activities, read_activities
from srrp.gazetteer import Gazetteer, load_gazetteers
from srrp.join import filter_activities
from srrp.plan import Plan, load_plan
from srrp.problems import InvalidData, Problem

PLAN_FILE = "plan_2021.yaml"
KEPT = 16  # answers kept per data version and kind (filtered tables, figures by area, ...)
# One Dataset serves every session's thread: the lock guards the dictionaries of kept answers,
# and is never held while an answer is computed (a deck or a million-row roll-up would make
# every other session wait, and an answer may be built from another).
_KEPT_LOCK = threading.Lock()
ACTIVITY_GLOB = "*_activities.csv"
T = TypeVar("T")


@dataclass(frozen=True)
class Dataset:
    plan: Plan
    activities: pd.DataFrame
    gazetteers: dict[str, Gazetteer]
    file_countries: tuple[str, ...] = ()  # the ISO3 codes activity files are named after

    # Computed once per data version (a Dataset is never changed), not on every page view:
    # over a million activity rows each takes seconds.
    @cached_property
    def donors(self) -> list[str]:
        """Every donor named by an activity or a contribution."""
        names = set(self.activities["donor"].unique()) - {""}
        return sorted(names | {c.donor for c in self.plan.contributions})

    def activities_where(self, country: str, objective: str | None = None,
                         donor: str | None = None, year: str | None = None) -> pd.DataFrame:
        """A country's activities for an objective, a donor and a year (None: any), kept for
        the next page view with the same choices."""
        key = (country, objective, donor, year)
        return self.kept("activities", key, lambda: filter_activities(self.activities, *key))

    def kept(self, kind: str, key: Hashable, compute: Callable[[], T]) -> T:
        """What ``compute()`` returns, computed once per data version and kept for the next page
        view that asks the same ``key``; of each ``kind``, the oldest of KEPT answers go first.

        The key must name everything the answer depends on besides this Dataset (whose data
        never change: new files make a new Dataset, with nothing kept). Answers are shared by
        every session: never change one.
        """
        with _KEPT_LOCK:
            answers = self.__dict__.setdefault("_kept", {}).setdefault(kind, {})
            if key in answers:
                return answers[key]
        answer = compute()  # two sessions asking at once may both compute it: same answer
        with _KEPT_LOCK:
            if key not in answers:
                while len(answers) >= KEPT:
                    answers.pop(next(iter(answers)))
                answers[key] = answer
            return answers[key]

    @cached_property
    def countries(self) -> list[str]:
        """The countries to choose from: those with an activity file or activity rows, in the
        gazetteers' order (the first gazetteer's alone when there is none). Gazetteers are kept
        for every country OCHA lists, so that any country's file can come in; a choice of 156
        would bury the few that have data. A country whose file is emptied stays a choice."""
        shown = set(self.activities["country_iso3"].unique()) | set(self.file_countries)
        return [c for c in self.gazetteers if c in shown] or list(self.gazetteers)[:1]

    @cached_property
    def years(self) -> list[str]:
        """Every year an activity starts or ends in, or a contribution is dated."""
        years = set(self.activities["start_year"].dropna().unique())
        years |= set(self.activities["end_year"].dropna().unique())
        years |= {int(c.date[:4]) for c in self.plan.contributions if c.date}
        return [str(y) for y in sorted({int(y) for y in years})]


def activity_files(data_dir: Path) -> list[Path]:
    return sorted(data_dir.glob(ACTIVITY_GLOB))


def load_dataset(plan_file: Path, activity_paths: list[Path], gazetteer_dir: Path) -> Dataset:
    """Load and check every file; InvalidData lists the problems of all of them at once."""
    gazetteers = load_gazetteers(gazetteer_dir)
    plan = load_plan(plan_file)
    tables, problems = [], []
    for path in activity_paths:
        try:
            tables.append(read_activities(path, plan, gazetteers))
        except InvalidData as err:
            problems += err.problems
    if problems:
        raise InvalidData(problems)
    return Dataset(plan, concat_activities(tables), gazetteers,
                   tuple(p.name.split("_")[0].upper() for p in activity_paths))


def check_files(plan_file: Path, activity_paths: list[Path], gazetteer_dir: Path) -> list[Problem]:
    """Every problem in the files, for the command line and the validation report."""
    try:
        load_dataset(plan_file, activity_paths, gazetteer_dir)
    except InvalidData as err:
        return err.problems
    except OSError as err:
        return [Problem("unreadable", err.strerror or str(err), str(err.filename or plan_file))]
    return []
