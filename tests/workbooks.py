"""Small workbooks and CSV files shaped like the 3W files people send, written for a test."""

from __future__ import annotations

import io

from openpyxl import Workbook


def xlsx(sheets: dict[str, list[list]]) -> bytes:
    """The bytes of a workbook with these sheets (name → rows of cell values)."""
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_text(rows: list[list], sep: str = ",") -> str:
    return "".join(sep.join("" if c is None else str(c) for c in row) + "\r\n" for row in rows)


NGA_HEADER = ["Organization", "Donor", "Sector", "Activity", "State", "State Pcode", "LGA",
              "LGA PCode", "People targeted", "People reached", "Start", "End"]
NGA_HXL = ["#org+name", "#org+funder", "#sector", "#activity+name", "#adm1+name", "#adm1+code",
           "#adm2+name", "#adm2+code", "#targeted", "#reached", "#date+start", "#date+end"]


def nga_row(state="Borno", pcode="NG008", lga="Maiduguri", lga_code="NG008021",
            targeted=1200, reached=800, start="2021-03-01", end="2021-12-31") -> list:
    return ["Action Aid", "ECHO", "Health", "Mobile clinics", state, pcode, lga, lga_code,
            targeted, reached, start, end]
