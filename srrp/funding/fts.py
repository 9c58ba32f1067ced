"""Funding flows from OCHA's Financial Tracking Service (FTS), read as contributions.

FTS publishes flows as a CSV export (one row a flow) and through its API (``flow/custom-search``,
JSON pages linked by ``meta.nextLink``). Both are read into the same ``Flow``; several files given
together are one list, and a flow id read twice is counted once. Which flows count follows FTS's
own totals (docs/fts.md): incoming flows on a single boundary, paid or committed; pledges are
shown, never counted; every other flow read is listed as skipped with its amount and reason.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pycountry

from srrp.files.sheets import csv_rows
from srrp.files.yamlsource import decode
from srrp.formatting import usd
from srrp.plan.tree import Contribution, Plan, Source
from srrp.problems import InvalidData, Problem, Problems
from srrp.scenarios.adding import Addition
from srrp.words import NOT_REPORTED  # the donor of some carry-over flows

FLOW_LINK = "https://fts.unocha.org/flows/{id}"
PUBLISHER = "OCHA Financial Tracking Service (FTS)"
MAX_BYTES = 200_000_000
MAX_JSON_DEPTH = 64  # levels of arrays and objects in an API page; FTS's own pages nest 6
_BRACKET = np.zeros(256, np.int8)
_BRACKET[[ord("["), ord("{")]], _BRACKET[[ord("]"), ord("}")]] = 1, -1
_JSON_MARK = _BRACKET != 0
_JSON_MARK[[ord('"'), ord("\\")]] = True
CSV_COLUMNS = ("id", "amountUSD", "srcOrganization", "destOrganization", "destEmergency",
               "destLocations", "destUsageYearStart", "destUsageYearEnd", "status", "flowType",
               "boundary", "onBoundary", "date", "decisionDate")
# FTS status → ours: commitments and paid contributions are funding, pledges are not (yet)
STATUS = {"paid": "confirmed", "commitment": "confirmed", "pledge": "pledged"}
# Country names FTS writes that ISO 3166 spells otherwise
FTS_COUNTRY_NAMES = {"occupied palestinian territory": "PSE"}


@dataclass(frozen=True)
class Flow:
    """One FTS flow, as the file gives it; ``line`` is where it starts (CSV) or None (JSON)."""

    id: str
    donor: str
    recipients: tuple[str, ...]
    amount: int
    date: str | None
    status: str
    countries: tuple[str, ...]
    emergencies: tuple[str, ...]
    years: tuple[int, ...]
    flow_type: str
    boundary: str
    on_boundary: str
    file: str
    line: int | None = None

    @property
    def link(self) -> str:
        return FLOW_LINK.format(id=self.id)


@dataclass(frozen=True)
class Selection:
    """Which flows to take; text matches ignore case, spaces and punctuation."""

    recipient: str | None = None
    emergency: str | None = None
    year: int | None = None
    country: str | None = None


@dataclass(frozen=True)
class Skipped:
    flow: Flow
    reason: str


@dataclass
class Funding:
    """The flows chosen, each either a contribution (confirmed or pledged) or skipped."""

    flows: int = 0
    counted: list[Flow] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)

    def total(self, status: str) -> int:
        return sum(f.amount for f in self.counted if STATUS[f.status] == status)


# --- reading -------------------------------------------------------------------------------

def read_flows(paths: Iterable[Path], names: Iterable[str] | None = None) -> list[Flow]:
    """Every flow of every file, in order; InvalidData naming every problem of every file."""
    paths = list(paths)
    names = list(names) if names is not None else [str(p) for p in paths]
    flows, problems = [], Problems()
    for path, name in zip(paths, names, strict=True):
        with problems.caught():
            flows += parse_flows(_read_bytes(Path(path), name), name)
    problems.raise_any()
    return flows


def _read_bytes(path: Path, name: str) -> bytes:
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise InvalidData([Problem("too-large", f"the file is {size:,} bytes, more than the "
                                   f"{MAX_BYTES:,} allowed; is it the right file?", name)])
    return path.read_bytes()


def looks_like_fts(raw: bytes) -> bool:
    """An FTS file by its content: an API page, or a CSV whose header names FTS's columns."""
    head = raw[:4000].decode("utf-8", errors="ignore").lstrip("\ufeff \t\r\n")
    if head.startswith("{"):
        return '"flows"' in head or '"data"' in head
    first = head.split("\n", 1)[0]
    return all(column in first for column in ("amountUSD", "srcOrganization", "destOrganization"))


