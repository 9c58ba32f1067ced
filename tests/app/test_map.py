"""The Provincial map page: what it draws, what a click or a choice lists, what it never splits."""

from __future__ import annotations

import json
import re

import pytest
from streamlit.elements.deck_gl_json_chart import PydeckSelectionState, PydeckState

from tests.examples import PUERTO_RICO

PAGE = "pages/map.py"


def deck(at) -> dict:
    charts = at.get("deck_gl_json_chart")
    assert len(charts) == 1
    return json.loads(charts[0].proto.json)


def layer(spec: dict, layer_id: str = "provinces") -> dict:
    return next(x for x in spec["layers"] if x["id"] == layer_id)


def fills(spec: dict) -> dict[str, list[int]]:
    return {f["properties"]["admin1_pcode"]: f["properties"]["fill"]
            for f in layer(spec)["data"]["features"]}


def shown_text(at) -> str:
    """Everything the page shows as text, tables included."""
    parts = [e.value for e in at.markdown] + [e.value for e in at.caption]
    parts += [e.value for e in at.subheader] + [e.value for e in at.info]
    parts += [table.value.to_csv(index=False) for table in at.dataframe]
    return "\n".join(str(p) for p in parts)


def table_with(at, column: str):
    return next(t.value for t in at.dataframe if column in t.value.columns)


def click(at, pcode: str):
    """What the browser sends when a province is clicked on the map."""
    spec = deck(at)
    features = layer(spec)["data"]["features"]
    index = next(i for i, f in enumerate(features) if f["properties"]["admin1_pcode"] == pcode)
    at.session_state["province_map"] = PydeckState({"selection": PydeckSelectionState({
        "indices": {"provinces": [index]}, "objects": {"provinces": [features[index]]}})})
    return at.run()


@pytest.fixture
def page(open_page):
    return open_page(PAGE)


def test_the_map_draws_all_18_lao_provinces_in_one_layer(page):
    spec = deck(page)
    provinces = layer(spec)
    assert provinces["@@type"] == "GeoJsonLayer"
    assert len(provinces["data"]["features"]) == 18
    assert "LA18" in fills(spec)  # Xaisomboun, re-created in 2013, has its polygon
    assert provinces["pickable"] is True


def test_tooltips_say_the_figures_in_words(page):
    features = {f["properties"]["admin1_pcode"]: f["properties"]
                for f in layer(deck(page))["data"]["features"]}
    assert features["LA17"]["tooltip"].split("\n") == [
        "Attapeu", "3 activities in 2 projects", "Organisations present: 1",
        "Sectors present: not reported", "People targeted: not reported",
        "People reached: not reported", "Budget: not reported",
        "+ 1 activity shared with other provinces, not counted here"]
    assert features["LA11"]["tooltip"].split("\n")[1] == "No activity for this province alone"
    # The template only places values that Streamlit escapes; it holds no text from the data.
    template = json.loads(page.get("deck_gl_json_chart")[0].proto.tooltip)["html"]
    assert sorted(re.findall(r"{(\w+)}", template)) == ["side", "tooltip"]


def test_the_map_fetches_nothing_from_outside(page):
    """No base map: pydeck's own style sentinel with no provider; no style URL anywhere."""
    raw = page.get("deck_gl_json_chart")[0].proto.json
    spec = json.loads(raw)
    assert spec.get("mapStyle") == "__MAP_STYLE__" and "mapProvider" not in spec
    for host in ("mapbox", "carto", "http://", "https://", "tiles", "googleapis"):
        assert host not in raw


def test_the_view_fits_the_country(page):
    view = deck(page)["initialViewState"]
    assert 100 < view["longitude"] < 108 and 13.9 < view["latitude"] < 22.5
    assert 4.5 < view["zoom"] < 7


def test_switching_the_measure_changes_the_colours(page):
    by_activities = fills(deck(page))
    page.button_group(key="measure").set_value("projects").run()
    by_projects = fills(deck(page))
    assert by_projects != by_activities
    assert page.query_params["measure"] == "projects"
    page.button_group(key="measure").set_value("people_reached").run()
    assert not page.exception
    # Nothing is reported in people for a single Lao province: every one is grey.
    assert len({tuple(c) for c in fills(deck(page)).values()}) == 1
    assert "not reported" in shown_text(page)


