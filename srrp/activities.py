"""Country activity data: who does what, where, when, for whom, with what money.

One row per activity × location × indicator, as reported. A figure reported for several
provinces together stays on one row (``LA16;LA13``) and is never divided among them. Empty cells
mean "not reported", never zero. The file may carry an HXL hashtag row under its header.
Checks are vectorised: a file of a million rows is checked column by column, not row by row.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv

from srrp.gazetteer import Gazetteer
from srrp.plan import Plan
from srrp.problems import InvalidData, Problem, did_you_mean
from srrp.yamlsource import decode

# column → HXL hashtag, in file order
COLUMNS = {
    "country_iso3": "#country+code",
    "project": "#activity+project",
    "donor": "#org+funder",
    "start": "#date+start",
    "end": "#date+end",
    "sub_objective": "#activity+code+srrp",
    "admin1_name": "#adm1+name",
    "admin1_pcode": "#adm1+code",
    "admin2_name": "#adm2+name",
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
PEOPLE = "people"  # the unit of indicators that count people, the only ones summed as people
MAX_BYTES = 1_000_000_000
MAX_LISTED = 10  # problems of one kind listed one by one before they are summarised

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
    text = decode(path.read_bytes(), name, "save it as UTF-8 (in a spreadsheet: Save As, "
                  "'CSV UTF-8')")
    return parse_activities(text, name, plan, gazetteers)


def parse_activities(text: str, file: str, plan: Plan,
                     gazetteers: dict[str, Gazetteer]) -> pd.DataFrame:
    if not text.strip():
        raise InvalidData([Problem("empty-file", "the file is empty; it needs at least the "
                                   "header row", file, 1, 1)])
    table = _read_table(text, file)
    table = _drop_hxl_and_blank_rows(table, file)
    return _Checks(table, file, plan, gazetteers).run()


def _read_table(text: str, file: str) -> pd.DataFrame:
    first_line = text.split("\n", 1)[0]
    sep = ";" if first_line.count(";") > first_line.count(",") else ","
    try:
        table = _parse(text, sep)
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
    table.columns = [str(c).strip() for c in table.columns]
    lines = _record_lines(text, sep, len(table))
    table.insert(0, "line", lines if len(lines) == len(table) else table.index + 2)
    return _check_columns(table, file)


def _parse(text: str, sep: str) -> pd.DataFrame:
    """Every cell as text, with blank lines kept so that line numbers stay true.

    pyarrow's parser is several times faster than pandas' own on large files, but it skips
    blank lines (which would shift line numbers), reads a quote left open to the end of the
    file as one cell (swallowing the rows after it), and its errors name no line. Those files,
    and any it refuses, go to pandas' parser, whose errors the caller turns into messages."""
    if _plain(text):
        try:
            return _parse_fast(text, sep)
        except (pa.ArrowInvalid, ValueError):
            pass
    return pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False,
                       skip_blank_lines=False).fillna("")  # the cells of a short row


def _plain(text: str) -> bool:
    """No blank line and no quote left open: pyarrow reads it as pandas would."""
    return "\n\n" not in text and "\n\r\n" not in text and not text.startswith(("\n", "\r\n")) \
        and text.count('"') % 2 == 0


def _parse_fast(text: str, sep: str) -> pd.DataFrame:
    """pyarrow's parse, in the calling thread only: its threaded reader crashed the process
    (a segmentation fault) when Python's tracemalloc was started and stopped while it ran, and
    on two cores one thread parses as fast. The blocks it reads are joined into one array per
    column: a column of a thousand chunks makes every later filter ten times slower."""
    header = next(csv.reader(io.StringIO(text[:text.find("\n") + 1 or None]), delimiter=sep))
    if len(set(header)) != len(header):  # pandas renames repeated names; pyarrow keeps them
        raise ValueError("repeated column names")
    table = pa_csv.read_csv(
        pa.py_buffer(text.encode()),
        read_options=pa_csv.ReadOptions(use_threads=False),
        parse_options=pa_csv.ParseOptions(delimiter=sep, newlines_in_values=True),
        convert_options=pa_csv.ConvertOptions(
            column_types=dict.fromkeys(header, pa.string()), strings_can_be_null=False,
            quoted_strings_can_be_null=False, null_values=[]))
    if table.column_names != header:  # a header that spans lines: read the slow, sure way
        raise ValueError("header read differently")
    return table.combine_chunks().to_pandas()


