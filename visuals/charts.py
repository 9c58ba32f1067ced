"""Plotly figures built from the domain's tables. Pure functions: a table in, a figure out.

Every figure has a title that says what it shows, type large enough for a projector, and hover
text with exact figures. The same figures feed the pages and the briefing's exports.
"""

from __future__ import annotations

import math
import re
import textwrap

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from srrp.formatting import percent, usd
from srrp.plan.rollup import PLAN_WIDE, PLAN_WIDE_TITLE
from srrp.scenarios import compare
from visuals.wording import NOT_REPORTED

FONT = 18
TITLE_FONT = 24
# Marks stand 3:1 from both the light and the dark page (WCAG 1.4.11), and stay apart for
# colour-blind viewers (tests/visuals/test_colour.py); values are also written on the bars.
REQUIRED_COLOUR = "#7A8594"
CONFIRMED_COLOUR = "#2F5FC4"
GAP_COLOUR = "#C75A00"
TARGETED_COLOUR = REQUIRED_COLOUR  # what was aimed at is grey, what came of it blue
REACHED_COLOUR = CONFIRMED_COLOUR
LESS_GAP_COLOUR = "#1F8A7E"  # a step of the waterfall that closes the gap
TARGET_BARS = 25  # bars a projector can show with readable labels; the table lists every one
TREE_KINDS = {"treemap": "Treemap", "sunburst": "Sunburst", "icicle": "Icicle"}
# dark blue (none covered) to yellow (all covered), even in lightness: no red against green
COVERAGE_SCALE = [[i / 9, colour] for i, colour in enumerate(
    ["#00224E", "#123570", "#3B496C", "#575D6D", "#707173", "#8A8678", "#A59C74", "#C3B369",
     "#E1CC55", "#FEE838"])]  # cividis


def style(fig: go.Figure, title: str, height: int = 460, font: int = FONT,
          title_font: int = TITLE_FONT, summary: str | None = None) -> go.Figure:
    """Title at the top left, the legend in a row under it, above the plot: the top margin
    holds both, so neither is cut nor lies on the other, whatever the type size. ``summary``
    is the chart in one sentence (see :func:`summary`)."""
    if summary is not None:
        fig.update_layout(meta={**_meta(fig), "summary": summary})
    legend = len(fig.data) > 1 and fig.layout.showlegend is not False
    top = round(title_font * 2 + (font * 1.9 if legend else 0) + 12)
    fig.update_layout(
        title={"text": title, "font": {"size": title_font}, "x": 0, "xanchor": "left",
               "xref": "container", "y": 1, "yref": "container", "yanchor": "top",
               "pad": {"t": round(title_font * 0.4) + 6, "l": 8}},
        font={"size": font}, height=height,
        margin={"l": 10, "r": 30, "t": top, "b": round(font * 2.4)},
        legend={"orientation": "h", "x": 0, "y": 1.0, "yanchor": "bottom", "font": {"size": font}},
        hoverlabel={"font": {"size": font}},
    )
    fig.update_xaxes(tickfont={"size": font - 2}, title_font={"size": font}, automargin=True)
    fig.update_yaxes(tickfont={"size": font - 2}, title_font={"size": font}, automargin=True)
    return fig


def _meta(fig: go.Figure) -> dict:
    meta = fig.layout.meta
    return dict(meta) if isinstance(meta, dict) else {}


def summary(fig: go.Figure) -> str:
    """What the chart shows, in one sentence: for screen readers and the handouts."""
    return _meta(fig).get("summary", "")


def room_for_labels(fig: go.Figure, most: float, axis: str = "x") -> None:
    """Bar labels written past the end of the longest bar stay inside the chart."""
    fig.update_traces(cliponaxis=False, selector={"type": "bar"})
    fig.update_layout({f"{axis}axis": {"range": [0, max(most, 1) * 1.3]}})


# The names of horizontal bars: whole where they fit, else shortened so that no two look alike.