def test_grey_means_not_reported_and_the_legend_says_so(page):
    legend = table_with(page, "Activities")
    assert legend.iloc[-1, 1].startswith("grey: no activity (no data)")
    page.button_group(key="measure").set_value("budget").run()
    assert "grey: not reported" in table_with(page, "Budget (USD)").iloc[-1, 1]


def test_choosing_attapeu_lists_its_malaria_and_flood_activities(page):
    page.selectbox(key="province").select("LA17").run()
    activities = table_with(page, "reported for")
    projects = " ".join(activities["project"])
    assert "Malaria" in projects and "Flood response, Attapeu" in projects
    assert len(activities) == 4  # 3 of its own + the 8 border provinces' project, undivided
    assert (activities["reported for"] == "this province alone").sum() == 3
    assert "not reported" in activities["targeted"].tolist()
    assert page.query_params["province"] == "LA17"
    assert layer(deck(page), "chosen")["data"]["features"][0]["properties"]["admin1_pcode"] \
        == "LA17"


def test_clicking_vientiane_capital_on_the_map_lists_the_km27_rows(page):
    click(page, "LA01")
    assert not page.exception
    assert page.selectbox(key="province").value == "LA01"
    activities = table_with(page, "reported for")
    own = activities[activities["reported for"] == "this province alone"]
    assert len(own) == 4 and own["project"].str.contains("Pandemic Preparedness").all()
    assert "direct assistance packs distributed to migrants" in own["indicator"].tolist()


def test_the_picker_can_change_the_province_after_a_click(page):
    click(page, "LA01")
    page.selectbox(key="province").select("LA17").run()
    assert page.selectbox(key="province").value == "LA17"
    assert "The map still highlights Vientiane Capital" in shown_text(page)


def test_a_province_in_the_url_is_chosen(open_page):
    at = open_page(PAGE, province="LA17", measure="projects")
    assert at.selectbox(key="province").value == "LA17"
    assert at.button_group(key="measure").value == "projects"


def test_figures_for_several_provinces_are_shown_whole(page):
    shared = table_with(page, "provinces together")
    text = shown_text(page)
    assert "35,000 people targeted" in shared["figure (whole)"].tolist()
    assert "8,750" not in text
    row = shared[shared["figure (whole)"] == "35,000 people targeted"].iloc[0]
    assert row["provinces together"] == \
        "Champasack, Savannakhet, Vientiane Province and Vientiane Capital"
    assert "15,831 people reached" in shared["figure (whole)"].tolist()


def test_national_figures_are_listed(page):
    national = [t.value for t in page.dataframe if "figure (whole)" in t.value.columns][1]
    assert "10,000 people reached" in national["figure (whole)"].tolist()


def test_xaisomboon_is_drawn_like_any_province(page):
    provinces = table_with(page, "note")
    assert len(provinces) == 18
    xaisomboon = provinces[provinces["admin1_pcode"] == "LA18"].iloc[0]
    assert xaisomboon["province"] == "Xaisomboon"
    assert "no boundary" not in xaisomboon["note"]
    labels = [x["text"] for x in layer(deck(page), "names")["data"]]
    assert labels and not any("no boundary" in t for t in labels)


def test_the_province_table_downloads(page):
    names = sorted(b.proto.label for b in page.get("download_button"))
    assert names == ["Download CSV", "Download Excel", "Download the provinces (GeoJSON)"]


def test_lesotho_draws_its_10_districts(open_page):
    at = open_page(PAGE, country="LSO")
    spec = deck(at)
    assert len(layer(spec)["data"]["features"]) == 10
    assert -30.7 < spec["initialViewState"]["latitude"] < -28.5
    assert at.selectbox(key="province").label == "District"
    assert "No figure is reported for several districts together." in shown_text(at)
    assert len(table_with(at, "district")) == 10


NIGERIA_ROW = ("country_iso3,project,sub_objective,admin1_name,admin1_pcode,indicator,unit,"
               "targeted,reached,source\nNGA,Clinics,3.2,Borno State,NGA008,people vaccinated,"
               "people,,100,lao-health-programmes\n")


