"""Where a row is: the P-codes of the place a file names, and how they were found.

The rules, in order:

- A P-code given is taken first. A code of an older COD version is converted, and said to be:
  an ISO3 prefix where the current list has ISO2 (``NGA036`` → ``NG036``), or the area's
  ISO 3166-2 code (``LA-VT``). With a P-code, a name is only a label, unless it is the name of
  another area: then one of the two is wrong, and the row is refused.
- Codes that only look like P-codes (FIPS and GeoNames number areas ``LA01``–``LA27`` or
  ``LA.13`` in their own order) are never joined on their shape.
- Names are matched through the gazetteer's official names and alternative names (local
  script included), ignoring case, accents, spaces and punctuation (see
  :func:`srrp.places.gazetteer.normalise`).
- An admin 2 area gives its admin 1 area: its P-code's parent.
- Words that name no area ('National', 'Multiple', 'Toda la república') place the row nowhere:
  it is kept, not located.
- A name two areas answer to ('Vientiane': the capital or the province) is refused, naming both.
- A near miss ('Centeral Darfur') is suggested, and taken only when the caller accepts it.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
from dataclasses import dataclass
from pathlib import Path

from srrp.files.store import SaveRefused, append_atomically, edit_atomically
from srrp.places.gazetteer import (
    ALT_NAME_COLUMNS,
    ALT_NAMES,
    Gazetteer,
    load_gazetteers,
    normalise,
    without_generic,
)
from srrp.problems import Problem

# How a place was found, most certain first: the keys of an import report's place counts.
HOW = ("pcode", "converted", "name", "alternative", "fuzzy", "parent", "not_located", "unknown")
NEAR = 0.8  # similarity (difflib's ratio) from which a name is a near miss of another
NEAREST = 0.5  # similarity from which an area is worth naming as the nearest known
FUZZY_FIX = ("if it is, confirm it on the import page or pass --accept-fuzzy; the confirmed "
             "spelling is kept as an alternative name")
# Words that name no area, in the languages of the files seen (compared normalised).
NOT_AREAS = frozenset(normalise(word) for word in (
    "National", "Nationwide", "Nation wide", "National level", "Country wide", "Countrywide",
    "Whole country", "All provinces", "All states", "All districts", "All regions",
    "All governorates", "Multiple", "Multiple locations", "Multiple provinces",
    "Multiple states", "Multiple districts", "Various", "Several", "Central", "Central level",
    "Central Hospitals", "Headquarters", "Nacional", "Nivel nacional", "A nivel nacional",
    "Cobertura nacional", "Nivel central",
    "Toda la república", "Todo el país", "Varios", "Varias", "Múltiple", "Múltiples",
    "Todo o país", "Nível nacional", "Vários", "Várias", "Múltiplas", "Ensemble du pays",
    "Tout le pays", "Niveau national", "Plusieurs", "Multiples", "ທົ່ວປະເທດ", "ສູນກາງ",
))
_TWO_LANGUAGES = re.compile(r"\s+[/|]\s+|\s+[-–]\s+|/")  # 'المواسط / Al Mawasit'
_PCODE_SHAPE = re.compile(r"[A-Z]{2,3}[-.]?[0-9A-Z]{1,8}")


@dataclass(frozen=True)
class Placement:
    """Where one row is, and how that was found.

    ``problem`` is set when the row cannot be accepted as it is; its ``file`` is empty and its
    line unset, for the caller to fill in (``dataclasses.replace``).
    """

    written: str  # the place as written in the file (name and/or code), for reports
    admin1_pcode: str | None
    admin2_pcode: str | None
    how: str  # one of HOW
    suggestions: tuple[str, ...] = ()  # 'Official name (PCODE)': near misses, both of a pair
    problem: Problem | None = None
    # the name no area answers to, and its level (1 or 2): a spelling a person can confirm
    missed: tuple[int, str] | None = None
    # set when the row is placed less deep than it is written (at its admin 1 only), or by
    # the name of its admin 2 rather than its code: what the reader should know
    warning: Problem | None = None


@dataclass(frozen=True)
class _Found:
    """The P-codes one name or code of one level may be, and how they were found."""

    pcodes: tuple[str, ...] = ()
    how: str = "unknown"
    suggestions: tuple[str, ...] = ()


class _Level:
    """The names and codes of one administrative level of a country, indexed for matching."""

    def __init__(self, areas, official_codes=lambda area: ()):
        self.name = {a.pcode: a.name for a in areas}
        self.parent = {a.pcode: getattr(a, "parent", None) for a in areas}
        self.codes = {code.upper(): a.pcode for a in areas for code in official_codes(a)
                      if code}
        self.exact: dict[str, dict[str, str]] = {}  # key → {P-code: 'name' or 'alternative'}
        self.loose: dict[str, dict[str, str]] = {}  # the key without 'province', 'capital', …
        for area in areas:
            for spelling in (area.name, *area.alt_names):
                key = normalise(spelling)
                how = "name" if spelling == area.name else "alternative"
                for index, k in ((self.exact, key), (self.loose, without_generic(key))):
                    kinds = index.setdefault(k, {})
                    if kinds.get(area.pcode) != "name":
                        kinds[area.pcode] = how
        self.loose.pop("", None)

    def by_name(self, name: str, within: set[str] | None = None) -> _Found:
        """The areas a name may be (only children of ``within`` when given)."""
        def allowed(pcodes):
            return [p for p in pcodes if within is None or self.parent[p] in within]

        key = normalise(name)
        for index, k in ((self.exact, key), (self.loose, without_generic(key))):
            kinds = {p: how for p, how in index.get(k, {}).items() if allowed([p])}
            if kinds:
                how = "name" if "name" in kinds.values() else "alternative"
                return _Found(tuple(sorted(kinds)), how)
        return self._in_two_languages(name, within) or self._near(key, allowed)

    def _in_two_languages(self, name: str, within: set[str] | None) -> _Found | None:
        """'المواسط / Al Mawasit': a name written in two languages is the area both halves,
        or one of them, name; None when they name none or different areas."""
        parts = [p for p in _TWO_LANGUAGES.split(name) if normalise(p)]
        if len(parts) < 2:
            return None
        found = [f for f in (self.by_name(p, within) for p in parts)
                 if f.how in ("name", "alternative")]
        areas = {f.pcodes for f in found}
        if len(areas) != 1 or len(found[0].pcodes) != 1:
            return None
        return _Found(found[0].pcodes, "alternative")

    def _near(self, key: str, allowed) -> _Found:
        keys = [k for k, kinds in self.exact.items() if allowed(kinds)]
        ranked = difflib.get_close_matches(key, keys, n=8, cutoff=NEAREST)
        ratios = {k: difflib.SequenceMatcher(None, key, k).ratio() for k in ranked}
        near = list(dict.fromkeys(p for k in ranked if ratios[k] >= NEAR
                                  for p in allowed(self.exact[k])))
        nearest = list(dict.fromkeys(p for k in ranked for p in allowed(self.exact[k])))
        if near:
            return _Found(tuple(near), "fuzzy", self.labels(near))
        return _Found((), "unknown", self.labels(nearest[:3]))

    def by_code(self, code: str, iso3: str, iso2: str) -> _Found:
        code = code.strip().upper()
        if code in self.name:
            return _Found((code,), "pcode")
        older = iso2 + code[len(iso3):] if iso2 and code.startswith(iso3) else None
        if older in self.name:
            return _Found((older,), "converted")
        if code in self.codes:
            return _Found((self.codes[code],), "converted")
        return _Found()

    def labels(self, pcodes) -> tuple[str, ...]:
        return tuple(f"{self.name[p]} ({p})" for p in pcodes)


def _levels(gazetteer: Gazetteer) -> tuple[_Level, _Level]:
    """The gazetteer's two levels, indexed once and kept on it (a gazetteer never changes)."""
    kept = gazetteer.__dict__.get("_levels")
    if kept is None:
        kept = (_Level(gazetteer.areas, lambda a: (a.iso_3166_2,)), _Level(gazetteer.districts))
        object.__setattr__(gazetteer, "_levels", kept)
    return kept


