"""Importing a 3W/4W/5W file: read the sheet, map its columns, read its values, place its rows,
check them, and account for every row, accepted or rejected with its line and reason.

One source row becomes one activity row. Nothing is invented: a figure the file does not give
is not reported; the file itself (name, sheet, mapping, time) is the rows' source. A row with no
SRRP sub-objective is still an activity of its country: it shows on the map and in the tables,
not under a node of the plan.
"""

from __future__ import annotations

import csv
import datetime as dt
import gc
import io
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from operator import itemgetter
from pathlib import Path

import numpy as np
import pandas as pd

from srrp.activities.rounds import ROUND, round_in_name, round_of_date, this_month
from srrp.activities.table import COLUMNS, PEOPLE, check_rows
from srrp.files import cells as values
from srrp.files.sheets import Book, Column, Grid, open_book
from srrp.funding.iati import iati_book, looks_like_iati
from srrp.intake.imports import REMOVED, imports_lock, refuse_repeat
from srrp.intake.layout import Layout, find_layout, is_hxl_row
from srrp.intake.mapping import Mapping, apply_mapping, auto_columns
from srrp.intake.provenance import new_id, new_name, record_source, source_id, write_new
from srrp.places.gazetteer import Gazetteer
from srrp.places.matching import Placement, place
from srrp.plan.tree import Plan
from srrp.problem_codes import WARNING
from srrp.problems import InvalidData, Problem

HOWS = ("pcode", "converted", "name", "alternative", "fuzzy", "parent", "not_located", "unknown")
COUNT_FIELDS = ("targeted", "reached", "budget_usd", "women_reached", "children_reached")
SHARE_FIELDS = ("women_pct", "under18_pct")
DATE_FIELDS = ("start", "end")
PLACE_FIELDS = ("admin1_name", "admin1_pcode", "admin2_name", "admin2_pcode")
TEXT_FIELDS = ("country_iso3", "project", "activity", "sector", "implementer", "donor",
               "sub_objective", *PLACE_FIELDS, "location", "indicator", "unit", "note")
SAMPLE_ROWS = 200  # rows of each sheet looked at to choose the data sheet
PEOPLE_WEIGHT = 3  # a filled people figure counts as much as three other filled cells
ROUND_TAG = "#date+reported"  # HXL: the date a row reports on
WRITTEN_AT_A_TIME = 20_000  # rows of the new activity file made into text at a time


@dataclass(frozen=True)
class Place:
    """One distinct place as written in the file, and where it was placed."""

    written: str
    placement: Placement
    rows: int
    names: dict[str, str]  # the row's admin1_name, admin1_pcode, admin2_name, admin2_pcode


@dataclass
class Intake:
    """What an import read, and what it would write."""

    file: str
    book: Book
    sheet: str
    layout: Layout
    columns: dict[str, str]  # header → field
    country: str
    rows: int  # data rows read (blank rows are not rows)
    accepted: pd.DataFrame  # the activity rows, as text, in the activity format
    rejected: list[Problem]
    warnings: list[Problem]
    places: list[Place]
    mapping: Mapping
    how: Counter = field(default_factory=Counter)  # rows placed each way
    sheet_notes: list[str] = field(default_factory=list)  # what was ignored while reading
    rejected_cells: list[tuple] = field(default_factory=list)  # each rejected row as written
    default_round: str = ""  # the round of rows that state none

    @property
    def unmapped(self) -> list[str]:
        return [h for h in self.layout.headers if h not in self.columns]

    def report(self) -> dict:
        """The import as plain data: the command line's --json."""
        return {
            "rows": self.rows, "accepted": len(self.accepted),
            "rejected": _listed(self.rejected),
            "columns": self.columns, "unmapped": self.unmapped,
            "places": {how: self.how.get(how, 0) for how in HOWS},
            "file": self.file, "format": self.book.kind, "encoding": self.book.encoding,
            "separator": self.book.separator, "sheet": self.sheet, "country": self.country,
            "layout": self.layout.describe(),
            "skipped": [{"row": row, "what": what} for row, what in self.layout.skipped],
            "notes": self.notes,
            "warnings": _listed(self.warnings),
        }

    @property
    def rounds(self) -> list[str]:
        """The reporting rounds (YYYY-MM) of the accepted rows."""
        if "round" not in self.accepted:
            return []
        return sorted(set(self.accepted["round"]) - {""})

    @property
    def notes(self) -> list[str]:
        return [*self.book.notes, *self.sheet_notes]

    def used_mapping(self) -> Mapping:
        """The mapping this import used, to save for next month's file of the same shape."""
        fields = dict(self.columns)
        return Mapping({h: fields.get(h) for h in self.layout.headers}, self.sheet,
                       self.layout.header_row, self.mapping.date_order, self.country)

    def rejected_table(self) -> pd.DataFrame:
        """The rejected rows with their reasons, then their cells as written."""
        reasons = pd.DataFrame([(p.line, p.code, p.message) for p in self.rejected],
                               columns=["line", "code", "reason"])
        cells = pd.DataFrame([[values.text(row[c.index]) if c.index < len(row) else ""
                               for c in self.layout.columns] for row in self.rejected_cells],
                             columns=self.layout.headers)
        return pd.concat([reasons, cells], axis=1)

    def warnings_table(self) -> pd.DataFrame:
        """Every warning with its line, its column's name and its reason: the rows kept with
        a field read as not reported, rounded, or placed less deep than written."""
        header = {c.index + 1: c.header for c in self.layout.columns}
        return pd.DataFrame([(p.line, header.get(p.col, ""), p.code, p.message)
                             for p in self.warnings],
                            columns=["line", "column", "code", "reason"])

    def activity_table(self, source: str) -> pd.DataFrame:
        """The accepted rows as the dashboard's loader reads the activity file they are written
        to, naming ``source``: each row's line (under the header and the HXL row), then every
        column as categories, shared with ``accepted``."""
        rows = len(self.accepted)
        columns = {name: _as_category(self.accepted[name]) for name in [*COLUMNS, ROUND]}
        columns["source"] = pd.Categorical.from_codes(np.zeros(rows, np.int8), [source])
        return pd.DataFrame({"line": np.arange(3, rows + 3), **columns}, copy=False)


