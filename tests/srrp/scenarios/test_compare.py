"""Scenarios side by side: one row per node, each plan's figures, differences marked."""

from __future__ import annotations

import pandas as pd

from srrp.scenarios.compare import column, differences, side_by_side
from srrp.scenarios.scenario import apply_scenario, parse_scenario
from tests.examples import PLEDGE


def test_each_plan_has_its_figures_on_the_same_rows_and_only_changes_are_marked(baseline):
    pledged = apply_scenario(baseline, parse_scenario(PLEDGE, "pledge.yaml", "pledge"))
    table = side_by_side({"baseline": baseline, "pledge": pledged})
    rows = table.set_index("id")
    assert list(table["id"])[:2] == [baseline.id, baseline.objectives[0].id]
    assert rows.loc["3.2", column("gap", "baseline")] - rows.loc["3.2", column("gap", "pledge")] \
        == 5_000_000
    # no contribution to 3.2 in the baseline: none reported, not a confirmed 0
    assert pd.isna(rows.loc["3.2", column("confirmed", "baseline")])
    assert rows.loc["3.2", column("confirmed", "pledge")] == 5_000_000
    marks = differences(table, ["baseline", "pledge"]).set_index(table["id"])
    changed = {i for i in marks.index if marks.loc[i].any()}
    assert changed == {baseline.id, "3", "3.2"}
    assert not marks[[column(m, "baseline") for m in ("gap", "coverage")]].any().any()
