"""Country activity data: who does what, where, when, for whom, with what money.

One row per activity × location × indicator, as reported. A figure reported for several
provinces together stays on one row (``LA16;LA13``) and is never divided among them. Empty cells
mean "not reported", never zero. The file may carry an HXL hashtag row under its header.
Text is held as categories: a column of a million rows holds a few hundred distinct values
(provinces, dates, units), so checks run on those values, and filters and group-bys compare
numbers, not strings. Nothing is checked row by row.
"""

from __future__ import annotations

import csv
import io
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv
from pandas.api.types import union_categoricals

from srrp.files.sheets import MAX_CELL, csv_rows
from srrp.files.yamlsource import decode
from srrp.places.gazetteer import ALT_NAMES, Gazetteer
from srrp.places.matching import place
from srrp.plan.tree import Plan
from srrp.problems import InvalidData, Problem, did_you_mean

# column → HXL hashtag, in file order
COLUMNS = {
    "country_iso3": "#country+code",
    "project": "#activity+project",
    "donor": "#org+funder",
    "implementer": "#org+impl",  # optional, as are sector and admin2_pcode: 3W files carry them
    "sector": "#sector",
    "start": "#date+start",
    "end": "#date+end",
    "sub_objective": "#activity+code+srrp",
    "admin1_name": "#adm1+name",
    "admin1_pcode": "#adm1+code",
    "admin2_name": "#adm2+name",
    "admin2_pcode": "#adm2+code",
    "location": "#loc+name",
    "indicator": "#indicator+name",
    "unit": "#indicator+unit",
    "targeted": "#targeted",
    "reached": "#reached",
    "women_pct": "#reached+f+pct",
    "under18_pct": "#reached+children+pct",
    "budget_usd": "#value+usd",
    "source": "#meta+source",
    "note": "#meta+note",
}
REQUIRED_COLUMNS = ("country_iso3", "project", "sub_objective", "admin1_name", "admin1_pcode",
                    "indicator", "unit", "targeted", "reached", "source")
COUNTS = ("targeted", "reached", "budget_usd")
SHARES = ("women_pct", "under18_pct")
BOM = b"\xef\xbb\xbf"  # UTF-8's byte-order mark, which spreadsheets write first
PEOPLE = "people"  # the unit of indicators that count people, the only ones summed as people
MAX_BYTES = 1_000_000_000
BLOCK = 8 << 20  # bytes pyarrow parses at a time: fewer blocks, fewer dictionaries to merge
MAX_LISTED = 10  # problems of one kind listed one by one before they are summarised
# what a maintainer can do with a near miss in a file of the project's own format
BUNDLED_NEAR_MISS_FIX = (f"write the name as the gazetteer has it, or add the spelling to "
                         f"data/gazetteer/{ALT_NAMES}")

_DATE = r"\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?"
_GROUPED = r"\d{1,3}([, ]\d{3})+"


def read_activities(path: str | Path, plan: Plan, gazetteers: dict[str, Gazetteer],
                    display_name: str | None = None) -> pd.DataFrame:
    """Read and check an activity file; raise InvalidData listing every problem."""
    name = display_name or str(path)
    path = Path(path)
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise InvalidData([Problem("too-large", f"the file is {size:,} bytes, more than the "
                                   f"{MAX_BYTES:,} allowed; is it the right file? A million "
                                   "activity rows take about 200 MB", name)])
    return _activities(path.read_bytes(), name, plan, gazetteers)


def parse_activities(text: str, file: str, plan: Plan,
                     gazetteers: dict[str, Gazetteer]) -> pd.DataFrame:
    """Check the text of an activity file; raise InvalidData listing every problem."""
    return _activities(text.encode(), file, plan, gazetteers)


def _activities(raw: bytes, file: str, plan: Plan,
                gazetteers: dict[str, Gazetteer]) -> pd.DataFrame:
    return check_rows(_read_table(raw, file), file, plan, gazetteers)


