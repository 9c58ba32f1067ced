"""Files read by what they hold, not what they are named: CSV in every common encoding and
separator, workbooks, and the files that cannot be read safely."""

from __future__ import annotations

import codecs

import pytest

from srrp.files.sheets import MAX_CELL, open_book
from srrp.problems import InvalidData
from tests.workbooks import csv_text, xlsx

ROWS = [["Province", "Organización", "Personas alcanzadas"], ["Attapeu", "Cruz Roja", "1 200"]]


@pytest.mark.parametrize(("raw", "encoding"), [
    (csv_text(ROWS).encode("utf-8"), "UTF-8"),
    (codecs.BOM_UTF8 + csv_text(ROWS).encode("utf-8"), "UTF-8 with a byte-order mark"),
    (csv_text(ROWS).encode("utf-16"), "UTF-16"),
    (csv_text(ROWS).encode("utf-16-le"), "UTF-16"),
    (csv_text(ROWS).encode("cp1252"), "Windows-1252")])
def test_csv_encodings_are_detected_and_named(raw, encoding):
    book = open_book(raw, "3w.csv")
    assert book.encoding == encoding
    assert book.sheet().rows == [tuple(r) for r in ROWS]


@pytest.mark.parametrize(("sep", "name"), [(",", "comma"), (";", "semicolon"), ("\t", "tab")])
def test_csv_separators_are_detected_and_named(sep, name):
    rows = [*ROWS, ["Salavan", "A, B and C", "3"]] if sep != "," else ROWS
    book = open_book(csv_text(rows, sep).encode(), "3w.csv")
    assert book.separator == name
    assert book.sheet().rows[1] == tuple(ROWS[1])


def test_a_workbook_lists_its_sheets_and_reads_any_of_them():
    book = open_book(xlsx({"Metadata": [["about"]], "Data ": ROWS}), "3w.xlsx")
    assert (book.kind, book.sheet_names) == ("xlsx", ["Metadata", "Data "])
    assert book.sheet("Data ").rows == [tuple(r) for r in ROWS]


def test_a_sheet_named_without_its_trailing_space_or_case_is_found():
    book = open_book(xlsx({"Metadata": [["about"]], "3W longtable ": ROWS}), "3w.xlsx")
    assert book.sheet("3w LONGTABLE").name == "3W longtable "


def test_an_unknown_sheet_is_refused_naming_the_sheets():
    book = open_book(xlsx({"Data": ROWS}), "3w.xlsx")
    with pytest.raises(InvalidData) as err:
        book.sheet("Daten")
    assert err.value.problems[0].code == "unknown-sheet" and "'Data'" in str(err.value)


def test_a_csv_named_xlsx_is_read_as_csv_and_said_so():
    book = open_book(csv_text(ROWS).encode(), "3w.xlsx")
    assert book.kind == "csv" and "named .xlsx but holds CSV" in book.notes[0]


def test_a_workbook_named_csv_is_read_as_a_workbook_and_said_so():
    book = open_book(xlsx({"Data": ROWS}), "3w.csv")
    assert book.kind == "xlsx" and "named .csv but is an Excel workbook" in book.notes[0]


def test_trailing_blank_rows_and_columns_are_not_rows_or_columns():
    rows = [[*r, None, None, ""] for r in ROWS] + [[None] * 5] * 300
    sheet = open_book(xlsx({"Data": rows}), "3w.xlsx").sheet()
    assert sheet.rows == [tuple(r) for r in ROWS]


def test_a_sheet_ends_after_a_long_run_of_blank_rows(monkeypatch):
    monkeypatch.setattr("srrp.files.sheets.BLANK_RUN", 10)
    rows = [*ROWS, *[[None, None, " "]] * 20, ["Salavan", "late", "1"]]
    sheet = open_book(csv_text(rows).encode(), "3w.csv").sheet()
    assert len(sheet.rows) == 2 and "reading stopped at row 13" in sheet.notes[0]


