"""The Briefing page: slides for a projector, moved by buttons, the URL or a timer; handouts."""

from __future__ import annotations

import io
import json
import re
import time
from urllib.parse import parse_qs, urlparse

import pytest
from pypdf import PdfReader

from components import remote
from tests.app.apptest_gaps import whole_page
from tests.examples import PLEDGE, PUERTO_RICO
from visuals import handouts
from visuals.deck import MAP_DARK, MAP_LIGHT

BRIEFING = "pages/briefing.py"
PLAN_TITLE = "IOM Strategic Response and Recovery Plan COVID\\-19 2021"  # as st.title got it


@pytest.fixture(autouse=True)
def no_chromium(monkeypatch):
    """Handouts without charts: quick, and the same on every machine (tests/visuals/test_handouts.py
    draws the charts)."""
    monkeypatch.setattr(handouts, "find_chromium", lambda: None)
    monkeypatch.setattr(handouts, "_SERVER", handouts._ChartServer())


def counter(at) -> str:
    return at.markdown[0].value


def title(at) -> str:
    return at.title[0].value


def buttons(at, key: str) -> bool:
    """Whether the page shows the button ``key``."""
    return any(b.key == key for b in at.button)


def test_the_page_opens_on_the_plan(open_page):
    at = open_page(BRIEFING)
    assert counter(at) == "1 / 11"
    assert title(at) == PLAN_TITLE
    assert [m.value for m in at.metric] == ["USD 822.9 M", "USD 240,000", "USD 822.6 M",
                                            "0.03 %"]
    assert at.query_params["slide"] == "1"
    assert at.button(key="slide_prev").disabled


def test_next_and_previous_move_the_slide(open_page):
    at = open_page(BRIEFING)
    at.button(key="slide_next").click().run()
    assert counter(at) == "2 / 11"
    assert title(at).startswith("Inform response and recovery efforts")
    assert at.query_params["slide"] == "2"
    at.button(key="slide_next").click().run()
    assert counter(at) == "3 / 11"
    at.button(key="slide_prev").click().run()
    at.button(key="slide_prev").click().run()
    assert counter(at) == "1 / 11"
    assert title(at) == PLAN_TITLE
    assert not at.exception


def test_the_url_opens_a_slide(open_page):
    at = open_page(BRIEFING, slide="3")
    assert counter(at) == "3 / 11"
    assert title(at).startswith("Mitigate the longer\\-term socio\\-economic impacts")


@pytest.mark.parametrize("wanted, shown", [("99", "11 / 11"), ("0", "1 / 11"), ("two", "1 / 11")])
def test_a_slide_out_of_range_in_the_url_is_brought_into_range(open_page, wanted, shown):
    assert counter(open_page(BRIEFING, slide=wanted)) == shown


def test_every_slide_shows_without_an_error(open_page):
    at = open_page(BRIEFING)
    titles = [title(at)]
    for _ in range(10):
        at.button(key="slide_next").click().run()
        assert not at.exception
        titles.append(title(at))
    assert titles[5] == "Activities in Lao PDR, by province"  # the map, alone on its slide
    assert titles[6] == "Activities in Lao PDR for several provinces, or none"
    assert titles[7] == "Activities in Lao PDR for several provinces, or none \\(continued\\)"
    assert titles[8] == "The 5 largest funding gaps"
    assert titles[9] == "Where these figures come from"
    assert titles[10] == "Where these figures come from \\(continued\\)"
    assert at.button(key="slide_next").disabled


def test_the_objective_filter_leaves_its_own_slide_only(open_page):
    at = open_page(BRIEFING, objective="2")
    assert counter(at) == "1 / 5"
    at.button(key="slide_next").click().run()
    assert at.markdown[1].value == "Objective 2 of 4"
    at.button(key="slide_next").click().run()
    assert title(at) == "Activities in Lao PDR, by province"


