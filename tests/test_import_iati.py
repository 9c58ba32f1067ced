"""IATI activity XML through `python -m srrp import`: the three Lao KOICA activities become
activities of Lao PDR, their KRW budgets converted only at a stated rate, and a file that cannot
be used writes nothing."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from srrp.cli import main
from srrp.dataset import PLAN_FILE, activity_files, load_dataset
from tests.examples import REAL_DATA

ROOT = Path(__file__).resolve().parents[1]
DPORTAL = REAL_DATA / "iati" / \
    "dportal_covid_subset_LA_KH_MM_VN_TH_IOM.xml"
pytestmark = pytest.mark.skipif(not DPORTAL.is_file(), reason="real IATI file not available")
KOICA = "Korea International Cooperation Agency"


def run(capsys, *args) -> tuple[int, dict, str]:
    code = main(["import", *map(str, args), "--json"])
    out, err = capsys.readouterr()
    return code, json.loads(out) if out.strip() else {}, err


@pytest.fixture
def data(tmp_path) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(ROOT / "data", folder, ignore=shutil.ignore_patterns("scenarios"))
    return folder


def imported(folder: Path) -> pd.DataFrame:
    written = [p for p in activity_files(folder) if "dportal" in p.name]
    assert len(written) == 1
    return pd.read_csv(written[0], skiprows=[1], dtype=str, keep_default_na=False)


def test_the_three_lao_activities_become_activities_of_lao_pdr(capsys, data):
    code, report, err = run(capsys, DPORTAL, "--country", "LAO", "--into", data)
    assert code == 0, err
    assert (report["rows"], report["accepted"], report["format"]) == (3, 3, "iati")
    assert "21 are not in LAO" in report["notes"][0]
    rows = imported(data)
    assert set(rows["implementer"]) == {KOICA}
    assert set(rows["donor"]) == {"Ministry of Foreign Affairs"}
    assert (rows["admin1_pcode"] == "").all()  # the file gives no administrative codes
    dataset = load_dataset(data / PLAN_FILE, activity_files(data), data / "gazetteer")
    lao = dataset.activities[dataset.activities["country_iso3"] == "LAO"]
    assert lao["implementer"].astype(str).eq(KOICA).sum() == 3


def test_without_a_rate_krw_budgets_are_not_reported_in_usd_and_kept_in_the_note(capsys, data):
    run(capsys, DPORTAL, "--country", "LAO", "--into", data)
    rows = imported(data)
    assert (rows["budget_usd"] == "").all()
    assert rows["note"].str.contains(r"budget KRW [\d,]+ \(no rate stated: not in USD\)").all()


def test_a_stated_rate_converts_the_budgets_and_is_written_in_the_note(capsys, data):
    run(capsys, DPORTAL, "--country", "LAO", "--rate", "KRW=0.00085", "--into", data)
    rows = imported(data)
    assert sorted(rows["budget_usd"].astype(int)) == [122827, 175631, 528334]
    assert rows["note"].str.contains("at the stated rate KRW=0.00085").all()


def test_an_unknown_currency_is_a_usage_error_and_nothing_is_written(capsys, data):
    before = sorted(p.name for p in data.iterdir())
    code, _, err = run(capsys, DPORTAL, "--country", "LAO", "--rate", "WON=0.00085",
                       "--into", data)
    assert code == 2
    assert err.startswith("--rate: unknown-currency: 'WON'")
    assert sorted(p.name for p in data.iterdir()) == before


def test_a_file_of_several_countries_needs_its_country(capsys):
    code, _, err = run(capsys, DPORTAL)
    assert code == 2 and "choose one with --country ISO3" in err


def test_an_entity_expansion_is_refused_at_its_line_and_nothing_is_written(capsys, data,
                                                                           tmp_path):
    bomb = tmp_path / "bomb.xml"
    bomb.write_text('<?xml version="1.0"?>\n<!DOCTYPE a [<!ENTITY x "xx">]>\n'
                    "<iati-activities>&x;</iati-activities>\n", encoding="utf-8")
    before = sorted(p.name for p in data.iterdir())
    code, _, err = run(capsys, bomb, "--country", "LAO", "--into", data)
    assert code == 1 and err.startswith("bomb.xml:2:1: unsafe-xml:")
    assert sorted(p.name for p in data.iterdir()) == before


def test_the_text_report_says_the_file_was_read_as_iati(capsys):
    assert main(["import", str(DPORTAL), "--country", "LAO"]) == 0
    first = capsys.readouterr().out.splitlines()[0]
    assert first.startswith(f"{DPORTAL.name}: IATI activity XML; ")