def place(gazetteer: Gazetteer, *, admin1_name: str = "", admin1_pcode: str = "",
          admin2_name: str = "", admin2_pcode: str = "", accept_fuzzy: bool = False,
          near_miss_fix: str = FUZZY_FIX, deepest_certain: bool = False) -> Placement:
    """Where a row is, by the rules of this module. ``near_miss_fix`` ends the message of a
    near miss: what the user can do to confirm it.

    With ``deepest_certain``, a row whose admin 1 is certain but whose admin 2 is not is placed
    at its admin 1, with a warning instead of a problem; and one whose admin 2 P-code is not an
    area of that admin 1 is placed by its admin 2 name when that names an area inside it."""
    admin1_name, admin1_pcode, admin2_name, admin2_pcode = (
        v.strip() for v in (admin1_name, admin1_pcode, admin2_name, admin2_pcode))
    strict = _strictly(gazetteer, admin1_name, admin1_pcode, admin2_name, admin2_pcode,
                       accept_fuzzy, near_miss_fix)
    if not deepest_certain or strict.problem is None or not (admin2_name or admin2_pcode):
        return strict
    step1 = _step(gazetteer, 1, admin1_name, admin1_pcode, None, accept_fuzzy, near_miss_fix)
    if step1.pcode is None or step1.problem is not None:
        return strict  # admin 1 is not certain either
    return _at_admin1(gazetteer, strict, step1, admin2_name, admin2_pcode)