def test_prepare_pdf_offers_a_download_with_a_page_per_slide(open_page):
    at = open_page(BRIEFING)
    assert not at.get("download_button")
    at.button(key="prepare_pdf").click().run()
    assert not at.exception
    [download] = at.get("download_button")
    assert download.proto.label == "Download srrp-2021-briefing-LAO.pdf"
    signature, handout = at.session_state["briefing_pdf"]  # what the download serves
    assert len(PdfReader(io.BytesIO(handout.data)).pages) == 11
    assert at.get("status")[0].proto.label.startswith("PDF ready")


def test_prepare_pptx_offers_a_download(open_page):
    at = open_page(BRIEFING, objective="4")
    at.button(key="prepare_pptx").click().run()
    [download] = at.get("download_button")
    assert download.proto.label == "Download srrp-2021-briefing-LAO-objective-4.pptx"


def test_a_prepared_file_is_withdrawn_when_the_filters_change(open_page):
    at = open_page(BRIEFING)
    at.button(key="prepare_pdf").click().run()
    at.selectbox(key="objective").select("1").run()
    assert not at.get("download_button")


def test_under_a_scenario_every_slide_and_the_file_say_hypothetical(open_page, data_dir):
    (data_dir / "scenarios" / "pledge.yaml").write_text(PLEDGE, encoding="utf-8")
    at = open_page(BRIEFING, scenario="pledge")
    # the pledge is a second contribution: the deck gains its donor and time slides, and
    # slides with more than a room can read go on in a second one
    for number in range(1, 14):
        assert counter(at) == f"{number} / 13"
        assert "HYPOTHETICAL" in at.markdown[1].value  # the slide's title bar
        if number < 13:
            at.button(key="slide_next").click().run()
    at.button(key="prepare_pdf").click().run()
    [download] = at.get("download_button")
    assert download.proto.label.endswith("_HYPOTHETICAL.pdf")


def test_auto_advance_moves_on_once_the_time_is_up(open_page):
    at = open_page(BRIEFING)
    at.toggle(key="slide_auto").set_value(True).run()
    assert counter(at) == "1 / 11"  # just switched on: the slide gets its full time
    at.session_state["slide_clock"] = (1, time.monotonic() - 31, 30.0)
    at.run()
    assert counter(at) == "2 / 11"
    at.session_state["slide"] = 11
    at.session_state["slide_clock"] = (11, time.monotonic() - 31, 30.0)
    at.run()
    assert counter(at) == "1 / 11"  # after the last, the first again


def test_switching_auto_advance_on_gives_the_slide_its_full_time(open_page):
    at = open_page(BRIEFING)
    at.session_state["slide_clock"] = (1, time.monotonic() - 100, None)  # shown long ago
    at.toggle(key="slide_auto").set_value(True).run()
    assert counter(at) == "1 / 11"


def test_full_screen_hides_the_chrome_and_esc_brings_it_back(open_page):
    at = open_page(BRIEFING)
    styles = lambda: " ".join(h.proto.body for h in at.get("html"))  # noqa: E731
    assert 'data-testid="stSidebar"' not in styles()
    at.button(key="slide_full_screen").click().run()
    assert 'data-testid="stSidebar"' in styles()
    assert at.query_params["present"] == "1"  # a link to this view opens it presented
    assert not buttons(at, "slide_full_screen") and buttons(at, "slide_exit_full_screen")
    at.button(key="slide_exit_full_screen").click().run()
    assert 'data-testid="stSidebar"' not in styles()
    assert buttons(at, "slide_full_screen") and not buttons(at, "slide_exit_full_screen")
    assert "present" not in at.query_params


def test_presentation_mode_stays_on_while_slides_move(open_page):
    at = open_page(BRIEFING, slide="2", present="1")
    for _ in range(3):
        at.button(key="slide_next").click().run()
    assert counter(at) == "5 / 11"
    assert at.query_params["present"] == "1" and buttons(at, "slide_exit_full_screen")


def test_a_link_opens_a_slide_already_presented(open_page):
    at = open_page(BRIEFING, slide="4", present="1")
    assert counter(at) == "4 / 11"
    assert buttons(at, "slide_exit_full_screen")
    assert 'data-testid="stSidebar"' in " ".join(h.proto.body for h in at.get("html"))


