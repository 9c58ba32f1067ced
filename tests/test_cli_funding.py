"""`python -m srrp funding`: FTS flows as contributions, and added to a plan or a scenario
without losing a comment, an existing entry or the file itself."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from srrp.cli import main
from srrp.plan.tree import load_plan
from srrp.scenarios.scenario import apply_scenario, load_scenario
from tests.examples import FTS_FLOWS as FLOWS
from tests.examples import REAL_DATA

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
EXPORT = REAL_DATA / "fts" / "fts_incoming_funding_global.csv"
needs_real = pytest.mark.skipif(not EXPORT.is_file(), reason="real FTS files not available")



def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main([*map(str, args)])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def data(tmp_path) -> Path:
    """A copy of the data folder's plan and scenarios, and a small FTS export."""
    folder = tmp_path / "data"
    folder.mkdir()
    shutil.copy(DATA / "plan_2021.yaml", folder)
    shutil.copytree(DATA / "scenarios", folder / "scenarios")
    (tmp_path / "flows.csv").write_text(FLOWS, encoding="utf-8")
    return folder


def test_json_answer_counts_confirmed_shows_pledged_and_lists_skipped(data, capsys):
    code, out, _ = run(capsys, "funding", data.parent / "flows.csv", "--json")
    assert code == 0
    answer = json.loads(out)
    assert list(answer) == ["flows", "confirmed", "pledged", "contributions", "skipped"]
    assert (answer["flows"], answer["confirmed"], answer["pledged"]) == (4, 1150000, 100000)
    assert answer["contributions"][0] == {
        "id": "11", "donor": "Japan, Government of", "amount": 250000, "date": "2021-04-20",
        "status": "confirmed", "country": "LAO", "source": "https://fts.unocha.org/flows/11"}
    assert [(s["id"], s["amount"]) for s in answer["skipped"]] == [("14", 90000)]


@needs_real
def test_the_command_line_gives_the_exports_own_total_for_a_recipient(capsys):
    export = pd.read_csv(EXPORT).drop_duplicates("id")
    own = export[(export["destOrganization"] == "World Food Programme")
                 & (export["status"] != "pledge") & (export["onBoundary"] == "single")]
    code, out, _ = run(capsys, "funding", EXPORT, "--recipient", "World Food Programme",
                       "--json")
    assert code == 0
    assert json.loads(out)["confirmed"] == own["amountUSD"].sum()


def test_into_a_plan_adds_sourced_contributions_and_keeps_every_comment(data, capsys):
    plan = data / "plan_2021.yaml"
    before = plan.read_text(encoding="utf-8")
    code, _, err = run(capsys, "funding", data.parent / "flows.csv", "--recipient", "IOM",
                       "--into", plan, "--sub-objective", "4.1")
    assert code == 0, err
    after = plan.read_text(encoding="utf-8")
    comments = [line for line in before.splitlines() if line.lstrip().startswith("#")]
    assert all(line in after.splitlines() for line in comments)
    added = {c.id: c for c in load_plan(plan).contributions}
    assert added["fts-11"].sub_objective == "4.1"
    assert added["fts-13"].status == "pledged"
    assert "fts-14" not in added  # shared: FTS counts it for no one
    assert load_plan(plan).find_source("fts-flow-11").url == "https://fts.unocha.org/flows/11"
    assert run(capsys, "validate", plan)[0] == 0


def test_into_a_plan_twice_is_refused_at_the_existing_entry_and_changes_nothing(data, capsys):
    plan = data / "plan_2021.yaml"
    run(capsys, "funding", data.parent / "flows.csv", "--recipient", "IOM", "--into", plan)
    once = plan.read_text(encoding="utf-8")
    code, _, err = run(capsys, "funding", data.parent / "flows.csv", "--recipient", "IOM",
                       "--into", plan)
    assert code == 1
    line = once.splitlines().index("  - id: fts-flow-11") + 1
    assert f"{plan}:{line}:" in err and "duplicate-id: 'fts-flow-11'" in err
    assert plan.read_text(encoding="utf-8") == once


def test_without_a_sub_objective_the_contributions_count_for_the_plan_as_a_whole(data, capsys):
    plan = data / "plan_2021.yaml"
    run(capsys, "funding", data.parent / "flows.csv", "--recipient", "IOM", "--into", plan)
    assert load_plan(plan).contributions[-1].sub_objective is None


def test_an_unknown_sub_objective_writes_nothing(data, capsys):
    plan = data / "plan_2021.yaml"
    before = plan.read_text(encoding="utf-8")
    code, _, err = run(capsys, "funding", data.parent / "flows.csv", "--recipient", "IOM",
                       "--into", plan, "--sub-objective", "4.9")
    assert code == 1 and "unknown-sub-objective" in err
    assert plan.read_text(encoding="utf-8") == before


