"""Hostile 3W files for the importer, made at test time (the worst of them would be hundreds of
megabytes on disk): each is read or refused with a clear message, cheaply.

name → (how to make it, what must become of it): a ``Refused`` code, or the number of rows
that must be accepted and words the report must carry.
"""

from __future__ import annotations

import io
import zipfile
from typing import NamedTuple

from srrp.files.sheets import MAX_CELL
from tests.workbooks import NGA_HEADER, NGA_HXL, csv_text, nga_row, xlsx

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class Read(NamedTuple):
    accepted: int
    says: str = ""  # words the report's notes, warnings or layout must contain


class Refused(NamedTuple):
    code: str
    says: str  # words of the message that say what to do


def _good() -> bytes:
    return xlsx({"3W": [NGA_HEADER, NGA_HXL, nga_row(), nga_row(state="Yobe", pcode="NG036",
                                                                  lga="", lga_code="")]})


def _rezipped(raw: bytes, change) -> bytes:
    """The workbook with ``change(name, data)`` applied to each member (None drops it)."""
    source, out = zipfile.ZipFile(io.BytesIO(raw)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for info in source.infolist():
            data = change(info.filename, source.read(info.filename))
            if data is not None:
                target.writestr(info.filename, data)
    return out.getvalue()


def zip_bomb() -> bytes:
    """A sheet of 80 MB of one repeated row, packed a thousand times over."""
    row = b'<row><c t="inlineStr"><is><t>x</t></is></c></row>'
    body = row * (80_000_000 // len(row))

    def change(name, data):
        if name == "xl/worksheets/sheet1.xml":
            head, tail = data.split(b"<sheetData>")[0], b"</sheetData></worksheet>"
            return head + b"<sheetData>" + body + tail
        return data
    return _rezipped(_good(), change)


def claims_every_cell() -> bytes:
    """A sheet whose dimension claims 1,048,576 × 16,384 cells, with a stray value in the last."""
    far = b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'

    def change(name, data):
        if name == "xl/worksheets/sheet1.xml":
            data = data.replace(b'<dimension ref="A1:L4"/>', b'<dimension ref="A1:XFD1048576"/>')
            return data.replace(b"</sheetData>", far + b"</sheetData>")
        return data
    return _rezipped(_good(), change)


def formulas_and_links() -> bytes:
    """Figures given by formulas, one through an external workbook: never computed here."""
    return xlsx({"3W": [NGA_HEADER, NGA_HXL,
                        nga_row(targeted="=1000+200", reached="='[budget.xlsx]Sheet1'!A1")]})


def macros() -> bytes:
    def change(name, data):
        return data
    raw = _rezipped(_good(), change)
    out = io.BytesIO(raw)
    with zipfile.ZipFile(out, "a") as book:
        book.writestr("xl/vbaProject.bin", OLE + b"Attribute VB_Name = \"Module1\"" * 10)
    return out.getvalue()


def password_protected() -> bytes:
    """How Excel stores an encrypted workbook: an OLE file with EncryptionInfo and
    EncryptedPackage streams."""
    names = "".join(n.ljust(32, "\0") for n in ("EncryptionInfo", "EncryptedPackage"))
    return OLE + bytes(504) + names.encode("utf-16-le") + bytes(4096)


HOSTILE = {
    "zip_bomb.xlsx": (zip_bomb, Refused("zip-bomb", "refused unread")),
    "claims_every_cell.xlsx": (claims_every_cell, Read(2, "reading stopped")),
    "formulas_and_links.xlsx": (formulas_and_links, Read(1)),
    "macros.xlsm": (macros, Read(2, "macros in the workbook are ignored")),
    "password.xlsx": (password_protected, Refused("encrypted-workbook", "remove the password")),
    "old_excel.xls": (lambda: OLE + bytes(2048), Refused("old-excel", "save it as .xlsx")),
    "csv_named.xlsx": (lambda: csv_text([NGA_HEADER, NGA_HXL, nga_row()]).encode(),
                       Read(1, "named .xlsx but holds CSV text")),
    "xlsx_named.csv": (_good, Read(2, "named .csv but is an Excel workbook")),
    "hxl_without_header.xlsx": (lambda: xlsx({"3W": [NGA_HXL, nga_row()]}),
                                Read(1, "none (the HXL row names them)")),
    "damaged.xlsx": (lambda: _good()[:3000], Refused("bad-workbook", "save it again")),
    "binary.csv": (lambda: bytes(range(256)) * 40, Refused("not-text", "save it as .xlsx")),
    "long_cell.csv": (lambda: _csv(nga_row(), ["x" * (MAX_CELL + 1), *nga_row()[1:]]),
                      Refused("cell-too-long", "shorten the cell")),
    # one byte of Windows-1252 in a UTF-8 file: its row is rejected, the accents of the others kept
    "stray_byte.csv": (lambda: _csv(["Médecins Sans Frontières", *nga_row()[1:]],
                                    ["Caf\x00", *nga_row()[1:]]).replace(b"Caf\x00", b"Caf\xe9"),
                       Read(1, "rows that hold such bytes are rejected")),
    "windows_1252.csv": (lambda: csv_text([NGA_HEADER, NGA_HXL, ["Médecins", *nga_row()[1:]]])
                         .encode("cp1252"), Read(1, "so it was read as Windows-1252")),
}


def _csv(*rows: list) -> bytes:
    return csv_text([NGA_HEADER, NGA_HXL, *rows]).encode()
