"""What-if scenarios: small YAML files that state changes to the baseline plan.

A scenario never touches the baseline. Applying it yields a new, validated plan whose changed
contributions are marked hypothetical, and its difference from the baseline. Changes:

    set_required:        {id: "3.2", amount: 53313335}   # a sub-objective; parents follow
    add_contribution:    {id, donor, amount, sub_objective, status, date, recipient_country, note}
    set_contribution:    {id, amount | status | sub_objective | donor | date | note}
    remove_contribution: {id}
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from srrp.files.yamlsource import parse_yaml, read_text
from srrp.plan.checks import Checker
from srrp.plan.rollup import rollup
from srrp.plan.tree import STATUSES, Contribution, Plan, check_plan
from srrp.problems import InvalidData, Problem, did_you_mean
from srrp.words import HYPOTHETICAL_SOURCE

BASELINE = "baseline"
DRAFT = "draft"  # the unsaved edit in progress on the What-if page

CLEARABLE = ("sub_objective", "date", "recipient_country", "note")  # may be empty in the plan
SCENARIO_KEYS = {"scenario": True, "changes": True}
HEADER_KEYS = {"title": True, "description": False}
CHANGE_KEYS = {
    "set_required": {"id": True, "amount": True},
    "add_contribution": {"id": True, "donor": True, "amount": True, "sub_objective": False,
                         "status": False, "date": False, "recipient_country": False,
                         "note": False},
    "set_contribution": {"id": True, "donor": False, "amount": False, "sub_objective": False,
                         "status": False, "date": False, "recipient_country": False,
                         "note": False},
    "remove_contribution": {"id": True},
}


@dataclass(frozen=True)
class Scenario:
    name: str
    title: str
    changes: tuple[tuple[str, dict], ...]  # (kind, arguments)
    description: str | None = None
    file: str = ""
    marks: tuple[tuple[int, int] | None, ...] = ()  # where each change stands in the file


def load_scenario(path: str | Path, display_name: str | None = None) -> Scenario:
    name = display_name or str(path)
    return parse_scenario(read_text(Path(path), name), name, Path(path).stem)


def parse_scenario(text: str, file: str, name: str) -> Scenario:
    doc = parse_yaml(text, file)
    c = Checker(doc)
    root = c.mapping(doc.data, (), "the scenario file", SCENARIO_KEYS) or {}
    head = c.mapping(root.get("scenario"), ("scenario",), "'scenario'", HEADER_KEYS) or {}
    title = c.text(head.get("title"), ("scenario", "title"), "the scenario's title")
    description = c.text(head.get("description"), ("scenario", "description"), "description",
                         optional=True)
    changes = [_read_change(c, item, ("changes", i))
               for i, item in enumerate(c.items(root.get("changes"), ("changes",), "'changes'"))]
    if c.problems or title is None:
        raise InvalidData(c.problems)
    marks = tuple(doc.value_marks.get(("changes", i)) for i in range(len(changes)))
    return Scenario(name, title, tuple(changes), description, file, marks)


def _read_change(c: Checker, item: Any, path: tuple) -> tuple[str, dict] | None:
    if not isinstance(item, dict) or len(item) != 1:
        c.report("bad-change", path, "each change is one of: " + ", ".join(CHANGE_KEYS) +
                 ", followed by its fields")
        return None
    kind, args = next(iter(item.items()))
    if kind not in CHANGE_KEYS:
        c.report("bad-change", (*path, kind), f"unknown change '{kind}'"
                 f"{did_you_mean(kind, CHANGE_KEYS)}; use one of: {', '.join(CHANGE_KEYS)}",
                 at_key=True)
        return None
    args = c.mapping(args, (*path, kind), kind, CHANGE_KEYS[kind])
    if args is None:
        return None
    clean = {k: _clean_field(c, k, v, (*path, kind, k)) for k, v in args.items()
             if k in CHANGE_KEYS[kind]}
    return kind, clean


def _clean_field(c: Checker, key: str, value: Any, path: tuple) -> Any:
    if key == "amount":
        return c.amount(value, path, "amount")
    if key == "status":
        return c.choice(value, path, "status", STATUSES)
    if key == "date":
        return c.date(value, path, "date", optional=True)
    if key == "sub_objective" and value is None:
        return None  # the contribution counts for the plan as a whole
    if key in ("id", "sub_objective"):
        return c.ident(value, path, key)
    return c.text(value, path, key, optional=True)


def apply_scenario(plan: Plan, scenario: Scenario) -> Plan:
    """The plan as the scenario would have it; InvalidData when a change cannot apply."""
    problems: list[Problem] = []
    for i, (kind, args) in enumerate(scenario.changes):
        mark = scenario.marks[i] if i < len(scenario.marks) and scenario.marks[i] else ()
        try:
            plan = _APPLY[kind](plan, args)
        except _ChangeError as err:
            problems.append(Problem(err.code, str(err), scenario.file, *mark))
    problems += [dataclasses.replace(p, file=scenario.file) for p in check_plan(plan)]
    if problems:
        raise InvalidData(problems)
    return plan


class _ChangeError(Exception):
    def __init__(self, code: str, message: str):
        self.code = code
        super().__init__(message)


def _set_required(plan: Plan, args: dict) -> Plan:
    target, amount = args["id"], args["amount"]
    subs = [s.id for s in plan.sub_objectives()]
    if target not in subs:
        raise _ChangeError("unknown-sub-objective", f"set_required takes a sub-objective id; "
                           f"'{target}' is not one{did_you_mean(target, subs)}. Objectives and "
                           "the plan follow their sub-objectives")
    objectives = []
    delta = 0
    for obj in plan.objectives:
        new_subs = tuple(dataclasses.replace(s, required=amount) if s.id == target else s
                         for s in obj.sub_objectives)
        change = sum(s.required for s in new_subs) - sum(s.required for s in obj.sub_objectives)
        delta += change
        objectives.append(dataclasses.replace(obj, sub_objectives=new_subs,
                                              required=obj.required + change))
    return dataclasses.replace(plan, objectives=tuple(objectives), required=plan.required + delta)


def _add_contribution(plan: Plan, args: dict) -> Plan:
    if any(c.id == args["id"] for c in plan.contributions):
        raise _ChangeError("duplicate-id", f"a contribution '{args['id']}' exists already; use "
                           "set_contribution to change it, or choose another id")
    new = Contribution(id=args["id"], donor=args["donor"], amount=args["amount"],
                       date=args.get("date"), status=args.get("status") or "confirmed",
                       source=HYPOTHETICAL_SOURCE, sub_objective=args.get("sub_objective"),
                       recipient_country=args.get("recipient_country"), note=args.get("note"),
                       hypothetical=True)
    return dataclasses.replace(plan, contributions=(*plan.contributions, new))


def _set_contribution(plan: Plan, args: dict) -> Plan:
    _find_contribution(plan, args["id"])
    fields = {k: v for k, v in args.items() if k != "id"}
    contributions = tuple(dataclasses.replace(c, **fields, hypothetical=True)
                          if c.id == args["id"] else c for c in plan.contributions)
    return dataclasses.replace(plan, contributions=contributions)


def _remove_contribution(plan: Plan, args: dict) -> Plan:
    _find_contribution(plan, args["id"])
    return dataclasses.replace(
        plan, contributions=tuple(c for c in plan.contributions if c.id != args["id"]))


def _find_contribution(plan: Plan, contribution_id: str) -> None:
    ids = [c.id for c in plan.contributions]
    if contribution_id not in ids:
        raise _ChangeError("unknown-contribution", f"there is no contribution "
                           f"'{contribution_id}'{did_you_mean(contribution_id, ids)}")


_APPLY = {"set_required": _set_required, "add_contribution": _add_contribution,
          "set_contribution": _set_contribution, "remove_contribution": _remove_contribution}


def compare(baseline: Plan, scenario_plan: Plan) -> pd.DataFrame:
    """Each node's figures before and after, with the change in gap, largest change first."""
    before = rollup(baseline).set_index("id")
    after = rollup(scenario_plan).set_index("id")
    table = pd.DataFrame({
        "level": after["level"], "title": after["title"],
        "required_before": before["required"], "required_after": after["required"],
        "confirmed_before": before["confirmed"], "confirmed_after": after["confirmed"],
        "gap_before": before["gap"], "gap_after": after["gap"],
    })
    table["gap_change"] = table["gap_after"] - table["gap_before"]
    return table.reset_index()