# --- encodings: a stray byte is not a reason to read every accent wrong --------------------

MIXED = [["Province", "Organisation", "People"], ["Attapeu", "Médecins Sans Frontières", "1200"],
         ["Salavan", "Красный Крест", "30"], ["Sekong", "Cruz Roja", "40"]]


def test_a_utf8_file_with_one_stray_windows_1252_byte_is_read_as_utf8_and_that_row_flagged():
    raw = csv_text(MIXED).encode().replace(b"Cruz", b"Cr\xfaz")  # 'ú' as Windows-1252 writes it
    book = open_book(raw, "3w.csv")
    assert book.encoding == "UTF-8"
    assert book.sheet().rows[1:3] == [tuple(r) for r in MIXED[1:3]]
    assert [(p.line, p.col, p.code) for p in book.faults.values()] == [(4, 2, "encoding")]
    assert "0xFA" in book.faults[4].message
    assert "rejected" in book.notes[0] and "line 4" in book.notes[0]


def test_the_row_of_a_stray_byte_is_counted_in_rows_not_lines():
    rows = [MIXED[0], ["Attapeu", '"a note\non two lines"', "1"], MIXED[1],
            ["Sekong", "Cr\x00", "4"]]
    raw = csv_text(rows).encode().replace(b"Cr\x00", b"Cr\xfaz")
    assert list(open_book(raw, "3w.csv").faults) == [4]


def test_windows_1252_is_chosen_only_when_nothing_is_utf8_and_said_in_a_sentence():
    book = open_book(csv_text(MIXED[:2] + MIXED[3:]).encode("cp1252"), "3w.csv")
    assert book.encoding == "Windows-1252" and not book.faults
    assert book.sheet().rows[1] == tuple(MIXED[1])
    assert "so it was read as Windows-1252" in book.notes[0] and "line 2" in book.notes[0]


def test_a_cell_longer_than_the_limit_refuses_the_file_with_its_line():
    raw = csv_text([*MIXED, ["Sekong", "x" * (MAX_CELL + 1), "1"]]).encode()
    with pytest.raises(InvalidData) as err:
        open_book(raw, "3w.csv")
    assert [(p.line, p.code) for p in err.value.problems] == [(5, "cell-too-long")]
    assert f"{MAX_CELL:,} characters" in err.value.problems[0].message


def test_a_cell_as_long_as_the_limit_is_read():
    book = open_book(csv_text([*MIXED, ["Sekong", "x" * MAX_CELL, "1"]]).encode(), "3w.csv")
    assert len(book.sheet().rows[4][1]) == MAX_CELL


def test_calamine_gives_the_rows_openpyxl_gives():
    """Whole numbers as int, empty cells as None, dates as dates: every reader after the
    workbook's sees one kind of row, whichever reader read it."""
    import datetime as dt

    from srrp.files.sheets import _Calamine, _Openpyxl

    rows = [["Project", "People", "Share", "Start", None, "Note"],
            ["Clinics", 1200, 45.5, dt.date(2021, 3, 1), None, ""],
            [None, None, None, None, None, None], ["Wells", 3, 0.25, None, None, "x"]]
    raw = xlsx({"3W": rows})
    assert type(open_book(raw, "3w.xlsx")._workbook).__name__ == "_Calamine"
    by_calamine = [_trimmed(r) for r in _Calamine(raw).rows("3W")]
    by_openpyxl = [_trimmed(r) for r in _Openpyxl(raw, "3w.xlsx").rows("3W")]
    assert by_calamine == by_openpyxl
    assert by_calamine[1][:3] == ("Clinics", 1200, 45.5) and type(by_calamine[1][1]) is int


def _trimmed(row: tuple) -> tuple:
    """A row as compared: dates without their time, trailing empty cells dropped."""
    import datetime as dt

    cells = [c.date() if isinstance(c, dt.datetime) else c for c in row]
    while cells and cells[-1] in (None, ""):
        cells.pop()
    return tuple(None if c == "" else c for c in cells)
