"""Grids of cells from the files people send: CSV in any common encoding and separator, and
Excel workbooks (XLSX, XLSM), told apart by their bytes, not their names.

A workbook is read with openpyxl in read-only, values-only mode: formulas give their saved
values and never run, macros and external links are ignored, and a sheet's claimed size is not
believed (sheets claim 1,000 columns or a million rows they do not hold). Files that cannot be
read safely (encrypted, old binary Excel, a zip that would expand without end) are refused with
a message saying what to do.
"""

from __future__ import annotations

import codecs
import csv
import io
import warnings
import zipfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

from srrp.problems import InvalidData, Problem

MAX_UNZIPPED = 400_000_000  # bytes of XML a sheet may expand to: ~3 M filled rows of a 3W
MAX_RATIO = 200  # real workbooks compress 5–20×; a zip bomb, thousands of times
MAX_COLUMNS = 500  # a 3W has 15–60 columns; cells further right are styling, not data
BLANK_RUN = 5_000  # consecutive blank rows after which a sheet is taken to have ended
SEPARATORS = {",": "comma", ";": "semicolon", "\t": "tab"}
CSV_SHEET = "(CSV)"
_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .xls, and encrypted (password) .xlsx
_ENCRYPTED = "EncryptionInfo".encode("utf-16-le")


@dataclass(frozen=True)
class Sheet:
    name: str
    rows: list[tuple]  # row i is the file's row (line) i + 1; trailing empty cells dropped
    notes: tuple[str, ...] = ()  # what was ignored while reading, in words


@dataclass
class Book:
    """A file opened for reading: its kind, how its text was decoded, its sheets."""

    file: str
    kind: str  # "xlsx" or "csv"
    sheet_names: list[str]
    encoding: str | None = None
    separator: str | None = None  # the name: "comma", "semicolon", "tab"
    notes: list[str] = field(default_factory=list)
    _workbook: object = None  # openpyxl's read-only workbook, kept open while in use
    _csv: Sheet | None = None

    def sheet(self, name: str | None = None, limit: int | None = None) -> Sheet:
        """The rows of a sheet (the first when ``name`` is None), at most ``limit`` of them."""
        name = self.sheet_names[0] if name is None else self._named(name)
        if name not in self.sheet_names:
            raise InvalidData([Problem("unknown-sheet", f"the workbook has no sheet '{name}'; "
                                       f"its sheets: {', '.join(map(repr, self.sheet_names))}",
                                       self.file)])
        if self._csv is not None:
            return self._csv if limit is None else Sheet(name, self._csv.rows[:limit])
        sheet = self._workbook[name]
        sheet.reset_dimensions()  # its claimed size may be a million rows of nothing
        try:
            rows, notes = _trimmed_rows(sheet.iter_rows(values_only=True), limit)
        except Exception as err:  # a damaged sheet inside a sound zip: openpyxl raises many kinds
            raise InvalidData([Problem("bad-workbook", f"sheet '{name}' cannot be read ({err}); "
                                       "open it in a spreadsheet and save it again as .xlsx",
                                       self.file)]) from None
        return Sheet(name, rows, tuple(notes))


    def _named(self, name: str) -> str:
        """The sheet a name means: its own, else the one it names but for case and spaces at
        its ends ('3W longtable Jan-Apr 2022' for '3W longtable Jan-Apr 2022 ')."""
        loose = [s for s in self.sheet_names if s.strip().casefold() == name.strip().casefold()]
        return name if name in self.sheet_names or len(loose) != 1 else loose[0]


def open_book(raw: bytes, file: str) -> Book:
    """The file as a Book, whatever its name says; InvalidData when it cannot be read."""
    named = file.lower().rsplit(".", 1)[-1] if "." in file else ""
    if raw.startswith(_OLE):
        raise InvalidData([_ole_problem(raw, file)])
    if raw.startswith(_ZIP):
        book = _open_workbook(raw, file)
        if named == "csv":
            book.notes.append("the file is named .csv but is an Excel workbook: read as one")
        return book
    book = _open_csv(raw, file)
    if named in ("xlsx", "xlsm", "xls"):
        book.notes.append(f"the file is named .{named} but holds CSV text: read as CSV")
    return book


def _ole_problem(raw: bytes, file: str) -> Problem:
    if _ENCRYPTED in raw[:2_000_000] or _ENCRYPTED in raw[-2_000_000:]:
        return Problem("encrypted-workbook", "the workbook is protected by a password, so its "
                       "cells cannot be read; open it in Excel, remove the password (File > Info "
                       "> Protect Workbook) and save it again as .xlsx", file)
    return Problem("old-excel", "this is an Excel 97–2003 workbook (.xls); open it in a "
                   "spreadsheet and save it as .xlsx or CSV", file)


def _open_workbook(raw: bytes, file: str) -> Book:
    _refuse_bombs(raw, file)
    workbook = _load(raw, file)
    notes = []
    if file.lower().endswith(".xlsm"):
        notes.append("macros in the workbook are ignored: only the saved cell values are read")
    return Book(file, "xlsx", list(workbook.sheetnames), notes=notes, _workbook=workbook)


