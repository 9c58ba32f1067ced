"""A small admin-2 COD-AB file for Lao PDR, made here: no district polygons of Lao PDR are beside
the repository, and none may be fetched.

Each province of the built-in boundaries is cut into vertical strips, one per district of the
gazetteer (in its order), and each strip carries that district's P-code and name as OCHA's
COD-AB files do (``ADM2_PCODE``, ``ADM2_EN``, ``ADM1_PCODE``, ``ADM1_EN``). The strips are not
the real districts: they tile each province exactly, which is what the map needs to be tested.
"""

from __future__ import annotations

import json
from pathlib import Path

from srrp.places.codab import read_boundaries, write_boundaries
from srrp.places.gazetteer import Gazetteer
from srrp.places.geometry import bbox, load_boundaries, polygons

ROOT = Path(__file__).resolve().parents[1]
LAO_PROVINCES = ROOT / "data" / "boundaries" / "LAO_admin1.geojson"

# A 3W as an office sends it: districts by name, one row with its province only
THREE_W = """Organisation,Sector,Province,District,Activity,People reached
#org+impl,#sector,#adm1+name,#adm2+name,#activity+name,#reached
IOM,Health,Attapeu,Phouvong,Mobile clinic,120
IOM,Health,Attapeu,Phouvong,Hygiene kits,40
IOM,Health,Attapeu,Sanxay,Mobile clinic,80
UNICEF,WASH,Vientiane Capital,Chanthabuly,Water points,300
UNICEF,WASH,Champasack,,Water points,50
"""


def clip(ring: list, edge: float, keep_right: bool) -> list:
    """The part of a ring on one side of the line x = edge (Sutherland-Hodgman)."""
    def inside(p):
        return p[0] >= edge if keep_right else p[0] <= edge

    out = []
    for i, current in enumerate(ring):
        previous = ring[i - 1]
        if inside(current) != inside(previous):
            t = (edge - previous[0]) / (current[0] - previous[0])
            out.append([edge, round(previous[1] + t * (current[1] - previous[1]), 6)])
        if inside(current):
            out.append(list(current[:2]))
    return out


def strip(geometry: dict, left: float, right: float) -> list:
    """The polygons of a geometry between two meridians."""
    parts = []
    for poly in polygons(geometry):
        rings = [clip(clip(ring, left, True), right, False) for ring in poly]
        if len(rings[0]) >= 3:
            parts.append([r + [r[0]] for r in rings if len(r) >= 3])
    return parts


def lao_districts(gazetteer: Gazetteer, provinces: tuple[str, ...] = ()) -> dict:
    """Lao PDR's districts as a COD-AB GeoJSON (of these provinces only, when given)."""
    features = []
    for feature in load_boundaries(LAO_PROVINCES)["features"]:
        pcode = feature["properties"]["admin1_pcode"]
        if provinces and pcode not in provinces:
            continue
        districts = [d for d in gazetteer.districts if d.parent == pcode]
        west, _, east, _ = bbox([feature["geometry"]])
        width = (east - west) / len(districts)
        for i, district in enumerate(districts):
            left, right = round(west + i * width, 6), round(west + (i + 1) * width, 6)
            parts = strip(feature["geometry"], left, right)
            if parts:
                features.append({"type": "Feature", "properties": {
                    "ADM2_PCODE": district.pcode, "ADM2_EN": district.name,
                    "ADM1_PCODE": pcode, "ADM1_EN": feature["properties"]["admin1_name"],
                    "ADM0_PCODE": "LA"},
                    "geometry": {"type": "MultiPolygon", "coordinates": parts}})
    return {"type": "FeatureCollection", "features": features}


def import_lao_districts(data_dir: Path, gazetteer: Gazetteer,
                         provinces: tuple[str, ...] = ()) -> Path:
    """The districts imported into a data folder, as the Import page would: the written file."""
    raw = json.dumps(lao_districts(gazetteer, provinces)).encode()
    result = read_boundaries(raw, "lao_adm2.geojson", gazetteer)
    assert not result.problems, [str(p) for p in result.problems]
    return write_boundaries(result, raw, "LAO", data_dir)
