"""Activities by province: what each province shows on the map, and what is shown whole beside it.

The rules a coordinator relies on: a figure reported for several provinces together is never
divided; a project's budget counts once; only indicators counted in people add up to people;
"not reported" never becomes 0; every province of the gazetteer has a row.
"""

from __future__ import annotations

import time

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from srrp.activities.by_area import (
    activities_in,
    by_admin1,
    by_admin2,
    join_names,
    province_only,
    shared_figures,
)
from srrp.activities.table import empty_activities

NA = pd.NA
LAO_PCODES = [f"LA{i:02d}" for i in range(1, 19)]
DRAWN = LAO_PCODES[:17]  # the boundary file has no polygon for Xaisomboon (LA18)
BPRM = "LA16;LA13;LA10;LA01"


def activities(*rows: dict) -> pd.DataFrame:
    """Checked activity rows: unset columns empty, scope and n_admin1 as the loader derives them."""
    defaults = {"country_iso3": "LAO", "project": "P", "donor": "", "start": "", "end": "",
                "admin1_pcode": "", "indicator": "i", "unit": "people", "targeted": NA,
                "reached": NA, "budget_usd": NA, "source": "s"}
    table = pd.DataFrame([{**defaults, **row} for row in rows], columns=list(defaults))
    for column in ("targeted", "reached", "budget_usd"):
        table[column] = table[column].astype("Int64")
    codes = table["admin1_pcode"]
    table["n_admin1"] = codes.str.count(";").add(1).where(codes != "", 0)
    table["scope"] = np.select([table["n_admin1"] == 1, table["n_admin1"] > 1],
                               ["province", "several"], "national")
    return table


def same(value, expected) -> bool:
    """Equal figures, or both not reported (NA is never equal to 0)."""
    return value is NA if expected is NA else (value is not NA and value == expected)


def row_of(table: pd.DataFrame, pcode: str) -> pd.Series:
    return table.set_index("admin1_pcode").loc[pcode]


@pytest.fixture
def lao(gazetteers):
    return gazetteers["LAO"]


# --- every province has a row ----------------------------------------------------------------

@pytest.mark.parametrize("rows", [
    empty_activities(),
    activities({"admin1_pcode": "LA17", "reached": 3}),
    activities({"admin1_pcode": BPRM, "targeted": 35000}),
    activities({"admin1_pcode": "", "reached": 10000}),
], ids=["no activity at all", "one province", "several together", "national only"])
def test_all_18_lao_provinces_are_listed_in_gazetteer_order(rows, lao):
    table = by_admin1(rows, lao, "activities", drawn=DRAWN)
    assert table["admin1_pcode"].tolist() == LAO_PCODES
    assert row_of(table, "LA18")["admin1_name"] == "Xaisomboon"


def test_xaisomboon_is_listed_without_a_polygon(lao):
    table = by_admin1(activities({"admin1_pcode": "LA18", "reached": 5}), lao, drawn=DRAWN)
    xaisomboon = row_of(table, "LA18")
    assert (xaisomboon["has_polygon"], xaisomboon["activities"], xaisomboon["people_reached"]) \
        == (False, 1, 5)
    assert table["has_polygon"].sum() == 17


def test_lesotho_lists_its_10_districts(gazetteers):
    table = by_admin1(empty_activities(), gazetteers["LSO"])
    assert len(table) == 10 and table["admin1_pcode"].iloc[0] == "LSA"


# --- a figure for several provinces is never divided -----------------------------------------

@pytest.mark.parametrize("pcodes, figure", [
    (BPRM, 35000),
    ("LA12;LA07;LA02", 15831),
    ("LA17;LA14;LA16;LA07;LA02;LA03;LA04;LA05", 8),
])
def test_a_figure_for_several_provinces_is_never_divided(pcodes, figure, lao):
    rows = activities({"admin1_pcode": pcodes, "targeted": figure, "reached": figure})
    table = by_admin1(rows, lao)
    for pcode in pcodes.split(";"):
        province = row_of(table, pcode)
        assert same(province["people_targeted"], NA) and same(province["people_reached"], NA)
        assert (province["activities"], province["shared_activities"]) == (0, 1)
    shared = shared_figures(rows, lao)
    assert shared[["targeted", "reached"]].values.tolist() == [[figure, figure]]


