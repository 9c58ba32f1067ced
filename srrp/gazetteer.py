"""First-level administrative areas (provinces, districts) keyed by OCHA COD-AB P-codes.

Names are matched the way people write them: case, accents, spaces, hyphens and apostrophes do
not matter, and every spelling in use is listed (Champasack, Champasak). Matching reports whether
the name was the official one or another spelling, as OCHA's hdx-python-country does.
"""

from __future__ import annotations

import csv
import difflib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

_GENERIC_SUFFIX = re.compile(r"(provinces?|district)$")


@dataclass(frozen=True)
class Admin1:
    pcode: str
    iso_3166_2: str
    name: str
    alt_names: tuple[str, ...]
    capital: str
    capital_lat: float
    capital_lon: float


@dataclass(frozen=True)
class Match:
    pcode: str
    exact: bool  # False when matched through another spelling


@dataclass(frozen=True)
class Gazetteer:
    iso3: str
    country: str
    admin1_label: str  # what the country calls its first-level areas: Province, District
    areas: tuple[Admin1, ...]

    def __post_init__(self):
        index = {}
        for area in self.areas:
            for spelling in (area.name, *area.alt_names):
                index.setdefault(normalise(spelling), Match(area.pcode, spelling == area.name))
        object.__setattr__(self, "_index", index)

    def match(self, name: str) -> Match | None:
        """The area a name refers to; a trailing 'province' or 'district' is tolerated."""
        key = normalise(name)
        found = self._index.get(key)
        if found is None and _GENERIC_SUFFIX.search(key):
            found = self._index.get(_GENERIC_SUFFIX.sub("", key))
        return found

    def suggest(self, name: str, n: int = 3) -> list[str]:
        """The official names of the nearest areas, for 'did you mean' messages."""
        spellings = {normalise(s): a.name for a in self.areas for s in (a.name, *a.alt_names)}
        near = difflib.get_close_matches(normalise(name), spellings, n=3 * n, cutoff=0.5)
        return list(dict.fromkeys(spellings[k] for k in near))[:n]

    def area(self, pcode: str) -> Admin1:
        return next(a for a in self.areas if a.pcode == pcode)

    @property
    def pcodes(self) -> list[str]:
        return [a.pcode for a in self.areas]


def normalise(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", str(name))
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(r"[\s\-'’.]", "", plain.casefold())


def load_gazetteers(folder: Path) -> dict[str, Gazetteer]:
    """Every country listed in ``countries.csv`` with its areas from ``<ISO3>.csv``."""
    with open(folder / "countries.csv", encoding="utf-8") as f:
        countries = list(csv.DictReader(f))
    return {c["iso3"]: Gazetteer(c["iso3"], c["name"], c["admin1_label"],
                                 _read_areas(folder / f"{c['iso3']}.csv"))
            for c in countries}


def _read_areas(path: Path) -> tuple[Admin1, ...]:
    with open(path, encoding="utf-8") as f:
        return tuple(Admin1(
            pcode=row["admin1_pcode"], iso_3166_2=row["iso_3166_2"], name=row["admin1_name"],
            alt_names=tuple(s.strip() for s in row["alt_names"].split(";") if s.strip()),
            capital=row["capital"], capital_lat=float(row["capital_lat"]),
            capital_lon=float(row["capital_lon"]),
        ) for row in csv.DictReader(f))