PAGE_LABEL_CHARS, PAGE_LABEL_LINES = 34, 2  # beside a page's bars, 18 px type
LABEL_SHARE = 0.42  # of a slide chart's width, for the names of its bars
LABEL_EM = 0.52  # an average character, in ems of the font: a name's width is about chars × this
ACRONYM = re.compile(r"\s*(\([^()\s]{2,12}\))$")  # "… and Migration (BPRM)"


def category_labels(names: list[str], chars: int = PAGE_LABEL_CHARS,
                    lines: int = PAGE_LABEL_LINES) -> list[str]:
    """Each name on at most ``lines`` lines of ``chars`` characters; a longer one is cut at a
    word with "…", keeping an acronym it ends with ("United States Bureau of… (BPRM)"). A name
    keeps at least the words that tell it from every other one: "United States of America" and
    "United States Bureau of…" never both become "United States…"."""
    return [_fitted(name, chars, lines, _telling_words(name, names)) for name in names]


def _telling_words(name: str, names: list[str]) -> int:
    """How many of a name's first words tell it from every other name."""
    words = name.split()
    others = [other.split() for other in names if other != name]
    return next((k for k in range(1, len(words)) if all(o[:k] != words[:k] for o in others)),
                len(words))


def _fitted(name: str, chars: int, lines: int, keep: int) -> str:
    whole = textwrap.wrap(name, chars)
    if len(whole) <= lines:
        return "<br>".join(whole)
    found = ACRONYM.search(name)
    words = (name[:found.start()] if found else name).split()
    # the acronym goes first when the words that tell the name apart leave it no room
    tails = [f" {found.group(1)}", ""] if found else [""]
    for tail in tails:
        kept = words[:keep]
        for word in words[keep:]:
            if len(textwrap.wrap(" ".join([*kept, word]) + "…" + tail, chars)) > lines:
                break
            kept.append(word)
        label = textwrap.wrap(" ".join(kept).rstrip(",;:") + "…" + tail, chars)
        if len(label) <= lines:
            break
    return "<br>".join(label)


def name_bars(fig: go.Figure, names: list[str]) -> go.Figure:
    """Keep the full names of a figure's horizontal bars, in the order of their labels, so that
    a slide can label them afresh for its own size (:func:`fit_category_labels`)."""
    fig.update_layout(meta={**_meta(fig), "names": list(names)})
    return fig


def fit_category_labels(fig: go.Figure, height: int, width: int) -> None:
    """Label horizontal bars for a chart ``height`` × ``width`` px: on two lines when the
    chart is high enough for them, else on one (labels that run into each other cannot be
    read), as long as a share of the width allows, from the full names the chart keeps."""
    names = _meta(fig).get("names")
    bars = [t for t in fig.data if t.type == "bar" and t.orientation == "h" and t.y is not None]
    if not names or not bars:
        return
    font = fig.layout.font.size or FONT
    margin = fig.layout.margin
    plot = height - (margin.t or 0) - (margin.b or 0) - 2 * font  # less the x axis's ticks
    lines = 2 if len(names) * 2 * font * 1.3 <= plot else 1
    chars = max(math.floor(width * LABEL_SHARE / (font * LABEL_EM)), 16)
    labels = dict(zip(bars[0].y, category_labels(names, chars, lines), strict=True))
    for trace in bars:
        trace.y = [labels[y] for y in trace.y]


def _extremes(rows: pd.DataFrame, column: str) -> str:
    top, low = rows.loc[rows[column].idxmax()], rows.loc[rows[column].idxmin()]
    return f"from {usd(top[column])} ({top['id']}) down to {usd(low[column])} ({low['id']})"


def wrap(text: str, width: int = 38) -> str:
    return "<br>".join(textwrap.wrap(str(text), width))


def _names(rows: pd.DataFrame) -> list[str]:
    """The id and title of each node: the names of its bars (see :func:`category_labels`);
    the full title is also in the hover and in the chart's table."""
    return [PLAN_WIDE_TITLE if r.level == PLAN_WIDE else f"{r.id}. {r.title}"
            for r in rows.itertuples()]