def test_shared_figures_name_their_provinces_in_the_gazetteer_spelling(lao):
    shared = shared_figures(activities({"admin1_pcode": BPRM, "targeted": 35000},
                                       {"admin1_pcode": "", "reached": 10000}), lao)
    assert shared[["scope", "provinces", "targeted"]].values.tolist() == [
        ["several", "Champasack, Savannakhet, Vientiane Province and Vientiane Capital", 35000],
        ["national", "Lao PDR (national, no province given)", NA],
    ]
    assert shared["reached"].tolist()[1] == 10000


def test_everything_reported_is_in_a_province_or_shown_whole(lao):
    """Province sums plus shared figures add up to all the people reported: nothing lost, nothing
    counted twice."""
    rows = activities({"admin1_pcode": "LA01", "reached": 100},
                      {"admin1_pcode": "LA17", "reached": 7},
                      {"admin1_pcode": "LA12;LA07;LA02", "reached": 15831},
                      {"admin1_pcode": "", "reached": 10000})
    in_provinces = by_admin1(rows, lao)["people_reached"].sum()
    shown_whole = shared_figures(rows, lao)["reached"].sum()
    assert in_provinces + shown_whole == rows["reached"].sum() == 25938


def test_shared_rows_of_one_figure_add_up_but_units_never_mix(lao):
    rows = activities(
        {"admin1_pcode": "LA12;LA07", "indicator": "vaccinated", "reached": 100},
        {"admin1_pcode": "LA12;LA07", "indicator": "vaccinated", "reached": 50},
        {"admin1_pcode": "LA12;LA07", "indicator": "vaccinated", "unit": "doses", "reached": 9},
        {"admin1_pcode": "LA07;LA12", "indicator": "vaccinated", "reached": 1})
    shared = shared_figures(rows, lao)
    assert shared[["admin1_pcode", "unit", "reached", "activities"]].values.tolist() == [
        ["LA12;LA07", "people", 150, 2], ["LA12;LA07", "doses", 9, 1],
        ["LA07;LA12", "people", 1, 1]]


# --- budgets: once per project ---------------------------------------------------------------

@pytest.mark.parametrize("rows, expected", [
    ([{"project": "A", "budget_usd": 240000}] * 3, 240000),
    ([{"project": "A", "budget_usd": 240000}, {"project": "B", "budget_usd": 1000}], 241000),
    ([{"project": "A", "budget_usd": 240000}, {"project": "A"}], 240000),
    ([{"project": "A"}, {"project": "A", "admin1_pcode": BPRM, "budget_usd": 5}], 5),
    ([{"project": "A"}, {"project": "B", "budget_usd": 7}], 7),
    ([{"project": "A"}, {"project": "A"}], NA),
], ids=["three rows of one project", "two projects", "budget on one row only",
        "budget stated on the project's shared row", "one project without budget",
        "no budget reported"])
def test_a_projects_budget_counts_once(rows, expected, lao):
    rows = activities(*[{"admin1_pcode": "LA17", **row} for row in rows])
    assert same(row_of(by_admin1(rows, lao, "budget"), "LA17")["value"], expected)


def test_a_project_in_two_provinces_shows_its_whole_budget_in_each(lao):
    rows = activities({"project": "ADB", "admin1_pcode": "LA17", "budget_usd": 900},
                      {"project": "ADB", "admin1_pcode": "LA16", "budget_usd": 900})
    table = by_admin1(rows, lao, "budget")
    assert (row_of(table, "LA17")["budget_usd"], row_of(table, "LA16")["budget_usd"]) == (900, 900)


# --- people: only indicators counted in people; NA is not 0 ----------------------------------