def changes_from_edits(baseline: Plan, required: dict[str, int],
                       contributions: list[dict]) -> list[tuple[str, dict]]:
    """The changes that turn the baseline into an edited table of amounts and contributions."""
    changes = [("set_required", {"id": s.id, "amount": int(required[s.id])})
               for s in baseline.sub_objectives()
               if s.id in required and int(required[s.id]) != s.required]
    old = {c.id: c for c in baseline.contributions}
    new_ids = {row["id"] for row in contributions}
    editable = [k for k in CHANGE_KEYS["add_contribution"] if k != "id"]
    for row in contributions:
        fields = {k: row[k] for k in editable if row.get(k) not in (None, "")}
        if "amount" in fields:
            fields["amount"] = int(fields["amount"])
        if row["id"] not in old:
            changes.append(("add_contribution", {"id": row["id"], **fields}))
            continue
        changed = {k: v for k, v in fields.items() if getattr(old[row["id"]], k) != v}
        changed |= {k: None for k in CLEARABLE if k in row and row[k] in (None, "")
                    and getattr(old[row["id"]], k) is not None}
        if changed:
            changes.append(("set_contribution", {"id": row["id"], **changed}))
    changes += [("remove_contribution", {"id": i}) for i in old if i not in new_ids]
    return changes


def dump_scenario(title: str, changes: list[tuple[str, dict]],
                  description: str | None = None) -> str:
    """A scenario file's text, with a comment saying what it is."""
    head = {"title": title, **({"description": description} if description else {})}
    body = {"scenario": head, "changes": [{kind: args} for kind, args in changes]}
    text = yaml.safe_dump(body, sort_keys=False, allow_unicode=True, width=100)
    return ("# A hypothetical what-if scenario. It states changes to the baseline plan\n"
            "# (data/plan_2021.yaml), which it never modifies. See README, 'What-if scenarios'.\n"
            + text)
