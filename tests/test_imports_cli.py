"""`python -m srrp imports`: the list of imports, taking one out and bringing it back, and
`import --into` refusing content already in (exit 1, nothing written)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from srrp.cli import main
from tests.workbooks import NGA_HEADER, NGA_HXL, nga_row, xlsx

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def folder(bare_data) -> Path:
    return bare_data


def nga_file(folder: Path, name: str = "nga_3w.xlsx", *rows) -> Path:
    path = folder.parent / name
    path.write_bytes(xlsx({"3W": [NGA_HEADER, NGA_HXL, *(rows or [nga_row()])]}))
    return path


def listed(capsys, *args) -> list[dict]:
    capsys.readouterr()
    assert main(["imports", *map(str, args), "--json"]) == 0
    return json.loads(capsys.readouterr().out)["imports"]


def test_an_import_is_listed_taken_out_and_brought_back(capsys, folder):
    assert main(["import", str(nga_file(folder)), "--into", str(folder)]) == 0
    [record] = listed(capsys, "--data", folder)
    assert (record["original_file"], record["country"], record["accepted"], record["status"]) \
        == ("nga_3w.xlsx", "NGA", 1, "in")
    assert main(["imports", "remove", record["id"], "--data", str(folder)]) == 0
    assert [r["status"] for r in listed(capsys, "--data", folder)] == ["taken out"]
    assert not any(folder.glob("nga_activities_*")) and any((folder / "removed").iterdir())
    assert main(["imports", "restore", record["id"], "--data", str(folder)]) == 0
    assert [r["status"] for r in listed(capsys, "--data", folder)] == ["in"]


def test_the_same_content_again_exits_1_naming_the_earlier_import_and_writes_nothing(
        capsys, folder):
    nga = nga_file(folder)
    assert main(["import", str(nga), "--into", str(folder)]) == 0
    [record] = listed(capsys, "--data", folder)
    before = sorted(p.name for p in folder.iterdir())
    assert main(["import", str(nga), "--into", str(folder)]) == 1
    err = capsys.readouterr().err
    assert "already-imported" in err and record["id"] in err
    assert sorted(p.name for p in folder.iterdir()) == before


@pytest.mark.parametrize("args", [["remove", "nope"], ["restore", "nope"]])
def test_an_unknown_id_exits_1_with_the_way_to_list_them(capsys, folder, args):
    assert main(["imports", *args, "--data", str(folder)]) == 1
    assert "unknown-import" in capsys.readouterr().err


@pytest.mark.parametrize("args", [["remove"], ["frobnicate", "x"]])
def test_usage_errors_exit_2(capsys, folder, args):
    try:
        code = main(["imports", *args, "--data", str(folder)])
    except SystemExit as exit_:  # argparse's own refusal
        code = exit_.code
    assert code == 2 and "Traceback" not in capsys.readouterr().err


def test_the_data_folder_is_srrp_data_dir_when_not_given(capsys, folder, monkeypatch):
    assert main(["import", str(nga_file(folder)), "--into", str(folder)]) == 0
    monkeypatch.setenv("SRRP_DATA_DIR", str(folder))
    assert [r["original_file"] for r in listed(capsys)] == ["nga_3w.xlsx"]


def test_two_files_of_the_same_name_imported_at_once_from_two_processes_both_land(folder):
    """Both named nga_3w.xlsx, both in the same second: each gets its own id, none is lost."""
    files = []
    for office in ("north", "south"):
        (folder.parent / office).mkdir()
        path = folder.parent / office / "nga_3w.xlsx"
        path.write_bytes(xlsx({"3W": [NGA_HEADER, NGA_HXL, nga_row(state=office.title())]}))
        files.append(path)
    runs = [subprocess.Popen([sys.executable, "-m", "srrp", "import", str(f), "--into",
                              str(folder)], cwd=ROOT, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True) for f in files]
    results = [(r.wait(timeout=120), r.stderr.read()) for r in runs]
    assert [code for code, _ in results] == [0, 0], results
    assert all("Traceback" not in err for _, err in results)
    assert len(list(folder.glob("nga_activities_nga-3w_*.csv"))) == 2
