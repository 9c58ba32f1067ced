"""The Provincial map by district, where the office imported district boundaries: the switch,
the colours by admin2_pcode, a click's list, and the rows placed at province level only."""

from __future__ import annotations

import pytest
from streamlit.elements.deck_gl_json_chart import PydeckSelectionState, PydeckState

from srrp.cli import main
from srrp.places.gazetteer import load_gazetteers
from tests.app.test_map import PAGE, deck, layer, shown_text, table_with
from tests.districts import THREE_W, import_lao_districts


@pytest.fixture
def districts(data_dir, tmp_path):
    """The data folder with Lao PDR's districts and a 3W naming them, both imported."""
    import_lao_districts(data_dir, load_gazetteers(data_dir / "gazetteer")["LAO"])
    three_w = tmp_path / "lao_3w.csv"
    three_w.write_text(THREE_W, encoding="utf-8")
    assert main(["import", str(three_w), "--country", "LAO", "--into", str(data_dir)]) == 0
    return data_dir


def fills(spec: dict) -> dict[str, list[int]]:
    return {f["properties"]["admin2_pcode"]: f["properties"]["fill"]
            for f in layer(spec, "districts")["data"]["features"]}


def province_level(at):
    """The table of rows placed at province level only, beside the district map."""
    return next(t.value for t in at.dataframe
                if list(t.value.columns[:2]) == ["province", "activities"])


def listed(at):
    """The chosen district's activities, under the map."""
    return next(t.value for t in at.dataframe if list(t.value.columns[:3]) == [
        "project", "indicator", "targeted"])


def subheaders(at) -> list[str]:
    return [s.value.replace("\\", "") for s in at.subheader]  # as shown, Markdown unescaped


def by_district(open_page, **query):
    at = open_page(PAGE, **query)
    at.segmented_control(key="level").set_value(2).run()
    assert not at.exception
    return at


def test_without_district_boundaries_the_map_offers_no_districts(open_page):
    at = open_page(PAGE)
    assert "level" not in [b.key for b in at.get("button_group")]
    assert "Placed at province level only" not in subheaders(at)
    assert len(layer(deck(at))["data"]["features"]) == 18


def test_the_switch_draws_every_district_coloured_by_its_own_rows(districts, open_page):
    at = open_page(PAGE)
    assert len(layer(deck(at))["data"]["features"]) == 18  # provinces first
    at.segmented_control(key="level").set_value(2).run()
    spec = deck(at)
    colours = fills(spec)
    assert len(colours) == 148 and at.query_params["level"] == "2"
    grey = [189, 189, 189]
    assert {p for p, c in colours.items() if c != grey} == {"LA1705", "LA1704", "LA0101"}
    assert colours["LA1705"] != colours["LA1704"]  # 2 activities against 1
    tooltip = next(f["properties"]["tooltip"] for f in layer(spec, "districts")["data"]
                   ["features"] if f["properties"]["admin2_pcode"] == "LA1705")
    assert tooltip.split("\n")[:3] == ["Phouvong (Attapeu)", "2 activities in 2 projects",
                                       "Organisations present: 1"]
    # only districts with something reported are named, the largest figure surely; Sanxay,
    # Phouvong's neighbour at the map's edge, may give way to it (its tooltip stays)
    labels = {x["text"] for x in layer(spec, "names")["data"]}
    assert {"Chanthabuly\n1", "Phouvong\n2"} <= labels <= {"Chanthabuly\n1", "Phouvong\n2",
                                                          "Sanxay\n1"}


def test_rows_placed_at_province_level_only_are_stated_beside_the_district_map(districts,
                                                                             open_page):
    at = by_district(open_page)
    # Champasack's water points name no district, nor do the bundled file's province rows
    text = shown_text(at)
    apart = province_level(at)
    count = int(apart["activities"].sum())
    assert f"{count} activities placed only at province level, not drawn" in text
    assert apart.set_index("province").loc["Champasack", "people reached"] == "50"


def test_districts_and_province_level_rows_add_up_to_the_provinces(districts, open_page):
    at = open_page(PAGE)
    provinces = table_with(at, "activities shared with other provinces")
    at.segmented_control(key="level").set_value(2).run()
    in_districts = table_with(at, "admin2_pcode").groupby("province")["activities"].sum()
    apart = province_level(at).set_index("province")["activities"]
    total = in_districts.add(apart, fill_value=0)
    assert total.sum() == provinces["activities"].sum()
    for name, activities in provinces.set_index("province")["activities"].items():
        assert total.get(name, 0) == activities, name


def click(at, pcode: str):
    """What the browser sends when a district is clicked on the map."""
    features = layer(deck(at), "districts")["data"]["features"]
    index = next(i for i, f in enumerate(features) if f["properties"]["admin2_pcode"] == pcode)
    at.session_state["district_map"] = PydeckState({"selection": PydeckSelectionState({
        "indices": {"districts": [index]}, "objects": {"districts": [features[index]]}})})
    return at.run()


def test_clicking_a_district_lists_its_activities(districts, open_page):
    at = by_district(open_page)
    click(at, "LA1705")
    assert not at.exception
    assert at.selectbox(key="district").value == "LA1705"
    assert at.query_params["district"] == "LA1705"
    assert "Activities in Phouvong (Attapeu)" in subheaders(at)
    rows = listed(at)
    assert sorted(rows["project"]) == ["Hygiene kits", "Mobile clinic"]
    assert sorted(rows["reached"]) == ["120", "40"]
    chosen = layer(deck(at), "chosen")["data"]["features"][0]["properties"]
    assert chosen == {"admin2_pcode": "LA1705"}


def test_the_picker_lists_a_district_too_and_names_its_province(districts, open_page):
    at = by_district(open_page)
    picker = at.selectbox(key="district")
    assert picker.format_func("LA0103") == "Xaysetha (Vientiane Capital)"
    picker.select("LA0101").run()
    assert listed(at)["project"].tolist() == ["Water points"]
    at.selectbox(key="district").select("LA1701").run()
    assert "No activity is reported for Xaysetha \\(Attapeu\\)" in at.info[-1].value


def test_the_download_offers_the_level_shown(districts, open_page):
    at = by_district(open_page)
    labels = [b.proto.label for b in at.get("download_button")]
    assert "Download the districts (GeoJSON)" in labels
    at.segmented_control(key="level").set_value(1).run()
    labels = [b.proto.label for b in at.get("download_button")]
    assert "Download the provinces (GeoJSON)" in labels


def test_a_link_opens_the_district_map_on_a_district(districts, open_page):
    at = open_page(PAGE, level="2", district="LA1704")
    assert at.segmented_control(key="level").value == 2
    assert "Activities in Sanxay (Attapeu)" in subheaders(at)
