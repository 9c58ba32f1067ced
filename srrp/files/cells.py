"""Cells read as people write them: numbers with separators, spreadsheet error cells, dates as
ISO text, Excel serial numbers or day/month text.

Each reader returns a ``Read``: the clean value (None when not reported), and, when the cell
was not clean, a code and a message. A cell that says nothing (empty, ``N/A``, ``#VALUE!``) is
*not reported*, never zero.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

# Cells that state no figure. Spreadsheet errors mean a formula failed: the figure is unknown.
ERRORS = {"#VALUE!", "#N/A", "#REF!", "#DIV/0!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!",
          "#CALC!", "#GETTING_DATA"}
NOT_REPORTED = {"n/a", "na", "n.a.", "nd", "n/d", "-", "--", "—", "?", "...", "…", "none",
                "null", "nan", "s/d", "sd", "ne", "nr"}
DAY_FIRST, MONTH_FIRST = "dmy", "mdy"
SILENT_CODES = frozenset({"error-cell", "not-reported"})  # a cell that states no figure
EXCEL_EPOCH = dt.date(1899, 12, 30)  # Excel's day 0 (1900 system, after its 1900 leap-year bug)
YEARS = range(1950, 2100)  # activity dates: a year outside is a typing slip (0201 for 2021)
SERIALS = range(18264, 73051)  # 1950-01-01 … 2099-12-31 as Excel serials: plausible activity dates
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009']")
_GROUPED = re.compile(r"\d{1,3}([,.]\d{3})+")
_DECIMAL = re.compile(r"\d+([.,]\d+)?")
_ISO = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?:[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?)?")
_DMY = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})")
_NAMED = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?[ /.\-]+(?:de )?([^\W\d_]+)\.?[ /.\-,]+(?:de )?"
                    r"(\d{2}|\d{4})")
# the first letters of month names in English, French, Spanish and Portuguese
MONTHS = {word: number for names in ("jan feb mar apr may jun jul aug sep oct nov dec",
                                     "jan fev mar avr mai juin juil aou sep oct nov dec",
                                     "ene feb mar abr may jun jul ago sep oct nov dic",
                                     "jan fev mar abr mai jun jul ago set out nov dez")
          for number, word in enumerate(names.split(), 1)}



@dataclass(frozen=True)
class Read:
    value: object = None  # None: not reported
    code: str | None = None  # set when the cell needs a word: a warning or an error
    message: str = ""
    error: bool = False  # True: the row cannot be accepted as written


def blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def text(value: object) -> str:
    """A cell as text: whole numbers without '.0', dates as ISO, spaces trimmed."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return " ".join(str(value).split())


def _silent(value: object) -> Read | None:
    """A Read for cells that state no figure, or None when the cell has something to read."""
    if blank(value):
        return Read()
    written = text(value)
    if written.upper() in ERRORS:
        return Read(None, "error-cell", f"the cell holds the spreadsheet error {written}: "
                    "read as not reported")
    if written.casefold() in NOT_REPORTED:
        return Read(None, "not-reported", f"'{written}' read as not reported")
    return None


def count(value: object) -> Read:
    """A whole number of at least 0: people, households, US dollars."""
    silent = _silent(value)
    if silent is not None:
        return silent
    if isinstance(value, bool):
        return _bad_count(value)
    if isinstance(value, int | float):
        return Read(int(value)) if value >= 0 and float(value).is_integer() else \
            _bad_count(value)
    written = _SPACES.sub("", str(value))
    if _GROUPED.fullmatch(written):  # 12,500 / 1.200 / 1 200: thousands, not decimals
        return Read(int(re.sub(r"\D", "", written)))
    if _DECIMAL.fullmatch(written):
        number = float(written.replace(",", "."))
        return Read(int(number)) if number.is_integer() else _bad_count(value)
    return _bad_count(value)


def _bad_count(value: object) -> Read:
    return Read(None, "bad-number", f"'{text(value)}' is not a whole number of at least 0",
                error=True)


