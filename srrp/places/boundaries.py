"""Which boundaries a country is drawn with, and the GeoJSON the map's download and
``python -m srrp boundaries`` give out.

A country office's own boundaries, imported (``data/boundaries/office/``), replace the
built-in ones of that country and level (``data/boundaries/<ISO3>_admin1.geojson``) on every
page, slide and download: everything that draws a map finds its file here.
"""

from __future__ import annotations

import json
from pathlib import Path

from srrp.places.geometry import load_boundaries

OFFICE = "office"  # data/boundaries/office/: boundaries a country office imported


def office_file(data_dir: Path, iso3: str, level: int) -> Path:
    return Path(data_dir) / "boundaries" / OFFICE / f"{iso3}_admin{level}.geojson"


def boundary_file(data_dir: Path, iso3: str, level: int = 1) -> Path:
    """The office's own file of that country and level when there is one, else the built-in
    one (which may not exist: a country without boundaries)."""
    own = office_file(data_dir, iso3, level)
    return own if own.is_file() else Path(data_dir) / "boundaries" / f"{iso3}_admin{level}.geojson"


def exported(path: Path, level: int = 1) -> str:
    """The polygons the map draws, as GeoJSON for QGIS and the like: each feature with its
    P-code (``admin1_pcode``, at level 2 also ``admin2_pcode``) and ``name``.

    Raises srrp.places.geometry.BoundaryError when the file is not a valid boundary file, and
    FileNotFoundError when there is none."""
    features = []
    for feature in load_boundaries(path, level)["features"]:
        props = feature["properties"]
        keep = {"admin1_pcode": props["admin1_pcode"]}
        if level == 2:
            keep = {"admin2_pcode": props["admin2_pcode"], **keep}
        keep["name"] = props["admin2_name" if level == 2 else "admin1_name"]
        features.append({"type": "Feature", "properties": keep, "geometry": feature["geometry"]})
    return json.dumps({"type": "FeatureCollection", "features": features},
                      ensure_ascii=False, separators=(",", ":")) + "\n"
