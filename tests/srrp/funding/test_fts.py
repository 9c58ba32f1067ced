"""FTS flows read as contributions: FTS's own totals are reproduced, each flow is counted once
or listed as skipped with its reason, and a broken file is refused with its place."""

from __future__ import annotations

import csv
import io
import json
import string
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from srrp.files.sheets import MAX_CELL
from srrp.funding.fts import (
    CSV_COLUMNS,
    MAX_JSON_DEPTH,
    Selection,
    as_json,
    default_selection,
    funding,
    parse_flows,
    read_flows,
    squeeze,
    text_matches,
    warnings,
)
from srrp.plan.tree import load_plan
from srrp.problems import InvalidData
from tests.examples import REAL_DATA

REAL = REAL_DATA / "fts"
EXPORT = REAL / "fts_incoming_funding_global.csv"
PAGE = REAL / "fts_api_flows_locationid-1_year-2020_page1.json"

needs_real = pytest.mark.skipif(not EXPORT.is_file(), reason="real FTS files not available")


def export_csv(*rows: dict) -> bytes:
    """A small export with FTS's columns; each row names only the fields it needs."""
    base = {"id": "1", "amountUSD": "1000", "srcOrganization": "Japan, Government of",
            "destOrganization": "International Organization for Migration",
            "destEmergency": "", "destLocations": "LAO", "destUsageYearStart": "2021",
            "destUsageYearEnd": "2021", "status": "paid", "flowType": "Standard",
            "boundary": "incoming", "onBoundary": "single", "date": "2021-03-01",
            "decisionDate": ""}
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(base), lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({**base, **row})
    return out.getvalue().encode()


def flows_of(*rows: dict):
    return parse_flows(export_csv(*rows), "export.csv")


def problems(raw: bytes, name: str = "export.csv") -> list[str]:
    with pytest.raises(InvalidData) as err:
        parse_flows(raw, name)
    return [str(p) for p in err.value.problems]


# --- FTS's own totals ---------------------------------------------------------------------

@needs_real
def test_afghanistan_2020_equals_fts_own_incoming_total_on_the_api_page():
    own = json.loads(PAGE.read_text())["data"]["incoming"]["fundingTotal"]
    result = funding(read_flows([EXPORT]), Selection(country="AFG", year=2020))
    assert result.total("confirmed") == own


@needs_real
def test_every_recipient_total_equals_the_export_summed_under_the_same_rules():
    export = pd.read_csv(EXPORT).drop_duplicates("id")
    counted = export[(export["status"] != "pledge") & (export["onBoundary"] == "single")
                     & (export["boundary"] == "incoming")]
    expected = counted.groupby("destOrganization")["amountUSD"].sum()
    flows = read_flows([EXPORT])
    for recipient, total in expected.items():
        chosen = [f for f in flows if f.recipients == (recipient,)]
        assert funding(chosen).total("confirmed") == total, recipient


@needs_real
def test_every_flow_read_is_a_contribution_or_skipped_with_its_reason():
    result = funding(read_flows([EXPORT, PAGE]))
    assert result.flows == 1106 + 200
    assert len(result.counted) + len(result.skipped) == result.flows
    assert all(s.reason for s in result.skipped)
    ids = [f.id for f in result.counted]
    assert len(ids) == len(set(ids))


@needs_real
def test_a_page_read_with_the_export_adds_no_flow_twice():
    alone = funding(read_flows([EXPORT]), Selection(country="AFG"))
    both = funding(read_flows([EXPORT, PAGE]), Selection(country="AFG"))
    assert both.total("confirmed") == alone.total("confirmed")
    assert both.flows > alone.flows  # the page's flows are read, and skipped as the same flows


@needs_real
def test_iom_covid_flows_are_found_by_the_plain_words_a_coordinator_types():
    result = funding(read_flows([EXPORT]), Selection(recipient="IOM", emergency="COVID-19"))
    assert result.counted
    assert all(f.recipients == ("International Organization for Migration",)
               for f in result.counted)
    assert all("COVID" in f.emergencies[0] for f in result.counted)


# --- each rule ----------------------------------------------------------------------------

def test_paid_and_commitment_are_confirmed_and_a_pledge_is_pledged_never_counted():
    result = funding(flows_of({"id": "1", "status": "paid"}, {"id": "2", "status": "commitment"},
                              {"id": "3", "status": "pledge", "amountUSD": "500"}))
    assert (result.total("confirmed"), result.total("pledged")) == (2000, 500)
    assert [c["status"] for c in as_json(result)["contributions"]] == [
        "confirmed", "confirmed", "pledged"]


def test_the_decision_date_is_the_date_where_given_else_the_flow_date():
    dated = flows_of({"id": "1", "decisionDate": "2020-11-23"}, {"id": "2"})
    assert [f.date for f in dated] == ["2020-11-23", "2021-03-01"]


