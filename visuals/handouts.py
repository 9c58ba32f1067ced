"""Handouts of a briefing: one PDF page or one PPTX slide per slide; charts as PNG images in
the PDF, as native (editable) charts in the PPTX where PowerPoint has the kind (bars), else as
images; the slide's speaker notes in the PPTX.

Charts are drawn by kaleido, which drives the machine's Chromium; one kaleido server is started
per process and kept, so that after the first chart (about 2 s) each takes a fraction of a
second, and drawn charts are remembered. Without Chromium a handout is still made: each chart is
replaced by its figures in words and the note that charts need Chromium. No Streamlit here.
"""

from __future__ import annotations

import hashlib
import io
import logging
import math
import os
import re
import shutil
import subprocess
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import plotly.graph_objects as go
from fpdf import FPDF, FPDFException
from fpdf.enums import XPos, YPos
from PIL import Image
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Emu, Inches, Pt

from visuals.deck import Deck, Slide
from visuals.spreadsheet import ChartData
from visuals.wording import HYPOTHETICAL

log = logging.getLogger(__name__)

Progress = Callable[[float, str], None]
PDF_MIME = "application/pdf"
PPTX_MIME = "application/vnd.openxmlformats-officedocument.presentationml.presentation"

NEED_CHROMIUM = "Chart not included: charts need Chromium"
FIRST_CHART_TIMEOUT = 90  # s: starting the browser included
CHART_TIMEOUT = 45
PNG_SCALE = 2  # pixels per CSS pixel: sharp in print and on a projector
BESIDE = 0.48  # the share of the width a chart takes when text stands beside it
RED = (193, 39, 45)
BLUE = (0, 51, 160)
INK = (17, 24, 39)
GREY = (90, 98, 110)
PALE = (238, 242, 248)
WHITE = (255, 255, 255)
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")


@dataclass(frozen=True)
class Handout:
    data: bytes
    file_name: str
    mime: str
    charts_missing: tuple[str, ...] = ()  # why each chart left out was left out


class ChartsUnavailable(RuntimeError):
    """A chart cannot be drawn; the message says why, for the page that replaces it."""


# Drawing charts


def find_chromium() -> str | None:
    """The browser kaleido will drive, as kaleido itself looks for it."""
    wanted = os.environ.get("BROWSER_PATH")
    if wanted:
        return wanted if Path(wanted).exists() else None
    return next((path for name in BROWSERS if (path := shutil.which(name))), None)


