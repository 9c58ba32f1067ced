"""The plan's funding tree: plan → objectives → sub-objectives, with contributions and sources.

Terms follow OCHA's Financial Tracking Service: ``required`` (requirements), ``confirmed``
(funding: commitments and paid contributions; pledges are shown but not counted).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from srrp.files.yamlsource import YamlDoc, parse_yaml, read_text
from srrp.plan.checks import Checker
from srrp.problems import InvalidData, Problem, did_you_mean, thousands

STATUSES = ("confirmed", "pledged")

PLAN_KEYS = {"plan": True, "sources": True, "objectives": True, "contributions": False}
HEADER_KEYS = {"id": True, "title": True, "type": True, "last_updated": True, "currency": True,
               "required": True, "people_targeted": False, "vision": False, "source": True}
SOURCE_KEYS = {"id": True, "title": True, "publisher": False, "document": False, "url": False,
               "note": False}
OBJECTIVE_KEYS = {"id": True, "title": True, "required": True, "description": False,
                  "target_groups": False, "source": True, "sub_objectives": True}
SUB_OBJECTIVE_KEYS = {"id": True, "title": True, "required": True, "description": False,
                      "activities": False, "source": True}
CONTRIBUTION_KEYS = {"id": True, "donor": True, "amount": True, "date": True,
                     "recipient_country": False, "sub_objective": False, "status": True,
                     "source": True, "note": False}


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    publisher: str | None = None
    document: str | None = None
    url: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class SubObjective:
    id: str
    title: str
    required: int
    source: str
    description: str | None = None
    activities: tuple[str, ...] = ()


@dataclass(frozen=True)
class Objective:
    id: str
    title: str
    required: int
    source: str
    sub_objectives: tuple[SubObjective, ...]
    description: str | None = None
    target_groups: tuple[str, ...] = ()


@dataclass(frozen=True)
class Contribution:
    """Money from one donor. Only ``confirmed`` contributions count as funding."""

    id: str
    donor: str
    amount: int
    date: str | None
    status: str
    source: str
    sub_objective: str | None = None
    recipient_country: str | None = None
    note: str | None = None
    hypothetical: bool = False


@dataclass(frozen=True)
class Plan:
    id: str
    title: str
    type: str
    last_updated: str
    currency: str
    required: int
    source: str
    objectives: tuple[Objective, ...]
    sources: tuple[Source, ...]
    contributions: tuple[Contribution, ...] = ()
    vision: str | None = None
    people_targeted: int | None = None
    file: str = field(default="", compare=False)

    def sub_objectives(self) -> list[SubObjective]:
        return [sub for obj in self.objectives for sub in obj.sub_objectives]

    def node(self, node_id: str) -> Plan | Objective | SubObjective:
        """The plan itself (its own id), an objective or a sub-objective, by id."""
        if node_id == self.id:
            return self
        for obj in self.objectives:
            if obj.id == node_id:
                return obj
            for sub in obj.sub_objectives:
                if sub.id == node_id:
                    return sub
        raise KeyError(node_id)

    def find_source(self, source_id: str) -> Source | None:
        return next((s for s in self.sources if s.id == source_id), None)


def load_plan(path: str | Path, display_name: str | None = None) -> Plan:
    """Read and validate a plan file; raise InvalidData listing every problem."""
    name = display_name or str(path)
    return parse_plan(read_text(Path(path), name), name)


def parse_plan(text: str, file: str) -> Plan:
    doc = parse_yaml(text, file)
    checker = Checker(doc)
    plan = _read_plan(checker, doc.data)
    if plan is not None:
        checker.problems += check_plan(plan, doc)
    if checker.problems or plan is None:
        raise InvalidData(sorted(checker.problems, key=_position))
    return plan


def _position(problem: Problem) -> tuple[int, int]:
    """Where a problem stands, to list them top to bottom as the maintainer reads the file."""
    return problem.line or 0, problem.col or 0


def _read_plan(c: Checker, data: Any) -> Plan | None:
    root = c.mapping(data, (), "the plan file", PLAN_KEYS)
    if root is None:
        return None
    head = c.mapping(root.get("plan"), ("plan",), "'plan'", HEADER_KEYS)
    sources, objectives, contributions = (
        _read_entries(c, root.get(key), (key,), f"'{key}'", read)
        for key, read in (("sources", _read_source), ("objectives", _read_objective),
                          ("contributions", _read_contribution)))
    if head is None:
        return None
    values = dict(
        id=c.ident(head.get("id"), ("plan", "id"), "the plan's id"),
        title=c.text(head.get("title"), ("plan", "title"), "the plan's title"),
        type=c.text(head.get("type"), ("plan", "type"), "the plan's type"),
        last_updated=c.date(head.get("last_updated"), ("plan", "last_updated"), "last_updated"),
        currency=c.choice(head.get("currency"), ("plan", "currency"), "currency", ("USD",)),
        required=c.amount(head.get("required"), ("plan", "required"), "the plan's required"),
        source=c.ident(head.get("source"), ("plan", "source"), "the plan's source"),
    )
    people = head.get("people_targeted")
    if None in values.values() or None in (sources, objectives, contributions):
        return None
    return Plan(
        **values,
        objectives=tuple(objectives),
        sources=tuple(sources),
        contributions=tuple(contributions),
        vision=c.text(head.get("vision"), ("plan", "vision"), "vision", optional=True),
        people_targeted=None if people is None else c.amount(
            people, ("plan", "people_targeted"), "people_targeted"),
        file=c.doc.file,
    )


def _read_entries(c: Checker, data: Any, path: tuple, what: str,
                  read: Callable[[Checker, Any, tuple], Any]) -> list | None:
    """Every entry of a list, each read by ``read``; None when the list or one of its entries
    could not be read. The plan is then not checked across entries: sums and references computed
    from what was not read would list consequences of a mistake before the mistake itself."""
    entries = c.sequence(data, path, what)
    if entries is None:
        return None
    found = [read(c, entry, (*path, i)) for i, entry in enumerate(entries)]
    return None if None in found else found


def _label(data: Any, path: tuple) -> str:
    """How to name an entry in a message: its id, or its position when it has none."""
    ident = data.get("id") if isinstance(data, dict) else None
    return str(ident) if ident not in (None, "") else f"number {path[-1] + 1}"


def _read_source(c: Checker, data: Any, path: tuple) -> Source | None:
    m = c.mapping(data, path, f"source {path[-1] + 1}", SOURCE_KEYS)
    if m is None:
        return None
    values = {k: c.text(m.get(k), (*path, k), f"source '{k}'", optional=not SOURCE_KEYS[k])
              for k in SOURCE_KEYS}
    if values["id"] is None or values["title"] is None:
        return None
    return Source(**values)


def _read_objective(c: Checker, data: Any, path: tuple) -> Objective | None:
    m = c.mapping(data, path, f"objective {_label(data, path)}", OBJECTIVE_KEYS)
    if m is None:
        return None
    oid = c.ident(m.get("id"), (*path, "id"), "objective id")
    what = f"objective {oid}"
    subs = _read_entries(c, m.get("sub_objectives"), (*path, "sub_objectives"),
                         f"{what}'s sub_objectives", _read_sub_objective)
    values = dict(
        id=oid,
        title=c.text(m.get("title"), (*path, "title"), f"{what}'s title"),
        required=c.amount(m.get("required"), (*path, "required"), f"{what}'s required"),
        source=c.ident(m.get("source"), (*path, "source"), f"{what}'s source"),
    )
    if None in values.values() or subs is None:
        return None
    return Objective(
        **values,
        sub_objectives=tuple(subs),
        description=c.text(m.get("description"), (*path, "description"), "description",
                           optional=True),
        target_groups=c.texts(m.get("target_groups"), (*path, "target_groups"), "target_groups"),
    )


def _read_sub_objective(c: Checker, data: Any, path: tuple) -> SubObjective | None:
    m = c.mapping(data, path, f"sub-objective {_label(data, path)}", SUB_OBJECTIVE_KEYS)
    if m is None:
        return None
    sid = c.ident(m.get("id"), (*path, "id"), "sub-objective id")
    what = f"sub-objective {sid}"
    values = dict(
        id=sid,
        title=c.text(m.get("title"), (*path, "title"), f"{what}'s title"),
        required=c.amount(m.get("required"), (*path, "required"), f"{what}'s required"),
        source=c.ident(m.get("source"), (*path, "source"), f"{what}'s source"),
    )
    if None in values.values():
        return None
    return SubObjective(
        **values,
        description=c.text(m.get("description"), (*path, "description"), "description",
                           optional=True),
        activities=c.texts(m.get("activities"), (*path, "activities"), "activities"),
    )


def _read_contribution(c: Checker, data: Any, path: tuple) -> Contribution | None:
    what = f"contribution {_label(data, path)}"
    m = c.mapping(data, path, what, CONTRIBUTION_KEYS)
    if m is None:
        return None
    values = dict(
        id=c.ident(m.get("id"), (*path, "id"), "contribution id"),
        donor=c.text(m.get("donor"), (*path, "donor"), f"{what}'s donor"),
        amount=c.amount(m.get("amount"), (*path, "amount"), f"{what}'s amount"),
        date=c.date(m.get("date"), (*path, "date"), f"{what}'s date"),
        status=c.choice(m.get("status"), (*path, "status"), f"{what}'s status", STATUSES),
        source=c.ident(m.get("source"), (*path, "source"), f"{what}'s source"),
    )
    if None in values.values():
        return None
    optional = {k: c.text(m.get(k), (*path, k), k, optional=True)
                for k in ("recipient_country", "note")}
    sub = m.get("sub_objective")
    sub_id = None if sub is None else c.ident(sub, (*path, "sub_objective"), "sub_objective")
    return Contribution(**values, **optional, sub_objective=sub_id)


def check_plan(plan: Plan, doc: YamlDoc | None = None) -> list[Problem]:
    """Problems that span several values: ids, references, and sums that must add up."""
    where = _Locator(plan, doc)
    return [*_check_ids(plan, where), *_check_sums(plan, where), *_check_references(plan, where)]


class _Locator:
    """Places problems in the document when there is one (a scenario's result has none)."""

    def __init__(self, plan: Plan, doc: YamlDoc | None):
        self.plan, self.doc = plan, doc

    def at(self, code: str, path: tuple, message: str) -> Problem:
        if self.doc is None:
            return Problem(code, message, self.plan.file)
        return self.doc.problem(code, path, message)


def _check_ids(plan: Plan, where: _Locator) -> list[Problem]:
    problems, seen = [], set()
    entries = [(s.id, ("sources", i, "id")) for i, s in enumerate(plan.sources)]
    entries += [(x.id, ("contributions", i, "id")) for i, x in enumerate(plan.contributions)]
    for i, obj in enumerate(plan.objectives):
        entries.append((obj.id, ("objectives", i, "id")))
        for j, sub in enumerate(obj.sub_objectives):
            path = ("objectives", i, "sub_objectives", j, "id")
            entries.append((sub.id, path))
            if not sub.id.startswith(f"{obj.id}."):
                problems.append(where.at("bad-id", path, f"sub-objective {sub.id} is under "
                                         f"objective {obj.id}; its id must start with '{obj.id}.'"))
    for ident, path in entries:
        if ident in seen:
            problems.append(where.at("duplicate-id", path, f"the id '{ident}' is used twice; "
                                     "give each entry its own id"))
        seen.add(ident)
    return problems


def _check_sums(plan: Plan, where: _Locator) -> list[Problem]:
    problems = []
    for i, obj in enumerate(plan.objectives):
        total = sum(sub.required for sub in obj.sub_objectives)
        if obj.sub_objectives and total != obj.required:
            problems.append(where.at("sum-mismatch", ("objectives", i, "required"),
                                     _mismatch(f"objective {obj.id}", obj.required,
                                               "its sub-objectives", total)))
    total = sum(obj.required for obj in plan.objectives)
    if total != plan.required:
        problems.append(where.at("sum-mismatch", ("plan", "required"),
                                 _mismatch("the plan", plan.required, "its objectives", total)))
    return problems


def _mismatch(parent: str, required: int, children: str, total: int) -> str:
    diff = total - required
    more_or_less = "more" if diff > 0 else "less"
    return (f"{parent} requires {thousands(required)} but {children} add up to "
            f"{thousands(total)} ({thousands(abs(diff))} {more_or_less})")


def _check_references(plan: Plan, where: _Locator) -> list[Problem]:
    source_ids = [s.id for s in plan.sources]
    sub_ids = [s.id for s in plan.sub_objectives()]
    problems = []

    def need_source(ref: str, path: tuple) -> None:
        if ref not in source_ids:
            problems.append(where.at("unknown-source", path, f"source '{ref}' is not listed under "
                                     f"'sources'{did_you_mean(ref, source_ids)}"))

    need_source(plan.source, ("plan", "source"))
    for i, obj in enumerate(plan.objectives):
        need_source(obj.source, ("objectives", i, "source"))
        for j, sub in enumerate(obj.sub_objectives):
            need_source(sub.source, ("objectives", i, "sub_objectives", j, "source"))
    for i, con in enumerate(plan.contributions):
        if not con.hypothetical:
            need_source(con.source, ("contributions", i, "source"))
        if con.sub_objective is not None and con.sub_objective not in sub_ids:
            problems.append(where.at(
                "unknown-sub-objective", ("contributions", i, "sub_objective"),
                f"contribution {con.id} goes to sub-objective '{con.sub_objective}', which the "
                f"plan does not have{did_you_mean(con.sub_objective, sub_ids)}"))
    return problems
