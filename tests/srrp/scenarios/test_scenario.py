"""What-if scenarios: mistakes named by code and line, hypothetical money marked as such, and
the algebra that lets the editor save a scenario and get back exactly what was on screen."""

from __future__ import annotations

import dataclasses
import textwrap

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from srrp.plan.rollup import rollup
from srrp.plan.tree import check_plan
from srrp.problems import InvalidData
from srrp.scenarios.scenario import (
    HYPOTHETICAL_SOURCE,
    Scenario,
    apply_scenario,
    changes_from_edits,
    compare,
    dump_scenario,
    parse_scenario,
)
from tests.strategies import AMOUNTS, plans, plans_with_edits, sub_objective_ids

PROPERTY = settings(deadline=None, max_examples=40)
BPRM = "usa-bprm-lao-2021"  # the one contribution of the bundled plan, confirmed for 4.1


def codes(err: pytest.ExceptionInfo[InvalidData]) -> list[tuple[str, str]]:
    return [(f"{p.file}:{p.line}", p.code) for p in err.value.problems]


def scenario(changes: str) -> Scenario:
    """A scenario file whose changes start on line 4."""
    text = "scenario:\n  title: What if\nchanges:\n" + textwrap.indent(
        textwrap.dedent(changes), "  ")
    return parse_scenario(text, "what-if.yaml", "what-if")


def applied(plan, changes: str):
    return apply_scenario(plan, scenario(changes))


# --- mistakes -------------------------------------------------------------------------------

def test_an_unknown_change_is_named_with_a_suggestion():
    with pytest.raises(InvalidData) as err:
        scenario("""\
            - set_required: {id: "3.2", amount: 53313335}
            - set_requried: {id: "3.3", amount: 1}
        """)
    assert codes(err) == [("what-if.yaml:5", "bad-change")]
    assert "did you mean 'set_required'?" in err.value.problems[0].message


def test_mistakes_in_the_fields_of_a_change_are_all_collected():
    with pytest.raises(InvalidData) as err:
        scenario("""\
            - add_contribution: {id: x, donor: Y, amount: "1,000", status: confimred}
            - set_required: {id: "3.2", ammount: 5}
        """)
    assert codes(err) == [("what-if.yaml:4", "amount-as-text"), ("what-if.yaml:4", "bad-value"),
                          ("what-if.yaml:5", "unknown-key")]


def test_a_scenario_needs_a_title():
    with pytest.raises(InvalidData) as err:
        parse_scenario("scenario:\n  description: no title\nchanges: []\n", "s.yaml", "s")
    assert codes(err) == [("s.yaml:2", "missing-key")]


def test_required_is_set_on_sub_objectives_only(baseline):
    with pytest.raises(InvalidData) as err:
        applied(baseline, """\
            - set_required: {id: "3.2", amount: 53313335}
            - set_required: {id: "3", amount: 300000000}
        """)
    assert codes(err) == [("what-if.yaml:5", "unknown-sub-objective")]
    assert "Objectives and the plan follow their sub-objectives" in err.value.problems[0].message


@pytest.mark.parametrize("change", [
    "- set_contribution: {id: usa-bprm-lao-2012, amount: 1}",
    "- remove_contribution: {id: usa-bprm-lao-2012}",
])
def test_an_unknown_contribution_is_named_with_a_suggestion(baseline, change):
    with pytest.raises(InvalidData) as err:
        applied(baseline, change)
    assert codes(err) == [("what-if.yaml:4", "unknown-contribution")]
    assert f"did you mean '{BPRM}'?" in err.value.problems[0].message


def test_adding_a_contribution_under_an_existing_id_is_refused(baseline):
    with pytest.raises(InvalidData) as err:
        applied(baseline, f"""\
            - remove_contribution: {{id: {BPRM}}}
            - add_contribution: {{id: new, donor: Z, amount: 5}}
            - add_contribution: {{id: new, donor: Z, amount: 6}}
        """)
    assert codes(err) == [("what-if.yaml:6", "duplicate-id")]


def test_every_change_that_cannot_apply_is_reported(baseline):
    with pytest.raises(InvalidData) as err:
        applied(baseline, f"""\
            - set_required: {{id: "9.9", amount: 1}}
            - set_contribution: {{id: nobody, amount: 1}}
            - add_contribution: {{id: {BPRM}, donor: Z, amount: 5}}
        """)
    assert [c for _, c in codes(err)] == ["unknown-sub-objective", "unknown-contribution",
                                          "duplicate-id"]


def test_a_change_the_plan_cannot_hold_is_refused(baseline):
    with pytest.raises(InvalidData) as err:
        applied(baseline, f'- set_contribution: {{id: {BPRM}, sub_objective: "4.9"}}')
    assert [p.code for p in err.value.problems] == ["unknown-sub-objective"]
    assert err.value.problems[0].file == "what-if.yaml"


