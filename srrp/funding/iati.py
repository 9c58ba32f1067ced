"""IATI activities (XML, versions 2.0x) read as activity rows, their money kept honest.

The file is parsed with defusedxml: a DOCTYPE or an entity is refused, never expanded. Budgets
and transactions are in the activity's currency; they become US dollars only with a rate the
user states (``KRW=0.00085``), written in the row's note. Without a rate the amount stays in its
own currency, in the note, and ``budget_usd`` is left empty (not reported): a KRW figure is never
added to US dollars. Transaction types (incoming funds, commitment, disbursement, …) are
different figures and are totalled each on its own, never together.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from xml.etree.ElementTree import Element, ParseError

import defusedxml.ElementTree as safe_xml
import pandas as pd
import pycountry
from defusedxml import DefusedXmlException

from srrp.activities.table import COLUMNS
from srrp.files.sheets import Book, Sheet
from srrp.plan.tree import Source
from srrp.problems import InvalidData, Problem, Problems, did_you_mean

# IATI TransactionType codelist (2.0x)
TRANSACTION_TYPES = {
    "1": "incoming funds", "2": "outgoing commitment", "3": "disbursement", "4": "expenditure",
    "5": "interest payment", "6": "loan repayment", "7": "reimbursement",
    "8": "purchase of equity", "9": "sale of equity", "10": "credit guarantee",
    "11": "incoming commitment", "12": "outgoing pledge", "13": "incoming pledge",
}
FUNDING, IMPLEMENTING = "1", "4"  # IATI OrganisationRole codes
ADMIN1 = "1"  # IATI location administrative level of first-level areas
REVISED = "2"  # IATI BudgetType: a revised budget replaces the original one of its period
USD = "USD"
ACTIVITY_LINK = "https://d-portal.org/ctrack.html#view=act&aid={id}"


@dataclass(frozen=True)
class Money:
    amount: Decimal | None  # None: the file leaves the value empty (not reported)
    currency: str


@dataclass(frozen=True)
class Place:
    name: str | None
    admin1_pcode: str | None


@dataclass(frozen=True)
class Activity:
    identifier: str
    project: str
    publisher: str | None  # the reporting organisation
    donors: tuple[str, ...]
    implementers: tuple[str, ...]
    countries: tuple[str, ...]
    places: tuple[Place, ...]
    sectors: tuple[str, ...]
    budget: tuple[Money, ...]  # one a period: the revised budget where there is one
    transactions: tuple[tuple[str, Money], ...]  # (type code, money)
    start: str | None
    end: str | None
    file: str
    line: int | None


# --- rates --------------------------------------------------------------------------------

def parse_rates(texts: Iterable[str], where: str = "--rate") -> dict[str, Decimal]:
    """'KRW=0.00085' → {'KRW': Decimal('0.00085')}: US dollars for one unit of the currency."""
    rates, problems = {}, []
    for text in texts:
        code, _, value = str(text).partition("=")
        code = code.strip().upper()
        rate = _decimal(value)
        if not _is_currency(code):
            problems.append(_unknown_currency(code, where))
        elif rate is None or rate <= 0:
            problems.append(Problem("bad-rate", f"'{text}' has no rate: write the US dollars one "
                                    f"{code} is worth, e.g. --rate {code}=0.00085", where))
        else:
            rates[code] = rate
    if problems:
        raise InvalidData(problems)
    return rates


def _is_currency(code: str) -> bool:
    return bool(re.fullmatch(r"[A-Z]{3}", code)) and pycountry.currencies.get(
        alpha_3=code) is not None


def _unknown_currency(code: str, file: str, line: int | None = None) -> Problem:
    known = [c.alpha_3 for c in pycountry.currencies]
    return Problem("unknown-currency", f"'{code}' is not an ISO 4217 currency code"
                   f"{did_you_mean(code, known)}; write it as IATI does (KRW, EUR, USD)",
                   file, line, 1 if line else None)


def _decimal(text) -> Decimal | None:
    try:
        value = Decimal(str(text).strip())
    except (InvalidOperation, ValueError):
        return None
    return value if value.is_finite() else None


# --- reading ------------------------------------------------------------------------------

def parse_iati(raw: bytes, file: str) -> list[Activity]:
    """Every activity of an IATI activity file; InvalidData naming each problem's place."""
    root = _parse_xml(raw, file)
    if root.tag not in ("iati-activities", "iati-activity"):
        raise InvalidData([Problem("not-iati", f"the document is <{root.tag}>, not "
                                   "<iati-activities>: is this an IATI activity file?",
                                   file, 1, 1)])
    version = root.get("version", "")
    if version and not version.startswith("2.0"):
        raise InvalidData([Problem("iati-version", f"IATI version {version}: only 2.0x files "
                                   "are read; download the activities as IATI 2.0x XML", file,
                                   1, 1)])
    elements = [root] if root.tag == "iati-activity" else root.findall("iati-activity")
    lines = _activity_lines(raw)
    activities, problems = [], Problems()
    for i, element in enumerate(elements):
        with problems.caught():
            activities.append(_activity(element, file, lines[i] if i < len(lines) else None))
    problems.raise_any()
    return activities


