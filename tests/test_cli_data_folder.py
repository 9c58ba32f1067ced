"""`python -m srrp` run from anywhere finds its data folder as the app does: ``--data``, else
``SRRP_DATA_DIR``, else the repository's ``data/``; it says which, and a folder with no plan
is refused with what to do, never a traceback."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from srrp.dataset import PLAN_FILE, activity_files
from tests.workbooks import NGA_HEADER, NGA_HXL, nga_row, xlsx

ROOT = Path(__file__).resolve().parents[1]


def srrp(*args, cwd: Path, data_dir: Path | None = None) -> subprocess.CompletedProcess:
    """The command line as a person runs it, from ``cwd`` (outside the repository)."""
    env = {k: v for k, v in os.environ.items() if k != "SRRP_DATA_DIR"}
    env["PYTHONPATH"] = str(ROOT)
    if data_dir:
        env["SRRP_DATA_DIR"] = str(data_dir)
    return subprocess.run([sys.executable, "-m", "srrp", *map(str, args)], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120)


@pytest.fixture
def copy(tmp_path) -> Path:
    folder = tmp_path / "srv" / "data"
    shutil.copytree(ROOT / "data", folder)
    return folder


@pytest.fixture
def elsewhere(tmp_path) -> Path:
    folder = tmp_path / "home"
    folder.mkdir()
    return folder


def test_import_from_anywhere_reads_and_writes_the_folder_of_srrp_data_dir(copy, elsewhere):
    (elsewhere / "nga_3w.xlsx").write_bytes(xlsx({"3W": [NGA_HEADER, NGA_HXL, nga_row()]}))
    before = activity_files(copy)
    done = srrp("import", "nga_3w.xlsx", "--into", copy, cwd=elsewhere, data_dir=copy)
    assert done.returncode == 0, done.stderr
    assert f"data folder: {copy} (from SRRP_DATA_DIR)" not in done.stderr  # --into named it
    assert len(activity_files(copy)) == len(before) + 1
    checked = srrp("import", "nga_3w.xlsx", cwd=elsewhere, data_dir=copy)
    assert checked.returncode == 0, checked.stderr
    assert f"data folder: {copy} (from SRRP_DATA_DIR)" in checked.stderr


def test_validate_from_anywhere_says_which_data_folder_it_checked(copy, elsewhere):
    repository = srrp("validate", cwd=elsewhere)
    assert repository.returncode == 0, repository.stderr
    assert f"data folder: {ROOT / 'data'} (the repository's data/)" in repository.stderr
    (copy / "lao_activities.csv").write_text("not an activity file\n", encoding="utf-8")
    broken = srrp("validate", cwd=elsewhere, data_dir=copy)
    assert broken.returncode == 1
    assert f"data folder: {copy} (from SRRP_DATA_DIR)" in broken.stderr
    assert "lao_activities.csv:1:" in broken.stderr


def test_data_given_on_the_command_line_comes_before_srrp_data_dir(copy, elsewhere):
    done = srrp("summary", "--json", "--data", ROOT / "data", cwd=elsewhere, data_dir=copy)
    assert done.returncode == 0, done.stderr
    assert f"data folder: {ROOT / 'data'} (given with --data)" in done.stderr
    assert done.stdout.startswith("{")  # stdout stays the JSON alone


@pytest.mark.parametrize("command", [["validate"], ["summary"], ["import", "{file}"]])
def test_a_data_folder_with_no_plan_is_refused_with_what_to_do(tmp_path, elsewhere, command):
    (elsewhere / "nga_3w.xlsx").write_bytes(xlsx({"3W": [NGA_HEADER, NGA_HXL, nga_row()]}))
    args = [a.format(file="nga_3w.xlsx") for a in command]
    done = srrp(*args, cwd=elsewhere, data_dir=tmp_path / "nowhere")
    assert done.returncode == 2
    assert f"the data folder {tmp_path / 'nowhere'} (from SRRP_DATA_DIR) has no {PLAN_FILE}" \
        in done.stderr and "--data DIR" in done.stderr
    assert "Traceback" not in done.stderr


def test_funding_into_a_scenario_kept_apart_applies_it_to_the_data_folders_plan(copy,
                                                                                 elsewhere):
    from tests.examples import FTS_FLOWS

    (elsewhere / "flows.csv").write_text(FTS_FLOWS, encoding="utf-8")
    (elsewhere / "scenarios").mkdir()
    scenario = elsewhere / "scenarios" / "try.yaml"
    scenario.write_text("scenario:\n  title: Try\nchanges: []\n", encoding="utf-8")
    done = srrp("funding", "flows.csv", "--recipient", "IOM", "--into", scenario,
                "--sub-objective", "4.1", cwd=elsewhere, data_dir=copy)
    assert done.returncode == 0, done.stderr
    assert f"data folder: {copy} (from SRRP_DATA_DIR)" in done.stderr
    assert "add_contribution" in scenario.read_text(encoding="utf-8")