@pytest.mark.parametrize("rows, targeted, reached", [
    ([{"unit": "people", "reached": 100}, {"unit": "packs", "reached": 260}], NA, 100),
    ([{"unit": "packs", "reached": 260}, {"unit": "rooms", "reached": 240}], NA, NA),
    ([{"unit": "people", "targeted": 10}, {"unit": "people", "targeted": 5}], 15, NA),
    ([{"unit": "people", "reached": 0}], NA, 0),
    ([{"unit": "people"}], NA, NA),
    ([{"unit": "people", "reached": 5}, {"unit": "people"}], NA, 5),
    ([{"unit": "", "indicator": ""}], NA, NA),
], ids=["non-people units ignored", "no people indicator", "people summed", "a reported 0",
        "people indicator, nothing reported", "one reported, one not", "no indicator"])
def test_people_sums_count_only_people_and_keep_not_reported(rows, targeted, reached, lao):
    rows = activities(*[{"admin1_pcode": "LA01", **row} for row in rows])
    province = row_of(by_admin1(rows, lao), "LA01")
    assert same(province["people_targeted"], targeted)
    assert same(province["people_reached"], reached)


def test_counts_are_0_and_sums_are_not_reported_where_nothing_is_reported(lao):
    province = row_of(by_admin1(empty_activities(), lao), "LA05")
    assert (province["activities"], province["projects"], province["shared_activities"]) \
        == (0, 0, 0)
    assert all(province[c] is NA for c in ("people_targeted", "people_reached", "budget_usd"))


def test_projects_are_distinct_and_activities_are_rows(lao):
    rows = activities({"project": "A", "admin1_pcode": "LA01"},
                      {"project": "A", "admin1_pcode": "LA01"},
                      {"project": "B", "admin1_pcode": "LA01"})
    province = row_of(by_admin1(rows, lao, "projects"), "LA01")
    assert (province["activities"], province["projects"], province["value"]) == (3, 2, 2)


# --- one province's rows ---------------------------------------------------------------------

def test_a_provinces_activities_are_its_own_rows_then_the_shared_ones():
    rows = activities({"project": "shared", "admin1_pcode": "LA17;LA14"},
                      {"project": "own", "admin1_pcode": "LA17"},
                      {"project": "other", "admin1_pcode": "LA01"},
                      {"project": "national", "admin1_pcode": ""})
    assert activities_in(rows, "LA17")["project"].tolist() == ["own", "shared"]
    assert activities_in(rows, "LA1")["project"].tolist() == []


@pytest.mark.parametrize("names, text", [
    ([], ""), (["Attapeu"], "Attapeu"), (["Attapeu", "Sekong"], "Attapeu and Sekong"),
    (["Attapeu", "Salavan", "Sekong"], "Attapeu, Salavan and Sekong"),
])
def test_provinces_are_named_as_a_list_in_words(names, text):
    assert join_names(names) == text


# --- the column-wise roll-up says what the rows say --------------------------------------------

# Lists as the loader writes them (gazetteer P-codes, each once), and one unknown code.
PLACES = ["LA01", "LA17", "LA18", "LA16;LA13", "LA17;LA14;LA16", "", "LA99"]
FIGURES = st.none() | st.integers(min_value=0, max_value=10**9)


@st.composite
def activity_rows(draw) -> list[dict]:
    """Rows of three projects, each with one budget that some of its rows state (the loader
    refuses different budgets for one project)."""
    budgets = {project: draw(FIGURES) for project in "ABC"}
    rows = draw(st.lists(st.fixed_dictionaries({
        "admin1_pcode": st.sampled_from(PLACES), "project": st.sampled_from("ABC"),
        "unit": st.sampled_from(["people", "packs", ""]), "targeted": FIGURES,
        "reached": FIGURES, "states_budget": st.booleans()}), max_size=30))
    return [{"admin1_pcode": r["admin1_pcode"], "project": r["project"], "unit": r["unit"],
             "targeted": r["targeted"], "reached": r["reached"],
             "budget_usd": budgets[r["project"]] if r["states_budget"] else None} for r in rows]


