"""The provincial map, built without Streamlit: provinces coloured by a measure, their labels
and tooltips, the legend's rows and the tables beside the map.

The map is a pydeck GeoJsonLayer on a plain canvas (``map_provider=None`` and pydeck's default
map style): no base map, so nothing is fetched from outside the machine. Colours come in a few
classes from a sequential ramp that stays distinct on a washed-out projector; grey means nothing
was reported for the area on its own. Every text from the data reaches the tooltip escaped, so
none is ever read as HTML. :mod:`components.map` shows all this on the page.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import pydeck as pdk
from pydeck.bindings.json_tools import default_serialize

from srrp.activities.by_area import COUNTS, MEASURES
from srrp.formatting import count, usd, usd_exact
from srrp.places.gazetteer import Gazetteer
from srrp.places.geometry import bbox, label_point, load_boundaries
from visuals import charts
from visuals.tables import or_not_reported
from visuals.wording import NOT_REPORTED


@dataclass(frozen=True)
class Level:
    """A level of areas the map draws: its number, the columns of its P-code and name in the
    tables of srrp.activities.by_area and the boundary files, and the id of its layer on the map."""
    number: int
    code: str
    name: str
    layer: str


PROVINCES = Level(1, "admin1_pcode", "admin1_name", "provinces")
DISTRICTS = Level(2, "admin2_pcode", "admin2_name", "districts")
LEVELS = {1: PROVINCES, 2: DISTRICTS}
LAYER = PROVINCES.layer
MAP_HEIGHT = 620
MAP_WIDTH = 470  # the map's column on a 1280-pixel-wide screen: the fit shows it whole there
# Viridis, five steps: ordered in lightness and in hue, readable by colour-blind viewers.
RAMP = ["#FDE725", "#5EC962", "#21918C", "#3B528B", "#440154"]
NO_DATA = "#BDBDBD"
OUTLINE = [255, 255, 255]
CHOSEN_OUTLINE = [230, 0, 126]
LABEL = {
    "activities": "Activities",
    "projects": "Projects",
    "organisations": "Organisations present",
    "people_targeted": "People targeted",
    "people_reached": "People reached",
    "budget": "Budget (USD)",
}
COORDINATE_DECIMALS = 4  # about 10 m on the ground: far finer than a pixel of a country map


@dataclass(frozen=True)
class Boundaries:
    geometries: dict[str, dict]  # P-code → its GeoJSON geometry, to COORDINATE_DECIMALS
    label_points: dict[str, tuple[float, float]]  # P-code → (lon, lat)
    bounds: tuple[float, float, float, float]  # min_lon, min_lat, max_lon, max_lat
    extents: dict[str, tuple[float, float, float, float]]  # P-code → its own bounds


def file_version(path: Path) -> tuple[int, int] | None:
    """The file's modification time and size, which change when it is edited; None: no file."""
    try:
        stat = path.stat()
    except FileNotFoundError:
        return None
    return stat.st_mtime_ns, stat.st_size


def read_boundaries(path: str, level: int = 1) -> Boundaries:
    """A boundary file's areas of that level by P-code, outlines rounded to COORDINATE_DECIMALS.

    Raises srrp.places.geometry.BoundaryError when the file is not a valid boundary file.
    """
    code = LEVELS[level].code
    geometries = {f["properties"][code]: f["geometry"]
                  for f in load_boundaries(path, level)["features"]}
    return Boundaries(
        {pcode: {**g, "coordinates": rounded(g["coordinates"])} for pcode, g in geometries.items()},
        {pcode: tuple(rounded(label_point(g))) for pcode, g in geometries.items()},
        bbox(list(geometries.values())),
        {pcode: bbox([g]) for pcode, g in geometries.items()})


def rounded(coordinates) -> list:
    """GeoJSON coordinates (lists of [lon, lat], nested) to COORDINATE_DECIMALS: what the map
    sends is then no bigger than it needs to be, whatever the precision of the file."""
    if coordinates and isinstance(coordinates[0], int | float):
        return [round(c, COORDINATE_DECIMALS) for c in coordinates]
    return [rounded(c) for c in coordinates]