def parse_flows(raw: bytes, file: str) -> list[Flow]:
    """The flows of one FTS file: an API page when it starts with '{', else the CSV export."""
    text = decode(raw, file)
    if text.lstrip().startswith("{"):
        _refuse_deep(raw, file)
        return _json_flows(text, file)
    return _csv_flows(text, file)


def _refuse_deep(raw: bytes, file: str) -> None:
    """InvalidData when the JSON nests arrays and objects more than MAX_JSON_DEPTH deep, found
    before parsing: Python's parser recurses once a level, and fails past about 1,000 levels
    with a RecursionError. Brackets inside strings do not count. Counted with numpy on the
    bytes that matter (quotes, backslashes, brackets; UTF-8 never uses them inside another
    character): a fraction of what parsing the page costs."""
    data = np.frombuffer(raw, np.uint8)
    where = np.flatnonzero(_JSON_MARK[data])
    kinds = data[where]
    quotes = (kinds == ord('"')) & ~_escaped(where, kinds)
    inside = np.bitwise_xor.accumulate(quotes.view(np.uint8)).astype(bool)  # within a string
    depth = np.cumsum(np.where(inside, 0, _BRACKET[kinds]), dtype=np.int32)
    if len(depth) and depth.max() > MAX_JSON_DEPTH:
        at = int(where[np.argmax(depth > MAX_JSON_DEPTH)])
        line = raw.count(b"\n", 0, at) + 1
        column = at - (raw.rfind(b"\n", 0, at) + 1) + 1
        raise InvalidData([Problem(
            "too-deep", f"arrays and objects are nested more than {MAX_JSON_DEPTH} levels deep "
            "(an FTS page nests 7): is it the right file? Download the page again from FTS's "
            "API", file, line, column)])


def _escaped(where: np.ndarray, kinds: np.ndarray) -> np.ndarray:
    """Which of the marks are escaped quotes: those right after an odd number of backslashes.
    Most quotes follow no backslash, so only the few that do are followed back."""
    after_backslash = np.zeros(len(kinds), bool)
    after_backslash[1:] = (kinds[:-1] == ord("\\")) & (np.diff(where) == 1)
    escaped = np.zeros(len(kinds), bool)
    running, back = np.flatnonzero((kinds == ord('"')) & after_backslash), 1
    while len(running):
        escaped[running] ^= True
        back += 1
        running = running[running >= back]
        before = running - back
        running = running[(kinds[before] == ord("\\")) & (where[running] - where[before] == back)]
    return escaped


def _csv_flows(text: str, file: str) -> list[Flow]:
    records = csv_rows(io.StringIO(text, newline=""), file)
    _, header = next(records, (1, None))
    if not header or not any(h.strip() for h in header):
        raise InvalidData([Problem("empty-file", "the file is empty: an FTS export starts with "
                                   "its header row (id, amountUSD, srcOrganization, …)", file, 1)])
    header = [h.strip() for h in header]
    _need_columns(header, file)
    flows, problems = [], Problems()
    with problems.caught():  # a cell too long, or a quote never closed: the rest is unread
        for start, cells in records:
            if any(c.strip() for c in cells):
                with problems.caught():
                    flows.append(_csv_flow(_cells_of(header, cells, file, start), file, start))
    problems.raise_any()
    return flows


def _cells_of(header: list[str], cells: list[str], file: str, line: int) -> dict[str, str]:
    """A row's cells by column; InvalidData when it stops before a column a flow needs (a
    line break in a cell that is not quoted ends the row there)."""
    missing = [c for c in header[len(cells):] if c in CSV_COLUMNS]
    if missing:
        raise InvalidData([Problem(
            "csv-syntax", f"this row has {len(cells)} cells and the header {len(header)}: it "
            f"stops before {missing[0]}. A line break inside a cell that is not in quotes ends "
            "a row; download the export again, or put that cell in quotes", file, line, 1)])
    return dict(zip(header, cells, strict=False))