def _line_of_record(text: str, sep: str, record: int) -> int:
    """The line on which record number ``record`` (0 = the header) starts."""
    reader = csv.reader(io.StringIO(text), delimiter=sep)
    line = 1
    try:
        for _ in range(record):
            next(reader)
            line = reader.line_num + 1
    except (StopIteration, csv.Error):
        pass
    return line


def _record_lines(text: str, sep: str, rows: int) -> list[int]:
    """The line each data row starts on: a quoted cell may span several lines."""
    lines = text.count("\n") + (not text.endswith("\n"))
    if lines == rows + 1 and text.count("\r") == text.count("\r\n"):
        return list(range(2, rows + 2))  # one line per record: no need to read them again
    reader = csv.reader(io.StringIO(text), delimiter=sep)
    starts, next_line = [], 1
    for _ in reader:
        starts.append(next_line)
        next_line = reader.line_num + 1
    return starts[1:]


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
            table[column] = ""
    return table


def _drop_hxl_and_blank_rows(table: pd.DataFrame, file: str) -> pd.DataFrame:
    # a row whose first cell has text not starting with '#' is data: only the others are checked
    first = table[next(iter(COLUMNS))]
    cells = table.loc[(first.str.strip() == "") | first.str.startswith("#"), list(COLUMNS)]
    blank = (cells.apply(lambda col: col.str.strip()) == "").all(axis=1)
    hashtag = cells.apply(lambda col: col.str.startswith("#") | (col.str.strip() == "")).all(
        axis=1) & ~blank
    blank = blank.reindex(table.index, fill_value=False).astype(bool)
    hashtag = hashtag.reindex(table.index, fill_value=False).astype(bool)
    late = hashtag[~blank].iloc[1:]  # blank rows between the header and the HXL row are fine
    if late.any():
        line = int(table.loc[late[late].index[0], "line"])
        raise InvalidData([Problem("hxl-misplaced", "this looks like the HXL hashtag row; it "
                                   "must come right under the header row, or not at all",
                                   file, line, 1)])
    keep = ~(blank | hashtag)
    first = int(keep.to_numpy().argmax())
    if keep.iloc[first:].all():  # only rows at the top go (the HXL row): a slice, not a copy
        return table.iloc[first:].reset_index(drop=True)
    return table[keep].reset_index(drop=True)


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
            self.t[column] = self.t[column].str.strip()
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

    def _countries(self) -> None:
        self.t["country_iso3"] = self.t["country_iso3"].str.upper()
        known = list(self.gazetteers)
        self._report(~self.t["country_iso3"].isin(known), "country_iso3", "unknown-country",
                     lambda r: f"country '{r.country_iso3}' has no gazetteer"
                     f"{did_you_mean(r.country_iso3, known)}; known: {', '.join(known)}")

    def _required_text(self, column: str) -> None:
        self._report(self.t[column] == "", column, "missing-value",
                     lambda r: f"'{column}' is empty; every row needs one")

    def _references(self, column, known, code, what, lack) -> None:
        values = self.t[column]
        bad = (values != "") & ~values.isin(known)
        if column == "source":
            bad |= values == ""
        self._report(bad, column, code, lambda r: f"{what} '{r[column]}' {lack}"
                     f"{did_you_mean(r[column], known)}" if r[column] else
                     f"'{column}' is empty: every figure needs its source")

    def _counts(self, column: str) -> None:
        values = self.t[column]
        grouped = values.str.fullmatch(_GROUPED)
        bad = (values != "") & ~values.str.fullmatch(r"\d{1,15}")
        self._report(bad & grouped, column, "number-as-text",
                     lambda r: f"'{column}' is written \"{r[column]}\"; write digits only, with "
                     f"no separators: {_digits(r[column])}")
        self._report(bad & ~grouped, column, "bad-number",
                     lambda r: f"'{column}' is \"{r[column]}\"; write a whole number of at least "
                     "0, or leave the cell empty when it is not reported")

    def _shares(self, column: str) -> None:
        values = self.t[column]
        number = values.where(values.str.fullmatch(r"\d+(\.\d+)?"), None).astype("Float64")
        bad = (values != "") & ~(number <= 100).fillna(False)
        self._report(bad, column, "bad-share", lambda r: f"'{column}' is \"{r[column]}\"; write "
                     "a percentage from 0 to 100 without the % sign, or leave it empty")

    def _dates(self) -> None:
        valid = {}
        for column in ("start", "end"):
            values = self.t[column]
            valid[column] = values.str.fullmatch(_DATE)
            self._report((values != "") & ~valid[column], column, "bad-date",
                         lambda r, c=column: f"'{c}' is \"{r[c]}\"; write YYYY, YYYY-MM or "
                         "YYYY-MM-DD, or leave it empty")
        start, end = self.t["start"], self.t["end"]
        both = valid["start"] & valid["end"]
        self._report(both & (end.str.ljust(10, "~") < start), "end", "end-before-start",
                     lambda r: f"the activity ends ({r.end}) before it starts ({r.start})")

    def _provinces(self) -> None:
        columns = ["country_iso3", "admin1_name", "admin1_pcode"]
        # each distinct combination is resolved once, read from the first row that has it
        group = self.t.groupby(columns, sort=False).ngroup().to_numpy()
        first = np.unique(group, return_index=True)[1]  # group numbers are 0, 1, 2…
        keys = self.t[columns].take(first)
        resolved = np.array([self._resolve(*key) for key in keys.itertuples(index=False)],
                            dtype=object)
        outcome = pd.Series(resolved[group], index=self.t.index, dtype="str")
        unknown = outcome.str.startswith("!")
        self._report(unknown, "admin1_name", "unknown-province", lambda r: outcome[r.name][1:])
        self.t["admin1_pcode"] = outcome.where(~unknown, "")

    def _resolve(self, iso3: str, names: str, codes: str) -> str:
        """The P-codes of a cell (';'-joined), or '!' and the message when they cannot be."""
        gazetteer = self.gazetteers.get(iso3)
        name_list = [n.strip() for n in names.split(";") if n.strip()]
        # a province named or coded twice is still one province: its figure is its own
        code_list = list(dict.fromkeys(c.strip().upper() for c in codes.split(";") if c.strip()))
        if gazetteer is None:
            return codes
        if not name_list:
            unknown = [c for c in code_list if c not in gazetteer.pcodes]
            return f"!P-code {unknown[0]} is not in the {gazetteer.country} gazetteer" if \
                unknown else ";".join(code_list)
        found = []
        for name in name_list:
            match = gazetteer.match(name)
            if match is None:
                near = gazetteer.suggest(name)
                hint = f"; nearest known: {', '.join(near)}" if near else ""
                return (f"!'{name}' is not a {gazetteer.admin1_label.lower()} of "
                        f"{gazetteer.country}{hint}")
            found.append(match.pcode)
        found = list(dict.fromkeys(found))  # two spellings of one province are one province
        if code_list and code_list != found:
            return (f"!admin1_pcode '{codes}' does not match admin1_name '{names}', which is "
                    f"{';'.join(found)}; correct one of them or leave admin1_pcode empty")
        return ";".join(found)

    def _budgets(self) -> None:
        budgets = self.t.loc[self.t["budget_usd"].str.fullmatch(r"\d+"), ["project", "budget_usd"]]
        per_project = budgets.groupby("project")["budget_usd"].nunique()
        conflicting = per_project[per_project > 1].index
        self._report(self.t["project"].isin(conflicting) & (self.t["budget_usd"] != ""),
                     "budget_usd", "budget-conflict",
                     lambda r: f"project '{r.project}' is given different budgets on different "
                     "rows; a project's budget is counted once, so write the same on every row")

    def _typed(self) -> pd.DataFrame:
        t = self.t
        for column in COUNTS:
            t[column] = t[column].replace("", None).astype("Int64")  # checked: digits only
        for column in SHARES:
            t[column] = t[column].replace("", None).astype("Float64")
        t["n_admin1"] = t["admin1_pcode"].str.count(";").add(1).where(t["admin1_pcode"] != "", 0)
        t["scope"] = pd.Series("province", index=t.index).where(
            t["n_admin1"] == 1, pd.Series("several", index=t.index).where(
                t["n_admin1"] > 1, "national"))
        parent = {s.id: o.id for o in self.plan.objectives for s in o.sub_objectives}
        t["objective"] = t["sub_objective"].map(parent).fillna("")
        t["start_year"] = t["start"].str[:4].replace("", None).astype("Int64")
        t["end_year"] = t["end"].str[:4].replace("", None).astype("Int64")
        return t


def empty_activities() -> pd.DataFrame:
    """A table with the columns of a checked activity file and no rows."""
    columns = ["line", *COLUMNS, "n_admin1", "scope", "objective", "start_year", "end_year"]
    return pd.DataFrame({c: pd.Series(dtype="object") for c in columns})
