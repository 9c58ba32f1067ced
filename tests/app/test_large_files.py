"""A large activity file: charts stay readable and tables stay small enough to send, with what
is left out said on screen."""

from __future__ import annotations

import json

import pytest

from bench.generate import generate, write
from components.tables import TABLE_ROWS
from srrp.dataset import activity_files, load_dataset
from visuals.charts import TARGET_BARS

ROWS = 3_000  # people rows are most of them: more than a table shows and a chart can hold


@pytest.fixture
def big(data_dir):
    write(generate(ROWS, data_dir=data_dir), data_dir / "lao_activities.csv")
    dataset = load_dataset(data_dir / "plan_2021.yaml", activity_files(data_dir),
                           data_dir / "gazetteer")
    return dataset.activities[dataset.activities["country_iso3"] == "LAO"]


def test_the_targets_chart_shows_the_largest_targets_and_says_so(open_page, big):
    at = open_page("pages/targets.py")
    people = big[(big["unit"] == "people") & (big["indicator"] != "")]
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    targeted = next(t for t in spec["data"] if t["name"] == "Targeted")
    shown = [int(t.replace(",", "")) for t in targeted["text"]][::-1]  # drawn from the bottom
    assert shown == sorted(people["targeted"].dropna(), reverse=True)[:TARGET_BARS]
    assert f"The {TARGET_BARS} largest targets of {len(people):,}" in spec["layout"]["title"][
        "text"]


def test_a_long_table_shows_its_first_rows_and_says_how_many_there_are(open_page, big):
    at = open_page("pages/targets.py")
    people = big[(big["unit"] == "people") & (big["indicator"] != "")]
    [table] = [t.value for t in at.dataframe if "where" in t.value.columns]
    assert len(table) == TABLE_ROWS
    assert list(table["indicator"]) == list(people["indicator"].iloc[:TABLE_ROWS])
    assert any(f"The first {TABLE_ROWS:,} of {len(people):,} rows are shown" in c.value
               for c in at.caption)