def _as_category(column: pd.Series) -> pd.Series:
    return column if isinstance(column.dtype, pd.CategoricalDtype) else \
        column.astype("category")


def _activity_file(table: pd.DataFrame) -> Iterator[bytes]:
    """The activity file of an ``activity_table`` in UTF-8, with its HXL row, a block of rows
    at a time, from each column's categories: iterating over the table's rows made a new string
    of every cell, 500 MB for a 50 MB file."""
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow([*COLUMNS, ROUND])
    writer.writerow([*COLUMNS.values(), ROUND_TAG])
    columns = [(table[name].cat.codes.to_numpy(), table[name].cat.categories.tolist())
               for name in [*COLUMNS, ROUND]]
    for start in range(0, len(table), WRITTEN_AT_A_TIME):
        block = [[distinct[c] for c in codes[start:start + WRITTEN_AT_A_TIME].tolist()]
                 for codes, distinct in columns]
        writer.writerows(zip(*block, strict=True))
        yield text.getvalue().encode()
        text.seek(0)
        text.truncate()
    yield text.getvalue().encode()  # the header, when no row was accepted


@dataclass(frozen=True)
class SheetLook:
    """What a sheet holds, from its first rows: to choose the data sheet, and to say in one
    line what the others are."""

    name: str
    rows: int  # rows of data in the sample (at most SAMPLE_ROWS)
    fields: tuple[str, ...]  # the fields its columns map to
    filled: int  # cells of mapped columns filled, people figures counting PEOPLE_WEIGHT each
    hxl: bool

    def describe(self) -> str:
        rows = f"over {SAMPLE_ROWS:,}" if self.rows >= SAMPLE_ROWS else f"{self.rows:,}"
        holds = ", ".join(self.fields) if self.fields else "no column of a 3W"
        return f"'{self.name}' holds {rows} rows: {holds}"


def look_at_sheets(book: Book) -> list[SheetLook]:
    return [_look(book, name) for name in book.sheet_names]


def _look(book: Book, name: str) -> SheetLook:
    rows = book.sheet(name, limit=SAMPLE_ROWS + 20).rows
    layout = find_layout(rows)
    columns = auto_columns(layout.headers, layout.tags)
    position = {c.header: c.index for c in layout.columns}
    body = [r for r in rows[layout.first_data_row - 1:] if any(not values.blank(c) for c in r)]
    filled = sum((PEOPLE_WEIGHT if field in ("targeted", "reached") else 1) *
                 sum(1 for r in body if position[h] < len(r) and not values.blank(r[position[h]]))
                 for h, field in columns.items())
    return SheetLook(name, len(body), tuple(dict.fromkeys(columns.values())), filled,
                     any(is_hxl_row(r) for r in rows[:30]))


