"""`python -m srrp import FILE`: the report, the exit codes, and a new file with --into; every
row of each real 3W file in ../shared/real-data/3w accounted for."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from srrp.cli import main
from srrp.dataset import PLAN_FILE, activity_files, load_dataset
from srrp.files.sheets import MAX_CELL
from tests.examples import REAL_DATA
from tests.workbooks import NGA_HEADER, NGA_HXL, csv_text, nga_row, xlsx

ROOT = Path(__file__).resolve().parents[1]
REAL = REAL_DATA / "3w"
KEYS = ["rows", "accepted", "rejected", "columns", "unmapped", "places"]
HOWS = ["pcode", "converted", "name", "alternative", "fuzzy", "parent", "not_located",
        "unknown"]


def run(capsys, *args: str) -> tuple[int, dict, str]:
    code = main(["import", *map(str, args), "--json"])
    out, err = capsys.readouterr()
    return code, json.loads(out) if out.strip() else {}, err


@pytest.fixture
def nga(tmp_path) -> Path:
    path = tmp_path / "nga_3w.xlsx"
    path.write_bytes(xlsx({"3W": [NGA_HEADER, NGA_HXL, nga_row(), nga_row(reached="#VALUE!")]}))
    return path


def test_a_clean_file_exits_0_with_the_report_as_one_json_object(capsys, nga):
    code, report, err = run(capsys, nga)
    assert code == 0, err
    assert list(report)[:6] == KEYS and list(report["places"]) == HOWS
    assert (report["rows"], report["accepted"], report["rejected"]) == (2, 2, [])
    assert report["columns"]["State Pcode"] == "admin1_pcode" and report["unmapped"] == []
    assert report["places"]["pcode"] == 2 and report["written"] is None
    assert ":4:10: error-cell:" in err  # a warning, with its line and column


def test_rejected_rows_exit_1_each_with_its_line(capsys, tmp_path):
    path = tmp_path / "nga_3w.xlsx"
    path.write_bytes(xlsx({"3W": [NGA_HEADER, NGA_HXL, nga_row(), nga_row(
        state="Xyzzy", pcode="", lga="", lga_code="")]}))
    code, report, err = run(capsys, path)
    assert code == 1
    assert report["rejected"] == [{"line": 4, "code": "unknown-place", "message": report[
        "rejected"][0]["message"]}]
    assert "nga_3w.xlsx:4:5: unknown-place: 'Xyzzy' is not a state of Nigeria" in err


def test_a_bad_field_is_a_warning_with_its_line_and_column_not_a_lost_row(capsys, tmp_path):
    path = tmp_path / "nga_3w.xlsx"
    path.write_bytes(xlsx({"3W": [NGA_HEADER, NGA_HXL, nga_row(targeted="-3")]}))
    code, report, err = run(capsys, path)
    assert code == 0 and report["accepted"] == 1
    assert [(w["line"], w["code"]) for w in report["warnings"]] == [(3, "bad-number")]
    assert "warning: nga_3w.xlsx:3:9: bad-number: 'People targeted': '-3'" in err


@pytest.mark.parametrize("args", [["no-such-file.xlsx"], ["{nga}", "--country", "XYZ"],
                                  ["{nga}", "--sheet", "Nope"], ["{nga}", "--into", "nowhere/"]])
def test_usage_errors_exit_2(capsys, nga, args):
    assert main(["import", *[a.format(nga=nga) for a in args]]) == 2
    assert capsys.readouterr().err


def test_an_unknown_option_exits_2(nga):
    with pytest.raises(SystemExit) as exit_:
        main(["import", str(nga), "--bogus"])
    assert exit_.value.code == 2


def test_nothing_readable_exits_1(capsys, tmp_path):
    path = tmp_path / "locked.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
    assert main(["import", str(path)]) == 1
    assert "old-excel" in capsys.readouterr().err


def test_into_writes_a_new_file_the_dashboard_loads(capsys, nga, tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    shutil.copy(ROOT / "data" / PLAN_FILE, folder)
    shutil.copytree(ROOT / "data" / "gazetteer", folder / "gazetteer")
    code, report, _ = run(capsys, nga, "--into", folder)
    written = Path(report["written"])
    assert code == 0 and written.parent == folder and written.name.startswith("nga_activities_")
    dataset = load_dataset(folder / PLAN_FILE, activity_files(folder), folder / "gazetteer")
    assert len(dataset.activities) == 2


def test_the_command_runs_as_a_module(nga):
    result = subprocess.run([sys.executable, "-m", "srrp", "import", str(nga)], cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "2 rows read: 2 accepted, 0 rejected" in result.stdout


REAL_FILES = {  # file → (rows, sheet, rejected): the counts the real-data README gives
    "nga_3w_august_2021.xlsx": (4648, "august_3ws", 0),
    "moz_4w_response_tracking_matrix_20190909.xlsx": (8391, "Data_Entry", 0),
    "gtm_345w_2020_2021.csv": (1197, "(CSV)", 2),
    "irq_3w_jan_apr_2022_longtable.xlsx": (4839, "3W longtable Jan-Apr 2022 ", 0),
    "hnd_345w.csv": (2730, "(CSV)", 3),
    # the README counts the header row: 31,085 rows of data under the HXL row
    "som_3w_all_clusters_march_2022.xlsx": (31085, "Data", 0),
    "yem_education_cluster_activities_2019.xlsx": (4728, "YHRP Dataset ( Jan-June )", 0),
}


@pytest.mark.skipif(not REAL.is_dir(), reason="../shared/real-data is not here")
@pytest.mark.parametrize("name", list(REAL_FILES))
def test_every_row_of_each_real_file_is_accounted_for(capsys, name):
    code, report, _ = run(capsys, REAL / name)
    rows, sheet, rejected = REAL_FILES[name]
    assert (report["rows"], report["sheet"], len(report["rejected"])) == (rows, sheet, rejected)
    assert report["accepted"] + len(report["rejected"]) == rows
    assert sum(report["places"].values()) == rows
    assert code == (0 if not report["rejected"] else 1)
    assert all(r["line"] and r["code"] and r["message"] for r in report["rejected"])


@pytest.mark.skipif(not REAL.is_dir(), reason="../shared/real-data is not here")
def test_nigerias_iso3_pcodes_are_converted_and_every_row_placed(capsys):
    _, report, _ = run(capsys, REAL / "nga_3w_august_2021.xlsx")
    assert report["places"]["converted"] == 4648 and report["accepted"] == 4648


@pytest.mark.skipif(not REAL.is_dir(), reason="../shared/real-data is not here")
def test_mozambiques_rows_above_its_hxl_row_are_named(capsys):
    _, report, _ = run(capsys, REAL / "moz_4w_response_tracking_matrix_20190909.xlsx")
    assert [s["row"] for s in report["skipped"]] == [1, 3, 4, 5, 6]
    assert report["columns"]["Organização líder"] == "donor"
    assert report["places"]["not_located"] > 0


def test_a_cell_longer_than_a_cell_may_hold_is_refused_with_its_line_not_a_traceback(
        capsys, tmp_path):
    path = tmp_path / "nga_3w.csv"
    rows = [NGA_HEADER, NGA_HXL, nga_row(), ["x" * (MAX_CELL + 1), *nga_row()[1:]]]
    path.write_text(csv_text(rows), encoding="utf-8")
    code, report, err = run(capsys, path)
    assert (code, report) == (1, {})
    assert any(line.startswith("nga_3w.csv:4:1: cell-too-long:") for line in err.splitlines())
    assert "Traceback" not in err


@pytest.mark.skipif(not REAL.is_dir(), reason="../shared/real-data is not here")
def test_the_rows_still_rejected_are_those_whose_place_cannot_be_told(capsys):
    """Guatemala and Honduras write '31' as the municipality code of a few rows whose
    department cannot be told either: nothing places them, so they are refused, each with
    its reason."""
    for name in ("gtm_345w_2020_2021.csv", "hnd_345w.csv"):
        _, report, _ = run(capsys, REAL / name)
        assert {r["code"] for r in report["rejected"]} == {"unknown-pcode"}
        assert all("P-code '31'" in r["message"] for r in report["rejected"])


@pytest.mark.skipif(not REAL.is_dir(), reason="../shared/real-data is not here")
def test_presence_and_bilingual_places_land_with_their_warnings(capsys):
    _, somalia, _ = run(capsys, REAL / "som_3w_all_clusters_march_2022.xlsx")
    assert any("31,085 rows are operational presence" in n for n in somalia["notes"])
    assert {w["code"] for w in somalia["warnings"]} == {"placed-at-admin1"}
    _, yemen, _ = run(capsys, REAL / "yem_education_cluster_activities_2019.xlsx")
    by_name = yemen["places"]["alternative"]  # 'المواسط / Al Mawasit' is Al Mawasit
    at_admin1 = [w for w in yemen["warnings"] if w["code"] == "placed-at-admin1"]
    assert by_name > 2900 and by_name + len(at_admin1) == yemen["rows"] == yemen["accepted"]