def _need_columns(header: list[str], file: str) -> None:
    missing = [c for c in CSV_COLUMNS if c not in header]
    if missing:
        raise InvalidData([Problem(
            "missing-column", f"the header must name {', '.join(missing)}: is this FTS's "
            "'incoming funding' CSV export? Download it again from the flows table", file, 1,
            1)])


def _csv_flow(row: dict[str, str], file: str, line: int) -> Flow:
    where = _Where(file, line, list(row))
    years = [_year(row[k], where, k) for k in ("destUsageYearStart", "destUsageYearEnd")]
    span = range(years[0], years[1] + 1) if None not in years else ()
    return Flow(
        id=where.need(row, "id"),
        donor=row["srcOrganization"].strip() or NOT_REPORTED,
        recipients=tuple(x for x in [row["destOrganization"].strip()] if x),
        amount=_amount(row["amountUSD"], where),
        date=_day(row["decisionDate"]) or _day(row["date"]),
        status=_status(row["status"], where),
        countries=_split(row["destLocations"]),
        emergencies=tuple(x for x in [row["destEmergency"].strip()] if x),
        years=tuple(span),
        flow_type=row["flowType"].strip(),
        boundary=row["boundary"].strip(),
        on_boundary=row["onBoundary"].strip(),
        file=file, line=line)


@dataclass(frozen=True)
class _Where:
    """Places a problem on the flow's line and, in a CSV, the column of its field."""

    file: str
    line: int | None
    header: list[str]

    def problem(self, code: str, key: str, message: str) -> InvalidData:
        col = self.header.index(key) + 1 if key in self.header else None
        return InvalidData([Problem(code, message, self.file, self.line,
                                    col if self.line else None)])

    def need(self, row: dict, key: str) -> str:
        value = str(row.get(key) or "").strip()
        if not value:
            raise self.problem("missing-value", key, f"the flow has no {key}; every FTS flow "
                               "has one: is the file cut short?")
        return value


def _amount(value, where: _Where) -> int:
    """Whole US dollars, as FTS writes them: digits (a JSON number or CSV text)."""
    text = str(value if value is not None else "").strip()
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    if re.fullmatch(r"\d+(\.0+)?", text):
        return int(text.split(".")[0])
    raise where.problem("bad-amount", "amountUSD", f"amountUSD '{text}' is not an amount: FTS "
                        "writes whole US dollars as digits only (e.g. 606796); re-export the "
                        "file from FTS rather than editing it in a spreadsheet")


def _year(value: str, where: _Where, key: str) -> int | None:
    text = str(value or "").strip()
    if not text:
        return None
    if not re.fullmatch(r"\d{4}", text):
        raise where.problem("bad-year", key, f"{key} '{text}' is not a year (YYYY)")
    return int(text)


def _status(value: str, where: _Where) -> str:
    status = str(value or "").strip().lower()
    if status not in STATUS:
        raise where.problem("bad-status", "status", f"status '{value}' is not one of FTS's: "
                            "paid, commitment or pledge")
    return status


def _day(value) -> str | None:
    """The date part of an FTS date or timestamp ('2020-11-23T00:00:00Z' → '2020-11-23')."""
    text = str(value or "").strip()
    return text[:10] if re.match(r"\d{4}-\d{2}-\d{2}", text) else None


def _split(value: str) -> tuple[str, ...]:
    """A multi-valued CSV field ('JOR,PSE'). Organisation names hold commas ('Canada,
    Government of') and are never split."""
    return tuple(v.strip() for v in str(value or "").split(",") if v.strip())


def _json_flows(text: str, file: str) -> list[Flow]:
    try:
        page = json.loads(text)
    except json.JSONDecodeError as err:
        raise InvalidData([Problem("json-syntax", f"{err.msg}: is the download complete?",
                                   file, err.lineno, err.colno)]) from None
    flows = (page.get("data") or {}).get("flows") if isinstance(page, dict) else None
    if not isinstance(flows, list):
        raise InvalidData([Problem(
            "not-fts", "no 'data.flows' list: this is not a page of FTS's flow/custom-search "
            "API (save the page the API returns for /v1/public/fts/flow/custom-search)", file,
            1, 1)])
    problems, result = Problems(), []
    for number, flow in enumerate(flows, 1):
        with problems.caught():
            result.append(_json_flow(flow, file, number))
    problems.raise_any()
    return result


