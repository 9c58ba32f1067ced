"""Which boundaries a country is drawn with, and ``python -m srrp boundaries``."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from srrp.cli import main
from srrp.places.boundaries import boundary_file, exported, office_file
from tests.districts import import_lao_districts

DATA = Path(__file__).resolve().parents[3] / "data"


@pytest.fixture
def data(bare_data) -> Path:
    (bare_data / "boundaries").mkdir()
    for iso3 in ("LAO", "CMR"):
        shutil.copy(DATA / "boundaries" / f"{iso3}_admin1.geojson", bare_data / "boundaries")
    return bare_data


def test_the_command_prints_every_polygon_with_its_p_code_and_name(data, capsys):
    assert main(["boundaries", "cmr", "--data", str(data)]) == 0
    collection = json.loads(capsys.readouterr().out)
    assert len(collection["features"]) == 10
    first = collection["features"][0]
    assert first["properties"] == {"admin1_pcode": "CM001", "name": "Adamaoua"}
    assert first["geometry"]["type"] in ("Polygon", "MultiPolygon")


def test_a_country_without_boundaries_says_how_to_add_them(data, capsys):
    assert main(["boundaries", "PRI", "--data", str(data)]) == 1
    err = capsys.readouterr().err
    assert "Puerto Rico has no admin-1 boundaries" in err and "import FILE --country PRI" in err


def test_an_unknown_country_is_a_usage_error(data, capsys):
    assert main(["boundaries", "XYZ", "--data", str(data)]) == 2
    assert "no country 'XYZ'" in capsys.readouterr().err


def test_the_office_s_own_file_replaces_the_built_in_one(data, capsys):
    built_in = boundary_file(data, "LAO")
    own = office_file(data, "LAO", 1)
    own.parent.mkdir()
    collection = json.loads(built_in.read_text(encoding="utf-8"))
    collection["features"] = collection["features"][:2]
    own.write_text(json.dumps(collection), encoding="utf-8")
    assert boundary_file(data, "LAO") == own
    assert len(json.loads(exported(boundary_file(data, "LAO")))["features"]) == 2
    assert main(["boundaries", "LAO", "--data", str(data)]) == 0
    assert len(json.loads(capsys.readouterr().out)["features"]) == 2


def test_level_2_prints_each_district_with_its_province(data, gazetteers, capsys):
    import_lao_districts(data, gazetteers["LAO"])
    assert main(["boundaries", "LAO", "--level", "2", "--data", str(data)]) == 0
    features = json.loads(capsys.readouterr().out)["features"]
    assert len(features) == 148
    phouvong = next(f for f in features if f["properties"]["admin2_pcode"] == "LA1705")
    assert phouvong["properties"] == {"admin2_pcode": "LA1705", "admin1_pcode": "LA17",
                                      "name": "Phouvong"}


def test_level_2_without_districts_says_how_to_import_them(data, capsys):
    assert main(["boundaries", "LAO", "--level", "2", "--data", str(data)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "Lao PDR has no admin-2 (district) boundaries" in captured.err
    assert f"import FILE --country LAO --into {data}" in captured.err