def check_rows(table: pd.DataFrame, file: str, plan: Plan,
               gazetteers: dict[str, Gazetteer]) -> pd.DataFrame:
    """The checks of an activity file on its rows as read: the line each row is on, then
    every column of the file as a category. An import checks the file it is about to write
    this way, on the table it writes out, rather than parsing the file again: that took 300 MB
    more for a 50 MB import. Raise InvalidData listing every problem."""
    table = _drop_hxl_and_blank_rows(_check_columns(table, file), file)
    return _Checks(table, file, plan, gazetteers).run()


def _read_table(raw: bytes, file: str) -> pd.DataFrame:
    """Every cell as a category (a column holds few distinct values, even in a big file), and
    the line each row starts on."""
    sep = _separator(raw)
    try:
        table = _parse_fast(raw, sep)
    except (pa.ArrowInvalid, ValueError, csv.Error):
        table = _parse_sure(decode(raw, file, "save it as UTF-8 (in a spreadsheet: Save As, "
                                   "'CSV UTF-8')"), file, sep)
    table.columns = [str(c).strip() for c in table.columns]
    return table


def _separator(raw: bytes) -> str:
    first_line = _first_line(raw)
    return ";" if first_line.count(b";") > first_line.count(b",") else ","


def _first_line(raw: bytes | memoryview) -> bytes:
    head = bytes(raw[:1_000_000])  # not split(): it would copy the whole file
    end = head.find(b"\n")
    return head if end < 0 else head[:end]


def _parse_fast(raw: bytes, sep: str) -> pd.DataFrame:
    """pyarrow's parse, for the files it reads as pandas would; an error for the others.

    pyarrow is several times faster than pandas' parser on large files, and builds each
    column's dictionary of distinct values as it reads. But it skips blank lines (which would
    shift line numbers), reads a quote left open to the end of the file as one cell (swallowing
    the rows after it), and its errors name no line: a file whose rows are not one per line
    goes to :func:`_parse_sure`, and so do files with NUL bytes or bytes that are not UTF-8.

    It is told that no cell holds a line break, which lets its threads split the file at any
    line end instead of reading every quote first (a third of its time). That is then made
    sure of by counting the lines while pyarrow reads: a quoted cell over two lines read within
    one part of the file is one row of two lines, and one cut where the file is split loses
    its first line's row (tests/srrp/activities/test_table.py puts one there); either way the rows
    no longer match the lines. Files of one block are parsed in the calling thread: pyarrow's
    threaded reader crashed the process (a segmentation fault) when Python's tracemalloc was
    started and stopped while it ran, as the fuzz tests do with their small files; larger
    files share their blocks among threads."""
    body = memoryview(raw)[len(BOM):] if raw.startswith(BOM) else raw
    header = next(csv.reader([_first_line(body).decode()], delimiter=sep))
    if len(set(header)) != len(header):  # pandas renames repeated names; pyarrow keeps them
        raise ValueError("repeated column names")
    with ThreadPoolExecutor(1) as counter:  # bytes.count holds the GIL, pyarrow lets it go
        lines = counter.submit(_line_count, raw)
        table = pa_csv.read_csv(
            pa.py_buffer(body),
            read_options=pa_csv.ReadOptions(use_threads=len(body) > BLOCK, block_size=BLOCK),
            parse_options=pa_csv.ParseOptions(delimiter=sep, newlines_in_values=False),
            convert_options=pa_csv.ConvertOptions(
                column_types=dict.fromkeys(header, pa.dictionary(pa.int32(), pa.string())),
                strings_can_be_null=False, quoted_strings_can_be_null=False, null_values=[]))
        if table.column_names != header:  # a header that spans lines: read the slow, sure way
            raise ValueError("header read differently")
        if lines.result() != table.num_rows + 1:  # a blank line, a cell over several lines
            raise ValueError("rows are not one per line")
    if raw[raw.rfind(b"\n", 0, len(raw) - 1) + 1:].count(b'"') % 2:  # open on the last line
        raise ValueError("a quote left open")
    # one dictionary per column, not one per block of the file
    table = table.unify_dictionaries().combine_chunks()
    frame = table.to_pandas()  # the columns as categories, without a copy of each
    frame.insert(0, "line", np.arange(2, table.num_rows + 2))
    return frame


