"""The briefing's deck: the plan told in a few slides, on a projector and in handouts.

A slide is plain data — a title, big figures, one plotly figure and a few lines of text —
built from the View and the country's boundaries by :func:`build_deck`, so the page
(:mod:`components.briefing`) shows the very slides that :mod:`visuals.handouts` writes to PDF
and PPTX.
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass, replace

import pandas as pd
import plotly.graph_objects as go

from srrp.activities.rounds import rounds
from srrp.formatting import count, percent, usd
from srrp.funding.totals import TOP_DONORS, by_donor, over_time
from srrp.places.geometry import bbox, label_point, polygons
from srrp.plan.rollup import PLAN_WIDE
from srrp.reach import round_totals
from srrp.view import ALL, View
from srrp.words import cited
from visuals import charts
from visuals.map import LABEL_SIZE, fit_view, place_labels, ranked_areas
from visuals.wording import (
    HELP,
    HYPOTHETICAL,
    NONE_REPORTED,
    NOT_REPORTED,
    change,
    figure_labels,
    hypothetical_name,
    scenario_name,
)

FIGURES_OF = "IOM SRRP 2021 plan page"
TOP_GAPS = 5
SLIDE_LINES = 10  # lines of a list on a slide: what a room can read
SLIDE_BARS = 12  # bars of a ranked chart on a slide: what a room can read, with their names


@dataclass(frozen=True)
class MapColours:
    """A map slide's colours on one theme's page: areas with no record, the scale from fewer
    to more records, the lines between areas, and the labels' text and box."""

    empty: str
    scale: tuple[str, str]
    line: str
    text: str
    box: str


# On the light page (and in the handouts): light to IOM blue, white lines, dark labels on white.
MAP_LIGHT = MapColours("#E5E7EB", ("#A9BEE6", "#0033A0"), "#FFFFFF", "#111827",
                       "rgba(255,255,255,0.9)")
# On the dark page: dark slate land, and more records lighter, standing out from the page as
# the light page's darker blue does; light labels on the page's colour.
MAP_DARK = MapColours("#2E3440", ("#2B4C9B", "#B9CFF7"), "#0E1117", "#FAFAFA",
                      "rgba(14,17,23,0.9)")
MAP_SCALE = MAP_LIGHT.scale


@dataclass(frozen=True)
class BigFigure:
    label: str
    value: str
    change: str | None = None  # against the baseline, under a scenario
    help: str | None = None


@dataclass(frozen=True)
class Section:
    title: str
    lines: tuple[str, ...]
    inline: bool = False  # "Title: a · b · c" on one line rather than a list

    def paragraphs(self) -> list[tuple[str, str]]:
        """(style, text) pairs, style "head" or "item": how handouts write the section."""
        if self.inline:
            return [("head", self.title), ("item", " · ".join(self.lines))] if self.lines \
                else [("head", self.title)]
        return [("head", self.title), *(("item", line) for line in self.lines)]


@dataclass(frozen=True, eq=False)
class Slide:
    key: str  # stable name: "plan", "objective-2", "map", "gaps", "sources"
    kicker: str  # the short line above the title
    title: str
    figures: tuple[BigFigure, ...] = ()
    chart: go.Figure | None = None
    chart_text: tuple[str, ...] = ()  # the chart in words, when it cannot be drawn
    sections: tuple[Section, ...] = ()  # text under the chart, or beside it
    beside: bool = False
    notes: str = ""  # what the presenter says; the PPTX speaker notes
    sources: tuple[str, ...] = ()  # source titles, for the footer


@dataclass(frozen=True, eq=False)
class Deck:
    slides: tuple[Slide, ...]
    plan_title: str
    figures_of: str  # "Figures: IOM SRRP 2021 plan page (last updated 2021-04-20)"
    file_stem: str  # "srrp-2021-briefing-LAO", "..._HYPOTHETICAL" under a scenario
    scenario: str | None = None  # what the hypothetical figures are, None for the baseline
    signature: str = ""  # changes with anything a handout shows

    @property
    def hypothetical(self) -> bool:
        return self.scenario is not None

    @property
    def banner(self) -> str:
        return f"{HYPOTHETICAL} — {self.scenario}" if self.scenario else ""


