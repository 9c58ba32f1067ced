"""`python -m srrp activities`: what Targets and the map show, as data; two rounds of one 4W give
the later round's figures with the history kept, and a real 4W imported twice counts once."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from srrp.cli import main
from tests.examples import REAL_DATA
from tests.workbooks import NGA_HEADER, NGA_HXL, nga_row, xlsx

HND = REAL_DATA / "3w" / "hnd_345w.csv"


@pytest.fixture
def folder(bare_data) -> Path:
    return bare_data


def imported(folder: Path, name: str, *args: str, **row) -> int:
    path = folder.parent / name
    path.write_bytes(xlsx({"3W": [NGA_HEADER, NGA_HXL, nga_row(**row)]}))
    return main(["import", str(path), "--into", str(folder), *args])


def figures(capsys, folder: Path, country: str = "NGA") -> dict:
    capsys.readouterr()
    assert main(["activities", "--data", str(folder), "--country", country, "--json"]) == 0
    return json.loads(capsys.readouterr().out)["countries"][0]


def test_two_rounds_give_the_later_rounds_figures_and_keep_the_history(capsys, folder):
    assert imported(folder, "nga_3w_july.xlsx", "--round", "2021-07", reached=800) == 0
    assert imported(folder, "nga_3w_august.xlsx", "--round", "2021-08", reached=1100) == 0
    answer = figures(capsys, folder)
    assert answer["totals"] == {"activities": 1, "organisations": 1, "targeted": 1200,
                                "reached": 1100, "budget": None}
    assert [(r["round"], r["reached"]) for r in answer["by_round"]] == [
        ("2021-07", 800), ("2021-08", 1100)]
    borno = next(p for p in answer["by_admin1"] if p["admin1_pcode"] == "NG008")
    assert (borno["activities"], borno["reached"]) == (1, 1100)


def test_the_round_comes_from_the_files_name_when_not_given(capsys, folder):
    assert imported(folder, "nga_3w_august_2021.xlsx") == 0
    capsys.readouterr()
    assert main(["imports", "--data", str(folder), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["imports"][0]["rounds"] == ["2021-08"]


def test_a_round_that_is_not_a_month_is_a_usage_error(capsys, folder):
    assert imported(folder, "nga.xlsx", "--round", "August") == 2
    assert "YYYY-MM" in capsys.readouterr().err


def test_an_unknown_country_is_a_usage_error(capsys, folder):
    assert main(["activities", "--data", str(folder), "--country", "XYZ"]) == 2


@pytest.mark.skipif(not HND.is_file(), reason="../shared/real-data is not here")
def test_a_real_4w_imported_twice_counts_once_each_activity_at_its_latest_round(capsys, folder):
    main(["import", str(HND), "--into", str(folder)])
    once = figures(capsys, folder, "HND")
    assert main(["import", str(HND), "--into", str(folder)]) == 1  # refused, naming the first
    assert "already-imported" in capsys.readouterr().err
    assert figures(capsys, folder, "HND") == once
    assert len(once["rounds"]) > 1  # FECHA DE REPORTE: several monthly rounds in one file
    assert once["totals"]["activities"] < sum(r["activities"] for r in once["by_round"])
    assert once["totals"]["reached"] <= sum(r["reached"] or 0 for r in once["by_round"])
