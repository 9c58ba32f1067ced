"""The provincial map on the page: the map with its legend, the pickers and the tables, and the
boundary files read once per version of them.

The map itself, its colours, labels and tables are built in :mod:`visuals.map`, without
Streamlit; here they are shown, and the figures are kept per data version and choice.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from components.charts import show_chart
from components.kept import kept
from components.params import DISTRICT, LEVEL, MEASURE, PROVINCE, url_state, write_url
from components.tables import downloads, show_table
from srrp.activities.by_area import (
    MEASURES,
    activities_in,
    activities_in_district,
    by_admin1,
    by_admin2,
    join_names,
    province_only,
    shared_figures,
)
from srrp.places.boundaries import boundary_file, exported
from srrp.places.gazetteer import Gazetteer
from srrp.places.geometry import BoundaryError
from srrp.view import View
from visuals.map import (
    DISTRICTS,
    LABEL,
    LEVELS,
    MAP_HEIGHT,
    NO_DATA,
    PROVINCES,
    Boundaries,
    Level,
    activities_table,
    deck,
    district_activities_table,
    districts_table,
    file_version,
    legend_rows,
    province_only_table,
    provinces_table,
    ranked_areas,
    read_boundaries,
    shared_table,
)
from visuals.wording import a_or_an, md

MOST_NAMED = 12  # areas without a polygon named one by one under the map; more are counted
IMPORT_HINT = ("an editor can import the office's own boundaries (OCHA COD-AB: GeoJSON, "
               "TopoJSON or a zipped shapefile) on the Import page")


def map_or_notice(data_dir: Path, gazetteer: Gazetteer,
                  level: Level = PROVINCES) -> Boundaries | None:
    """The country's boundaries, or None after saying in one sentence why there is no map."""
    area = gazetteer.label(level.number).lower()
    try:
        shapes = boundaries(boundary_file(data_dir, gazetteer.iso3, level.number), level.number)
    except BoundaryError as err:
        st.error(f"The map cannot be drawn: {err}. The figures are in the table below.")
        return None
    if shapes is None:
        st.info(f"There are no boundaries for the {area}s of {md(gazetteer.country)} yet, so "
                f"they are ranked here instead of mapped; {IMPORT_HINT}.")
    return shapes


def explain(shown: str, province: str) -> None:
    """What each area on the map shows, and what is listed beside it instead."""
    if shown == province:
        apart = f"Figures reported for several {province}s together, or for the whole country,"
    else:
        apart = (f"Figures placed only at {province} level, reported for several {province}s "
                 "together, or for the whole country,")
    st.caption(f"Each {shown} shows what was reported for it alone. {apart} are listed whole "
               f"beside the map: never divided among them. Grey: nothing reported.")


def not_drawn(table: pd.DataFrame, area: str, level: Level = PROVINCES) -> None:
    """Under a map that lacks some areas: which, and how to add them."""
    missing = table.loc[~table["has_polygon"].to_numpy(dtype=bool), level.name].tolist()
    if len(missing) > MOST_NAMED:
        st.caption(f"{len(missing)} {area}s have no polygon in the imported boundaries: their "
                   f"figures are in the table below; {IMPORT_HINT}.")
    elif missing:
        st.caption(f"No polygon for {md(join_names(missing))}: "
                   f"{'its' if len(missing) == 1 else 'their'} figures are in the table below; "
                   f"{IMPORT_HINT}.")


def boundaries_download(data_dir: Path, gazetteer: Gazetteer, level: Level = PROVINCES) -> None:
    """The polygons drawn, as GeoJSON with their P-codes and names: for QGIS users."""
    path = boundary_file(data_dir, gazetteer.iso3, level.number)
    codes = "admin1_pcode" if level is PROVINCES else "admin2_pcode, its admin1_pcode"
    st.download_button(
        f"Download the {gazetteer.label(level.number).lower()}s (GeoJSON)",
        _exported(str(path), level.number, *file_version(path)),
        file_name=f"srrp_{gazetteer.iso3}_admin{level.number}.geojson",
        mime="application/geo+json", key="map-boundaries",
        help=f"The {gazetteer.label(level.number).lower()}s as drawn, each with its {codes} and "
             "name, for QGIS and other GIS tools.")


@st.cache_data(max_entries=4, show_spinner=False)
def _exported(path: str, level: int, mtime_ns: int, size: int) -> str:
    return exported(Path(path), level)


def ranked(table: pd.DataFrame, measure: str, gazetteer: Gazetteer) -> None:
    """The areas ranked by the measure, where there is no map to colour."""
    area = gazetteer.admin1_label.lower()
    chart = ranked_areas(table, measure, f"{LABEL[measure]} by {area}, reported for one {area}")
    if chart is None:
        st.info(f"No {area} has {LABEL[measure].lower()} reported for it alone. See the figures "
                f"reported for several {area}s together and the national ones, beside.")
        return
    show_chart(chart, key="map-ranked")