def build_deck(view: View, boundaries: dict[str, dict]) -> Deck:
    """The view's slides; ``boundaries`` holds each area's polygon by P-code for the map slide
    (none: the slide lists the figures only)."""
    plan = view.plan
    slides = [plan_slide(view)]
    slides += [objective_slide(view, oid) for oid in view.objective_ids()]
    slides += funding_slides(view)
    slides += [*map_slides(view, boundaries), *rounds_slides(view), gaps_slide(view),
               sources_slide(view)]
    slides = [part for slide in slides for part in split(slide)]
    stem = f"{plan.id}-briefing-{view.filters.country}"
    if view.filters.objective != ALL:
        stem += f"-objective-{view.filters.objective}"
    scenario = None
    if view.hypothetical:
        scenario = (f"figures under {scenario_name(view.choice, view.scenario.title)} "
                    "(not sourced funding)")
        stem = hypothetical_name(f"{stem}-{view.choice}")
    figures_of = f"Figures: {FIGURES_OF} (last updated {plan.last_updated})"
    return Deck(tuple(slides), plan.title, figures_of, stem, scenario,
                _signature(slides, stem, scenario, figures_of))


def _signature(slides: list[Slide], *header) -> str:
    """Changes whenever anything a handout shows changes: a prepared file is then stale."""
    content = list(header)
    for s in slides:
        content += [s.key, s.title, [(f.label, f.value, f.change) for f in s.figures],
                    [(x.title, list(x.lines)) for x in s.sections], list(s.chart_text),
                    list(s.sources),
                    s.chart.to_json() if s.chart is not None else None]
    return hashlib.sha1(json.dumps(content, default=str).encode()).hexdigest()[:16]


def node_figures(view: View, node_id: str) -> tuple[BigFigure, ...]:
    """Required, confirmed, gap and coverage of a node, as on the Overview's tiles."""
    row = view.rollup.set_index("id").loc[node_id]
    base = view.baseline_rollup.set_index("id").loc[node_id]
    money = view.funding.set_index("id").loc[node_id]
    base_money = view.baseline_funding.set_index("id").loc[node_id]
    changed, label = view.hypothetical, figure_labels(view.filters)
    return (
        BigFigure(label["required"], usd(row.required),
                  _change(row.required - base.required, changed), HELP["required"]),
        BigFigure(label["confirmed"], usd(money.confirmed) if money.contributions
                  else NONE_REPORTED, _change(money.confirmed - base_money.confirmed, changed),
                  HELP["confirmed"]),
        BigFigure(label["gap"], usd(row.gap), _change(row.gap - base.gap, changed),
                  HELP["gap"]),
        BigFigure(label["coverage"], percent(row.coverage), None, HELP["coverage"]),
    )


def _change(amount: int, changed: bool) -> str | None:
    text = change(amount) if changed else None
    return f"{text} against the baseline" if text else None


def plan_slide(view: View) -> Slide:
    plan = view.plan
    objectives = view.by_objective()
    chart = charts.required_vs_confirmed(objectives, "Required and confirmed, by objective")
    confirmed = [c for c in plan.contributions if c.status == "confirmed"]
    pledged = [c for c in plan.contributions if c.status == "pledged"]
    notes = (f"{plan.title}. {plan.type}, last updated {plan.last_updated}. "
             f"Required USD {plan.required:,}; {len(confirmed)} confirmed contribution(s) "
             f"recorded with a source; {len(pledged)} pledge(s), which are not counted.")
    return Slide(
        key="plan", kicker=f"The plan · {plan.type} · last updated {plan.last_updated}",
        title=plan.title, figures=node_figures(view, plan.id), chart=chart,
        chart_text=tuple(_money_line(r) for r in objectives.itertuples()),
        notes=notes, sources=_source_titles(view, [plan.source, *(c.source for c in confirmed)]),
    )