def default_sheet(book: Book, looks: list[SheetLook] | None = None) -> str:
    """The sheet whose rows fill the most fields, people figures weighing most; then the one
    with an HXL row, then the first."""
    looks = looks or look_at_sheets(book)
    return max(looks, key=lambda lk: (lk.filled, lk.hxl, -looks.index(lk))).name


def read_import(raw: bytes, file: str, gazetteers: dict[str, Gazetteer],
                rates: dict | None = None, **choices) -> Intake:
    """Read a file for import; InvalidData when nothing can be read from it. IATI activity XML
    is read as activities of the chosen country, its amounts converted only at ``rates``."""
    if looks_like_iati(raw):
        return read_book(iati_book(raw, file, choices.get("country"), rates or {}),
                         gazetteers, **choices)
    return read_book(open_book(raw, file), gazetteers, **choices)


@contextmanager
def _collector_paused():
    """Python's cycle collector held off while a file is read. Reading makes a container or
    two for every row, none of them in a cycle, and each collection walks them all again: a
    275,000-row workbook spent half a second on it. Re-enabled after (when it was on), even
    if the reading fails."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


@_collector_paused()
def read_book(book: Book, gazetteers: dict[str, Gazetteer], *, plan: Plan | None = None,
              country: str | None = None, sheet: str | None = None,
              mapping: Mapping | None = None, accept_fuzzy: bool = False,
              default_round: str | None = None,
              progress: Callable[[float, str], None] = lambda done, what: None) -> Intake:
    """Read an opened file for import; ``progress`` hears how far it has gone (0 to 1)."""
    mapping = mapping or Mapping()
    chosen = sheet or (mapping.sheet if mapping.sheet in book.sheet_names else None) or \
        default_sheet(book)
    progress(0.1, f"Reading sheet '{chosen}'…")
    grid = book.sheet(chosen)
    chosen = grid.name  # as the workbook spells it
    progress(0.5, "Mapping the columns and reading the values…")
    layout = find_layout(grid.rows, mapping.header_row)
    columns, mapping_notes = apply_mapping(auto_columns(layout.headers, layout.tags),
                                           layout.headers, mapping)
    table = Grid.of(grid.rows)
    body = _data_rows(table, layout.first_data_row)
    position = {c.header: c.index for c in layout.columns}
    cells = {name: table.column(position[h], body) for h, name in columns.items()}
    _refuse_a_summary(book, chosen, set(columns.values()))
    iso3 = _country(country or mapping.country, cells, book.file, gazetteers)
    rows = _Rows(book.file, body + 1, columns, position, gazetteers[iso3])
    rows.refuse(book.faults)
    round_, round_note = _default_round(default_round, book.file, ROUND in cells)
    accepted = rows.build(cells, mapping.date_order, accept_fuzzy,
                          {s.id for s in plan.sub_objectives()} if plan else None, round_)
    progress(1.0, "Done")
    rejected = rows.rejected_problems()
    return Intake(book.file, book, chosen, layout, columns, iso3, len(body), accepted,
                  rejected, rows.warnings, rows.places, mapping, rows.how,
                  [*grid.notes, *mapping_notes, *rows.notes,
                   *_round_notes(ROUND in cells, round_, round_note)],
                  [table[p.line - 1] for p in rejected], round_)


def _data_rows(table: Grid, first: int) -> np.ndarray:
    """The rows (numbered from 0) from line ``first`` on that hold a cell: blank rows are not
    rows."""
    every = np.arange(len(table))
    filled = every >= first - 1
    held = np.zeros(len(table), bool)
    for index in range(table.width):
        held |= ~table.column(index, every).where(values.blank)
    return every[filled & held]


WHO_OR_WHAT = ("project", "activity", "sector", "implementer", "donor")


def _refuse_a_summary(book: Book, sheet: str, fields: set[str]) -> None:
    """A sheet of places and figures with no column saying who or what (one row per province,
    figures per sector in columns) is a summary: its rows are not activities, and reading
    them as such would count every figure as one activity's."""
    if fields & set(WHO_OR_WHAT) or not fields & set(PLACE_FIELDS):
        return
    rows = [look.name for look in look_at_sheets(book) if look.name != sheet
            and set(look.fields) & set(WHO_OR_WHAT) and look.rows]
    where = f"import sheet '{rows[0]}', which holds them" if rows else \
        "import the rows of activities it was made from"
    raise InvalidData([Problem("summary-sheet", f"sheet '{sheet}' is a summary (places and "
                               "figures, with no column saying who or what), not rows of "
                               f"activities: {where}", book.file)])


