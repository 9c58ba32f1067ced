"""Command line for data maintainers and their pipelines.

    python -m srrp validate [PLAN] [--activities CSV]... [--scenario FILE]... [--data DIR]
    python -m srrp summary  [PLAN] [--activities CSV]... [--scenario FILE] [--json] [--data DIR]
    python -m srrp funding  FILE... [--recipient TEXT] [--emergency TEXT] [--year YYYY]
                            [--country ISO3] [--json] [--into PLAN] [--sub-objective ID]
                            [--data DIR]
    python -m srrp import   FILE [--country ISO3] [--sheet NAME] [--mapping FILE]
                            [--accept-fuzzy] [--round YYYY-MM] [--into DIR] [--json]
                            [--data DIR]
    python -m srrp imports  [remove ID | restore ID] [--data DIR] [--json]
    python -m srrp activities [--data DIR] [--country ISO3] [--json]
    python -m srrp boundaries ISO3 [--level 1|2] [--data DIR]

The data folder is found as the app finds it: ``--data``, else ``SRRP_DATA_DIR``, else the
repository's ``data/``, wherever the command is run from; a command that reads it says which.
Each command imports what it uses when it runs: a summary of a large file starts without
loading the FTS reader, the scenario writer or the importer.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from srrp.commands.activities import add_activities_command
from srrp.commands.boundaries import add_boundaries_command
from srrp.commands.data_option import add_data_option, data_folder
from srrp.commands.import_file import add_import_command
from srrp.commands.imports import add_imports_command
from srrp.formatting import percent, usd
from srrp.problems import InvalidData, Problem
from srrp.words import HYPOTHETICAL

if TYPE_CHECKING:
    from srrp.plan.tree import Plan
    from srrp.scenarios.scenario import Scenario

def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return args.run(args)
    except BrokenPipeError:
        # the reader stopped early (`| head`) and has what it took; stdout now points at
        # nothing, so that Python's own flush at exit raises no second error (Python's docs on
        # SIGPIPE)
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


def _inputs(args) -> tuple[list[Path], Path]:
    """The activity files and gazetteer folder a plan command reads, and the plan: the one
    given (its activity files and gazetteers beside it), else the data folder's; ``args.plan``
    is set to it."""
    from srrp.dataset import PLAN_FILE, activity_files

    if args.plan is None:
        args.plan = data_folder(args) / PLAN_FILE
    activities = args.activities if args.activities is not None else activity_files(
        args.plan.parent)
    beside = args.plan.parent / "gazetteer"
    return activities, beside if beside.is_dir() else data_folder(args) / "gazetteer"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m srrp", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(required=True, metavar="COMMAND")
    for name, run, help_ in (("validate", _validate, "check the data; exit 1 on any problem"),
                             ("summary", _summary, "funding figures of every node")):
        sub = commands.add_parser(name, help=help_, description=help_)
        sub.add_argument("plan", nargs="?", type=Path, help="the plan YAML (default: the "
                         "data folder's plan_2021.yaml); its activity files are those beside it")
        add_data_option(sub)
        sub.add_argument("--activities", action="append", type=Path, metavar="CSV",
                         help="an activity file; repeat for several (default: every "
                         "*_activities*.csv beside the plan)")
        sub.add_argument("--scenario", action="append", type=Path, default=[], metavar="FILE",
                         help="a what-if scenario to check or apply")
        if name == "summary":
            sub.add_argument("--json", action="store_true", help="print JSON")
        sub.set_defaults(run=run)
    _funding_parser(commands)
    add_import_command(commands)
    add_imports_command(commands)
    add_activities_command(commands)
    add_boundaries_command(commands)
    return parser


def _funding_parser(commands) -> None:
    help_ = "FTS flows as contributions: what counts, what is skipped and why"
    sub = commands.add_parser("funding", help=help_, description=help_)
    sub.add_argument("files", nargs="+", type=Path, metavar="FILE",
                     help="FTS incoming-funding CSV exports and flow/custom-search JSON pages")
    sub.add_argument("--recipient", help="recipient organisation (e.g. IOM)")
    sub.add_argument("--emergency", help="emergency (e.g. COVID-19)")
    sub.add_argument("--year", type=int, metavar="YYYY", help="usage year")
    sub.add_argument("--country", metavar="ISO3", help="destination country")
    sub.add_argument("--json", action="store_true", help="print JSON")
    sub.add_argument("--into", type=Path, metavar="PLAN",
                     help="add the contributions to this plan or scenario file")
    sub.add_argument("--sub-objective", metavar="ID", help="the sub-objective they fund "
                     "(default: none, they count for the plan as a whole)")
    add_data_option(sub)  # the plan a scenario given to --into applies to, when none is beside
    sub.set_defaults(run=_funding)


def _validate(args) -> int:
    from srrp.dataset import check_files

    activities, gazetteers = _inputs(args)
    problems = check_files(args.plan, activities, gazetteers)
    if not problems:
        for path in args.scenario:
            problems += _scenario_problems(args.plan, path)
    for problem in problems:
        print(problem, file=sys.stderr)
    checked = 1 + len(activities) + len(args.scenario)
    print(f"{len(problems)} problem(s) in {checked} file(s)" if problems
          else f"{checked} file(s) valid", file=sys.stderr)
    return 1 if problems else 0


def _scenario_problems(plan_file: Path, path: Path) -> list[Problem]:
    from srrp.plan.tree import load_plan
    from srrp.scenarios.scenario import apply_scenario, load_scenario

    try:
        apply_scenario(load_plan(plan_file), load_scenario(path))
    except InvalidData as err:
        return err.problems
    return []


def _summary(args) -> int:
    from srrp.dataset import load_dataset

    activities, gazetteers = _inputs(args)
    try:
        dataset = load_dataset(args.plan, activities, gazetteers)
        scenario, plan = _applied(dataset.plan, args.scenario[-1] if args.scenario else None)
    except InvalidData as err:
        return _refused(err.problems)
    counts = dataset.activities["sub_objective"].value_counts().to_dict()
    summary = summarise(plan, counts, scenario)
    print(json.dumps(summary, indent=2, ensure_ascii=False) if args.json else _as_text(summary))
    return 0


def _applied(baseline: Plan, path: Path | None) -> tuple[Scenario | None, Plan]:
    """The scenario in ``path`` and the plan under it; the baseline when there is none."""
    if path is None:
        return None, baseline
    from srrp.scenarios.scenario import apply_scenario, load_scenario

    scenario = load_scenario(path)
    return scenario, apply_scenario(baseline, scenario)


def _refused(problems: list[Problem]) -> int:
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1


NO_RECIPIENT = ("nothing was added: an FTS file holds every agency's flows; say whose this plan "
                "counts with --recipient (e.g. --recipient IOM)")


def _funding(args) -> int:
    from srrp.files.store import SaveRefused
    from srrp.funding import fts
    from srrp.plan.tree import load_plan
    from srrp.scenarios.adding import add_to_file

    selection = fts.Selection(args.recipient, args.emergency, args.year, args.country)
    if args.into and not args.recipient:
        return _refused([Problem("no-recipient", NO_RECIPIENT, str(args.into))])
    try:
        result = fts.funding(fts.read_flows(args.files), selection)
        if args.into:
            baseline = _baseline_for(args)
            for warning in fts.warnings(result, baseline or load_plan(args.into)):
                print(f"{args.into}: warning: {warning}", file=sys.stderr)
            add_to_file(args.into, fts.additions(result, args.sub_objective), baseline)
    except InvalidData as err:
        return _refused(err.problems)
    except SaveRefused as err:
        return _refused([Problem("not-written", str(err), str(args.into))])
    answer = fts.as_json(result)
    print(json.dumps(answer, indent=2, ensure_ascii=False) if args.json
          else _funding_text(answer))
    if args.into:
        print(f"{len(result.counted)} contribution(s) added to {args.into}", file=sys.stderr)
    return 0


def _baseline_for(args) -> Plan | None:
    """The plan the scenario ``--into`` applies to: the one its folder sits beside
    (data/scenarios/ → data/plan_2021.yaml), else the data folder's; None for a plan."""
    from srrp.dataset import PLAN_FILE
    from srrp.plan.tree import load_plan

    if args.into.parent.name != "scenarios":
        return None
    beside = args.into.parent.parent / PLAN_FILE
    return load_plan(beside if beside.is_file() else data_folder(args) / PLAN_FILE)


