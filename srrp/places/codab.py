"""A country office's own boundaries: OCHA COD-AB files, read, checked, simplified and kept.

COD-AB files come as GeoJSON, TopoJSON or a zipped shapefile, each area with ``ADM1_PCODE`` /
``ADM1_EN`` (admin 1) or ``ADM2_PCODE`` / ``ADM2_EN`` (admin 2, with its ``ADM1_PCODE``). They
are recognised by what they hold, not by their name. The import checks that every ring is a
ring, says which P-codes the gazetteer does not know (a newer P-code version), refuses areas
that lie on one another, simplifies the borders as the built-in boundaries are
(srrp.places.simplify), and writes ``data/boundaries/office/<ISO3>_admin<level>.geojson`` with a
provenance file beside it. That file then replaces the built-in boundaries of that country and level
everywhere (srrp.places.boundaries). An earlier import of the same country and level is moved aside,
not lost.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from srrp.places.boundaries import office_file
from srrp.places.gazetteer import Gazetteer
from srrp.places.geometry import label_point, point_in_geometry, polygons
from srrp.places.simplify import simplified, source_polygons
from srrp.problems import Problem

CODES = {1: ("ADM1_PCODE", "ADM1_EN"), 2: ("ADM2_PCODE", "ADM2_EN")}


@dataclass
class Boundaries:
    """What a COD-AB file holds: its level, its areas (P-code -> name, geometry, parent) and
    what was found wrong (``problems`` refuse the file; ``warnings`` do not)."""
    name: str
    level: int
    areas: dict[str, dict] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


def is_boundary_file(data: bytes) -> bool:
    """Whether the bytes are a boundary file: a zip holding a shapefile, or GeoJSON / TopoJSON
    whose features carry an OCHA admin P-code."""
    if data[:2] == b"PK":
        try:
            return any(n.lower().endswith(".shp") for n in zipfile.ZipFile(io.BytesIO(data))
                       .namelist())
        except zipfile.BadZipFile:
            return False
    if data.lstrip()[:1] != b"{":
        return False
    try:
        features = _json_features(json.loads(data))
    except (ValueError, KeyError, TypeError, IndexError):
        return False
    return any(_level(f.get("properties") or {}) for f in features[:50])


def read_boundaries(data: bytes, name: str, gazetteer: Gazetteer) -> Boundaries:
    """The areas of a COD-AB file, checked against the gazetteer of its country."""
    try:
        features = _shapefile_features(data) if data[:2] == b"PK" else _json_features(
            json.loads(data))
    except (ValueError, KeyError, TypeError, IndexError, zipfile.BadZipFile) as err:
        return Boundaries(name, 0, problems=[Problem(
            "boundary-unreadable", f"not a GeoJSON, TopoJSON or zipped shapefile that can be "
            f"read ({err}); export the boundaries again from QGIS or HDX", name)])
    levels = {_level(f.get("properties") or {}) for f in features} - {0}
    level = max(levels, default=0)
    result = Boundaries(name, level)
    if not level:
        result.problems.append(Problem(
            "boundary-no-pcode", "no area carries ADM1_PCODE or ADM2_PCODE: a COD-AB file "
            "names each area's P-code in one of these columns", name))
        return result
    for index, feature in enumerate(features, start=1):
        _add_area(result, feature, index, gazetteer)
    _check_overlaps(result)
    return result


def _add_area(result: Boundaries, feature: dict, index: int, gazetteer: Gazetteer) -> None:
    props = {k.upper(): v for k, v in (feature.get("properties") or {}).items()}
    code_key, name_key = CODES[result.level]
    where = f"{result.name}: area {index}"
    pcode = str(props.get(code_key) or "").strip()
    if not pcode:
        result.problems.append(Problem("boundary-no-pcode", f"{where} has no {code_key}",
                                       result.name, index))
        return
    geometry = feature.get("geometry") or {}
    try:
        rings = [ring for poly in polygons(geometry) for ring in poly]
    except ValueError:
        result.problems.append(Problem("boundary-ring", f"{where} ({pcode}) is a "
                                       f"{geometry.get('type')!r}, not a polygon",
                                       result.name, index))
        return
    bad = _ring_problem(rings)
    if bad:
        result.problems.append(Problem("boundary-ring", f"{where} ({pcode}): {bad}; repair "
                                       "the geometry in QGIS (Vector > Geometry Tools > Check "
                                       "Validity) and export again", result.name, index))
        return
    known = _known(result.level, gazetteer)
    if pcode not in known:
        result.warnings.append(Problem(
            "boundary-unknown-pcode", f"{where}: P-code {pcode} ({props.get(name_key)}) is not "
            f"in the gazetteer (a newer P-code version?): it is kept, but no activity is placed "
            "in it until the gazetteer knows it", result.name, index))
    area = result.areas.setdefault(pcode, {
        "name": str(props.get(name_key) or known.get(pcode, pcode)),
        "admin1_pcode": str(props.get("ADM1_PCODE") or "").strip(), "geometries": []})
    area["geometries"].append(geometry)


def _ring_problem(rings: list) -> str:
    """What is wrong with a polygon's rings, or ''."""
    for ring in rings:
        points = {(p[0], p[1]) for p in ring}
        if len(points) < 3:
            return "a ring has fewer than three points"
        if any(not (-180 <= p[0] <= 180 and -90 <= p[1] <= 90) for p in ring):
            return ("its coordinates are not longitude and latitude (a projected file?); "
                    "export it in WGS 84 (EPSG:4326)")
    return ""


def _known(level: int, gazetteer: Gazetteer) -> dict[str, str]:
    if level == 1:
        return {a.pcode: a.name for a in gazetteer.areas}
    return {d.pcode: d.name for d in gazetteer.districts}


