"""Activities by province (admin 1) and by district (admin 2): what was reported for each area on
its own, and what was not.

A figure reported for several provinces together (``LA16;LA13``) or for the whole country is
never divided among provinces: it is not in any province's row of :func:`by_admin1` and is listed
whole by :func:`shared_figures`. People are summed only over indicators whose unit is ``people``.
A sum with nothing reported is NA ("not reported"), never 0. A project's budget, repeated on each
of its rows, is counted once per project. A province's own rows that name none of its districts
stay at province level (:func:`province_only`): never given to a district. Everything is
column-wise, so a million rows aggregate as fast as a dozen.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from srrp.activities.table import PEOPLE, per_value, with_text
from srrp.places.gazetteer import Gazetteer

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
DISTRICT_COLUMNS = ["admin2_pcode", "admin2_name", "admin1_pcode", "admin1_name", "activities",
                    "projects", "organisations", "people_targeted", "people_reached",
                    "budget_usd", "sectors", "has_polygon", "value"]
PROVINCE_ONLY_COLUMNS = ["admin1_pcode", "admin1_name", "activities", "people_targeted",
                         "people_reached"]
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
    own = _own_rows(activities, _province(activities, gazetteer), gazetteer.pcodes)
    figures = {**_figures(own), "shared_activities": _shared_rows(activities, place, places)}
    return _filled(table, "admin1_pcode", figures, _sectors(own, activities), drawn,
                   measure)[COLUMNS]


def by_admin2(activities: pd.DataFrame, gazetteer: Gazetteer, measure: str = "activities",
              drawn: Iterable[str] = ()) -> pd.DataFrame:
    """One row per district (admin 2) of the gazetteer, in its order, with what was reported
    for it alone, by the rows' ``admin2_pcode``; as :func:`by_admin1` does for provinces.

    A row counts in a district when it names one province and a district of that province.
    The others of that province's own rows are placed at province level only
    (:func:`province_only`): never given to a district. ``drawn`` and ``value`` are as in
    :func:`by_admin1`.
    """
    districts = gazetteer.districts
    table = pd.DataFrame({"admin2_pcode": [d.pcode for d in districts],
                          "admin2_name": [d.name for d in districts],
                          "admin1_pcode": [d.parent for d in districts]})
    names = {a.pcode: a.name for a in gazetteer.areas}
    table.insert(3, "admin1_name", table["admin1_pcode"].map(names).fillna(""))
    own = _own_rows(activities, _district(activities, gazetteer),
                    [d.pcode for d in districts])
    return _filled(table, "admin2_pcode", _figures(own), _sectors(own, activities), drawn,
                   measure)[DISTRICT_COLUMNS]


def province_only(activities: pd.DataFrame, gazetteer: Gazetteer) -> pd.DataFrame:
    """The rows of one province that are placed in none of its districts (no admin2_pcode, or
    one the gazetteer does not have in that province), per province with any: what a district
    map cannot draw. Their figures plus the districts' make the province's own."""
    province = _province(activities, gazetteer)
    rows = np.where(_district(activities, gazetteer) < 0, province, -1)
    own = _own_rows(activities, rows, gazetteer.pcodes)
    table = pd.DataFrame({"admin1_pcode": gazetteer.pcodes,
                          "admin1_name": [a.name for a in gazetteer.areas]})
    figures = _figures(own)
    table = _filled(table, "admin1_pcode", figures, _sectors(own, activities), (), "activities")
    return table.loc[table["activities"] > 0, PROVINCE_ONLY_COLUMNS].reset_index(drop=True)


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


def activities_in_district(activities: pd.DataFrame, gazetteer: Gazetteer,
                           pcode: str) -> pd.DataFrame:
    """The rows a district shows on the district map: those placed in it (see :func:`by_admin2`)."""
    index = [d.pcode for d in gazetteer.districts].index(pcode)
    return activities[_district(activities, gazetteer) == index]


def project_budgets(activities: pd.DataFrame) -> pd.Series:
    """Each project's budget, read once from whichever of its rows states it."""
    return activities.groupby("project")["budget_usd"].max().dropna()


