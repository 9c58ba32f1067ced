"""What the Targets page and the map show, as figures: activities, organisations, people
targeted and reached, and budget, for a country, by province and by reporting round.

People are summed over indicators that count people only; a sum with nothing reported is None
("not reported"), never 0; a project's budget is counted once (srrp.activities.by_area). The current
figures take each activity at its latest round (srrp.activities.rounds); ``by_round`` gives each
round its own, as that round reported them.
"""

from __future__ import annotations

import pandas as pd

from srrp.activities.by_area import by_admin1, project_budgets
from srrp.activities.rounds import ROUND, STATUS, rounds
from srrp.activities.table import PEOPLE
from srrp.dataset import Dataset


def figures(rows: pd.DataFrame) -> dict:
    """The totals of some activity rows."""
    people = rows[(rows["unit"] == PEOPLE).to_numpy()]
    return {"activities": len(rows), "organisations": organisations(rows),
            "targeted": _sum(people["targeted"]), "reached": _sum(people["reached"]),
            "budget": _sum(project_budgets(rows))}


def organisations(rows: pd.DataFrame) -> int:
    """Organisations named: the implementer, else the donor."""
    implementer = rows["implementer"].astype("string").fillna("")
    named = implementer.where(implementer != "", rows["donor"].astype("string").fillna(""))
    return int(named[named != ""].nunique())


def _sum(values: pd.Series) -> int | None:
    stated = values.dropna()
    return int(stated.sum()) if len(stated) else None


def country_figures(dataset: Dataset, iso3: str) -> dict:
    """Totals, by province and by round, of one country's activities."""
    gazetteer = dataset.gazetteers[iso3]
    current = _of(dataset.activities, iso3)
    history = _of(dataset.history, iso3) if dataset.history is not None else current
    provinces = by_admin1(current, gazetteer)
    return {
        "country": iso3, "name": gazetteer.country, "rounds": rounds(history),
        "totals": figures(current),
        "kept_from_earlier_rounds": int((current[STATUS] == "kept from its last round").sum())
        if STATUS in current else 0,
        "by_admin1": [{"admin1_pcode": r.admin1_pcode, "admin1_name": r.admin1_name,
                       "activities": int(r.activities), "projects": int(r.projects),
                       "targeted": _int(r.people_targeted), "reached": _int(r.people_reached),
                       "budget": _int(r.budget_usd)} for r in provinces.itertuples()],
        "by_round": [{"round": r, **figures(history[(history[ROUND] == r).to_numpy()])}
                     for r in rounds(history)],
    }


def round_totals(history: pd.DataFrame) -> pd.DataFrame:
    """Per round: its activities, and people targeted and reached as that round reported them
    (None where nothing is reported), oldest first."""
    people = history[(history["unit"] == PEOPLE).to_numpy()]
    by_round = people.groupby(people[ROUND].astype("string"))
    table = pd.DataFrame({
        "activities": history.groupby(history[ROUND].astype("string")).size(),
        "targeted": by_round["targeted"].sum(min_count=1),
        "reached": by_round["reached"].sum(min_count=1)})
    table = table[table.index != ""].rename_axis("round").reset_index()
    table["activities"] = table["activities"].fillna(0).astype("int64")
    return table


def reach_by_round(history: pd.DataFrame, where: pd.Series) -> pd.DataFrame:
    """People targeted and reached by round, indicator and province (``where`` each row was
    reported, in words), as each round reported them."""
    people = (history["unit"] == PEOPLE).to_numpy() & (history[ROUND] != "").to_numpy()
    rows = history[people].assign(where=where[people])
    keys = [rows[ROUND].astype("string"), rows["indicator"].astype("string"), rows["where"]]
    grouped = rows.groupby(keys)
    table = pd.DataFrame({"targeted": grouped["targeted"].sum(min_count=1),
                          "reached": grouped["reached"].sum(min_count=1)})
    table.index.names = ["round", "indicator", "where"]
    return table.reset_index()


def _of(table: pd.DataFrame, iso3: str) -> pd.DataFrame:
    return table[(table["country_iso3"] == iso3).to_numpy()]


def _int(value) -> int | None:
    return None if pd.isna(value) else int(value)