class _ChartServer:
    """One kaleido server for the process, shared by every session and thread.

    kaleido's sync server answers one call at a time and would hand a result to the wrong
    caller if two threads called it together, hence the lock. A browser that dies leaves
    kaleido waiting forever, hence each call runs in a thread that is given up on after a
    timeout; charts are then reported unavailable for the rest of the process.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._started = False
        self._broken: str | None = None
        self._warming = False
        self._drawn: OrderedDict[str, bytes] = OrderedDict()

    def image(self, fig: go.Figure, width: int, height: int, kind: str = "png") -> bytes:
        """The figure drawn at width × height CSS pixels, as "png" or "jpeg" bytes."""
        key = hashlib.sha1(f"{kind}:{width}x{height}:{fig.to_json()}".encode()).hexdigest()
        with self._lock:
            if key not in self._drawn:
                png = self._draw(print_figure(fig, width, height), width, height)
                self._drawn[key] = png if kind == "png" else _jpeg(png)
                if len(self._drawn) > 64:
                    self._drawn.popitem(last=False)
            self._drawn.move_to_end(key)
            return self._drawn[key]

    def warm_up(self) -> None:
        if self._started or self._warming or find_chromium() is None:
            return
        self._warming = True
        tiny = go.Figure(layout={"width": 20, "height": 20})
        threading.Thread(target=self._quietly, args=(tiny,), daemon=True).start()

    def _quietly(self, fig: go.Figure) -> None:
        try:
            self.image(fig, 20, 20)
        except ChartsUnavailable as err:
            log.warning("charts are not available: %s", err)

    def _draw(self, fig: go.Figure, width: int, height: int) -> bytes:
        if self._broken:
            raise ChartsUnavailable(self._broken)
        if find_chromium() is None:
            raise ChartsUnavailable("Chromium is not installed on this machine")
        timeout = CHART_TIMEOUT if self._started else FIRST_CHART_TIMEOUT
        if not self._started:
            import kaleido

            # mathjax=False: the default page would fetch MathJax from the internet
            kaleido.start_sync_server(mathjax=False, silence_warnings=True)
            self._started = True
        outcome: list = []
        worker = threading.Thread(target=_render_into, daemon=True,
                                  args=(outcome, fig, width, height))
        worker.start()
        worker.join(timeout)
        if not outcome:
            self._broken = f"Chromium did not answer within {timeout} s"
            raise ChartsUnavailable(self._broken)
        if isinstance(outcome[0], BaseException):
            raise ChartsUnavailable(f"Chromium could not draw it ({outcome[0]})")
        return outcome[0]


def _render_into(outcome: list, fig: go.Figure, width: int, height: int) -> None:
    try:
        outcome.append(render_png(fig, width, height))
    except Exception as err:  # noqa: BLE001 - reported on the page in place of the chart
        outcome.append(err)


def render_png(fig: go.Figure, width: int, height: int) -> bytes:
    import kaleido

    opts = {"format": "png", "width": width, "height": height, "scale": PNG_SCALE}
    return kaleido.calc_fig_sync(fig.to_dict(), opts=opts)


def _jpeg(png: bytes) -> bytes:
    """fpdf2 embeds a JPEG as it is but recompresses a PNG (a quarter of a second each)."""
    out = io.BytesIO()
    Image.open(io.BytesIO(png)).convert("RGB").save(out, "JPEG", quality=92, subsampling=0)
    return out.getvalue()


_SERVER = _ChartServer()


def warm_up() -> None:
    """Start the browser in the background, so that the first handout need not wait for it."""
    _SERVER.warm_up()


def print_figure(fig: go.Figure, width: int, height: int) -> go.Figure:
    """The figure as printed: white paper and the size of its place on the page."""
    printed = go.Figure(fig)
    printed.update_layout(template="plotly_white", width=width, height=height,
                          paper_bgcolor="#FFFFFF", plot_bgcolor="#FFFFFF")
    return printed


def chart_image(slide: Slide, width: int, height: int, kind: str = "png"
                ) -> tuple[bytes | None, str]:
    """The slide's chart as image bytes, or None and the sentence that says why not."""
    if slide.chart is None:
        return None, ""
    try:
        return _SERVER.image(slide.chart, width, height, kind), ""
    except ChartsUnavailable as err:
        log.warning("chart of slide %s not drawn: %s", slide.key, err)
        return None, f"{NEED_CHROMIUM} ({err})."


# Fonts: DejaVu for Latin text and typographic quotes, a Lao font for Lao script.

FONT_DIRS = ("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/truetype/lao",
             "/usr/share/fonts/truetype/noto", "/usr/share/fonts/opentype/noto")


@dataclass(frozen=True)
class Fonts:
    regular: str | None
    bold: str | None
    lao: str | None


def find_font(pattern: str, names: tuple[str, ...]) -> str | None:
    """A font file: a known name in the usual folders, else whatever fontconfig matches."""
    for folder in FONT_DIRS:
        for name in names:
            if (Path(folder) / name).is_file():
                return str(Path(folder) / name)
    if shutil.which("fc-match") is None:
        return None
    try:
        found = subprocess.run(["fc-match", "-f", "%{file}", pattern], capture_output=True,
                               text=True, timeout=10, check=False).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return found if found.endswith((".ttf", ".otf")) and Path(found).is_file() else None


def system_fonts() -> Fonts:
    lao = find_font(":lang=lo", ("Phetsarath_OT.ttf", "NotoSansLao-Regular.ttf"))
    return Fonts(find_font("DejaVu Sans", ("DejaVuSans.ttf",)),
                 find_font("DejaVu Sans:bold", ("DejaVuSans-Bold.ttf",)),
                 lao if lao and "lao" in lao.lower() else None)


# PDF: landscape A4, one page per slide

