"""IATI activities: the fields a coordinator needs, money kept in its own currency unless a rate
is stated, transaction types never added together, and unsafe or foreign XML refused."""

from __future__ import annotations

from decimal import Decimal

import pytest

from srrp.activities.table import COLUMNS
from srrp.funding.iati import (
    activity_rows,
    activity_source,
    in_usd,
    parse_iati,
    parse_rates,
    totals,
)
from srrp.problems import InvalidData
from tests.examples import REAL_DATA

REAL = REAL_DATA / "iati"
DPORTAL = REAL / "dportal_covid_subset_LA_KH_MM_VN_TH_IOM.xml"
needs_real = pytest.mark.skipif(not DPORTAL.is_file(), reason="real IATI file not available")

ACTIVITY = """<?xml version="1.0" encoding="UTF-8"?>
<iati-activities version="2.03">
 <iati-activity default-currency="KRW">
  <iati-identifier>KR-1</iati-identifier>
  <reporting-org ref="KR-GOV-051"><narrative>KOICA</narrative></reporting-org>
  <title><narrative>Test booths</narrative></title>
  <participating-org role="1"><narrative>Ministry of Foreign Affairs</narrative></participating-org>
  <participating-org role="4"><narrative>KOICA</narrative></participating-org>
  <recipient-country code="LA"/>
  <location><name><narrative>Vientiane</narrative></name>
   <administrative vocabulary="G1" level="1" code="LA01"/></location>
  <sector code="12264"><narrative>COVID-19</narrative></sector>
  <activity-date iso-date="2020-09-01" type="1"/><activity-date iso-date="2020-12-31" type="3"/>
  <budget type="1"><period-start iso-date="2020-01-01"/><period-end iso-date="2020-12-31"/>
   <value>1000000</value></budget>
  <budget type="2"><period-start iso-date="2020-01-01"/><period-end iso-date="2020-12-31"/>
   <value>2000000</value></budget>
  <budget type="1"><period-start iso-date="2021-01-01"/><period-end iso-date="2021-12-31"/>
   <value currency="USD">500</value></budget>
  <transaction><transaction-type code="1"/><value>3000000</value></transaction>
  <transaction><transaction-type code="2"/><value>3000000</value></transaction>
  <transaction><transaction-type code="3"/><value>1000000</value></transaction>
  <transaction><transaction-type code="3"/><value>500000</value></transaction>
 </iati-activity>
</iati-activities>
"""


def refused(raw: str | bytes, name: str = "a.xml") -> list[str]:
    with pytest.raises(InvalidData) as err:
        parse_iati(raw.encode() if isinstance(raw, str) else raw, name)
    return [str(p) for p in err.value.problems]


def test_title_organisations_country_place_sector_and_dates_are_read():
    (a,) = parse_iati(ACTIVITY.encode(), "a.xml")
    assert (a.project, a.donors, a.implementers) == ("Test booths",
                                                     ("Ministry of Foreign Affairs",), ("KOICA",))
    assert a.countries == ("LAO",)
    assert [(p.name, p.admin1_pcode) for p in a.places] == [("Vientiane", "LA01")]
    assert a.sectors == ("12264 COVID-19",)
    assert (a.start, a.end, a.line) == ("2020-09-01", "2020-12-31", 3)


def test_each_activity_row_cites_a_source_entry_that_links_to_the_activity():
    (a,) = parse_iati(ACTIVITY.encode(), "a.xml")
    source = activity_source(a)
    assert activity_rows([a], "LAO", {}).iloc[0]["source"] == source.id == "iati-KR-1"
    assert (source.publisher, source.url) == (
        "KOICA", "https://d-portal.org/ctrack.html#view=act&aid=KR-1")


def test_a_revised_budget_replaces_the_original_of_its_period_and_currencies_stay_apart():
    (a,) = parse_iati(ACTIVITY.encode(), "a.xml")
    assert totals(a.budget) == {"KRW": Decimal(2000000), "USD": Decimal(500)}


