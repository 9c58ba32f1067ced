"""Reporting rounds: which month a row reports, and each activity at its latest round.

A 4W is sent again every month, and its figures are cumulative: next month's file repeats this
month's activities with their reach so far. Added up, two rounds would count every activity
twice. So the current figures take each activity from its latest round only, and the earlier
rounds are kept as its history.

An activity is recognised across rounds by its country, organisation (the implementer, else the
donor), project (or activity), sector and place (admin 1 and admin 2 P-codes and the location).
All the rows of an activity in its latest round are current (one per indicator, say). An
activity a later round no longer reports is kept at its last round and marked as such (its
``round_status``): it may have ended, or been left out of the file by mistake; the dashboard
cannot tell, so it neither drops nor doubles it. Rows without a round (the bundled files, and
imports made before rounds) are current as they are.
"""

from __future__ import annotations

import datetime as dt
import re

import numpy as np
import pandas as pd

from srrp.files.cells import MONTHS, plain_month

ROUND = "round"  # the activity files' column: the month a row reports, YYYY-MM
STATUS = "round_status"
LATEST, KEPT = "latest round", "kept from its last round"
IDENTITY = ["country_iso3", "project", "sector", "admin1_pcode", "admin2_pcode", "location"]
_ROUND = re.compile(r"(20\d\d)-(0[1-9]|1[0-2])")
_IN_NAME = (  # what a file's name says of its month: 2021-08, 20190909, august_2021, 2022_mar
    re.compile(r"(?<!\d)(20\d\d)[-_. ]?(0[1-9]|1[0-2])(?:[-_. ]?(?:[0-2]\d|3[01]))?(?!\d)"),
    re.compile(r"([a-z]{3,9})[-_. ]?(20\d\d)(?!\d)"),
    re.compile(r"(?<!\d)(20\d\d)[-_. ]?([a-z]{3,9})"),
)


def is_round(text: str) -> bool:
    return bool(_ROUND.fullmatch(text))


def round_of_date(iso: str) -> str:
    """The round a date reports: '2021-07-01' → '2021-07'; '' when the date has no month."""
    return iso[:7] if len(iso) >= 7 and is_round(iso[:7]) else ""


def round_in_name(name: str) -> str | None:
    """The month a file's name states, if it states one ('nga_3w_august_2021.xlsx' → 2021-08)."""
    stem = name.rsplit("/", 1)[-1].lower()
    for pattern in _IN_NAME:
        for match in pattern.finditer(stem):
            found = _month_of(*match.groups()[:2])
            if found:
                return found
    return None


def _month_of(first: str, second: str) -> str | None:
    year, month = (first, second) if first.isdigit() else (second, first)
    number = int(month) if month.isdigit() else \
        MONTHS.get(plain_month(month)[:4]) or MONTHS.get(plain_month(month)[:3])
    return f"{year}-{number:02d}" if number else None


def this_month(now: dt.datetime | None = None) -> str:
    return (now or dt.datetime.now(dt.UTC)).strftime("%Y-%m")


def has_rounds(table: pd.DataFrame) -> bool:
    return ROUND in table and bool((_round_order(table[ROUND]) >= 0).any())


def rounds(table: pd.DataFrame) -> list[str]:
    """The rounds reported, oldest first."""
    if ROUND not in table:
        return []
    return sorted(set(table[ROUND].astype("string").dropna()) - {""})


def current(history: pd.DataFrame) -> pd.DataFrame:
    """Each activity at its latest round, marked with its ``round_status``; rows without a
    round as they are. A table without rounds is returned unchanged (no copy, no cost)."""
    if not has_rounds(history):
        return history
    order = _round_order(history[ROUND])  # -1: no round; else larger is later
    keep = (order < 0) | (order == _latest(order, _identity(history)))
    rows, order = history[keep], order[keep]
    newest = _latest(order, _codes(rows["country_iso3"]))
    status = np.select([order < 0, order == newest], [0, 1], 2)
    return rows.assign(**{STATUS: pd.Categorical.from_codes(status, ["", LATEST, KEPT])}
                       ).reset_index(drop=True)


def _latest(order: np.ndarray, groups: np.ndarray) -> np.ndarray:
    """For each row, the latest round of its group."""
    return pd.Series(order).groupby(groups, sort=False).transform("max").to_numpy()


def _round_order(column: pd.Series) -> np.ndarray:
    """Each row's round as a number that sorts as the rounds do; -1 where there is none."""
    column = column if isinstance(column.dtype, pd.CategoricalDtype) else \
        column.astype("string").fillna("").astype("category")
    names = column.cat.categories.astype(str)
    rank = pd.Series(names).rank(method="dense").to_numpy(dtype="int64")
    rank = np.where(names == "", -1, rank)
    codes = column.cat.codes.to_numpy()
    return np.where(codes < 0, -1, rank[codes])


def _identity(table: pd.DataFrame) -> np.ndarray:
    """One number per activity, the same in every round: organisation, project, sector, place.
    Compared as category codes, not text: a million rows take a fraction of a second."""
    implementer, donor = _codes(table["implementer"]), _codes(table["donor"])
    unnamed = _codes_of_empty(table["implementer"])
    organisation = np.where(unnamed, -2 - donor, implementer)  # the donor when no implementer
    key, bound = np.zeros(len(table), dtype="int64"), 1
    for part in (organisation, *(_codes(table[c]) for c in IDENTITY)):
        part = part.astype("int64") - part.min(initial=0)
        span = int(part.max(initial=0)) + 1
        if bound * span >= 1 << 62:  # numbered again only when the number would overflow
            key = pd.factorize(key)[0]
            bound = int(key.max(initial=0)) + 1
        key, bound = key * span + part, bound * span
    return key


def _codes_of_empty(column: pd.Series) -> np.ndarray:
    if isinstance(column.dtype, pd.CategoricalDtype):
        empty = np.asarray(column.cat.categories == "")
        codes = column.cat.codes.to_numpy()
        return (codes < 0) | np.where(codes < 0, False, empty[codes.clip(0)])
    return (column.astype("string").fillna("") == "").to_numpy()


def _codes(column: pd.Series) -> np.ndarray:
    if isinstance(column.dtype, pd.CategoricalDtype):
        return column.cat.codes.to_numpy()
    return pd.factorize(column.astype("string").fillna(""))[0]
