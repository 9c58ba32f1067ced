"""Funding files on the Import page: an FTS file is recognised, previewed with what it changes,
and added to the plan file or to a scenario; an IATI file is read as activities at stated rates.
Nothing is written before the button is clicked."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from srrp.cli import main
from srrp.dataset import activity_files
from srrp.plan.tree import load_plan
from srrp.scenarios.scenario import apply_scenario, load_scenario
from tests.app.conftest import ROOT
from tests.examples import FTS_FLOWS as FLOWS
from tests.examples import REAL_DATA

IMPORT = "pages/import.py"
DPORTAL = REAL_DATA / "iati" / "dportal_covid_subset_LA_KH_MM_VN_TH_IOM.xml"
EXPORT = REAL_DATA / "fts" / "fts_incoming_funding_global.csv"
needs_fts = pytest.mark.skipif(not EXPORT.is_file(), reason="real FTS export not available")


def ok(at: AppTest) -> AppTest:
    assert not at.exception, [e.value for e in at.exception]
    return at


def upload(open_page, raw: bytes, name: str) -> AppTest:
    at = open_page(IMPORT)
    return ok(at.file_uploader(key="import_upload").upload(name, raw).run())


def table(at: AppTest, column: str):
    return next(d.value for d in at.dataframe if column in d.value.columns)


def test_an_fts_file_is_previewed_with_confirmed_before_and_after_by_objective(open_page,
                                                                                data_dir):
    before = (data_dir / "plan_2021.yaml").read_text(encoding="utf-8")
    at = upload(open_page, FLOWS.encode(), "fts_flows.csv")
    assert at.text_input(key="fts_recipient").value == "IOM"  # the plan's own, named in the file
    assert at.text_input(key="fts_year").value == "2021"  # the plan's year
    assert [m.value for m in at.metric] == ["3", "USD 250,000", "USD 100,000", "1"]
    assert table(at, "donor")["id"].tolist() == ["11", "13"]
    at.selectbox(key="fts_sub_objective").select("3.2").run()
    change = table(at, "confirmed after").set_index("id")
    assert change.loc["srrp-2021", "change"] == 250000
    assert change.loc["3", "change"] == 250000 and change.loc["1", "change"] == 0
    assert (data_dir / "plan_2021.yaml").read_text(encoding="utf-8") == before


def into_plan(at: AppTest) -> AppTest:
    """The baseline chosen as the target, and the typed confirmation it asks for."""
    at.radio(key="fts_into").set_value("The plan file (sourced baseline)").run()
    return ok(at.text_input(key="fts_confirm").input("add to the sourced plan").run())


def test_adding_fts_contributions_to_the_plan_file_sources_each_one(open_page, data_dir):
    at = into_plan(upload(open_page, FLOWS.encode(), "fts_flows.csv"))
    ok(at.button(key="fts_add").click().run())
    assert any("were added to the plan file" in s.value for s in at.success)
    plan = load_plan(data_dir / "plan_2021.yaml")
    added = {c.id: c for c in plan.contributions}
    assert added["fts-11"].amount == 250000 and added["fts-11"].sub_objective is None
    assert plan.find_source("fts-flow-11").url == "https://fts.unocha.org/flows/11"
    assert "fts-12" not in added  # the World Food Programme's: not this plan's organisation
    assert "fts-14" not in added  # shared: counted by FTS for no one


def test_adding_fts_contributions_to_a_scenario_leaves_the_baseline_alone(open_page, data_dir):
    before = (data_dir / "plan_2021.yaml").read_text(encoding="utf-8")
    at = upload(open_page, FLOWS.encode(), "fts_flows.csv")
    at.text_input(key="fts_scenario").input("try-fts").run()
    ok(at.button(key="fts_add").click().run())
    assert (data_dir / "plan_2021.yaml").read_text(encoding="utf-8") == before
    scenario = load_scenario(data_dir / "scenarios" / "try-fts.yaml")
    what_if = apply_scenario(load_plan(data_dir / "plan_2021.yaml"), scenario)
    assert {c.id for c in what_if.contributions if c.hypothetical} == {"fts-11", "fts-13"}


def test_adding_the_same_flows_twice_is_refused_and_changes_nothing(open_page, data_dir):
    at = into_plan(upload(open_page, FLOWS.encode(), "fts_flows.csv"))
    ok(at.button(key="fts_add").click().run())
    once = (data_dir / "plan_2021.yaml").read_text(encoding="utf-8")
    ok(at.button(key="fts_add").click().run())
    assert any("duplicate-id" in e.value and "plan_2021.yaml:" in e.value for e in at.error)
    assert not any(str(data_dir) in e.value for e in at.error)  # no server path
    assert (data_dir / "plan_2021.yaml").read_text(encoding="utf-8") == once


def test_a_broken_fts_file_is_located_and_nothing_is_offered(open_page):
    at = upload(open_page, FLOWS.replace("11,250000", "11,lots").encode(), "fts_flows.csv")
    assert any("cannot be read as FTS flows" in e.value for e in at.error)
    assert any(c.value.startswith("fts_flows.csv:2:2: bad-amount:") for c in at.code)
    assert not at.button


def test_a_page_nested_a_thousand_deep_is_refused_with_its_place(open_page):
    raw = (ROOT / "tests/hostile/corpus/funding/fts_nested_1000.json").read_bytes()
    at = upload(open_page, raw, "deep.json")
    assert any("cannot be read as FTS flows" in e.value for e in at.error)
    assert any(c.value.startswith("deep.json:1:") and "too-deep" in c.value for c in at.code)
    assert not at.button


def test_the_default_target_is_a_new_scenario_and_the_baseline_needs_a_typed_confirmation(
        open_page, data_dir):
    before = (data_dir / "plan_2021.yaml").read_text(encoding="utf-8")
    at = upload(open_page, FLOWS.encode(), "fts_flows.csv")
    assert at.radio(key="fts_into").value == "A new scenario (hypothetical)"
    ok(at.button(key="fts_add").click().run())
    assert (data_dir / "scenarios" / "fts-contributions.yaml").is_file()
    assert at.text_input(key="fts_scenario").value == "fts-contributions-2"  # the next new one
    at.radio(key="fts_into").set_value("The plan file (sourced baseline)").run()
    assert at.button(key="fts_add").disabled
    at.text_input(key="fts_confirm").input("add to the plan").run()
    assert at.button(key="fts_add").disabled
    assert (data_dir / "plan_2021.yaml").read_text(encoding="utf-8") == before


@needs_fts
def test_a_real_fts_export_chooses_nothing_until_a_recipient_is_set(open_page):
    at = upload(open_page, EXPORT.read_bytes(), EXPORT.name)
    assert at.text_input(key="fts_recipient").value == "IOM"  # the file names IOM's flows
    at.text_input(key="fts_recipient").input("").run()
    assert not at.metric and not at.button
    assert any("Nothing is chosen until a recipient" in i.value for i in at.info)


@needs_fts
def test_a_real_fts_export_warns_when_no_flow_is_in_the_plans_year(open_page):
    at = upload(open_page, EXPORT.read_bytes(), EXPORT.name)
    assert any("No flow counts" in i.value for i in at.info)  # IOM's flows there are of 2020
    at.text_input(key="fts_year").input("").run()
    assert at.metric[0].value == "17"
    assert [w.value for w in at.warning if "plan's year" in w.value] == [
        "No chosen flow is for 2021, the plan's year (they are for 2020): set the usage year "
        "to 2021."]


@needs_fts
def test_a_real_fts_export_warns_of_other_agencies_money_beyond_the_requirement(open_page):
    at = upload(open_page, EXPORT.read_bytes(), EXPORT.name)
    at.text_input(key="fts_year").input("").run()
    at.text_input(key="fts_recipient").input("a").run()  # matches nearly every agency
    said = " ".join(w.value for w in at.warning)
    assert "more than the plan's whole requirement of USD 822.9 M" in said
    assert "Flows to another organisation than IOM are chosen" in said


@pytest.mark.skipif(not DPORTAL.is_file(), reason="real IATI file not available")
def test_an_iati_file_is_read_as_activities_at_the_rates_stated(open_page, data_dir):
    at = upload(open_page, DPORTAL.read_bytes(), DPORTAL.name)
    at.selectbox(key="iati_country").select("LAO").run()
    preview = table(at, "country_iso3")
    assert len(preview) == 3 and "budget_usd" not in preview.columns  # KRW: not in USD
    at.text_input(key="iati_rates").input("KRW=0.00085").run()
    assert sorted(table(at, "country_iso3")["budget_usd"].astype(int)) == [122827, 175631,
                                                                          528334]
    ok(at.button(key="import_add").click().run())
    assert any("dportal" in p.name for p in activity_files(data_dir))


@pytest.mark.skipif(not DPORTAL.is_file(), reason="real IATI file not available")
def test_imported_iati_activities_are_on_the_map_and_the_targets_page(open_page, data_dir,
                                                                       capsys):
    assert main(["import", str(DPORTAL), "--country", "LAO", "--into", str(data_dir)]) == 0
    capsys.readouterr()
    koica = {"COVID-19 Walk-thru test booth to Laos",
             "COVID-19 Comprehensive Rapid Response Program in Laos"}
    for page in ("pages/map.py", "pages/targets.py"):
        projects = {p for d in open_page(page).dataframe if "project" in d.value.columns
                    for p in d.value["project"]}
        assert koica <= projects, page
    unmeasured = table(open_page("pages/targets.py"), "implementer")
    assert (unmeasured.loc[unmeasured["project"].isin(koica), "implementer"]
            == "Korea International Cooperation Agency").all()