def test_without_a_rate_the_budget_is_not_reported_in_usd_and_the_note_keeps_the_original():
    row = activity_rows(parse_iati(ACTIVITY.encode(), "a.xml"), "LAO", {}).iloc[0]
    assert row["budget_usd"] is None
    assert "budget KRW 2,000,000 (no rate stated: not in USD) + USD 500" in row["note"]


def test_a_stated_rate_converts_and_is_written_in_the_note():
    rates = parse_rates(["krw=0.00085"])
    row = activity_rows(parse_iati(ACTIVITY.encode(), "a.xml"), "LAO", rates).iloc[0]
    assert row["budget_usd"] == 1700 + 500
    assert "KRW 2,000,000 = USD 1,700 at the stated rate KRW=0.00085" in row["note"]


def test_transaction_types_are_totalled_each_on_its_own_never_together():
    note = activity_rows(parse_iati(ACTIVITY.encode(), "a.xml"), "LAO", {}).iloc[0]["note"]
    assert "incoming funds KRW 3,000,000" in note
    assert "outgoing commitment KRW 3,000,000" in note
    assert "disbursement KRW 1,500,000" in note
    assert "7,500,000" not in note


def test_rows_have_the_activity_columns_and_only_the_chosen_country():
    activities = parse_iati(ACTIVITY.encode(), "a.xml")
    assert list(activity_rows(activities, "LAO", {}).columns) == list(COLUMNS)
    assert activity_rows(activities, "KHM", {}).empty


def test_usd_is_only_given_when_every_currency_has_a_rate():
    money = {"KRW": Decimal(100), "USD": Decimal(1)}
    assert in_usd(money, {}) is None
    assert in_usd(money, {"KRW": Decimal("0.5")}) == 51


@needs_real
def test_the_three_lao_activities_are_koicas_with_krw_budgets_held_apart():
    activities = parse_iati(DPORTAL.read_bytes(), DPORTAL.name)
    rows = activity_rows(activities, "LAO", {})
    assert len(rows) == 3
    assert rows["budget_usd"].isna().all()
    assert (rows["implementer"] == "Korea International Cooperation Agency").all()
    assert rows["note"].str.contains(r"budget KRW [\d,]+ \(no rate stated").all()
    assert rows["admin1_pcode"].isna().all()  # the file gives no administrative codes
    converted = activity_rows(activities, "LAO", parse_rates(["KRW=0.00085"]))
    assert converted["budget_usd"].tolist() == [122827, 175631, 528334]


# --- refused ------------------------------------------------------------------------------

def test_a_doctype_with_an_entity_expansion_is_refused_where_it_is_declared():
    bomb = ('<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
            ' <!ENTITY lol2 "&lol;&lol;&lol;&lol;">\n]>\n<iati-activities>&lol2;</iati-activities>')
    (problem,) = refused(bomb)
    assert problem.startswith("a.xml:2:1: unsafe-xml:")


def test_an_external_entity_is_never_read():
    raw = ('<?xml version="1.0"?>\n<!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
           '<iati-activities>&x;</iati-activities>')
    assert refused(raw)[0].startswith("a.xml:2:1: unsafe-xml")


def test_a_file_that_is_not_iati_says_so():
    assert refused("<html><body/></html>")[0].startswith("a.xml:1:1: not-iati: the document "
                                                         "is <html>")


def test_broken_xml_is_located():
    assert refused("<iati-activities>\n <iati-activity>\n</iati-activities>")[0].startswith(
        "a.xml:3:")


def test_an_unknown_currency_in_the_file_is_located_at_its_activity():
    raw = ACTIVITY.replace('default-currency="KRW"', 'default-currency="KRWW"')
    assert refused(raw)[0].startswith("a.xml:3:1: unknown-currency: 'KRWW'")


@pytest.mark.parametrize("rate, code", [("XYZ=1", "unknown-currency"), ("KRW=", "bad-rate"),
                                        ("KRW=-1", "bad-rate"), ("KRW=abc", "bad-rate")])
def test_a_rate_that_cannot_be_used_is_refused(rate, code):
    with pytest.raises(InvalidData) as err:
        parse_rates([rate])
    assert err.value.problems[0].code == code
    assert str(err.value.problems[0]).startswith(f"--rate: {code}:")