def test_an_activity_file_edited_on_disk_shows_on_the_next_rerun(open_page, data_dir):
    def records() -> int:
        return int({m.label: m.value for m in at.metric}["Records for one province"])

    at = open_page(BRIEFING, slide="7")
    assert title(at) == "Activities in Lao PDR for several provinces, or none"
    before = records()
    csv = data_dir / "lao_activities.csv"
    lines = csv.read_text(encoding="utf-8").splitlines(keepends=True)
    csv.write_text("".join(x for x in lines if "Flood response, Attapeu" not in x),
                   encoding="utf-8")
    at.run()
    assert records() == before - 2


def test_a_scenario_retitled_on_disk_is_retitled_on_the_slides(open_page, data_dir):
    scenario = data_dir / "scenarios" / "pledge.yaml"
    scenario.write_text(PLEDGE, encoding="utf-8")
    at = open_page(BRIEFING, scenario="pledge")
    assert "USD 5 M to vaccines" in at.markdown[1].value
    scenario.write_text(PLEDGE.replace("USD 5 M to vaccines", "USD 6 M to vaccines"),
                        encoding="utf-8")
    at.run()
    assert "USD 6 M to vaccines" in at.markdown[1].value


def test_the_map_labels_only_provinces_with_records_of_their_own(open_page):
    at = open_page(BRIEFING, slide="6")
    [chart] = at.get("plotly_chart")
    labels = [a["text"] for a in json.loads(chart.proto.spec)["layout"]["annotations"]]
    listed = [re.fullmatch(r"<b>([^<]+)</b>: (\d+)", label).groups() for label in labels]
    assert listed and all(int(n) > 0 for _, n in listed), listed
    assert not any(";" in name for name, _ in listed)


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_the_map_slide_takes_the_colours_of_the_theme_asked_for(open_page, theme):
    """Under ?theme=dark the map's land, lines and labels are the dark page's, not the light
    page's pale grey and white boxes; under ?theme=light they are the light page's."""
    colours = {"light": MAP_LIGHT, "dark": MAP_DARK}[theme]
    at = open_page(BRIEFING, slide="6", present="1", theme=theme)
    layout = json.loads(at.get("plotly_chart")[0].proto.spec)
    areas = [t for t in layout["data"] if t.get("fill") == "toself"]
    assert areas and {t["line"]["color"] for t in areas} == {colours.line}
    assert colours.empty in {t["fillcolor"] for t in areas}
    labels = layout["layout"]["annotations"]
    assert labels and all(a["bgcolor"] == colours.box and a["font"]["color"] == colours.text
                          for a in labels)


def test_a_country_without_boundaries_ranks_its_areas_on_the_map_slide(open_page, data_dir):
    (data_dir / "pri_activities.csv").write_text(PUERTO_RICO, encoding="utf-8")
    at = open_page(BRIEFING, country="PRI", slide="6")
    [chart] = at.get("plotly_chart")
    bar = json.loads(chart.proto.spec)["data"][0]
    assert bar["type"] == "bar"
    assert list(zip(bar["y"], bar["x"], strict=True)) == [("Aguada", 2), ("Adjuntas", 3)]


def test_the_map_slide_and_its_sequels_list_shared_and_national_records_whole(open_page):
    at = open_page(BRIEFING, slide="6")
    text = ""
    for _ in range(3):
        at.button(key="slide_next").click().run()
        text += " ".join(m.value for m in at.markdown).replace("\\", "")  # unescaped
    assert ("COVID-19 support to returnee migrants (BPRM 2021) — Champasack, Savannakhet, "
            "Vientiane Province, Vientiane Capital (2 records)") in text
    assert ("IOM support to Lao returnee migrants and vulnerable populations, 2021 to date — "
            "national (no province given) (3 records)") in text


def launch(at) -> dict:
    """What the audience window gave its script to open the presenter's window with."""
    found = [e for e in at.get("bidi_component") if e.proto.component_name == "presenter_launcher"]
    return json.loads(found[0].proto.json)


