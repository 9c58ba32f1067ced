"""A slide laid out for one screen: type, figures and chart sized from the viewport.

In presentation mode a slide must fit the screen it is shown on, from a 1024×768 projector to a
3840×2160 screen, without scrolling. Every size is a multiple of one unit taken from the
viewport (a hundredth of its height, less on a narrow screen), so type grows with the screen;
the chart gets the height the rest of the slide leaves. The slide show writes these sizes into
its CSS and its chart, and the browser tests measure that the slide fits.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from visuals.deck import Slide

DEFAULT_VIEWPORT = (1280, 720)  # until the browser has said what it is
# Widths of the theme's sans (Source Sans), in ems, by kind of character: a text's width is
# their sum. One average width for all was either too wide for lower case, a line counted that
# was never drawn (room the chart lost), or too narrow for capitals and figures.
NARROW, SPACE, WIDE, CAPITAL, FIGURE, LOWER = 0.26, 0.2, 0.8, 0.62, 0.5, 0.5
NARROW_CHARS, WIDE_CHARS = set("ijlrtf.,:;'!|()[]·-/"), set("mwMW%—@")
BOLD = 1.1  # bold is wider
SAFETY = 1.05  # the sum is an estimate: keep 5 % for the text's own mix

# sizes in units (a unit is about 1 % of the viewport's height)
PAD_Y, PAD_X = 1.6, 3.0
CONTROLS = 4.2  # the row of Previous / counter / Next: as high as its buttons
GAP = 1.2  # between the parts of a slide
BANNER, KICKER, TITLE, BODY = 2.6, 2.4, 4.8, 2.9  # font sizes
LABEL, VALUE, DELTA = 2.4, 6.0, 1.8
TITLE_PAD = 0.4  # above the title
BANNER_PAD_Y, BANNER_PAD_X = 0.5, 1.6  # inside the HYPOTHETICAL bar
TILE_PAD_Y, TILE_PAD_X = 1.2, 1.2  # inside a figure's tile
COLUMN_GAP_PX = 17  # between tiles: st.columns' gap, 1rem of the theme's base size (not resized:
# Streamlit sizes its columns for the gap it sets, and a wider one would wrap them)
CHART_FONT = 2.7
LINE = 1.3  # line height, in ems
MIN_CHART = 22.0  # a chart lower than this is not worth drawing beside its text


@dataclass(frozen=True)
class Screen:
    width: int
    height: int

    @classmethod
    def of(cls, viewport) -> Screen:
        """The screen a browser reported ({"w": …, "h": …}); the projector size when it has
        not (yet) or reported nonsense."""
        try:
            width, height = int(viewport["w"]), int(viewport["h"])
        except (KeyError, TypeError, ValueError):
            width, height = DEFAULT_VIEWPORT
        if width < 320 or height < 240:
            width, height = DEFAULT_VIEWPORT
        return cls(width, height)

    @property
    def unit(self) -> float:
        """px per unit: 1 % of the height, but less on a screen narrower than 14:10."""
        return min(self.height / 100, self.width / 140)

    def px(self, units: float) -> int:
        return round(units * self.unit)

    @property
    def inner_width(self) -> int:
        return self.width - 2 * self.px(PAD_X)


def em_width(text: str, bold: bool = False) -> float:
    """The width of a text, in ems of its font (an estimate on the wide side)."""
    def one(char: str) -> float:
        if char in NARROW_CHARS:
            return NARROW
        if char == " ":
            return SPACE
        if char in WIDE_CHARS:
            return WIDE
        if char.isupper():
            return CAPITAL
        return FIGURE if char.isdigit() else LOWER
    return sum(map(one, text)) * SAFETY * (BOLD if bold else 1)


def lines(text: str, font_px: float, width_px: float, bold: bool = False) -> int:
    """How many lines a text takes at this size in this width, wrapped at spaces."""
    room = width_px / font_px  # in ems
    space = em_width(" ", bold)
    count, used = 1, 0.0
    for word in str(text).split():
        needed = em_width(word, bold) + (space if used else 0)
        if used and used + needed > room:
            count, used = count + 1, em_width(word, bold)
        else:
            used += needed
    return count


@dataclass(frozen=True)
class Layout:
    """The sizes of one slide on one screen, in px."""

    screen: Screen
    title_px: int
    chart_height: int
    chart_font: int
    text_width: int  # the width the slide's text runs in

    def css(self) -> str:
        """The slide show's type, sized for this screen."""
        s = self.screen
        return f"""<style>
.st-key-slide {{ gap: {s.px(GAP)}px !important; --laid-out-for: {s.width}x{s.height}; }}
.st-key-slide h1 {{ font-size: {self.title_px}px !important; line-height: 1.15 !important;
  padding: {s.px(TITLE_PAD)}px 0 0 0 !important; }}
.st-key-slide [data-testid="stMetric"] {{ container-type: inline-size;
  padding: {s.px(TILE_PAD_Y)}px {s.px(TILE_PAD_X)}px !important; }}
/* a bordered tile pads itself by 1rem inside, whatever the screen: the slide sizes its own */
.st-key-slide [data-testid="stMetric"] > div {{ padding: 0 !important; }}
.st-key-slide [data-testid="stMetricValue"],
.st-key-slide [data-testid="stMetricValue"] * {{ font-size: min({s.px(VALUE)}px, 12.5cqi)
  !important; line-height: 1.15 !important; white-space: nowrap !important;
  overflow: visible !important; text-overflow: clip !important; }}
/* a tile's label and its change against the baseline wrap, never end in "…" */
.st-key-slide [data-testid="stMetricLabel"], .st-key-slide [data-testid="stMetricLabel"] *,
.st-key-slide [data-testid="stMetricDelta"], .st-key-slide [data-testid="stMetricDelta"] * {{
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important;
  height: auto !important; }}
.st-key-slide [data-testid="stMetricLabel"],
.st-key-slide [data-testid="stMetricLabel"] * {{ font-size: {s.px(LABEL)}px !important;
  line-height: {LINE} !important; }}
.st-key-slide [data-testid="stMetricDelta"],
.st-key-slide [data-testid="stMetricDelta"] * {{ font-size: {s.px(DELTA)}px !important; }}
/* Streamlit pulls text up by the paragraph margin it expects; a slide's text has none */
.st-key-slide [data-testid="stMarkdownContainer"] {{ margin-bottom: 0 !important; }}
.st-key-slide [data-testid="stMarkdown"] p,
.st-key-slide [data-testid="stMarkdown"] li {{ font-size: {s.px(BODY)}px !important;
  line-height: {LINE} !important; margin-bottom: 0 !important; }}
/* as specific as the rule for the slide's text above, and after it, so that it wins */
.st-key-slide_kicker [data-testid="stMarkdown"] p {{ font-size: {s.px(KICKER)}px !important; }}
.st-key-slide_hypothetical [data-testid="stMarkdown"] p {{ font-size: {s.px(BANNER)}px
  !important; }}
.st-key-slide_hypothetical {{ padding: {s.px(BANNER_PAD_Y)}px {s.px(BANNER_PAD_X)}px
  !important; }}
.st-key-slide_controls, .st-key-slide_controls p,
.st-key-slide_controls button {{ font-size: {s.px(2.0)}px !important; }}
.st-key-slide_controls button {{ min-height: {s.px(CONTROLS)}px !important;
  padding: 0 {s.px(1.2)}px !important; }}
</style>"""


