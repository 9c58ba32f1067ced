"""The briefing's slides as plain data."""

from __future__ import annotations

import pandas as pd

from visuals import deck


def test_a_slide_lists_the_largest_groups_and_says_how_many_more_there_are():
    """A million rows make tens of thousands of project-and-places groups: a slide lists the
    ones with most records and counts the rest, which the map page lists whole."""
    rows = pd.DataFrame({"project": [f"P{i}" for i in range(15) for _ in range(i + 1)],
                         "admin1_pcode": "LA01;LA02", "location": ""})
    lines = deck._grouped(rows, {"LA01": "Vientiane Capital", "LA02": "Phongsaly"})
    assert len(lines) == deck.SLIDE_LINES + 1
    assert lines[0] == "P14 — Vientiane Capital, Phongsaly (15 records)"
    assert lines[-1].startswith("and 5 more projects and places (15 records)")
