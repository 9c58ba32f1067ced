"""Grids of cells from the files people send: CSV in any common encoding and separator, and
Excel workbooks (XLSX, XLSM), told apart by their bytes, not their names.

A workbook is read with openpyxl in read-only, values-only mode: formulas give their saved
values and never run, macros and external links are ignored, and a sheet's claimed size is not
believed (sheets claim 1,000 columns or a million rows they do not hold). Files that cannot be
read safely (encrypted, old binary Excel, a zip that would expand without end) are refused with
a message saying what to do.
"""

from __future__ import annotations

import bisect
import codecs
import csv
import io
import itertools
import re
import warnings
import zipfile
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import IO

import numpy as np

from srrp.files.cells import blank
from srrp.problems import InvalidData, Problem

MAX_UNZIPPED = 400_000_000  # bytes of XML a sheet may expand to: ~3 M filled rows of a 3W
MAX_RATIO = 200  # real workbooks compress 5–20×; a zip bomb, thousands of times
CALAMINE_CELLS = 3_000_000  # cells of a sheet calamine reads as a grid (~300 MB at most)
MAX_COLUMNS = 500  # a 3W has 15–60 columns; cells further right are styling, not data
BLANK_RUN = 5_000  # consecutive blank rows after which a sheet is taken to have ended
MAX_CELL = 131_072  # characters in one CSV cell (Python's csv limit): about 40 pages of text
MAX_SHARED = 20_000  # distinct cells of a CSV column kept to share equal ones
BLOCK = 1 << 20  # bytes of a file checked at a time (a CSV for UTF-8, a sheet for its size)
SEPARATORS = {",": "comma", ";": "semicolon", "\t": "tab"}
CSV_SHEET = "(CSV)"
_ZIP = b"PK\x03\x04"
_LAST_ROW = re.compile(rb'<row [^>]*?r="(\d+)"')
_CELL = re.compile(rb'<c r="([A-Z]{1,3})\d')
_WIDE_CELL = re.compile(rb'<c r="([A-Z]{2,3})\d')  # a cell beyond column Z
_DIMENSION = re.compile(rb'<dimension ref="[A-Z]*\d*:?([A-Z]+)(\d+)"')
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .xls, and encrypted (password) .xlsx
_ENCRYPTED = "EncryptionInfo".encode("utf-16-le")
_NOT_UTF8 = re.compile("[\udc80-\udcff]")  # a byte that is not UTF-8, as surrogateescape keeps it


class Grid(Sequence):
    """Rows of cells held column by column: each column's distinct cells once, and for each
    row the number of its cell among them (one to four bytes). A 3W repeats its places,
    organisations, sectors and dates on every row: a 50 MB file held as tuples of strings took
    150 MB, and the import reads each distinct cell once. Row i is a tuple, as a list of rows
    gives it. Rows are appended (or popped), then ``done``."""

    def __init__(self):
        self._width = array("I")  # the cells of each row, trailing empty cells dropped
        self._codes: list = []  # per column: each row's cell, as its number below (an array)
        self._cells: list[list] = []  # per column: its distinct cells, None (no cell) first
        self._seen: list[dict] = []  # per column while rows are added: cell → its number

    def append(self, row: tuple) -> None:
        rows = len(self._width)
        while len(self._codes) < len(row):
            self._codes.append(array("I", bytes(4 * rows)))
            self._cells.append([None])
            self._seen.append({_key(None): 0})
        for cell, seen, cells, codes in zip(row, self._seen, self._cells, self._codes,
                                            strict=False):
            key = cell if cell.__class__ is str else _key(cell)
            code = seen.get(key)
            if code is None:
                code = seen[key] = len(cells)
                cells.append(cell)
            codes.append(code)
        for codes in self._codes[len(row):]:
            codes.append(0)
        self._width.append(len(row))

    def pop(self) -> tuple:
        row = self[-1]
        self._width.pop()
        for codes in self._codes:
            codes.pop()
        return row

    def done(self) -> Grid:
        """No more rows: the lookups that shared equal cells are let go, and each column's
        numbers take the fewest bytes that hold them (most columns of a 3W, one or two)."""
        self._seen = [{} for _ in self._seen]
        self._codes = [np.frombuffer(codes, np.uint32).astype(np.min_scalar_type(len(cells)))
                       for codes, cells in zip(self._codes, self._cells, strict=True)]
        return self

    def __len__(self) -> int:
        return len(self._width)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        width = self._width[i]
        i = i + len(self) if i < 0 else i
        return tuple(self._cells[j][self._codes[j][i]] for j in range(width))

    def __eq__(self, other) -> bool:
        return isinstance(other, Sequence) and list(self) == list(other)

    __hash__ = None

    @property
    def width(self) -> int:
        """The number of columns: the widest row's."""
        return len(self._codes)

    def column(self, index: int, rows: np.ndarray) -> Column:
        """Column ``index`` (0-based) of the rows numbered ``rows`` (0-based)."""
        if index >= len(self._codes):
            return Column([None], np.zeros(len(rows), np.uint32))
        return Column(self._cells[index], self._codes[index][rows])

    @classmethod
    def of(cls, rows: Iterable[tuple]) -> Grid:
        if isinstance(rows, Grid):
            return rows
        grid = cls()
        for row in rows:
            grid.append(row)
        return grid.done()