# --- colours and words ---------------------------------------------------------------------

def hex_rgb(colour: str) -> list[int]:
    return [int(colour[i:i + 2], 16) for i in (1, 3, 5)]


def classes(values: pd.Series, zero_is_none: bool, most: int = len(RAMP)) -> pd.Series:
    """The class of each value: 0 (lowest) up to ``most - 1``; -1 where there is nothing.

    A handful of distinct values get one class each; more are split into classes holding
    about as many distinct values each.
    """
    known = values.notna() & ((values > 0) if zero_is_none else True)
    known = known.fillna(False).astype(bool)
    result = pd.Series(-1, index=values.index)
    if not known.any():
        return result
    rank = values[known].astype("float64").rank(method="dense").astype(int) - 1
    distinct = int(rank.max()) + 1
    result[known] = rank if distinct <= most else (rank * most // distinct)
    return result


def class_colours(n: int) -> list[str]:
    """``n`` colours of the ramp, as far apart as they can be."""
    if n == 1:
        return [RAMP[2]]
    return [RAMP[round(i * (len(RAMP) - 1) / (n - 1))] for i in range(n)]


def figure(value, measure: str) -> str:
    """A figure as people say it: '3 activities', '15,831 people', 'USD 240,000'."""
    if pd.isna(value):
        return NOT_REPORTED
    if measure == "budget":
        return usd_exact(value)
    if measure in COUNTS:
        return count(value, MEASURES[measure][1] if value == 1 else measure)
    return count(value, "people")


def short_figure(value, measure: str) -> str:
    return usd(value) if measure == "budget" else f"{int(value):,}"


def none_label(measure: str, area: str) -> str:
    nothing = "no activity" if measure in COUNTS else NOT_REPORTED
    return f"grey: {nothing} (no data) for the {area} alone"


def legend_rows(table: pd.DataFrame, measure: str, area: str) -> pd.DataFrame:
    """One row per colour shown: its class's range of values, then grey for nothing reported."""
    cls = classes(table["value"], measure in COUNTS)
    colours = class_colours(int(cls.max()) + 1) if (cls >= 0).any() else []
    rows = []
    for index, colour in enumerate(colours):
        members = table.loc[cls == index, "value"]
        low, high = short_figure(members.min(), measure), short_figure(members.max(), measure)
        rows.append((colour, low if low == high else f"{low} to {high}", len(members)))
    grey = int((cls == -1).sum())
    if grey:
        rows.append((NO_DATA, none_label(measure, area), grey))
    return pd.DataFrame(rows, columns=["colour", LABEL[measure], f"{area}s"])


def tooltip(row, area: str, level: Level = PROVINCES) -> str:
    own = (f"{figure(row.activities, 'activities')} in {figure(row.projects, 'projects')}"
           if row.activities else f"No activity for this {area} alone")
    name = row.admin1_name if level is PROVINCES else f"{row.admin2_name} ({row.admin1_name})"
    lines = [name, own,
             f"Organisations present: {row.organisations:,}",
             f"Sectors present: {row.sectors or NOT_REPORTED}",
             f"People targeted: {figure(row.people_targeted, 'people_targeted')}",
             f"People reached: {figure(row.people_reached, 'people_reached')}",
             f"Budget: {figure(row.budget_usd, 'budget')}"]
    if getattr(row, "shared_activities", 0):  # a district has none: no row is shared by some
        lines.append(f"+ {figure(row.shared_activities, 'activities')} shared with other "
                     f"{area}s, not counted here")
    return "\n".join(lines)


# --- the map -------------------------------------------------------------------------------

def fit_view(bounds, width: int = MAP_WIDTH, height: int = MAP_HEIGHT,
             padding: float = 0.95) -> pdk.ViewState:
    """The centre and zoom that show the whole bounding box (Web Mercator, 512-pixel world)."""
    min_lon, min_lat, max_lon, max_lat = bounds

    def y(lat):
        return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))

    dx = max(math.radians(max_lon - min_lon), 1e-6)
    dy = max(y(max_lat) - y(min_lat), 1e-6)
    scale = min(width / dx, height / dy) * padding * 2 * math.pi / 512
    centre_lat = math.degrees(2 * math.atan(math.exp((y(min_lat) + y(max_lat)) / 2)) - math.pi / 2)
    return pdk.ViewState(longitude=(min_lon + max_lon) / 2, latitude=centre_lat,
                         zoom=round(math.log2(scale), 2), min_zoom=3, max_zoom=11)