def boundaries(path: Path, level: int = 1) -> Boundaries | None:
    """The boundary file, read once per version of it; None when the country has none.

    Raises srrp.places.geometry.BoundaryError when the file is not a valid boundary file.
    """
    version = file_version(path)
    return None if version is None else _read(str(path), level, *version)


@st.cache_data(max_entries=16, show_spinner=False)
def _read(path: str, level: int, mtime_ns: int, size: int) -> Boundaries:
    return read_boundaries(path, level)


# --- the figures, once per data version and choice -----------------------------------------

def areas(view: View, measure: str, shapes: Boundaries | None,
          level: Level = PROVINCES) -> pd.DataFrame:
    """Every area's figures under the view's filters (srrp.activities.by_area.by_admin1, or
    by_admin2 for districts), computed once per data version, filters and set of areas drawn, not on
    every rerun; ``value`` is the chosen measure's column (every measure is computed together,
    so a new choice costs none)."""
    drawn = frozenset(shapes.geometries) if shapes else frozenset()
    roll_up = by_admin1 if level is PROVINCES else by_admin2
    figures = kept(view.baseline, roll_up.__name__, (view.filters, drawn), lambda: roll_up(
        view.activities, view.gazetteer, drawn=drawn))
    return figures.assign(value=figures[MEASURES[measure][0]])


def shared(view: View) -> dict[str, pd.DataFrame]:
    """The figures shown whole beside the map as its tables show them, for each scope (empty
    when there are none), built once per data version and filters, not on every rerun: a
    million activity rows hold hundreds of thousands of them."""
    area = view.gazetteer.admin1_label.lower()

    def tables() -> dict[str, pd.DataFrame]:
        figures = shared_figures(view.activities, view.gazetteer)
        return {scope: shared_table(figures[figures["scope"] == scope], area)
                for scope in ("several", "national")}

    return kept(view.baseline, "shared_tables", view.filters, tables)


def map_key(level: Level) -> str:
    return f"{level.layer[:-1]}_map"  # province_map, district_map: each keeps its own click


def province_map(shapes: Boundaries, table: pd.DataFrame, measure: str, gazetteer: Gazetteer,
                 chosen: str | None, level: Level = PROVINCES) -> None:
    st.pydeck_chart(
        deck(shapes, table, measure, gazetteer, chosen, level), height=MAP_HEIGHT,
        on_select="rerun", selection_mode="single-object", key=map_key(level),
        alt=f"Map of the {gazetteer.label(level.number).lower()}s of {gazetteer.country} "
            f"coloured by {LABEL[measure].lower()}; the same figures are in the table below.")


def legend(table: pd.DataFrame, measure: str, area: str) -> None:
    rows = legend_rows(table, measure, area)
    if len(rows) == 1 and rows["colour"].iloc[0] == NO_DATA:
        st.info(f"No {area} has {LABEL[measure].lower()} reported for it alone. See the figures "
                f"reported for several {area}s together and the national ones, below.")
    colours = rows["colour"].tolist()
    styled = rows.assign(colour="").style.apply(
        lambda _: [f"background-color: {c}" for c in colours], subset=["colour"])
    st.dataframe(styled, hide_index=True, key="map-legend", column_config={
        "colour": st.column_config.TextColumn("", width=50),
        LABEL[measure]: st.column_config.TextColumn(width="large"),
        f"{area}s": st.column_config.NumberColumn(width="small")})
    if measure == "budget":
        st.caption(f"Budget: the whole budget of each project with an activity in the {area} "
                   f"alone, once per project; a project working in several {area}s counts in "
                   "each of them.")


# --- picking an area -----------------------------------------------------------------------

def clicked(state, level: Level = PROVINCES) -> str | None:
    """The P-code of the area selected on the map, if any."""
    try:
        objects = state["selection"]["objects"].get(level.layer) or []
    except (KeyError, TypeError, AttributeError):
        return None
    return objects[0].get("properties", {}).get(level.code) if objects else None


def follow_map_click(key: str, pcodes: list[str], level: Level = PROVINCES) -> None:
    """A new click on the map chooses that area in the picker; the picker keeps its choice
    until the map's selection changes again (so both ways of choosing work together)."""
    now = clicked(st.session_state.get(map_key(level)), level)
    seen = f"_{map_key(level)}_seen"
    if now != st.session_state.get(seen):
        st.session_state[seen] = now
        if now is None or now in pcodes:
            st.session_state[key] = now


def map_lags(chosen: str | None, level: Level = PROVINCES) -> str | None:
    """The area the map still shows as selected when the picker chose another one."""
    on_map = clicked(st.session_state.get(map_key(level)), level)
    return on_map if on_map and on_map != chosen else None


# --- pickers -------------------------------------------------------------------------------

def measure_picker() -> str:
    bound = url_state(MEASURE, list(LABEL))
    measure = st.segmented_control("Colour the map by", list(LABEL), format_func=LABEL.get,
                                   key=MEASURE.key)
    write_url(bound)
    return measure or MEASURE.default


