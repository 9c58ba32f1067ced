"""`python -m srrp` as a data maintainer or a pipeline runs it, from the repository root.

Each run starts a Python that imports pandas, about two seconds, so the few runs start
together; finer behaviours are checked by calling the same entry point in this process.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from srrp.cli import main

ROOT = Path(__file__).resolve().parents[1]
PLAN = ROOT / "data" / "plan_2021.yaml"

SCENARIO = """\
scenario:
  title: A new donor for vaccines
changes:
  - add_contribution: {id: new-donor, donor: A new donor, amount: 1000000, sub_objective: "3.2"}
"""


def objective_3_line() -> int:
    return PLAN.read_text(encoding="utf-8").splitlines().index("    required: 249868639") + 1


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> dict[str, Path]:
    """A copy of the plan with sub-objective 3.3 raised by 1,000, and a scenario."""
    folder = tmp_path_factory.mktemp("cli")
    planted = folder / "plan_2021.yaml"
    planted.write_text(PLAN.read_text(encoding="utf-8").replace(
        "required: 41108948", "required: 41109948"), encoding="utf-8")
    scenario = folder / "new-donor.yaml"
    scenario.write_text(SCENARIO, encoding="utf-8")
    return {"planted": planted, "scenario": scenario}


@pytest.fixture(scope="module")
def runs(inputs) -> dict[str, subprocess.CompletedProcess]:
    commands = {
        "validate": ["validate"],
        "planted": ["validate", str(inputs["planted"])],
        "summary": ["summary", "--json"],
        "scenario": ["summary", "--json", "--scenario", str(inputs["scenario"])],
    }
    started = {name: subprocess.Popen([sys.executable, "-m", "srrp", *args], cwd=ROOT,
                                      stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
               for name, args in commands.items()}
    finished = {}
    for name, process in started.items():
        out, err = process.communicate(timeout=120)
        finished[name] = subprocess.CompletedProcess(process.args, process.returncode, out, err)
    return finished


def test_validate_passes_on_the_bundled_data(runs):
    result = runs["validate"]
    assert result.returncode == 0, result.stderr
    assert "problem" not in result.stderr


def test_validate_fails_on_a_planted_mistake_and_names_its_line(runs, inputs):
    result = runs["planted"]
    assert result.returncode == 1
    location = f"{re.escape(str(inputs['planted']))}:{objective_3_line()}:\\d+"
    assert re.search(rf"^{location}: sum-mismatch: objective 3 requires 249,868,639 ",
                     result.stderr, re.M), result.stderr


@pytest.fixture(scope="module")
def summary(runs) -> dict:
    assert runs["summary"].returncode == 0, runs["summary"].stderr
    return json.loads(runs["summary"].stdout)


def test_summary_reports_the_required_figures_of_the_plan_page(summary, plan_page_figures):
    total, objectives, subs = plan_page_figures
    assert summary["plan"]["required"] == total
    assert [o["required"] for o in summary["objectives"]] == objectives
    assert [[s["required"] for s in o["sub_objectives"]] for o in summary["objectives"]] == subs


def test_summary_reports_the_confirmed_funding_and_coverage(summary):
    plan = summary["plan"]
    assert plan["confirmed"] == 240_000
    assert plan["gap"] == plan["required"] - 240_000
    assert plan["coverage"] == pytest.approx(240_000 / plan["required"], abs=1e-6)
    assert plan["scenario"] is None


def test_summary_counts_activities_under_their_sub_objectives(summary):
    counts = {s["id"]: s["activities"] for o in summary["objectives"] for s in o["sub_objectives"]}
    assert counts["4.1"] > 0 and counts["3.2"] > 0 and counts["2.2"] > 0
    assert all(o["activities"] == sum(s["activities"] for s in o["sub_objectives"])
               for o in summary["objectives"])


def test_summary_applies_a_scenario_and_marks_it_hypothetical(runs, summary):
    assert runs["scenario"].returncode == 0, runs["scenario"].stderr
    what_if = json.loads(runs["scenario"].stdout)

    assert what_if["plan"]["scenario"] == {"name": "new-donor", "hypothetical": True,
                                           "title": "A new donor for vaccines"}
    assert what_if["plan"]["confirmed"] == summary["plan"]["confirmed"] + 1_000_000
    sub = {s["id"]: s for o in what_if["objectives"] for s in o["sub_objectives"]}["3.2"]
    assert sub["confirmed"] == 1_000_000


def test_the_text_summary_of_a_scenario_says_it_is_hypothetical(inputs, monkeypatch, capsys):
    monkeypatch.chdir(ROOT)
    assert main(["summary", "--scenario", str(inputs["scenario"])]) == 0
    first_line = capsys.readouterr().out.splitlines()[0]
    assert first_line == "HYPOTHETICAL scenario: A new donor for vaccines"


def test_validate_fails_on_a_scenario_that_cannot_apply(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(ROOT)
    scenario = tmp_path / "bad.yaml"
    scenario.write_text(SCENARIO.replace('"3.2"', '"3.9"'), encoding="utf-8")
    assert main(["validate", "--scenario", str(scenario)]) == 1
    assert f"{scenario}: unknown-sub-objective:" in capsys.readouterr().err


def test_a_summary_loads_neither_the_funding_readers_nor_the_importer_nor_the_scenario_writer():
    # a summary of a million rows is a few seconds; loading what it does not use added a third
    loaded = subprocess.run(
        [sys.executable, "-c", "import sys\nfrom srrp.cli import main\nmain(['summary', "
         "'--json'])\nprint(*sorted(m for m in sys.modules if m.startswith('srrp')))"],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=True)
    modules = set(loaded.stdout.strip().splitlines()[-1].split())
    assert "srrp.dataset" in modules
    assert modules.isdisjoint(
        {
            "srrp.funding.fts",
            "srrp.funding.iati",
            "srrp.intake.rows",
            "srrp.scenarios.adding",
            "srrp.scenarios.scenario",
            "srrp.funding.totals",
            "srrp.intake.mapping",
        }
    )


class _ClosedPipe:
    """stdout after its reader has gone (`| head -1` has its line): every write is refused."""

    def __init__(self, file):
        self.file = file

    def write(self, text):
        raise BrokenPipeError(32, "Broken pipe")

    def flush(self):
        pass

    def fileno(self):
        return self.file.fileno()


def test_a_reader_that_stops_early_gets_no_traceback(monkeypatch, tmp_path):
    """`python -m srrp boundaries LAO | head -1`: exit 1, no traceback, and stdout pointed at
    nothing, so that Python's own flush at exit does not fail again."""
    with open(tmp_path / "stdout", "w") as file:
        monkeypatch.setattr(sys, "stdout", _ClosedPipe(file))
        assert main(["boundaries", "LAO"]) == 1
        assert os.path.samestat(os.fstat(file.fileno()), os.stat(os.devnull))
