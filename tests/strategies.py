"""Hypothesis strategies: random valid plans, and random edits of them as an editor makes them.

A generated plan passes ``check_plan``: ids follow the tree, the required amounts add up, every
reference resolves. Contributions go to a sub-objective or to the plan as a whole, confirmed or
pledged.
"""

from __future__ import annotations

from hypothesis import strategies as st

from srrp.plan.tree import STATUSES, Contribution, Objective, Plan, Source, SubObjective

AMOUNTS = st.integers(min_value=0, max_value=10**9)
SOURCES = (Source("page", "The plan page"), Source("news", "A news article"))

# Donor names as people write them, including characters YAML gives a meaning to (: # ' " -),
# but with no surrounding spaces: the loaders strip those.
DONORS = st.text(
    alphabet=st.sampled_from("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
                             " .,:;#&'\"()-/–’éçñ"),
    min_size=1, max_size=30,
).map(str.strip).filter(bool)
STATUS = st.sampled_from(STATUSES)
DATES = st.sampled_from([None, "2021", "2021-06", "2021-06-30", "2020-12-01"])


@st.composite
def contributions(draw, contribution_id: str, sub_ids: list[str],
                  status=STATUS) -> Contribution:
    return Contribution(
        id=contribution_id,
        donor=draw(DONORS),
        amount=draw(AMOUNTS),
        date=draw(DATES),
        status=draw(status),
        source=draw(st.sampled_from([s.id for s in SOURCES])),
        sub_objective=draw(st.none() | st.sampled_from(sub_ids)),
    )


@st.composite
def objectives(draw, number: int, max_sub_objectives: int = 4) -> Objective:
    count = draw(st.integers(min_value=1, max_value=max_sub_objectives))
    subs = tuple(SubObjective(id=f"{number}.{j}", title=f"Sub-objective {number}.{j}",
                              required=draw(AMOUNTS), source="page")
                 for j in range(1, count + 1))
    return Objective(id=str(number), title=f"Objective {number}",
                     required=sum(s.required for s in subs), source="page",
                     sub_objectives=subs)


@st.composite
def plans(draw, max_objectives: int = 4, max_contributions: int = 8) -> Plan:
    objs = tuple(draw(objectives(i)) for i in range(
        1, draw(st.integers(min_value=1, max_value=max_objectives)) + 1))
    sub_ids = [s.id for o in objs for s in o.sub_objectives]
    count = draw(st.integers(min_value=0, max_value=max_contributions))
    cons = tuple(draw(contributions(f"con-{k}", sub_ids)) for k in range(1, count + 1))
    return Plan(id="plan", title="A plan", type="Regional Plan", last_updated="2021-04-20",
                currency="USD", required=sum(o.required for o in objs), source="page",
                objectives=objs, sources=SOURCES, contributions=cons)


def sub_objective_ids(plan: Plan) -> list[str]:
    return [s.id for s in plan.sub_objectives()]


@st.composite
def edits(draw, plan: Plan) -> tuple[dict[str, int], list[dict]]:
    """What an editor hands back: a required amount per sub-objective and a contributions table
    in which rows were changed, deleted and added."""
    required = {s.id: draw(st.just(s.required) | AMOUNTS) for s in plan.sub_objectives()}
    rows = []
    for con in plan.contributions:
        if draw(st.booleans()):
            continue  # deleted
        rows.append({"id": con.id, "donor": draw(st.just(con.donor) | DONORS),
                     "amount": draw(st.just(con.amount) | AMOUNTS),
                     "status": draw(st.just(con.status) | STATUS),
                     "sub_objective": draw(st.just(con.sub_objective) | st.none()
                                           | st.sampled_from(sub_objective_ids(plan))),
                     "date": con.date})
    for k in range(draw(st.integers(min_value=0, max_value=3))):
        new = draw(contributions(f"new-{k}", sub_objective_ids(plan)))
        rows.append({"id": new.id, "donor": new.donor, "amount": new.amount,
                     "status": new.status, "sub_objective": new.sub_objective, "date": new.date})
    return required, rows


def plans_with_edits():
    """(plan, edits of it), for round trips through the editor."""
    return plans().flatmap(lambda plan: st.tuples(st.just(plan), edits(plan)))