def _full_name(row) -> str:
    return row["title"] if row["level"] == "plan" else f"{row['id']}. {row['title']}"


def _sector_label(row, kind: str = "sunburst") -> str:
    """Short enough to read in a sector: the id, the first words of the title, the amount. A
    treemap writes a part that holds others in the band at its top: on one short line."""
    if row["level"] == "plan":
        return f"SRRP 2021 · {usd(row['required'])}" if kind == "treemap" else \
            f"SRRP 2021<br>{usd(row['required'])}"
    if kind == "treemap" and row["level"] == "objective":  # its amount is in the hover
        return f"{row['id']}. {_first_words(row['title'], 2)}"
    return f"{row['id']} {wrap(_first_words(row['title'], 4), 22)}<br>{usd(row['required'])}"


COVERAGE_TOPS = (0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0)


def coverage_top(coverage: pd.Series) -> float:
    """The top of the colour scale: the first of COVERAGE_TOPS that holds every coverage. A
    scale to 100 % painted every part of a plan 1 % covered the same navy."""
    most = coverage.dropna().max() if coverage.notna().any() else 0
    return next((top for top in COVERAGE_TOPS if most <= top), 1.0)


def required_vs_confirmed(table: pd.DataFrame, title: str) -> go.Figure:
    """Horizontal bars of required and confirmed per node, in the table's order. A plan-wide
    row (``rollup.plan_wide``) has a confirmed bar only: it has no requirement of its own."""
    rows = table.iloc[::-1]
    labels = category_labels(_names(rows))
    own = rows["level"] != PLAN_WIDE
    fig = go.Figure([
        go.Bar(name="Required", y=labels, x=rows["required"].where(own), orientation="h",
               marker_color=REQUIRED_COLOUR,
               text=[usd(v) if o else "" for v, o in zip(rows["required"], own, strict=True)],
               textposition="auto", hovertemplate="%{y}<br>Required: USD %{x:,.0f}<extra></extra>"),
        go.Bar(name="Confirmed", y=labels, x=rows["confirmed"], orientation="h",
               marker_color=CONFIRMED_COLOUR,
               text=[usd(v) if v else "" for v in rows["confirmed"]], textposition="outside",
               hovertemplate="%{y}<br>Confirmed: USD %{x:,.0f}<extra></extra>"),
    ])
    fig.update_layout(barmode="group", xaxis={"title": "USD", "tickformat": "~s"})
    room_for_labels(fig, rows["required"].max() if len(rows) else 0)
    parts = rows[own]
    funded = int((parts["confirmed"] > 0).sum())
    confirmed = (f"confirmed funding is recorded for {funded} of them, "
                 f"{usd(parts['confirmed'].sum())} of {usd(parts['required'].sum())} required"
                 if funded else "no confirmed funding is reported for any of them")
    wide = rows.loc[~own, "confirmed"].sum()
    beside = f"; {usd(wide)} confirmed for the plan as a whole, not earmarked" if wide else ""
    said = (f"Required funding of {len(parts)} parts of the plan, "
            f"{_extremes(parts, 'required')}; {confirmed}{beside}." if len(parts)
            else "No parts to show.")
    fig = style(fig, title, height=max(380, 110 * len(rows) + 120), summary=said)
    return name_bars(fig, _names(rows))


def largest_gaps(table: pd.DataFrame, title: str, limit: int = 8) -> go.Figure:
    rows = table.nlargest(limit, "gap").iloc[::-1]
    fig = go.Figure(go.Bar(
        y=category_labels(_names(rows)), x=rows["gap"], orientation="h",
        marker_color=GAP_COLOUR, text=[usd(v) for v in rows["gap"]], textposition="auto",
        customdata=[percent(c) for c in rows["coverage"]],
        hovertemplate="%{y}<br>Gap: USD %{x:,.0f}<br>Coverage: %{customdata}<extra></extra>"))
    fig.update_layout(xaxis={"title": "Unmet requirements, USD", "tickformat": "~s"},
                      showlegend=False)
    room_for_labels(fig, rows["gap"].max() if len(rows) else 0)
    said = (f"The {len(rows)} largest funding gaps, {_extremes(rows, 'gap')}."
            if len(rows) else "No funding gap to show.")
    fig = style(fig, title, height=max(380, 80 * len(rows) + 140), summary=said)
    return name_bars(fig, _names(rows))