def _funding_text(answer: dict) -> str:
    counted = len(answer["contributions"])
    lines = [f"{answer['flows']} flow(s): confirmed {usd(answer['confirmed'])}, pledged "
             f"{usd(answer['pledged'])} (not counted); {counted} contribution(s), "
             f"{len(answer['skipped'])} skipped"]
    lines += [f"  skipped {s['id']} ({usd(s['amount'])}): {s['reason']}"
              for s in answer["skipped"]]
    return "\n".join(lines)


def summarise(plan: Plan, activity_counts: dict[str, int], scenario: Scenario | None) -> dict:
    """The plan's figures as plain data: amounts in whole USD, coverage as a ratio."""
    from srrp.plan.rollup import rollup

    table = rollup(plan).set_index("id")

    def node(node_id: str, title: str, children: list | None = None) -> dict:
        row = table.loc[node_id]
        figures = {k: int(row[k]) for k in ("required", "confirmed", "pledged", "gap",
                                             "overfunded", "contributions")}
        coverage = None if math.isnan(row["coverage"]) else round(float(row["coverage"]), 6)
        result = {"id": node_id, "title": title, **figures, "coverage": coverage}
        if children is not None:
            result["activities"] = sum(c["activities"] for c in children)
            result["sub_objectives"] = children
        else:
            result["activities"] = int(activity_counts.get(node_id, 0))
        return result

    objectives = [node(o.id, o.title, [node(s.id, s.title) for s in o.sub_objectives])
                  for o in plan.objectives]
    head = node(plan.id, plan.title)
    head.pop("activities")
    head.update(type=plan.type, last_updated=plan.last_updated, currency=plan.currency,
                scenario=None if scenario is None else
                {"name": scenario.name, "title": scenario.title, "hypothetical": True})
    return {"plan": head, "objectives": objectives}


def _as_text(summary: dict) -> str:
    plan = summary["plan"]
    lines = []
    if plan["scenario"]:
        lines.append(f"{HYPOTHETICAL} scenario: {plan['scenario']['title']}")
    lines.append(f"{plan['title']}: required {usd(plan['required'])}, confirmed "
                 f"{usd(plan['confirmed'])}, gap {usd(plan['gap'])}, coverage "
                 f"{percent(plan['coverage'])}")
    for obj in summary["objectives"]:
        for item in (obj, *obj["sub_objectives"]):
            indent = "  " if item is obj else "    "
            confirmed = usd(item["confirmed"]) if item["contributions"] else "none reported"
            lines.append(f"{indent}{item['id']:<4} required {usd(item['required']):>14}  "
                         f"confirmed {confirmed:>14}  gap {usd(item['gap']):>14}")
    return "\n".join(lines)
