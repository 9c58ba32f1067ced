"""Files a spreadsheet opens — every CSV and Excel download, and the workbook behind each native
chart of a PPTX handout — written so that no text in them runs as a formula.

Names come verbatim from 3W, FTS and IATI files (the data is the data), and Excel and
LibreOffice run a cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
as a formula, in CSV and XLSX alike (OWASP's "CSV injection"): ``=HYPERLINK(…)`` becomes a link,
``=cmd|' /C calc'!A0`` asks to start a program. So, here and only here:

- in CSV, such a cell gets a leading ``'``, which a spreadsheet shows instead of running the
  formula; a number (``-1200``, ``+3.5``) stays as it is;
- in XLSX, every text is a text cell, never a formula (``<f>``) nor a link; numbers stay numbers.

No Streamlit here.
"""

from __future__ import annotations

import csv
import io
import re
from contextlib import contextmanager

import pandas as pd
import xlsxwriter
from pptx.chart.data import CategoryChartData
from pptx.chart.xlsx import CategoryWorkbookWriter

FORMULA_LEADS = "=+-@\t\r"
NUMBER = re.compile(r"[+-]?(?:\d+(?:,\d+)*(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?%?")
# how XlsxWriter must treat text: as text (by default it writes "=…" as a formula and
# "http://…" as a link)
XLSX_OPTIONS = {"strings_to_formulas": False, "strings_to_urls": False,
                "strings_to_numbers": False}
# A cell begins at the start of the file, of a line, or after a separator: ',' or ';' both, as
# an activity file may use either (and a spreadsheet whose locale separates lists with ';'
# splits a comma file there too). A quoted cell is taken whole (its separators and line breaks
# are text); an unquoted one runs to the next separator, line break or quote.
CELL = re.compile(rb'(?<![^,;\r\n])(?:"([^"]*(?:""[^"]*)*)"|([' +
                  re.escape(FORMULA_LEADS.encode()) + rb'][^,;\r\n"]*))')


def runs_as_formula(text: str) -> bool:
    """True when a spreadsheet would run the text as a formula: it begins with one of
    FORMULA_LEADS and is not a plain number."""
    return text.startswith(tuple(FORMULA_LEADS)) and not NUMBER.fullmatch(text)


def csv_as_text(raw: bytes) -> bytes:
    """A CSV file with every cell that would run as a formula led by ``'``, all else byte for
    byte as it was (any encoding that writes ASCII as ASCII: UTF-8, Windows-1252). Worked on
    the bytes, never decoded whole: an activity file may be as large as 1 GB."""
    return CELL.sub(_cell_as_text, raw)


def _cell_as_text(cell: re.Match) -> bytes:
    quoted, plain = cell.groups()
    if plain is not None:  # one character per byte: only the ASCII lead-ins matter
        return b"'" + plain if runs_as_formula(plain.decode("latin-1")) else plain
    return b"\"'" + cell[0][1:] if runs_as_formula(quoted.decode("latin-1")) else cell[0]


def to_csv(table: pd.DataFrame) -> bytes:
    """A table as UTF-8 CSV, no text in it a formula. Every text is quoted, so that it stays
    one cell whatever it holds (a ';', a carriage return) and whatever the reader's list
    separator; lines end with CRLF (RFC 4180)."""
    return csv_as_text(table.to_csv(index=False, quoting=csv.QUOTE_NONNUMERIC,
                                    lineterminator="\r\n").encode("utf-8"))


def to_excel(table: pd.DataFrame, sheet: str = "data") -> bytes:
    """A table as an Excel workbook, every text a text cell."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="xlsxwriter",
                        engine_kwargs={"options": XLSX_OPTIONS}) as writer:
        table.to_excel(writer, index=False, sheet_name=sheet)
    return buffer.getvalue()


class ChartData(CategoryChartData):
    """python-pptx's data of a category chart, whose embedded workbook (the one PowerPoint
    opens to edit the chart) writes every text as text."""

    @property
    def _workbook_writer(self):
        return _TextWorkbookWriter(self)


class _TextWorkbookWriter(CategoryWorkbookWriter):
    @contextmanager
    def _open_worksheet(self, xlsx_file):
        workbook = xlsxwriter.Workbook(xlsx_file, {"in_memory": True, **XLSX_OPTIONS})
        yield workbook, workbook.add_worksheet()
        workbook.close()