# Streamlit escapes every {value} it puts into a tooltip's HTML: the data stay text. The
# template is HTML only so that each area can say on which side of the pointer its tooltip
# opens (towards the middle of the map), and so never be cut off at the map's edge.
TOOLTIP = {
    "html": '<div style="translate: {side}; width: max-content; max-width: 340px; '
            'white-space: pre-line; background: #111827; color: #FFFFFF; padding: 10px 14px; '
            'border-radius: 6px; font-size: 18px; line-height: 1.35">{tooltip}</div>',
    "style": {"backgroundColor": "transparent", "padding": "0"},
}


def deck(shapes: Boundaries, table: pd.DataFrame, measure: str, gazetteer: Gazetteer,
         chosen: str | None, level: Level = PROVINCES) -> pdk.Deck:
    view_state = fit_view(shapes.bounds)
    features = _features(shapes, table, measure, gazetteer.label(level.number).lower(),
                         view_state, level)
    layers = [pdk.Layer(
        "GeoJsonLayer", id=level.layer, data={"type": "FeatureCollection", "features": features},
        pickable=True, stroked=True, filled=True, get_fill_color="properties.fill",
        get_line_color=OUTLINE, line_width_min_pixels=1.5, auto_highlight=True,
        highlight_color=[255, 255, 255, 90])]
    if chosen in shapes.geometries:
        layers.append(pdk.Layer(  # its outline only: no colour, no tooltip
            "GeoJsonLayer", id="chosen", filled=False, stroked=True, pickable=False,
            data={"type": "FeatureCollection", "features": [{
                "type": "Feature", "geometry": shapes.geometries[chosen],
                "properties": {level.code: chosen}}]},
            get_line_color=CHOSEN_OUTLINE, line_width_min_pixels=5))
    layers += _labels(shapes, table, measure, gazetteer, view_state, level)
    return CompactDeck(layers=layers, initial_view_state=view_state, map_provider=None,
                       tooltip=TOOLTIP)


def _features(shapes: Boundaries, table: pd.DataFrame, measure: str, area: str,
              view_state: pdk.ViewState, level: Level = PROVINCES) -> list[dict]:
    """Each drawn area with what the browser uses of it, and nothing more: its P-code (a click
    names it), its colour, its tooltip and the side the tooltip opens on. An area whose P-code
    the gazetteer does not know (an office's newer P-code version) is drawn grey, and says so."""
    cls = classes(table["value"], measure in COUNTS)
    palette = class_colours(int(cls.max()) + 1) if (cls >= 0).any() else []
    filled = table.assign(fill=[hex_rgb(palette[c]) if c >= 0 else hex_rgb(NO_DATA) for c in cls])
    rows = {getattr(row, level.code): row for row in filled.itertuples()}
    return [{"type": "Feature", "geometry": geometry, "properties": {
        level.code: pcode,
        "fill": rows[pcode].fill if pcode in rows else hex_rgb(NO_DATA),
        "tooltip": tooltip(rows[pcode], area, level) if pcode in rows else
        f"{pcode}: a P-code the P-code list does not have, so no activity is placed here",
        "side": tooltip_side(shapes.label_points[pcode], view_state)}}
        for pcode, geometry in shapes.geometries.items()]


class CompactDeck(pdk.Deck):
    """A Deck written as JSON without indentation. pydeck indents its JSON by two spaces, which
    makes up four fifths of what a map of polygons sends, and takes Python's slow encoder."""

    def to_json(self) -> str:
        return json.dumps(self, sort_keys=True, default=default_serialize, separators=(",", ":"))


