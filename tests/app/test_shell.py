"""The shared sidebar, scenarios, URL state and bad data, seen through every page."""

from __future__ import annotations

import json

import pytest

from srrp.formatting import usd
from srrp.plan.rollup import rollup
from srrp.plan.tree import load_plan
from srrp.view import ALL

PAGES = ["pages/overview.py", "pages/gaps.py", "pages/targets.py", "pages/map.py",
         "pages/whatif.py", "pages/import.py", "pages/briefing.py", "pages/sources.py"]

SCENARIO = """\
scenario:
  title: Five million more for vaccines
changes:
  - add_contribution: {id: extra-vaccines, donor: Test donor, amount: 5000000,
                       sub_objective: "3.2", status: confirmed}
"""


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def plan_figures(data_dir) -> dict:
    return rollup(load_plan(data_dir / "plan_2021.yaml")).set_index("id").iloc[0].to_dict()


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_without_exception(open_page, page):
    at = open_page(page)
    assert at.title, "every page has a title"


def test_overview_headline_is_the_plans_rollup(open_page, data_dir):
    figures = plan_figures(data_dir)
    shown = metrics(open_page())
    assert shown["Required"] == usd(figures["required"])
    assert shown["Confirmed"] == usd(figures["confirmed"])
    assert shown["Gap"] == usd(figures["gap"])


def test_choosing_a_scenario_changes_the_figures_and_marks_them_hypothetical(open_page, data_dir):
    (data_dir / "scenarios" / "vaccines.yaml").write_text(SCENARIO, encoding="utf-8")
    at = open_page()
    before = metrics(at)
    assert not at.warning
    at.selectbox(key="scenario").select("vaccines").run()
    after = metrics(at)
    assert after["Confirmed (hypothetical)"] != before["Confirmed"]
    assert after["Gap (hypothetical)"] == usd(plan_figures(data_dir)["gap"] - 5_000_000)
    for page in PAGES:
        at.switch_page(page).run()
        assert not at.exception
        assert any("HYPOTHETICAL" in w.value for w in at.warning), page


def test_the_url_opens_the_same_view(open_page):
    at = open_page("pages/gaps.py", country="LSO", objective="3", node="3.2")
    assert at.selectbox(key="country").value == "LSO"
    assert at.selectbox(key="objective").value == "3"
    assert at.selectbox(key="node").value == "3.2"


def test_choices_are_written_to_the_url(open_page):
    at = open_page()
    at.selectbox(key="objective").select("2").run()
    assert at.query_params["objective"] == "2"


def test_a_broken_plan_on_disk_keeps_the_last_good_figures(open_page, data_dir):
    at = open_page()
    good = metrics(at)
    plan = data_dir / "plan_2021.yaml"
    text = plan.read_text(encoding="utf-8")
    plan.write_text(text.replace("required: 48313335", "required: \"48,313,335\"")
                    .replace("  currency: USD", "  curency: USD"), encoding="utf-8")
    at.run()
    assert not at.exception
    assert metrics(at) == good
    report = "\n".join(c.value for c in at.code)
    assert "amount-as-text" in report and "unknown-key" in report
    assert "plan_2021.yaml:" in report


def test_an_edit_on_disk_shows_on_the_next_rerun(open_page, data_dir):
    at = open_page()
    plan = data_dir / "plan_2021.yaml"
    text = plan.read_text(encoding="utf-8")
    plan.write_text(text.replace("amount: 240000", "amount: 250000"), encoding="utf-8")
    at.run()
    assert metrics(at)["Confirmed"] == usd(250_000)


def test_unloadable_data_explains_itself(open_page, data_dir):
    (data_dir / "plan_2021.yaml").write_text("plan: [", encoding="utf-8")
    at = open_page()
    assert "yaml-syntax" in "\n".join(c.value for c in at.code)


# The theme and the filters' expander (components/theme.py, components/sidebar.py)

def test_the_theme_is_chosen_in_the_sidebar_and_kept_in_the_url(open_page):
    """A projector in a bright room needs the light theme whatever the laptop says: the choice
    is in the sidebar, in the URL, and handed to the page that applies it."""
    at = open_page()
    theme = at.sidebar.radio(key="theme")
    assert (theme.value, theme.options) == ("auto", ["System", "Light", "Dark"])
    assert "theme" not in at.query_params  # the default is left out of the link
    theme.set_value("light").run()
    assert at.query_params["theme"] == "light"
    assert switches(at) == [{"theme": "light"}]


def switches(at) -> list[dict]:
    """What the page's theme switch was asked to show."""
    return [json.loads(c.proto.json) for c in at.sidebar.get("bidi_component")
            if c.proto.component_name == "theme_switch"]


def test_a_link_opens_in_its_theme(open_page):
    at = open_page("pages/briefing.py", theme="dark")
    assert at.sidebar.radio(key="theme").value == "dark"
    assert switches(at) == [{"theme": "dark"}]


def test_the_filters_fold_into_one_expander_that_says_what_is_set(open_page, data_dir):
    """At 1280×720 Donor and Year sat below the fold of the sidebar: they fold into one
    expander whose label names the scenario, the country and each filter set."""
    at = open_page(donor="United States Bureau of Population, Refugees and Migration (BPRM)")
    label = at.sidebar.expander[0].label.replace("\\", "")  # as Markdown shows it
    assert label == ("**Scenario and filters:** Baseline (sourced figures) · Lao PDR · "
                     "United States Bureau of Population, Refugees…")
    assert {s.key for s in at.sidebar.expander[0].selectbox} == {
        "scenario", "country", "objective", "donor", "year"}
    at.sidebar.selectbox(key="donor").select(ALL).run()
    assert at.sidebar.expander[0].label.endswith("Lao PDR · no filter")