def join_names(names: list[str]) -> str:
    """'Attapeu', 'Attapeu and Sekong', 'Attapeu, Salavan and Sekong'."""
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def _province(activities: pd.DataFrame, gazetteer: Gazetteer) -> np.ndarray:
    """Each row's province as its index in the gazetteer; -1 for a row not of one province."""
    place, places = pd.factorize(activities["admin1_pcode"], use_na_sentinel=False)
    area = pd.Index(gazetteer.pcodes).get_indexer(places)[place]
    return np.where(_is(activities["scope"], "province"), area, -1)


def _district(activities: pd.DataFrame, gazetteer: Gazetteer) -> np.ndarray:
    """Each row's district as its index in the gazetteer's districts; -1 for a row that names
    no district of its one province."""
    districts = gazetteer.districts
    if not districts or "admin2_pcode" not in activities:
        return np.full(len(activities), -1)
    place, places = pd.factorize(activities["admin2_pcode"], use_na_sentinel=False)
    district = pd.Index([d.pcode for d in districts]).get_indexer(places)[place]
    parent = pd.Index(gazetteer.pcodes).get_indexer([d.parent for d in districts])
    province = _province(activities, gazetteer)
    inside = (district >= 0) & (province >= 0) & (parent[district] == province)
    return np.where(inside, district, -1)


def _own_rows(activities: pd.DataFrame, area: np.ndarray, codes: list[str]) -> pd.DataFrame:
    """The rows of one area alone (``area``: each row's index in ``codes``, -1 for the others),
    reduced to what :func:`_figures` adds up.

    Only the columns added up are copied, and the area and the project are numbers: a million
    rows are filtered and grouped in a fraction of the time their strings would take.
    ``budget`` is the project's budget, read from all its rows (a shared row may state it).
    """
    keep = area >= 0
    project, _ = pd.factorize(activities["project"], use_na_sentinel=False)
    budgets = pd.Series(activities["budget_usd"].array).groupby(project).max()
    return pd.DataFrame({
        "area": pd.Categorical.from_codes(area[keep], categories=codes),
        "project": project[keep],
        "organisation": _organisations(activities)[keep],
        "sector": pd.factorize(activities["sector"], use_na_sentinel=True)[0][keep]
        if "sector" in activities else np.full(int(keep.sum()), -1),
        "people": _is(activities["unit"], PEOPLE)[keep],
        "targeted": activities["targeted"].array[keep],
        "reached": activities["reached"].array[keep],
        "budget": budgets.reindex(project[keep]).array,
    })


def _figures(own: pd.DataFrame) -> dict[str, pd.Series]:
    """Per area, what its own rows add up to (see the module's rules)."""
    people = own[own["people"]].groupby("area", observed=True)
    projects = own.drop_duplicates(["area", "project"]).groupby("area", observed=True)
    return {
        "activities": own.groupby("area", observed=True).size(),
        "projects": projects.size(),
        "organisations": own[own["organisation"] >= 0].drop_duplicates(
            ["area", "organisation"]).groupby("area", observed=True).size(),
        "people_targeted": people["targeted"].sum(min_count=1),
        "people_reached": people["reached"].sum(min_count=1),
        "budget_usd": projects["budget"].sum(min_count=1),
    }


def _filled(table: pd.DataFrame, key: str, figures: dict[str, pd.Series], sectors: pd.Series,
            drawn: Iterable[str], measure: str) -> pd.DataFrame:
    """The table of areas with each area's figures (0 for a count of nothing, NA for a sum of
    nothing reported), its sectors, whether it is drawn, and the chosen measure's ``value``."""
    for name, series in figures.items():
        values = table[key].map(series).astype("Int64")
        table[name] = values if name in SUMS else values.fillna(0)
    table["sectors"] = table[key].map(sectors).astype("object").fillna("")
    table["has_polygon"] = table[key].isin(set(drawn))
    table["value"] = table[MEASURES[measure][0]]
    return table


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
    present = own.loc[own["sector"] >= 0, ["area", "sector"]].drop_duplicates()
    present = present.assign(sector=[str(names[c]).strip() for c in present["sector"]])
    present = present[present["sector"] != ""]
    return present.groupby("area", observed=True)["sector"].agg(
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