def _at_admin1(gazetteer: Gazetteer, strict: Placement, step1: _Step, admin2_name: str,
               admin2_pcode: str) -> Placement:
    """A row whose admin 1 is certain and admin 2 is not: placed by its admin 2 name inside
    that admin 1 when its code is what failed, else at the admin 1 alone; warned either way."""
    level1, level2 = _levels(gazetteer)
    area = f"{level1.name[step1.pcode]} ({step1.pcode})"
    inside = level2.by_name(admin2_name, {step1.pcode}) if admin2_name else _Found()
    if admin2_pcode and inside.how in ("name", "alternative") and len(inside.pcodes) == 1:
        district = inside.pcodes[0]
        return Placement(strict.written, step1.pcode, district,
                         _least_sure(step1.how, inside.how), warning=Problem(
                             "pcode-replaced-by-name", f"{strict.problem.message}: placed at "
                             f"{level2.name[district]} ({district}), the admin 2 area of that "
                             f"name in {area}", ""))
    return Placement(strict.written, step1.pcode, None, step1.how, strict.suggestions,
                     missed=strict.missed, warning=Problem(
                         "placed-at-admin1", f"{strict.problem.message}: placed at {area} "
                         "only, the admin 2 as written kept in the note", ""))


def _strictly(gazetteer: Gazetteer, admin1_name: str, admin1_pcode: str, admin2_name: str,
              admin2_pcode: str, accept_fuzzy: bool, near_miss_fix: str) -> Placement:
    """The place only when every name and code written agrees with the gazetteer."""
    written = _written(admin1_name, admin1_pcode, admin2_name, admin2_pcode)
    level1, level2 = _levels(gazetteer)
    if admin2_pcode and not admin1_pcode:  # the district's code decides, its name is a label
        step2 = _step(gazetteer, 2, admin2_name, admin2_pcode, None, accept_fuzzy, near_miss_fix)
        parent = level2.parent.get(step2.pcode)
        step1 = _Step(parent, "parent", problem=_problem(
            "place-contradicts-pcode", _contradiction(gazetteer, 1, parent, parent, admin1_name))
        ) if parent else _Step()
        steps = (step2, step1)
    else:
        step1 = _step(gazetteer, 1, admin1_name, admin1_pcode, None, accept_fuzzy, near_miss_fix)
        step2 = _step(gazetteer, 2, admin2_name, admin2_pcode,
                      {step1.pcode} if step1.pcode else None, accept_fuzzy, near_miss_fix)
        steps = (step1, step2)
    for step in steps:
        if step.problem:
            return Placement(written, None, None, step.how, step.suggestions, step.problem,
                             step.missed)
    if step2.pcode is None:
        return Placement(written, step1.pcode, None, step1.how, step1.suggestions)
    parent = level2.parent[step2.pcode]
    if step1.pcode and parent != step1.pcode:
        return Placement(written, None, None, "unknown", (), _problem(
            "place-contradicts-pcode", f"{level2.name[step2.pcode]} ({step2.pcode}) lies in "
            f"{level1.name[parent]} ({parent}), not in {level1.name[step1.pcode]} "
            f"({step1.pcode}); correct one of them"))
    how = _least_sure(step1.how, step2.how) if step1.pcode else _least_sure(step2.how, "parent")
    return Placement(written, parent, step2.pcode, how, step1.suggestions + step2.suggestions)


@dataclass(frozen=True)
class _Step:
    """The area of one level: its P-code (None when the row names none), how it was found."""

    pcode: str | None = None
    how: str = "not_located"
    suggestions: tuple[str, ...] = ()
    problem: Problem | None = None
    missed: tuple[int, str] | None = None


