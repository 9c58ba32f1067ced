"""scripts/build_gazetteers.py: the committed gazetteers are what it builds from OCHA's list, and
what a maintainer wrote survives a rebuild."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from tests.examples import REAL_DATA

ROOT = Path(__file__).resolve().parents[2]
GAZETTEER_DIR = ROOT / "data" / "gazetteer"
PCODE_LIST = REAL_DATA / "reference" / "global_pcodes_adm1_adm2.csv"


@pytest.fixture(scope="module")
def script():
    from scripts import build_gazetteers as module
    if not PCODE_LIST.is_file():
        pytest.skip("OCHA's global P-code list is not beside the repository")
    if not module.ISO_CODES.is_file():
        pytest.skip("Debian's iso-codes package is not installed")
    return module


def rows(text: str) -> list[dict]:
    return list(csv.DictReader(text.splitlines()))


def test_the_committed_gazetteers_are_what_the_script_builds(script, tmp_path):
    folder = tmp_path / "gazetteer"
    shutil.copytree(GAZETTEER_DIR, folder)
    files = script.build(PCODE_LIST, folder, None, script.ISO_CODES, log=lambda _m: None)
    assert len(files) == 2 * 156 + 2  # admin 1 and 2 of each country, countries, alt_names
    for path, text in files.items():
        assert text == (GAZETTEER_DIR / path.name).read_text(encoding="utf-8"), path.name


def test_a_new_country_gets_the_lists_areas_and_nothing_invented(script, tmp_path):
    files = script.build(PCODE_LIST, tmp_path, ["NGA"], script.ISO_CODES, log=lambda _m: None)
    states = rows(files[tmp_path / "NGA.csv"])
    assert len(states) == 37 and states[7]["admin1_name"] == "Borno"
    assert all(s["capital"] == s["capital_lat"] == s["iso_3166_2"] == "" for s in states)
    lgas = rows(files[tmp_path / "NGA_admin2.csv"])
    assert len(lgas) == 774 and {lga["admin1_pcode"] for lga in lgas} == {
        s["admin1_pcode"] for s in states}
    (nigeria,) = rows(files[tmp_path / "countries.csv"])
    assert nigeria == {"iso3": "NGA", "iso2": "NG", "name": "Nigeria", "admin1_label": "State",
                       "pcodes_valid_from": nigeria["pcodes_valid_from"]}


def test_a_maintainers_names_survive_and_the_lists_others_become_alternatives(script, tmp_path):
    for name in ("countries.csv", "LAO.csv"):
        shutil.copy(GAZETTEER_DIR / name, tmp_path / name)
    said = []
    files = script.build(PCODE_LIST, tmp_path, ["LAO"], script.ISO_CODES, log=said.append)
    assert files[tmp_path / "LAO.csv"] == (GAZETTEER_DIR / "LAO.csv").read_text(encoding="utf-8")
    assert rows(files[tmp_path / "countries.csv"])[0]["name"] == "Lao PDR"
    # OCHA's 'Vientiane' for the province is also the capital's name: it is left out, and said
    assert any("'Vientiane' for LA10 is left out" in line for line in said)
    assert not any(r["name"] == "Vientiane" for r in rows(files[tmp_path / "alt_names.csv"]))


def test_a_country_not_in_the_list_is_refused(script, tmp_path):
    with pytest.raises(script.BuildError, match="XYZ"):
        script.build(PCODE_LIST, tmp_path, ["XYZ"], script.ISO_CODES, log=lambda _m: None)


def test_the_script_exits_non_zero_on_a_file_that_is_not_the_list(script, tmp_path, capsys):
    other = tmp_path / "other.csv"
    other.write_text("a,b\n1,2\n", encoding="utf-8")
    assert script.main([str(other), "--out-dir", str(tmp_path)]) == 1
    assert "not OCHA's P-code list" in capsys.readouterr().err
