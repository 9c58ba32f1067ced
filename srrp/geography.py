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

import numpy as np
import pandas as pd

from srrp.activities import PEOPLE, per_value, with_text
from srrp.gazetteer import Gazetteer

# measure → (column of by_admin1, what one of it is called)
MEASURES = {
    "activities": ("activities", "activity"),
    "projects": ("projects", "project"),
    "organisations": ("organisations", "organisation"),
    "people_targeted": ("people_targeted", "person targeted"),
    "people_reached": ("people_reached", "person reached"),
    "budget": ("budget_usd", "USD"),
}
COUNTS = ("activities", "projects", "organisations")  # 0 when nothing was reported, never NA
COLUMNS = ["admin1_pcode", "admin1_name", "activities", "projects", "organisations",
           "people_targeted", "people_reached", "budget_usd", "shared_activities", "sectors",
           "has_polygon", "value"]
SUMS = ("people_targeted", "people_reached", "budget_usd")  # NA when nothing is reported
SHARED_KEYS = ["scope", "admin1_pcode", "project", "indicator", "unit"]
SHARED_FIGURES = ["targeted", "reached", "donor", "source", "n_admin1", "start", "end"]
SHARED_COLUMNS = ["scope", "provinces", "n_admin1", "admin1_pcode", "project", "indicator",
                  "unit", "targeted", "reached", "budget_usd", "donor", "start", "end", "source",
                  "activities"]


def by_admin1(activities: pd.DataFrame, gazetteer: Gazetteer, measure: str = "activities",
              drawn: Iterable[str] = ()) -> pd.DataFrame:
    """One row per area of the gazetteer, in gazetteer order, with what was reported for it alone.

    ``drawn`` are the P-codes that have a boundary polygon (``has_polygon``); ``value`` is the
    column of the chosen measure (a key of :data:`MEASURES`).
    """
    table = pd.DataFrame({"admin1_pcode": gazetteer.pcodes,
                          "admin1_name": [a.name for a in gazetteer.areas]})
    # Each row's list of P-codes as a number: the distinct lists are few even in a big file, so
    # each is looked up and split once, not once per row.
    place, places = pd.factorize(activities["admin1_pcode"], use_na_sentinel=False)
    own = _own_rows(activities, place, places, gazetteer.pcodes)
    people = own[own["people"]].groupby("admin1_pcode")
    projects = own.drop_duplicates(["admin1_pcode", "project"]).groupby("admin1_pcode")
    figures = {
        "activities": own.groupby("admin1_pcode").size(),
        "projects": projects.size(),
        "organisations": own[own["organisation"] >= 0].drop_duplicates(
            ["admin1_pcode", "organisation"]).groupby("admin1_pcode").size(),
        "people_targeted": people["targeted"].sum(min_count=1),
        "people_reached": people["reached"].sum(min_count=1),
        "budget_usd": projects["budget"].sum(min_count=1),
        "shared_activities": _shared_rows(activities, place, places),
    }
    for name, series in figures.items():
        values = table["admin1_pcode"].map(series).astype("Int64")
        table[name] = values if name in SUMS else values.fillna(0)
    table["sectors"] = table["admin1_pcode"].map(_sectors(own, activities)).astype("object") \
        .fillna("")
    table["has_polygon"] = table["admin1_pcode"].isin(set(drawn))
    table["value"] = table[MEASURES[measure][0]]
    return table[COLUMNS]


def shared_figures(activities: pd.DataFrame, gazetteer: Gazetteer) -> pd.DataFrame:
    """Figures reported for several provinces together or for the whole country, shown whole.

    One row per scope, set of provinces, project, indicator and unit; the provinces are named
    in the gazetteer's spelling. ``scope`` is 'several' or 'national'.
    """
    # only the columns shown are copied: a million rows hold two dozen columns
    rows = activities.loc[activities["scope"].isin(["several", "national"]).to_numpy(),
                          [*SHARED_KEYS, *SHARED_FIGURES]]
    if rows.empty:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in SHARED_COLUMNS})
    # the earliest start and the latest end: dates compared as text, not as categories
    rows = rows.assign(**{c: rows[c].astype("str").replace("", pd.NA) for c in ("start", "end")})
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
    several_first = np.argsort((table["scope"] != "several").to_numpy(), kind="stable")
    # a table of figures to read, not to group further: its text is plain text
    return with_text(table[SHARED_COLUMNS].take(several_first).reset_index(drop=True))


def activities_in(activities: pd.DataFrame, pcode: str) -> pd.DataFrame:
    """Every row that names the area: its own rows first, then those for several areas together."""
    names = per_value(activities["admin1_pcode"], lambda codes: (";" + codes + ";").str.contains(
        f";{pcode};", regex=False))
    rows = activities[names.to_numpy(dtype=bool)]
    return rows.sort_values("n_admin1", kind="stable")