def test_an_imported_country_shows_its_states_keyed_by_pcode(open_page, data_dir):
    (data_dir / "nga_activities.csv").write_text(NIGERIA_ROW, encoding="utf-8")
    at = open_page(PAGE, country="NGA")
    assert at.selectbox(key="country").value == "NGA"
    assert len(fills(deck(at))) == 37
    assert at.selectbox(key="province").label == "State"
    states = table_with(at, "state").set_index("admin1_pcode")
    assert states.loc["NG008", "activities"] == 1  # Borno, written NGA008 and 'Borno State'


def test_an_area_with_neither_polygon_nor_capital_is_listed_not_drawn(open_page, data_dir):
    (data_dir / "nga_activities.csv").write_text(NIGERIA_ROW, encoding="utf-8")
    path = data_dir / "boundaries" / "NGA_admin1.geojson"
    collection = json.loads(path.read_text(encoding="utf-8"))
    collection["features"] = [f for f in collection["features"]
                              if f["properties"]["admin1_pcode"] != "NG008"]
    path.write_text(json.dumps(collection), encoding="utf-8")
    at = open_page(PAGE, country="NGA")
    assert "NG008" not in fills(deck(at))
    note = table_with(at, "note").set_index("admin1_pcode").loc["NG008", "note"]
    assert "no boundary polygon" in note


def test_switching_country_forgets_a_lao_province(page):
    page.selectbox(key="province").select("LA17").run()
    page.selectbox(key="country").select("LSO").run()
    assert not page.exception
    assert page.selectbox(key="province").value is None
    assert len(layer(deck(page))["data"]["features"]) == 10


def test_a_missing_boundary_file_leaves_the_tables(open_page, data_dir):
    (data_dir / "boundaries" / "LAO_admin1.geojson").unlink()
    at = open_page(PAGE)
    assert not at.get("deck_gl_json_chart")
    assert "There are no boundaries for the provinces of Lao PDR yet" in shown_text(at)
    assert len(table_with(at, "note")) == 18


def ranked_bars(at) -> dict[str, float]:
    charts = at.get("plotly_chart")
    assert len(charts) == 1
    bar = json.loads(charts[0].proto.spec)["data"][0]
    return dict(zip(bar["y"], bar["x"], strict=True))


def test_a_country_without_boundaries_ranks_its_areas_instead(open_page, data_dir):
    (data_dir / "pri_activities.csv").write_text(PUERTO_RICO, encoding="utf-8")
    at = open_page(PAGE, country="PRI")
    assert not at.get("deck_gl_json_chart")
    assert list(ranked_bars(at).items()) == [("Aguada", 2), ("Adjuntas", 3)]  # largest on top
    notice = at.info[0].value
    assert "no boundaries for the areas of Puerto Rico" in notice and "Import page" in notice
    assert "/" not in notice.replace("GeoJSON, TopoJSON", ""), "no server path"
    assert at.selectbox(key="province").placeholder == "Choose an area"
    assert len(table_with(at, "note")) == 78
    at.segmented_control(key="measure").set_value("people_reached").run()
    assert ranked_bars(at) == {"Aguada": 500, "Adjuntas": 1000}


def test_a_partial_country_names_the_areas_it_cannot_draw(open_page, data_dir):
    (data_dir / "sdn_activities.csv").write_text(
        PUERTO_RICO.split("\n")[0] + "\nSDN,Clinics,3.2,Khartoum,,people vaccinated,people,,"
        "10,lao-health-programmes\n", encoding="utf-8")
    at = open_page(PAGE, country="SDN")
    assert len(fills(deck(at))) == 17  # no West Kordofan, no Abyei
    note = next(c.value for c in at.caption if c.value.startswith("No polygon for"))
    assert "West Kordofan" in note and "Import page" in note


def test_a_broken_boundary_file_is_explained(open_page, data_dir):
    (data_dir / "boundaries" / "LAO_admin1.geojson").write_text("{}", encoding="utf-8")
    at = open_page(PAGE)
    assert "The map cannot be drawn" in at.error[0].value