def obvious_by_admin1(rows: list[dict], pcodes: list[str]) -> list[tuple]:
    """What by_admin1 must say, worked out row by row (None: not reported)."""
    budgets = {r["project"]: r["budget_usd"] for r in rows if r["budget_usd"] is not None}

    def total(values) -> int | None:
        reported = [v for v in values if v is not None]
        return sum(reported) if reported else None

    result = []
    for pcode in pcodes:
        own = [r for r in rows if r["admin1_pcode"] == pcode]
        people = [r for r in own if r["unit"] == "people"]
        projects = {r["project"] for r in own}
        shared = [r for r in rows if ";" in r["admin1_pcode"]
                  and pcode in r["admin1_pcode"].split(";")]
        result.append((pcode, len(own), len(projects), total(r["targeted"] for r in people),
                       total(r["reached"] for r in people),
                       total(budgets.get(project) for project in projects), len(shared)))
    return result


@settings(deadline=None, max_examples=150)
@given(activity_rows())
def test_figures_by_province_are_those_of_its_own_rows(gazetteers, rows):
    lao = gazetteers["LAO"]
    table = by_admin1(activities(*rows) if rows else empty_activities(), lao)
    figures = table[["admin1_pcode", "activities", "projects", "people_targeted",
                     "people_reached", "budget_usd", "shared_activities"]]
    assert [tuple(None if v is NA else v for v in row) for row in figures.itertuples(index=False)] \
        == obvious_by_admin1(rows, lao.pcodes)


# --- scale -----------------------------------------------------------------------------------

def test_a_million_rows_aggregate_in_seconds(lao):
    rng = np.random.default_rng(0)
    n = 1_000_000
    choices = np.array([*LAO_PCODES, BPRM, "LA12;LA07;LA02", ""], dtype=object)
    rows = activities({"admin1_pcode": "LA01"}).iloc[[0] * n].reset_index(drop=True)
    rows["admin1_pcode"] = choices[rng.integers(0, len(choices), n)]
    rows["project"] = "project " + pd.Series(rng.integers(0, 500, n)).astype(str)
    rows["unit"] = np.where(rng.random(n) < 0.7, "people", "packs")
    rows["reached"] = pd.array(rng.integers(0, 1000, n), dtype="Int64")
    rows["budget_usd"] = pd.array(rows["project"].str.len() * 1000, dtype="Int64")
    codes = rows["admin1_pcode"]
    rows["n_admin1"] = codes.str.count(";").add(1).where(codes != "", 0)
    rows["scope"] = np.select([rows["n_admin1"] == 1, rows["n_admin1"] > 1],
                              ["province", "several"], "national")
    start = time.thread_time()  # CPU, not wall: a busy machine must not fail it
    table = by_admin1(rows, lao, "people_reached", drawn=DRAWN)
    shared = shared_figures(rows, lao)
    elapsed = time.thread_time() - start
    assert len(table) == 18 and len(shared) == 3 * 500 * 2  # place sets × projects × units
    assert table["people_reached"].sum() + shared["reached"].sum() == \
        rows.loc[rows["unit"] == "people", "reached"].sum() + \
        rows.loc[(rows["unit"] != "people") & (rows["scope"] != "province"), "reached"].sum()
    assert elapsed < 20, f"{elapsed:.1f} s for a million rows"


# --- organisations and sectors present -------------------------------------------------------

def test_organisations_present_count_each_organisation_once_presence_rows_included(lao):
    rows = activities(
        {"admin1_pcode": "LA17", "project": "A", "reached": 10},
        {"admin1_pcode": "LA17", "project": "B", "unit": "", "indicator": ""},  # presence only
        {"admin1_pcode": "LA17", "project": "C", "donor": "UNICEF"},
        {"admin1_pcode": "LA16", "project": "D", "donor": "WFP"},
        {"admin1_pcode": "LA17;LA16", "project": "E", "donor": "UNHCR"})  # shared: not here
    rows["implementer"] = ["IOM", "IOM", "", "IOM", "UNHCR"]
    rows["sector"] = ["Health", "WASH", "Health", "", "Protection"]
    table = by_admin1(rows, lao, "organisations")
    attapeu, champasack = row_of(table, "LA17"), row_of(table, "LA16")
    assert attapeu["organisations"] == 2 and attapeu["value"] == 2  # IOM, UNICEF
    assert attapeu["sectors"] == "Health; WASH"
    assert champasack["organisations"] == 1 and champasack["sectors"] == ""
    assert row_of(table, "LA01")["organisations"] == 0