PAGE_W, PAGE_H, MARGIN = 297, 210, 12  # mm
# scripts whose letters need shaping: Hebrew to Mongolian (Lao among them), the later Indic
# and Southeast Asian blocks, and Arabic presentation forms; not Latin punctuation (’ “ ” —)
COMPLEX_SCRIPTS = ((0x0590, 0x1CFF), (0xA800, 0xABFF), (0xFB1D, 0xFEFC))
PDF_PX_PER_MM = 4.2  # chart CSS pixels per mm of page: 18 px type prints at 12 pt


class _Pdf(FPDF):
    def __init__(self, fonts: Fonts) -> None:
        super().__init__(orientation="L", unit="mm", format="A4")
        self.set_auto_page_break(False)  # a slide is one page, whatever its text
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.family = "helvetica"
        self.can_shape = False
        self.missing: list[str] = []
        if fonts.regular:
            self.add_font("body", "", fonts.regular)
            self.add_font("body", "B", fonts.bold or fonts.regular)
            self.family = "body"
            try:
                self.set_text_shaping(True)
                self.can_shape = True
            except FPDFException as err:
                log.warning("Lao text is written unshaped: %s", err)
        if fonts.lao and fonts.regular:
            self.add_font("lao", "", fonts.lao)
            self.set_fallback_fonts(["lao"], exact_match=False)

    def font(self, size: float, bold: bool = False, colour=INK) -> None:
        self.set_font(self.family, "B" if bold else "", size)
        self.set_text_color(*colour)

    def fit_width(self, text: str, width: float) -> str:
        """The text, ready to write, cut with an ellipsis where it would pass width."""
        text = self.t(text)
        if self.get_string_width(text) <= width:
            return text
        ellipsis = self.t("…")
        while text and self.get_string_width(text + ellipsis) > width:
            text = text[:-1]
        return text.rstrip() + ellipsis

    def t(self, text: str) -> str:
        """Text ready to write with the current fonts.

        Shaping places Lao vowels and tone marks; it is slow, so it is on only for text that
        needs it. Without DejaVu only Latin-1 can be written.
        """
        if self.family != "body":
            text = text.translate(str.maketrans("’‘“”–—−•", "''\"\"----")).replace("…", "...")
            return text.encode("latin-1", "replace").decode("latin-1")
        if self.can_shape:
            self.set_text_shaping(needs_shaping(text))
        return text


def needs_shaping(text: str) -> bool:
    return any(low <= ord(ch) <= high for ch in text for low, high in COMPLEX_SCRIPTS)


def pdf_handout(deck: Deck, generated: date | None = None, progress: Progress | None = None,
                fonts: Fonts | None = None) -> Handout:
    pdf = _Pdf(fonts or system_fonts())
    pdf.set_title(pdf.t(_document_title(deck)))
    pdf.set_creator("srrp-dashboard")
    stamp = f"Generated {(generated or date.today()).isoformat()}"
    total = len(deck.slides)
    for number, slide in enumerate(deck.slides, 1):
        _report(progress, (number - 1) / total, f"Page {number} of {total}: {slide.kicker}")
        pdf.add_page()
        _pdf_slide(pdf, deck, slide, f"{deck.figures_of} · {stamp} · {number} / {total}")
    _report(progress, 1.0, "PDF ready")
    return Handout(bytes(pdf.output()), f"{deck.file_stem}.pdf", PDF_MIME, tuple(pdf.missing))


def _document_title(deck: Deck) -> str:
    return f"{HYPOTHETICAL}: {deck.plan_title}" if deck.hypothetical else deck.plan_title


def _report(progress: Progress | None, share: float, text: str) -> None:
    if progress is not None:
        progress(min(max(share, 0.0), 1.0), text)