def boundary_file(data_dir):
    return data_dir / "boundaries" / "LAO_admin1.geojson"


def test_an_activity_file_edited_on_disk_shows_on_the_next_rerun(page, data_dir):
    def attapeu() -> int:
        return table_with(page, "note").set_index("admin1_pcode").loc["LA17", "activities"]

    assert attapeu() == 3
    csv = data_dir / "lao_activities.csv"
    lines = csv.read_text(encoding="utf-8").splitlines(keepends=True)
    csv.write_text("".join(x for x in lines if "Flood response, Attapeu" not in x),
                   encoding="utf-8")
    page.run()
    assert attapeu() == 1
    tooltips = {f["properties"]["admin1_pcode"]: f["properties"]["tooltip"]
                for f in layer(deck(page))["data"]["features"]}
    assert tooltips["LA17"].split("\n")[1] == "1 activity in 1 project"


def test_a_boundary_file_edited_on_disk_redraws_the_map(page, data_dir):
    collection = json.loads(boundary_file(data_dir).read_text(encoding="utf-8"))
    collection["features"] = [f for f in collection["features"]
                              if f["properties"]["admin1_pcode"] != "LA17"]
    boundary_file(data_dir).write_text(json.dumps(collection), encoding="utf-8")
    page.run()
    assert "LA17" not in fills(deck(page)) and len(fills(deck(page))) == 17
    note = table_with(page, "note").set_index("admin1_pcode").loc["LA17", "note"]
    assert "no boundary polygon" in note


def test_the_map_sends_outlines_to_about_10_m_and_only_what_it_shows(open_page, data_dir):
    """However precise the boundary file, the browser gets each outline to 4 decimals of a
    degree (about 10 m), and of each area only what colours it, names it on a click and fills
    its tooltip."""
    text = boundary_file(data_dir).read_text(encoding="utf-8")
    boundary_file(data_dir).write_text(re.sub(r"(\.\d{4})(?=[,\]])", r"\g<1>123456", text),
                                       encoding="utf-8")
    features = layer(deck(open_page(PAGE)))["data"]["features"]
    assert len(features) == 18
    assert all(set(f["properties"]) == {"admin1_pcode", "fill", "tooltip", "side"}
               for f in features)
    decimals = re.findall(r"\.(\d+)", json.dumps([f["geometry"] for f in features]))
    assert decimals and max(map(len, decimals)) <= 4


def test_the_office_s_own_boundaries_replace_the_built_in_ones_on_the_map(open_page, data_dir):
    own = data_dir / "boundaries" / "office" / "LAO_admin1.geojson"
    own.parent.mkdir()
    collection = json.loads(boundary_file(data_dir).read_text(encoding="utf-8"))
    collection["features"] = collection["features"][:3]  # an office's file of three provinces
    own.write_text(json.dumps(collection), encoding="utf-8")
    at = open_page(PAGE)
    assert len(fills(deck(at))) == 3


def test_the_map_colours_by_organisations_present(page):
    page.segmented_control(key="measure").set_value("organisations").run()
    assert "Organisations present" in table_with(page, "Organisations present").columns
    provinces = table_with(page, "organisations present").set_index("admin1_pcode")
    assert provinces.loc["LA17", "organisations present"] == 1  # the Asian Development Bank


def test_an_office_polygon_with_a_p_code_the_list_lacks_is_drawn_grey_and_says_so(open_page,
                                                                                data_dir):
    own = data_dir / "boundaries" / "office" / "LAO_admin1.geojson"
    own.parent.mkdir()
    collection = json.loads(boundary_file(data_dir).read_text(encoding="utf-8"))
    collection["features"][0]["properties"]["admin1_pcode"] = "LA99"  # a newer P-code version
    own.write_text(json.dumps(collection), encoding="utf-8")
    at = open_page(PAGE)
    features = {f["properties"]["admin1_pcode"]: f["properties"]
                for f in layer(deck(at))["data"]["features"]}
    assert features["LA99"]["fill"] == [189, 189, 189]
    assert "not have" in features["LA99"]["tooltip"] and len(features) == 18