def _parse_xml(raw: bytes, file: str) -> Element:
    try:
        return safe_xml.fromstring(raw, forbid_dtd=True)
    except DefusedXmlException:
        line = _line_of(raw, b"<!DOCTYPE") or _line_of(raw, b"<!ENTITY") or 1
        raise InvalidData([Problem(
            "unsafe-xml", "the file declares a DOCTYPE or entities, which are refused (they can "
            "expand without limit or read other files); IATI files have none: download the "
            "file again from its publisher", file, line, 1)]) from None
    except ParseError as err:
        line, col = err.position
        raise InvalidData([Problem("xml-syntax", f"{err.msg if hasattr(err, 'msg') else err}: "
                                   "is this an IATI XML file, and is it complete?", file, line,
                                   col + 1)]) from None


def _line_of(raw: bytes, needle: bytes) -> int | None:
    at = raw.find(needle)
    return None if at < 0 else raw[:at].count(b"\n") + 1


def _activity_lines(raw: bytes) -> list[int]:
    """The line each <iati-activity> starts on (ElementTree keeps no positions)."""
    return [raw[:m.start()].count(b"\n") + 1 for m in re.finditer(rb"<iati-activity[\s>]", raw)]


def _text(element: Element | None) -> str | None:
    """The narrative of an element (the first non-empty one), or None."""
    if element is None:
        return None
    for narrative in element.findall("narrative"):
        if (narrative.text or "").strip():
            return narrative.text.strip()
    return (element.text or "").strip() or None


def _activity(a: Element, file: str, line: int | None) -> Activity:
    identifier = (a.findtext("iati-identifier") or "").strip()
    if not identifier:
        raise InvalidData([Problem("missing-value", "the activity has no <iati-identifier>; "
                                   "every IATI activity has one", file, line, 1)])
    currency = a.get("default-currency", "")
    return Activity(
        identifier=identifier,
        project=_text(a.find("title")) or identifier,
        publisher=_text(a.find("reporting-org")),
        donors=_orgs(a, FUNDING),
        implementers=_orgs(a, IMPLEMENTING),
        countries=tuple(_iso3(c.get("code", "")) for c in a.findall("recipient-country")),
        places=tuple(_place(loc) for loc in a.findall("location")),
        sectors=tuple(_sector(s) for s in a.findall("sector")),
        budget=_budget(a, currency, file, line),
        transactions=tuple((_attr(t.find("transaction-type"), "code") or "",
                            _money(t.find("value"), currency, file, line))
                           for t in a.findall("transaction")),
        start=_date(a, ("2", "1")), end=_date(a, ("4", "3")),
        file=file, line=line)


def _attr(element: Element | None, name: str) -> str | None:
    return None if element is None else element.get(name)


def _orgs(a: Element, role: str) -> tuple[str, ...]:
    names = [_text(p) or p.get("ref") for p in a.findall("participating-org")
             if p.get("role") == role]
    return tuple(dict.fromkeys(n for n in names if n))


def _iso3(alpha2: str) -> str:
    country = pycountry.countries.get(alpha_2=alpha2.strip().upper())
    return country.alpha_3 if country else alpha2


def _place(location: Element) -> Place:
    admin = [x for x in location.findall("administrative")
             if x.get("level", ADMIN1) == ADMIN1 and x.get("code")]
    return Place(_text(location.find("name")), admin[0].get("code") if admin else None)


def _sector(sector: Element) -> str:
    name = _text(sector)
    return f"{sector.get('code', '')} {name}".strip() if name else sector.get("code", "")


def _date(a: Element, types: tuple[str, ...]) -> str | None:
    """The actual date where given, else the planned one (IATI ActivityDateType codes)."""
    for kind in types:
        for d in a.findall("activity-date"):
            if d.get("type") == kind and d.get("iso-date"):
                return d.get("iso-date")[:10]
    return None


def _money(value: Element | None, currency: str, file: str, line: int | None) -> Money:
    code = (_attr(value, "currency") or currency).strip().upper()
    if not _is_currency(code):
        raise InvalidData([_unknown_currency(code or "(none)", file, line)])
    text = (value.text or "").strip() if value is not None else ""
    amount = _decimal(text) if text else None
    if text and amount is None:
        raise InvalidData([Problem("bad-amount", f"'{value.text if value is not None else ''}'"
                                   " is not an amount; IATI writes values as digits (1500000.00)",
                                   file, line, 1)])
    return Money(amount, code)


def _budget(a: Element, currency: str, file: str, line: int | None) -> tuple[Money, ...]:
    """One budget a period: a revised budget replaces the original of the same period."""
    by_period: dict[tuple, tuple[str, Money]] = {}
    for b in a.findall("budget"):
        period = (_attr(b.find("period-start"), "iso-date"),
                  _attr(b.find("period-end"), "iso-date"))
        kind = b.get("type", "1")
        if period not in by_period or kind == REVISED:
            by_period[period] = (kind, _money(b.find("value"), currency, file, line))
    return tuple(money for _, money in by_period.values())