def tooltip_side(point, view: pdk.ViewState, margin: int = 110) -> str:
    """Where the tooltip opens from the pointer (a CSS translate): towards the map's middle."""
    x, y = _pixels(*point, view.zoom)
    cx, cy = _pixels(view.longitude, view.latitude, view.zoom)
    across = "16px" if x < cx else "calc(-100% - 16px)"
    if y - cy < margin - MAP_HEIGHT / 2:
        down = "16px"
    elif y - cy > MAP_HEIGHT / 2 - margin:
        down = "calc(-100% - 16px)"
    else:
        down = "-50%"
    return f"{across} {down}"


LABEL_SIZE = 16  # pixels
CHAR_WIDTH = 8.6  # pixels: a bold Source Sans character at LABEL_SIZE, on average, with room


def _labels(shapes: Boundaries, table: pd.DataFrame, measure: str, gazetteer: Gazetteer,
            view: pdk.ViewState, level: Level = PROVINCES) -> list[pdk.Layer]:
    """Names and figures on the map, so a room can read it without hovering; and a marker at
    the capital of a province the boundary file has no polygon for. Districts, too many to
    name, are named only where something is reported (the others keep their tooltips)."""
    labels, missing = [], []
    for row in table.itertuples():
        shown = not (pd.isna(row.value) or (measure in COUNTS and not row.value))
        if level is DISTRICTS and not (shown and row.has_polygon):
            continue
        name, pcode = getattr(row, level.name), getattr(row, level.code)
        text = f"{name}\n{short_figure(row.value, measure)}" if shown else name
        if row.has_polygon:
            position, extent = shapes.label_points[pcode], shapes.extents[pcode]
        else:
            capital = gazetteer.area(row.admin1_pcode)
            if capital.capital_lat is None:  # neither a polygon nor a capital: in the table only
                continue
            position, extent = (capital.capital_lon, capital.capital_lat), None
            missing.append({"position": list(position)})
            text = f"{text}\n(no boundary)"
        labels.append({"position": list(position), "text": text, "extent": extent,
                       # a marker first, then the largest figures: the smallest give way
                       "priority": math.inf if extent is None else
                       float(row.value) if shown else -1.0})
    placed = place_labels(labels, view.zoom, frame=_frame(view))
    layers = [pdk.Layer(
        "TextLayer", id="names", data=placed, get_position="position", get_text="text",
        get_pixel_offset="offset", get_size=LABEL_SIZE,
        font_family="'Source Sans, sans-serif'", font_weight=700, character_set="'auto'",
        line_height=1.1, font_settings={"sdf": True, "fontSize": 64, "buffer": 8},
        outline_width=5, outline_color=[255, 255, 255, 235],
        get_alignment_baseline="'center'", pickable=False)]
    if missing:
        layers.insert(0, pdk.Layer(
            "ScatterplotLayer", id="no-boundary", data=missing, get_position="position",
            get_radius=8, radius_units="'pixels'", stroked=True, filled=False,
            get_line_color=[17, 24, 39], line_width_min_pixels=3, pickable=False))
    return layers


def _pixels(lon: float, lat: float, zoom: float) -> tuple[float, float]:
    """Screen pixels (y down) of a point at a zoom, up to a shift common to all points."""
    scale = 512 * 2**zoom / (2 * math.pi)
    return (scale * math.radians(lon),
            -scale * math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)))


def _frame(view: pdk.ViewState) -> tuple[float, float, float, float]:
    """The map's first view in the pixels of :func:`_pixels`: at its narrowest (MAP_WIDTH)."""
    x, y = _pixels(view.longitude, view.latitude, view.zoom)
    return x - MAP_WIDTH / 2, y - MAP_HEIGHT / 2, x + MAP_WIDTH / 2, y + MAP_HEIGHT / 2


