"""A slide laid out for the screen it is shown on."""

from __future__ import annotations

import pytest

from visuals.deck import BigFigure, Section, Slide
from visuals.screen import BANNER, DEFAULT_VIEWPORT, Screen, em_width, layout, lines


@pytest.mark.parametrize("reported", [None, {}, {"w": "wide"}, {"w": 10, "h": 10}])
def test_a_screen_not_reported_is_taken_for_a_projector(reported):
    assert (Screen.of(reported).width, Screen.of(reported).height) == DEFAULT_VIEWPORT


def test_type_grows_with_the_screen():
    small, large = Screen(1280, 720), Screen(3840, 2160)
    slide = Slide(key="k", kicker="K", title="A title", figures=(BigFigure("Gap", "USD 1 M"),))
    assert abs(layout(slide, large).chart_font
               - 3 * layout(slide, small).chart_font) <= 2
    assert layout(slide, large).chart_height > 2.5 * layout(slide, small).chart_height


def test_text_under_a_chart_and_a_scenario_bar_leave_the_chart_less_room():
    screen = Screen(1280, 720)
    bare = Slide(key="k", kicker="K", title="T")
    worded = Slide(key="k", kicker="K", title="T",
                   sections=(Section("Target groups", ("Refugee",) * 8, inline=True),))
    assert layout(worded, screen).chart_height < layout(bare, screen).chart_height
    assert layout(bare, screen, "HYPOTHETICAL — a pledge").chart_height \
        < layout(bare, screen).chart_height


def test_a_scenario_bar_that_wraps_leaves_the_chart_less_room_than_one_line():
    screen, slide = Screen(1024, 768), Slide(key="k", kicker="K", title="T")
    short = "HYPOTHETICAL — a pledge"
    long = short + ": what if a donor gives USD 5 M to vaccines (3.2)? (not sourced funding)" * 2
    assert lines(long, screen.px(BANNER), screen.inner_width, bold=True) > 1
    assert layout(slide, screen, long).chart_height < layout(slide, screen, short).chart_height


def test_a_long_title_shrinks_to_two_lines_at_most():
    screen = Screen(1024, 768)
    title = "Ensure continuation of essential services, mitigate risks and protect displaced " \
            "persons, mobile populations and host communities"
    size = layout(Slide(key="k", kicker="K", title=title), screen).title_px
    assert lines(title, size, screen.inner_width, bold=True) <= 2


def test_capitals_and_figures_take_more_room_than_lower_case():
    assert em_width("HYPOTHETICAL") > em_width("hypothetical") > em_width("illicit")
    assert em_width("Gap", bold=True) > em_width("Gap")


def test_a_text_wraps_where_its_words_pass_the_width():
    text = " ".join(["migrant"] * 10)
    five = em_width(" ".join(["migrant"] * 5)) * 20 + 1  # px: five words at 20 px
    assert lines(text, 20, 2 * five + 20) == 1
    assert lines(text, 20, five) == 2
    assert lines(text, 20, five - 2) == 3
    assert lines("word", 20, 1) == 1  # a word wider than the line still takes one line