def funding_slides(view: View) -> list[Slide]:
    """A donor slide and a time slide, when the filters leave more than one contribution: one
    contribution is told better by the plan slide."""
    if len(view.contributions) <= 1:
        return []
    return [donor_slide(view), time_slide(view)]


def donor_slide(view: View) -> Slide:
    table = by_donor(view.contributions, TOP_DONORS)
    confirmed = int(table["confirmed"].sum())
    return Slide(
        key="donors", kicker="Who gives",
        title=f"{_donors(table)} giving USD {confirmed:,} confirmed",
        figures=(BigFigure("Confirmed", usd(confirmed), None, HELP["confirmed"]),
                 BigFigure("Pledged (not counted)", usd(int(table["pledged"].sum()))),
                 BigFigure("Contributions", count(int(table["contributions"].sum())))),
        chart=charts.funding_by_donor(table, "Confirmed and pledged, by donor"),
        chart_text=tuple(f"{r.donor} — confirmed {usd(r.confirmed)}, pledged {usd(r.pledged)}"
                         for r in table.itertuples()),
        notes="Donors ranked by confirmed funding; the smallest are grouped as other donors. "
              "Pledges are shown but not counted as funding. In full, a bar's donor may be "
              "shortened on the slide: " + "; ".join(table["donor"]) + ".",
        sources=_source_titles(view, view.contributions["source"]),
    )


def _donors(table) -> str:
    n = int(table["donors"].sum())
    return f"{n} donor{'s' if n != 1 else ''}"


def time_slide(view: View) -> Slide:
    focus = view.filters.objective if view.filters.objective != ALL else view.plan.id
    over = over_time(view.contributions, view.plan.node(focus).required)
    lines = [f"{r.month}: USD {r.cumulative:,} confirmed so far" for r in over.table.itertuples()]
    if over.unplaced:
        lines.append(f"USD {over.unplaced:,} dated by year only or not dated: in the totals, "
                     "not in a month")
    confirmed = (int(over.table["cumulative"].iloc[-1]) if len(over.table) else 0) + \
        over.unplaced
    return Slide(
        key="time", kicker="When it came",
        title="Confirmed funding over time, against the requirement",
        figures=(BigFigure("Required", usd(over.required), None, HELP["required"]),
                 BigFigure("Confirmed", usd(confirmed), None, HELP["confirmed"]),
                 BigFigure("Coverage", percent(confirmed / over.required if over.required
                                               else float("nan")), None, HELP["coverage"])),
        chart=charts.funding_over_time(over, "Cumulative confirmed funding, by month")
        if len(over.table) else None,
        chart_text=tuple(lines[-SLIDE_LINES:]),
        # with no month to draw, the slide says so in words rather than stand empty
        sections=() if len(over.table) else (Section("No contribution is dated by month",
                                                     tuple(lines)),),
        notes="Each contribution is placed in the month of its date (the donor's decision "
              "where FTS gives one). Contributions dated by year only are counted in the "
              "totals but cannot be placed in a month.",
        sources=_source_titles(view, view.contributions["source"]),
    )


def _money_line(row) -> str:
    confirmed = usd(row.confirmed) if row.contributions else NONE_REPORTED
    if row.level == PLAN_WIDE:
        return f"{row.title} — confirmed {confirmed}"
    return (f"{row.id}. {row.title} — required {usd(row.required)}, confirmed {confirmed}, "
            f"gap {usd(row.gap)}")