# --- districts (admin 2) ---------------------------------------------------------------------

def in_districts(*rows: dict) -> pd.DataFrame:
    """Checked activity rows that may name a district (``admin2_pcode``), as an import writes."""
    table = activities(*({k: v for k, v in r.items() if k != "admin2_pcode"} for r in rows))
    return table.assign(admin2_pcode=[r.get("admin2_pcode", "") for r in rows])


def test_every_lao_district_is_listed_under_its_province(lao):
    table = by_admin2(empty_activities(), lao, drawn=["LA1701"])
    assert len(table) == 148 and table["admin2_pcode"].is_unique
    attapeu = table[table["admin1_pcode"] == "LA17"]
    assert attapeu["admin2_name"].tolist() == ["Xaysetha", "Samakkhixay", "Sanamxay", "Sanxay",
                                               "Phouvong"]
    assert set(attapeu["admin1_name"]) == {"Attapeu"}
    assert table["has_polygon"].sum() == 1 and (table["activities"] == 0).all()


def test_a_district_shows_its_own_rows_and_province_level_rows_stay_apart(lao):
    rows = in_districts(
        {"admin1_pcode": "LA17", "admin2_pcode": "LA1705", "reached": 120, "donor": "IOM"},
        {"admin1_pcode": "LA17", "admin2_pcode": "LA1705", "reached": 30, "project": "Q"},
        {"admin1_pcode": "LA17", "admin2_pcode": "LA1704", "reached": 80},
        {"admin1_pcode": "LA17", "reached": 7},  # Attapeu, no district
        {"admin1_pcode": "LA17", "admin2_pcode": "LA0101", "reached": 5},  # not in Attapeu
        {"admin1_pcode": "LA17;LA16", "admin2_pcode": "LA1705", "reached": 1000})  # shared
    districts = by_admin2(rows, lao, "people_reached").set_index("admin2_pcode")
    phouvong = districts.loc["LA1705"]
    assert (phouvong["activities"], phouvong["projects"], phouvong["people_reached"],
            phouvong["value"]) == (2, 2, 150, 150)
    assert districts.loc["LA1704", "people_reached"] == 80
    assert districts.loc["LA0101", "activities"] == 0
    assert districts["activities"].sum() == 3
    apart = province_only(rows, lao)
    assert apart[["admin1_pcode", "activities"]].values.tolist() == [["LA17", 2]]
    assert apart["people_reached"].tolist() == [12]


def test_rows_of_a_file_without_districts_are_all_at_province_level(lao):
    rows = activities({"admin1_pcode": "LA17", "reached": 3}, {"admin1_pcode": "LA01"})
    assert by_admin2(rows, lao)["activities"].sum() == 0
    assert province_only(rows, lao)["activities"].tolist() == [1, 1]


DISTRICTS = ["", "LA1705", "LA1704", "LA0101", "LA9999"]


@settings(deadline=None, max_examples=100)
@given(activity_rows(), st.data())
def test_districts_and_province_level_rows_add_up_to_the_province(gazetteers, rows, data):
    """For every province, its districts and its rows placed at province level only add up to
    what the province map shows for it: nothing lost, nothing counted twice."""
    lao = gazetteers["LAO"]
    for row in rows:
        row["admin2_pcode"] = data.draw(st.sampled_from(DISTRICTS))
    table = in_districts(*rows) if rows else empty_activities()
    provinces = by_admin1(table, lao).set_index("admin1_pcode")
    districts = by_admin2(table, lao).groupby("admin1_pcode")
    apart = province_only(table, lao).set_index("admin1_pcode")
    for column in ("activities", "people_targeted", "people_reached"):
        parts = districts[column].sum().add(apart[column], fill_value=0)
        expected = provinces[column].fillna(0)
        assert parts.reindex(expected.index, fill_value=0).fillna(0).tolist() == \
            expected.tolist(), column
    assert by_admin2(table, lao)["activities"].sum() + apart["activities"].sum() \
        == int((table["scope"] == "province").sum()) - int((table["admin1_pcode"] == "LA99").sum())
