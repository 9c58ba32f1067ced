"""Overview, Funding gaps, Targets and Data & sources: what a user sees and does there."""

from __future__ import annotations

import json

from srrp.formatting import usd
from srrp.plan.rollup import rollup
from srrp.plan.tree import load_plan
from visuals.wording import NONE_REPORTED, NOT_REPORTED


def chart_specs(at) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def bar_labels(spec: dict) -> list[str]:
    return [str(y) for trace in spec["data"] for y in trace.get("y", [])]


def test_objective_filter_puts_the_objectives_figures_in_the_tiles(open_page, data_dir):
    at = open_page()
    at.selectbox(key="objective").select("3").run()
    objective = rollup(load_plan(data_dir / "plan_2021.yaml")).set_index("id").loc["3"]
    assert {m.label: m.value for m in at.metric}["Required"] == usd(objective["required"])


def test_objective_filter_narrows_the_overview_charts(open_page):
    at = open_page()
    assert any(label.startswith("2.") for label in bar_labels(chart_specs(at)[0]))
    at.selectbox(key="objective").select("3").run()
    objectives = bar_labels(chart_specs(at)[0])
    gaps = bar_labels(chart_specs(at)[1])
    assert objectives and all(label.startswith("3.") for label in objectives)
    assert gaps and all(label.startswith("3.") for label in gaps)


def test_choosing_a_node_shows_its_figures_and_contributions(open_page, data_dir):
    at = open_page("pages/gaps.py")
    at.selectbox(key="node").select("4.1").run()
    node = rollup(load_plan(data_dir / "plan_2021.yaml")).set_index("id").loc["4.1"]
    shown = {m.label: m.value for m in at.metric}
    assert shown["Required"] == usd(node["required"])
    assert shown["Gap"] == usd(node["gap"])
    donors = [df.value for df in at.dataframe if "donor" in df.value.columns]
    assert donors and donors[0]["donor"].str.contains("BPRM").any()
    assert any("Activity areas" in s.value for s in at.subheader)


def test_a_node_without_funding_says_so(open_page):
    at = open_page("pages/gaps.py")
    at.selectbox(key="node").select("1.2").run()
    assert {m.label: m.value for m in at.metric}["Confirmed"] == "none reported"
    assert any("No contribution reported" in m.value for m in at.markdown)


def test_gaps_are_ranked_largest_first_with_downloads(open_page, data_dir):
    at = open_page("pages/gaps.py")
    ranked = next(df.value for df in at.dataframe if "rank" in df.value.columns)
    assert list(ranked["gap"]) == sorted(ranked["gap"], reverse=True)
    assert len(ranked) == 12
    # confirmed is empty ("none reported") exactly where no contribution is recorded
    recorded = rollup(load_plan(data_dir / "plan_2021.yaml")).set_index("id")["contributions"]
    assert list(ranked["confirmed"].isna()) == [recorded[i] == 0 for i in ranked["id"]]
    assert ranked["confirmed"].notna().any()
    # on screen: "none reported" there; in every other table, "not reported", never "None"
    shown = [("rank" in df.value.columns, df.proto.placeholder) for df in at.dataframe]
    assert set(shown) == {(True, NONE_REPORTED), (False, NOT_REPORTED)}
    labels = [b.proto.label for b in at.get("download_button")]
    assert "Download CSV" in labels and "Download Excel" in labels


def test_the_tree_chart_can_be_switched(open_page):
    at = open_page("pages/gaps.py")
    assert chart_specs(at)[0]["data"][0]["type"] == "treemap"
    at.segmented_control(key="tree_kind").set_value("sunburst").run()
    assert chart_specs(at)[0]["data"][0]["type"] == "sunburst"
    assert len(chart_specs(at)[0]["data"][0]["labels"]) == 17


def test_targets_mark_missing_figures_as_not_reported(open_page):
    at = open_page("pages/targets.py")
    table = at.dataframe[0].value
    vaccinated = table[table["indicator"] == "people vaccinated"].iloc[0]
    assert vaccinated["reached"] == "15,831"
    assert vaccinated["targeted"] == "not reported"
    assert vaccinated["women %"] == 48
    chart = chart_specs(at)[0]
    assert "not reported" in chart["data"][0]["text"]


def test_targets_keep_a_several_province_figure_whole(open_page):
    table = open_page("pages/targets.py").dataframe[0].value
    direct = table[table["targeted"] == "35,000"]
    assert len(direct) == 1
    assert direct.iloc[0]["where"].startswith("4 provinces together")


def test_targets_show_other_units_on_request(open_page):
    at = open_page("pages/targets.py")
    people_only = len(at.dataframe[0].value)
    at.toggle(key="people_only").set_value(False).run()
    everything = at.dataframe[0].value
    assert len(everything) > people_only
    assert "villages" in set(everything["unit"])


def test_year_filter_keeps_activities_running_that_year(open_page):
    at = open_page("pages/targets.py")
    at.toggle(key="people_only").set_value(False).run()
    at.selectbox(key="year").select("2020").run()
    table = at.dataframe[0].value
    assert len(table) > 0
    assert table["project"].str.startswith("Enhancing COVID-19 Pandemic Preparedness").all()


def test_sources_page_reports_problems_in_an_activity_file(open_page, data_dir):
    at = open_page("pages/sources.py")
    assert at.success and "valid" in at.success[0].value
    csv = data_dir / "lao_activities.csv"
    good = csv.read_text(encoding="utf-8")
    csv.write_text(good.replace("Savannakhet", "Savanaket"), encoding="utf-8")
    at.run()  # beside its P-code, an unfamiliar spelling is only a label
    assert at.success and "valid" in at.success[0].value
    csv.write_text(good.replace("Savannakhet", "Savanaket").replace("LA16;LA13;LA10;LA01", ""),
                   encoding="utf-8")
    at.run()
    assert not at.exception
    report = "\n".join(c.value for c in at.code)
    assert "lao_activities.csv:3:7: unknown-province" in report
    assert "Savannakhet" in report  # the nearest known name is suggested


def test_sources_page_lists_every_source_with_its_figures(open_page, data_dir):
    table = open_page("pages/sources.py").dataframe[0].value
    plan = load_plan(data_dir / "plan_2021.yaml")
    assert set(table["id"]) == {s.id for s in plan.sources}
    assert (table["figures"] > 0).all()