def _json_flow(flow, file: str, number: int) -> Flow:
    where = _Where(f"{file}: flow {number}", None, [])
    if not isinstance(flow, dict):
        raise InvalidData([Problem("not-fts", "a flow is not an object", where.file)])
    dest = _objects(flow.get("destinationObjects"))
    source = _objects(flow.get("sourceObjects"))
    years = [int(y) for y in dest.get("UsageYear", []) if str(y).isdigit()]
    return Flow(
        id=where.need(flow, "id"),
        donor=", ".join(source.get("Organization", [])) or NOT_REPORTED,
        recipients=tuple(dest.get("Organization", [])),
        amount=_amount(flow.get("amountUSD"), where),
        date=_day(flow.get("decisionDate")) or _day(flow.get("date")),
        status=_status(flow.get("status"), where),
        countries=tuple(_iso3(name) for name in dest.get("Location", [])),
        emergencies=tuple(dest.get("Emergency", [])),
        years=tuple(sorted(years)),
        flow_type=str(flow.get("flowType") or ""),
        boundary=str(flow.get("boundary") or ""),
        on_boundary=str(flow.get("onBoundary") or ""),
        file=file)


def _objects(objects) -> dict[str, list[str]]:
    """The API's typed objects by type: {'Organization': [names], 'Location': [...], …}."""
    result: dict[str, list[str]] = {}
    for obj in objects if isinstance(objects, list) else []:
        if isinstance(obj, dict) and obj.get("name"):
            result.setdefault(str(obj.get("type")), []).append(str(obj["name"]))
    return result


def _iso3(name: str) -> str:
    """ISO 3166 alpha-3 for a country the API names; the name itself when ISO has no match."""
    known = FTS_COUNTRY_NAMES.get(name.strip().lower())
    if known:
        return known
    try:
        return pycountry.countries.lookup(name).alpha_3
    except LookupError:
        return name


# --- choosing and counting ----------------------------------------------------------------

def squeeze(text: str) -> str:
    """Text for matching: lower case, letters and digits only ('COVID -19' → 'covid19')."""
    return re.sub(r"[\W_]+", "", str(text).casefold())


def _initials(name: str) -> str:
    """'International Organization for Migration' → 'iom': coordinators type the acronym."""
    return "".join(w[0] for w in re.findall(r"\w+", name) if w[0].isupper()).casefold()


def text_matches(query: str, values: Iterable[str]) -> bool:
    want = squeeze(query)
    return any(want in squeeze(v) or want == _initials(v) for v in values)


def chosen(flow: Flow, selection: Selection) -> bool:
    s = selection
    return ((s.recipient is None or text_matches(s.recipient, flow.recipients))
            and (s.emergency is None or text_matches(s.emergency, flow.emergencies))
            and (s.year is None or s.year in flow.years)
            and (s.country is None or s.country.upper() in flow.countries))


def funding(flows: Iterable[Flow], selection: Selection | None = None) -> Funding:
    """The chosen flows, each counted or skipped by FTS's rules (docs/fts.md)."""
    result, seen, selection = Funding(), {}, selection or Selection()
    for flow in flows:
        if not chosen(flow, selection):
            continue
        result.flows += 1
        reason = skip_reason(flow, seen.get(flow.id))
        if reason:
            result.skipped.append(Skipped(flow, reason))
        else:
            result.counted.append(flow)
        seen.setdefault(flow.id, flow)
    return result


def skip_reason(flow: Flow, first: Flow | None) -> str | None:
    """Why FTS's totals leave this flow out, or None when it counts."""
    if first is not None:
        return f"the same flow as {_place(first)}: counted once"
    if flow.boundary and flow.boundary != "incoming":
        return (f"an {flow.boundary} flow: FTS counts money where it enters the boundary "
                "(incoming), not again as it moves inside or out")
    if flow.on_boundary == "shared":
        return (f"shared between {_destinations(flow)} with no breakdown: FTS lists it but "
                "counts it in none of their totals")
    if flow.amount == 0:
        return "amount 0: a placeholder with no money"
    return None


def _destinations(flow: Flow) -> str:
    """What a shared flow is shared between, as FTS gives it."""
    if len(flow.countries) > 1:
        return "countries " + ", ".join(flow.countries)
    if len(flow.years) > 1:
        return f"usage years {flow.years[0]}–{flow.years[-1]}"
    return "several destinations"