def funding_tree(table: pd.DataFrame, kind: str, title: str) -> go.Figure:
    """The plan as a sunburst, treemap or icicle: area is required, colour is coverage on a
    scale up to the largest coverage (:func:`coverage_top`). A label that would be smaller than
    the page's type is left out (the hover and the table below give every part)."""
    chart = {"sunburst": go.Sunburst, "treemap": go.Treemap, "icicle": go.Icicle}[kind]
    hover = [f"{wrap(_full_name(r), 50)}<br>Required: {usd(r.required)}<br>Confirmed: "
             f"{usd(r.confirmed)}<br>Gap: {usd(r.gap)}<br>Coverage: {percent(r.coverage)}"
             for _, r in table.iterrows()]
    top = coverage_top(table["coverage"])
    marker = {"colors": table["coverage"].fillna(0), "colorscale": COVERAGE_SCALE,
              "cmin": 0, "cmax": top, "showscale": True,
              "colorbar": {"title": {"text": "Coverage"}, "tickformat": ".1~%",
                           "tickfont": {"size": FONT - 2}}}
    if kind == "treemap":
        marker["pad"] = {"t": round(FONT * 1.7), "l": 4, "r": 4, "b": 4}
    fig = go.Figure(chart(  # plotly draws nothing when ids come without labels
        ids=table["id"], labels=[_sector_label(r, kind) for _, r in table.iterrows()],
        parents=table["parent"].fillna(""), values=table["required"], branchvalues="total",
        textinfo="label", hovertext=hover, hoverinfo="text", marker=marker,
        insidetextfont={"size": FONT}, maxdepth=3,
    ))
    fig.update_layout(uniformtext={"minsize": FONT - 1, "mode": "hide"})
    covered = table["coverage"].dropna()
    said = (f"The plan's {len(table)} parts, each sized by its requirement and coloured by its "
            f"coverage, which ranges from {percent(covered.min() if len(covered) else None)} to "
            f"{percent(covered.max() if len(covered) else None)} (the colours run from 0 to "
            f"{percent(top)}).")
    return style(fig, title, height=640, summary=said)


def targets_vs_reached(rows: pd.DataFrame, title: str) -> go.Figure:
    """Targeted and reached per indicator; a missing figure is labelled, never drawn as zero.

    ``rows`` has the columns indicator, where, targeted and reached."""
    rows = rows.iloc[::-1]
    labels = [wrap(f"{_first_words(r.indicator, 5)} · {_first_words(r.where, 3, ':')}", 30)
              for r in rows.itertuples()]
    hover = [wrap(f"{r.indicator} — {r.where}", 60) for r in rows.itertuples()]
    bars = []
    for column, name, colour in (("targeted", "Targeted", TARGETED_COLOUR),
                                 ("reached", "Reached", REACHED_COLOUR)):
        values = rows[column]
        bars.append(go.Bar(
            name=name, y=labels, x=values.fillna(0).astype("int64"), orientation="h",
            marker_color=colour, textposition="outside", cliponaxis=False, customdata=hover,
            text=[f"{int(v):,}" if pd.notna(v) else NOT_REPORTED for v in values],
            hovertemplate=f"%{{customdata}}<br>{name}: %{{text}}<extra></extra>"))
    fig = go.Figure(bars)
    most = max(rows[["targeted", "reached"]].max().fillna(0).max(), 1)
    fig.update_layout(barmode="group", bargap=0.3, xaxis={"title": "People", "tickformat": "~s"})
    room_for_labels(fig, most)
    said = (f"People targeted and reached for {len(rows)} indicators; a reached figure is "
            f"reported for {int(rows['reached'].notna().sum())} of them.")
    return style(fig, title, height=max(380, 110 * len(rows) + 140), summary=said)


