"""Activities by province (admin 1): what was reported for each area on its own, and what was not.

A figure reported for several provinces together (``LA16;LA13``) or for the whole country is
never divided among provinces: it is not in any province's row of :func:`by_admin1` and is listed
whole by :func:`shared_figures`. People are summed only over indicators whose unit is ``people``.
A sum with nothing reported is NA ("not reported"), never 0. A project's budget, repeated on each
of its rows, is counted once per project. Everything is column-wise, so a million rows aggregate
as fast as a dozen.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from srrp.activities import PEOPLE
from srrp.gazetteer import Gazetteer

# measure → (column of by_admin1, what one of it is called)
MEASURES = {
    "activities": ("activities", "activity"),
    "projects": ("projects", "project"),
    "people_targeted": ("people_targeted", "person targeted"),
    "people_reached": ("people_reached", "person reached"),
    "budget": ("budget_usd", "USD"),
}
COUNTS = ("activities", "projects")  # a count is 0 when nothing was reported, never NA
COLUMNS = ["admin1_pcode", "admin1_name", "activities", "projects", "people_targeted",
           "people_reached", "budget_usd", "shared_activities", "has_polygon", "value"]
SHARED_KEYS = ["scope", "admin1_pcode", "project", "indicator", "unit"]
SHARED_COLUMNS = ["scope", "provinces", "n_admin1", "admin1_pcode", "project", "indicator",
                  "unit", "targeted", "reached", "budget_usd", "donor", "start", "end", "source",
                  "activities"]


def by_admin1(activities: pd.DataFrame, gazetteer: Gazetteer, measure: str = "activities",
              drawn: Iterable[str] = ()) -> pd.DataFrame:
    """One row per area of the gazetteer, in gazetteer order, with what was reported for it alone.

    ``drawn`` are the P-codes that have a boundary polygon (``has_polygon``); ``value`` is the
    column of the chosen measure (a key of :data:`MEASURES`).
    """
    column = MEASURES[measure][0]
    own = activities[activities["scope"] == "province"]
    people = own[own["unit"] == PEOPLE].groupby("admin1_pcode")
    table = pd.DataFrame({"admin1_pcode": gazetteer.pcodes,
                          "admin1_name": [a.name for a in gazetteer.areas]})
    figures = {
        "activities": own.groupby("admin1_pcode").size(),
        "projects": own.groupby("admin1_pcode")["project"].nunique(),
        "people_targeted": _sum(people["targeted"]),
        "people_reached": _sum(people["reached"]),
        "budget_usd": _budgets(own, project_budgets(activities)),
        "shared_activities": province_lists(activities[activities["scope"] == "several"])
        .value_counts(),
    }
    for name, series in figures.items():
        values = table["admin1_pcode"].map(series).astype("Int64")
        table[name] = values if name in ("people_targeted", "people_reached", "budget_usd") \
            else values.fillna(0)
    table["has_polygon"] = table["admin1_pcode"].isin(set(drawn))
    table["value"] = table[column]
    return table[COLUMNS]


def shared_figures(activities: pd.DataFrame, gazetteer: Gazetteer) -> pd.DataFrame:
    """Figures reported for several provinces together or for the whole country, shown whole.

    One row per scope, set of provinces, project, indicator and unit; the provinces are named
    in the gazetteer's spelling. ``scope`` is 'several' or 'national'.
    """
    rows = activities[activities["scope"].isin(["several", "national"])]
    if rows.empty:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in SHARED_COLUMNS})
    rows = rows.assign(start=rows["start"].replace("", pd.NA), end=rows["end"].replace("", pd.NA))
    grouped = rows.groupby(SHARED_KEYS, sort=False, dropna=False)
    table = pd.concat([
        grouped[["targeted", "reached"]].sum(min_count=1),
        grouped[["donor", "source", "n_admin1"]].first(),
        grouped["start"].min(), grouped["end"].max(), grouped.size().rename("activities"),
    ], axis=1).reset_index()
    table["budget_usd"] = table["project"].map(project_budgets(activities)).astype("Int64")
    for column in ("targeted", "reached"):
        table[column] = table[column].astype("Int64")
    table["provinces"] = table["admin1_pcode"].map(_names(table["admin1_pcode"], gazetteer))
    order = {"several": 0, "national": 1}
    table = table.sort_values("scope", key=lambda s: s.map(order), kind="stable")
    return table[SHARED_COLUMNS].reset_index(drop=True)


def activities_in(activities: pd.DataFrame, pcode: str) -> pd.DataFrame:
    """Every row that names the area: its own rows first, then those for several areas together."""
    codes = ";" + activities["admin1_pcode"].astype(str) + ";"
    rows = activities[codes.str.contains(f";{pcode};", regex=False)]
    return rows.sort_values("n_admin1", kind="stable")


def project_budgets(activities: pd.DataFrame) -> pd.Series:
    """Each project's budget, read once from whichever of its rows states it."""
    return activities.groupby("project")["budget_usd"].max().dropna()


def province_lists(activities: pd.DataFrame) -> pd.Series:
    """The P-codes of each row, one per line (a row for three provinces gives three lines)."""
    codes = activities["admin1_pcode"].astype(str)
    return codes[codes != ""].str.split(";").explode()


def join_names(names: list[str]) -> str:
    """'Attapeu', 'Attapeu and Sekong', 'Attapeu, Salavan and Sekong'."""
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def _sum(column) -> pd.Series:
    return column.sum(min_count=1)


def _budgets(own: pd.DataFrame, budgets: pd.Series) -> pd.Series:
    """Per province, the budgets of the distinct projects with a row for it, each once."""
    pairs = own[["admin1_pcode", "project"]].drop_duplicates()
    pairs = pairs.assign(budget=pairs["project"].map(budgets).astype("Int64"))
    return pairs.groupby("admin1_pcode")["budget"].sum(min_count=1)


def _names(pcodes: pd.Series, gazetteer: Gazetteer) -> dict[str, str]:
    """The provinces of each distinct P-code list, named; the lists are few even in big files."""
    known = {a.pcode: a.name for a in gazetteer.areas}
    return {codes: join_names([known.get(c, c) for c in codes.split(";") if c])
            if codes else f"{gazetteer.country} (national, no {gazetteer.admin1_label.lower()} "
            "given)" for codes in pcodes.unique()}
