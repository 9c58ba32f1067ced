"""A slide laid out for the screen it is shown on."""

from __future__ import annotations

import pytest

from visuals.deck import BigFigure, Section, Slide
from visuals.screen import DEFAULT_VIEWPORT, Screen, layout, lines


@pytest.mark.parametrize("reported", [None, {}, {"w": "wide"}, {"w": 10, "h": 10}])
def test_a_screen_not_reported_is_taken_for_a_projector(reported):
    assert (Screen.of(reported).width, Screen.of(reported).height) == DEFAULT_VIEWPORT


def test_type_grows_with_the_screen():
    small, large = Screen(1280, 720), Screen(3840, 2160)
    slide = Slide(key="k", kicker="K", title="A title", figures=(BigFigure("Gap", "USD 1 M"),))
    assert abs(layout(slide, large, False).chart_font
               - 3 * layout(slide, small, False).chart_font) <= 2
    assert layout(slide, large, False).chart_height > 2.5 * layout(slide, small, False).chart_height


def test_text_under_a_chart_and_a_scenario_bar_leave_the_chart_less_room():
    screen = Screen(1280, 720)
    bare = Slide(key="k", kicker="K", title="T")
    worded = Slide(key="k", kicker="K", title="T",
                   sections=(Section("Target groups", ("Refugee",) * 8, inline=True),))
    assert layout(worded, screen, False).chart_height < layout(bare, screen, False).chart_height
    assert layout(bare, screen, True).chart_height < layout(bare, screen, False).chart_height


def test_a_long_title_shrinks_to_two_lines_at_most():
    screen = Screen(1024, 768)
    title = "Ensure continuation of essential services, mitigate risks and protect displaced " \
            "persons, mobile populations and host communities"
    size = layout(Slide(key="k", kicker="K", title=title), screen, False).title_px
    assert lines(title, size, screen.inner_width, bold=True) <= 2