def place_labels(labels: list[dict], zoom: float,
                 frame: tuple[float, float, float, float] | None = None) -> list[dict]:
    """Labels that do not overlap at the first view: each goes on its point, or just beside it;
    one that finds no room is left out, the least important first (its area keeps its tooltip).
    Within a ``frame`` (pixels), a label is never put where the map's edge would cut it.

    A label bigger than its area (``extent``, a bounding box) goes beside it first, so the
    colour of a small area stays visible; one with no area (a marker) goes above the marker.
    """
    taken: list[tuple[float, float, float, float]] = []
    kept = []
    for label in sorted(labels, key=lambda item: -item["priority"]):
        x, y = _pixels(*label["position"], zoom)
        lines = label["text"].split("\n")
        w = max(map(len, lines)) * CHAR_WIDTH + 6
        h = len(lines) * LABEL_SIZE * 1.15 + 4
        around = [(0, -h / 2 - 10), (0, h / 2 + 10), (w / 2 + 12, 0), (-w / 2 - 12, 0),
                  (w / 2, -h / 2 - 6), (-w / 2, -h / 2 - 6), (w / 2, h / 2 + 6),
                  (-w / 2, h / 2 + 6)]
        if label["extent"] is None:
            taken.append((x - 10, y - 10, x + 10, y + 10))
            offsets = around
        else:
            x0, y1 = _pixels(*label["extent"][:2], zoom)
            x1, y0 = _pixels(*label["extent"][2:], zoom)
            small = (x1 - x0) < w or (y1 - y0) < h
            offsets = [*around, (0, 0)] if small else [(0, 0), *around]
        for dx, dy in offsets:
            box = (x + dx - w / 2, y + dy - h / 2, x + dx + w / 2, y + dy + h / 2)
            outside = frame is not None and not (frame[0] <= box[0] and box[2] <= frame[2]
                                                 and frame[1] <= box[1] and box[3] <= frame[3])
            if not outside and not any(box[0] < t[2] and t[0] < box[2] and box[1] < t[3]
                                       and t[1] < box[3] for t in taken):
                taken.append(box)
                kept.append({"position": label["position"], "text": label["text"],
                             "offset": [round(dx), round(dy)]})
                break
    return kept


# --- the ranked chart: where there is no map -------------------------------------------------

RANKED_BARS = 25  # bars a projector can show with readable names; the table lists every area


def ranked_areas(table: pd.DataFrame, measure: str, title: str,
                 most: int = RANKED_BARS) -> go.Figure | None:
    """The areas with something reported, ranked by the measure, as horizontal bars: what a
    country with no boundaries shows instead of its map, on the page and on the slide. None
    when no area has anything reported for it alone."""
    counted = table[table["value"].notna().to_numpy(dtype=bool)]
    if measure in COUNTS:
        counted = counted[(counted["value"] > 0).to_numpy(dtype=bool)]
    if counted.empty:
        return None
    rows = counted.sort_values("value", ascending=False, kind="stable").head(most).iloc[::-1]
    values = rows["value"].astype("float64")
    fig = go.Figure(go.Bar(
        y=rows["admin1_name"].tolist(), x=values.tolist(), orientation="h", marker_color=RAMP[3],
        text=[short_figure(v, measure) for v in rows["value"]], textposition="outside",
        hovertemplate="%{y}: %{text}<extra></extra>"))
    fig.update_layout(showlegend=False, bargap=0.25,
                      xaxis={"title": LABEL[measure], "tickformat": "~s"})
    charts.room_for_labels(fig, float(values.max()))
    top = rows.iloc[-1]
    said = (f"{len(counted)} areas have {LABEL[measure].lower()} reported for them alone, most "
            f"of all {top['admin1_name']} ({figure(top['value'], measure)})"
            + (f"; the {most} highest are shown." if len(counted) > most else "."))
    return charts.style(fig, title, height=max(300, 34 * len(rows) + 150), summary=said)


# --- tables --------------------------------------------------------------------------------

def figures_text(rows: pd.DataFrame) -> pd.Series:
    """'35,000 people targeted', '381 villages reached', or 'no figure reported', per row."""
    unit = rows["unit"].fillna("")

    def part(column):
        numbers = rows[column].astype("object").map(lambda v: "" if pd.isna(v) else f"{v:,.0f}")
        return (numbers + " " + unit + f" {column}").where(rows[column].notna(), "")

    text = (part("targeted") + " · " + part("reached")).str.strip(" ·").str.replace("  ", " ")
    return text.where(text != "", "no figure reported")