def reach_by_round(totals: pd.DataFrame, title: str) -> go.Figure:
    """People targeted and reached as each reporting round reported them; a round that reports
    no figure is labelled, never drawn as zero.

    ``totals`` has the columns round, targeted and reached."""
    bars = []
    for column, name, colour in (("targeted", "Targeted", TARGETED_COLOUR),
                                 ("reached", "Reached", REACHED_COLOUR)):
        values = totals[column]
        bars.append(go.Bar(
            name=name, x=totals["round"], y=values.fillna(0).astype("int64"), marker_color=colour,
            text=[f"{int(v):,}" if pd.notna(v) else NOT_REPORTED for v in values],
            textposition="outside", hovertemplate=f"%{{x}}<br>{name}: %{{text}}<extra></extra>"))
    fig = go.Figure(bars)
    # with many rounds a bar is too thin for its figure: leave the figure out rather than shrink
    # it past reading (the table under the chart gives every one)
    fig.update_layout(barmode="group", bargap=0.25, yaxis={"title": "People", "tickformat": "~s"},
                      xaxis={"type": "category", "title": "Reporting round"},
                      uniformtext={"minsize": FONT - 2, "mode": "hide"})
    room_for_labels(fig, float(totals[["targeted", "reached"]].max().fillna(0).max()), "y")
    last = totals.iloc[-1]
    said = (f"People targeted and reached in {len(totals)} reporting rounds; the latest, "
            f"{last['round']}, reports "
            f"{f'{int(last.reached):,}' if pd.notna(last.reached) else NOT_REPORTED} reached"
            + ("; no round reports a target." if totals["targeted"].isna().all() else "."))
    return style(fig, title, summary=said)


def largest_targets(rows: pd.DataFrame, limit: int = TARGET_BARS) -> pd.DataFrame:
    """The rows of the ``limit`` largest targets, largest first: a partition of a million rows,
    then a sort of ``limit``."""
    if len(rows) <= limit:
        return rows
    targeted = rows["targeted"].fillna(-1).to_numpy(dtype="int64")
    return rows.iloc[np.argpartition(-targeted, limit)[:limit]].sort_values(
        "targeted", ascending=False, kind="stable")


def _first_words(text: str, words: int, stop: str = "") -> str:
    """The first words of a text (or what comes before ``stop``), for a label to fit."""
    if stop and stop in text:
        return text.split(stop)[0]
    parts = str(text).split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")


OTHER_STEP = "Other"


def gap_steps(changes: pd.DataFrame) -> list[tuple[str, int]]:
    """What moves the plan's gap: each sub-objective whose gap changes, then the rest (funding
    for no sub-objective, or beyond a sub-objective's requirement) as one 'Other' step."""
    subs = changes[(changes["level"] == "sub-objective") & (changes["gap_change"] != 0)]
    steps = [(str(i), int(v)) for i, v in zip(subs["id"], subs["gap_change"], strict=True)]
    plan_change = int(changes.loc[changes["level"] == "plan", "gap_change"].iloc[0])
    rest = plan_change - sum(v for _, v in steps)
    return steps + [(OTHER_STEP, rest)] if rest else steps