def write_import(intake: Intake, folder, plan: Plan, gazetteers: dict[str, Gazetteer], *,
                 sha256: str, by: str = "", now: dt.datetime | None = None) -> Path:
    """Write the accepted rows as a new activity file with its provenance; the path written.

    Before it is written, the file's rows are checked by the checks the dashboard's loader
    makes, on the table the file is written from: a file the dashboard would refuse is never
    written (InvalidData says why). Content already in the
    folder for the same country is refused (ImportRefused names the earlier import)."""
    now = now or dt.datetime.now(dt.UTC)
    folder = Path(folder)
    import_id = new_id(now)
    name = new_name(intake.country, intake.file, import_id)
    record = {"id": import_id, "original_file": intake.file, "sha256": sha256,
              "sheet": intake.sheet, "imported_at": now.isoformat(timespec="seconds"),
              "imported_by": by, "country": intake.country, "rounds": intake.rounds,
              "rows": intake.rows, "accepted": len(intake.accepted),
              "rejected": len(intake.rejected), "format": intake.book.kind,
              "encoding": intake.book.encoding, "separator": intake.book.separator,
              "layout": intake.layout.describe(), "places": dict(intake.how),
              "mapping": yaml_ready(intake.used_mapping())}
    check_rows(intake.activity_table(source_id(name)), name, replace(
        plan, sources=(*plan.sources, record_source(name, record))), gazetteers)
    with imports_lock(folder):
        refuse_repeat(folder, sha256, intake.country, intake.file)
        while any((where / name).exists() for where in (folder, folder / REMOVED)):
            import_id = new_id(now)  # the same second and the same random part: another
            name, record["id"] = new_name(intake.country, intake.file, import_id), import_id
        return write_new(folder, name, _activity_file(intake.activity_table(source_id(name))),
                         record)


def yaml_ready(mapping: Mapping) -> dict:
    return {k: v for k, v in vars(mapping).items() if v is not None}


def _default_round(given: str | None, file: str, column: bool) -> tuple[str, str]:
    """The round of rows that state none, and where it comes from: as given, else the file's
    name, else the month of the import; but in a file with a reporting-date column, a row
    without one is given no round rather than this month, which would make it the latest."""
    if given:
        return given, "as chosen"
    named = round_in_name(file)
    if named:
        return named, "from the file's name"
    if column:
        return "", "neither chosen nor in the file's name"
    return this_month(), "the month of the import: the file's name states none"


def _round_notes(column: bool, round_: str, where: str) -> list[str]:
    if not column:
        return [f"every row is in round {round_} ({where})"]
    rest = f"in round {round_}" if round_ else "in no round, counted as they are"
    return [f"reporting rounds from the file's reporting-date column; rows without one are "
            f"{rest} ({where})"]


def _country(given: str | None, cells: dict[str, Column], file: str,
             gazetteers: dict[str, Gazetteer]) -> str:
    """The file's country: as given, else its country column, its name ('nga_3w…'), or the
    prefix of its P-codes."""
    codes = _country_codes(gazetteers)
    if given:
        found = codes.get(given.strip().upper())
        if found is None:
            raise InvalidData([Problem("unknown-country", f"'{given}' is not a country with a "
                                       "gazetteer; give its ISO3 code (NGA, MOZ, LAO)", file)])
        return found
    candidates = [codes.get(values.text(v).upper()) for v in cells.get("country_iso3", [])]
    candidates += [codes.get(file.split("/")[-1][:3].upper())] * 10
    candidates += [_pcode_country(values.text(v), codes) for v in cells.get("admin1_pcode", [])]
    counted = Counter(c for c in candidates if c)
    if not counted:
        raise InvalidData([Problem("unknown-country", "the file does not say its country (no "
                                   "country column, P-codes or country in its name); give it: "
                                   "--country ISO3", file)])
    return counted.most_common(1)[0][0]


def _country_codes(gazetteers: dict[str, Gazetteer]) -> dict[str, str]:
    """ISO3 and ISO2 codes → ISO3."""
    codes = {iso3: iso3 for iso3 in gazetteers}
    codes.update({g.iso2: iso3 for iso3, g in gazetteers.items() if getattr(g, "iso2", "")})
    return codes


def _pcode_country(pcode: str, codes: dict[str, str]) -> str | None:
    return codes.get(pcode[:3].upper()) or codes.get(pcode[:2].upper()) if pcode else None