def objective_slide(view: View, objective_id: str) -> Slide:
    objective = view.plan.node(objective_id)
    table = view.funding
    subs = table[(table["level"] == "sub-objective") & (table["parent"] == objective_id)]
    chart = charts.required_vs_confirmed(subs, "Sub-objectives: required and confirmed")
    under = {s.id for s in objective.sub_objectives}
    contributions = [c for c in view.plan.contributions if c.sub_objective in under]
    return Slide(
        key=f"objective-{objective_id}",
        kicker=f"Objective {objective_id} of {len(view.plan.objectives)}",
        title=objective.title, figures=node_figures(view, objective_id), chart=chart,
        chart_text=tuple(_money_line(r) for r in subs.itertuples()),
        sections=(Section("Target groups", tuple(objective.target_groups) or (NOT_REPORTED,),
                          inline=True),),
        notes=objective.description or "",
        sources=_source_titles(view, [objective.source, *(c.source for c in contributions)]),
    )


def gaps_slide(view: View) -> Slide:
    table = view.rollup
    subs = table[(table["level"] == "sub-objective") & table["parent"].isin(view.objective_ids())]
    top = subs.nlargest(TOP_GAPS, "gap")
    total_gap = int(subs["gap"].sum())
    share = top["gap"].sum() / total_gap if total_gap else float("nan")
    n = len(top)
    scope = "of these objectives" if view.filters.objective == ALL else \
        f"of objective {view.filters.objective}"
    return Slide(
        key="gaps", kicker="Where money is missing",
        title=f"The {n} largest funding gaps" if n != 1 else "The largest funding gap",
        figures=(BigFigure(f"Gap of these {n}", usd(top["gap"].sum())),
                 BigFigure(f"Share of the gap {scope}", percent(share))),
        chart=charts.largest_gaps(subs, "Unmet requirements, by sub-objective", limit=TOP_GAPS),
        chart_text=tuple(f"{r.id}. {r.title} — gap {usd(r.gap)}, coverage "
                         f"{percent(r.coverage)}" for r in top.itertuples()),
        notes="Gap = required − confirmed, never negative. Pledges are not counted as funding.",
        sources=_source_titles(view, [view.plan.source]),
    )


def sources_slide(view: View) -> Slide:
    plan = view.plan
    used = [plan.source, *(c.source for c in plan.contributions),
            *_activity_sources(view.activities)]
    lines = [f"{c.title} — {c.publisher}" + (f" · {c.url}" if c.url else "")
             for c in cited(plan, used)]
    return Slide(
        key="sources", kicker="Sources", title="Where these figures come from",
        sections=(Section("Documents", tuple(lines)),
                  Section("How to read the figures", (
                      "Required: the funding requirements of the plan page "
                      f"(last updated {plan.last_updated}).",
                      "Confirmed: commitments and paid contributions recorded with a source; "
                      "pledges are shown but not counted.",
                      "Gap: required − confirmed, never negative. Coverage: confirmed ÷ "
                      "required.",
                      "Not reported: the sources give no figure; it is never counted as zero.",
                  ))),
        notes="Confirmed funding counts commitments and paid contributions recorded with a "
              "source; pledges are shown but not counted. Empty cells mean not reported.",
        sources=_source_titles(view, used),
    )


def _activity_sources(activities: pd.DataFrame) -> list[str]:
    """The sources the activities cite, each once, in the order they are first cited."""
    return list(activities["source"].replace("", pd.NA).dropna().unique())


def _source_titles(view: View, source_ids) -> tuple[str, ...]:
    return tuple(c.title for c in cited(view.plan, source_ids))


# A slide holds what a room can read: more text than that goes on the next slide. Text is
# counted in rows of a projector's line (fewer characters beside a chart), so that the same
# slides are shown on every screen and printed in the handouts.

SCREEN_ROWS = 12  # rows of text on a slide without a chart, or beside one
UNDER_CHART_ROWS = 2  # rows of text under a chart
ROW_CHARS, BESIDE_ROW_CHARS = 70, 32