# --- what a scenario does -------------------------------------------------------------------

def test_added_and_changed_contributions_are_hypothetical(baseline):
    plan = applied(baseline, f"""\
        - add_contribution: {{id: new, donor: A donor, amount: 5000000, sub_objective: "3.2"}}
        - set_contribution: {{id: {BPRM}, status: pledged}}
    """)
    by_id = {c.id: c for c in plan.contributions}
    assert by_id["new"].hypothetical and by_id["new"].source == HYPOTHETICAL_SOURCE
    assert by_id["new"].status == "confirmed"  # the default: what-ifs are about money in hand
    assert by_id[BPRM].hypothetical and by_id[BPRM].status == "pledged"
    assert not any(c.hypothetical for c in baseline.contributions)


def test_a_plan_with_only_baseline_contributions_has_nothing_hypothetical(baseline):
    plan = applied(baseline, '- set_required: {id: "3.2", amount: 53313335}')
    assert not any(c.hypothetical for c in plan.contributions)


def test_compare_shows_the_gap_moving_up_the_tree(baseline):
    plan = applied(baseline, '- set_required: {id: "3.2", amount: 53313335}')  # +5,000,000
    table = compare(baseline, plan).set_index("id")
    moved = table[table["gap_change"] != 0]["gap_change"]
    assert moved.to_dict() == {baseline.id: 5_000_000, "3": 5_000_000, "3.2": 5_000_000}
    assert table.loc[baseline.id, "required_after"] == 827_868_000


def test_moving_a_contribution_to_the_whole_plan_in_the_editor_is_kept(baseline):
    """The editor hands back the BPRM contribution with its sub-objective cell cleared: it then
    counts for the plan as a whole, no longer for 4.1."""
    row = {"id": BPRM, "donor": baseline.contributions[0].donor, "amount": 240_000,
           "status": "confirmed", "sub_objective": None, "date": "2021"}
    changes = changes_from_edits(baseline, {}, [row])
    plan = apply_scenario(baseline, Scenario("edit", "Edit", tuple(changes)))
    assert plan.contributions[0].sub_objective is None
    assert rollup(plan).set_index("id").loc["4.1", "confirmed"] == 0


# --- properties -----------------------------------------------------------------------------

def direct(changes) -> Scenario:
    return Scenario("edit", "Edited in the app", tuple(changes))


@PROPERTY
@given(plans())
def test_an_empty_scenario_changes_nothing(plan):
    after = apply_scenario(plan, scenario("[]\n"))
    assert after == plan
    table = compare(plan, after)
    assert (table["gap_change"] == 0).all()
    assert (table["required_before"] == table["required_after"]).all()


@PROPERTY
@given(plans(), st.data())
def test_set_required_moves_the_objective_and_the_plan_by_the_same_amount(plan, data):
    target = data.draw(st.sampled_from(sub_objective_ids(plan)))
    amount = data.draw(AMOUNTS)
    after = apply_scenario(plan, direct([("set_required", {"id": target, "amount": amount})]))
    delta = amount - plan.node(target).required
    parent = target.split(".")[0]

    assert after.node(target).required == amount
    assert after.node(parent).required == plan.node(parent).required + delta
    assert after.required == plan.required + delta
    others = [o.id for o in plan.objectives if o.id != parent]
    assert [after.node(o).required for o in others] == [plan.node(o).required for o in others]
    assert check_plan(after) == []


@PROPERTY
@given(plans_with_edits())
def test_changes_from_edits_reproduce_the_edited_table(case):
    plan, (required, rows) = case
    after = apply_scenario(plan, direct(changes_from_edits(plan, required, rows)))

    assert {s.id: s.required for s in after.sub_objectives()} == required
    fields = ("donor", "amount", "status", "sub_objective", "date")
    assert {c.id: tuple(getattr(c, f) for f in fields) for c in after.contributions} == {
        r["id"]: tuple(r[f] for f in fields) for r in rows}
    assert check_plan(after) == []


@PROPERTY
@given(plans_with_edits())
def test_a_saved_scenario_reads_back_as_the_changes_that_were_saved(case):
    plan, (required, rows) = case
    changes = changes_from_edits(plan, required, rows)

    text = dump_scenario("Edited in the app", changes, description="From the editor")
    saved = parse_scenario(text, "edited.yaml", "edited")

    assert list(saved.changes) == changes
    assert (saved.title, saved.description) == ("Edited in the app", "From the editor")
    assert apply_scenario(plan, saved) == apply_scenario(plan, direct(changes))


def test_no_edits_make_no_changes(baseline):
    rows = [dataclasses.asdict(c) for c in baseline.contributions]
    required = {s.id: s.required for s in baseline.sub_objectives()}
    assert changes_from_edits(baseline, required, rows) == []
