"""Everything in a data folder, loaded and checked together: the plan, the gazetteers, and the
activity files of every country (``<iso3>_activities.csv``, and the files imported beside it,
``<iso3>_activities_<name>.csv``, whose provenance records are their sources)."""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path

import pandas as pd

from srrp.activities.rounds import current, has_rounds
from srrp.activities.table import concat_activities, read_activities
from srrp.intake.provenance import imported_sources
from srrp.places.gazetteer import Gazetteer, load_gazetteers
from srrp.plan.tree import Plan, load_plan
from srrp.problems import InvalidData, Problem, Problems

PLAN_FILE = "plan_2021.yaml"
ACTIVITY_GLOB = "*_activities*.csv"
REPOSITORY_DATA = Path(__file__).resolve().parent.parent / "data"


@dataclass(frozen=True, eq=False)  # one per version of the files: the same only as itself
class Dataset:
    plan: Plan
    activities: pd.DataFrame
    gazetteers: dict[str, Gazetteer]
    file_countries: tuple[str, ...] = ()  # the ISO3 codes activity files are named after
    # every round's rows, when files state rounds; ``activities`` holds each activity at its
    # latest round (srrp.activities.rounds)
    history: pd.DataFrame | None = None

    # Computed once per data version (a Dataset is never changed), not on every page view:
    # over a million activity rows each takes seconds.
    @cached_property
    def donors(self) -> list[str]:
        """Every donor named by an activity or a contribution."""
        names = set(self.activities["donor"].unique()) - {""}
        return sorted(names | {c.donor for c in self.plan.contributions})

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


def chosen_data_folder(given: Path | None = None) -> tuple[Path, str]:
    """The data folder a command works on, as the app finds it: the one given (``--data``),
    else ``SRRP_DATA_DIR``, else the repository's ``data/``; and, in words, what chose it."""
    if given:
        return given, "given with --data"
    if os.environ.get("SRRP_DATA_DIR"):
        return Path(os.environ["SRRP_DATA_DIR"]), "from SRRP_DATA_DIR"
    return REPOSITORY_DATA, "the repository's data/"


def activity_files(data_dir: Path) -> list[Path]:
    return sorted(data_dir.glob(ACTIVITY_GLOB))


def load_dataset(plan_file: Path, activity_paths: list[Path], gazetteer_dir: Path) -> Dataset:
    """Load and check every file; InvalidData lists the problems of all of them at once."""
    gazetteers = load_gazetteers(gazetteer_dir)
    plan = load_plan(plan_file)
    imported = imported_sources(activity_paths)
    plan = replace(plan, sources=plan.sources + imported) if imported else plan
    tables, problems = [], Problems()
    for path in activity_paths:
        with problems.caught():
            tables.append(read_activities(path, plan, gazetteers))
    problems.raise_any()
    history = concat_activities(tables)
    return Dataset(plan, current(history), gazetteers,
                   tuple(p.name.split("_")[0].upper() for p in activity_paths),
                   history if has_rounds(history) else None)


def check_files(plan_file: Path, activity_paths: list[Path], gazetteer_dir: Path) -> list[Problem]:
    """Every problem in the files, for the command line and the validation report."""
    try:
        load_dataset(plan_file, activity_paths, gazetteer_dir)
    except InvalidData as err:
        return err.problems
    except OSError as err:
        return [Problem("unreadable", err.strerror or str(err), str(err.filename or plan_file))]
    return []