def _rows(text: str, beside: bool) -> int:
    return max(math.ceil(len(text) / (BESIDE_ROW_CHARS if beside else ROW_CHARS)), 1)


def split(slide: Slide) -> list[Slide]:
    """The slide, and as many "(continued)" slides as its text needs; a section that fits a
    slide of its own is never cut, and a list cut in two says so."""
    beside = slide.beside and slide.chart is not None
    room = UNDER_CHART_ROWS if slide.chart is not None and not beside else SCREEN_ROWS
    parts: list[list[Section]] = [[]]
    for section in slide.sections:
        if section.inline:
            items = [f"{section.title}: " + " · ".join(section.lines)]
            head = 0
        else:
            items, head = list(section.lines), _rows(section.title, beside)
        needed = head + sum(_rows(item, beside) for item in items)
        if parts[-1] and needed > room and needed <= SCREEN_ROWS:
            parts.append([])  # whole on a slide of its own
            room, beside = SCREEN_ROWS, False
        taken, title = [], section.title
        room -= head
        for item in items:
            rows = _rows(item, beside)
            if rows > room and (taken or parts[-1]):
                parts[-1].append(Section(title, tuple(taken), section.inline))
                parts.append([])
                room, beside = SCREEN_ROWS - head, False
                taken, title = [], f"{section.title} (continued)"
            taken.append(item)
            room -= _rows(item, beside)
        parts[-1].append(Section(title, tuple(taken) if not section.inline
                                 else section.lines, section.inline))
    if len(parts) == 1:
        return [slide]
    total = len(parts)
    return [replace(slide, sections=tuple(parts[0]), kicker=f"{slide.kicker} · 1/{total}")] + [
        Slide(key=f"{slide.key}-{n}", kicker=f"{slide.kicker} · {n}/{total}",
              title=f"{slide.title} (continued)", sections=tuple(part), notes=slide.notes,
              sources=slide.sources)
        for n, part in enumerate(parts[1:], 2)]


# The map slide: activity records per province, drawn with plain polygons so that nothing is
# fetched and kaleido renders it like any other chart.


def map_slides(view: View, boundaries: dict[str, dict]) -> list[Slide]:
    """The map, alone on its slide so that a room can read it, then what the map cannot show:
    the records for several areas together and those for none, listed whole."""
    gazetteer = view.gazetteer
    label = gazetteer.admin1_label.lower()
    activities = view.activities
    # only the columns the slide reads are filtered: a million rows hold two dozen columns
    places = activities[["scope", "admin1_pcode", "project", "location"]]
    single = places[places["scope"] == "province"]
    counts = single["admin1_pcode"].value_counts()
    counts = counts[counts > 0].to_dict()  # a category counts even where no row has it
    several = places[places["scope"] == "several"]
    national = places[places["scope"] == "national"]
    names = {a.pcode: a.name for a in gazetteer.areas}
    title = f"Activity records reported for one {label}"
    counted = tuple(f"{names.get(p, p)}: {_records(n)}"
                    + ("" if p in boundaries or not boundaries else " (no boundary to draw)")
                    for p, n in sorted(counts.items(), key=lambda item: (-item[1], item[0])))
    if boundaries:
        chart = activity_map(boundaries, counts, names, title)
        charts.style(chart, title, height=chart.layout.height, summary=(
            f"{len(counts)} {label}s have records of their own"
            + (f", most of all {counted[0]}." if counted else ".")))
    else:
        chart = ranked_areas(pd.DataFrame({"admin1_name": [names.get(p, p) for p in counts],
                                           "value": list(counts.values())}),
                             "activities", title, most=SLIDE_BARS)
    sources = _source_titles(view, _activity_sources(activities))
    where = f"Where · {gazetteer.country}"
    if activities.empty:
        return [Slide(key="map", kicker=where, title=f"Activities in {gazetteer.country}, by "
                      f"{label}", sections=(Section(f"No activities reported in "
                                                    f"{gazetteer.country} under these filters",
                                                    ()),), sources=sources)]
    notes = (f"A record is one activity × location × indicator row. Only records of a single "
             f"{label} are counted on the map; figures reported for several {label}s together "
             "are never divided among them.")
    first = Slide(
        key="map", kicker=where, title=f"Activities in {gazetteer.country}, by {label}",
        figures=() if chart is not None else (
            BigFigure(f"Records for one {label}", count(len(single))),
            BigFigure(f"{gazetteer.admin1_label}s with records", count(len(counts)))),
        chart=chart, chart_text=counted, notes=notes, sources=sources)
    sections = tuple(x for x in (
        Section(f"Reported for several {label}s together (never split)",
                _grouped(several, names)),
        Section(f"Reported with no {label}", _grouped(national, names))) if x.lines)
    if not sections:
        return [first]
    return [first, Slide(
        key="map-shared", kicker=where,
        title=f"Activities in {gazetteer.country} for several {label}s, or none",
        figures=(BigFigure(f"Records for one {label}", count(len(single))),
                 BigFigure(f"Records for several {label}s", count(len(several))),
                 BigFigure(f"Records with no {label}", count(len(national)))),
        sections=sections, notes=notes, sources=sources)]