def project_budgets(activities: pd.DataFrame) -> pd.Series:
    """Each project's budget, read once from whichever of its rows states it."""
    return activities.groupby("project")["budget_usd"].max().dropna()


def join_names(names: list[str]) -> str:
    """'Attapeu', 'Attapeu and Sekong', 'Attapeu, Salavan and Sekong'."""
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def _own_rows(activities: pd.DataFrame, place: np.ndarray, places,
              pcodes: list[str]) -> pd.DataFrame:
    """The rows for one area of the gazetteer alone, reduced to what :func:`by_admin1` adds up.

    Only the columns added up are copied, and the area and the project are numbers: a million
    rows are filtered and grouped in a fraction of the time their strings would take.
    ``budget`` is the project's budget, read from all its rows (a shared row may state it).
    """
    area = pd.Index(pcodes).get_indexer(places)[place]  # -1: not one area of the gazetteer
    keep = _is(activities["scope"], "province") & (area >= 0)
    project, _ = pd.factorize(activities["project"], use_na_sentinel=False)
    budgets = pd.Series(activities["budget_usd"].array).groupby(project).max()
    return pd.DataFrame({
        "admin1_pcode": pd.Categorical.from_codes(area[keep], categories=pcodes),
        "project": project[keep],
        "organisation": _organisations(activities)[keep],
        "sector": pd.factorize(activities["sector"], use_na_sentinel=True)[0][keep]
        if "sector" in activities else np.full(int(keep.sum()), -1),
        "people": _is(activities["unit"], PEOPLE)[keep],
        "targeted": activities["targeted"].array[keep],
        "reached": activities["reached"].array[keep],
        "budget": budgets.reindex(project[keep]).array,
    })


def _organisations(activities: pd.DataFrame) -> np.ndarray:
    """Each row's organisation as a number, the implementer else the donor (as
    srrp.reach.organisations names them); -1 where neither is named. The distinct pairs are
    few even in a big file, so each is named once, not once per row."""
    none = pd.Series(pd.NA, index=activities.index, dtype="object")  # a column not given
    implementer, implementers = pd.factorize(activities.get("implementer", none))
    donor, donors = pd.factorize(activities.get("donor", none))
    pair = (implementer + 1) * (len(donors) + 1) + (donor + 1)
    pairs, row_pair = np.unique(pair, return_inverse=True)

    def name(code: int) -> str:
        i, d = code // (len(donors) + 1) - 1, code % (len(donors) + 1) - 1
        named = str(implementers[i]).strip() if i >= 0 else ""
        return named or (str(donors[d]).strip() if d >= 0 else "")

    names = pd.Series([name(int(p)) for p in pairs])
    codes, _ = pd.factorize(names)
    codes[(names == "").to_numpy()] = -1
    return codes[row_pair]


def _sectors(own: pd.DataFrame, activities: pd.DataFrame) -> pd.Series:
    """Per P-code, the sectors present in its own rows, named and sorted: 'Health; WASH'."""
    if "sector" not in activities:
        return pd.Series(dtype="object")
    names = pd.factorize(activities["sector"], use_na_sentinel=True)[1]
    present = own.loc[own["sector"] >= 0, ["admin1_pcode", "sector"]].drop_duplicates()
    present = present.assign(sector=[str(names[c]).strip() for c in present["sector"]])
    present = present[present["sector"] != ""]
    return present.groupby("admin1_pcode", observed=True)["sector"].agg(
        lambda s: "; ".join(sorted(s)))


def _shared_rows(activities: pd.DataFrame, place: np.ndarray, places) -> pd.Series:
    """Per P-code, the rows reported for several areas together that name it.

    Rows are counted per distinct list of P-codes (``place`` indexes ``places``), and each
    count is then given to every P-code of its list.
    """
    several = _is(activities["scope"], "several")
    lists = pd.DataFrame({"admin1_pcode": pd.Series(places, dtype=object).str.split(";"),
                          "rows": np.bincount(place[several], minlength=len(places))})
    return lists.explode("admin1_pcode").groupby("admin1_pcode")["rows"].sum()


def _is(column: pd.Series, value: str) -> np.ndarray:
    return (column == value).to_numpy(dtype=bool, na_value=False)


def _names(pcodes: pd.Series, gazetteer: Gazetteer) -> dict[str, str]:
    """The provinces of each distinct P-code list, named; the lists are few even in big files."""
    known = {a.pcode: a.name for a in gazetteer.areas}
    return {codes: join_names([known.get(c, c) for c in codes.split(";") if c])
            if codes else f"{gazetteer.country} (national, no {gazetteer.admin1_label.lower()} "
            "given)" for codes in pcodes.unique()}