def gap_waterfall(changes: pd.DataFrame, title: str) -> go.Figure:
    """From the baseline gap, through each change, to the scenario's gap (a ``compare`` table)."""
    plan = changes[changes["level"] == "plan"].iloc[0]
    steps = gap_steps(changes)
    fig = go.Figure(go.Waterfall(
        x=["Baseline gap", *[label for label, _ in steps], "Scenario gap"],
        y=[int(plan["gap_before"]), *[v for _, v in steps], 0],
        measure=["absolute", *["relative"] * len(steps), "total"],
        text=[usd(plan["gap_before"]), *[("+" if v > 0 else "") + usd(v) for _, v in steps],
              usd(plan["gap_after"])],
        textposition="outside", cliponaxis=False,
        increasing={"marker": {"color": GAP_COLOUR}},
        decreasing={"marker": {"color": LESS_GAP_COLOUR}},
        totals={"marker": {"color": CONFIRMED_COLOUR}}))
    # ids such as 3.2 would otherwise make a numeric axis and collapse the bars
    fig.update_xaxes(type="category")
    fig.update_layout(yaxis={"title": "Gap, USD", "tickformat": "~s"}, showlegend=False)
    said = (f"The plan's gap moves from {usd(plan['gap_before'])} to {usd(plan['gap_after'])} "
            f"through {len(steps)} change{'s' if len(steps) != 1 else ''}.")
    return style(fig, title, height=480, summary=said)


SCENARIO_COLOURS = [REQUIRED_COLOUR, CONFIRMED_COLOUR, GAP_COLOUR, LESS_GAP_COLOUR]  # told apart


COMPARED = (("confirmed", "Confirmed", usd), ("gap", "Gap", usd),
            ("coverage", "Coverage", percent))


def by_scenario(table: pd.DataFrame, names: list[str], title: str,
                labels: dict[str, str] | None = None) -> go.Figure:
    """Confirmed, gap and coverage of each objective, and the plan-wide funding, under each
    scenario side by side (the reference first, in grey): where scenarios differ. ``table`` as
    ``srrp.scenarios.compare.side_by_side`` makes it; ``labels`` gives the legend a short name for a
    long one (the full name stays in each bar's hover)."""
    labels = labels or {}
    rows = table[table["level"].isin(["objective", PLAN_WIDE])].iloc[::-1]
    rows_labels = category_labels(_names(rows))
    fig = make_subplots(rows=1, cols=3, shared_yaxes=True, horizontal_spacing=0.05)
    for col, (measure, heading, shown) in enumerate(COMPARED, 1):
        for name, colour in zip(names, SCENARIO_COLOURS, strict=False):
            values = rows[compare.column(measure, name)].astype("float64")
            fig.add_trace(go.Bar(
                name=labels.get(name, name), y=rows_labels, x=values.fillna(0), orientation="h",
                marker_color=colour,
                legendgroup=name, showlegend=col == 1, cliponaxis=False,
                text=["" if pd.isna(v) else shown(v) for v in values], textposition="outside",
                hovertemplate=f"{name}<br>%{{y}}<br>{heading}: %{{text}}<extra></extra>"),
                row=1, col=col)
        most = float(rows[[compare.column(measure, n) for n in names]].astype("float64")
                     .max().max() or 0)
        fig.update_xaxes(range=[0, max(most, 1e-9) * 2.1], showticklabels=False,
                         title_text=heading, row=1, col=col)
    fig.update_layout(barmode="group", bargap=0.25)
    bars = len(rows) * len(names)
    return style(fig, title, height=max(420, 34 * bars + 200), font=FONT - 2)


PLEDGED_COLOUR = "#8FB3E8"  # lighter than confirmed: shown beside it, never counted as funding


def funding_by_donor(table: pd.DataFrame, title: str) -> go.Figure:
    """Confirmed and pledged per donor, largest first (the table's order, top to bottom)."""
    rows = table.iloc[::-1]
    names = [_donor_label(r) for r in rows.itertuples()]
    return name_bars(_money_bars(rows, category_labels(names), title), names)


def funding_by_country(table: pd.DataFrame, title: str, names: dict[str, str]) -> go.Figure:
    """Confirmed and pledged per recipient country, largest first."""
    rows = table.iloc[::-1]
    labels = [names.get(c, c) for c in rows["recipient_country"]]
    return _money_bars(rows, labels, title)


def _donor_label(row) -> str:
    return f"{row.donor} ({row.donors})" if row.donors > 1 else row.donor