def dates(rows: pd.DataFrame) -> pd.Series:
    start = rows["start"].fillna("").astype(str)
    end = rows["end"].fillna("").astype(str)
    text = start.where(start != "", "?") + " to " + end.where(end != "", "?")
    return text.where((start != "") | (end != ""), NOT_REPORTED)


def text_or_not_reported(column: pd.Series) -> pd.Series:
    column = column.fillna("").astype(str)
    return column.where(column.str.strip() != "", NOT_REPORTED)


def shared_table(shared: pd.DataFrame, area: str) -> pd.DataFrame:
    """Shared figures whole; the national ones need no list of areas."""
    table = pd.DataFrame({
        "figure (whole)": figures_text(shared),
        f"{area}s together": shared["provinces"],
        "indicator": text_or_not_reported(shared["indicator"]),
        "project": shared["project"],
        "donor": text_or_not_reported(shared["donor"]),
        "source": shared["source"],
    })
    national = shared["scope"].eq("national").all()
    return table.drop(columns=f"{area}s together") if national else table


def activities_table(rows: pd.DataFrame, pcode: str, gazetteer: Gazetteer) -> pd.DataFrame:
    """A province's activities: its own, then those it shares (whose figure is not divided)."""
    area = gazetteer.admin1_label.lower()
    alone = rows["admin1_pcode"] == pcode
    return district_activities_table(rows).assign(**{
        "reported for": pd.Series(f"this {area} alone", index=rows.index).where(
            alone, rows["n_admin1"].map(lambda n: f"{n} {area}s together (figure not divided)"))})


def district_activities_table(rows: pd.DataFrame) -> pd.DataFrame:
    """Activities as listed under the map: each reported for the one area chosen."""
    return pd.DataFrame({
        "project": rows["project"],
        "indicator": text_or_not_reported(rows["indicator"]),
        "targeted": or_not_reported(rows["targeted"]),
        "reached": or_not_reported(rows["reached"]),
        "unit": text_or_not_reported(rows["unit"]),
        "dates": dates(rows),
        "donor": text_or_not_reported(rows["donor"]),
        "source": rows["source"],
    })


def _figures(table: pd.DataFrame, as_text: bool) -> dict[str, pd.Series]:
    """The columns of figures of the tables of areas, as the map shows them."""
    shown = or_not_reported if as_text else (lambda column: column)
    return {
        "activities": table["activities"],
        "projects": table["projects"],
        "organisations present": table["organisations"],
        "sectors present": table["sectors"].where(table["sectors"] != "", NOT_REPORTED)
        if as_text else table["sectors"],
        "people targeted": shown(table["people_targeted"]),
        "people reached": shown(table["people_reached"]),
        "budget (USD)": shown(table["budget_usd"]),
    }


def _not_drawn_note(table: pd.DataFrame) -> pd.Series:
    return pd.Series("", index=table.index).where(
        table["has_polygon"], "no boundary polygon in the source boundaries: not drawn on the "
        "map, figures listed here")


def provinces_table(table: pd.DataFrame, area: str, as_text: bool = True) -> pd.DataFrame:
    """The figures of every area as the map shows them, with why an area is not drawn.

    As text for the screen ('not reported'); as numbers for downloads (an empty cell).
    """
    return pd.DataFrame({
        "admin1_pcode": table["admin1_pcode"],
        area: table["admin1_name"],
        **_figures(table, as_text),
        f"activities shared with other {area}s": table["shared_activities"],
        "note": _not_drawn_note(table),
    })


def districts_table(table: pd.DataFrame, area: str, province: str,
                    as_text: bool = True) -> pd.DataFrame:
    """The figures of every district as the district map shows them, under its province."""
    return pd.DataFrame({
        "admin2_pcode": table["admin2_pcode"],
        area: table["admin2_name"],
        province: table["admin1_name"],
        **_figures(table, as_text),
        "note": _not_drawn_note(table),
    })


def province_only_table(table: pd.DataFrame, province: str) -> pd.DataFrame:
    """The rows placed at province level only, per province, their figures whole."""
    return pd.DataFrame({
        province: table["admin1_name"],
        "activities": table["activities"],
        "people targeted": or_not_reported(table["people_targeted"]),
        "people reached": or_not_reported(table["people_reached"]),
    })