def _line_count(raw: bytes) -> int:
    """The file's lines; an error for a file with NUL bytes, looked for here too, while pyarrow
    reads, rather than in a pass of its own before."""
    if b"\x00" in raw:
        raise ValueError("NUL bytes")
    return raw.count(b"\n") + (not raw.endswith(b"\n"))


def _parse_sure(text: str, file: str, sep: str) -> pd.DataFrame:
    """pandas' parser, which keeps blank lines as rows and names the line of a syntax error."""
    if not text.strip():
        raise InvalidData([Problem("empty-file", "the file is empty; it needs at least the "
                                   "header row", file, 1, 1)])
    try:
        table = pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False,
                            skip_blank_lines=False).fillna("")  # the cells of a short row
    except pd.errors.ParserError as err:
        unclosed = re.search(r"EOF inside string starting at row (\d+)", str(err))
        if unclosed:  # pandas counts rows from 0, the header included
            raise InvalidData([Problem("csv-syntax", "a quote opens on this row and is never "
                                       "closed; close it, or write a quote inside a cell as "
                                       "two quotes (\"\")", file, _line_of_record(
                                           text, sep, int(unclosed.group(1))), 1)]) from None
        match = re.search(r"line (\d+), saw (\d+)", str(err))
        line = int(match.group(1)) if match else None
        extra = f" (it has {match.group(2)} cells)" if match else ""
        raise InvalidData([Problem("csv-syntax", f"this row has more cells than the header"
                                   f"{extra}; check for a stray '{sep}' or an unclosed quote",
                                   file, line, 1 if line else None)]) from None
    table = table.astype("category")
    lines = _record_lines(text, sep, file, len(table))
    table.insert(0, "line", lines if len(lines) == len(table) else table.index + 2)
    return table