def _money_bars(rows: pd.DataFrame, labels: list[str], title: str) -> go.Figure:
    bars = [go.Bar(name=name, y=labels, x=rows[column], orientation="h", marker_color=colour,
                   text=[usd(v) if v else "" for v in rows[column]], textposition="auto",
                   cliponaxis=False,
                   hovertemplate=f"%{{y}}<br>{name}: USD %{{x:,.0f}}<extra></extra>")
            for column, name, colour in (("confirmed", "Confirmed", CONFIRMED_COLOUR),
                                         ("pledged", "Pledged (not counted)", PLEDGED_COLOUR))
            if rows[column].any() or column == "confirmed"]
    fig = go.Figure(bars)
    most = max(int(rows[["confirmed", "pledged"]].to_numpy().max(initial=0)), 1)
    fig.update_layout(barmode="group", bargap=0.25,
                      xaxis={"title": "USD", "tickformat": "~s", "range": [0, most * 1.45]})
    return style(fig, title, height=max(380, 70 * len(rows) + 160))


# Below this share of the requirement reached, an axis up to the requirement would flatten the
# line on zero (USD 7 M of 823 M): the chart keeps its own scale and writes the requirement.
REQUIREMENT_ON_SCALE = 0.25
MONTH_TICKS = 8  # at most, so that month names never crowd or repeat


def funding_over_time(over, title: str) -> go.Figure:
    """Cumulative confirmed funding by month on a scale of its own, with the requirement as a
    labelled line where it is within reach, else written above the line; the last point is
    labelled with the amount and the coverage it reaches."""
    table = over.table
    coverage = [percent(v / over.required) if over.required else NOT_REPORTED
                for v in table["cumulative"]]
    last = len(table) - 1
    months = pd.to_datetime(table["month"])
    fig = go.Figure(go.Scatter(
        name="Confirmed, cumulative", x=months, y=table["cumulative"],
        mode="lines+markers+text", line={"color": CONFIRMED_COLOUR, "width": 4, "shape": "hv"},
        marker={"size": 9}, customdata=coverage, textposition="top left",
        text=[f"{usd(v)} ({c})" if i == last else "" for i, (v, c) in
              enumerate(zip(table["cumulative"], coverage, strict=True))],
        textfont={"size": FONT},  # the theme's text colour: blue on the dark page was faint
        hovertemplate="%{x|%B %Y}<br>Confirmed so far: USD %{y:,.0f}<br>Coverage: "
                      "%{customdata}<extra></extra>"))
    top = int(table["cumulative"].max()) if len(table) else 0
    fig.update_layout(showlegend=False, xaxis=_month_axis(months),
                      yaxis={"title": "USD", "tickformat": "~s",
                             "range": [0, _requirement(fig, over.required, top)]})
    return style(fig, title)


def _requirement(fig: go.Figure, required: int, top: int) -> float:
    """Show the requirement on the chart; the top of the scale that leaves the line readable."""
    if required and top >= required * REQUIREMENT_ON_SCALE:
        fig.add_hline(y=required, line={"color": REQUIRED_COLOUR, "width": 3, "dash": "dash"},
                      annotation={"text": f"Required {usd(required)}", "font": {"size": FONT}},
                      annotation_position="top left")
        return max(required, top) * 1.12
    if required:
        fig.add_annotation(
            text=f"Required {usd(required)}:<br>far above this scale",
            xref="paper", yref="paper", x=0, y=1, xanchor="left", yanchor="top",
            showarrow=False, align="left", font={"size": FONT})
    return max(top, 1) * 1.35


def _month_axis(months: pd.Series) -> dict:
    """One tick per month (or per few months), each named once: plotly's own ticks fell
    between months and named them twice ('Jul 2021, Jul 2021, Aug 2021')."""
    step = max(math.ceil(len(months) / MONTH_TICKS), 1)
    axis = {"tickformat": "%b %Y", "dtick": f"M{step}"}
    if len(months):
        axis["tick0"] = months.min().strftime("%Y-%m-%d")
    return axis
