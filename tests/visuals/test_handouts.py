"""Briefing handouts: one PDF page / PPTX slide per slide, HYPOTHETICAL on every page under a
scenario, fonts for every title, and a handout even where charts cannot be drawn."""

from __future__ import annotations

import dataclasses
import importlib.util
import io
import re
import shutil
from pathlib import Path

import plotly.graph_objects as go
import pytest
from openpyxl import load_workbook
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.util import Inches
from pypdf import PdfReader

from srrp.dataset import activity_files, load_dataset
from srrp.places.boundaries import boundary_file
from srrp.scenarios.scenario import BASELINE, apply_scenario, parse_scenario
from srrp.view import Filters, View
from tests.examples import PLEDGE
from visuals import handouts
from visuals.deck import build_deck
from visuals.map import read_boundaries
from visuals.wording import HYPOTHETICAL

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
LAO_TITLE = "ແຜນຍຸດທະສາດ ຕອບໂຕ້ ແລະ ຟື້ນຟູ ໂຄວິດ-19 — IOM’s “plan”"
needs_chromium = pytest.mark.skipif(handouts.find_chromium() is None,
                                    reason="drawing charts needs Chromium")


@pytest.fixture(scope="module")
def dataset():
    return load_dataset(DATA / "plan_2021.yaml", activity_files(DATA), DATA / "gazetteer")


def view_of(dataset, objective: str = "all", scenario: str | None = None) -> View:
    if scenario is None:
        return View(dataset, dataset.plan, BASELINE, None, Filters("LAO", objective), DATA)
    parsed = parse_scenario(scenario, "pledge.yaml", "pledge")
    return View(dataset, apply_scenario(dataset.plan, parsed), "pledge", parsed,
                Filters("LAO", objective), DATA)


def deck_of(dataset, objective: str = "all", scenario: str | None = None):
    """The deck of a view, its map slide drawn from the bundled boundaries."""
    view = view_of(dataset, objective, scenario)
    shapes = read_boundaries(str(boundary_file(DATA, view.filters.country)))
    return build_deck(view, shapes.geometries)


@pytest.fixture
def no_chromium(monkeypatch):
    """As on a machine without Chromium: nothing drawn, nothing remembered from other tests."""
    monkeypatch.setattr(handouts, "find_chromium", lambda: None)
    monkeypatch.setattr(handouts, "_SERVER", handouts._ChartServer())


@pytest.fixture
def failing_renderer(monkeypatch):
    def fail(fig, width, height):
        raise RuntimeError("the browser closed")

    monkeypatch.setattr(handouts, "render_png", fail)
    monkeypatch.setattr(handouts, "_SERVER", handouts._ChartServer())


def pages_text(data: bytes) -> list[str]:
    return [re.sub(r"\s+", " ", page.extract_text()) for page in PdfReader(io.BytesIO(data)).pages]


def pptx_texts(data: bytes) -> list[str]:
    deck = Presentation(io.BytesIO(data))
    return [" ".join(shape.text_frame.text for shape in slide.shapes if shape.has_text_frame)
            for slide in deck.slides]


def test_pdf_has_a_page_per_slide_with_the_plan_title_and_figures(dataset, no_chromium):
    deck = deck_of(dataset)
    handout = handouts.pdf_handout(deck)
    text = pages_text(handout.data)
    assert len(text) == len(deck.slides) == 11
    assert "IOM Strategic Response and Recovery Plan COVID-19 2021" in text[0]
    assert "USD 822.9 M" in text[0]
    assert all("Figures: IOM SRRP 2021 plan page (last updated 2021-04-20)" in page
               for page in text)
    assert handout.file_name == "srrp-2021-briefing-LAO.pdf"
    assert not any(HYPOTHETICAL in page for page in text)


def test_pdf_under_a_scenario_says_hypothetical_on_every_page(dataset, no_chromium):
    deck = deck_of(dataset, scenario=PLEDGE)
    handout = handouts.pdf_handout(deck)
    text = pages_text(handout.data)
    assert len(text) == len(deck.slides)
    assert all(HYPOTHETICAL in page for page in text)
    assert handout.file_name.endswith("_HYPOTHETICAL.pdf")
    assert "+USD 5.0 M" in text[0]


def test_pptx_has_a_slide_per_slide_and_says_hypothetical_on_each(dataset, no_chromium):
    deck = deck_of(dataset, scenario=PLEDGE)
    handout = handouts.pptx_handout(deck)
    presentation = Presentation(io.BytesIO(handout.data))
    assert len(presentation.slides) == len(deck.slides) == 13  # donor, time and continued slides
    assert presentation.slide_width * 9 == presentation.slide_height * 16
    assert all(HYPOTHETICAL in text for text in pptx_texts(handout.data))
    assert handout.file_name.endswith("_HYPOTHETICAL.pptx")


def test_objective_filter_leaves_one_objective_slide(dataset, no_chromium):
    deck = deck_of(dataset, objective="3")
    assert [s.key for s in deck.slides] == ["plan", "objective-3", "map", "map-shared", "gaps",
                                            "sources", "sources-2"]
    assert len(PdfReader(io.BytesIO(handouts.pdf_handout(deck).data)).pages) == 7
    assert deck.file_stem == "srrp-2021-briefing-LAO-objective-3"


def test_without_chromium_the_handouts_give_charts_in_words(dataset, no_chromium):
    deck = deck_of(dataset)
    pdf, pptx = handouts.pdf_handout(deck), handouts.pptx_handout(deck)
    charted = sum(slide.chart is not None for slide in deck.slides)
    assert len(pdf.charts_missing) == charted
    assert len(pptx.charts_missing) == 1  # the map; the bar charts are PowerPoint's own
    text = pages_text(pdf.data)
    assert "charts need Chromium" in text[0]
    assert "4. Ensure continuation of essential services" in text[0]  # the chart in words
    assert "charts need Chromium" in pptx_texts(pptx.data)[5]  # the map: a picture when drawn
    assert not any(page.images for page in PdfReader(io.BytesIO(pdf.data)).pages)


