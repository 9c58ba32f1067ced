"""The briefing's map: readable from the back of a room, whatever the country."""

from __future__ import annotations

from pathlib import Path

import plotly.graph_objects as go
import pytest

from srrp.places.boundaries import boundary_file
from srrp.places.geometry import bbox
from visuals.deck import MAP_DARK, MAP_PLOT, activity_map, for_theme
from visuals.map import (
    CHAR_WIDTH,
    LABEL_SIZE,
    _pixels,
    fit_view,
    read_boundaries,
)

DATA = Path(__file__).resolve().parents[2] / "data"


@pytest.fixture(scope="module")
def nigeria() -> dict[str, dict]:
    return read_boundaries(str(boundary_file(DATA, "NGA"))).geometries


def boxes(fig, geometries) -> list[tuple[float, float, float, float]]:
    """Each label's box in pixels of the plot the labels are placed for."""
    zoom = fit_view(bbox(list(geometries.values())), *MAP_PLOT).zoom
    out = []
    for note in fig.layout.annotations:
        x, y = _pixels(note.ax if note.showarrow else note.x,
                       note.ay if note.showarrow else note.y, zoom)
        text = note.text.replace("<b>", "").replace("</b>", "")
        w, h = len(text) * CHAR_WIDTH + 6, LABEL_SIZE * 1.15 + 4
        out.append((x - w / 2, y - h / 2, x + w / 2, y + h / 2))
    return out


def test_no_two_labels_of_a_crowded_map_overlap(nigeria):
    counts = {pcode: n + 1 for n, pcode in enumerate(sorted(nigeria))}  # all 37 states
    fig = activity_map(nigeria, counts, {p: p for p in nigeria}, "Records")
    placed = boxes(fig, nigeria)
    assert placed, "no label at all"
    for i, a in enumerate(placed):
        for b in placed[i + 1:]:
            across = min(a[2], b[2]) - max(a[0], b[0])
            down = min(a[3], b[3]) - max(a[1], b[1])
            assert not (across > 2 and down > 2), (a, b)


def test_the_largest_figures_keep_their_labels_and_the_smallest_give_way(nigeria):
    counts = {pcode: n + 1 for n, pcode in enumerate(sorted(nigeria))}
    fig = activity_map(nigeria, counts, {p: p for p in nigeria}, "Records")
    shown = {note.text.split("</b>")[0].removeprefix("<b>") for note in fig.layout.annotations}
    ranked = sorted(counts, key=counts.get, reverse=True)
    assert set(ranked[:5]) <= shown  # the five largest are always labelled
    assert len(shown) < len(counts)  # 37 labels do not fit: some of the smallest give way


def test_the_map_has_a_colour_bar_from_none_to_the_most(nigeria):
    fig = activity_map(nigeria, {"NG008": 7, "NG020": 2}, {}, "Records")
    [scale] = [t for t in fig.data if t.marker and t.marker.showscale]
    assert (scale.marker.cmin, scale.marker.cmax) == (0, 7)
    assert "grey: none" in scale.marker.colorbar.title.text


def test_only_a_map_changes_colours_in_the_dark_theme(nigeria):
    bars = go.Figure(go.Bar(x=[1], y=["a"], marker_color="#2F5FC4"))
    assert for_theme(bars, dark=True) is bars
    light = activity_map(nigeria, {"NG008": 7}, {}, "Records")
    dark = for_theme(light, dark=True)
    assert MAP_DARK.empty in {t.fillcolor for t in dark.data}
    assert MAP_DARK.empty not in {t.fillcolor for t in light.data}  # the handouts' stays light
    assert for_theme(light, dark=False) is light