def rounds_slides(view: View) -> list[Slide]:
    """People reached by reporting round against people targeted, when the files state more
    than one round; none otherwise."""
    history = view.history
    if history is None or len(rounds(history)) < 2:
        return []
    totals = round_totals(history)
    last = totals.iloc[-1]
    lines = tuple(f"{r.round}: reached {_people(r.reached)} of {_people(r.targeted)} targeted"
                  for r in totals.itertuples())
    return [Slide(
        key="rounds", kicker=f"Over time · {view.gazetteer.country}",
        title=f"Reach by reporting round, {totals['round'].iloc[0]} to {last['round']}",
        figures=(BigFigure("Reporting rounds", count(len(totals))),
                 BigFigure(f"Reached, {last['round']}", _people(last.reached)),
                 BigFigure(f"Targeted, {last['round']}", _people(last.targeted))),
        chart=charts.reach_by_round(totals, "People targeted and reached, by reporting round"),
        chart_text=lines[-SLIDE_LINES:],
        notes="4W figures are cumulative: each round is shown as it reported them, and the "
              "other slides count each activity at its latest round only. An activity a later "
              "round no longer reports is kept at its last round.",
        sources=_source_titles(view, _activity_sources(history)),
    )]


def _people(value) -> str:
    return NOT_REPORTED if pd.isna(value) else count(value)


def _records(n: int) -> str:
    return f"{n:,} record{'s' if n != 1 else ''}"


def _grouped(rows: pd.DataFrame, names: dict[str, str]) -> tuple[str, ...]:
    """One line per project and places, those with most records first: 'Project — A, B, C
    (5 records)'; with no P-codes, the locations named, each once. A slide lists SLIDE_LINES
    of them and says how many more there are: a million rows make tens of thousands, which
    froze the browser and no audience could read.
    """
    keys = ["project", "admin1_pcode"]
    records = rows.groupby(keys, sort=False).size().sort_values(ascending=False, kind="stable")
    rest = records.iloc[SLIDE_LINES:]
    records = records.iloc[:SLIDE_LINES]
    locations: dict[tuple[str, str], list[str]] = {}
    named = rows.loc[rows["location"] != "", [*keys, "location"]].drop_duplicates().merge(
        records.index.to_frame(index=False), on=keys)  # the locations of the lines shown only
    for project, codes, location in named.itertuples(index=False):
        locations.setdefault((project, codes), []).append(location)
    lines = []
    for (project, codes), n in records.items():
        places = [names.get(c, c) for c in codes.split(";") if c]
        where = ", ".join(places) or "; ".join(locations.get((project, codes), [])) \
            or "no place given"
        lines.append(f"{project} — {where} ({_records(n)})")
    if len(rest):
        lines.append(f"and {len(rest):,} more projects and places ({_records(int(rest.sum()))}), "
                     "listed whole on the Provincial map page")
    return tuple(lines)


