"""The Import page takes an office's own boundaries (OCHA COD-AB) and every map draws them."""

from __future__ import annotations

import json

from srrp.places.gazetteer import load_gazetteers
from tests.districts import lao_districts
from tests.srrp.places.test_codab import as_zipped_shapefile, cod_ab

IMPORT, MAP = "pages/import.py", "pages/map.py"


def test_uploaded_boundaries_are_checked_then_drawn_on_the_map(open_page, data_dir):
    collection = cod_ab()
    collection["features"] = collection["features"][:5]
    at = open_page(IMPORT)
    at.file_uploader(key="boundary_upload").upload("lao_adm1.geojson",
                                                    json.dumps(collection).encode()).run()
    assert not at.exception
    assert any("admin 1 (provinces) of Lao PDR, 5 areas" in m.value for m in at.markdown)
    assert not (data_dir / "boundaries" / "office").exists()  # nothing written before the click
    at.button(key="boundary_add").click().run()
    assert "now draws these boundaries" in at.success[0].value
    assert (data_dir / "boundaries" / "office" / "LAO_admin1.provenance.json").is_file()
    shown = open_page(MAP)
    [chart] = shown.get("deck_gl_json_chart")
    layer = next(x for x in json.loads(chart.proto.json)["layers"] if x["id"] == "provinces")
    assert len(layer["data"]["features"]) == 5


def test_a_file_that_is_not_boundaries_is_refused_with_its_reason(open_page):
    at = open_page(IMPORT)
    at.file_uploader(key="boundary_upload").upload("notes.json", b'{"a": 1}').run()
    assert "holds no boundaries" in at.error[0].value


def test_a_zipped_shapefile_is_read_too(open_page):
    at = open_page(IMPORT)
    at.file_uploader(key="boundary_upload").upload("lao_adm1.zip",
                                                    as_zipped_shapefile(cod_ab())).run()
    assert any("18 areas" in m.value for m in at.markdown)


def test_uploaded_districts_are_offered_on_the_map(open_page, data_dir):
    lao = load_gazetteers(data_dir / "gazetteer")["LAO"]
    at = open_page(IMPORT)
    at.file_uploader(key="boundary_upload").upload(
        "lao_adm2.geojson", json.dumps(lao_districts(lao, ("LA17", "LA16"))).encode()).run()
    assert any("admin 2 (districts) of Lao PDR, 15 areas" in m.value for m in at.markdown)
    at.button(key="boundary_add").click().run()
    assert "now offers its districts" in at.success[0].value
    shown = open_page(MAP)
    shown.segmented_control(key="level").set_value(2).run()
    [chart] = shown.get("deck_gl_json_chart")
    layer = next(x for x in json.loads(chart.proto.json)["layers"] if x["id"] == "districts")
    assert len(layer["data"]["features"]) == 15
    note = next(c.value for c in shown.caption if "have no polygon" in c.value)
    assert note.startswith("133 districts have no polygon")
