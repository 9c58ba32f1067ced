"""CSV and Excel files whose texts never run as formulas, numbers kept as numbers.

Each file is read back as a spreadsheet reads it (csv; openpyxl and the sheet's XML). The
app-wide check, over every download of every page and the PPTX handout's chart workbooks, is
tests/hostile/test_formulas.py.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from pathlib import Path

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE
from pptx.util import Inches

from tests.hostile.formula_data import PAYLOADS, SIGNED_NUMBER, runs_as_formula
from visuals.spreadsheet import ChartData, csv_as_text, to_csv, to_excel

ROOT = Path(__file__).resolve().parents[2]
TEXTS = st.text(alphabet=st.sampled_from('=+-@\t\r\n,;"\' aé1.%eE'), max_size=12)


def read_csv(raw: bytes, sep: str = ",") -> list[list[str]]:
    return list(csv.reader(io.StringIO(raw.decode("utf-8"), newline=""), delimiter=sep))


def sheet_xml(raw: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(raw)) as book:
        return book.read("xl/worksheets/sheet1.xml")


def test_each_payload_is_led_by_a_quote_in_csv_and_numbers_stay_numbers():
    table = pd.DataFrame({"donor": [*PAYLOADS, "-5", "Japan"],
                          "amount": [-1200.5, *range(len(PAYLOADS)), 7]})
    header, *rows = read_csv(to_csv(table))
    assert header == ["donor", "amount"]
    assert [r[0] for r in rows] == [*("'" + p for p in PAYLOADS), "-5", "Japan"]
    assert rows[0][1] == "-1200.5"  # a negative amount is a number, not text


def test_each_payload_is_a_text_cell_in_excel_never_a_formula():
    table = pd.DataFrame({"donor": list(PAYLOADS), "amount": -1.0})
    raw = to_excel(table)
    assert not re.search(rb"<f[ >]", sheet_xml(raw))
    cells = [row for row in load_workbook(io.BytesIO(raw)).active.iter_rows(min_row=2)]
    assert [c.data_type for c, _ in cells] == ["s"] * len(PAYLOADS)
    assert [c.value for c, _ in cells][:5] == list(PAYLOADS[:5])  # the text as it was
    assert {(a.data_type, a.value) for _, a in cells} == {("n", -1)}


@given(st.lists(TEXTS, min_size=1, max_size=8))
def test_a_csv_keeps_every_text_and_escapes_every_formula(texts):
    rows = read_csv(to_csv(pd.DataFrame({"text": texts})))[1:]
    for (cell,), text in zip(rows, texts, strict=True):
        if runs_as_formula(text):
            assert cell == "'" + text
        else:  # kept, or (an odd number such as '-1.2,5') shown as text
            assert cell == text or (cell == "'" + text and SIGNED_NUMBER.fullmatch(text))


def test_a_raw_file_changes_only_where_a_cell_would_run():
    raw = (b'project;donor;note\r\n=1+1;"@SUM(A1)";-5\r\nok;"a;=b";"-x\n=y"\r\n'
           b"plain,text;+1+1\r\n")
    assert read_csv(csv_as_text(raw), ";") == [
        ["project", "donor", "note"], ["'=1+1", "'@SUM(A1)", "-5"],
        ["ok", "a;=b", "'-x\n=y"], ["plain,text", "'+1+1"]]


def test_a_raw_file_with_nothing_to_escape_is_served_byte_for_byte():
    for path in (ROOT / "data").glob("*_activities*.csv"):
        raw = path.read_bytes()
        assert csv_as_text(raw) == raw
    windows = "Médecins;=1\r\n".encode("cp1252")
    assert csv_as_text(windows) == "Médecins;'=1\r\n".encode("cp1252")


def test_a_pptx_chart_workbook_holds_its_categories_as_text():
    data = ChartData(number_format="#,##0")
    data.categories = list(PAYLOADS)
    data.add_series("=SUM(A1)", [1.0] * len(PAYLOADS))
    deck = Presentation()
    slide = deck.slides.add_slide(deck.slide_layouts[6])
    chart = slide.shapes.add_chart(XL_CHART_TYPE.BAR_CLUSTERED, 0, 0, Inches(4), Inches(3),
                                   data).chart
    raw = chart.part.chart_workbook.xlsx_part.blob
    assert not re.search(rb"<f[ >]", sheet_xml(raw))
    values = [c.value for row in load_workbook(io.BytesIO(raw)).active.iter_rows()
              for c in row]
    assert set(PAYLOADS[:5]) | {"=SUM(A1)"} <= set(values)

