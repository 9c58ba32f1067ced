"""Roll the funding up the tree: required, confirmed, pledged, gap and coverage for every node.

As on OCHA's Financial Tracking Service: ``gap`` (unmet requirements) is required − confirmed and
never negative; funding beyond the requirement is ``overfunded``; ``coverage`` is confirmed /
required. Confirmed funding that names no sub-objective counts for the plan as a whole only.
"""

from __future__ import annotations

from collections import defaultdict

import pandas as pd

from srrp.plan.tree import Plan

COLUMNS = ["id", "parent", "level", "title", "required", "confirmed", "pledged", "gap",
           "overfunded", "coverage", "contributions"]


def rollup(plan: Plan) -> pd.DataFrame:
    """One row per node, plan first, then each objective followed by its sub-objectives."""
    confirmed, pledged, count = _by_sub_objective(plan)
    rows = []
    for obj in plan.objectives:
        subs = [_row(s.id, obj.id, "sub-objective", s.title, s.required, confirmed[s.id],
                     pledged[s.id], count[s.id]) for s in obj.sub_objectives]
        rows.append(_row(obj.id, plan.id, "objective", obj.title, obj.required,
                         *(sum(r[k] for r in subs) for k in ("confirmed", "pledged",
                                                             "contributions"))))
        rows += subs
    top = [r for r in rows if r["level"] == "objective"]
    rows.insert(0, _row(plan.id, None, "plan", plan.title, plan.required,
                        sum(r["confirmed"] for r in top) + confirmed[None],
                        sum(r["pledged"] for r in top) + pledged[None],
                        sum(r["contributions"] for r in top) + count[None]))
    return pd.DataFrame(rows, columns=COLUMNS).astype(
        {"required": "int64", "confirmed": "int64", "pledged": "int64", "gap": "int64",
         "overfunded": "int64", "contributions": "int64", "coverage": "float64"})


PLAN_WIDE = "plan_wide"  # the id and level of the row of funding that names no sub-objective
PLAN_WIDE_TITLE = "Plan-wide, not earmarked"


def plan_wide(table: pd.DataFrame) -> pd.DataFrame:
    """Funding for the plan as a whole, as one row like an objective's (no requirement of its
    own): what the plan has beyond the sum of its objectives. Empty when there is none, so a
    chart of the objectives and this row adds up to the plan's figures."""
    plan = table[table["level"] == "plan"].iloc[0]
    top = table[table["level"] == "objective"]
    row = {k: int(plan[k] - top[k].sum()) for k in ("confirmed", "pledged", "contributions")}
    if not row["contributions"]:
        return table.iloc[0:0]
    return pd.DataFrame([_row(PLAN_WIDE, plan["id"], PLAN_WIDE, PLAN_WIDE_TITLE, 0,
                              row["confirmed"], row["pledged"], row["contributions"])],
                        columns=COLUMNS).astype(table.dtypes.to_dict())


def as_reported(table: pd.DataFrame) -> pd.DataFrame:
    """The roll-up with confirmed and pledged left empty where no contribution is recorded: a
    table's 0 would say that a source reported none, when no source reported any (the tiles
    say "none reported"). Gap and coverage keep their figures: nothing is counted against
    the requirement."""
    unreported = table["contributions"] == 0
    return table.assign(**{c: table[c].astype("Int64").mask(unreported)
                           for c in ("confirmed", "pledged")})


def _by_sub_objective(plan: Plan):
    confirmed: dict = defaultdict(int)
    pledged: dict = defaultdict(int)
    count: dict = defaultdict(int)
    for con in plan.contributions:
        (confirmed if con.status == "confirmed" else pledged)[con.sub_objective] += con.amount
        count[con.sub_objective] += 1
    return confirmed, pledged, count


def _row(node_id, parent, level, title, required, confirmed, pledged, contributions) -> dict:
    return {
        "id": node_id, "parent": parent, "level": level, "title": title,
        "required": required, "confirmed": confirmed, "pledged": pledged,
        "gap": max(required - confirmed, 0), "overfunded": max(confirmed - required, 0),
        "coverage": confirmed / required if required else float("nan"),
        "contributions": contributions,
    }


def contributions_table(plan: Plan) -> pd.DataFrame:
    """Every contribution with the objective it falls under, for tables and downloads."""
    parent = {s.id: o.id for o in plan.objectives for s in o.sub_objectives}
    rows = [{
        "id": c.id, "donor": c.donor, "amount": c.amount, "status": c.status, "date": c.date,
        "objective": parent.get(c.sub_objective), "sub_objective": c.sub_objective,
        "recipient_country": c.recipient_country, "source": c.source, "note": c.note,
        "hypothetical": c.hypothetical,
    } for c in plan.contributions]
    return pd.DataFrame(rows, columns=["id", "donor", "amount", "status", "date", "objective",
                                       "sub_objective", "recipient_country", "source", "note",
                                       "hypothetical"])
