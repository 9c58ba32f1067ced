"""Import: bring a country office's 3W/4W/5W file, IATI activities or OCHA FTS funding flows
into the dashboard, checked row by row (or flow by flow)."""

import streamlit as st

from components import boundaries_import, funding_import, importer, imports
from components.access import can_edit, why_not
from components.shell import current_view
from srrp.funding.fts import looks_like_fts
from srrp.funding.iati import looks_like_iati
from srrp.intake.imports import content_hash
from srrp.intake.mapping import Mapping

view = current_view()
st.title("Import activity data")
if not can_edit():  # the page is not listed then; refuse all the same
    st.info(f"Nothing can be imported here: {why_not()}.")
    st.stop()
st.markdown("Upload a country office's who-does-what-where sheet as it is. Each row is "
            "checked: accepted, or rejected with its line and reason. Nothing is added until "
            "you click **Add to the dashboard**, and then as a new file: the data already "
            "there are never changed.")
importer.flash()
importer.done(view)
imports.imports_list()
boundaries_import.boundaries_import(view)
uploaded = importer.upload()
if uploaded is None:
    st.stop()
if looks_like_fts(uploaded[1]):
    funding_import.fts_import(*uploaded, view)
    st.stop()
places = importer.gazetteers()
if looks_like_iati(uploaded[1]):
    chosen = funding_import.iati_book_chosen(*uploaded, list(places))
    if chosen is None:
        st.stop()
    (book, picked), saved = chosen, None
else:
    book = importer.opened(*uploaded)
    if book is None:
        st.stop()
    with st.expander("Use a mapping saved from an earlier file"):
        saved = importer.mapping_file()
    picked = importer.choices(book, saved, places)
intake = importer.read(book, len(uploaded[1]), places, view, picked, saved or Mapping())
if intake is None:
    st.stop()
picked["round"] = imports.round_choice(intake)
intake = importer.read(book, len(uploaded[1]), places, view, picked, saved or Mapping()) \
    or intake
importer.summary(intake)

st.header("Columns")
mapping = importer.column_editor(intake, saved)
intake = importer.read(book, len(uploaded[1]), places, view, picked, mapping) or intake
st.caption("Unmapped: " + (", ".join(intake.unmapped) or "none"))
importer.keep_mapping(intake)

st.header("The first rows, as they will be added")
importer.preview(intake)
st.header("Places")
importer.places_table(intake)
importer.near_misses(intake)
importer.alternative_names(intake.country)
st.header("Rejected rows")
importer.rejected(intake)
importer.warnings(intake)

st.header("Add")
digest = content_hash(uploaded[1])
if importer.just_added(intake) or not imports.already_in(digest, intake.country):
    importer.add_button(intake, view, digest)
