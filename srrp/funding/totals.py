"""Funding by donor, over time and by recipient country: the tables behind the money charts.

Each takes the contributions as ``rollup.contributions_table`` gives them (already filtered and
with the scenario applied, so the tables follow every choice on screen). Only ``confirmed``
counts as funding; ``pledged`` is shown beside it, never added to it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd
import pycountry

from srrp.plan.rollup import rollup
from srrp.plan.tree import Contribution, Plan

OTHER_DONORS = "other donors"
TOP_DONORS = 8  # a ranked bar chart stays readable on a projector up to about nine bars


def _amounts(contributions: pd.DataFrame, key: str) -> pd.DataFrame:
    """Confirmed and pledged per ``key``, with the number of contributions."""
    table = contributions.assign(
        confirmed=contributions["amount"].where(contributions["status"] == "confirmed", 0),
        pledged=contributions["amount"].where(contributions["status"] == "pledged", 0))
    grouped = table.groupby(key, sort=False).agg(
        confirmed=("confirmed", "sum"), pledged=("pledged", "sum"),
        contributions=("amount", "size"))
    return grouped.reset_index().astype({"confirmed": "int64", "pledged": "int64",
                                         "contributions": "int64"})


def by_donor(contributions: pd.DataFrame, top: int = TOP_DONORS) -> pd.DataFrame:
    """Donors ranked by confirmed, then pledged; past ``top`` they are one row, 'other donors'
    (its ``donors`` column says how many)."""
    table = _amounts(contributions, "donor").sort_values(
        ["confirmed", "pledged", "donor"], ascending=[False, False, True], kind="stable")
    table["donors"] = 1
    if len(table) > top + 1:  # grouping a single donor would hide a name for nothing
        head, tail = table.iloc[:top], table.iloc[top:]
        other = {"donor": OTHER_DONORS, **tail[["confirmed", "pledged", "contributions",
                                                 "donors"]].sum().to_dict()}
        table = pd.concat([head, pd.DataFrame([other])], ignore_index=True)
    return table.reset_index(drop=True).astype({"donors": "int64"})


@dataclass(frozen=True)
class OverTime:
    """Confirmed funding by month, cumulated, against the requirement. Contributions dated
    only by year, or not dated, cannot be placed in a month: their total is ``unplaced``."""

    table: pd.DataFrame  # month (YYYY-MM), confirmed, cumulative, required
    unplaced: int
    required: int


def over_time(contributions: pd.DataFrame, required: int) -> OverTime:
    confirmed = contributions[contributions["status"] == "confirmed"]
    month = confirmed["date"].fillna("").str.extract(r"^(\d{4}-\d{2})", expand=False)
    placed = confirmed.assign(month=month).dropna(subset=["month"])
    if placed.empty:
        table = pd.DataFrame(columns=["month", "confirmed", "cumulative", "required"])
    else:
        sums = placed.groupby("month")["amount"].sum()
        months = pd.period_range(sums.index.min(), sums.index.max(), freq="M").astype(str)
        sums = sums.reindex(months, fill_value=0)
        table = pd.DataFrame({"month": months, "confirmed": sums.to_numpy(dtype="int64"),
                              "cumulative": sums.cumsum().to_numpy(dtype="int64"),
                              "required": required})
    unplaced = int(confirmed["amount"].sum() - placed["amount"].sum())
    return OverTime(table.reset_index(drop=True), unplaced, required)


def by_country(contributions: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """Confirmed and pledged per recipient country, largest first, and how many contributions
    name no country (they are left out, not guessed)."""
    named = contributions.dropna(subset=["recipient_country"])
    table = _amounts(named, "recipient_country").sort_values(
        ["confirmed", "pledged"], ascending=False, kind="stable")
    return table.reset_index(drop=True), len(contributions) - len(named)


def country_name(iso3: str) -> str:
    """'LAO' → "Lao People's Democratic Republic"; the code itself when ISO 3166 has none."""
    country = pycountry.countries.get(alpha_3=str(iso3).upper())
    return getattr(country, "common_name", None) or country.name if country else str(iso3)


def before_after(plan: Plan, added: list[Contribution]) -> pd.DataFrame:
    """Confirmed funding of the plan and each objective before and after adding contributions:
    what an import would change, shown before it happens."""
    after = replace(plan, contributions=(*plan.contributions, *added))
    was, will = (rollup(p).set_index("id") for p in (plan, after))
    rows = was[was["level"].isin(["plan", "objective"])].index
    return pd.DataFrame({
        "id": rows, "title": was.loc[rows, "title"].to_numpy(),
        "confirmed before": was.loc[rows, "confirmed"].to_numpy(),
        "confirmed after": will.loc[rows, "confirmed"].to_numpy(),
        "change": (will.loc[rows, "confirmed"] - was.loc[rows, "confirmed"]).to_numpy()})
