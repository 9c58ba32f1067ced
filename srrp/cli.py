"""Command line for data maintainers and their pipelines.

    python -m srrp validate [PLAN] [--activities CSV]... [--scenario FILE]...
    python -m srrp summary  [PLAN] [--activities CSV]... [--scenario FILE] [--json]
    python -m srrp import   FILE [--country ISO3] [--sheet NAME] [--mapping FILE]
                            [--accept-fuzzy] [--into DIR] [--json]
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

from srrp.dataset import activity_files, check_files, load_dataset
from srrp.formatting import percent, usd
from srrp.import_command import add_import_command, run_import
from srrp.plan import Plan, load_plan
from srrp.problems import InvalidData, Problem
from srrp.rollup import rollup
from srrp.scenario import Scenario, apply_scenario, load_scenario

DEFAULT_PLAN = Path("data/plan_2021.yaml")


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.run is run_import:
        return run_import(args)
    activities = args.activities if args.activities is not None else activity_files(
        args.plan.parent)
    gazetteers = gazetteer_dir(args.plan)
    return args.run(args, activities, gazetteers)


def gazetteer_dir(plan: Path) -> Path:
    """The gazetteers beside the plan, or the bundled ones for a plan kept elsewhere."""
    beside = plan.parent / "gazetteer"
    return beside if beside.is_dir() else DEFAULT_PLAN.parent / "gazetteer"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m srrp", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(required=True, metavar="COMMAND")
    for name, run, help_ in (("validate", _validate, "check the data; exit 1 on any problem"),
                             ("summary", _summary, "funding figures of every node")):
        sub = commands.add_parser(name, help=help_, description=help_)
        sub.add_argument("plan", nargs="?", type=Path, default=DEFAULT_PLAN,
                         help=f"the plan YAML (default: {DEFAULT_PLAN})")
        sub.add_argument("--activities", action="append", type=Path, metavar="CSV",
                         help="an activity file; repeat for several (default: every "
                         "*_activities*.csv beside the plan)")
        sub.add_argument("--scenario", action="append", type=Path, default=[], metavar="FILE",
                         help="a what-if scenario to check or apply")
        if name == "summary":
            sub.add_argument("--json", action="store_true", help="print JSON")
        sub.set_defaults(run=run)
    add_import_command(commands)
    return parser


def _validate(args, activities: list[Path], gazetteers: Path) -> int:
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
    try:
        apply_scenario(load_plan(plan_file), load_scenario(path))
    except InvalidData as err:
        return err.problems
    return []


def _summary(args, activities: list[Path], gazetteers: Path) -> int:
    try:
        dataset = load_dataset(args.plan, activities, gazetteers)
        scenario = load_scenario(args.scenario[-1]) if args.scenario else None
        plan = apply_scenario(dataset.plan, scenario) if scenario else dataset.plan
    except InvalidData as err:
        for problem in err.problems:
            print(problem, file=sys.stderr)
        return 1
    counts = dataset.activities["sub_objective"].value_counts().to_dict()
    summary = summarise(plan, counts, scenario)
    print(json.dumps(summary, indent=2, ensure_ascii=False) if args.json else _as_text(summary))
    return 0


def summarise(plan: Plan, activity_counts: dict[str, int], scenario: Scenario | None) -> dict:
    """The plan's figures as plain data: amounts in whole USD, coverage as a ratio."""
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
        lines.append(f"HYPOTHETICAL scenario: {plan['scenario']['title']}")
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