def _step(gazetteer: Gazetteer, number: int, name: str, code: str, within: set[str] | None,
          accept_fuzzy: bool, near_miss_fix: str) -> _Step:
    level = _levels(gazetteer)[number - 1]
    if code:
        hit = level.by_code(code, gazetteer.iso3, gazetteer.iso2)
        if not hit.pcodes and _names_no_area(level, name):
            return _Step()  # 'Cobertura Nacional' coded GT00: the whole country, no area
        if not hit.pcodes:
            return _Step(how="unknown", problem=_problem(
                "unknown-pcode", _unknown_code(gazetteer, number, code, name)))
        contradiction = _contradiction(gazetteer, number, hit.pcodes[0], code, name)
        if contradiction:
            return _Step(how="unknown", suggestions=level.labels(level.by_name(name).pcodes),
                         problem=_problem("place-contradicts-pcode", contradiction))
        return _Step(hit.pcodes[0], hit.how)
    if not name or _names_no_area(level, name):
        return _Step()
    hit = level.by_name(name, within)
    elsewhere = level.by_name(name) if within and hit.how in ("fuzzy", "unknown") else _Found()
    if elsewhere.how in ("name", "alternative"):  # a district of another province
        level1 = _levels(gazetteer)[0]
        places = " or ".join(f"{level.name[p]} ({p}) in {level1.name[level.parent[p]]} "
                             f"({level.parent[p]})" for p in elsewhere.pcodes)
        inside = ", ".join(f"{level1.name[p]} ({p})" for p in sorted(within))
        return _Step(how="unknown", suggestions=level.labels(elsewhere.pcodes), problem=_problem(
            "place-contradicts-parent", f"'{name}' is {places}, not in {inside}; correct one "
            "of them"))
    problem = _name_problem(gazetteer, number, name, hit, accept_fuzzy, near_miss_fix)
    suggestions = hit.suggestions or (level.labels(hit.pcodes) if len(hit.pcodes) > 1 else ())
    if problem:
        missed = (number, name) if hit.how in ("fuzzy", "unknown") else None
        return _Step(how="fuzzy" if hit.how == "fuzzy" else "unknown", suggestions=suggestions,
                     problem=problem, missed=missed)
    return _Step(hit.pcodes[0], hit.how, suggestions)


def _names_no_area(level: _Level, name: str) -> bool:
    """'National', 'Multiple'…; but 'Central' is a region of Ghana, so a word the country's
    gazetteer has is a name."""
    return normalise(name) in NOT_AREAS and normalise(name) not in level.exact


def _problem(code: str, message: str | None) -> Problem | None:
    return Problem(code, message, "") if message else None


def _written(admin1_name: str, admin1_pcode: str, admin2_name: str, admin2_pcode: str) -> str:
    """'Khong (LA1610), Champasack (LA16)': the place as the file writes it."""
    def one(name: str, code: str) -> str:
        return f"{name} ({code})" if name and code else name or code
    return ", ".join(p for p in (one(admin2_name, admin2_pcode), one(admin1_name, admin1_pcode))
                     if p)


def _area_word(gazetteer: Gazetteer, level: int) -> str:
    return gazetteer.admin1_label.lower() if level == 1 else "admin 2 area"


def _a(word: str) -> str:
    return f"an {word}" if word[:1] in "aeiou" else f"a {word}"


def _contradiction(gazetteer: Gazetteer, number: int, pcode: str | None, code: str | None,
                   name: str) -> str | None:
    """The message when ``name`` is surely the name of an area other than ``pcode``'s."""
    level = _levels(gazetteer)[number - 1]
    if not name or pcode is None:
        return None
    named = level.by_name(name)
    if named.how not in ("name", "alternative") or pcode in named.pcodes:
        return None  # an unfamiliar spelling beside a P-code is a label
    others = " or ".join(f"{p} ({level.name[p]})" for p in named.pcodes)
    return (f"the {_area_word(gazetteer, number)} P-code '{code}' ({level.name[pcode]}) does "
            f"not match the name '{name}', which is {others}; correct one of them")


