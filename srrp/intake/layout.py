"""Where a sheet's table starts: its header row, its HXL hashtag row, and what sits above them.

People put titles, legends, totals, WHO/WHAT/WHERE bands and a second language's header above
the column names; the HXL row may be repeated, or stand alone with no header above it. The
header may sit anywhere in the first 20 rows; every row skipped is named, with what it looks
like, so that the user can tell the right row was taken.
"""

from __future__ import annotations

from dataclasses import dataclass

from srrp.files.cells import ERRORS, blank, text
from srrp.intake.mapping import field_by_words, hashtag

SEARCHED = 20  # rows searched for the header
_LEGEND = ("legend", "legenda", "légende", "leyenda", "key")


@dataclass(frozen=True)
class Column:
    index: int  # 0-based position in the row
    header: str  # unique: a repeated or empty header is told apart by its column letter
    tag: str | None  # the HXL hashtag, written the one way


@dataclass(frozen=True)
class Layout:
    columns: tuple[Column, ...]
    header_row: int | None  # 1-based; None when the hashtags name the columns
    hxl_row: int | None
    first_data_row: int  # 1-based
    skipped: tuple[tuple[int, str], ...]  # rows above the data that were not read, and why

    @property
    def headers(self) -> list[str]:
        return [c.header for c in self.columns]

    @property
    def tags(self) -> list[str | None]:
        return [c.tag for c in self.columns]

    def describe(self) -> str:
        where = f"row {self.header_row}" if self.header_row else "none (the HXL row names them)"
        hxl = f"; HXL hashtags on row {self.hxl_row}" if self.hxl_row else ""
        return f"column names: {where}{hxl}; data from row {self.first_data_row}"


def is_hxl_row(row: tuple) -> bool:
    """Most filled cells are hashtags (at least two): a stray '#VALUE!' is no HXL row."""
    filled = [c for c in row if not blank(c)]
    tags = sum(hashtag(c) is not None for c in filled)
    return tags >= 2 and tags * 2 > len(filled)


def find_layout(rows: list[tuple], header_row: int | None = None) -> Layout:
    """The layout of a sheet from its first rows; ``header_row`` (1-based) when the user says."""
    top = rows[:SEARCHED + 2]
    hxl = next((i for i, row in enumerate(top) if is_hxl_row(row)), None)
    if header_row is not None:
        header = header_row - 1
        hxl = header + 1 if header + 1 < len(top) and is_hxl_row(top[header + 1]) else None
    elif hxl is not None:
        header = _header_above(top, hxl)
    else:
        header = _best_header(top[:SEARCHED])
    data = (hxl if hxl is not None else header) + 1
    while data < len(rows) and is_hxl_row(rows[data]):  # a repeated HXL row
        data += 1
    return Layout(_columns(rows, header, hxl), None if header is None else header + 1,
                  None if hxl is None else hxl + 1, data + 1, _skipped(rows, header, hxl, data))


def _header_above(rows: list[tuple], hxl: int) -> int | None:
    """The row right above the HXL row, when it holds column names (text, not a band)."""
    if hxl == 0:
        return None
    above = rows[hxl - 1]
    names = sum(isinstance(c, str) and not blank(c) for c in above)
    tags = sum(not blank(c) for c in rows[hxl])
    return hxl - 1 if names * 2 >= tags else None


def _best_header(rows: list[tuple]) -> int:
    """The row whose cells most look like column names: most header words, then most text."""
    def score(i: int) -> tuple[int, int, int]:
        cells = [c for c in rows[i] if isinstance(c, str) and not blank(c)]
        return (sum(field_by_words(c)[0] is not None for c in cells), len(cells), -i)

    return max(range(len(rows)), key=score) if rows else 0


def _columns(rows: list[tuple], header: int | None, hxl: int | None) -> tuple[Column, ...]:
    names = rows[header] if header is not None and header < len(rows) else ()
    tags = rows[hxl] if hxl is not None else ()
    width = max(len(names), len(tags))
    columns, seen, merged = [], set(), ""
    for i in range(width):
        name = text(names[i]) if i < len(names) else ""
        tag = hashtag(tags[i]) if i < len(tags) else None
        raw_tag = text(tags[i]) if i < len(tags) else ""
        if name:
            label = merged = name
        elif tag and merged:  # under a merged header cell, which names only its first column
            label = f"{merged} ({_letter(i)})"
        elif raw_tag:  # no header above: the hashtag (or the note in its place) names it
            label = raw_tag
        else:
            continue
        if label in seen:
            label = f"{label} ({_letter(i)})"
        seen.add(label)
        columns.append(Column(i, label, tag))
    return tuple(columns)


def _letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _skipped(rows: list[tuple], header: int | None, hxl: int | None,
             data: int) -> tuple[tuple[int, str], ...]:
    table_rows = {r for r in (header, hxl) if r is not None}
    return tuple((i + 1, _looks_like(rows[i], rows[header] if header is not None else ()))
                 for i in range(data) if i not in table_rows and rows[i])


def _looks_like(row: tuple, header: tuple) -> str:
    """What a row above the table looks like, in words, for the report."""
    filled = [c for c in row if not blank(c)]
    words = [text(c) for c in filled if isinstance(c, str) and text(c).upper() not in ERRORS]
    first = f"'{words[0][:40]}'" if words else ""
    if is_hxl_row(row):
        return "a repeated HXL row"
    if any(plain_word in text(c).casefold() for c in filled[:2] for plain_word in _LEGEND):
        return f"a legend ({first})"
    if len(filled) == 1:
        return f"a title ({first})" if words else "a lone figure"
    if len(words) * 2 < len(filled):
        return "totals"
    if header and len(filled) * 5 >= 4 * len([c for c in header if not blank(c)]):
        return f"column names in another language ({first}…)"
    return f"a band of headings ({', '.join(words[:4])})"