def share(value: object) -> Read:
    """A percentage from 0 to 100 (a spreadsheet's 0.45 formatted as 45 % is read as 45)."""
    silent = _silent(value)
    if silent is not None:
        return silent
    written = _SPACES.sub("", text(value)).rstrip("%")
    if isinstance(value, float) and 0 <= value <= 1 and not value.is_integer():
        return Read(round(value * 100, 1))
    if _DECIMAL.fullmatch(written) and float(written.replace(",", ".")) <= 100:
        return Read(round(float(written.replace(",", ".")), 1))
    return Read(None, "bad-share", f"'{text(value)}' is not a percentage from 0 to 100",
                error=True)


def date_order(values: list[object]) -> tuple[str | None, int, int, int]:
    """The order of day and month in a column of dates written as text, decided from its
    unambiguous dates (a first number above 12 is a day, a second above 12 is too): the order,
    or None when no date settles it; how many dates say day-first and month-first; and how
    many are written as numbers this way at all."""
    day_first = month_first = written = 0
    for value in values:
        match = _DMY.fullmatch(text(value)) if isinstance(value, str) else None
        if match:
            written += 1
            first, second = int(match.group(1)), int(match.group(2))
            day_first += first > 12 >= second
            month_first += second > 12 >= first
    if day_first != month_first:  # the few that say otherwise are slips, read as bad dates
        return DAY_FIRST if day_first > month_first else MONTH_FIRST, day_first, month_first, \
            written
    return None, day_first, month_first, written


def date(value: object, order: str = DAY_FIRST) -> Read:
    """A date as ISO text as precise as written (YYYY, YYYY-MM or YYYY-MM-DD)."""
    silent = _silent(value)
    if silent is not None:
        return silent
    if isinstance(value, dt.datetime | dt.date):
        return Read((value.date() if isinstance(value, dt.datetime) else value).isoformat())
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _serial(value)
    written = text(value)
    if written.isdigit() and len(written) == 5:
        return _serial(int(written))
    return _iso(written) or _day_month(written, order) or _month_named(written) or \
        _bad_date(written)


def _serial(number: float) -> Read:
    if int(number) in SERIALS:
        return Read((EXCEL_EPOCH + dt.timedelta(days=int(number))).isoformat())
    if 1950 <= number <= 2099 and float(number).is_integer():
        return Read(str(int(number)))  # a year
    return _bad_date(text(number))


def _iso(written: str) -> Read | None:
    match = _ISO.fullmatch(written)
    if not match:
        return None
    year, month, day = match.group(1), match.group(2), match.group(3)
    if int(year) not in YEARS:
        return _implausible(written)
    if month is None:
        return Read(year)
    if day is None:
        return Read(f"{year}-{int(month):02d}") if 1 <= int(month) <= 12 else None
    return _real(int(year), int(month), int(day), written)


def _day_month(written: str, order: str) -> Read | None:
    match = _DMY.fullmatch(written)
    if not match:
        return None
    first, second, year = (int(g) for g in match.groups())
    year += 2000 if year < 100 else 0  # '28/03/19': activity dates are this century's
    day, month = (first, second) if order == DAY_FIRST else (second, first)
    return _real(year, month, day, written)


def _month_named(written: str) -> Read | None:
    """'14/June/19', '3 avril 2021', '5-ene-2021': the month's name settles the order."""
    match = _NAMED.fullmatch(written)
    word = plain_month(match.group(2)) if match else ""
    month = MONTHS.get(word[:4]) or MONTHS.get(word[:3])
    if month is None:
        return None
    year = int(match.group(3))
    return _real(year + (2000 if year < 100 else 0), month, int(match.group(1)), written)


def plain_month(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _real(year: int, month: int, day: int, written: str) -> Read:
    if year not in YEARS:
        return _implausible(written)
    try:
        return Read(dt.date(year, month, day).isoformat())
    except ValueError:
        return _bad_date(written)


def _implausible(written: str) -> Read:
    """'0201-12-31': a real calendar date, but no activity's (a year typed short)."""
    return Read(None, "bad-date", f"'{written}' is not a plausible activity date (years "
                f"{YEARS.start}–{YEARS.stop - 1}): read as not reported")


def _bad_date(written: str) -> Read:
    return Read(None, "bad-date", f"'{written}' is not a date this reader knows (write "
                "YYYY-MM-DD): read as not reported")