def _line_of_record(text: str, sep: str, record: int) -> int:
    """The line on which record number ``record`` (0 = the header) starts. As for pandas, a
    line ends with '\\n', '\\r\\n' or a lone '\\r' (old Mac files)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep)
    line = 1
    try:
        for _ in range(record):
            next(reader)
            line = reader.line_num + 1
    except (StopIteration, csv.Error):
        pass
    return line


def _record_lines(text: str, sep: str, file: str, rows: int) -> list[int]:
    """The line each data row starts on: a quoted cell may span several lines."""
    lines = text.count("\n") + (not text.endswith("\n"))
    if lines == rows + 1 and text.count("\r") == text.count("\r\n"):
        return list(range(2, rows + 2))  # one line per record: no need to read them again
    return [start for start, _ in csv_rows(io.StringIO(text, newline=""), file, sep)][1:]


def _check_columns(table: pd.DataFrame, file: str) -> pd.DataFrame:
    missing = [c for c in REQUIRED_COLUMNS if c not in table.columns]
    problems = []
    for column in missing:
        unknown = [c for c in table.columns if c not in COLUMNS and c != "line"]
        problems.append(Problem("missing-column", f"the column '{column}' is missing"
                                f"{did_you_mean(column, unknown)}; the header must name: "
                                f"{', '.join(REQUIRED_COLUMNS)}", file, 1, 1))
    if problems:
        raise InvalidData(problems)
    for column in COLUMNS:
        if column not in table.columns:
            table[column] = _empty_text(len(table)).array
    return table


class Places(NamedTuple):
    """Where a row's figure is: its P-codes (';'-joined), or the problem that stops them
    being found (then no P-code)."""

    pcodes: str
    problem: str | None = None

    @classmethod
    def unknown(cls, problem: str) -> Places:
        return cls("", problem)


def per_value(column: pd.Series, compute) -> pd.Series:
    """``compute`` applied to the distinct values of a categorical column, given to its rows.

    A column of a million rows holds a few hundred distinct values (provinces, dates, units):
    the checks and conversions run on those, and each row takes its value's answer. A column
    of plain text is computed row by row."""
    if not isinstance(column.dtype, pd.CategoricalDtype):
        return compute(column)
    answers = compute(pd.Series(column.cat.categories, dtype="str"))
    if answers.dtype == bool and not answers.any():  # no value is bad: no row to look at
        return pd.Series(False, index=column.index)
    return pd.Series(answers.array.take(column.cat.codes.to_numpy()), index=column.index)


def _recoded(column: pd.Series, change) -> pd.Series:
    """The categorical column with ``change`` applied to its distinct values; values that
    become alike (' Attapeu' and 'Attapeu') become one. Values no row has any more (those of
    the HXL row) go, and the rest are kept in sorted order, so that sorting the column sorts
    its text."""
    rows = column.cat.codes.to_numpy()
    used = np.bincount(rows, minlength=len(column.cat.categories)) > 0
    changed = change(pd.Series(column.cat.categories[used], dtype="str"))
    codes, categories = pd.factorize(changed, sort=True)
    if used.all() and (codes == np.arange(len(codes))).all():  # the rows' codes stay as they are
        return pd.Series(pd.Categorical.from_codes(rows, categories, validate=False),
                         index=column.index)
    # the new code of each old one, in the smallest type that holds them: a million rows of
    # one byte each are recoded in a fraction of the time of eight
    recode = np.full(len(used), -1, dtype=np.min_scalar_type(-len(categories) - 1))
    recode[used] = codes
    return pd.Series(pd.Categorical.from_codes(recode.take(rows), categories, validate=False),
                     index=column.index)


def _combinations(table: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """For categorical columns: each row's combination of values as a number (0, 1, 2… in
    order of first appearance), and the first row of each combination."""
    key = np.zeros(len(table), dtype="int64")
    for _, column in table.items():  # the codes of all columns as one number
        key = key * (len(column.cat.categories) + 1) + column.cat.codes.to_numpy()
    group, combinations = pd.factorize(key)
    first = np.empty(len(combinations), dtype="int64")
    first[group[::-1]] = np.arange(len(group) - 1, -1, -1)  # the earliest row is written last
    return group, first


def _drop_hxl_and_blank_rows(table: pd.DataFrame, file: str) -> pd.DataFrame:
    # a row whose first cell has text not starting with '#' is data: only the others are checked
    suspect = per_value(table[next(iter(COLUMNS))],
                         lambda v: (v.str.strip() == "") | v.str.startswith("#")).to_numpy()
    rows = np.flatnonzero(suspect)
    cells = table.iloc[rows][list(COLUMNS)].astype("str").apply(lambda col: col.str.strip())
    blank = (cells == "").all(axis=1).to_numpy()
    hashtag = cells.apply(lambda col: col.str.startswith("#") | (col == "")).all(
        axis=1).to_numpy() & ~blank
    first_data = int(np.argmin(suspect)) if not suspect.all() else len(table)
    first_filled = min([first_data, *rows[~blank][:1]])
    # blank rows between the header and the HXL row are fine, anything else before it is not
    late = rows[hashtag & (rows > first_filled)]
    if len(late):
        raise InvalidData([Problem("hxl-misplaced", "this looks like the HXL hashtag row; it "
                                   "must come right under the header row, or not at all",
                                   file, int(table["line"].iloc[late[0]]), 1)])
    dropped = rows[blank | hashtag]
    if (dropped == np.arange(len(dropped))).all():  # only rows at the top (the HXL row) go:
        return table.iloc[len(dropped):].reset_index(drop=True)  # a slice, not a copy
    keep = np.ones(len(table), dtype=bool)
    keep[dropped] = False
    return table[keep].reset_index(drop=True)


def _listed(codes: list[str]) -> str:
    """The first codes and how many more: a gazetteer is kept for each of OCHA's 156 countries."""
    more = len(codes) - MAX_LISTED
    return ", ".join(codes[:MAX_LISTED]) + (f" and {more} more (data/gazetteer/countries.csv)"
                                            if more > 0 else "")


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


