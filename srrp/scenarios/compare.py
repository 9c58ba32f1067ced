"""Scenarios side by side: the baseline or a scenario, and up to three others, compared node by
node ("with pledge A", "with pledges A and B")."""

from __future__ import annotations

import pandas as pd

from srrp.plan.rollup import as_reported, plan_wide, rollup
from srrp.plan.tree import Plan

MEASURES = ("required", "confirmed", "gap", "coverage")
MAX_COMPARED = 3  # scenarios beside the reference: four sets of figures still fit a screen


def column(measure: str, name: str) -> str:
    return f"{measure} · {name}"


def side_by_side(plans: dict[str, Plan]) -> pd.DataFrame:
    """One row per node (the plan, each objective and its sub-objectives) and, for each plan
    in order, its required, confirmed, gap and coverage, grouped by measure. The first plan is
    the reference the others are compared with; every plan has the same tree (a scenario
    changes amounts and contributions, never the tree). Confirmed is empty where no
    contribution is recorded (see ``as_reported``). When a plan has funding that names no
    sub-objective, a last row holds it (``rollup.plan_wide``), with no requirement, gap or
    coverage of its own."""
    tables = {name: _with_plan_wide(rollup(plan)) for name, plan in plans.items()}
    heads = pd.concat(list(tables.values()))[["level", "title"]]
    heads = heads[~heads.index.duplicated()]
    tables = {name: table.reindex(heads.index) for name, table in tables.items()}
    columns = {column(m, name): table[m] for m in MEASURES for name, table in tables.items()}
    return pd.concat([heads, pd.DataFrame(columns)], axis=1).rename_axis("id").reset_index()


def _with_plan_wide(table: pd.DataFrame) -> pd.DataFrame:
    wide = plan_wide(table).astype({"required": "float64", "gap": "float64"})
    wide[["required", "gap", "coverage"]] = float("nan")  # none of its own
    rows = as_reported(pd.concat([table, wide], ignore_index=True)) if len(wide) else \
        as_reported(table)
    return rows.set_index("id")


def differing(marks: pd.DataFrame) -> list[str]:
    """The measures in which some figure differs from the reference's, in MEASURES' order."""
    return [m for m in MEASURES
            if marks[[c for c in marks.columns if c.startswith(f"{m} · ")]].any().any()]


def differences(table: pd.DataFrame, names: list[str]) -> pd.DataFrame:
    """True where a figure differs from the reference's (the first name's) on the same row."""
    marks = pd.DataFrame(False, index=table.index, columns=table.columns)
    for measure in MEASURES:
        reference = table[column(measure, names[0])]
        for name in names[1:]:
            figures = table[column(measure, name)]
            same = (figures == reference).fillna(False) | (figures.isna() & reference.isna())
            marks[column(measure, name)] = ~same.astype(bool)
    return marks