def _key(cell: object) -> tuple:
    return (cell.__class__, cell)  # 1, 1.0 and True are equal as keys but not as cells


class Column(Sequence):
    """One column of some rows of a Grid: its distinct cells and each row's among them."""

    def __init__(self, cells: list, codes: np.ndarray):
        self._cells, self._codes = cells, codes

    def __len__(self) -> int:
        return len(self._codes)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self._cells[c] for c in self._codes[i].tolist()]
        return self._cells[self._codes[i]]

    def __iter__(self) -> Iterator:
        return map(self._cells.__getitem__, self._codes.tolist())

    def where(self, test: Callable[[object], bool]) -> np.ndarray:
        """Whether each row's cell passes ``test``, asked once of each distinct cell."""
        return np.array([test(cell) for cell in self._cells], bool)[self._codes]

    def each(self, compute: Callable[[object], object]) -> list:
        """``compute`` of each row's cell, worked out once for each distinct cell."""
        used = np.unique(self._codes)
        answers = np.empty(len(self._cells), object)
        for code in used.tolist():
            answers[code] = compute(self._cells[code])
        return answers[self._codes].tolist()


@dataclass(frozen=True)
class Sheet:
    name: str
    rows: Sequence[tuple]  # row i is the file's row (line) i + 1; trailing empty cells dropped
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
    faults: dict[int, Problem] = field(default_factory=dict)  # row → a byte that is not UTF-8
    _workbook: _Reader | None = None  # the workbook's reader, kept open while in use
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
        try:
            rows, notes = _trimmed_rows(self._workbook.rows(name), limit)
        except Exception as err:  # a damaged sheet inside a sound zip: the readers raise many kinds
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
    workbook = _open_reader(raw, file)
    notes = []
    if file.lower().endswith(".xlsm"):
        notes.append("macros in the workbook are ignored: only the saved cell values are read")
    return Book(file, "xlsx", workbook.sheet_names, notes=notes, _workbook=workbook)


class _Reader:
    """A workbook's sheets as rows of saved values, row i being the sheet's row i + 1."""

    sheet_names: list[str]

    def rows(self, name: str) -> Iterator[tuple]:
        raise NotImplementedError


