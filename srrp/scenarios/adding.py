"""Adding sourced contributions to a plan or a scenario file, keeping every comment.

The file is edited as text, not rewritten from parsed YAML: a round trip through a YAML library
would drop the maintainers' comments and reflow their text. New entries go at the end of the
plan's ``sources`` and ``contributions`` lists (a scenario's ``changes``: one
``add_contribution`` each). An id the file already has is refused, the result must validate,
and it is written atomically, or not at all.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from srrp.files.store import replace_file, version
from srrp.files.yamlsource import YamlDoc, parse_yaml, read_text
from srrp.plan.tree import Contribution, Plan, Source, parse_plan
from srrp.problems import InvalidData, Problem
from srrp.scenarios.scenario import apply_scenario, parse_scenario
from srrp.words import HYPOTHETICAL

_PLAIN = re.compile(r"[A-Za-z][\w.,'()/ -]*[\w.)]")


@dataclass(frozen=True)
class Addition:
    """A contribution and the source entry that documents it (a plan needs both)."""

    contribution: Contribution
    source: Source


def add_to_file(path: Path, additions: list[Addition], baseline: Plan | None = None) -> str:
    """Add the contributions to the plan or scenario at ``path`` and write it; the new text.

    A scenario is checked against ``baseline``. InvalidData (and nothing written) when an id
    is taken, a sub-objective is unknown, or the result would not validate."""
    text = read_text(path, str(path))
    new = added_text(text, str(path), additions, baseline)
    replace_file(path, new, expected=version(text))
    return new


def new_scenario_text(title: str, additions: list[Addition], baseline: Plan) -> str:
    """A new scenario file holding only the additions, checked against ``baseline``."""
    head = (f"# {HYPOTHETICAL}: contributions added from a funding file to try them out; the\n"
            "# baseline plan is not changed. See README, 'What-if scenarios'.\n"
            f"scenario:\n  title: {_scalar(title)}\nchanges: []\n")
    return added_text(head, "scenario", additions, baseline)


def added_text(text: str, file: str, additions: list[Addition],
               baseline: Plan | None = None) -> str:
    doc = parse_yaml(text, file)
    if isinstance(doc.data, dict) and "scenario" in doc.data:
        return _into_scenario(text, doc, additions, baseline)
    return _into_plan(text, doc, additions)


def _into_plan(text: str, doc: YamlDoc, additions: list[Addition]) -> str:
    plan = parse_plan(text, doc.file)
    _refuse_taken(doc, additions, _plan_ids(plan))
    _refuse_unknown_sub_objectives(doc.file, additions, plan)
    lines = text.splitlines(keepends=True)
    lines = _append_items(lines, doc, "sources", [_source_item(a.source) for a in additions])
    new = "".join(lines)
    lines = _append_items(new.splitlines(keepends=True), parse_yaml(new, doc.file),
                          "contributions", [_contribution_item(a.contribution)
                                            for a in additions])
    new = "".join(lines)
    parse_plan(new, doc.file)
    return new


def _into_scenario(text: str, doc: YamlDoc, additions: list[Addition],
                   baseline: Plan | None) -> str:
    scenario = parse_scenario(text, doc.file, Path(doc.file).stem)
    taken = {str(args.get("id")) for _, args in scenario.changes if args}
    if baseline is not None:
        taken |= {c.id for c in baseline.contributions}
        _refuse_unknown_sub_objectives(doc.file, additions, baseline)
    _refuse_taken(doc, additions, taken)
    items = [_scenario_item(a) for a in additions]
    new = "".join(_append_items(text.splitlines(keepends=True), doc, "changes", items))
    result = parse_scenario(new, doc.file, scenario.name)
    if baseline is not None:
        apply_scenario(baseline, result)
    return new


def _plan_ids(plan: Plan) -> set[str]:
    ids = {s.id for s in plan.sources} | {c.id for c in plan.contributions}
    return ids | {plan.id} | {o.id for o in plan.objectives} | {
        s.id for s in plan.sub_objectives()}


def _refuse_taken(doc: YamlDoc, additions: list[Addition], taken: set[str]) -> None:
    problems = []
    for a in additions:
        for ident in (a.contribution.id, a.source.id):
            if ident in taken:
                problems.append(Problem("duplicate-id", f"'{ident}' is in the file already: "
                                        "it was added before; nothing was added", doc.file,
                                        *_line_of_id(doc, ident)))
    if problems:
        raise InvalidData(problems)


def _line_of_id(doc: YamlDoc, ident: str) -> tuple:
    """Where the id stands in the file, to point at the entry that has it."""
    for path, mark in doc.value_marks.items():
        if path and path[-1] == "id" and _value_at(doc.data, path) == ident:
            return mark
    return ()


def _value_at(data, path: tuple):
    for key in path:
        try:
            data = data[key]
        except (KeyError, IndexError, TypeError):
            return None
    return str(data)


def _refuse_unknown_sub_objectives(file: str, additions: list[Addition], plan: Plan) -> None:
    known = {s.id for s in plan.sub_objectives()}
    wrong = sorted({a.contribution.sub_objective for a in additions
                    if a.contribution.sub_objective not in known | {None}})
    if wrong:
        raise InvalidData([Problem("unknown-sub-objective", f"the plan has no sub-objective "
                                   f"{', '.join(wrong)}; name one of {', '.join(sorted(known))},"
                                   " or none: the contribution then counts for the plan as a "
                                   "whole", file)])


# --- text -----------------------------------------------------------------------------------

def _append_items(lines: list[str], doc: YamlDoc, key: str, items: list[str]) -> list[str]:
    """The lines with ``items`` (block-list entries, unindented) at the end of the top-level
    list ``key``; the key is added at the end of the file when there is none."""
    if not items:
        return lines
    if key not in (doc.data or {}):
        tail = "" if not lines or lines[-1].endswith("\n") else "\n"
        return [*lines, tail, f"\n{key}:\n", *_indented(items, "  ")]
    start = doc.key_marks[(key,)][0] - 1
    lines = _open_empty_list(lines, start, key)
    end = _block_end(lines, start)
    return [*lines[:end], *_indented(items, _item_indent(lines, start, end)), *lines[end:]]


def _open_empty_list(lines: list[str], start: int, key: str) -> list[str]:
    """'key: []' (or 'key:' with nothing) becomes 'key:' ready for block entries."""
    if re.fullmatch(rf"{re.escape(key)}:\s*(\[\s*\])?\s*(#.*)?", lines[start].rstrip("\r\n")):
        lines = [*lines[:start], f"{key}:\n", *lines[start + 1:]]
    return lines


def _block_end(lines: list[str], start: int) -> int:
    """The index after the last line of the top-level block that starts at ``start``: its
    entries and their indented comments, not the blank lines and comments that head the next
    top-level key."""
    end = start + 1
    for i in range(start + 1, len(lines)):
        line = lines[i]
        if line.strip() and not line[0].isspace() and not line.startswith("#"):
            break
        if line.strip() and not line.startswith("#"):
            end = i + 1
    return end


def _item_indent(lines: list[str], start: int, end: int) -> str:
    for line in lines[start + 1:end]:
        match = re.match(r"(\s*)- ", line)
        if match:
            return match.group(1)
    return "  "


def _indented(items: list[str], indent: str) -> list[str]:
    return [indent + line + "\n" for item in items for line in item.splitlines()]


def _scalar(value) -> str:
    """A YAML scalar as a maintainer writes it: numbers and plain words bare, anything YAML
    would read otherwise (a date, '4.1', a colon) double-quoted, as JSON quotes it."""
    if isinstance(value, int) or (_PLAIN.fullmatch(value) and yaml.safe_load(value) == value):
        return str(value)
    return json.dumps(value, ensure_ascii=False)


def _block(fields: dict) -> str:
    rows = [f"{k}: {_scalar(v)}" for k, v in fields.items() if v is not None]
    return "- " + "\n  ".join(rows)


def _source_item(source: Source) -> str:
    return _block({"id": source.id, "title": source.title, "publisher": source.publisher,
                   "url": source.url, "note": source.note})


def _contribution_fields(c: Contribution) -> dict:
    return {"id": c.id, "donor": c.donor, "amount": c.amount, "date": c.date,
            "recipient_country": c.recipient_country, "sub_objective": c.sub_objective,
            "status": c.status}


def _contribution_item(c: Contribution) -> str:
    return _block({**_contribution_fields(c), "source": c.source, "note": c.note})


def _scenario_item(a: Addition) -> str:
    """A scenario has no sources: the link goes in the note."""
    note = "; ".join(x for x in (a.contribution.note, a.source.url) if x)
    fields = {**_contribution_fields(a.contribution), "note": note}
    return "- add_contribution: " + json.dumps({k: v for k, v in fields.items()
                                                if v is not None}, ensure_ascii=False)
