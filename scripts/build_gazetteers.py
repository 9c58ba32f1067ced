"""Build admin 1 and admin 2 gazetteers for any country in OCHA's global P-code list.

    python scripts/build_gazetteers.py [PCODE_LIST] [--countries LAO NGA …] [--out-dir DIR]
                                       [--iso-codes FILE]

PCODE_LIST is OCHA's global P-code list (columns ``Location``, ``Admin Level``, ``P-Code``,
``Name``, ``Parent P-Code``, ``Valid from date``); by default the copy kept beside the
repository in ``../shared/real-data/reference/``. Country names and ISO2 codes come from
Debian's ``iso-codes`` package (``/usr/share/iso-codes/json/iso_3166-1.json``).

For each country it writes ``<ISO3>.csv`` (admin 1) and ``<ISO3>_admin2.csv`` (admin 2) and
lists the country in ``countries.csv``. What a maintainer wrote is kept: a country already
listed keeps its name and area label, an area already in ``<ISO3>.csv`` keeps its official
name, ISO 3166-2 code, alternative names and capital. Where the list spells such an area
another way (its COD spelling), that spelling is added to ``alt_names.csv`` unless another
area already answers to it. Columns the list lacks (capitals, ISO 3166-2 codes) are left
empty, never guessed. The same inputs give the same bytes.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from srrp.places.gazetteer import (  # noqa: E402
    ALT_NAME_COLUMNS,
    ALT_NAMES,
    normalise,
    without_generic,
)

DEFAULT_LIST = ROOT.parent / "shared" / "real-data" / "reference" / "global_pcodes_adm1_adm2.csv"
ISO_CODES = Path("/usr/share/iso-codes/json/iso_3166-1.json")
COUNTRY_COLUMNS = ["iso3", "iso2", "name", "admin1_label", "pcodes_valid_from"]
ADMIN1_COLUMNS = ["admin1_pcode", "iso_3166_2", "admin1_name", "alt_names", "capital",
                  "capital_lat", "capital_lon"]
ADMIN2_COLUMNS = ["admin2_pcode", "admin2_name", "admin1_pcode"]
LIST_SOURCE = "OCHA global P-code list"
# What a country calls its first-level areas, in its COD's own words; others say 'Area'.
ADMIN1_LABELS = {"GTM": "Department", "IRQ": "Governorate", "MOZ": "Province", "NGA": "State"}


class BuildError(Exception):
    """The inputs cannot give a gazetteer; the message says why."""


def read_pcode_list(path: Path) -> dict[str, list[dict]]:
    """ISO3 → the list's rows of that country, admin 1 before admin 2, in the list's order."""
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    wanted = {"Location", "Admin Level", "P-Code", "Name", "Parent P-Code", "Valid from date"}
    if not rows or not wanted <= set(rows[0]):
        raise BuildError(f"{path}: not OCHA's P-code list (it needs the columns "
                         f"{', '.join(sorted(wanted))})")
    countries: dict[str, list[dict]] = {}
    for row in rows:
        countries.setdefault(row["Location"].strip(), []).append(row)
    return {iso3: sorted(rows, key=lambda r: r["Admin Level"]) for iso3, rows in
            sorted(countries.items())}


def read_iso_codes(path: Path) -> dict[str, dict]:
    with open(path, encoding="utf-8") as f:
        return {c["alpha_3"]: c for c in json.load(f)["3166-1"]}


def read_csv(path: Path) -> list[dict]:
    if not path.is_file():
        return []
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def csv_text(columns: list[str], rows: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows({c: row.get(c, "") for c in columns} for row in rows)
    return out.getvalue()


def admin1_rows(listed: list[dict], kept: list[dict]) -> list[dict]:
    """The country's admin 1 rows: those a maintainer wrote, then the list's others."""
    known = {r["admin1_pcode"] for r in kept}
    new = [{"admin1_pcode": r["P-Code"].strip(), "admin1_name": r["Name"].strip()}
           for r in listed if r["Admin Level"] == "1" and r["P-Code"].strip() not in known]
    return [*kept, *new]


def admin2_rows(listed: list[dict]) -> list[dict]:
    return [{"admin2_pcode": r["P-Code"].strip(), "admin2_name": r["Name"].strip(),
             "admin1_pcode": r["Parent P-Code"].strip()}
            for r in listed if r["Admin Level"] == "2"]


def list_spellings(iso3: str, listed: list[dict], rows: list[dict],
                   alternatives: list[dict], log) -> list[dict]:
    """The list's spellings of areas a maintainer named otherwise, as alternative names; one
    that would make a name lead to two areas ('Vientiane', the list's name of the province,
    is also the capital's) is left out and said."""
    exact: dict[str, set[str]] = {}  # normalised name → the P-codes it leads to
    loose: dict[str, set[str]] = {}  # the same without 'province', 'capital' and the like
    for row in rows:
        names = [row["admin1_name"], *row.get("alt_names", "").split(";")]
        names += [a["name"] for a in alternatives if a["pcode"] == row["admin1_pcode"]]
        for name in filter(None, (n.strip() for n in names)):
            exact.setdefault(normalise(name), set()).add(row["admin1_pcode"])
            loose.setdefault(without_generic(normalise(name)), set()).add(row["admin1_pcode"])
    added = []
    for row in (r for r in listed if r["Admin Level"] == "1"):
        pcode, name = row["P-Code"].strip(), row["Name"].strip()
        key = normalise(name)
        leads = exact.get(key) or loose.get(without_generic(key), set())
        if leads == {pcode}:
            continue  # already a spelling of it
        if leads:
            log(f"{iso3}: the list's '{name}' for {pcode} is left out: it also names "
                f"{', '.join(sorted(leads - {pcode}))}")
            continue
        added.append({"iso3": iso3, "pcode": pcode, "name": name, "language": "en",
                      "source": LIST_SOURCE})
    return added


def build(pcode_list: Path, out_dir: Path, countries: list[str] | None, iso_codes: Path,
          log=print) -> dict[Path, str]:
    """The text of every file to write, by path."""
    listed = read_pcode_list(pcode_list)
    chosen = countries or list(listed)
    missing = [c for c in chosen if c not in listed]
    if missing:
        raise BuildError(f"not in the P-code list: {', '.join(missing)}")
    iso = read_iso_codes(iso_codes)
    country_rows = {r["iso3"]: r for r in read_csv(out_dir / "countries.csv")}
    alternatives = read_csv(out_dir / ALT_NAMES)
    files: dict[Path, str] = {}
    for iso3 in chosen:
        rows = listed[iso3]
        kept = read_csv(out_dir / f"{iso3}.csv")
        admin1 = admin1_rows(rows, kept)
        alternatives += list_spellings(iso3, rows, kept, alternatives, log) if kept else []
        files[out_dir / f"{iso3}.csv"] = csv_text(ADMIN1_COLUMNS, admin1)
        files[out_dir / f"{iso3}_admin2.csv"] = csv_text(ADMIN2_COLUMNS, admin2_rows(rows))
        entry = iso.get(iso3, {})
        country_rows.setdefault(iso3, {
            "iso3": iso3, "name": entry.get("common_name") or entry.get("name", ""),
            "admin1_label": ADMIN1_LABELS.get(iso3, "")})
        country_rows[iso3]["iso2"] = entry.get("alpha_2", "")
        country_rows[iso3]["pcodes_valid_from"] = max(r["Valid from date"] for r in rows)
        log(f"{iso3}: {len(admin1)} admin 1 areas ({len(admin1) - len(kept)} new), "
            f"{len(admin2_rows(rows))} admin 2 areas")
    # the countries a maintainer listed first, in their order; then the others by code
    files[out_dir / "countries.csv"] = csv_text(COUNTRY_COLUMNS, list(country_rows.values()))
    files[out_dir / ALT_NAMES] = csv_text(list(ALT_NAME_COLUMNS), alternatives)
    return files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pcode_list", nargs="?", type=Path, default=DEFAULT_LIST)
    parser.add_argument("--countries", nargs="+", metavar="ISO3",
                        help="only these countries (default: every country of the list)")
    parser.add_argument("--out-dir", type=Path, default=ROOT / "data" / "gazetteer")
    parser.add_argument("--iso-codes", type=Path, default=ISO_CODES)
    args = parser.parse_args(argv)
    try:
        files = build(args.pcode_list, args.out_dir, args.countries, args.iso_codes)
    except (BuildError, OSError) as err:
        print(f"build_gazetteers: {err}", file=sys.stderr)
        if isinstance(err, FileNotFoundError) and args.iso_codes.name in str(err):
            print("install Debian's iso-codes package (apt-get install iso-codes)",
                  file=sys.stderr)
        return 1
    for path, text in files.items():
        path.write_text(text, encoding="utf-8")
    print(f"wrote {len(files)} files to {args.out_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
