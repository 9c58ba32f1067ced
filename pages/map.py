"""Provincial map: where activities are, by province (or district, where the office imported
district boundaries); shared and national figures shown whole."""

import streamlit as st

from components import map as geo
from components.notices import filter_note
from components.shell import current_view
from visuals.wording import md

view = current_view()
gazetteer = view.gazetteer
area = gazetteer.admin1_label.lower()
title = st.empty()  # it names the level shown, chosen below it
filter_note(view, "map")

level = geo.level_picker(view.data_dir, gazetteer)
shown = gazetteer.label(level.number).lower()
title.title(f"Map by {md(shown)}: {md(gazetteer.country)}")
geo.explain(shown, area)
measure = geo.measure_picker()
shapes = geo.map_or_notice(view.data_dir, gazetteer, level)
table = geo.areas(view, measure, shapes, level)

map_column, side = st.columns([3, 2], gap="medium")
with side:
    if shapes:
        geo.legend(table, measure, shown)
    chosen = geo.province_picker(table, shown, level)
    if level.number == 2:
        geo.placed_at_province_level(view)
    geo.shared_sections(geo.shared(view), area)
with map_column:
    if shapes:
        geo.province_map(shapes, table, measure, gazetteer, chosen, level)
        geo.not_drawn(table, shown, level)
        geo.boundaries_download(view.data_dir, gazetteer, level)
    elif level.number == 1:  # a district file that cannot be read has said so above
        geo.ranked(table, measure, gazetteer)

if chosen:
    geo.area_activities(view.activities, chosen, gazetteer, level)
geo.all_areas(table, gazetteer, level)