class _Calamine(_Reader):
    """calamine (Rust) reads saved values several times faster than openpyxl. Its numbers are
    all floats and its empty cells '': they are given as openpyxl gives them (whole numbers as
    int, empty as None), so that every reader after it sees one kind of row. A sheet is parsed
    whole once and kept while the book is open."""

    def __init__(self, raw: bytes):
        from python_calamine import CalamineWorkbook

        self._book = CalamineWorkbook.from_filelike(io.BytesIO(raw))
        self.sheet_names = list(self._book.sheet_names)
        self._sheets: dict[str, object] = {}

    def rows(self, name: str) -> Iterator[tuple]:
        if name not in self._sheets:
            self._sheets[name] = self._book.get_sheet_by_name(name)
        sheet = self._sheets[name]
        top, left = sheet.start or (0, 0)  # the used range may start below A1
        yield from ((),) * top
        pad = (None,) * left
        for row in sheet.iter_rows():
            if "" in row or float in map(type, row):  # most rows of text need nothing
                row = [None if v == "" else int(v) if type(v) is float and v.is_integer()
                       else v for v in row]
            yield pad + tuple(row)


class _Openpyxl(_Reader):
    """openpyxl's read-only mode, for a workbook calamine cannot open."""

    def __init__(self, raw: bytes, file: str):
        self._book = _load(raw, file)
        self.sheet_names = list(self._book.sheetnames)

    def rows(self, name: str) -> Iterator[tuple]:
        sheet = self._book[name]
        sheet.reset_dimensions()  # its claimed size may be a million rows of nothing
        return sheet.iter_rows(values_only=True)


def _open_reader(raw: bytes, file: str) -> _Reader:
    if not _calamine_serves(raw):
        return _Openpyxl(raw, file)
    try:
        return _Calamine(raw)
    except Exception:  # calamine refuses what it cannot read; openpyxl then says why, or reads it
        return _Openpyxl(raw, file)


def _calamine_serves(raw: bytes) -> bool:
    """calamine keeps a sheet as one dense grid in memory: it serves a sheet of up to
    CALAMINE_CELLS cells that spans about as many as it holds. A larger sheet is streamed by
    openpyxl, and one that spans far more cells than it holds (a stray value in XFD1048576, a
    claimed size of a million rows) would take gigabytes as a grid. A sheet holding saved
    formula errors (#VALUE!) is read by openpyxl too: calamine gives them as empty cells, and
    the report would lose their warnings."""
    with zipfile.ZipFile(io.BytesIO(raw)) as book:
        sheets = [m for m in book.infolist() if m.filename.startswith("xl/worksheets/")
                  and m.filename.endswith(".xml")]
        return all(_fits_a_grid(_tags(book.open(m))) for m in sheets)


def _tags(xml: IO[bytes]) -> Iterator[bytes]:
    """A sheet's XML a block at a time, each block cut after a tag's end ('>'), so that no tag
    is split between two: a sheet of 6 million cells is 300 MB of XML."""
    rest = b""
    while block := xml.read(BLOCK):
        text = rest + block
        cut = text.rfind(b">") + 1
        yield text[:cut]
        rest = text[cut:]
    yield rest


def _fits_a_grid(blocks: Iterator[bytes]) -> bool:
    first = next(blocks, b"")
    head = (_column(m.group(1)) for m in _CELL.finditer(first, 0, 65536))  # the first rows
    width, claimed = max(head, default=1), _DIMENSION.search(first, 0, 4096)
    cells = height = wide = 0
    for xml in itertools.chain([first], blocks):
        cells += xml.count(b"<c ") + xml.count(b"<c>")
        if cells > CALAMINE_CELLS or b't="e"' in xml:  # calamine gives an error cell as empty
            return False
        last = _LAST_ROW.search(xml, max(0, xml.rfind(b"<row ")))
        height = int(last.group(1)) if last else height
        wide = max((_column(m.group(1)) for m in _WIDE_CELL.finditer(xml)), default=wide)
    width = wide or width
    if claimed:
        height, width = max(height, int(claimed.group(2))), max(width, _column(claimed.group(1)))
    return width <= MAX_COLUMNS and height * width <= 4 * cells + 1_000_000