def _check_overlaps(result: Boundaries) -> None:
    """Areas that lie on one another: the point inside one area lies inside another."""
    shapes = {p: {"type": "MultiPolygon", "coordinates": [
        poly for g in a["geometries"] for poly in polygons(g)]} for p, a in result.areas.items()}
    for pcode, shape in shapes.items():
        x, y = label_point(shape)
        others = [p for p, other in shapes.items() if p != pcode and point_in_geometry(x, y,
                                                                                       other)]
        if others:
            result.problems.append(Problem(
                "boundary-overlap", f"{result.name}: {pcode} and {', '.join(others)} lie on "
                "one another (the middle of the first is inside the other); keep one layer of "
                "one level in the file", result.name))


def write_boundaries(result: Boundaries, data: bytes, iso3: str, data_dir: Path,
                     who: str = "") -> Path:
    """Simplify and write the areas as the office's boundaries of that country and level, with
    their provenance; an earlier file is moved aside first, and nothing is left half-written."""
    geometries = simplified({p: [poly for g in a["geometries"] for poly in source_polygons(g)]
                             for p, a in result.areas.items()})
    names = ("admin1_pcode", "admin1_name", "iso_3166_2") if result.level == 1 else (
        "admin2_pcode", "admin2_name", "admin1_pcode")
    features = [{"type": "Feature", "properties": dict(zip(names, (
        pcode, area["name"], "" if result.level == 1 else area["admin1_pcode"]), strict=True)),
        "geometry": geometries[pcode]} for pcode, area in sorted(result.areas.items())]
    target = office_file(data_dir, iso3, result.level)
    target.parent.mkdir(parents=True, exist_ok=True)
    now = datetime.now(UTC)
    if target.is_file():
        earlier = target.parent / "earlier"
        earlier.mkdir(exist_ok=True)
        stamp = now.strftime("%Y%m%dT%H%M%S%f")
        for path in (target, target.with_suffix(".provenance.json")):
            if path.is_file():
                os.replace(path, earlier / f"{path.stem}_{stamp}{path.suffix}")
    provenance = {"file": result.name, "sha256": hashlib.sha256(data).hexdigest(),
                  "country": iso3, "level": result.level, "areas": len(features),
                  "imported_at": now.isoformat(timespec="seconds"), "by": who,
                  "unknown_pcodes": [w.message for w in result.warnings],
                  "simplified": "Douglas-Peucker at half a pixel of a 1000-px map, border by "
                                "border (srrp.places.simplify), coordinates to 4 decimals"}
    _write_atomically(target.with_suffix(".provenance.json"),
                      json.dumps(provenance, indent=2, ensure_ascii=False) + "\n")
    _write_atomically(target, json.dumps({"type": "FeatureCollection", "features": features},
                                         ensure_ascii=False, separators=(",", ":")) + "\n")
    return target


def _write_atomically(path: Path, text: str) -> None:
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def _level(props: dict) -> int:
    keys = {k.upper() for k in props}
    return 2 if "ADM2_PCODE" in keys else 1 if "ADM1_PCODE" in keys else 0


def _json_features(document: dict) -> list[dict]:
    if document.get("type") == "FeatureCollection":
        return list(document["features"])
    if document.get("type") == "Topology":
        return topojson_features(document)
    raise ValueError("neither a GeoJSON FeatureCollection nor a TopoJSON Topology")


def topojson_features(topology: dict) -> list[dict]:
    """The features of a TopoJSON topology (every object, quantised or not) as GeoJSON."""
    transform = topology.get("transform")
    arcs = []
    for arc in topology["arcs"]:
        if transform:  # quantised: each point a step from the one before
            (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
            x = y = 0
            points = []
            for dx, dy in arc:
                x, y = x + dx, y + dy
                points.append([x * sx + tx, y * sy + ty])
            arcs.append(points)
        else:
            arcs.append([list(p[:2]) for p in arc])

    def ring(indexes: list[int]) -> list:
        points: list = []
        for index in indexes:  # ~index is arc index walked backwards
            arc = arcs[index] if index >= 0 else arcs[~index][::-1]
            points += arc if not points else arc[1:]
        return points

    features = []
    for obj in topology["objects"].values():
        for geometry in obj.get("geometries", [obj]):
            if geometry.get("type") not in ("Polygon", "MultiPolygon"):
                continue
            polys = [geometry["arcs"]] if geometry["type"] == "Polygon" else geometry["arcs"]
            features.append({"type": "Feature", "properties": geometry.get("properties") or {},
                             "geometry": {"type": "MultiPolygon", "coordinates": [
                                 [ring(r) for r in poly] for poly in polys]}})
    return features


def _shapefile_features(data: bytes) -> list[dict]:
    import shapefile  # pyshp: only an import of a shapefile needs it

    archive = zipfile.ZipFile(io.BytesIO(data))
    shp = next(n for n in archive.namelist() if n.lower().endswith(".shp"))
    stem = shp[:-4]
    parts = {ext: archive.read(n) for n in archive.namelist()
             for ext in ("shx", "dbf") if n.lower() == f"{stem.lower()}.{ext}"}
    reader = shapefile.Reader(shp=io.BytesIO(archive.read(shp)),
                              shx=io.BytesIO(parts["shx"]) if "shx" in parts else None,
                              dbf=io.BytesIO(parts["dbf"]) if "dbf" in parts else None)
    return [{"type": "Feature", "properties": record.record.as_dict(),
             "geometry": record.shape.__geo_interface__} for record in reader.iterShapeRecords()]
