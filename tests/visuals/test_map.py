"""The pieces of the map: colour classes, the legend's rows, labels that never overlap."""

from __future__ import annotations

import pandas as pd

from visuals.map import classes, legend_rows, place_labels


def test_classes_give_each_of_a_few_values_its_own_colour_and_nothing_grey():
    values = pd.Series([0, 1, 3, 3, 4, pd.NA], dtype="Int64")
    assert classes(values, zero_is_none=True).tolist() == [-1, 0, 1, 1, 2, -1]
    assert classes(values, zero_is_none=False).tolist() == [0, 1, 2, 2, 3, -1]
    many = pd.Series(range(1, 101), dtype="Int64")
    assert sorted(set(classes(many, True))) == [0, 1, 2, 3, 4]


def test_the_legend_gives_each_colour_the_range_of_its_areas():
    rows = pd.DataFrame({"value": pd.array([5, 10, 20, 40, 80, 160, pd.NA], dtype="Int64")})
    legend = legend_rows(rows, "people_reached", "province")
    assert legend["People reached"].tolist() == [
        "5 to 10", "20", "40", "80", "160", "grey: not reported (no data) for the province alone"]
    assert legend["provinces"].tolist() == [2, 1, 1, 1, 1, 1]


def test_labels_never_overlap():
    labels = [{"position": [102.6, 17.97], "text": "Vientiane Capital\n4", "extent": None,
               "priority": 1},
              {"position": [102.6, 17.97], "text": "Vientiane Province", "extent": None,
               "priority": 0}]
    placed = place_labels(labels, zoom=5.4)
    assert len(placed) == 2 and placed[0]["offset"] != placed[1]["offset"]
