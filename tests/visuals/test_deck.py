"""The briefing's slides as plain data."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

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


def slide_with(*sections, chart=False, beside=False) -> deck.Slide:
    return deck.Slide(key="k", kicker="Kicker", title="Title", sections=sections, beside=beside,
                      chart=go.Figure() if chart else None, notes="Say this.", sources=("S",))


def test_a_slide_with_more_than_a_room_can_read_goes_on_in_a_second_slide():
    long = deck.Section("Documents", tuple(f"Document {i} " + "word " * 20 for i in range(8)))
    first, second = deck.split(slide_with(long))
    assert first.key == "k" and second.key == "k-2"
    assert second.title == "Title (continued)" and second.kicker == "Kicker · 2/2"
    assert first.sections[0].lines + second.sections[0].lines == long.lines  # nothing lost
    assert second.sections[0].title == "Documents (continued)"
    assert second.notes == "Say this." and second.sources == ("S",)


def test_a_section_that_fits_a_slide_of_its_own_is_never_cut():
    a = deck.Section("A", ("x " * 60,) * 3)
    b = deck.Section("B", ("y " * 60,) * 3)
    first, second = deck.split(slide_with(a, b))
    assert first.sections == (a,) and second.sections == (b,)


def test_a_short_slide_stays_whole():
    short = slide_with(deck.Section("Target groups", ("Refugee", "Migrant"), inline=True),
                       chart=True)
    assert deck.split(short) == [short]
