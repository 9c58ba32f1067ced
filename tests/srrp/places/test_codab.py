"""An office's own boundaries (OCHA COD-AB): read in each format, checked, and replacing the
built-in ones."""

from __future__ import annotations

import io
import json
import shutil
import zipfile
from pathlib import Path

import pytest
import shapefile

from srrp.cli import main
from srrp.places.boundaries import boundary_file, exported
from srrp.places.codab import is_boundary_file, read_boundaries, write_boundaries
from srrp.places.gazetteer import load_gazetteers
from srrp.places.geometry import load_boundaries, point_in_geometry

DATA = Path(__file__).resolve().parents[3] / "data"


@pytest.fixture(scope="module")
def lao():
    return load_gazetteers(DATA / "gazetteer")["LAO"]


def cod_ab(level: int = 1) -> dict:
    """Lao PDR's provinces as OCHA writes a COD-AB GeoJSON (admin 2: each province one
    'district', named as the gazetteer's first district of it)."""
    collection = load_boundaries(DATA / "boundaries" / "LAO_admin1.geojson")
    features = []
    for feature in collection["features"]:
        props = feature["properties"]
        record = {"ADM1_PCODE": props["admin1_pcode"], "ADM1_EN": props["admin1_name"],
                  "ADM0_PCODE": "LA"}
        if level == 2:
            record.update(ADM2_PCODE=props["admin1_pcode"] + "01", ADM2_EN="District")
        features.append({"type": "Feature", "properties": record,
                         "geometry": feature["geometry"]})
    return {"type": "FeatureCollection", "features": features}


def as_topojson(collection: dict) -> dict:
    arcs, geometries = [], []
    for feature in collection["features"]:
        geometry = feature["geometry"]
        polys = [geometry["coordinates"]] if geometry["type"] == "Polygon" else \
            geometry["coordinates"]
        indexed = []
        for poly in polys:
            rings = []
            for ring in poly:
                arcs.append(ring)
                rings.append([len(arcs) - 1])
            indexed.append(rings)
        geometries.append({"type": "MultiPolygon", "arcs": indexed,
                           "properties": feature["properties"]})
    return {"type": "Topology", "arcs": arcs,
            "objects": {"lao_adm1": {"type": "GeometryCollection", "geometries": geometries}}}


def as_zipped_shapefile(collection: dict) -> bytes:
    shp, shx, dbf = io.BytesIO(), io.BytesIO(), io.BytesIO()
    writer = shapefile.Writer(shp=shp, shx=shx, dbf=dbf, shapeType=shapefile.POLYGON)
    writer.field("ADM1_PCODE", "C", 10)
    writer.field("ADM1_EN", "C", 60)
    for feature in collection["features"]:
        geometry = feature["geometry"]
        polys = [geometry["coordinates"]] if geometry["type"] == "Polygon" else \
            geometry["coordinates"]
        # a shapefile's outer rings run clockwise
        writer.poly([ring[::-1] if i == 0 else ring for poly in polys
                     for i, ring in enumerate(poly)])
        writer.record(feature["properties"]["ADM1_PCODE"], feature["properties"]["ADM1_EN"])
    writer.close()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for ext, part in (("shp", shp), ("shx", shx), ("dbf", dbf)):
            archive.writestr(f"lao_adm1.{ext}", part.getvalue())
    return out.getvalue()


FORMATS = {
    "geojson": lambda: json.dumps(cod_ab()).encode(),
    "topojson": lambda: json.dumps(as_topojson(cod_ab())).encode(),
    "shapefile": lambda: as_zipped_shapefile(cod_ab()),
}


@pytest.mark.parametrize("kind", FORMATS)
def test_each_format_is_recognised_by_its_content_and_read_whole(kind, lao):
    data = FORMATS[kind]()
    assert is_boundary_file(data)
    result = read_boundaries(data, "lao_adm1", lao)
    assert result.problems == [] and result.warnings == []
    assert result.level == 1 and sorted(result.areas) == sorted(a.pcode for a in lao.areas)