class _Rows:
    """The rows of one import, column by column. A row is rejected only when it cannot be
    counted at all (each keeps its first reason); a bad field is a warning, its value kept as
    written in the row's note."""

    def __init__(self, file: str, lines: np.ndarray, columns: dict[str, str],
                 position: dict[str, int], gazetteer: Gazetteer):
        self.file, self.gazetteer = file, gazetteer
        self.lines = lines  # each row's line in the file, as numbers: a list took 14 MB
        self.header = {name: h for h, name in columns.items()}
        self.admin1_names = {a.pcode: a.name for a in gazetteer.areas}
        self.district_names = {d.pcode: d.name for d in gazetteer.districts}
        self.col = {name: position[h] + 1 for h, name in columns.items()}
        self.reasons: list[Problem | None] = [None] * len(lines)
        # values as written, for the note, of the rows that have some: a list for each of
        # 275,000 rows took a second of building and collecting
        self.kept: dict[int, list[str]] = {}
        self.warnings: list[Problem] = []
        self.places: list[Place] = []
        self.how: Counter = Counter()
        self.notes: list[str] = []

    def refuse(self, problems: dict[int, Problem]) -> None:
        """Reject the rows of these lines for these reasons, whatever they hold."""
        for i in np.flatnonzero(np.isin(self.lines, list(problems))).tolist():
            self.reasons[i] = problems[int(self.lines[i])]

    def rejected_problems(self) -> list[Problem]:
        return [p for p in self.reasons if p is not None]

    def _reject(self, i: int, code: str, message: str, name: str | None = None) -> None:
        if self.reasons[i] is None:
            self.reasons[i] = Problem(code, message, self.file, int(self.lines[i]),
                                      self.col.get(name) if name else None)

    def _warn(self, i: int, code: str, message: str, name: str | None = None) -> None:
        self.warnings.append(Problem(code, message, self.file, int(self.lines[i]),
                                     self.col.get(name) if name else None, WARNING))

    def _keep(self, i: int, name: str, written: object) -> None:
        """A value the row cannot use, kept as written in its note."""
        self.kept.setdefault(i, []).append(f"{self.header.get(name, name)} as written: "
                                           f"{values.text(written)}")

    def _read(self, name: str, column: Column, reader: Callable[[object], values.Read]) -> list:
        """A column's values read by ``reader``; what is not clean is warned of, and a value
        that cannot be read is not reported, kept as written in the note."""
        reads = column.each(reader)
        said: dict[int, str] = {}  # one message for the rows of one cell: 134,000 warnings
        for i, read in enumerate(reads):
            if read.code:
                message = said.get(id(read)) or said.setdefault(
                    id(read), f"'{self.header[name]}': {read.message}")
                self._warn(i, read.code, message, name)
                if read.code not in values.SILENT_CODES:
                    self._keep(i, name, column[i])
        return [r.value for r in reads]

    def build(self, cells: dict[str, list], date_order: str | None, accept_fuzzy: bool,
              sub_objectives: set[str] | None, default_round: str) -> pd.DataFrame:
        n = len(self.lines)
        empty = [""] * n
        texts = {name: cells[name].each(values.text) if name in cells else empty
                 for name in TEXT_FIELDS}
        counts = {name: self._read(name, cells[name], _lenient_count) if name in cells
                  else [None] * n for name in COUNT_FIELDS}
        shares = {name: self._read(name, cells[name], values.share) if name in cells
                  else [None] * n for name in SHARE_FIELDS}
        dates = {name: self._dates(name, cells[name], date_order) if name in cells else
                 list(empty) for name in DATE_FIELDS}
        self._check_country(texts["country_iso3"])
        texts["sub_objective"] = self._sub_objectives(texts["sub_objective"], sub_objectives)
        self._check_dates(dates)
        project = self._projects(texts, counts)
        for name, part in (("women_pct", "women_reached"), ("under18_pct", "children_reached")):
            shares[name] = self._shares_from_counts(shares[name], counts[part], counts["reached"],
                                                    name, part)
        placed = self._place(texts, accept_fuzzy)
        counts["budget_usd"] = self._budgets(project, counts["budget_usd"])
        table = self._table(texts, counts, shares, dates, project, placed)
        table[ROUND] = pd.Categorical(self._rounds(cells.get(ROUND), date_order, default_round))
        keep = [reason is None for reason in self.reasons]
        return table if all(keep) else table[keep].reset_index(drop=True)  # a copy otherwise

    def _dates(self, name: str, column: Column, order: str | None) -> list[str]:
        decided, day_first, month_first, written = values.date_order(column)
        if order is None:
            order = decided or values.DAY_FIRST
            if written and (decided is None or (day_first and month_first)):
                self.warnings.append(Problem("date-order", f"'{self.header[name]}': "
                                             f"{_order_words(decided, day_first, month_first)}",
                                             self.file, int(self.lines[0]), self.col[name],
                                             WARNING))
        return [v or "" for v in self._read(name, column, lambda v: values.date(v, order))]

    def _rounds(self, column: Column | None, order: str | None, default: str) -> list[str]:
        """Each row's round (YYYY-MM): its own reporting date or month, else the import's (which
        may be none). A cell that names no month warns and takes the import's; the row is
        kept."""
        if column is None:
            return [default] * len(self.lines)
        order = order or values.date_order(column)[0] or values.DAY_FIRST
        instead = f"in round {default}, the import's" if default else "in no round"
        found, unread = [], []
        for i, cell in enumerate(column):
            month = round_of_date(str(values.date(cell, order).value or ""))
            if not month and not values.blank(cell):
                unread.append((i, values.Read(code="bad-round", message=f"'{values.text(cell)}' "
                                              f"names no month; the row is {instead}")))
            found.append(month or default)
        for i, read in unread:
            self._warn(i, read.code, f"'{self.header[ROUND]}': {read.message}", ROUND)
        return found

    def _check_country(self, written: list[str]) -> None:
        codes = _country_codes({self.gazetteer.iso3: self.gazetteer})
        for i, code in enumerate(() if _empty(written, "") else written):
            if code and codes.get(code.upper()) != self.gazetteer.iso3:
                self._reject(i, "other-country", f"the row is for country '{code}', not "
                             f"{self.gazetteer.country} ({self.gazetteer.iso3}): import each "
                             "country's rows as its own file", "country_iso3")

    def _sub_objectives(self, written: list[str], known: set[str] | None) -> list[str]:
        """The sub-objectives the plan has; another is warned of and kept in the note."""
        if known is None or _empty(written, ""):
            return written
        kept = []
        for i, code in enumerate(written):
            if code and known is not None and code not in known:
                self._warn(i, "unknown-sub-objective", f"'{code}' is not a sub-objective of "
                           "the plan (1.1 … 4.3): the row is kept under none, the value as "
                           "written in its note", "sub_objective")
                self._keep(i, "sub_objective", code)
                code = ""
            kept.append(code)
        return kept

    def _check_dates(self, dates: dict[str, list[str]]) -> None:
        """An activity that ends before it starts: one of the dates is wrong, and nothing says
        which, so neither is reported; both are kept in the note."""
        if _empty(dates["start"], "") or _empty(dates["end"], ""):
            return
        for i, (start, end) in enumerate(zip(dates["start"], dates["end"], strict=True)):
            if start and end and end.ljust(10, "~") < start:
                self._warn(i, "end-before-start", f"the activity ends ({end}) before it "
                           f"starts ({start}): neither date is reported, both are kept in the "
                           "note; correct one of them", "end")
                self._keep(i, "start", start)
                self._keep(i, "end", end)
                dates["start"][i] = dates["end"][i] = ""

    def _projects(self, texts: dict[str, list[str]], counts: dict[str, list]) -> list[str]:
        """A row's project; else its activity, its sector, or its organisation, which name it
        as well. A row that says neither who nor what cannot be counted."""
        found, presence = [], 0
        for i, names in enumerate(zip(texts["project"], texts["activity"], texts["sector"],
                                      texts["implementer"], texts["donor"], strict=True)):
            name = names[0] or names[1] or names[2] or names[3] or names[4]
            if not name:
                self._reject(i, "no-activity", "the row says neither who (an organisation) nor "
                             "what (a project, activity or sector); fill one in, or map the "
                             "column that names it")
            elif not (names[0] or names[1]) and counts["targeted"][i] is None and \
                    counts["reached"][i] is None:
                presence += 1
            found.append(name)
        if presence:
            self.notes.append(f"{presence:,} rows are operational presence (an organisation and "
                              "a place, no project, activity or people figures): they count as "
                              "organisations present; people figures leave them out")
        return found

    def _shares_from_counts(self, stated: list, part: list, total: list, name: str,
                            part_name: str) -> list:
        """A share stated in the file, else computed from a count over the people reached."""
        if _empty(part, None):
            return stated
        shares = []
        for i, (share, count, reached) in enumerate(zip(stated, part, total, strict=True)):
            if share is None and count is not None and reached:
                if count > reached:
                    self._warn(i, "part-over-total", f"'{self.header[part_name]}' ({count:,}) "
                               f"is more than the people reached ({reached:,}): no share is "
                               "computed", part_name)
                else:
                    share = round(100 * count / reached, 1)
            shares.append(share)
        return shares

    def _place(self, texts: dict[str, list[str]], accept_fuzzy: bool) -> list[tuple]:
        """Each distinct place placed once, at the deepest level that is certain, given to
        its rows: each row's admin1_name, admin1_pcode, admin2_name and admin2_pcode."""
        keys = list(zip(*(texts[name] for name in PLACE_FIELDS), strict=True))
        seen: dict[tuple, Placement] = {}
        for key in dict.fromkeys(keys):
            seen[key] = place(self.gazetteer, **dict(zip(PLACE_FIELDS, key, strict=True)),
                              accept_fuzzy=accept_fuzzy, deepest_certain=True)
        rows = Counter(keys)
        self.places = [Place(p.written, p, rows[k], dict(zip(PLACE_FIELDS, k, strict=True)))
                       for k, p in seen.items()]
        for key, placement in seen.items():
            self.how[placement.how] += rows[key]
        # the rows of a place with something to say, in order; a clean place's need no visit
        told = {k for k, p in seen.items() if p.problem is not None or p.warning is not None}
        for i, key in enumerate(keys if told else ()):
            if key not in told:
                continue
            placement = seen[key]
            if placement.problem is not None:
                self._reject(i, placement.problem.code, placement.problem.message,
                             "admin1_name" if "admin1_name" in self.col else "admin2_name")
            elif placement.warning is not None:
                column = "admin2_pcode" if key[3] and not placement.missed else "admin2_name"
                self._warn(i, placement.warning.code, placement.warning.message,
                           column if column in self.col else None)
                if placement.admin2_pcode is None:
                    self.kept.setdefault(i, []).append(f"admin 2 as written: "
                                                       f"{_written_admin2(key)}")
        columns = {k: self._place_columns(p, k[2]) for k, p in seen.items()}
        return list(map(columns.__getitem__, keys))

    def _place_columns(self, placement: Placement, written: str) -> tuple[str, str, str, str]:
        """admin1_name, admin1_pcode, admin2_name and admin2_pcode of a row so placed."""
        admin1 = placement.admin1_pcode or ""
        admin2 = placement.admin2_pcode or ""
        if placement.warning is not None and placement.admin2_pcode is None:
            name = ""  # not certain: as written, it is in the note
        else:
            name = self.district_names.get(admin2, written)
        return self.admin1_names[admin1] if admin1 else "", admin1, name, admin2

    def _table(self, texts, counts, shares, dates, project, placed) -> pd.DataFrame:
        return _categories(self._columns(texts, counts, shares, dates, project, placed),
                           len(self.lines))

    def _columns(self, texts, counts, shares, dates, project,
                 placed) -> Iterator[tuple[str, list | str | pd.Categorical]]:
        """The accepted table's columns in order, each made when it is asked for."""
        people = [t is not None or r is not None for t, r in
                  zip(counts["targeted"], counts["reached"], strict=True)]
        yield from (("country_iso3", self.gazetteer.iso3), ("project", project),
                    ("donor", texts["donor"]), ("implementer", texts["implementer"]),
                    ("sector", texts["sector"]), ("start", dates["start"]),
                    ("end", dates["end"]), ("sub_objective", texts["sub_objective"]))
        for i, name in enumerate(PLACE_FIELDS):
            yield name, list(map(itemgetter(i), placed))
        yield "location", texts["location"]
        yield "indicator", [ind or (proj if has else "") for ind, proj, has in
                            zip(texts["indicator"], project, people, strict=True)]
        yield "unit", [u or (PEOPLE if has else "") for u, has in
                       zip(texts["unit"], people, strict=True)]
        for name in ("targeted", "reached", "budget_usd"):
            yield name, _digits(counts[name])
        for name in SHARE_FIELDS:
            yield name, _decimals(shares[name])
        yield "source", ""
        yield "note", self._notes(texts["note"])

    def _notes(self, written: list[str]) -> pd.Categorical:
        """Each row's note: its own, the values it could not use as written, and its line.
        Every note is another (it names its row): they are made categories as they are, not
        sorted and matched, which took 130 MB for a 50 MB file; the new file's check needs
        them as categories."""
        notes = pd.Index(["; ".join([*filter(None, [note]), *self.kept.get(i, ()),
                                     f"source row {line}"])
                          for i, (note, line) in enumerate(zip(written, self.lines.tolist(),
                                                               strict=True))], dtype="str")
        return pd.Categorical.from_codes(np.arange(len(notes)), dtype=pd.CategoricalDtype(notes))

    def _budgets(self, project: list[str], budgets: list) -> list:
        """A project's budget is counted once: rows of one project giving different budgets
        cannot all be right, so none of them is reported; each is kept in its note."""
        if _empty(budgets, None):
            return budgets
        given: dict[str, set] = {}
        for i, (name, budget) in enumerate(zip(project, budgets, strict=True)):
            if budget is not None and self.reasons[i] is None:
                given.setdefault(name, set()).add(budget)
        conflicting = {name for name, amounts in given.items() if len(amounts) > 1}
        kept = []
        for i, (name, budget) in enumerate(zip(project, budgets, strict=True)):
            if budget is not None and name in conflicting:
                self._warn(i, "budget-conflict", f"project '{name}' is given different budgets "
                           "on different rows, and the dashboard counts a project's budget "
                           "once: its budget is not reported, each row's kept in its note; "
                           "give one budget per project", "budget_usd")
                self._keep(i, "budget_usd", budget)
                budget = None
            kept.append(budget)
        return kept


