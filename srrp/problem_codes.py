"""Every problem code the dashboard and the command line report, once, as data: its severity,
what it means and how to fix it. Every ``Problem`` is built from a code here (an unknown code
is refused), and docs/errors.md is generated from this table (``python scripts/errors_doc.py``).

A code's severity is what it does where it is usually found: an ``error`` refuses the file
(or, at import, the row); a ``warning`` keeps it and says what was read. At import a bad field
of a row that can still be counted is a warning whatever its code (the row is kept, the value
as written in its note): the meanings say so where it happens."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]
ERROR: Severity = "error"
WARNING: Severity = "warning"


@dataclass(frozen=True)
class Code:
    severity: Severity
    meaning: str
    fix: str


CODES: dict[str, Code] = {
    "already-imported": Code(
        ERROR,
        "the file's content (the same bytes, for the same country) is already in the dashboard as "
        "an earlier import, named in the message; its rows would count twice",
        "nothing to do if it is the same file; to import it anew (a better mapping, say), take the "
        "earlier import out first: `python -m srrp imports remove ID` or *Take out* on the Import "
        "page"),
    "amount-as-text": Code(
        ERROR,
        "an amount is written as text (\"25,928,630\", \"$25.9M\", \"25_928_630\")",
        "write whole US dollars as plain digits, without quotes: `25928630`"),
    "bad-amount": Code(
        ERROR,
        "an amount is not a whole number of US dollars (negative, decimal)",
        "write a whole number of at least 0"),
    "bad-change": Code(
        ERROR,
        "a scenario change is not one of the four kinds",
        "use `set_required`, `add_contribution`, `set_contribution` or `remove_contribution`, "
        "followed by its fields"),
    "bad-date": Code(
        ERROR,
        "a date is not YYYY, YYYY-MM or YYYY-MM-DD, or not a plausible activity date (a year "
        "outside 1950–2099: `0201-12-31`); at import, a warning: not reported",
        "write it so, or leave it empty when not reported"),
    "bad-id": Code(
        ERROR,
        "a sub-objective's id does not start with its objective's (`3.2` under `3`)",
        "renumber it, or move it under its objective"),
    "bad-number": Code(
        ERROR,
        "a count in an activity file is not a whole number of at least 0 (at import, a warning: the"
        " cell is not reported, its value kept in the row's note)",
        "write digits, or leave the cell empty when not reported (never 0 for unknown)"),
    "bad-rate": Code(
        ERROR,
        "an exchange rate given with `--rate` (or on the Import page) is not `CUR=RATE` with a "
        "positive number",
        "write the US dollars one unit is worth, e.g. `--rate KRW=0.00085`"),
    "bad-round": Code(
        WARNING,
        "a reporting-date or month cell names no month (a warning: the row is kept, in the import's"
        " round)",
        "write the month reported, `2021-07` or a date in it; or choose the column's field again on"
        " the Import page"),
    "bad-share": Code(
        ERROR,
        "a share of women or under-18s is not a percentage from 0 to 100",
        "write the number without the % sign, or leave it empty"),
    "bad-status": Code(
        ERROR,
        "an FTS flow's status is not `paid`, `commitment` or `pledge`",
        "check the export is FTS's own and unedited; correct the status cell"),
    "bad-value": Code(
        ERROR,
        "a value is not one of those allowed (a contribution's `status`)",
        "write one of the values listed in the message"),
    "bad-workbook": Code(
        ERROR,
        "the file starts like an Excel workbook but cannot be read (damaged, or a sheet cannot be "
        "opened)",
        "open it in a spreadsheet, save it again as .xlsx (or export the sheet as CSV) and import "
        "that"),
    "bad-year": Code(
        ERROR,
        "an FTS usage year, or `--year`, is not a four-digit year",
        "write YYYY, e.g. `--year 2021`"),
    "boundary-no-pcode": Code(
        ERROR,
        "a boundary file's area carries no `ADM1_PCODE` / `ADM2_PCODE` (or none of its areas does)",
        "export the COD-AB layer as OCHA publishes it, with its P-code columns; in QGIS, keep the "
        "attribute table's `ADM1_PCODE` (or `ADM2_PCODE`)"),
    "boundary-overlap": Code(
        ERROR,
        "two areas of a boundary file lie on one another (the middle of one is inside the other): "
        "two levels or two versions in one file",
        "keep one layer of one level in the file, and import each level on its own"),
    "boundary-ring": Code(
        ERROR,
        "an area of a boundary file is not a polygon, or a ring has fewer than three points, or its"
        " coordinates are not longitude and latitude",
        "repair the geometry in QGIS (Vector > Geometry Tools > Check Validity) and export it in "
        "WGS 84 (EPSG:4326)"),
    "boundary-unknown-pcode": Code(
        WARNING,
        "a boundary file names a P-code the gazetteer does not know, most often from a newer P-code"
        " version (a warning: the area is kept and drawn)",
        "nothing to do for the map; to place activities in it, add the area to `data/gazetteer/`"),
    "boundary-unreadable": Code(
        ERROR,
        "a file recognised as boundaries is not a GeoJSON, TopoJSON or zipped shapefile that can be"
        " read",
        "export the boundaries again (from QGIS or HDX's COD-AB page), as GeoJSON or a zip of the "
        ".shp, .shx and .dbf"),
    "budget-conflict": Code(
        ERROR,
        "one project is given different budgets on different rows (at import, a warning: the budget"
        " is not reported, each row's kept in its note)",
        "a project's budget is counted once: write the same on every row"),
    "cell-too-long": Code(
        ERROR,
        "a CSV cell holds more than 131,072 characters (about 40 pages), the most a cell may hold; "
        "most often a quote opened and never closed has swallowed the rows after it",
        "close the quote on the row named, or shorten the cell"),
    "csv-syntax": Code(
        ERROR,
        "a quote opens in a CSV row and is never closed; a row has more cells than the header; or a"
        " row of an FTS export stops before a column a flow needs (a line break inside a cell that "
        "is not in quotes ends the row)",
        "close the quote, or write a quote inside a cell as two quotes (`\"\"`); remove the stray "
        "separator; download the FTS export again, or put that cell in quotes"),
    "date-order": Code(
        WARNING,
        "a column's day/month order cannot be decided from its unambiguous dates, or they disagree "
        "(a warning)",
        "check the column's dates, or write them as YYYY-MM-DD"),
    "duplicate-id": Code(
        ERROR,
        "two entries (objectives, sub-objectives, contributions) share an id",
        "give each entry its own id"),
    "duplicate-key": Code(
        ERROR,
        "a YAML mapping names a key twice (YAML itself would keep the last silently)",
        "keep only one"),
    "empty-file": Code(
        ERROR,
        "the file holds nothing (or only comments or a header)",
        "write the content, or remove the file"),
    "encoding": Code(
        ERROR,
        "the file is not UTF-8 (often Latin-1 or Windows-1252 from a spreadsheet); in a 3W import, "
        "a row of an otherwise UTF-8 file holds a byte that is not (the row is rejected, the cell "
        "named)",
        "save it as UTF-8 (\"CSV UTF-8\" in a spreadsheet), or write the named cell again"),
    "encrypted-workbook": Code(
        ERROR,
        "the workbook is protected by a password, so its cells cannot be read",
        "remove the password in the spreadsheet program (File → Info → Protect) and import the "
        "saved copy"),
    "end-before-start": Code(
        ERROR,
        "an activity ends before it starts (at import, a warning: neither date is reported, both "
        "are kept in the row's note)",
        "correct `start` or `end`"),
    "error-cell": Code(
        WARNING,
        "a cell holds a spreadsheet error (`#VALUE!`, `#REF!`, `#DIV/0!`); it is read as not "
        "reported (a warning)",
        "fix the formula in the workbook, or leave the cell empty when not reported"),
    "fractional-number": Code(
        WARNING,
        "an imported count of people or dollars is not a whole number (666.67: a target split "
        "across places): it is counted rounded to the nearest whole, the value as written kept in "
        "the row's note (a warning)",
        "write whole numbers, or nothing, if the rounding is not right"),
    "hxl-misplaced": Code(
        ERROR,
        "the HXL hashtag row is not right under the header",
        "move it under the header, or remove it"),
    "iati-version": Code(
        ERROR,
        "an IATI file declares a version other than 2.0x, which is not read",
        "download the activities as IATI 2.0x XML"),
    "import-in": Code(
        ERROR,
        "`imports restore` names an import that is in the dashboard already",
        "nothing to bring back; `python -m srrp imports` lists each import's status"),
    "import-taken-out": Code(
        ERROR,
        "`imports remove` names an import that is taken out already",
        "nothing to take out; bring it back with `python -m srrp imports restore ID`"),
    "json-syntax": Code(
        ERROR,
        "an FTS API page is not valid JSON",
        "download the page again: it is probably cut short"),
    "missing-column": Code(
        ERROR,
        "a required column is missing from an activity file's header",
        "add it (the message lists the columns needed and the nearest name found)"),
    "missing-key": Code(
        ERROR,
        "a required YAML key is missing",
        "add it: `key: …`"),
    "missing-value": Code(
        ERROR,
        "a required cell is empty",
        "fill it in: every row needs one"),
    "no-activity": Code(
        ERROR,
        "an imported row says neither who (an organisation) nor what (a project, activity or "
        "sector), so it cannot be counted",
        "fill in the organisation or the project, or map the column that holds it"),
    "no-recipient": Code(
        ERROR,
        "`funding --into` was given no `--recipient`: an FTS file holds every agency's flows, and "
        "nothing is added until it is said whose count",
        "add `--recipient` with the plan's organisation (`--recipient IOM`)"),
    "not-fts": Code(
        ERROR,
        "a JSON file has no `data.flows` list, so it is not a page of FTS's `flow/custom-search`",
        "download the flows from FTS's API or its CSV export"),
    "not-iati": Code(
        ERROR,
        "an XML file is not IATI activity XML (`<iati-activities>`)",
        "give an IATI activity file, version 2.0x, e.g. from d-portal or the IATI datastore"),
    "not-reported": Code(
        WARNING,
        "a cell says `N/A`, `n.d.`, `-` or similar; it is read as not reported, never as zero (a "
        "warning)",
        "nothing, if it is indeed not reported; otherwise write the figure"),
    "not-text": Code(
        ERROR,
        "the file is binary (it holds NUL bytes)",
        "give the text file, not a spreadsheet or an archive"),
    "not-written": Code(
        ERROR,
        "contributions could not be added to the plan or scenario file (the file changed, or the "
        "result would not validate)",
        "read the message: fix the file, or choose another with `--into`"),
    "number-as-text": Code(
        ERROR,
        "a count is written with separators (\"1,200\")",
        "write digits only: `1200`"),
    "old-excel": Code(
        ERROR,
        "the file is an Excel 97–2003 workbook (.xls), which is not read",
        "open it in a spreadsheet program and save it as .xlsx or CSV"),
    "other-country": Code(
        ERROR,
        "an imported row is for another country than the one chosen",
        "import that country's rows separately, choosing its country"),
    "part-over-total": Code(
        ERROR,
        "a part of a figure (women, or children) is larger than its total (at import, a warning: no"
        " share is computed)",
        "correct the part or the total in the file"),
    "pcode-replaced-by-name": Code(
        WARNING,
        "an imported row's admin 2 P-code is not an area of its admin 1, but its admin 2 name is an"
        " area inside that admin 1: the row is placed there (a warning)",
        "correct the admin 2 P-code in the file"),
    "place-ambiguous": Code(
        ERROR,
        "a place name two areas answer to ('Vientiane': the capital or the province)",
        "write the area's full name or its P-code"),
    "place-contradicts-parent": Code(
        ERROR,
        "a district is named under a province it is not in ('Pakse' under Attapeu)",
        "correct the district or the province (the message says where the district is)"),
    "place-contradicts-pcode": Code(
        ERROR,
        "a P-code and a name (or a district's code and its province) name different areas",
        "correct one of them, or leave the P-code empty"),
    "place-near-miss": Code(
        ERROR,
        "a place name is close to a known one but not it ('Centeral Darfur')",
        "write the name suggested, or its P-code"),
    "placed-at-admin1": Code(
        WARNING,
        "an imported row's admin 1 is certain but its admin 2 is not (a near miss, an unknown name "
        "or code, or an area of another admin 1): the row is placed at its admin 1 only, admin 2 "
        "left empty, the value as written kept in the note (a warning)",
        "confirm the spelling on the Import page, or correct the admin 2 in the file"),
    "sum-mismatch": Code(
        ERROR,
        "sub-objectives do not add up to their objective, or objectives to the plan",
        "correct the amounts: the message says by how much they differ"),
    "summary-sheet": Code(
        ERROR,
        "a sheet holds places and figures but no column saying who or what (one row per province, "
        "figures per sector in columns): a summary, not rows of activities, refused whole",
        "import the sheet the message names, which holds the rows, or the file the summary was made"
        " from"),
    "too-complex": Code(
        ERROR,
        "a YAML document holds more than 20,000 values",
        "is it the right file? A plan holds a few hundred"),
    "too-deep": Code(
        ERROR,
        "YAML values are nested too deep (over 40 levels), or an FTS API page's arrays and objects "
        "are (over 64 levels; refused before it is parsed)",
        "is it the right file? A plan nests a few levels, an FTS page 7"),
    "too-large": Code(
        ERROR,
        "the file is over the size allowed (500,000 bytes for YAML, 1 GB for CSV)",
        "is it the right file? Split it by country"),
    "unknown-contribution": Code(
        ERROR,
        "a scenario changes or removes a contribution the plan does not have",
        "use an id from the plan's `contributions` (the message suggests the nearest)"),
    "unknown-country": Code(
        ERROR,
        "an activity's `country_iso3` has no gazetteer",
        "use a country listed in `data/gazetteer/countries.csv`, or add its gazetteer"),
    "unknown-currency": Code(
        ERROR,
        "a currency is not an ISO 4217 code",
        "write the three-letter code, e.g. `KRW`, `EUR`"),
    "unknown-import": Code(
        ERROR,
        "no import of the data folder has this id",
        "copy the id from `python -m srrp imports` (or the Import page's list of imports); check "
        "`--data` names the right folder"),
    "unknown-key": Code(
        ERROR,
        "a YAML key is not one the format knows (often a misspelling)",
        "use the key the message suggests, or remove it"),
    "unknown-pcode": Code(
        ERROR,
        "a P-code is not in the country's gazetteer (older codes are converted, FIPS-style codes "
        "are not P-codes)",
        "write the P-code from OCHA's list, or leave it empty and give the name"),
    "unknown-place": Code(
        ERROR,
        "a place name is not in the country's gazetteer",
        "write a name or P-code from the gazetteer, or add the spelling to "
        "`data/gazetteer/alt_names.csv`"),
    "unknown-province": Code(
        ERROR,
        "an `admin1_name` or `admin1_pcode` is not in the country's gazetteer, or the two disagree",
        "correct the spelling (the nearest names are given), or leave `admin1_pcode` empty"),
    "unknown-sheet": Code(
        ERROR,
        "the workbook has no sheet of the name given",
        "choose one of the sheets the message lists (names match whatever their case and spaces at "
        "their ends)"),
    "unknown-source": Code(
        ERROR,
        "a figure cites a source not listed under `sources`",
        "add the source to the plan, or cite one listed"),
    "unknown-sub-objective": Code(
        ERROR,
        "a contribution, change or activity names a sub-objective the plan does not have",
        "use an id such as `3.2` from the plan"),
    "unreadable": Code(
        ERROR,
        "the file cannot be read (missing, no permission)",
        "check the path and its permissions"),
    "unsafe-tag": Code(
        ERROR,
        "a YAML tag (`!!python/…`, `!custom`) is used",
        "remove it: only plain text, numbers, dates, lists and mappings are read"),
    "unsafe-xml": Code(
        ERROR,
        "an XML file declares a DOCTYPE or entities, which are refused (they can make a small file "
        "expand without end)",
        "export the IATI file again without a DOCTYPE"),
    "wrong-type": Code(
        ERROR,
        "a YAML value has the wrong shape (a list where a mapping is expected…)",
        "write it in the shape the message names"),
    "xml-syntax": Code(
        ERROR,
        "an XML file is not well formed",
        "download the file again: it is probably cut short or edited"),
    "yaml-syntax": Code(
        ERROR,
        "the YAML cannot be parsed (indentation, a missing colon, an unclosed quote, a tab)",
        "correct it at the line and column given"),
    "zip-bomb": Code(
        ERROR,
        "a member of the workbook would expand to far more than its file (a zip bomb), so it is not"
        " opened",
        "export the sheet as CSV, or save the workbook again in a spreadsheet program"),
}