def test_an_activity_file_is_not_taken_for_boundaries():
    assert not is_boundary_file(b"country_iso3,project\nLAO,x\n")
    assert not is_boundary_file(b'{"type": "FeatureCollection", "features": []}')


def test_unknown_p_codes_are_reported_and_kept(lao):
    collection = cod_ab()
    collection["features"][0]["properties"]["ADM1_PCODE"] = "LA99"
    result = read_boundaries(json.dumps(collection).encode(), "new.geojson", lao)
    assert not result.problems and "LA99" in result.areas
    assert [w.code for w in result.warnings] == ["boundary-unknown-pcode"]


def test_a_broken_ring_and_overlapping_areas_are_refused(lao):
    collection = cod_ab()
    collection["features"][0]["geometry"] = {"type": "Polygon", "coordinates": [[[1, 1], [1, 1],
                                                                                 [1, 1]]]}
    collection["features"][1]["geometry"] = collection["features"][2]["geometry"]
    result = read_boundaries(json.dumps(collection).encode(), "bad.geojson", lao)
    assert {p.code for p in result.problems} == {"boundary-ring", "boundary-overlap"}


def test_projected_coordinates_are_refused_with_what_to_do(lao):
    collection = cod_ab()
    collection["features"][0]["geometry"] = {"type": "Polygon", "coordinates": [[
        [500000, 2000000], [510000, 2000000], [510000, 2010000], [500000, 2000000]]]}
    [problem] = read_boundaries(json.dumps(collection).encode(), "utm.geojson", lao).problems
    assert "WGS 84" in problem.message


@pytest.fixture
def data(bare_data) -> Path:
    shutil.copytree(DATA / "boundaries", bare_data / "boundaries",
                    ignore=lambda _d, names: [n for n in names if not n.startswith("LAO")])
    return bare_data


def test_an_import_replaces_the_built_in_boundaries_and_keeps_the_earlier_one(data, lao):
    collection = cod_ab()
    collection["features"] = collection["features"][:5]
    raw = json.dumps(collection).encode()
    result = read_boundaries(raw, "office.geojson", lao)
    written = write_boundaries(result, raw, "LAO", data, who="tester")
    assert boundary_file(data, "LAO") == written
    drawn = load_boundaries(written)["features"]
    assert len(drawn) == 5 and set(drawn[0]["properties"]) == {"admin1_pcode", "admin1_name",
                                                              "iso_3166_2"}
    provenance = json.loads(written.with_suffix(".provenance.json").read_text())
    assert provenance["file"] == "office.geojson" and provenance["by"] == "tester"
    # Vientiane city stays inside its simplified polygon
    vientiane = next(f for f in drawn if f["properties"]["admin1_pcode"] == "LA01")
    assert point_in_geometry(102.6098, 17.9660, vientiane["geometry"])
    again = write_boundaries(result, raw, "LAO", data)
    assert again == written and list((written.parent / "earlier").iterdir())


def test_the_command_line_imports_a_shapefile_into_a_data_folder(data, capsys):
    path = data.parent / "lao_adm1.zip"
    path.write_bytes(as_zipped_shapefile(cod_ab()))
    assert main(["import", str(path), "--country", "LAO", "--into", str(data)]) == 0
    out = capsys.readouterr().out
    assert "admin-1 boundaries of Lao PDR, 18 areas" in out and "written:" in out
    assert len(json.loads(exported(boundary_file(data, "LAO")))["features"]) == 18
    assert main(["import", str(path), "--into", str(data)]) == 2  # no country given


def test_admin_2_boundaries_are_kept_for_their_level(data, lao):
    raw = json.dumps(cod_ab(level=2)).encode()
    result = read_boundaries(raw, "adm2.geojson", lao)
    assert result.level == 2
    written = write_boundaries(result, raw, "LAO", data)
    assert written.name == "LAO_admin2.geojson"
    features = json.loads(exported(written, level=2))["features"]
    assert features[0]["properties"].keys() == {"admin2_pcode", "admin1_pcode", "name"}