def _lenient_count(value: object) -> values.Read:
    """A count of people or dollars: a fraction is rounded to the nearest whole with a
    warning (a target split across places, 666.67); text that is no number is not
    reported, with a warning."""
    read = values.count(value)
    if not read.error:
        return read
    written = values.text(value).replace(" ", "").replace(",", ".")
    try:
        number = float(written)
    except ValueError:
        number = -1.0
    if number >= 0 and number == number and number != float("inf"):
        return values.Read(round(number), "fractional-number", f"'{values.text(value)}' is "
                           f"not a whole number: counted as {round(number):,}, the value as "
                           "written kept in the note")
    return values.Read(None, "bad-number", f"'{values.text(value)}' is not a number of at "
                       "least 0: read as not reported, the value as written kept in the note")


def _empty(column: list, nothing: object) -> bool:
    """Whether every cell of a column is ``nothing``, as in a column the file does not have:
    its rows need no visit."""
    return column.count(nothing) == len(column)


def _written_admin2(key: tuple) -> str:
    name, code = key[2], key[3]
    return f"{name} ({code})" if name and code else name or code


def _categories(columns: Iterable[tuple[str, list | str | pd.Categorical]],
                rows: int) -> pd.DataFrame:
    """The columns (a list, or one text for every row) as a table of categories: a column of a
    3W holds few distinct texts, and as plain text the rows of a 50 MB file took 200 MB. Each
    list is let go once it is a category: all of them at once took 250 MB more."""
    return pd.DataFrame({name: cells if isinstance(cells, pd.Categorical) else
                         _category([cells] * rows if isinstance(cells, str) else cells)
                         for name, cells in columns})


