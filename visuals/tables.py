"""Tables as the pages show them and as files: the parts of the plan a filter leaves, every
indicator, figures written out with 'not reported' where the source gives none."""

from __future__ import annotations

import pandas as pd

from srrp.view import View
from visuals.wording import NOT_REPORTED


def or_not_reported(series: pd.Series) -> pd.Series:
    """Figures as text, with 'not reported' where the source gives none (never a silent 0)."""
    return series.map(lambda v: NOT_REPORTED if pd.isna(v) else f"{v:,.0f}")


def visible_nodes(view: View) -> pd.DataFrame:
    """The plan, and the objectives (with their sub-objectives) that pass the objective filter."""
    table = view.rollup
    keep = ((table["level"] == "plan") | table["id"].isin(view.objective_ids())
            | table["parent"].isin(view.objective_ids()))
    return table[keep]


def indicator_table(rows: pd.DataFrame) -> pd.DataFrame:
    """Every indicator as the Targets page lists it, figures as numbers (empty where the source
    gives none)."""
    return pd.DataFrame({
        "project": rows["project"], "indicator": rows["indicator"], "unit": rows["unit"],
        "where": rows["where"], "targeted": rows["targeted"], "reached": rows["reached"],
        "women %": rows["women_pct"], "under-18 %": rows["under18_pct"], "start": rows["start"],
        "end": rows["end"], "source": rows["source"], "note": rows["note"],
    })