class _Checks:
    """Column-wise checks; each adds problems and fills the clean, typed columns."""

    def __init__(self, table: pd.DataFrame, file: str, plan: Plan,
                 gazetteers: dict[str, Gazetteer]):
        self.t, self.file, self.plan, self.gazetteers = table, file, plan, gazetteers
        self.problems: list[Problem] = []

    def run(self) -> pd.DataFrame:
        for column in COLUMNS:
            self.t[column] = _recoded(self.t[column], lambda v: v.str.strip())
        for column in self.t.columns.difference(["line", *COLUMNS]):  # kept as written
            self.t[column] = _recoded(self.t[column], lambda v: v)
        self._long_cells()
        self._countries()
        self._required_text("project")
        self._references("sub_objective", [s.id for s in self.plan.sub_objectives()],
                         "unknown-sub-objective", "sub-objective", "the plan does not have")
        self._references("source", [s.id for s in self.plan.sources], "unknown-source",
                         "source", "is not listed under 'sources' in the plan")
        for column in COUNTS:
            self._counts(column)
        for column in SHARES:
            self._shares(column)
        self._dates()
        self._provinces()
        self._budgets()
        if self.problems:
            raise InvalidData(self.problems)
        return self._typed()

    def _report(self, bad: pd.Series, column: str, code: str, message) -> None:
        """Report the rows where ``bad`` is true; many alike are summarised, not all listed."""
        if not bad.any():  # selecting no rows still copies every column
            return
        rows = self.t[bad]
        # "line" is the table's first column, so a column's index is its place in the file
        col = list(self.t.columns).index(column) if column in self.t.columns else 1
        for _, row in rows.head(MAX_LISTED).iterrows():
            self.problems.append(Problem(code, message(row), self.file, int(row["line"]), col))
        if len(rows) > MAX_LISTED:
            self.problems.append(Problem(code, f"and {len(rows) - MAX_LISTED:,} more rows with "
                                         f"the same problem in '{column}'", self.file,
                                         int(rows["line"].iloc[MAX_LISTED]), col))

    def _bad(self, column: str, valid) -> pd.Series:
        """The rows whose value in ``column`` is written but not ``valid``."""
        return per_value(self.t[column], lambda v: (v != "") & ~valid(v))

    def _long_cells(self) -> None:
        for column in self.t.columns.difference(["line"]):
            self._report(per_value(self.t[column], lambda v: v.str.len() > MAX_CELL), column,
                         "cell-too-long", lambda r, c=column: f"'{c}' holds {len(r[c]):,} "
                         f"characters, more than the {MAX_CELL:,} a cell may hold; shorten it")

    def _countries(self) -> None:
        self.t["country_iso3"] = _recoded(self.t["country_iso3"], lambda v: v.str.upper())
        known = list(self.gazetteers)
        self._report(~self.t["country_iso3"].isin(known), "country_iso3", "unknown-country",
                     lambda r: f"country '{r.country_iso3}' has no gazetteer"
                     f"{did_you_mean(r.country_iso3, known)}; known: {_listed(known)}")

    def _required_text(self, column: str) -> None:
        self._report(self.t[column] == "", column, "missing-value",
                     lambda r: f"'{column}' is empty; every row needs one")

    def _references(self, column, known, code, what, lack) -> None:
        bad = self._bad(column, lambda v: v.isin(known))
        if column == "source":
            bad |= self.t[column] == ""
        self._report(bad, column, code, lambda r: f"{what} '{r[column]}' {lack}"
                     f"{did_you_mean(r[column], known)}" if r[column] else
                     f"'{column}' is empty: every figure needs its source")

    def _counts(self, column: str) -> None:
        grouped = per_value(self.t[column], lambda v: v.str.fullmatch(_GROUPED))
        bad = self._bad(column, lambda v: v.str.fullmatch(r"\d{1,15}"))
        self._report(bad & grouped, column, "number-as-text",
                     lambda r: f"'{column}' is written \"{r[column]}\"; write digits only, with "
                     f"no separators: {_digits(r[column])}")
        self._report(bad & ~grouped, column, "bad-number",
                     lambda r: f"'{column}' is \"{r[column]}\"; write a whole number of at least "
                     "0, or leave the cell empty when it is not reported")

    def _shares(self, column: str) -> None:
        def percentage(values: pd.Series) -> pd.Series:
            number = values.where(values.str.fullmatch(r"\d+(\.\d+)?"), None).astype("Float64")
            return (number <= 100).fillna(False).astype(bool)

        self._report(self._bad(column, percentage), column, "bad-share",
                     lambda r: f"'{column}' is \"{r[column]}\"; write a percentage from 0 to "
                     "100 without the % sign, or leave it empty")

    def _dates(self) -> None:
        for column in ("start", "end"):
            self._report(self._bad(column, lambda v: v.str.fullmatch(_DATE)), column,
                         "bad-date", lambda r, c=column: f"'{c}' is \"{r[c]}\"; write YYYY, "
                         "YYYY-MM or YYYY-MM-DD, or leave it empty")
        # an end given as a year or a month ends with it: padded, it sorts after its days
        end = self._date_rank("end", lambda v: v.str.ljust(10, "~"))
        start = self._date_rank("start", lambda v: v)
        self._report((end < start).fillna(False), "end", "end-before-start",
                     lambda r: f"the activity ends ({r.end}) before it starts ({r.start})")

    def _date_rank(self, column: str, key) -> pd.Series:
        """Each row's date as its place among every valid start and end date (NA where the
        cell is empty or not a date): two columns of categories compared as numbers."""
        def valid(values: pd.Series) -> pd.Series:
            return values[values.str.fullmatch(_DATE)]
        dates = pd.concat([valid(pd.Series(self.t[c].cat.categories, dtype="str"))
                           for c in ("start", "end")])
        order = pd.Index(pd.concat([dates, dates.str.ljust(10, "~")]).unique()).sort_values()
        return per_value(self.t[column], lambda v: pd.Series(
            order.get_indexer(key(v)), dtype="Int64").where(v.str.fullmatch(_DATE)))

    def _provinces(self) -> None:
        columns = ["country_iso3", "admin1_name", "admin1_pcode"]
        # each distinct combination is resolved once, read from the first row that has it
        group, first = _combinations(self.t[columns])
        keys = self.t[columns].take(first)
        resolved = [self._resolve(*key) for key in keys.itertuples(index=False)]

        def per_row(values: list[str]) -> pd.Series:
            return pd.Series(pd.Categorical(values)[group], index=self.t.index)

        problems = per_row([r.problem or "" for r in resolved])
        unknown = per_value(problems, lambda v: v != "")
        self._report(unknown, "admin1_name", "unknown-province", lambda r: problems[r.name])
        self.t["admin1_pcode"] = _recoded(per_row([r.pcodes for r in resolved]), lambda v: v)

    def _resolve(self, iso3: str, names: str, codes: str) -> Places:
        """The P-codes of a row's places, or why they cannot be found.

        The rules are :func:`srrp.places.matching.place`'s. As many names as codes are taken in
        pairs, in order; otherwise each code is placed alone, and each name must be one of the areas
        the codes give, or a spelling the gazetteer does not know (a label)."""
        gazetteer = self.gazetteers.get(iso3)
        if gazetteer is None:
            return Places(codes)
        name_list = [n.strip() for n in names.split(";") if n.strip()]
        code_list = [c.strip() for c in codes.split(";") if c.strip()]
        if code_list and len(name_list) == len(code_list):
            placements = [place(gazetteer, admin1_name=n, admin1_pcode=c)
                          for n, c in zip(name_list, code_list, strict=True)]
        elif code_list:
            placements = [place(gazetteer, admin1_pcode=c) for c in code_list]
            coded = {p.admin1_pcode for p in placements}
            for name in name_list:  # labels, unless they name an area none of the codes is
                named = place(gazetteer, admin1_name=name)
                if named.how in ("name", "alternative") and named.admin1_pcode not in coded:
                    return Places.unknown(
                        f"admin1_pcode '{codes}' does not match admin1_name '{names}': "
                        f"'{name}' is {named.admin1_pcode}, which is not among the P-codes; "
                        "correct one of them")
        else:
            placements = [place(gazetteer, admin1_name=n, near_miss_fix=BUNDLED_NEAR_MISS_FIX)
                          for n in name_list]
        refused = next((p.problem.message for p in placements if p.problem), None)
        if refused:
            return Places.unknown(refused)
        # a province named or coded twice is still one province: its figure is its own
        return Places(";".join(dict.fromkeys(p.admin1_pcode for p in placements
                                             if p.admin1_pcode)))

    def _budgets(self) -> None:
        stated = per_value(self.t["budget_usd"], lambda v: v.str.fullmatch(r"\d+"))
        budgets = self.t.loc[stated, ["project", "budget_usd"]]
        per_project = budgets.groupby("project", observed=True)["budget_usd"].nunique()
        conflicting = list(per_project[per_project > 1].index)
        self._report(self.t["project"].isin(conflicting) & (self.t["budget_usd"] != ""),
                     "budget_usd", "budget-conflict",
                     lambda r: f"project '{r.project}' is given different budgets on different "
                     "rows; a project's budget is counted once, so write the same on every row")

    def _typed(self) -> pd.DataFrame:
        t = self.t
        for columns, dtype in ((COUNTS, "Int64"), (SHARES, "Float64")):  # checked: numbers
            for column in columns:
                t[column] = per_value(t[column], lambda v, d=dtype: v.replace("", None).astype(d))
        t["n_admin1"] = per_value(t["admin1_pcode"], lambda v: v.str.count(";").add(1).where(
            v != "", 0).astype("int64"))
        n_admin1 = t["n_admin1"].to_numpy()
        t["scope"] = pd.Categorical.from_codes(np.select([n_admin1 == 1, n_admin1 > 1], [1, 2]),
                                               ["national", "province", "several"])
        parent = {s.id: o.id for o in self.plan.objectives for s in o.sub_objectives}
        t["objective"] = _recoded(t["sub_objective"], lambda v: v.map(parent).fillna(""))
        for column in ("start", "end"):
            t[f"{column}_year"] = per_value(t[column], lambda v: v.str[:4].replace(
                "", None).astype("Int64"))
        return t