def _pdf_slide(pdf: _Pdf, deck: Deck, slide: Slide, footer: str) -> None:
    width = PAGE_W - 2 * MARGIN
    y = MARGIN
    if deck.hypothetical:
        pdf.set_fill_color(*RED)
        pdf.rect(0, 0, PAGE_W, 11, style="F")
        pdf.set_xy(MARGIN, 2)
        pdf.font(12, bold=True, colour=WHITE)
        pdf.cell(width, 7, pdf.fit_width(deck.banner, width))
        y = 15
    pdf.set_xy(MARGIN, y)
    pdf.font(11, colour=GREY)
    pdf.cell(width, 6, pdf.t(slide.kicker), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.font(20, bold=True)
    pdf.multi_cell(width, 9, pdf.t(_fit(slide.title, 190)), align="L", new_x=XPos.LMARGIN,
                   new_y=YPos.NEXT)
    y = pdf.get_y() + 2
    if slide.figures:
        y = _pdf_figures(pdf, slide, y, width) + 4
    footer_top = _pdf_footer(pdf, slide, footer)
    _pdf_body(pdf, slide, y, footer_top - 3, width)


def _pdf_figures(pdf: _Pdf, slide: Slide, y: float, width: float) -> float:
    gap = 4
    box = (width - gap * (len(slide.figures) - 1)) / len(slide.figures)
    height = 24 if any(f.change for f in slide.figures) else 20
    for i, figure in enumerate(slide.figures):
        x = MARGIN + i * (box + gap)
        pdf.set_fill_color(*PALE)
        pdf.rect(x, y, box, height, style="F")
        pdf.set_xy(x + 3, y + 2)
        pdf.font(10, colour=GREY)
        pdf.cell(box - 6, 5, pdf.t(figure.label))
        pdf.set_xy(x + 3, y + 7.5)
        pdf.font(20, bold=True, colour=BLUE)
        pdf.cell(box - 6, 10, pdf.t(figure.value))
        if figure.change:
            pdf.set_xy(x + 3, y + 18)
            pdf.font(8.5, colour=RED)
            pdf.cell(box - 6, 4, pdf.t(figure.change))
    return y + height


def _pdf_footer(pdf: _Pdf, slide: Slide, footer: str) -> float:
    """Sources and the figures' date at the foot of the page; returns where the foot begins."""
    width = PAGE_W - 2 * MARGIN
    pdf.font(8, colour=GREY)
    sources = "Sources: " + ("; ".join(slide.sources) or "none")
    lines = pdf.multi_cell(width, 4, pdf.t(sources), dry_run=True, output="LINES")
    top = PAGE_H - 8 - 4 * min(len(lines), 2) - 4
    pdf.set_draw_color(*GREY)
    pdf.line(MARGIN, top, PAGE_W - MARGIN, top)
    pdf.set_xy(MARGIN, top + 1.5)
    for line in lines[:2]:
        pdf.cell(width, 4, pdf.t(line), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.cell(width, 4, pdf.t(footer))
    return top


def _pdf_body(pdf: _Pdf, slide: Slide, top: float, bottom: float, width: float) -> None:
    text = [p for section in slide.sections for p in section.paragraphs()]
    if slide.chart is None:
        _pdf_text(pdf, text, MARGIN, top, width, bottom)
    elif slide.beside:
        chart_w = width * BESIDE
        _pdf_chart(pdf, slide, MARGIN, top, chart_w, bottom - top)
        _pdf_text(pdf, [(f"{style}-side", line) for style, line in text],
                  MARGIN + chart_w + 6, top, width - chart_w - 6, bottom)
    else:
        text_h = min(_pdf_text(pdf, text, MARGIN, top, width, bottom, dry_run=True), 40)
        _pdf_chart(pdf, slide, MARGIN, top, width, bottom - top - text_h)
        _pdf_text(pdf, text, MARGIN, bottom - text_h, width, bottom)


def _pdf_chart(pdf: _Pdf, slide: Slide, x: float, y: float, w: float, h: float) -> None:
    px_w = round(PDF_PX_PER_MM * w)
    jpeg, why = chart_image(slide, px_w, round(px_w * h / w), "jpeg")
    if jpeg is not None:
        pdf.image(io.BytesIO(jpeg), x=x, y=y, w=w, h=h)
        return
    pdf.missing.append(why)
    pdf.set_fill_color(*PALE)
    pdf.rect(x, y, w, h, style="F")
    text = [("alert", why), *(("item", line) for line in slide.chart_text)]
    _pdf_text(pdf, text, x + 4, y + 3, w - 8, y + h - 2)


PDF_STYLES = {"head": (13, True, INK, 7), "item": (12, False, INK, 6),
              "alert": (12, True, RED, 6), "head-side": (11.5, True, INK, 5.5),
              "item-side": (10.5, False, INK, 5)}  # style → size, bold, colour, line height


def _pdf_text(pdf: _Pdf, paragraphs: list[tuple[str, str]], x: float, y: float, w: float,
              bottom: float, dry_run: bool = False) -> float:
    """Write paragraphs from (x, y) down to bottom at most, and say what was left out.

    Returns the height written (or needed, with dry_run)."""
    top = y
    for i, (style, text) in enumerate(paragraphs):
        size, bold, colour, line_h = PDF_STYLES[style]
        indent = 5 if style.startswith("item") else 0
        pdf.font(size, bold, colour)
        rows = pdf.multi_cell(w - indent, line_h, pdf.t(text), dry_run=True, output="LINES")
        if dry_run:
            y += len(rows) * line_h
            continue
        if y + len(rows) * line_h > bottom:
            left = sum(1 for s, _ in paragraphs[i:] if s.startswith("item"))
            if left and y + line_h <= bottom:
                pdf.font(12, colour=GREY)
                pdf.set_xy(x, y)
                pdf.cell(w, line_h, pdf.t(f"… and {left} more"))
                y += line_h
            break
        if indent:
            pdf.set_xy(x, y)
            pdf.cell(indent, line_h, pdf.t("•"))
        pdf.set_xy(x + indent, y)
        pdf.multi_cell(w - indent, line_h, pdf.t(text), align="L", new_x=XPos.LEFT,
                       new_y=YPos.NEXT)
        y = pdf.get_y() + (0 if style.startswith("head") else 1)
    return y - top


def _fit(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


# PPTX: 16:9, one slide per slide, speaker notes from the slide's notes

SLIDE_W, SLIDE_H = Emu(12192000), Emu(6858000)  # 13.333 × 7.5 in: 16:9
MARGIN_IN = Inches(0.45)
PPTX_PX_PER_INCH = 100  # chart CSS pixels per inch of slide: 18 px type shows at 13 pt
PPTX_STYLES = {"head": (18, True, INK), "item": (16, False, INK), "alert": (16, True, RED),
               "small": (11, False, GREY)}  # style → size (pt), bold, colour
EM_WIDTH = 0.58  # average character width in ems of a wide sans (DejaVu), to size boxes
BOLD_EM_WIDTH = 0.64


def pptx_handout(deck: Deck, generated: date | None = None,
                 progress: Progress | None = None) -> Handout:
    presentation = Presentation()
    presentation.slide_width, presentation.slide_height = SLIDE_W, SLIDE_H
    presentation.core_properties.title = _document_title(deck)
    blank = presentation.slide_layouts[6]
    stamp = f"Generated {(generated or date.today()).isoformat()}"
    total = len(deck.slides)
    missing: list[str] = []
    for number, slide in enumerate(deck.slides, 1):
        _report(progress, (number - 1) / total, f"Slide {number} of {total}: {slide.kicker}")
        page = presentation.slides.add_slide(blank)
        footer = f"{deck.figures_of} · {stamp} · {number} / {total}"
        missing += _pptx_slide(page, deck, slide, footer)
        page.notes_slide.notes_text_frame.text = slide.notes
    _report(progress, 1.0, "PPTX ready")
    out = io.BytesIO()
    presentation.save(out)
    return Handout(out.getvalue(), f"{deck.file_stem}.pptx", PPTX_MIME, tuple(missing))


def _text_height(paragraphs, width, scale: float = 1.0) -> int:
    """A generous estimate of the height paragraphs take in a box of this width (EMU)."""
    inner = (width - Inches(0.16)) / Pt(1)
    lines = 0.0
    for style, text in paragraphs:
        size, bold, _ = _style(style)
        size *= scale
        per_line = max(int(inner / (size * (BOLD_EM_WIDTH if bold else EM_WIDTH))), 1)
        lines += math.ceil(max(len(text) + 2, 1) / per_line) * size * 1.25
    return int(Pt(lines) + Inches(0.16))


def _scale_to_fit(paragraphs, width, height) -> float:
    return next((scale for scale in (1.0, 0.9, 0.8, 0.7, 0.6)
                 if _text_height(paragraphs, width, scale) <= height), 0.55)


def _style(style) -> tuple[float, bool, tuple]:
    return PPTX_STYLES[style] if isinstance(style, str) else style


def _box(page, x, y, w, h, paragraphs: list[tuple], fill=None, anchor=MSO_ANCHOR.TOP,
         fit: bool = False):
    """A text box of (style, text) paragraphs; a style is a PPTX_STYLES name or
    (size, bold, colour). With fit, type shrinks until the estimate fits the box."""
    box = page.shapes.add_textbox(Emu(int(x)), Emu(int(y)), Emu(int(w)), Emu(int(h)))
    frame = box.text_frame
    frame.word_wrap = True
    frame.vertical_anchor = anchor
    for side in ("margin_left", "margin_right", "margin_top", "margin_bottom"):
        setattr(frame, side, Inches(0.08))
    if fill is not None:
        box.fill.solid()
        box.fill.fore_color.rgb = RGBColor(*fill)
    scale = _scale_to_fit(paragraphs, w, h) if fit else 1.0
    for i, (style, text) in enumerate(paragraphs):
        size, bold, colour = _style(style)
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        paragraph.alignment = PP_ALIGN.LEFT
        run = paragraph.add_run()
        run.text = f"• {text}" if style == "item" else text
        run.font.size = Pt(round(size * scale, 1))
        run.font.bold = bold
        run.font.color.rgb = RGBColor(*colour)
    return box


def _pptx_slide(page, deck: Deck, slide: Slide, footer: str) -> list[str]:
    """Draw one slide; returns why its chart is missing, if it is."""
    width = SLIDE_W - 2 * MARGIN_IN
    y = Inches(0.25)
    if deck.hypothetical:
        banner = [((14, True, WHITE), _fit(deck.banner, 150))]
        _box(page, MARGIN_IN, y, width, Inches(0.45), banner, fill=RED,
             anchor=MSO_ANCHOR.MIDDLE, fit=True)
        y += Inches(0.5)
    _box(page, MARGIN_IN, y, width, Inches(0.35), [((14, False, GREY), slide.kicker)])
    y += Inches(0.35)
    title = [((_title_size(slide.title, width), True, INK), _fit(slide.title, 200))]
    title_h = _text_height(title, width)
    _box(page, MARGIN_IN, y, width, title_h, title)
    y += title_h + Inches(0.1)
    footer_top = SLIDE_H - Inches(0.55)
    sources = _fit("Sources: " + ("; ".join(slide.sources) or "none"), 220)
    _box(page, MARGIN_IN, footer_top, width, Inches(0.5), [("small", sources),
                                                           ("small", footer)], fit=True)
    bottom = footer_top - Inches(0.05)
    if slide.figures and slide.chart is not None and not slide.beside:
        column = Inches(3.0)
        _pptx_figures(page, slide.figures, MARGIN_IN, y, column, bottom - y, stacked=True)
        x = MARGIN_IN + column + Inches(0.25)
        return _pptx_body(page, slide, x, y, SLIDE_W - MARGIN_IN - x, bottom)
    if slide.figures:
        y = _pptx_figures(page, slide.figures, MARGIN_IN, y, width, Inches(1.1)) + Inches(0.15)
    return _pptx_body(page, slide, MARGIN_IN, y, width, bottom)


def _title_size(title: str, width) -> int:
    """30 pt when the title fits one line at that size, down to 24 pt for long titles."""
    one_line = (width - Inches(0.16)) / Pt(1) / (max(len(title), 1) * BOLD_EM_WIDTH)
    return int(min(max(one_line, 24), 30))


def _pptx_figures(page, figures, x, y, width, height, stacked: bool = False) -> int:
    """The big figures in a row, or stacked in a column; returns their bottom."""
    gap = Inches(0.12)
    n = len(figures)
    box_w = width if stacked else (width - gap * (n - 1)) / n
    box_h = min((height - gap * (n - 1)) / n, Inches(1.15)) if stacked else height
    for i, figure in enumerate(figures):
        label = [((14, False, GREY), figure.label)]
        value = [((28, True, BLUE), figure.value)]
        scale = _scale_to_fit(value, box_w, Inches(0.7))
        paragraphs = [*label, ((round(28 * scale), True, BLUE), figure.value)]
        if figure.change:
            paragraphs.append(((11, False, RED), figure.change))
        left = x if stacked else x + i * (box_w + gap)
        top = y + i * (box_h + gap) if stacked else y
        _box(page, left, top, box_w, box_h, paragraphs, fill=PALE, anchor=MSO_ANCHOR.MIDDLE)
    return y + (n * box_h + (n - 1) * gap if stacked else box_h)


def _pptx_body(page, slide: Slide, x, top, width, bottom) -> list[str]:
    text = [p for section in slide.sections for p in section.paragraphs()]
    if slide.chart is None:
        if text:
            _box(page, x, top, width, bottom - top, text, fit=True)
        return []
    if slide.beside:
        chart_w = int(width * BESIDE)
        _box(page, x + chart_w + Inches(0.2), top, width - chart_w - Inches(0.2),
             bottom - top, text, fit=True)
        return _pptx_chart(page, slide, x, top, chart_w, bottom - top)
    text_h = min(_text_height(text, width), Inches(1.0)) if text else 0
    if text:
        _box(page, x, bottom - text_h, width, text_h, text, fit=True)
    return _pptx_chart(page, slide, x, top, width, bottom - top - text_h)


def _pptx_chart(page, slide: Slide, x, y, w, h) -> list[str]:
    """A bar chart as a native PowerPoint chart that a coordinator can restyle and edit;
    any other chart (the map) as a picture."""
    if native_chart(page, slide.chart, x, y, w, h):
        return []
    px_w = round(PPTX_PX_PER_INCH * w / Inches(1))
    png, why = chart_image(slide, px_w, round(px_w * h / w))
    if png is not None:
        page.shapes.add_picture(io.BytesIO(png), Emu(int(x)), Emu(int(y)), Emu(int(w)),
                                Emu(int(h)))
        return []
    text = [("alert", why), *(("item", _fit(line, 160)) for line in slide.chart_text)]
    _box(page, x, y, w, h, text, fill=PALE, fit=True)
    return [why]


def native_chart(page, fig: go.Figure, x, y, w, h) -> bool:
    """Draw the plotly bar chart as a PowerPoint clustered bar chart with the same categories,
    series, colours and value labels; False (nothing drawn) for any other kind of chart."""
    bars = [trace for trace in fig.data if trace.type == "bar" and trace.orientation == "h"]
    if not bars or len(bars) != len(fig.data):
        return False
    data = ChartData(number_format='"USD "#,##0')
    data.categories = [_plain(label) for label in bars[0].y]
    for trace in bars:
        data.add_series(trace.name or fig.layout.title.text or "", [_figure(v) for v in trace.x])
    frame = page.shapes.add_chart(XL_CHART_TYPE.BAR_CLUSTERED, Emu(int(x)), Emu(int(y)),
                                  Emu(int(w)), Emu(int(h)), data)
    chart = frame.chart
    chart.has_title = True
    chart.chart_title.text_frame.text = _plain(fig.layout.title.text or "")
    chart.has_legend = len(bars) > 1
    if chart.has_legend:
        chart.legend.position = XL_LEGEND_POSITION.TOP
        chart.legend.include_in_layout = False
    chart.font.size = Pt(12)
    for series, trace in zip(chart.plots[0].series, bars, strict=True):
        series.format.fill.solid()
        series.format.fill.fore_color.rgb = RGBColor.from_string(trace.marker.color.lstrip("#"))
    plot = chart.plots[0]
    plot.has_data_labels = True
    plot.data_labels.number_format = '"USD "#,##0'
    plot.data_labels.number_format_is_linked = False
    plot.data_labels.position = XL_LABEL_POSITION.OUTSIDE_END
    return True


def _figure(value) -> float | None:
    """A bar's value for the chart's workbook; None (an empty cell, no bar) where the source
    reports none: the workbook cannot hold NaN, and a missing figure is not zero."""
    return None if value is None or math.isnan(float(value)) else float(value)


def _plain(text) -> str:
    """Plotly's label markup (<br>, <b>) as plain text."""
    return re.sub(r"<[^>]+>", "", str(text).replace("<br>", " "))
