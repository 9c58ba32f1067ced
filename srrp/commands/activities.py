"""``python -m srrp activities``: what the Targets page and the map show, as data.

    python -m srrp activities [--data DIR] [--country ISO3] [--json]

Exit codes: 0 when the data loads; 1 when it has problems (listed); 2 for a usage error.
"""

from __future__ import annotations

import json
import sys

from srrp.commands.data_option import add_data_option, data_folder
from srrp.words import NOT_REPORTED


def add_activities_command(commands) -> None:
    help_ = "activities, organisations, people targeted and reached, and budget: in total, by " \
        "province and by reporting round (each activity at its latest round)"
    sub = commands.add_parser("activities", help=help_, description=help_)
    add_data_option(sub)
    sub.add_argument("--country", metavar="ISO3", help="one country (default: every country "
                     "with activities)")
    sub.add_argument("--json", action="store_true", help="print JSON")
    sub.set_defaults(run=run_activities)


def run_activities(args) -> int:
    # imported here, not above: the other commands of the command line need none of them
    from srrp.dataset import PLAN_FILE, activity_files, load_dataset
    from srrp.formatting import count, usd
    from srrp.problems import InvalidData
    from srrp.reach import country_figures

    folder = data_folder(args)
    try:
        dataset = load_dataset(folder / PLAN_FILE, activity_files(folder), folder / "gazetteer")
    except InvalidData as err:
        for problem in err.problems:
            print(problem, file=sys.stderr)
        return 1
    wanted = [args.country.upper()] if args.country else dataset.countries
    unknown = [c for c in wanted if c not in dataset.gazetteers]
    if unknown:
        print(f"python -m srrp activities: error: no country '{unknown[0]}' (give its ISO3 "
              "code: LAO, LSO…)", file=sys.stderr)
        return 2
    answer = {"data": str(folder), "countries": [country_figures(dataset, c) for c in wanted]}
    if args.json:
        print(json.dumps(answer, indent=2, ensure_ascii=False))
        return 0
    for figures in answer["countries"]:
        totals = figures["totals"]
        print(f"{figures['name']} ({figures['country']}): {totals['activities']:,} activities, "
              f"{totals['organisations']:,} organisations, targeted "
              f"{_or_not(totals['targeted'], count)}, reached "
              f"{_or_not(totals['reached'], count)}, budget {_or_not(totals['budget'], usd)}")
        for item in figures["by_round"]:
            print(f"  round {item['round']}: {item['activities']:,} activities, reached "
                  f"{_or_not(item['reached'], count)}")
    return 0


def _or_not(value, form) -> str:
    return NOT_REPORTED if value is None else form(value)