def level_picker(data_dir: Path, gazetteer: Gazetteer) -> Level:
    """Provinces or districts, offered only where the office imported district boundaries;
    kept in the URL."""
    if file_version(boundary_file(data_dir, gazetteer.iso3, 2)) is None:
        return PROVINCES
    bound = url_state(LEVEL, list(LEVELS))
    level = st.segmented_control(
        "Map of", list(LEVELS), key=LEVEL.key,
        format_func=lambda n: f"{gazetteer.label(n)}s")
    write_url(bound)
    return LEVELS[level or LEVEL.default]


def province_picker(table: pd.DataFrame, area: str, level: Level = PROVINCES) -> str | None:
    """The area chosen by a click on the map or here; kept in the URL."""
    param = PROVINCE if level is PROVINCES else DISTRICT
    pcodes = table[level.code].tolist()
    names = dict(zip(pcodes, table[level.name], strict=True))
    if level is DISTRICTS:  # names repeat across provinces (Xaysetha): say which
        names = {p: f"{n} ({province})" for (p, n), province in zip(
            names.items(), table["admin1_name"], strict=True)}
    drawn = dict(zip(pcodes, table["has_polygon"], strict=True))
    bound = url_state(param, [None, *pcodes])
    follow_map_click(param.key, pcodes, level)
    chosen = st.selectbox(
        area.capitalize(), pcodes, index=None, key=param.key,
        placeholder=f"Click the map or choose {a_or_an(area)}" if any(drawn.values())
        else f"Choose {a_or_an(area)}",
        format_func=lambda p: names[p] if drawn[p] else f"{names[p]} (not on the map)")
    write_url(bound)
    if lagging := map_lags(chosen, level):
        st.caption(f"The map still highlights {md(names[lagging])}, clicked last; click it again "
                   "to clear that.")
    return chosen


# --- sections of the page ------------------------------------------------------------------

def shared_sections(tables: dict[str, pd.DataFrame], area: str) -> None:
    """The figures for several areas together, then the national ones: whole, never split."""
    for scope, heading, none in (
            ("several", f"Figures reported for several {area}s together",
             f"No figure is reported for several {area}s together."),
            ("national", f"National figures (no {area} given)", "No national figure.")):
        st.subheader(heading)
        if tables[scope].empty:
            st.caption(none)
        else:
            show_table(tables[scope], key=f"map-{scope}")


def placed_at_province_level(view: View) -> None:
    """Beside the district map: the rows placed in a province but in none of its districts,
    which the district map cannot draw, as a figure and per province."""
    province = view.gazetteer.admin1_label.lower()
    table = kept(view.baseline, "province_only", view.filters,
                 lambda: province_only(view.activities, view.gazetteer))
    st.subheader(f"Placed at {province} level only")
    count = int(table["activities"].sum())
    if not count:
        st.caption(f"Every activity reported for one {province} names its district.")
        return
    st.markdown(f"**{count:,} {'activity' if count == 1 else 'activities'} placed only at "
                f"{province} level, not drawn** on the district map: counted in "
                f"{'its' if len(table) == 1 else 'their'} {province} on the {province} map.")
    show_table(province_only_table(table, province), key="map-province-only")


def area_activities(activities: pd.DataFrame, pcode: str, gazetteer: Gazetteer,
                    level: Level = PROVINCES) -> None:
    """The chosen area's activities: a province's own then those it shares; a district's."""
    if level is PROVINCES:
        name = gazetteer.area(pcode).name
        rows = activities_in(activities, pcode)
    else:
        district = next(d for d in gazetteer.districts if d.pcode == pcode)
        name = f"{district.name} ({gazetteer.area(district.parent).name})"
        rows = activities_in_district(activities, gazetteer, pcode)
    st.subheader(f"Activities in {md(name)}")
    if rows.empty:
        st.info(f"No activity is reported for {md(name)} with the current filters.")
        return
    table = activities_table(rows, pcode, gazetteer) if level is PROVINCES else \
        district_activities_table(rows)
    show_table(table, key="map-activities")
    downloads(table, f"srrp_{gazetteer.iso3}_{pcode}_activities", hypothetical=False,
              key="map-activities")


def all_areas(table: pd.DataFrame, gazetteer: Gazetteer, level: Level = PROVINCES) -> None:
    area = gazetteer.label(level.number).lower()
    st.subheader(f"All {md(area)}s")
    if level is PROVINCES:
        def shown(as_text):
            return provinces_table(table, area, as_text)
    else:
        def shown(as_text):
            return districts_table(table, area, gazetteer.admin1_label.lower(), as_text)
    # every province at once; districts, a hundred or more, in a box that scrolls
    show_table(shown(True), key="map-provinces",
               height=35 * len(table) + 40 if level is PROVINCES else 720)
    downloads(shown(False), f"srrp_{gazetteer.iso3}_{area}s", hypothetical=False,
              key="map-provinces")