def _refuse_bombs(raw: bytes, file: str) -> None:
    """Refuse a zip whose members would expand beyond what any real 3W holds: reading it would
    take minutes and gigabytes before a single row could be shown."""
    try:
        members = zipfile.ZipFile(io.BytesIO(raw)).infolist()
    except zipfile.BadZipFile:
        raise InvalidData([Problem("bad-workbook", "the file starts like an Excel workbook but "
                                   "is damaged (not a complete zip); save it again from the "
                                   "spreadsheet", file)]) from None
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > MAX_UNZIPPED or (member.file_size > 50_000_000 and
                                               ratio > MAX_RATIO):
            raise InvalidData([Problem(
                "zip-bomb", f"'{member.filename}' in the workbook would expand to "
                f"{member.file_size:,} bytes ({ratio:,.0f} times its packed size); no real "
                "activity sheet is that large: it was refused unread. Save the data sheet "
                "alone as CSV if it is genuine", file)])


def _load(raw: bytes, file: str):
    from openpyxl import load_workbook  # imported on first use: most runs never read Excel

    try:
        with warnings.catch_warnings():  # "Data Validation extension is not supported" etc.
            warnings.simplefilter("ignore")
            return load_workbook(io.BytesIO(raw), read_only=True, data_only=True,
                                 keep_links=False)
    except Exception as err:  # openpyxl raises many kinds for a damaged file
        raise InvalidData([Problem("bad-workbook", f"the workbook cannot be read ({err}); open "
                                   "it in a spreadsheet and save it again as .xlsx", file)]) \
            from None


def _trimmed_rows(source: Iterator[tuple], limit: int | None) -> tuple[list[tuple], list[str]]:
    """Rows without their trailing empty cells; reading stops after a long run of blank rows."""
    rows, notes, blank_run, wide = [], [], 0, False
    for row in source:
        if limit is not None and len(rows) >= limit:
            break
        if len(row) > MAX_COLUMNS:
            wide = wide or any(v not in (None, "") for v in row[MAX_COLUMNS:])
            row = row[:MAX_COLUMNS]
        row = _without_trailing_blanks(row)
        blank_run = 0 if row else blank_run + 1
        if blank_run > BLANK_RUN:
            notes.append(f"reading stopped at row {len(rows) + 1:,}: the "
                         f"{BLANK_RUN:,} rows before it are blank")
            break
        rows.append(row)
    while rows and not rows[-1]:
        rows.pop()
    if wide:
        notes.append(f"cells beyond column {MAX_COLUMNS} were not read")
    return rows, notes


def _without_trailing_blanks(row: tuple) -> tuple:
    end = len(row)
    while end and (row[end - 1] is None or (isinstance(row[end - 1], str)
                                            and not row[end - 1].strip())):
        end -= 1
    return tuple(row[:end])


def _open_csv(raw: bytes, file: str) -> Book:
    text, encoding = _decode(raw, file)
    separator = _separator(text)
    rows, notes = _trimmed_rows((tuple(r) for r in csv.reader(io.StringIO(text, newline=""),
                                                              delimiter=separator)), None)
    if not rows:
        raise InvalidData([Problem("empty-file", "the file holds no rows", file, 1, 1)])
    return Book(file, "csv", [CSV_SHEET], encoding, SEPARATORS[separator],
                _csv=Sheet(CSV_SHEET, rows, tuple(notes)))


def _decode(raw: bytes, file: str) -> tuple[str, str]:
    """The text and the name of its encoding: a byte-order mark says it; else UTF-16 shows as
    NUL bytes between ASCII letters; else UTF-8 if it decodes, else Windows-1252 (Excel's
    'CSV' on Western Windows)."""
    for bom, encoding, name in ((codecs.BOM_UTF8, "utf-8-sig", "UTF-8 with a byte-order mark"),
                                (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
                                (codecs.BOM_UTF16_BE, "utf-16", "UTF-16")):
        if raw.startswith(bom):
            return _decoded(raw, encoding, name, file)
    head = raw[:4096]
    if head.count(b"\x00") > len(head) // 4:
        little = head[1::2].count(b"\x00") > head[0::2].count(b"\x00")
        return _decoded(raw, "utf-16-le" if little else "utf-16-be", "UTF-16", file)
    if b"\x00" in raw:
        raise InvalidData([Problem("not-text", "the file is neither a workbook nor text (it "
                                   "holds NUL bytes); save it as .xlsx or CSV", file)])
    try:
        return raw.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace"), "Windows-1252"


def _decoded(raw: bytes, encoding: str, name: str, file: str) -> tuple[str, str]:
    try:
        return raw.decode(encoding), name
    except UnicodeDecodeError as err:
        raise InvalidData([Problem("encoding", f"the file says it is {name} but byte "
                                   f"{err.start:,} is not; save it again as UTF-8 CSV",
                                   file)]) from None


def _separator(text: str) -> str:
    """The separator that splits the first lines into the same number of cells most often."""
    sample = text[:65536].splitlines()[:50]

    def agreement(sep: str) -> tuple[int, int]:
        widths = Counter(len(r) for r in csv.reader(sample, delimiter=sep) if r)
        width, lines = widths.most_common(1)[0] if widths else (1, 0)
        return (lines, width) if width > 1 else (0, 0)

    return max(SEPARATORS, key=agreement)
