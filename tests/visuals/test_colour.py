"""Colour everyone can read: the coverage scale and the bar colours stay apart for viewers
with deuteranopia or protanopia (simulated with Machado, Oliveira & Fernandes 2009, severity 1),
and chart marks stand out from the page in both themes (WCAG 2.2, 1.4.11: 3:1)."""

from __future__ import annotations

import numpy as np
import plotly.colors as pc
import pytest

from visuals import charts, deck

MACHADO = {  # linear RGB → linear RGB, severity 1.0
    "protanopia": np.array([[0.152286, 1.052583, -0.204868],
                            [0.114503, 0.786281, 0.099216],
                            [-0.003882, -0.048116, 1.051998]]),
    "deuteranopia": np.array([[0.367322, 0.860646, -0.227968],
                              [0.280085, 0.672501, 0.047413],
                              [-0.011820, 0.042940, 0.968881]]),
}
VISION = [None, *MACHADO]
BACKGROUNDS = {"light": "#FFFFFF", "dark": "#0E1117"}  # .streamlit/config.toml's themes
TOGETHER = [(charts.REQUIRED_COLOUR, charts.CONFIRMED_COLOUR),  # bars drawn side by side
            (charts.TARGETED_COLOUR, charts.REACHED_COLOUR),
            # the waterfall's steps: more gap, less gap, totals
            (charts.GAP_COLOUR, charts.LESS_GAP_COLOUR),
            (charts.GAP_COLOUR, charts.CONFIRMED_COLOUR),
            (charts.LESS_GAP_COLOUR, charts.CONFIRMED_COLOUR)]
MARKS = [charts.REQUIRED_COLOUR, charts.CONFIRMED_COLOUR, charts.GAP_COLOUR,
         charts.TARGETED_COLOUR, charts.REACHED_COLOUR, charts.LESS_GAP_COLOUR]


def linear(colour: str) -> np.ndarray:
    srgb = np.array(pc.hex_to_rgb(colour) if colour.startswith("#") else
                    pc.unlabel_rgb(colour)) / 255
    return np.where(srgb <= 0.04045, srgb / 12.92, ((srgb + 0.055) / 1.055) ** 2.4)


def seen(colour: str, vision: str | None) -> np.ndarray:
    rgb = linear(colour)
    return rgb if vision is None else np.clip(MACHADO[vision] @ rgb, 0, 1)


def lab(rgb: np.ndarray) -> np.ndarray:
    xyz = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722],
                    [0.0193, 0.1192, 0.9505]]) @ rgb / np.array([0.95047, 1.0, 1.08883])
    f = np.where(xyz > 216 / 24389, np.cbrt(xyz), (24389 / 27 * xyz + 16) / 116)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def delta_e(a: str, b: str, vision: str | None) -> float:
    return float(np.linalg.norm(lab(seen(a, vision)) - lab(seen(b, vision))))


def contrast(a: str, b: str) -> float:
    la, lb = (float(linear(c) @ [0.2126, 0.7152, 0.0722]) for c in (a, b))
    return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)


def scale_steps(scale, n: int = 5) -> list[str]:
    colours = pc.sample_colorscale(pc.make_colorscale([c for _, c in scale]) if
                                   isinstance(scale[0], list | tuple) else scale,
                                   [i / (n - 1) for i in range(n)])
    return [pc.label_rgb(pc.unlabel_rgb(c)) if c.startswith("rgb") else c for c in colours]


@pytest.mark.parametrize("vision", VISION)
@pytest.mark.parametrize("scale", [charts.COVERAGE_SCALE, deck.MAP_LIGHT.scale,
                                   deck.MAP_DARK.scale], ids=["coverage", "map", "map-dark"])
def test_a_scale_reads_from_less_to_more_for_every_viewer(scale, vision):
    """Each step of the scale is lighter (or darker) than the last by a visible margin, for
    colour-blind viewers too: the order never hangs on red against green."""
    steps = scale_steps(scale if isinstance(scale[0], list) else list(enumerate(scale)))
    lightness = [lab(seen(c, vision))[0] for c in steps]
    differences = np.diff(lightness)
    assert (np.all(differences > 0) or np.all(differences < 0)), lightness
    assert min(abs(differences)) >= 8, lightness


def test_the_old_red_to_green_scale_fails_the_check():
    """Guards the check itself: the scale issue 12 reported would not pass it."""
    red_green = [[0, "#C1272D"], [0.25, "#E07B00"], [0.5, "#F2C14E"], [1, "#2A9D8F"]]
    lightness = [lab(seen(c, "deuteranopia"))[0] for c in scale_steps(red_green)]
    assert not np.all(np.diff(lightness) > 0)


@pytest.mark.parametrize("vision", VISION)
@pytest.mark.parametrize("pair", TOGETHER, ids=lambda p: "-".join(p))
def test_bars_drawn_together_stay_apart(pair, vision):
    assert delta_e(*pair, vision) >= 15


@pytest.mark.parametrize("theme", BACKGROUNDS)
@pytest.mark.parametrize("mark", sorted(set(MARKS)))
def test_chart_marks_stand_out_from_the_page_in_both_themes(mark, theme):
    assert contrast(mark, BACKGROUNDS[theme]) >= 3



@pytest.mark.parametrize("theme", BACKGROUNDS)
def test_the_map_slide_reads_on_its_themes_page(theme):
    """Land stands from the page, the most records from the land, and the labels from their
    boxes, in the light theme's colours on the light page and the dark theme's on the dark."""
    colours = {"light": deck.MAP_LIGHT, "dark": deck.MAP_DARK}[theme]
    page, box = BACKGROUNDS[theme], pc.label_rgb(pc.unlabel_rgb(colours.box))  # its opaque part
    assert contrast(colours.scale[1], colours.empty) >= 3
    assert contrast(colours.scale[1], page) >= 3
    assert contrast(colours.text, box) >= 4.5