def _column(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


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


def _trimmed_rows(source: Iterator[tuple], limit: int | None) -> tuple[Grid, list[str]]:
    """Rows without their trailing empty cells; reading stops after a long run of blank rows."""
    rows, notes, blank_run, wide = Grid(), [], 0, False
    for row in source:
        if limit is not None and len(rows) >= limit:
            break
        if len(row) > MAX_COLUMNS:
            wide = wide or any(v not in (None, "") for v in row[MAX_COLUMNS:])
            row = row[:MAX_COLUMNS]
        if row and blank(row[-1]):
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
    return rows.done(), notes


def _without_trailing_blanks(row: tuple) -> tuple:
    end = len(row)
    while end and blank(row[end - 1]):
        end -= 1
    return tuple(row[:end])


def _open_csv(raw: bytes, file: str) -> Book:
    encoding, name, faults, notes = _encoding(raw, file)
    # decoded as it is read, not whole: a file with one Lao letter would take four bytes a
    # character as one string
    stream = io.TextIOWrapper(io.BytesIO(raw), encoding=encoding, errors="replace", newline="")
    separator = _separator(stream.read(65536))
    stream.seek(0)
    starts: list[int] = []  # the line each row starts on: a cell may span lines

    def records() -> Iterator[tuple]:
        for start, cells in csv_rows(stream, file, separator):
            starts.append(start)
            yield tuple(cells)

    rows, trimmed = _trimmed_rows(records(), None)
    if not rows:
        raise InvalidData([Problem("empty-file", "the file holds no rows", file, 1, 1)])
    return Book(file, "csv", [CSV_SHEET], name, SEPARATORS[separator], notes,
                faults=_faulty_rows(faults, starts, rows, file),
                _csv=Sheet(CSV_SHEET, rows, tuple(trimmed)))


def csv_rows(lines, file: str, separator: str = ",") -> Iterator[tuple[int, list[str]]]:
    """Each record of CSV text (an iterable of its lines) with the line it starts on; a cell
    longer than MAX_CELL refuses the file with that line.

    Equal cells of a column are one string in memory: a 3W repeats its provinces, sectors and
    organisations on every row. A column of mostly distinct cells (comments, figures) does not
    profit, and is left alone once it has MAX_SHARED of them."""
    reader = csv.reader(lines, delimiter=separator)
    shared: list[dict[str, str] | None] = []
    start = 1
    try:
        for cells in reader:
            shared += [{} for _ in range(len(cells) - len(shared))]
            yield start, [_one(c, shared, i) for i, c in enumerate(cells)]
            start = reader.line_num + 1
    except csv.Error as err:
        raise InvalidData([_csv_problem(err, file, start)]) from None


def _one(cell: str, shared: list[dict[str, str] | None], column: int) -> str:
    seen = shared[column]
    if seen is None:
        return cell
    if len(seen) >= MAX_SHARED:
        shared[column] = None
    return seen.setdefault(cell, cell)


def _csv_problem(err: csv.Error, file: str, line: int) -> Problem:
    if "field larger than field limit" in str(err):
        return Problem("cell-too-long", f"a cell starting on this row is longer than "
                       f"{MAX_CELL:,} characters, the most a cell may hold: if a quote opens "
                       "on this row and is never closed, close it; otherwise shorten the cell",
                       file, line, 1)
    return Problem("csv-syntax", f"{err}; save the file again from the spreadsheet", file, line)


def _encoding(raw: bytes, file: str) -> tuple[str, str, list[tuple[int, int]], list[str]]:
    """How to decode the file: the codec, its name, the bytes that are not of it (line, byte)
    and what a person should know, in words. A byte-order mark says it; else UTF-16 shows as
    NUL bytes between ASCII letters; else UTF-8, even when a few bytes are not (their rows are
    rejected); Windows-1252 (Excel's 'CSV' on Western Windows) only when no character is
    written the UTF-8 way."""
    for bom, encoding, name in ((codecs.BOM_UTF8, "utf-8-sig", "UTF-8 with a byte-order mark"),
                                (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
                                (codecs.BOM_UTF16_BE, "utf-16", "UTF-16")):
        if raw.startswith(bom):
            return _checked(raw, encoding, name, file)
    head = raw[:4096]
    if head.count(b"\x00") > len(head) // 4:
        little = head[1::2].count(b"\x00") > head[0::2].count(b"\x00")
        return _checked(raw, "utf-16-le" if little else "utf-16-be", "UTF-16", file)
    if b"\x00" in raw:
        raise InvalidData([Problem("not-text", "the file is neither a workbook nor text (it "
                                   "holds NUL bytes); save it as .xlsx or CSV", file)])
    faults, written_as_utf8 = _utf8_faults(raw)
    if not faults:
        return "utf-8", "UTF-8", [], []
    line, byte = faults[0]
    if written_as_utf8 > len(faults):
        return "utf-8", "UTF-8", faults, [
            f"the file is UTF-8 but for {_count(len(faults), 'byte')} (the first, 0x{byte:02X}, "
            f"on line {line:,}): it was read as UTF-8, and the rows that hold such bytes are "
            "rejected rather than read with their letters wrong"]
    return "cp1252", "Windows-1252", [], [
        f"the file is not UTF-8 (byte 0x{byte:02X} on line {line:,} is not, and no letter in it "
        "is written the UTF-8 way), so it was read as Windows-1252, the encoding Excel's 'CSV' "
        "has on Western Windows: check the accents in the preview; if they are wrong, save the "
        "file as 'CSV UTF-8' and import it again"]


def _count(n: int, what: str) -> str:
    return f"{n:,} {what}" + ("" if n == 1 else "s")


def _utf8_faults(raw: bytes) -> tuple[list[tuple[int, int]], int]:
    """The bytes that are not UTF-8, each as (line, byte), and how many characters beyond
    ASCII are written the UTF-8 way. Read a block at a time: the file is never held whole as
    text."""
    decoder = codecs.getincrementaldecoder("utf-8")("surrogateescape")
    faults, written, line = [], 0, 1
    for at in range(0, len(raw), BLOCK):
        text = decoder.decode(raw[at:at + BLOCK], final=at + BLOCK >= len(raw))
        bad, counted = _NOT_UTF8.findall(text), 0
        for found in _NOT_UTF8.finditer(text):
            line += text.count("\n", counted, found.start())
            counted = found.start()
            faults.append((line, ord(found.group()) - 0xDC00))
        line += text.count("\n", counted)
        written += len(text) - len(text.encode("ascii", "ignore")) - len(bad)
    return faults, written


def _checked(raw: bytes, encoding: str, name: str, file: str):
    try:
        codecs.decode(raw, encoding)
    except UnicodeDecodeError as err:
        raise InvalidData([Problem("encoding", f"the file says it is {name} but byte "
                                   f"{err.start:,} is not; save it again as UTF-8 CSV",
                                   file)]) from None
    return encoding, name, [], []


def _faulty_rows(faults: list[tuple[int, int]], starts: list[int], rows: list[tuple],
                 file: str) -> dict[int, Problem]:
    """Row number → the problem of its first byte that is not UTF-8, placed in its cell."""
    found = {}
    for line, byte in faults:
        row = bisect.bisect_right(starts, line)
        if row in found or row > len(rows):
            continue
        cell = next((i for i, c in enumerate(rows[row - 1]) if "\ufffd" in c), 0)
        found[row] = Problem("encoding", f"byte 0x{byte:02X} in this cell is not UTF-8, "
                              "though the rest of the file is: write the cell again (in a "
                              "spreadsheet, save the file as 'CSV UTF-8')", file, row, cell + 1)
    return found


def _separator(text: str) -> str:
    """The separator that splits the first lines into the same number of cells most often."""
    sample = text[:65536].splitlines()[:50]

    def agreement(sep: str) -> tuple[int, int]:
        widths = Counter(len(r) for r in csv.reader(sample, delimiter=sep) if r)
        width, lines = widths.most_common(1)[0] if widths else (1, 0)
        return (lines, width) if width > 1 else (0, 0)

    return max(SEPARATORS, key=agreement)
