"""Imports as records: listed with what they hold, refused when their content is already in,
taken out (moved aside, never deleted) and brought back; the dashboard follows."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest
import yaml

from srrp.dataset import PLAN_FILE, activity_files, load_dataset
from srrp.intake.imports import (
    REMOVED,
    ImportRefused,
    content_hash,
    list_imports,
    remove_import,
    restore_import,
)
from srrp.intake.provenance import SUFFIX
from srrp.intake.rows import read_import, write_import
from tests.conftest import DATA
from tests.workbooks import NGA_HEADER, NGA_HXL, nga_row, xlsx

NOW = dt.datetime(2026, 12, 1, 9, 30, tzinfo=dt.UTC)


@pytest.fixture
def folder(tmp_path):
    shutil.copy(DATA / PLAN_FILE, tmp_path)
    shutil.copytree(DATA / "gazetteer", tmp_path / "gazetteer")
    return tmp_path


ONE_ROW = xlsx({"3W": [NGA_HEADER, NGA_HXL, nga_row()]})  # made once: a workbook's bytes
# carry the second it was saved in


def add(folder, gazetteers, baseline, *rows, name="nga_3w.xlsx", by="ana@iom.int"):
    raw = xlsx({"3W": [NGA_HEADER, NGA_HXL, *rows]}) if rows else ONE_ROW
    intake = read_import(raw, name, gazetteers, plan=baseline)
    return write_import(intake, folder, baseline, gazetteers, sha256=content_hash(raw), by=by,
                        now=NOW)


def nigeria_rows(folder) -> int:
    dataset = load_dataset(folder / PLAN_FILE, activity_files(folder), folder / "gazetteer")
    return int((dataset.activities["country_iso3"] == "NGA").sum())


def test_an_import_is_listed_with_its_record(folder, gazetteers, baseline):
    nobody = ["", "", "", "", *nga_row()[4:]]  # says neither who nor what: rejected
    path = add(folder, gazetteers, baseline, nga_row(), nobody)
    [record] = list_imports(folder)
    assert path.name == record.file and record.id in path.name
    assert (record.original_file, record.country, record.rows, record.accepted,
            record.rejected) == ("nga_3w.xlsx", "NGA", 2, 1, 1)
    assert (record.imported_at, record.imported_by, record.removed) == (
        "2026-12-01T09:30:00+00:00", "ana@iom.int", False)
    assert len(record.sha256) == 64 and record.as_json()["status"] == "in"


def test_taken_out_its_rows_no_longer_count_its_files_kept_and_it_comes_back(
        folder, gazetteers, baseline):
    path = add(folder, gazetteers, baseline)
    record_file = path.with_name(path.stem + SUFFIX)
    files = {p.name: p.read_bytes() for p in (path, record_file)}
    [record] = list_imports(folder)
    assert nigeria_rows(folder) == 1

    assert remove_import(folder, record.id).removed
    assert nigeria_rows(folder) == 0 and not path.exists() and not record_file.exists()
    assert {p.name: p.read_bytes() for p in (folder / REMOVED).iterdir()} == files
    assert [r.removed for r in list_imports(folder)] == [True]

    assert not restore_import(folder, record.id).removed
    assert nigeria_rows(folder) == 1
    assert {p.name: p.read_bytes() for p in (path, record_file)} == files
    assert list(folder.joinpath(REMOVED).iterdir()) == []


@pytest.mark.parametrize("first, then, code", [
    ("remove", "remove", "import-taken-out"), ("restore", None, "import-in")])
def test_taking_out_twice_or_bringing_back_what_is_in_is_refused(folder, gazetteers, baseline,
                                                                first, then, code):
    add(folder, gazetteers, baseline)
    import_id = list_imports(folder)[0].id
    action = {"remove": remove_import, "restore": restore_import}
    with pytest.raises(ImportRefused) as refused:
        action[first](folder, import_id)
        action[then](folder, import_id)
    assert refused.value.problem.code == code


def test_an_unknown_id_is_refused(folder):
    with pytest.raises(ImportRefused) as refused:
        remove_import(folder, "20261201-000000-ffffff")
    assert refused.value.problem.code == "unknown-import"


def test_content_taken_out_may_come_in_again_and_then_the_old_one_stays_out(
        folder, gazetteers, baseline):
    add(folder, gazetteers, baseline)
    old = list_imports(folder)[0]
    remove_import(folder, old.id)
    add(folder, gazetteers, baseline)  # corrected and imported anew, say
    with pytest.raises(ImportRefused) as refused:
        restore_import(folder, old.id)
    assert refused.value.problem.code == "already-imported"
    assert nigeria_rows(folder) == 1


def test_an_import_made_before_records_had_ids_is_listed_by_its_file_name(folder):
    (folder / "nga_activities_x_20261128T080000Z.provenance.yaml").write_text(
        yaml.safe_dump({"original_file": "x.xlsx", "country": "NGA", "accepted": 3}))
    (folder / "nga_activities_x_20261128T080000Z.csv").write_text("country_iso3\n")
    [record] = list_imports(folder)
    assert (record.id, record.accepted, record.rounds) == (
        "nga_activities_x_20261128T080000Z", 3, ())


def test_a_record_caught_between_two_moves_is_listed_once_as_its_file_says(
        folder, gazetteers, baseline):
    path = add(folder, gazetteers, baseline)
    (folder / REMOVED).mkdir()
    path.rename(folder / REMOVED / path.name)  # taken out half-way: the record not moved yet
    [record] = list_imports(folder)
    assert record.removed
