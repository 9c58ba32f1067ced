"""Border simplification for boundary files, shared by scripts/build_boundaries.py (the
built-in boundaries) and the import of a country office's own (srrp.places.codab).

Coordinates are kept as integers of 1/SCALE degree. A country's rings are cut into arcs where
borders meet, and each arc is simplified once (Douglas-Peucker) and used by both neighbours:
no gap or overlap opens between them. Standard library only.
"""

from __future__ import annotations

from collections import defaultdict

from srrp.places.geometry import point_in_ring

SCALE = 10_000  # coordinates are kept as integers of 1/10,000 degree (4 decimals)
MAP_WIDTH_PX = 1000  # the map the simplification is tuned for
TOLERANCE_PX = 0.5  # Douglas-Peucker tolerance, in pixels of that map
MAX_REFINEMENTS = 40


def quantise_ring(ring: list, step: int = 1) -> list[tuple[int, int]]:
    """A ring as integer points (1/SCALE degree, on a grid of ``step`` units), open, with no
    point twice in a row and no spike (a point the ring goes to and straight back from)."""
    points: list[tuple[int, int]] = []
    for x, y in ((p[0], p[1]) for p in ring):
        q = (round(x * SCALE / step) * step, round(y * SCALE / step) * step)
        if len(points) > 1 and points[-2] == q:  # rounding made a spike: there and back
            points.pop()
        elif not points or points[-1] != q:
            points.append(q)
    while len(points) > 2 and (points[0] == points[-1] or points[1] == points[-1]):
        points.pop(0 if points[1] == points[-1] else -1)  # the same at the ring's start
    return points


def source_polygons(geometry: dict, step: int = 1) -> list[list[list[tuple[int, int]]]]:
    """Polygon / MultiPolygon -> list of polygons -> list of open integer rings."""
    if geometry["type"] == "Polygon":
        polys = [geometry["coordinates"]]
    elif geometry["type"] == "MultiPolygon":
        polys = geometry["coordinates"]
    else:
        raise ValueError(f"unexpected geometry type {geometry['type']}")
    out = []
    for poly in polys:
        rings = [quantise_ring(r, step) for r in poly]
        # outer rings counter-clockwise, holes clockwise: a border two polygons share then
        # runs one way in one and the other way in the other, which is how dissolve finds it
        out.append([ring if (area2(ring) > 0) == (i == 0) else ring[::-1]
                    for i, ring in enumerate(rings) if len(ring) >= 3])
    return [poly for poly in out if poly and poly[0]]


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

    def dissolve(self) -> None:
        """Drop the borders inside one P-code (two source polygons of one province) and
        join what is left into rings: outer rings, and holes each under the ring holding it."""
        for pcode, polys in self.layout.items():
            pieces = [piece for poly in polys for ring in poly for piece in ring]
            present = set(pieces)
            inner = {a for a, rev in pieces if (a, not rev) in present}
            if not inner:
                continue
            rings = self._chain([piece for piece in pieces if piece[0] not in inner])
            outers = [r for r in rings if area2(self._points(r)) > 0]
            holes = [r for r in rings if area2(self._points(r)) <= 0]
            grouped = [[outer] for outer in outers]
            for hole in holes:
                x, y = self._points(hole)[0]
                home = next((g for g in grouped if point_in_ring(
                    x, y, self._points(g[0]))), None)
                if home is not None:
                    home.append(hole)
            self.layout[pcode] = grouped

    def _points(self, ring: list[tuple[int, bool]]) -> list[tuple[int, int]]:
        pts: list[tuple[int, int]] = []
        for arc_id, is_reversed in ring:
            arc = self.arcs[arc_id][::-1] if is_reversed else self.arcs[arc_id]
            pts.extend(arc[:-1])
        return pts

    def _chain(self, pieces: list[tuple[int, bool]]) -> list[list[tuple[int, bool]]]:
        """Directed arcs joined end to start into closed rings."""
        def ends(piece):
            arc = self.arcs[piece[0]]
            return (arc[-1], arc[0]) if piece[1] else (arc[0], arc[-1])
        starting: dict[tuple[int, int], list] = defaultdict(list)
        for piece in pieces:
            starting[ends(piece)[0]].append(piece)
        rings = []
        for piece in pieces:
            first = ends(piece)[0]
            if piece not in starting[first]:
                continue  # already in a ring
            ring = []
            while piece is not None:
                start, end = ends(piece)
                starting[start].remove(piece)
                ring.append(piece)
                piece = None if end == first else (starting[end] or [None])[0]
            rings.append(ring)
        return rings

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


def simplified(polygons: dict[str, list]) -> dict[str, dict]:
    """P-code -> GeoJSON geometry: integer polygons joined per P-code, simplified at half a
    pixel of a 1000-px map of them all, each border simplified less wherever that makes
    borders cross or a ring collapse, down to the rounded source."""
    topo = Topology(polygons)
    topo.dissolve()
    xs = [p[0] for arc in topo.arcs for p in arc]
    ys = [p[1] for arc in topo.arcs for p in arc]
    base = TOLERANCE_PX * max(max(xs) - min(xs), max(ys) - min(ys)) / MAP_WIDTH_PX
    tolerance = dict.fromkeys(range(len(topo.arcs)), base)
    for _ in range(MAX_REFINEMENTS + 1):
        arcs = {i: douglas_peucker(list(arc), tolerance[i]) for i, arc in enumerate(topo.arcs)}
        assembled = topo.assemble(arcs)
        worse = {a for pair in find_conflicts(arcs) for a in pair}
        worse |= {a for pcode, polys in assembled.items() for poly in polys for ring in poly
                  if len(set(ring)) < 3 or area2(ring) == 0 for a in topo.arcs_of(pcode)}
        worse = {a for a in worse if tolerance[a] > 0}
        if not worse:
            break
        for a in worse:
            tolerance[a] = tolerance[a] / 2 if tolerance[a] >= 1 else 0.0
    return {pcode: to_geojson_geometry(polys) for pcode, polys in assembled.items()}