def activity_map(boundaries: dict[str, dict], counts: dict[str, int], names: dict[str, str],
                 title: str) -> go.Figure:
    """Each area filled by its number of records, the map as large as the slide allows; the
    counted areas labelled with their number, the most records first, each label on its area
    or beside it with an arrow, and left out where it would lie on another (the colour and
    the slide's text still say it); a colour bar reads the shades. In the light theme's
    colours: see :func:`for_theme`."""
    top = max(counts.values(), default=0)
    fig = go.Figure()
    for pcode, geometry in boundaries.items():
        xs, ys = [], []
        for polygon in polygons(geometry):
            for ring in polygon[:1]:  # holes are too small to show at this scale
                xs += [p[0] for p in ring] + [None]
                ys += [p[1] for p in ring] + [None]
        n = counts.get(pcode, 0)
        fig.add_trace(go.Scatter(
            x=xs, y=ys, mode="lines", fill="toself", hoveron="fills", showlegend=False,
            text=f"{names.get(pcode, pcode)}: {_records(n)}", hoverinfo="text",
            meta={RECORDS: n}))
    min_lon, min_lat, max_lon, max_lat = bbox(list(boundaries.values()))
    _map_legend(fig, top)
    view = fit_view((min_lon, min_lat, max_lon, max_lat), *MAP_PLOT)
    labels = [{"position": list(label_point(boundaries[p])), "text": f"{names.get(p, p)}: {n}",
               "extent": bbox([boundaries[p]]), "priority": n}
              for p, n in counts.items() if p in boundaries]
    scale = 512 * 2 ** view.zoom / 360  # pixels of the plot per degree of longitude
    stretch = 1 / math.cos(math.radians((min_lat + max_lat) / 2))
    for label in place_labels(labels, view.zoom):
        x, y = label["position"]
        dx, dy = label["offset"]
        name, n = label["text"].rsplit(": ", 1)
        fig.add_annotation(
            x=x, y=y, ax=x + dx / scale, ay=y - dy / scale / stretch, axref="x", ayref="y",
            showarrow=(dx, dy) != (0, 0), arrowwidth=1.5, standoff=2,
            text=f"<b>{name}</b>: {n}", font={"size": charts.FONT}, borderwidth=1, borderpad=3)
    pad_x, pad_y = (max_lon - min_lon) * 0.02, (max_lat - min_lat) * 0.02
    fig.update_xaxes(visible=False, range=[min_lon - pad_x, max_lon + pad_x], constrain="domain")
    fig.update_yaxes(visible=False, range=[min_lat - pad_y, max_lat + pad_y],
                     scaleanchor="x", scaleratio=stretch, constrain="domain")
    fig.update_layout(plot_bgcolor="rgba(0,0,0,0)", paper_bgcolor="rgba(0,0,0,0)",
                      showlegend=False)  # the colour bar is the legend: no row kept for another
    return _coloured(charts.style(fig, title, height=640), MAP_LIGHT)


RECORDS = "records"  # an area's number of records, kept on its trace to colour it again


def for_theme(fig: go.Figure, dark: bool) -> go.Figure:
    """The figure as the page's theme shows it: a map slide in the dark theme's colours (its
    light ones are for the light page and the handouts); any other chart as it is, its
    colours reading on both pages."""
    if not dark or not any(_records_of(t) is not None for t in fig.data):
        return fig
    return _coloured(go.Figure(fig), MAP_DARK)


def _records_of(trace) -> int | None:
    meta = trace.meta
    return meta.get(RECORDS) if isinstance(meta, dict) else None