def test_the_same_flow_id_twice_is_counted_once_and_its_copy_listed_where_it_was_first_read():
    result = funding(flows_of({"id": "7"}, {"id": "7"}))
    assert result.total("confirmed") == 1000
    assert result.skipped[0].reason.startswith("the same flow as export.csv:2")


def test_the_same_flow_in_two_files_is_counted_once(tmp_path):
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    a.write_bytes(export_csv({"id": "7"}))
    b.write_bytes(export_csv({"id": "7"}, {"id": "8"}))
    assert funding(read_flows([a, b])).total("confirmed") == 2000


@pytest.mark.parametrize("row, reason", [
    ({"onBoundary": "shared", "destLocations": "JOR,PSE"}, "countries JOR, PSE with no"),
    ({"onBoundary": "shared", "destUsageYearEnd": "2022"}, "usage years 2021–2022"),
    ({"boundary": "internal"}, "an internal flow"),
    ({"amountUSD": "0"}, "amount 0"),
])
def test_flows_fts_leaves_out_of_its_totals_are_skipped_with_amount_and_reason(row, reason):
    result = funding(flows_of(row))
    assert result.total("confirmed") == 0
    listed = as_json(result)["skipped"]
    assert listed[0]["amount"] == int(row.get("amountUSD", 1000))
    assert reason in listed[0]["reason"]


@pytest.mark.parametrize("flow_type", ["Parked", "Pass through", "Carryover"])
def test_parked_pass_through_and_carry_over_flows_count_as_fts_counts_them(flow_type):
    result = funding(flows_of({"flowType": flow_type}))
    assert result.total("confirmed") == 1000


def test_multi_valued_fields_are_split_but_organisation_names_are_not():
    flow = flows_of({"destLocations": "JOR,PSE", "srcOrganization": "Canada, Government of"})[0]
    assert flow.countries == ("JOR", "PSE")
    assert flow.donor == "Canada, Government of"
    assert funding([flow], Selection(country="pse")).flows == 1


def test_usage_years_span_from_start_to_end():
    flow = flows_of({"destUsageYearStart": "2019", "destUsageYearEnd": "2021"})[0]
    assert funding([flow], Selection(year=2020)).flows == 1
    assert funding([flow], Selection(year=2022)).flows == 0


def test_covid_19_finds_fts_spelling_of_the_emergency():
    assert text_matches("COVID-19", ["Coronavirus disease Outbreak - COVID -19"])
    assert text_matches("iom", ["International Organization for Migration"])
    assert not text_matches("WFP", ["International Organization for Migration"])


WORDS = st.text(alphabet=string.ascii_letters + string.digits + " -_.,()/", min_size=1)


@given(WORDS, WORDS, WORDS)
def test_matching_ignores_case_spaces_and_punctuation(before, text, after):
    spaced = " - ".join(text.upper())
    assert text_matches(spaced, [before + text.lower() + after])
    assert squeeze(spaced) == squeeze(text.lower())


def test_each_contribution_links_to_its_fts_flow():
    listed = as_json(funding(flows_of({"id": "228238"})))["contributions"][0]
    assert listed["source"] == "https://fts.unocha.org/flows/228238"
    assert listed["country"] == "LAO"


def test_api_pages_given_together_are_one_list():
    def page(ids):
        flows = [{"id": str(i), "amountUSD": 10, "status": "paid", "boundary": "incoming",
                  "onBoundary": "single", "flowType": "Standard", "date": "2020-01-02T00:00:00Z",
                  "sourceObjects": [{"type": "Organization", "name": "Donor"}],
                  "destinationObjects": [{"type": "Location", "name": "Afghanistan"},
                                         {"type": "UsageYear", "name": "2020"}]}
                 for i in ids]
        return json.dumps({"data": {"flows": flows}, "meta": {"nextLink": "x"}}).encode()
    flows = parse_flows(page([1, 2]), "p1.json") + parse_flows(page([3]), "p2.json")
    result = funding(flows, Selection(country="AFG", year=2020))
    assert (result.flows, result.total("confirmed")) == (3, 30)
    assert flows[0].date == "2020-01-02"


# --- bad input ----------------------------------------------------------------------------

def test_a_missing_column_is_named_on_the_header_line():
    raw = export_csv({}).replace(b"amountUSD", b"amount", 1)
    assert problems(raw) == [problems(raw)[0]]
    assert problems(raw)[0].startswith("export.csv:1:1: missing-column: the header must name "
                                       "amountUSD")


def test_an_amount_written_as_text_is_located_at_its_line_and_column():
    raw = export_csv({"id": "1"}, {"id": "2", "amountUSD": "1,000 USD"})
    col = CSV_COLUMNS.index("amountUSD") + 1
    assert problems(raw)[0].startswith(f"export.csv:3:{col}: bad-amount: amountUSD '1,000 USD'")