def layout(slide: Slide, screen: Screen, banner: str = "") -> Layout:
    """Title, chart and text sized so that the whole slide fits ``screen``, under ``banner``
    (a scenario's HYPOTHETICAL bar; none for the baseline)."""
    s = screen
    width = s.inner_width
    title_px = _title_size(slide.title, s)
    used = 2 * s.px(PAD_Y) + s.px(CONTROLS) + s.px(GAP)
    if banner:
        wraps = lines(banner, s.px(BANNER), width - 2 * s.px(BANNER_PAD_X), bold=True)
        used += round(s.px(BANNER) * LINE * wraps) + 2 * s.px(BANNER_PAD_Y) + s.px(GAP)
    used += round(s.px(KICKER) * LINE) + s.px(GAP)
    used += s.px(TITLE_PAD) + s.px(GAP)
    used += round(title_px * 1.15 * lines(slide.title, title_px, width, bold=True))
    if slide.figures:
        used += _figures_height(slide, s, width) + s.px(GAP)
    text_width = width // 2 - s.px(2) if slide.beside else width
    if not slide.beside:
        used += _text_height(slide, s, text_width)
    # the rest, less a margin for rounding
    chart_height = max(s.height - used - s.px(1), s.px(MIN_CHART))
    return Layout(s, title_px, chart_height, s.px(CHART_FONT), text_width)


def _title_size(title: str, screen: Screen) -> int:
    """The title's size: large, but never more than two lines."""
    size = screen.px(TITLE)
    while size > screen.px(3.2) and lines(title, size, screen.inner_width, bold=True) > 2:
        size -= 1
    return size


def _figures_height(slide: Slide, s: Screen, width: int) -> int:
    n = len(slide.figures)
    tile = (width - (n - 1) * COLUMN_GAP_PX) / n - 2 * s.px(TILE_PAD_X)
    label_lines = max(lines(f.label, s.px(LABEL), tile) for f in slide.figures)
    height = label_lines * s.px(LABEL) * LINE + min(s.px(VALUE), 0.125 * tile) * 1.15
    if any(f.change for f in slide.figures):  # a chip: its line, and a unit of its own padding
        height += max(lines(f.change or "", s.px(DELTA), tile) for f in slide.figures) \
            * s.px(DELTA) * LINE + s.px(1.1)
    # padding, border, and the label's row: 4 px over its line, for its help icon
    return math.ceil(height + 2 * s.px(TILE_PAD_Y) + 2 + 4)


def _text_height(slide: Slide, s: Screen, width: int) -> int:
    """The height of the slide's sections: one paragraph per title and line (or one line of
    "Title: a · b" for inline sections)."""
    body = s.px(BODY)
    total = 0
    for section in slide.sections:
        texts = [f"{section.title}: " + " · ".join(section.lines)] if section.inline \
            else [section.title, *section.lines]
        for i, text in enumerate(texts):
            indent = s.px(3) if i and not section.inline else 0
            total += lines(text, body, width - indent) * body * LINE + s.px(0.6)
        total += s.px(GAP)
    return math.ceil(total)
