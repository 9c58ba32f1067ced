"""The Import page's section for a country office's own boundaries (OCHA COD-AB): upload,
check, and use them instead of the built-in ones, on every page, slide and download."""

from __future__ import annotations

import hashlib

import streamlit as st

from components.access import editor_only, said_in, who
from components.importer import gazetteers
from components.notices import problems_box
from srrp.places.codab import Boundaries, is_boundary_file, read_boundaries, write_boundaries
from srrp.view import View
from visuals.wording import md

MAX_BYTES = 50_000_000
LEVEL = {1: "admin 1 (provinces)", 2: "admin 2 (districts)"}
DONE = "_boundaries_written"  # what the last click wrote, said once


def boundaries_import(view: View) -> None:
    with st.expander("The office's own boundaries (OCHA COD-AB)"):
        st.caption("GeoJSON, TopoJSON or a zip of a shapefile, with ADM1_PCODE and ADM1_EN (or "
                   "ADM2_PCODE and ADM2_EN) as OCHA publishes them. They replace the built-in "
                   "boundaries of their country and level on every page, slide and download.")
        file = st.file_uploader("Boundaries (GeoJSON, TopoJSON or zipped shapefile); up to 50 MB",
                                type=["geojson", "json", "topojson", "zip"],
                                key="boundary_upload")
        if file is None:
            return
        if file.size > MAX_BYTES:
            st.error(f"'{file.name}' is {file.size / 1e6:,.1f} MB, more than the 50 MB the page "
                     "accepts: use `python -m srrp import FILE --country ISO3 --into DIR`.")
            return
        raw = file.getvalue()
        if not is_boundary_file(raw):
            st.error(f"'{file.name}' holds no boundaries: no area with ADM1_PCODE or "
                     "ADM2_PCODE. Nothing was added.")
            return
        places = gazetteers()
        codes = list(places)
        country = st.selectbox(
            "Their country", codes, key="boundary_country", format_func=lambda c:
            places[c].country, index=codes.index(view.filters.country)
            if view.filters.country in codes else 0)
        result = _read(raw, file.name, country)
        if result.problems:
            problems_box(result.problems, f"'{file.name}' cannot be used; nothing was added.")
            return
        st.markdown(f"**{md(file.name)}**: {LEVEL[result.level]} of "
                    f"{md(places[country].country)}, {len(result.areas):,} areas.")
        for warning in result.warnings:
            st.warning(str(warning), icon="⚠️")
        st.button("Use these boundaries", key="boundary_add", type="primary", on_click=_use,
                  args=(result, raw, country, view))
        if done := st.session_state.pop(DONE, None):
            kind, text = done
            (st.success if kind == "success" else st.error)(text)


@editor_only(said_in(DONE, "Nothing was added"))
def _use(result: Boundaries, raw: bytes, country: str, view: View) -> None:
    try:
        written = write_boundaries(result, raw, country, view.data_dir, who=who())
    except OSError as err:
        st.session_state[DONE] = ("error", f"Nothing was added: the data folder cannot be "
                                  f"written ({err.strerror or err}).")
        return
    place = md(gazetteers()[country].country)
    drawn = f"The map of {place} now draws these boundaries" if result.level == 1 else \
        f"The Provincial map of {place} now offers its districts (Map of: Districts)"
    st.session_state[DONE] = ("success", f"{drawn} ({md(written.name)}, kept with its "
                              "provenance).")


def _read(raw: bytes, name: str, country: str) -> Boundaries:
    """The file read once per content and country: the page reruns on every click."""
    key = ("boundaries", hashlib.sha256(raw).hexdigest(), name, country)
    kept = st.session_state.setdefault("_boundary_reads", {})
    if key not in kept:
        kept.clear()
        kept[key] = read_boundaries(raw, name, gazetteers()[country])
    return kept[key]
