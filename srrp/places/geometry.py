"""Plain-Python geometry for the admin-1 boundary files in data/boundaries/.

Standard library only: no shapely, no pandas, no UI code. Coordinates are GeoJSON
order, (longitude, latitude), in decimal degrees, treated as planar: at the size of a
province the error of that is far below what a dashboard map can show.

The boundary files are GeoJSON FeatureCollections written by
scripts/build_boundaries.py; each feature carries exactly the properties
``admin1_pcode``, ``admin1_name`` and ``iso_3166_2``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

Point = Sequence[float]
Ring = Sequence[Point]

FEATURE_PROPERTIES = ("admin1_pcode", "admin1_name", "iso_3166_2")
# the properties of an admin-2 boundary file (a country office's own, imported)
DISTRICT_PROPERTIES = ("admin2_pcode", "admin2_name", "admin1_pcode")


class BoundaryError(ValueError):
    """A boundary file is not the FeatureCollection this project expects."""


def point_in_ring(lon: float, lat: float, ring: Ring) -> bool:
    """Whether (lon, lat) lies inside a closed ring, by ray casting (even-odd rule).

    The ring may or may not repeat its first point at the end. A point exactly on an
    edge may be reported either way; boundary files are never that precise anyway.
    """
    inside = False
    n = len(ring)
    if n < 3:
        return False
    x, y = lon, lat
    xj, yj = ring[-1][0], ring[-1][1]
    for i in range(n):
        xi, yi = ring[i][0], ring[i][1]
        # Edge (xj,yj)-(xi,yi) straddles the horizontal line through the point?
        if (yi > y) != (yj > y):
            x_cross = xi + (y - yi) * (xj - xi) / (yj - yi)
            if x < x_cross:
                inside = not inside
        xj, yj = xi, yi
    return inside


def point_in_polygon(lon: float, lat: float, rings: Sequence[Ring]) -> bool:
    """Whether (lon, lat) lies in a GeoJSON Polygon's coordinates: the outer ring minus holes."""
    if not rings or not point_in_ring(lon, lat, rings[0]):
        return False
    return not any(point_in_ring(lon, lat, hole) for hole in rings[1:])


def polygons(geometry: dict) -> list:
    """The list of polygons (each a list of rings) of a Polygon or MultiPolygon geometry."""
    kind = geometry.get("type")
    if kind == "Polygon":
        return [geometry["coordinates"]]
    if kind == "MultiPolygon":
        return list(geometry["coordinates"])
    raise BoundaryError(f"expected a Polygon or MultiPolygon geometry, got {kind!r}")


def point_in_geometry(lon: float, lat: float, geometry: dict) -> bool:
    """Whether (lon, lat) lies inside a GeoJSON Polygon or MultiPolygon geometry."""
    return any(point_in_polygon(lon, lat, poly) for poly in polygons(geometry))


def rings(geometry: dict) -> Iterator[Ring]:
    """Every ring (outer and holes) of a Polygon or MultiPolygon geometry."""
    for poly in polygons(geometry):
        yield from poly


def ring_area(ring: Ring) -> float:
    """Signed area of a ring in square degrees (shoelace): positive when counter-clockwise."""
    total = 0.0
    n = len(ring)
    for i in range(n):
        x1, y1 = ring[i][0], ring[i][1]
        x2, y2 = ring[(i + 1) % n][0], ring[(i + 1) % n][1]
        total += x1 * y2 - x2 * y1
    return total / 2.0


def bbox(geometries: Iterable[dict]) -> tuple[float, float, float, float]:
    """(min_lon, min_lat, max_lon, max_lat) over some geometries."""
    xs: list[float] = []
    ys: list[float] = []
    for geometry in geometries:
        for ring in rings(geometry):
            xs.extend(p[0] for p in ring)
            ys.extend(p[1] for p in ring)
    if not xs:
        raise BoundaryError("no coordinates to take a bounding box of")
    return min(xs), min(ys), max(xs), max(ys)