def test_a_description_with_line_breaks_keeps_later_lines_right():
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*CSV_COLUMNS, "description"])
    good = ["1", "5", "D", "R", "", "LAO", "2021", "2021", "paid", "Standard", "incoming",
            "single", "2021-01-01", ""]
    writer.writerow([*good, "two\nlines"])
    writer.writerow(["2", "five", *good[2:], ""])
    assert problems(out.getvalue().encode())[0].startswith("export.csv:4:2: bad-amount")


def test_a_json_page_with_no_flows_is_not_an_fts_page():
    raw = json.dumps({"data": {"report": []}, "meta": {}}).encode()
    assert problems(raw, "page.json")[0].startswith("page.json:1:1: not-fts: no 'data.flows'")


def test_broken_json_is_located_where_it_breaks():
    assert problems(b'{"data": {"flows": [\n  {"id": }', "page.json")[0].startswith(
        "page.json:2:")


def test_an_unknown_status_names_fts_statuses():
    assert "paid, commitment or pledge" in problems(export_csv({"status": "promised"}))[0]


def test_every_problem_of_every_file_is_reported_together(tmp_path):
    a, b = tmp_path / "a.csv", tmp_path / "b.json"
    a.write_bytes(export_csv({"amountUSD": "x"}))
    b.write_text("{}")
    with pytest.raises(InvalidData) as err:
        read_flows([a, b], ["a.csv", "b.json"])
    assert [p.file for p in err.value.problems] == ["a.csv", "b.json"]


PLAN = load_plan(Path(__file__).resolve().parents[3] / "data" / "plan_2021.yaml")


def test_the_default_choice_is_the_plans_own_organisation_and_year_when_the_file_names_it():
    assert default_selection(flows_of({}), PLAN) == Selection(recipient="IOM", year=2021)
    other = flows_of({"destOrganization": "World Food Programme"})
    assert default_selection(other, PLAN) == Selection(recipient=None, year=2021)


def test_no_warning_for_the_plans_own_flows_of_its_year():
    assert warnings(funding(flows_of({}), Selection("IOM", year=2021)), PLAN) == []


def test_flows_of_other_years_beyond_the_requirement_or_to_others_are_each_warned_of():
    flows = flows_of({"destUsageYearStart": "2020", "destUsageYearEnd": "2020",
                      "amountUSD": "900000000"},
                     {"id": "2", "destOrganization": "World Food Programme",
                      "destUsageYearStart": "2020", "destUsageYearEnd": "2020"})
    said = warnings(funding(flows, Selection()), PLAN)
    assert [w.split(" ")[0:3] for w in said] == [["No", "chosen", "flow"],
                                                ["The", "chosen", "flows"],
                                                ["Flows", "to", "another"]]
    assert "(they are for 2020)" in said[0] and "USD 900.0 M" in said[1]
    assert "(World Food Programme)" in said[2]


def test_a_description_longer_than_a_cell_may_hold_is_named_on_its_line_not_an_open_quote():
    raw = export_csv({"id": "1"}, {"id": "2", "srcOrganization": "x" * (MAX_CELL + 1)})
    (problem,) = problems(raw)
    assert problem.startswith("export.csv:3:1: cell-too-long:") and f"{MAX_CELL:,}" in problem


# JSON values whose strings hold what could be taken for nesting: brackets, quotes, backslashes
JSON_VALUES = st.recursive(
    st.none() | st.integers() | st.text(alphabet='[]{}"\\ ab'),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
        st.text(alphabet='[]{}"\\ ab', max_size=4), inner, max_size=3),
    max_leaves=80)


def nesting(value) -> int:
    if isinstance(value, list):
        return 1 + max(map(nesting, value), default=0)
    if isinstance(value, dict):
        return 1 + max(map(nesting, value.values()), default=0)
    return 0


@given(JSON_VALUES, st.integers(min_value=0, max_value=MAX_JSON_DEPTH + 3))
def test_a_page_is_refused_exactly_when_it_nests_deeper_than_the_limit(value, wrap):
    for _ in range(wrap):
        value = [value]
    page = {"data": {"flows": [], "x": value}}  # 2 levels, and the value's own
    raw = json.dumps(page, indent=1 if wrap % 2 else None).encode()
    deep = 2 + nesting(value) > MAX_JSON_DEPTH
    try:
        assert parse_flows(raw, "page.json") == []
    except InvalidData as err:
        assert deep and [p.code for p in err.problems] == ["too-deep"]
    else:
        assert not deep


def test_a_page_nested_a_thousand_deep_is_refused_where_it_passes_the_limit():
    raw = b'{"data":\n  {"flows": ' + b"[" * 1000 + b"]" * 1000 + b"}}"
    with pytest.raises(InvalidData) as refused:
        parse_flows(raw, "deep.json")
    [problem] = refused.value.problems
    assert (problem.code, problem.line, problem.col) == ("too-deep", 2, 13 + MAX_JSON_DEPTH - 2)