def _unknown_code(gazetteer: Gazetteer, number: int, code: str, name: str) -> str:
    level = _levels(gazetteer)[number - 1]
    area = _area_word(gazetteer, number)
    codes = sorted(level.name)
    span = f"{codes[0]}…{codes[-1]}" if codes else "none"
    message = (f"P-code '{code}' is not {_a(area)} of {gazetteer.country} in the gazetteer "
               f"(its P-codes run {span})")
    if _PCODE_SHAPE.fullmatch(code.strip().upper()):
        message += ("; a code that only looks like a P-code (FIPS and GeoNames codes number "
                    "areas in their own order) is never joined on its shape")
    named = level.by_name(name) if name else _Found()
    if named.how in ("name", "alternative") and len(named.pcodes) == 1:
        return f"{message}; the name '{name}' is {level.labels(named.pcodes)[0]}: write " \
               f"{named.pcodes[0]} or leave the P-code empty"
    return f"{message}; write the P-code from OCHA's list, or the {area}'s name"


def _name_problem(gazetteer: Gazetteer, number: int, name: str, hit: _Found,
                  accept_fuzzy: bool, near_miss_fix: str) -> Problem | None:
    level = _levels(gazetteer)[number - 1]
    area = _area_word(gazetteer, number)
    if len(hit.pcodes) > 1:
        return Problem("place-ambiguous", (
            f"'{name}' may be {' or '.join(level.labels(hit.pcodes))}; write the "
            f"{area}'s full name or its P-code"), "")
    if hit.how == "fuzzy" and not accept_fuzzy:
        return Problem("place-near-miss", (
            f"'{name}' is not {_a(area)} of {gazetteer.country}; nearest known: "
            f"{hit.suggestions[0]}; {near_miss_fix}"), "")
    if hit.how == "unknown":
        near = f"; nearest known: {', '.join(hit.suggestions)}" if hit.suggestions else ""
        return Problem("unknown-place", (
            f"'{name}' is not {_a(area)} of {gazetteer.country}{near}; write a name or P-code "
            f"from the gazetteer, or add the spelling to data/gazetteer/{ALT_NAMES}"), "")
    return None


def _least_sure(*hows: str) -> str:
    """Of several steps, the one the reader should know about: the least sure."""
    order = ("unknown", "fuzzy", "converted", "parent", "alternative", "name", "pcode",
             "not_located")
    return min(hows, key=order.index)


def add_alternative(data_dir: Path, iso3: str, pcode: str, name: str, *, language: str = "",
                    source: str = "confirmed on the import page") -> bool:
    """Keep ``name`` as another spelling of ``pcode``, so the next file that writes it is placed.

    Appended to ``data/gazetteer/alt_names.csv`` atomically, under a lock, keeping every line
    already there. False when the spelling already leads there; SaveRefused when the P-code is
    unknown or the spelling is already another area's."""
    folder = Path(data_dir) / "gazetteer"
    gazetteer = load_gazetteers(folder).get(iso3)
    if gazetteer is None:
        raise SaveRefused(f"there is no gazetteer for the country '{iso3}'")
    level = next((lv for lv in _levels(gazetteer) if pcode in lv.name), None)
    if level is None:
        raise SaveRefused(f"'{pcode}' is not a P-code of {gazetteer.country}")
    if not normalise(name):
        raise SaveRefused(f"'{name}' has no letters or digits to match a place by")
    taken = level.exact.get(normalise(name), {})
    if pcode in taken:
        return False
    if taken:
        raise SaveRefused(f"'{name}' is already a name of {', '.join(level.labels(taken))}; "
                          "a spelling can lead to one area only")
    line = io.StringIO()
    csv.writer(line, lineterminator="\n").writerow([iso3, pcode, name.strip(), language, source])
    append_atomically(folder / ALT_NAMES, line.getvalue(),
                      header=",".join(ALT_NAME_COLUMNS) + "\n")
    return True


def remove_alternative(data_dir: Path, iso3: str, pcode: str, name: str) -> bool:
    """Forget a spelling kept in ``alt_names.csv`` for ``pcode``: its lines are taken out,
    every other line kept as it is. False when the file does not list it."""
    path = Path(data_dir) / "gazetteer" / ALT_NAMES
    if not path.is_file():
        return False
    removed = []

    def without(text: str) -> str:
        lines = text.splitlines(keepends=True)
        kept = [line for line in lines[1:] if not _lists(line, iso3, pcode, name)]
        removed.append(len(lines) - 1 - len(kept))
        return "".join(lines[:1] + kept)

    edit_atomically(path, without)
    return removed[0] > 0


def _lists(line: str, iso3: str, pcode: str, name: str) -> bool:
    cells = next(csv.reader([line]), [])
    return len(cells) >= 3 and (cells[0].strip(), cells[1].strip(), cells[2].strip()) == (
        iso3, pcode, name.strip())