def label_point(geometry: dict) -> tuple[float, float]:
    """A point inside the geometry to hang a label on.

    The area centroid of the largest polygon when that lies inside it; otherwise the
    middle of the widest inside stretch of the horizontal line through that centroid.
    """
    largest = max(polygons(geometry), key=lambda poly: abs(ring_area(poly[0])))
    outer = largest[0]
    area = ring_area(outer)
    if area == 0:
        return float(outer[0][0]), float(outer[0][1])
    cx = cy = 0.0
    n = len(outer)
    for i in range(n):
        x1, y1 = outer[i][0], outer[i][1]
        x2, y2 = outer[(i + 1) % n][0], outer[(i + 1) % n][1]
        cross = x1 * y2 - x2 * y1
        cx += (x1 + x2) * cross
        cy += (y1 + y2) * cross
    cx /= 6.0 * area
    cy /= 6.0 * area
    if point_in_polygon(cx, cy, largest):
        return cx, cy
    # Scanline through cy: pair up the crossings and take the widest inside span.
    crossings = []
    for ring in largest:
        m = len(ring)
        for i in range(m):
            (x1, y1), (x2, y2) = ring[i][:2], ring[(i + 1) % m][:2]
            if (y1 > cy) != (y2 > cy):
                crossings.append(x1 + (cy - y1) * (x2 - x1) / (y2 - y1))
    crossings.sort()
    spans = list(zip(crossings[0::2], crossings[1::2], strict=False))
    if not spans:
        return float(outer[0][0]), float(outer[0][1])
    left, right = max(spans, key=lambda s: s[1] - s[0])
    return (left + right) / 2.0, cy


def load_boundaries(path: str | Path, level: int = 1) -> dict:
    """Read a boundary file and check its shape; returns the GeoJSON FeatureCollection.

    Raises BoundaryError when the file is not a FeatureCollection of Polygon or
    MultiPolygon features with exactly the properties admin1_pcode, admin1_name and
    iso_3166_2 (at ``level`` 2: admin2_pcode, admin2_name and admin1_pcode), or when a
    P-code appears twice.
    """
    expected = FEATURE_PROPERTIES if level == 1 else DISTRICT_PROPERTIES
    path = Path(path)
    try:
        collection = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise BoundaryError(f"{path}: not valid JSON: {exc}") from exc
    if not isinstance(collection, dict) or collection.get("type") != "FeatureCollection":
        raise BoundaryError(f"{path}: expected a GeoJSON FeatureCollection")
    features = collection.get("features")
    if not isinstance(features, list):
        raise BoundaryError(f"{path}: the FeatureCollection has no list of features")
    seen: set[str] = set()
    for index, feature in enumerate(features):
        where = f"{path}: feature {index}"
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            raise BoundaryError(f"{where}: not a GeoJSON Feature")
        props = feature.get("properties") or {}
        if set(props) != set(expected):
            raise BoundaryError(
                f"{where}: properties are {sorted(props)}, expected {list(expected)}"
            )
        pcode = props[expected[0]]
        if pcode in seen:
            raise BoundaryError(f"{where}: P-code {pcode} appears more than once")
        seen.add(pcode)
        geometry = feature.get("geometry")
        if not isinstance(geometry, dict):
            raise BoundaryError(f"{where} ({pcode}): no geometry")
        polygons(geometry)  # raises on anything but Polygon / MultiPolygon
    return collection


def features_by_pcode(collection: dict) -> dict[str, dict]:
    """The features of a boundary FeatureCollection keyed by their admin1_pcode."""
    return {f["properties"]["admin1_pcode"]: f for f in collection["features"]}


def find_admin1(lon: float, lat: float, collection: dict) -> list[str]:
    """The P-codes of every feature of the collection that contains (lon, lat)."""
    return [
        f["properties"]["admin1_pcode"]
        for f in collection["features"]
        if point_in_geometry(lon, lat, f["geometry"])
    ]