def _coloured(fig: go.Figure, colours: MapColours) -> go.Figure:
    areas = [t for t in fig.data if _records_of(t) is not None]
    top = max((_records_of(t) for t in areas), default=0)
    for area in areas:
        area.update(fillcolor=_shade(_records_of(area), top, colours),
                    line={"color": colours.line, "width": 1.5})
    fig.update_traces(marker_colorscale=[[0, colours.scale[0]], [1, colours.scale[1]]],
                      selector={"mode": "markers"})
    fig.update_annotations(font_color=colours.text, bgcolor=colours.box,
                           bordercolor=colours.text, arrowcolor=colours.text)
    return fig


# The plot a map slide's labels are placed for, in pixels of the map's labels (LABEL_SIZE):
# a full-width chart on a 1280 x 720 slide, its type scaled from the slide's to the map's.
MAP_PLOT = (round(1180 * LABEL_SIZE / 20), round(470 * LABEL_SIZE / 20))


def _map_legend(fig: go.Figure, top: int) -> None:
    """A colour bar from no record (grey on the map) to the most records."""
    fig.add_trace(go.Scatter(
        x=[None], y=[None], mode="markers", hoverinfo="skip", showlegend=False,
        marker={"color": [1], "cmin": 0, "cmax": max(top, 1), "showscale": top > 0,
                "colorbar": {"title": {"text": "Records<br>(grey: none)", "side": "top"},
                             "thickness": 24, "len": 0.75, "outlinewidth": 0,
                             "tickformat": "d", "nticks": min(top + 1, 6)}}))


def _shade(n: int, top: int, colours: MapColours) -> str:
    """Between the two ends of the scale by n / top; the empty colour for none."""
    if not n or not top:
        return colours.empty
    low, high = (_rgb(colour) for colour in colours.scale)
    return "#" + "".join(f"{round(a + (b - a) * n / top):02X}"
                         for a, b in zip(low, high, strict=True))


def _rgb(colour: str) -> tuple[int, int, int]:
    return tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5))


# The slide show's type: charts on a projector


def on_screen(fig: go.Figure, font: int, height: int, width: int = 1280) -> go.Figure:
    """The figure with type for the back of a room, ``font`` px, ``height`` × ``width`` px
    (the handouts keep the print sizes)."""
    big = go.Figure(fig)
    charts.style(big, fig.layout.title.text or "", height=height, font=font,
                 title_font=round(font * 1.15), summary=charts.summary(fig))
    big.update_layout(hoverlabel_font={"size": font})
    big.update_xaxes(tickfont={"size": font})
    big.update_yaxes(tickfont={"size": font})
    big.update_annotations(font_size=font)
    charts.fit_category_labels(big, height, width)
    _bar_figures_fit(big, font, height)
    return big


def _bar_figures_fit(fig: go.Figure, font: int, height: int) -> None:
    """Every bar keeps its figure, in type as large as the bar is thick: a figure plotly would
    shrink to fit its bar, or hide, was lost under a scenario's banner, which leaves the chart
    less room (the tiles and the handouts say it too, but the room reads the chart)."""
    bars = [t for t in fig.data if t.type == "bar" and t.text is not None]
    if not bars:
        return
    if bars[0].orientation != "h":  # a figure wider than its upright bar: leave it out
        fig.update_traces(textfont_size=font, selector={"type": "bar"})
        fig.update_layout(uniformtext={"minsize": round(font * 0.75), "mode": "hide"})
        return
    categories = len({str(y) for t in bars for y in t.y})
    margin = fig.layout.margin
    plot = height - (margin.t or 0) - (margin.b or 0) - 2 * font
    grouped = len(bars) if fig.layout.barmode == "group" else 1
    gap = fig.layout.bargap if fig.layout.bargap is not None else 0.2
    thick = plot * (1 - gap) / max(categories * grouped, 1)
    fig.update_traces(textfont_size=max(min(font, math.floor(thick * 0.9)), 10),
                      constraintext="none", selector={"type": "bar"})
