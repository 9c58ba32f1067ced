"""The data folder loaded as one: what the sidebar offers comes from every file."""

from __future__ import annotations

from pathlib import Path

from srrp.dataset import activity_files, load_dataset
from srrp.scenarios.scenario import BASELINE
from srrp.view import Filters, View

DATA = Path(__file__).parents[2] / "data"


def bundled():
    return load_dataset(DATA / "plan_2021.yaml", activity_files(DATA), DATA / "gazetteer")


def test_donors_come_from_activities_and_contributions_without_blanks():
    dataset = bundled()
    named = set(dataset.activities["donor"]) - {""}
    named |= {c.donor for c in dataset.plan.contributions}
    assert dataset.donors == sorted(named)
    assert "" not in dataset.donors


def test_years_span_every_activity_start_and_end():
    dataset = bundled()
    years = [int(y) for y in dataset.years]
    assert years == sorted(set(years))
    bounds = dataset.activities[["start_year", "end_year"]]
    assert min(years) == int(bounds.min().min())  # a project known only by its end counts too
    assert max(years) >= int(bounds.max().max())


def where(dataset, country: str, keep=None, **choices):
    """The activities a view of these choices shows (``keep``: the app's cache, or none)."""
    view = View(dataset, dataset.plan, BASELINE, None, Filters(country, **choices), DATA,
                **({"keep": keep} if keep else {}))
    return view.activities


def test_filtered_activities_follow_every_choice():
    dataset = bundled()
    everything = where(dataset, "LAO")
    assert set(everything["country_iso3"]) == {"LAO"}
    vaccines = where(dataset, "LAO", objective="3")
    assert len(vaccines) and set(vaccines["sub_objective"]) == {"3.2"}
    in_2020 = where(dataset, "LAO", year="2020")
    assert in_2020["project"].str.startswith("Enhancing COVID-19").all()
    hiv = where(dataset, "LAO", year="2014")  # known by its end year only
    assert hiv["project"].str.contains("HIV").all() and len(hiv) == 1


def test_files_of_several_countries_read_as_one_table(tmp_path):
    """Each file's own column stays, empty in the other files' rows; text sorts as text."""
    for name in ("lao_activities.csv", "lso_activities.csv"):
        (tmp_path / name).write_bytes((DATA / name).read_bytes())
    lao = tmp_path / "lao_activities.csv"
    lines = lao.read_text(encoding="utf-8").splitlines()
    lao.write_text("\n".join([lines[0] + ",reviewed_by", lines[1] + ",",
                              *(line + ",AB" for line in lines[2:])]) + "\n", encoding="utf-8")
    table = load_dataset(DATA / "plan_2021.yaml", activity_files(tmp_path),
                         DATA / "gazetteer").activities
    by_country = table.groupby("country_iso3", observed=True)["reviewed_by"].unique()
    assert list(by_country["LAO"]) == ["AB"] and list(by_country["LSO"]) == [""]
    assert len(table) == len(bundled().activities)
    projects = table["project"].sort_values().astype("str").tolist()
    assert projects == sorted(projects)