def _place(flow: Flow) -> str:
    return f"{flow.file}:{flow.line}" if flow.line else flow.file


def flow_note(flow: Flow) -> str:
    """The row's note: what FTS says of the flow, for those who check it."""
    kind = {"paid": "paid contribution", "commitment": "commitment", "pledge": "pledge"}
    parts = [f"FTS flow {flow.id}: {kind[flow.status]}"]
    if flow.flow_type and flow.flow_type != "Standard":
        parts.append(f"flow type {flow.flow_type}")
    if flow.recipients:
        parts.append("to " + ", ".join(flow.recipients))
    if flow.emergencies:
        parts.append("for " + ", ".join(flow.emergencies))
    return "; ".join(parts)


def as_json(result: Funding) -> dict:
    """The command line's answer: amounts in whole USD."""
    return {
        "flows": result.flows,
        "confirmed": result.total("confirmed"),
        "pledged": result.total("pledged"),
        "contributions": [{
            "id": f.id, "donor": f.donor, "amount": f.amount, "date": f.date,
            "status": STATUS[f.status],
            "country": f.countries[0] if len(f.countries) == 1 else None,
            "source": f.link} for f in result.counted],
        "skipped": [{"id": s.flow.id, "amount": s.flow.amount, "reason": s.reason}
                    for s in result.skipped],
    }


def additions(result: Funding, sub_objective: str | None = None) -> list[Addition]:
    """The counted flows as plan contributions, each with its source entry; with no
    ``sub_objective`` they count for the plan as a whole."""
    return [Addition(
        Contribution(id=f"fts-{f.id}", donor=f.donor, amount=f.amount, date=f.date,
                     status=STATUS[f.status], source=f"fts-flow-{f.id}",
                     sub_objective=sub_objective,
                     recipient_country=f.countries[0] if len(f.countries) == 1 else None,
                     note=flow_note(f)),
        Source(id=f"fts-flow-{f.id}", title=f"FTS flow {f.id}", publisher=PUBLISHER,
               url=f.link)) for f in result.counted]


# --- safe defaults and warnings ------------------------------------------------------------

def plan_organisation(plan: Plan) -> str | None:
    """The organisation whose plan it is: the publisher of the plan's own source (IOM)."""
    source = plan.find_source(plan.source)
    return source.publisher if source and source.publisher else None


def plan_year(plan: Plan) -> int:
    """The plan's period: the year its title names ('… COVID-19 2021'), else its last update's."""
    years = re.findall(r"\b(?:19|20)\d{2}\b", plan.title)
    return int(years[-1]) if years else int(plan.last_updated[:4])


def default_selection(flows: Iterable[Flow], plan: Plan) -> Selection:
    """What to choose before anyone types: the plan's own organisation when the file names it
    (else no recipient, so nothing is chosen: an FTS file holds every agency's money), and the
    plan's year."""
    organisation = plan_organisation(plan)
    named = organisation and any(text_matches(organisation, f.recipients) for f in flows)
    return Selection(recipient=organisation if named else None, year=plan_year(plan))


def warnings(result: Funding, plan: Plan) -> list[str]:
    """What to look at before the chosen flows are added to this plan."""
    counted, year, said = result.counted, plan_year(plan), []
    if counted and not any(year in f.years for f in counted):
        found = sorted({y for f in counted for y in f.years})
        said.append(f"No chosen flow is for {year}, the plan's year (they are for "
                    f"{', '.join(map(str, found)) or 'no stated year'}): set the usage year "
                    f"to {year}.")
    confirmed = result.total("confirmed")
    if confirmed > plan.required:
        said.append(f"The chosen flows confirm {usd(confirmed)}, more than the plan's whole "
                    f"requirement of {usd(plan.required)}: are they all for this plan?")
    organisation = plan_organisation(plan)
    others = sorted({r for f in counted for r in f.recipients
                     if organisation and not text_matches(organisation, [r])})
    if others:
        names = ", ".join(others[:3]) + (f" and {len(others) - 3:,} more" if len(others) > 3
                                          else "")
        said.append(f"Flows to another organisation than {organisation} are chosen ({names}): "
                    f"this plan is {organisation}'s.")
    return said