def code_in(url: str) -> str:
    return parse_qs(urlparse(url).query)["presenter"][0]


def drawn(node) -> str:
    """Everything the page draws: each element's text, help and labels, as its message holds
    them (the presenter launcher's data, which is not drawn, left out)."""
    proto = getattr(node, "proto", None)
    if getattr(proto, "component_name", None) == "presenter_launcher":
        return ""
    children = getattr(node, "children", {})
    inner = " ".join(drawn(child) for child in children.values())
    return inner if children or proto is None else str(proto)


def test_presenter_view_passes_the_code_to_its_window_without_drawing_it(open_page, data_dir):
    (data_dir / "scenarios" / "pledge.yaml").write_text(PLEDGE, encoding="utf-8")
    audience = open_page(BRIEFING, scenario="pledge")
    assert launch(audience) == {}  # nothing opened before the click
    audience.button(key="slide_presenter").click().run()
    sent = launch(audience)
    code = code_in(sent["url"])
    assert sent["launches"] == 1 and "scenario=pledge" in sent["url"]  # the same deck
    page = drawn(whole_page(audience))
    assert "Presenter view" in page and "1 / 13" in page  # what the page draws is all here
    assert code not in page and remote.shown(code) not in page
    audience.button(key="slide_presenter").click().run()  # the window closed: open it again
    assert launch(audience)["launches"] == 2 and code_in(launch(audience)["url"]) == code


def test_a_presenter_window_joined_by_the_code_moves_the_audience(open_page):
    audience = open_page(BRIEFING)
    audience.button(key="slide_presenter").click().run()
    speaker = open_page(BRIEFING, presenter=code_in(launch(audience)["url"]))
    texts = " ".join(m.value for m in speaker.markdown)
    assert "IOM Strategic Response" in texts  # the current slide
    assert "Inform response and recovery" in texts  # the next one
    assert "Required USD 822" in texts  # the speaker notes
    speaker.button(key="presenter_next").click().run()
    audience.run()
    assert counter(audience) == "2 / 11"
    audience.button(key="slide_next").click().run()
    speaker.run()
    assert any(m.value == "**3 / 11**" for m in speaker.markdown)


def test_the_code_is_replaced_once_a_presenter_has_joined(open_page):
    audience = open_page(BRIEFING)
    audience.button(key="slide_presenter").click().run()
    code = code_in(launch(audience)["url"])
    speaker = open_page(BRIEFING, presenter=code)
    assert speaker.get("button")
    replaced = speaker.query_params["presenter"]  # this window reopens with the new code
    assert replaced != code
    audience.run()
    assert code_in(launch(audience)["url"]) == replaced
    someone = open_page(BRIEFING, presenter=code)  # the code someone saw
    assert "opens no briefing" in someone.warning[0].value and not someone.get("button")
    speaker.button(key="presenter_next").click().run()  # the presenter drives on
    audience.run()
    assert counter(audience) == "2 / 11"


def test_a_wrong_code_drives_nothing(open_page):
    speaker = open_page(BRIEFING, presenter="ABCDE23456")
    assert "opens no briefing" in speaker.warning[0].value
    assert not speaker.get("button")


def test_a_viewer_typing_wrong_codes_locks_out_neither_a_joined_presenter_nor_a_new_one(
        open_page):
    audience = open_page(BRIEFING)
    audience.button(key="slide_presenter").click().run()
    joined = open_page(BRIEFING, presenter=code_in(launch(audience)["url"]))
    viewer = open_page(BRIEFING, presenter="ABCDE23456")
    for n in range(25):
        viewer.text_input(key="presenter_code").input(f"ABCDE{n:05d}").run()
    assert "Too many wrong codes" in viewer.warning[0].value
    joined.button(key="presenter_next").click().run()
    assert any(m.value == "**2 / 11**" for m in joined.markdown)
    audience.button(key="slide_presenter").click().run()
    another = open_page(BRIEFING, presenter=code_in(launch(audience)["url"]))
    assert another.get("button") and not another.warning
