"""In the app, no corpus file ever blanks a page or shows a traceback.

After a first good run, each corpus file is written over the data folder's plan or Lao activity
file and the page reruns: a refused file leaves the last good figures on screen with the problems
listed (naming the file and the line), an accepted one shows its figures and no problem.
"""

from __future__ import annotations

import os
import time

import pytest

from tests.hostile.cases import csv_cases, yaml_cases

PAGES = ["pages/overview.py", "pages/gaps.py", "pages/targets.py", "pages/map.py",
         "pages/whatif.py", "pages/briefing.py", "pages/sources.py"]


def screen(at) -> dict:
    """What shows that data is on screen: figures, titles, charts, maps and tables."""
    return {"metrics": [(m.label, m.value) for m in at.metric],
            "titles": [t.value for t in at.title],
            "charts": len(at.get("plotly_chart")) + len(at.get("deck_gl_json_chart")),
            "tables": len(at.dataframe)}


def drawn(shown: dict) -> bool:
    return bool(shown["metrics"] or shown["charts"] or shown["tables"])


def replace(path, raw: bytes) -> None:
    """Write the file and move its modification time on, as an editor saving it would."""
    path.write_bytes(raw)
    stamp = time.time_ns() + 1_000_000_000
    os.utime(path, ns=(stamp, stamp))


def problems_shown(at) -> str:
    return "\n".join(c.value for c in at.code)


def check_each(at, target, cases: dict) -> None:
    good = target.read_bytes()
    expected = screen(at)
    assert drawn(expected), "the first run shows no data"
    failures = []
    for name, (make, refused) in cases.items():
        replace(target, make())
        at.run()
        shown = problems_shown(at)
        if at.exception:
            failures.append(f"{name}: exception {at.exception[0].value}")
        elif refused is not None and screen(at) != expected:
            failures.append(f"{name}: the last good figures are not on screen")
        elif refused is None and not drawn(screen(at)):
            failures.append(f"{name}: accepted, but no data is shown")
        elif refused is not None and f"{target.name}:{refused.line}" not in shown.replace(
                f"{target.name}: ", f"{target.name}:0: "):
            failures.append(f"{name}: no problem on line {refused.line} listed: {shown!r}")
        elif refused is not None and "last good data" not in " ".join(e.value for e in at.error):
            failures.append(f"{name}: no notice that the last good data is shown")
        elif refused is None and shown:
            failures.append(f"{name}: accepted, but problems are shown: {shown!r}")
        replace(target, good)
        if refused is None:
            at.run()  # the good file is the last good data again
    at.run()
    assert not at.exception and not problems_shown(at)
    assert failures == []


def test_every_broken_plan_keeps_the_last_good_data_on_screen(open_page, data_dir):
    at = open_page()
    check_each(at, data_dir / "plan_2021.yaml", yaml_cases())


def test_every_broken_activity_file_keeps_the_last_good_data_on_screen(open_page, data_dir):
    at = open_page("pages/targets.py")
    check_each(at, data_dir / "lao_activities.csv", csv_cases())


@pytest.mark.parametrize("page", PAGES)
def test_every_page_survives_the_worst_files(open_page, data_dir, page):
    at = open_page(page)
    worst = {name: case for name, case in {**yaml_cases(), **csv_cases()}.items()
             if name in ("alias_bomb.yaml", "syntax_unclosed_quote.yaml", "binary.csv",
                         "unknown_province.csv", "bundled_bom_crlf.csv")}
    plan = {k: v for k, v in worst.items() if k.endswith(".yaml")}
    activities = {k: v for k, v in worst.items() if k.endswith(".csv")}
    check_each(at, data_dir / "plan_2021.yaml", plan)
    check_each(at, data_dir / "lao_activities.csv", activities)