def test_into_a_scenario_adds_changes_that_apply_to_the_baseline(data, capsys):
    scenario = data / "scenarios" / "vaccines_pledge_5m.yaml"
    code, _, err = run(capsys, "funding", data.parent / "flows.csv", "--recipient", "IOM",
                       "--into", scenario,
                       "--sub-objective", "3.2")
    assert code == 0, err
    text = scenario.read_text(encoding="utf-8")
    assert text.startswith("# A hypothetical what-if scenario.")
    what_if = apply_scenario(load_plan(data / "plan_2021.yaml"), load_scenario(scenario))
    added = {c.id: c for c in what_if.contributions}
    assert added["fts-11"].amount == 250000 and added["fts-11"].hypothetical
    assert "https://fts.unocha.org/flows/11" in added["fts-11"].note


def test_into_without_a_recipient_is_refused_and_writes_nothing(data, capsys):
    plan = data / "plan_2021.yaml"
    before = plan.read_text(encoding="utf-8")
    code, out, err = run(capsys, "funding", data.parent / "flows.csv", "--into", plan)
    assert code == 1 and out == ""
    assert err.startswith(f"{plan}: no-recipient: nothing was added")
    assert "--recipient IOM" in err
    assert plan.read_text(encoding="utf-8") == before


@needs_real
def test_into_warns_when_no_flow_is_in_the_plans_year_or_another_agency_is_chosen(data,
                                                                                  capsys):
    scenario = data / "scenarios" / "vaccines_pledge_5m.yaml"
    code, _, err = run(capsys, "funding", EXPORT, "--recipient", "World Food Programme",
                       "--into", scenario)
    assert code == 0, err
    warnings = [line for line in err.splitlines() if ": warning: " in line]
    assert warnings == [
        f"{scenario}: warning: No chosen flow is for 2021, the plan's year (they are for 2020): "
        "set the usage year to 2021.",
        f"{scenario}: warning: Flows to another organisation than IOM are chosen (World Food "
        "Programme): this plan is IOM's."]


def test_a_broken_fts_file_is_located_and_nothing_is_written(data, capsys):
    bad = data.parent / "bad.csv"
    bad.write_text(FLOWS.replace("11,250000", "11,USD 250000"), encoding="utf-8")
    plan = data / "plan_2021.yaml"
    before = plan.read_text(encoding="utf-8")
    code, out, err = run(capsys, "funding", bad, "--recipient", "IOM", "--into", plan)
    assert code == 1 and out == ""
    assert err.startswith(f"{bad}:2:2: bad-amount: amountUSD 'USD 250000'")
    assert plan.read_text(encoding="utf-8") == before


def test_into_a_private_plan_keeps_it_private(data, capsys):
    plan = data / "plan_2021.yaml"
    plan.chmod(0o600)
    code, _, err = run(capsys, "funding", data.parent / "flows.csv", "--recipient", "IOM",
                       "--into", plan)
    assert code == 0, err
    assert plan.stat().st_mode & 0o777 == 0o600
    assert "fts-11" in {c.id for c in load_plan(plan).contributions}


def test_into_a_linked_plan_writes_the_file_it_points_to_and_keeps_the_link(data, capsys):
    shared = data.parent / "shared"
    shared.mkdir()
    real = (data / "plan_2021.yaml").replace(shared / "plan_2021.yaml")
    (data / "plan_2021.yaml").symlink_to(real)
    code, _, err = run(capsys, "funding", data.parent / "flows.csv", "--recipient", "IOM",
                       "--into", data / "plan_2021.yaml")
    assert code == 0, err
    assert (data / "plan_2021.yaml").is_symlink()
    assert "fts-11" in {c.id for c in load_plan(real).contributions}
    assert sorted(p.name for p in shared.iterdir()) == [".lock", "plan_2021.yaml"]


def test_into_a_plan_that_cannot_be_written_is_refused_with_the_reason(data, capsys,
                                                                       monkeypatch):
    plan = data / "plan_2021.yaml"
    before = plan.read_text(encoding="utf-8")

    def read_only(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("srrp.files.store.tempfile.mkstemp", read_only)
    code, _, err = run(capsys, "funding", data.parent / "flows.csv", "--recipient", "IOM",
                       "--into", plan)
    assert code == 1
    assert f"{plan}: not-written: {plan} cannot be written: Permission denied" in err
    assert "Traceback" not in err and plan.read_text(encoding="utf-8") == before


def test_a_page_nested_a_thousand_deep_is_refused_on_the_command_line(tmp_path, capsys):
    deep = tmp_path / "deep.json"
    deep.write_bytes((ROOT / "tests/hostile/corpus/funding/fts_nested_1000.json").read_bytes())
    code, out, err = run(capsys, "funding", deep)
    assert code == 1 and out == ""
    assert err.startswith(f"{deep}:1:") and "too-deep: arrays and objects are nested" in err
