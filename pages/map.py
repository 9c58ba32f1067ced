"""Provincial map: where activities are, by province; shared and national figures shown whole."""

import streamlit as st

from components import map as geo
from components.notices import filter_note
from components.shell import current_view
from visuals.wording import md

view = current_view()
gazetteer = view.gazetteer
area = gazetteer.admin1_label.lower()
st.title(f"Map by {md(area)}: {md(gazetteer.country)}")
filter_note(view, "map")
st.caption(f"Each {area} shows what was reported for it alone. Figures reported for several "
           f"{area}s together, or for the whole country, are listed whole beside the map: never "
           "divided among them. Grey: nothing reported.")

measure = geo.measure_picker()
shapes = geo.map_or_notice(view.data_dir, gazetteer)
table = geo.areas(view, measure, shapes)

map_column, side = st.columns([3, 2], gap="medium")
with side:
    if shapes:
        geo.legend(table, measure, area)
    province = geo.province_picker(table, area)
    geo.shared_sections(geo.shared(view), area)
with map_column:
    if shapes:
        geo.province_map(shapes, table, measure, gazetteer, province)
        geo.not_drawn(table, area)
        geo.boundaries_download(view.data_dir, gazetteer)
    else:
        geo.ranked(table, measure, gazetteer)

if province:
    geo.area_activities(view.activities, province, gazetteer)
geo.all_areas(table, gazetteer)