def _category(cells: list[str]) -> pd.Categorical | pd.api.extensions.ExtensionArray:
    """Texts as a categorical, its categories sorted as pandas sorts them, built from the
    distinct texts: pandas takes five times as long to find them itself. A column of mostly
    distinct texts (free comments) stays text: as categories it would save nothing."""
    if not cells:
        return pd.Categorical(cells)
    distinct = set(cells)
    if len(distinct) > len(cells) // 2:
        return pd.array(cells, dtype="str")
    distinct = sorted(distinct)
    code = {text: i for i, text in enumerate(distinct)}
    return pd.Categorical.from_codes(np.fromiter(map(code.__getitem__, cells), np.int32,
                                                 len(cells)), pd.Index(distinct))


def _listed(problems: list[Problem]) -> list[dict]:
    return [{"line": p.line, "code": p.code, "message": p.message} for p in problems]


def _order_words(decided: str | None, day_first: int, month_first: int) -> str:
    if decided is None:
        return (f"the order of day and month cannot be decided from its dates ({day_first} "
                f"show the day first, {month_first} the month); read as day/month. If they are "
                "month/day, save a mapping with 'date_order: mdy'")
    words = "day/month" if decided == values.DAY_FIRST else "month/day"
    return (f"{day_first} dates show the day first and {month_first} the month: read as "
            f"{words}; the dates that are not are reported as bad dates")


def _digits(counts: list[int | None]) -> list[str]:
    return ["" if v is None else str(v) for v in counts]


def _decimals(shares: list[float | None]) -> list[str]:
    return ["" if v is None else f"{v:g}" for v in shares]
