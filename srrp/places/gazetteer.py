"""Administrative areas (admin 1: provinces, states; admin 2: districts) keyed by OCHA P-codes.

Names are matched the way people write them: case, accents, spaces and punctuation do not
matter, and every spelling in use is listed (Champasack, Champasak), in the gazetteer's own
files or in ``alt_names.csv``, which maintainers extend. Matching reports whether the name was
the official one or another spelling, as OCHA's hdx-python-country does. The rules that place
a row (P-codes first, ambiguity, near misses) are in :mod:`srrp.places.matching`.
"""

from __future__ import annotations

import csv
import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

# Words that say what kind of area a name is, not which one ('Champasack Province', 'Borno
# State', 'Provincia de Maputo', 'Cidade de Pemba', ແຂວງ = province, ເມືອງ = district),
# compared normalised.
_GENERIC = re.compile(
    r"^(provincede|provinciade|provinciadel|departamentode|departamentodel|departementde|"
    r"cidadede|cidadeda|ciudadde|villede|cityof|"
    r"departementdu|estadode|districtof|distritode|prefecturede|prefectureof|provinceof|"
    r"province|district|prefecture|"
    r"\u0ec1\u0e82\u0ea7\u0e87|\u0ec0\u0ea1\u0eb7\u0ead\u0e87)"
    r"|(provinces?|provincia|prov|districts?|distrito|state|estado|governorate|gouvernorat|"
    r"region|department|departamento|departement|capital|prefecture|municipality|city)$")


# Abbreviations of those words as files write them ('Prov. de Maputo', 'Dist. Pemba',
# 'Pref. de Conakry'), written out before a name is compared
_ABBREVIATIONS = {"prov": "Province", "dist": "District", "pref": "Prefecture",
                  "gov": "Governorate", "reg": "Region", "dept": "Department",
                  "dpto": "Departamento", "depto": "Departamento", "mun": "Municipality"}
_ABBREVIATED = re.compile(r"\b(" + "|".join(_ABBREVIATIONS) + r")\.", re.IGNORECASE)

ALT_NAMES = "alt_names.csv"  # iso3, pcode, name, language, source: one spelling a line
ALT_NAME_COLUMNS = ("iso3", "pcode", "name", "language", "source")
# Lao script: the vowel and tone marks written above or below a consonant, which sources type in
# different orders (ນ + ້ + ໍ + າ or ນ + ໍ + ້ + າ); sorted, they compare equal.
_LAO_MARKS = re.compile("[\u0eb1\u0eb4-\u0ebb\u0ec8-\u0ecd]{2,}")
_LAO = re.compile("[\u0e80-\u0eff]")
# the subscript lo (ຫຼ) is written as a plain lo (ຫລ) by many keyboards and older texts
_LAO_VARIANTS = str.maketrans({"\u0ebc": "\u0ea5"})


@dataclass(frozen=True)
class Admin1:
    pcode: str
    iso_3166_2: str  # '' where the source gives none
    name: str
    alt_names: tuple[str, ...]
    capital: str  # '' and None where the gazetteer does not know the capital
    capital_lat: float | None
    capital_lon: float | None


@dataclass(frozen=True)
class Admin2:
    pcode: str
    name: str
    parent: str  # the admin 1 P-code
    alt_names: tuple[str, ...] = ()


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
    iso2: str = ""  # the prefix of current P-codes (LA, NG), which older files write as ISO3
    # admin 2 areas are read when first asked for: 30,000 of them, for 156 countries, would
    # take half a second at every start, and most files name provinces only
    admin2_file: Path | None = field(default=None, compare=False, repr=False)
    alternatives: dict[str, tuple[str, ...]] = field(default_factory=dict, compare=False,
                                                     repr=False)

    def __post_init__(self):
        index = {}
        for area in self.areas:
            for spelling in (area.name, *area.alt_names):
                index.setdefault(normalise(spelling), Match(area.pcode, spelling == area.name))
        object.__setattr__(self, "_index", index)

    @property
    def districts(self) -> tuple[Admin2, ...]:
        """The admin 2 areas (none when the gazetteer has no admin 2 file)."""
        if "_districts" not in self.__dict__:
            object.__setattr__(self, "_districts", _read_districts(self.admin2_file,
                                                                   self.alternatives))
        return self.__dict__["_districts"]

    def match(self, name: str) -> Match | None:
        """The area a name refers to; a trailing 'province' or 'district' is tolerated."""
        key = normalise(name)
        found = self._index.get(key)
        if found is None and without_generic(key) != key:
            found = self._index.get(without_generic(key))
        return found

    def suggest(self, name: str, n: int = 3) -> list[str]:
        """The official names of the nearest areas, for 'did you mean' messages."""
        spellings = {normalise(s): a.name for a in self.areas for s in (a.name, *a.alt_names)}
        near = difflib.get_close_matches(normalise(name), spellings, n=3 * n, cutoff=0.5)
        return list(dict.fromkeys(spellings[k] for k in near))[:n]

    def label(self, level: int = 1) -> str:
        """What the country calls its areas of that level: Province, District; admin 2 areas
        are Districts, unless the first level already is."""
        if level == 1:
            return self.admin1_label
        return "Admin-2 area" if self.admin1_label == "District" else "District"

    def area(self, pcode: str) -> Admin1:
        return next(a for a in self.areas if a.pcode == pcode)

    @property
    def pcodes(self) -> list[str]:
        return [a.pcode for a in self.areas]