def test_a_failing_renderer_never_stops_a_handout(dataset, failing_renderer):
    deck = deck_of(dataset)
    handout = handouts.pdf_handout(deck)
    assert len(PdfReader(io.BytesIO(handout.data)).pages) == len(deck.slides)
    assert "charts need Chromium" in pages_text(handout.data)[1]
    assert "the browser closed" in handout.charts_missing[0]


@needs_chromium
def test_charts_are_pictures_in_the_pdf_and_bar_charts_native_in_the_pptx(dataset):
    deck = deck_of(dataset)
    pdf, pptx = handouts.pdf_handout(deck), handouts.pptx_handout(deck)
    assert not pdf.charts_missing and not pptx.charts_missing
    charts = [int(slide.chart is not None) for slide in deck.slides]
    assert [len(page.images) for page in PdfReader(io.BytesIO(pdf.data)).pages] == charts
    pictures = [int(slide.key == "map") for slide in deck.slides]
    assert [sum(shape.shape_type == MSO_SHAPE_TYPE.PICTURE for shape in slide.shapes)
            for slide in Presentation(io.BytesIO(pptx.data)).slides] == pictures


def test_pptx_bar_charts_are_editable_powerpoint_charts_with_the_slides_figures(
        dataset, no_chromium):
    """A coordinator can restyle them: categories, series and values are the chart's own data,
    the same as on the slide; speaker notes come with every slide, continued ones too."""
    deck = deck_of(dataset)
    presentation = Presentation(io.BytesIO(handouts.pptx_handout(deck).data))
    first = presentation.slides[0]
    [frame] = [shape for shape in first.shapes if shape.has_chart]
    chart = frame.chart
    assert chart.chart_title.text_frame.text == "Required and confirmed, by objective"
    assert [s.name for s in chart.plots[0].series] == ["Required", "Confirmed"]
    slide_chart = deck.slides[0].chart
    assert list(chart.plots[0].series[0].values) == [float(v) for v in slide_chart.data[0].x]
    assert list(chart.plots[0].categories)[-1].startswith("1. Inform response")
    assert [s.notes_slide.notes_text_frame.text for s in presentation.slides] == \
        [slide.notes for slide in deck.slides]


@pytest.mark.skipif(handouts.system_fonts().regular is None, reason="DejaVu Sans is not installed")
def test_titles_in_lao_script_and_typographic_quotes_are_written(dataset, no_chromium, caplog):
    deck = deck_of(dataset)
    slides = (dataclasses.replace(deck.slides[0], title=LAO_TITLE), *deck.slides[1:])
    handout = handouts.pdf_handout(dataclasses.replace(deck, slides=slides))
    assert LAO_TITLE in pages_text(handout.data)[0]
    assert "missing the following glyphs" not in caplog.text
    reader = PdfReader(io.BytesIO(handout.data))
    fonts = [font.get_object() for font in reader.pages[0]["/Resources"]["/Font"].values()]
    descriptors = [f["/DescendantFonts"][0].get_object()["/FontDescriptor"] for f in fonts]
    assert all("/FontFile2" in d for d in descriptors)  # embedded, not referenced
    if importlib.util.find_spec("uharfbuzz"):  # Lao vowels and tone marks placed by shaping
        assert handouts._Pdf(handouts.system_fonts()).can_shape


def test_without_dejavu_the_pdf_falls_back_to_latin_1(dataset, no_chromium):
    deck = deck_of(dataset, scenario=PLEDGE)
    handout = handouts.pdf_handout(deck, fonts=handouts.Fonts(None, None, None))
    text = pages_text(handout.data)
    assert len(text) == len(deck.slides)
    assert all(HYPOTHETICAL in page for page in text)


def test_progress_is_reported_up_to_done(dataset, no_chromium):
    seen = []
    handouts.pdf_handout(deck_of(dataset), progress=lambda share, text:
                        seen.append(share))
    assert seen[0] == 0 and seen[-1] == 1 and seen == sorted(seen)


def test_chromium_is_found_where_kaleido_looks(monkeypatch, tmp_path):
    monkeypatch.delenv("BROWSER_PATH", raising=False)
    assert handouts.find_chromium() == next(
        (p for name in handouts.BROWSERS if (p := shutil.which(name))), None)
    monkeypatch.setenv("BROWSER_PATH", str(tmp_path / "nowhere"))
    assert handouts.find_chromium() is None


def test_only_complex_scripts_are_shaped_not_typographic_punctuation():
    assert handouts.needs_shaping(LAO_TITLE)
    assert not handouts.needs_shaping("IOM’s “plan” — USD 822.9 M · 0.03 %")


def test_a_bar_the_source_does_not_report_is_an_empty_cell_of_the_pptx_chart():
    fig = go.Figure(go.Bar(x=[120.0, float("nan"), 80.0], y=["a", "b", "c"], orientation="h",
                           marker_color="#1f77b4", name="reached"))
    deck = Presentation()
    slide = deck.slides.add_slide(deck.slide_layouts[6])
    assert handouts.native_chart(slide, fig, 0, 0, Inches(4), Inches(3))
    chart = slide.shapes[0].chart
    book = load_workbook(io.BytesIO(chart.part.chart_workbook.xlsx_part.blob)).active
    assert [book.cell(row, 2).value for row in (2, 3, 4)] == [120, None, 80]
    assert list(chart.plots[0].series[0].values) == [120.0, None, 80.0]
