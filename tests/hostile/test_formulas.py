"""No text from a data file runs as a formula in anything a coordinator downloads.

The app runs (AppTest) on a copy of the data whose organisations, donors, projects, places and
notes are formulas (formula_data.py). Every download button of every page is recorded as the
page offers it, and each file is opened as a spreadsheet would: every CSV with ``csv``, every
workbook with openpyxl and as XML, and every workbook embedded behind a chart of the PPTX
handout. No cell may be a formula or begin, unescaped, with a formula's lead-in; the payloads
must be there, as text; numbers stay numbers.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile

import pytest
import streamlit as st
from openpyxl import load_workbook
from streamlit.delta_generator import DeltaGenerator
from streamlit.testing.v1 import AppTest

from tests.hostile.formula_data import KEPT, PAYLOADS, ROOT, formula_copy, runs_as_formula
from tests.workbooks import NGA_HEADER, NGA_HXL, nga_row

VISITS = [("pages/gaps.py", {"node": "4"}), ("pages/funding.py", {}),
          ("pages/targets.py", {}), ("pages/map.py", {"province": "LA12"}),
          ("pages/compare.py", {}), ("pages/sources.py", {})]
FORMULA = re.compile(rb"<(?:\w+:)?f[ >/]")  # a formula element of a worksheet's XML
# what writes spreadsheets: the downloads' one writer, and the data files, which keep the data
# as it is (an imported activity file, the gazetteer's spellings) and are downloaded through it
WRITERS = {"visuals/spreadsheet.py", "srrp/intake/rows.py", "srrp/places/matching.py"}


@pytest.fixture(scope="module")
def formula_dir(tmp_path_factory):
    return formula_copy(tmp_path_factory.mktemp("formulas") / "data")


@pytest.fixture
def offered(monkeypatch, formula_dir) -> dict[str, bytes]:
    """file name → the bytes its download button serves, for every button the app shows."""
    files = {}
    original = DeltaGenerator.download_button

    def record(self, label, data, file_name=None, *args, **kwargs):
        files[file_name] = data() if callable(data) else data
        return original(self, label, data, file_name, *args, **kwargs)

    monkeypatch.setattr(DeltaGenerator, "download_button", record)
    monkeypatch.setattr(st, "download_button",
                        lambda *args, **kwargs: record(st._main, *args, **kwargs))
    monkeypatch.setenv("SRRP_DATA_DIR", str(formula_dir))
    monkeypatch.chdir(ROOT)
    return files


def run(page: str, **query) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def csv_cells(raw: bytes) -> list[str]:
    text = raw.decode("utf-8-sig")
    return [cell for row in csv.reader(io.StringIO(text, newline="")) for cell in row]


def workbook_cells(raw: bytes) -> list:
    """Every value of every sheet of a workbook, after checking that none is a formula."""
    with zipfile.ZipFile(io.BytesIO(raw)) as book:
        sheets = [n for n in book.namelist() if n.startswith("xl/worksheets/")]
        assert sheets and not [n for n in sheets if FORMULA.search(book.read(n))]
    cells = [c for sheet in load_workbook(io.BytesIO(raw)).worksheets
             for row in sheet.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    return [c.value for c in cells]


def check_csv(name: str, raw: bytes) -> set[str]:
    """The payloads the file holds (as text, led by "'"); fails on any formula left."""
    cells = csv_cells(raw)
    assert not [c for c in cells if runs_as_formula(c)], name
    return {c[1:].lstrip("\t\r") for c in cells if c.startswith("'")} & KEPT


def check_workbook(name: str, raw: bytes) -> set[str]:
    values = workbook_cells(raw)
    return {v.lstrip("\t\r") for v in values if isinstance(v, str)} & KEPT


def test_no_download_of_any_page_holds_a_live_formula(offered):
    for page, query in VISITS:
        run(page, **query)
    spreadsheets = {n: raw for n, raw in offered.items() if n.endswith((".csv", ".xlsx"))}
    found = {name: (check_csv if name.endswith(".csv") else check_workbook)(name, raw)
             for name, raw in spreadsheets.items()}
    # every table that lists activities or donors carries the payloads, as text
    for name in ("targets_and_reach.csv", "targets_and_reach.xlsx", "funding-by-donor.csv",
                 "funding-by-donor.xlsx", "srrp_LAO_LA12_activities.csv",
                 "srrp2021_contributions.csv", "srrp2021_contributions.xlsx", "activities.xlsx",
                 "lao_activities_formulas.csv"):
        assert found[name] == KEPT, name
    assert len(spreadsheets) >= 20  # each page's downloads were seen


def test_the_raw_activity_file_is_the_file_with_its_formulas_shown_as_text(offered,
                                                                           formula_dir):
    run("pages/sources.py")
    raw = (formula_dir / "lao_activities_formulas.csv").read_bytes()
    served = offered["lao_activities_formulas.csv"]
    rows = list(csv.reader(io.StringIO(served.decode(), newline="")))
    original = list(csv.reader(io.StringIO(raw.decode(), newline="")))
    assert [len(r) for r in rows] == [len(r) for r in original]
    for row, before in zip(rows, original, strict=True):
        assert row == [("'" + c if runs_as_formula(c) else c) for c in before]
    # the tab and carriage-return lead-ins, kept in the file, are escaped too
    assert {"'\t=2+2", "'\r=3+3"} <= {c for row in rows for c in row}
    bundled = offered["lao_activities.csv"]
    assert bundled == (formula_dir / "lao_activities.csv").read_bytes()  # nothing to escape


def test_the_pptx_handout_charts_hold_the_donors_as_text(offered):
    at = run("pages/briefing.py")
    at.button(key="prepare_pptx").click().run()
    assert not at.exception
    _, handout = at.session_state["briefing_pptx"]
    with zipfile.ZipFile(io.BytesIO(handout.data)) as deck:
        books = [deck.read(n) for n in deck.namelist() if n.endswith(".xlsx")]
    assert books  # the native charts' workbooks
    found = set().union(*(check_workbook("handout", b) for b in books))
    assert {"=3+3", "=2+2", "@SUM(A1)"} <= found  # the largest donors, named in the chart


def test_the_rejected_rows_of_an_import_hold_no_live_formula(offered):
    at = run("pages/import.py")
    unplaced = nga_row(state="Xyzzy", pcode="", lga="", lga_code="")  # a row refused
    rows = [[*unplaced[:3], payload, *unplaced[4:]] for payload in PAYLOADS]
    organisations = [[payload, *unplaced[1:]] for payload in PAYLOADS[:5]]
    out = io.StringIO()
    csv.writer(out).writerows([NGA_HEADER, NGA_HXL, *rows, *organisations])
    raw = out.getvalue().encode()
    at.file_uploader(key="import_upload").upload("nga_3w.csv", raw).run()
    assert not at.exception, [e.value for e in at.exception]
    [name] = [n for n in offered if n.endswith("_rejected.csv")]
    assert check_csv(name, offered[name]) >= set(PAYLOADS[:5])


def test_every_spreadsheet_is_written_in_one_place():
    """CSV, Excel and chart workbooks are written by visuals/spreadsheet.py, which makes their
    texts text; a writer anywhere else would bypass it."""
    writers = re.compile(r"\.to_csv\(|\.to_excel\(|ExcelWriter|CategoryChartData|xlsxwriter|"
                         r"openpyxl import Workbook|csv\.writer|DictWriter")
    sources = [*ROOT.glob("srrp/**/*.py"), *ROOT.glob("visuals/*.py"),
               *ROOT.glob("components/*.py"), *ROOT.glob("pages/*.py"), ROOT / "app.py"]
    found = {p.relative_to(ROOT).as_posix() for p in sources
             if writers.search(p.read_text(encoding="utf-8"))}
    assert found - WRITERS == set()
