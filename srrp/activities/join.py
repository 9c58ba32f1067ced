"""Joins between the funding tree and the rest: which activities and contributions a node has."""

from __future__ import annotations

import pandas as pd

from srrp.plan.tree import Objective, Plan


def node_level(plan: Plan, node_id: str) -> str:
    node = plan.node(node_id)
    if node is plan:
        return "plan"
    return "objective" if isinstance(node, Objective) else "sub-objective"


def under_node(table: pd.DataFrame, plan: Plan, node_id: str) -> pd.DataFrame:
    """Rows (activities or contributions, with 'objective' and 'sub_objective' columns) that
    serve the node; for the plan, every row attributed to any sub-objective."""
    level = node_level(plan, node_id)
    if level == "plan":
        return table[table["sub_objective"].fillna("") != ""]
    column = "objective" if level == "objective" else "sub_objective"
    return table[table[column] == node_id]


def where(activities: pd.DataFrame, admin1_label: str = "province") -> pd.Series:
    """Where each row's figure was reported, in words: one area, several together, or none."""
    names = activities["admin1_name"].str.replace(";", ", ", regex=False)
    label = admin1_label.lower()
    several = activities["n_admin1"].astype(str) + f" {label}s together: " + names
    national = f"no {label} given (national or not reported)"
    return names.where(activities["scope"] == "province",
                       several.where(activities["scope"] == "several", national))


def filter_activities(activities: pd.DataFrame, country: str, objective: str | None = None,
                      donor: str | None = None, year: str | None = None) -> pd.DataFrame:
    """A country's rows for an objective, a donor, and a year the activity ran in (None: any).
    An activity known only by its start or its end year ran in that year."""
    keep = activities["country_iso3"] == country
    if objective is not None:
        keep &= activities["objective"] == objective
    if donor is not None:
        keep &= activities["donor"] == donor
    if year is not None:
        start = activities["start_year"].fillna(activities["end_year"])
        end = activities["end_year"].fillna(activities["start_year"])
        keep &= (start <= int(year)).fillna(False) & (end >= int(year)).fillna(False)
    return activities[keep]
