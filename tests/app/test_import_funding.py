"""Funding files on the Import page: an FTS file is recognised, previewed with what it changes,
and added to the plan file or to a scenario; an IATI file is read as activities at stated rates.
Nothing is written before the button is clicked."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from srrp.cli import main
from srrp.dataset import activity_files
from srrp.plan import load_plan
from srrp.scenario import apply_scenario, load_scenario
from tests.examples import FTS_FLOWS as FLOWS

IMPORT = "pages/import.py"
REAL = Path(__file__).resolve().parents[3] / "shared" / "real-data"
DPORTAL = REAL / "iati" / "dportal_covid_subset_LA_KH_MM_VN_TH_IOM.xml"


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
    at.text_input(key="fts_recipient").input("IOM").run()
    assert [m.value for m in at.metric] == ["3", "USD 250,000", "USD 100,000", "1"]
    assert table(at, "donor")["id"].tolist() == ["11", "13"]
    at.selectbox(key="fts_sub_objective").select("3.2").run()
    change = table(at, "confirmed after").set_index("id")
    assert change.loc["srrp-2021", "change"] == 250000
    assert change.loc["3", "change"] == 250000 and change.loc["1", "change"] == 0
    assert (data_dir / "plan_2021.yaml").read_text(encoding="utf-8") == before


def test_adding_fts_contributions_to_the_plan_file_sources_each_one(open_page, data_dir):
    at = upload(open_page, FLOWS.encode(), "fts_flows.csv")
    ok(at.button(key="fts_add").click().run())
    assert any("were added to the plan file" in s.value for s in at.success)
    plan = load_plan(data_dir / "plan_2021.yaml")
    added = {c.id: c for c in plan.contributions}
    assert added["fts-11"].amount == 250000 and added["fts-11"].sub_objective is None
    assert plan.find_source("fts-flow-12").url == "https://fts.unocha.org/flows/12"
    assert "fts-14" not in added  # shared: counted by FTS for no one


def test_adding_fts_contributions_to_a_scenario_leaves_the_baseline_alone(open_page, data_dir):
    before = (data_dir / "plan_2021.yaml").read_text(encoding="utf-8")
    at = upload(open_page, FLOWS.encode(), "fts_flows.csv")
    at.radio(key="fts_into").set_value("A scenario (hypothetical)").run()
    at.text_input(key="fts_scenario").input("try-fts").run()
    ok(at.button(key="fts_add").click().run())
    assert (data_dir / "plan_2021.yaml").read_text(encoding="utf-8") == before
    scenario = load_scenario(data_dir / "scenarios" / "try-fts.yaml")
    what_if = apply_scenario(load_plan(data_dir / "plan_2021.yaml"), scenario)
    assert {c.id for c in what_if.contributions if c.hypothetical} == {"fts-11", "fts-12",
                                                                       "fts-13"}


def test_adding_the_same_flows_twice_is_refused_and_changes_nothing(open_page, data_dir):
    at = upload(open_page, FLOWS.encode(), "fts_flows.csv")
    ok(at.button(key="fts_add").click().run())
    once = (data_dir / "plan_2021.yaml").read_text(encoding="utf-8")
    ok(at.button(key="fts_add").click().run())
    assert any("duplicate-id" in e.value for e in at.error)
    assert (data_dir / "plan_2021.yaml").read_text(encoding="utf-8") == once


def test_a_broken_fts_file_is_located_and_nothing_is_offered(open_page):
    at = upload(open_page, FLOWS.replace("11,250000", "11,lots").encode(), "fts_flows.csv")
    assert any("cannot be read as FTS flows" in e.value for e in at.error)
    assert any(c.value.startswith("fts_flows.csv:2:2: bad-amount:") for c in at.code)
    assert not at.button


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