# --- activity rows ------------------------------------------------------------------------

def totals(moneys: Iterable[Money]) -> dict[str, Decimal]:
    """Amounts added up per currency, never across currencies."""
    result: dict[str, Decimal] = {}
    for m in moneys:
        if m.amount is None:
            continue
        result[m.currency] = result.get(m.currency, Decimal(0)) + m.amount
    return result


def in_usd(money: dict[str, Decimal], rates: dict[str, Decimal]) -> int | None:
    """The total in whole US dollars, or None when a currency has no stated rate."""
    if not money or any(c != USD and c not in rates for c in money):
        return None
    return int(round(sum(a * (Decimal(1) if c == USD else rates[c]) for c, a in money.items())))


def _money_note(label: str, money: dict[str, Decimal], rates: dict[str, Decimal]) -> str:
    parts = []
    for currency, amount in money.items():
        text = f"{currency} {amount:,.0f}"
        if currency == USD:
            parts.append(text)
        elif currency in rates:
            parts.append(f"{text} = USD {amount * rates[currency]:,.0f} at the stated rate "
                         f"{currency}={rates[currency]}")
        else:
            parts.append(f"{text} (no rate stated: not in USD)")
    return f"{label} " + " + ".join(parts)


def activity_note(activity: Activity, rates: dict[str, Decimal]) -> str:
    """What the row cannot hold in columns: implementers, sectors, money by kind."""
    parts = [f"IATI activity {activity.identifier} "
             f"({ACTIVITY_LINK.format(id=activity.identifier)})"]
    if activity.budget:
        parts.append(_money_note("budget", totals(activity.budget), rates))
    for code in sorted({c for c, _ in activity.transactions}, key=lambda c: int(c or 0)):
        money = totals(m for c, m in activity.transactions if c == code)
        parts.append(_money_note(TRANSACTION_TYPES.get(code, f"transaction type {code}"),
                                 money, rates))
    return "; ".join(parts)


def source_id(activity: Activity) -> str:
    return f"iati-{activity.identifier}"


def activity_source(activity: Activity) -> Source:
    """The plan's source entry for an activity: its publisher and where to read it."""
    return Source(id=source_id(activity), title=f"IATI activity {activity.identifier}: "
                  f"{activity.project}", publisher=activity.publisher,
                  url=ACTIVITY_LINK.format(id=activity.identifier))


def activity_rows(activities: Iterable[Activity], country: str,
                  rates: dict[str, Decimal]) -> pd.DataFrame:
    """Activity rows (the columns of srrp.activities.table) of the activities in ``country``: one a
    place, or one for the country when the activity names no place. Empty means not reported."""
    rows = []
    for activity in activities:
        if country.upper() not in activity.countries:
            continue
        base = {
            "country_iso3": country.upper(), "project": activity.project,
            "donor": "; ".join(activity.donors) or None,
            "implementer": "; ".join(activity.implementers) or None,
            "sector": "; ".join(activity.sectors) or None,
            "start": activity.start, "end": activity.end,
            "budget_usd": in_usd(totals(activity.budget), rates),
            "source": source_id(activity),
            "note": activity_note(activity, rates),
        }
        for place in activity.places or (Place(None, None),):
            rows.append({**base, "location": place.name, "admin1_pcode": place.admin1_pcode})
    return pd.DataFrame(rows, columns=list(COLUMNS))


# --- through the import -----------------------------------------------------------------------

IATI_SHEET = "(IATI activities)"


def looks_like_iati(raw: bytes) -> bool:
    """XML, as IATI files are: the import then reads it as activities, not as a sheet."""
    head = raw[:2000].lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith(b"<?xml") or head.startswith(b"<iati-activit")


def iati_book(raw: bytes, file: str, country: str | None,
              rates: dict[str, Decimal]) -> Book:
    """The activities of ``country`` as a sheet in the activity format (its header and HXL
    rows first), for the import to read like any 3W file."""
    activities = parse_iati(raw, file)
    iso3 = (country or _main_country(activities, file)).upper()
    # the import makes its own record the rows' source; the activity's link is in the note
    rows = activity_rows(activities, iso3, rates).drop(columns="source")
    grid = [tuple(rows.columns), tuple(COLUMNS[c] for c in rows.columns),
            *(tuple("" if pd.isna(v) else v for v in row) for row in rows.itertuples(index=False))]
    others = sum(iso3 not in a.countries for a in activities)
    notes = [f"{len(activities)} IATI activities read; {others} are not in {iso3} and are left "
             "out"] if others else []
    return Book(file, "iati", [IATI_SHEET], notes=notes, _csv=Sheet(IATI_SHEET, grid))


def _main_country(activities: list[Activity], file: str) -> str:
    countries = {c for a in activities for c in a.countries}
    if len(countries) != 1:
        raise InvalidData([Problem("unknown-country", "the activities are in "
                                   f"{', '.join(sorted(countries)) or 'no country'}: choose "
                                   "one with --country ISO3", file)])
    return countries.pop()