def concat_activities(tables: list[pd.DataFrame]) -> pd.DataFrame:
    """The checked tables of several files as one: each text column stays one set of categories."""
    if not tables:
        return empty_activities()
    if len(tables) == 1:
        return tables[0]
    columns = {}
    for name in dict.fromkeys(name for table in tables for name in table.columns):
        # a column only some files have (not one of COLUMNS) is empty in the others' rows
        parts = [t[name] if name in t else _empty_text(len(t)) for t in tables]
        columns[name] = pd.Series(union_categoricals(parts, sort_categories=True)) \
            if isinstance(parts[0].dtype, pd.CategoricalDtype) else pd.concat(parts,
                                                                             ignore_index=True)
    return pd.DataFrame(columns)


def _empty_text(rows: int) -> pd.Series:
    return pd.Series(pd.Categorical.from_codes(np.zeros(rows, dtype=int), [""]))


def with_text(table: pd.DataFrame) -> pd.DataFrame:
    """The table with its categorical columns as plain text, to be joined into sentences."""
    return table.assign(**{name: _text(column) for name, column in table.items()
                           if isinstance(column.dtype, pd.CategoricalDtype)})


def _text(column: pd.Series) -> pd.Series:
    # taken from the categories as Arrow text: pandas' own astype goes through Python objects
    categories = pd.array(column.cat.categories, dtype="str")
    return pd.Series(categories.take(column.cat.codes.to_numpy(), allow_fill=True),
                     index=column.index)


def empty_activities() -> pd.DataFrame:
    """A table with the columns of a checked activity file and no rows."""
    columns = ["line", *COLUMNS, "n_admin1", "scope", "objective", "start_year", "end_year"]
    return pd.DataFrame({c: pd.Series(dtype="object") for c in columns})