def normalise(name: str) -> str:
    """A name as compared: no case, accents, spaces or punctuation; Lao script with its sara am
    as two characters (ໍ + າ, as NFKD writes ຳ), the subscript lo as lo, and the marks above and
    below each consonant in one order. Lao vowel and tone marks are kept: unlike accents on
    Latin letters, they make another word."""
    name = _ABBREVIATED.sub(lambda m: _ABBREVIATIONS[m.group(1).casefold()], str(name))
    text = unicodedata.normalize("NFKD", name).casefold().translate(_LAO_VARIANTS)
    kept = "".join(ch for ch in text if _kept(ch))
    return _LAO_MARKS.sub(lambda m: "".join(sorted(m.group())), kept)


def without_generic(key: str) -> str:
    """A normalised name without a word that says what kind of area it is."""
    return _GENERIC.sub("", key)


def _kept(ch: str) -> bool:
    category = unicodedata.category(ch)
    return category[0] in "LN" or (category[0] == "M" and bool(_LAO.match(ch)))


def load_gazetteers(folder: Path) -> dict[str, Gazetteer]:
    """Every country listed in ``countries.csv`` with its admin 1 areas from ``<ISO3>.csv``,
    its admin 2 areas from ``<ISO3>_admin2.csv`` where there is one, and the spellings of
    ``alt_names.csv``."""
    with open(folder / "countries.csv", encoding="utf-8") as f:
        countries = list(csv.DictReader(f))
    alternatives = read_alt_names(folder / ALT_NAMES)
    return {c["iso3"]: Gazetteer(
        c["iso3"], c["name"], c["admin1_label"] or "Area",
        _read_areas(folder / f"{c['iso3']}.csv", alternatives), c.get("iso2") or "",
        folder / f"{c['iso3']}_admin2.csv", alternatives) for c in countries}


def read_alt_names(path: Path) -> dict[str, tuple[str, ...]]:
    """P-code → the spellings ``alt_names.csv`` lists for it (none when there is no file)."""
    if not path.is_file():
        return {}
    found: dict[str, list[str]] = {}
    with open(path, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            found.setdefault(row["pcode"].strip(), []).append(row["name"].strip())
    return {pcode: tuple(names) for pcode, names in found.items()}


def _split(cell: str) -> tuple[str, ...]:
    return tuple(s.strip() for s in cell.split(";") if s.strip())


def _read_areas(path: Path, alternatives: dict[str, tuple[str, ...]]) -> tuple[Admin1, ...]:
    with open(path, encoding="utf-8") as f:
        return tuple(Admin1(
            pcode=row["admin1_pcode"], iso_3166_2=row["iso_3166_2"], name=row["admin1_name"],
            alt_names=_split(row["alt_names"]) + alternatives.get(row["admin1_pcode"], ()),
            capital=row["capital"], capital_lat=_coordinate(row["capital_lat"]),
            capital_lon=_coordinate(row["capital_lon"]),
        ) for row in csv.DictReader(f))


def _read_districts(path: Path | None,
                    alternatives: dict[str, tuple[str, ...]]) -> tuple[Admin2, ...]:
    if path is None or not path.is_file():
        return ()
    with open(path, encoding="utf-8") as f:
        return tuple(Admin2(
            pcode=row["admin2_pcode"], name=row["admin2_name"], parent=row["admin1_pcode"],
            alt_names=alternatives.get(row["admin2_pcode"], ()),
        ) for row in csv.DictReader(f))


def _coordinate(cell: str) -> float | None:
    return float(cell) if cell.strip() else None
