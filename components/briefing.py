"""The briefing on the page: the deck's slides shown one at a time for a projector, and the
handouts prepared with a progress bar.

The slides themselves are plain data built by :func:`visuals.deck.build_deck`, without
Streamlit, so the page shows the very slides that :mod:`visuals.handouts` writes to PDF and
PPTX.
"""

from __future__ import annotations

import time
from pathlib import Path

import streamlit as st

from components import presenter
from components.kept import kept
from components.map import boundaries
from components.notices import NOTICES
from components.theme import shows_dark
from srrp.places.boundaries import boundary_file
from srrp.places.geometry import BoundaryError
from srrp.view import View
from visuals import handouts
from visuals.charts import summary
from visuals.deck import Deck, Slide, build_deck, for_theme, on_screen
from visuals.map import file_version
from visuals.screen import GAP, PAD_X, PAD_Y, Layout, Screen, layout
from visuals.wording import md

# Showing a deck with Streamlit.

PRESENTATION_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"],
.st-key-slide_settings,
/* the wrapper too: a hidden block's wrapper still takes a gap */
[data-testid="stLayoutWrapper"]:has(> .st-key-briefing_exports),
[data-testid="stLayoutWrapper"]:has(> .st-key-briefing_filters) { display: none !important; }
/* the page's scenario warning (each slide carries its own HYPOTHETICAL bar), and its notices'
   block too unless it holds a data problem, which stays in view */
[data-testid="stLayoutWrapper"]:has(> .st-key-%(notices)s):not(
  :has([data-testid="stAlertContentError"])),
.st-key-%(notices)s [data-testid="stElementContainer"]:has([data-testid="stAlertContentWarning"]) {
  display: none !important; }
[data-testid="stMainBlockContainer"] { padding: %(pad_y)spx %(pad_x)spx !important;
  max-width: 100%% !important; }
/* the slide show's own block too (it is a fragment): its 1rem gap would not grow with the screen */
[data-testid="stMainBlockContainer"] [data-testid="stVerticalBlock"] { gap: %(gap)spx; }
</style>
"""

SLIDE_CSS = """
<style>
.st-key-slide_kicker p { opacity: 0.8; }
.st-key-slide_counter p { font-weight: 600; }
.st-key-slide_hypothetical { background: #B3261E; border-radius: 0.4rem; }
.st-key-slide_hypothetical p { color: #FFFFFF !important; font-weight: 700; }
.st-key-slide_remote, .st-key-presenter_launcher { display: none; }
/* the code for a second device floats over the slide's corner: the slide does not move */
[data-testid="stLayoutWrapper"]:has(> .st-key-briefing_code_badge) {
  position: fixed; top: 1rem; right: 1rem; z-index: 1000; }
/* light in either theme, as a QR code must be to scan */
.st-key-briefing_code_badge { background: #FFFFFF; border: 1px solid #8A8F98;
  border-radius: 0.5rem; padding: 1rem; max-width: 20rem; }
.st-key-briefing_code_badge * { color: #1F2430 !important; }
</style>
"""

DEFAULT_SECONDS = 30
PRESENTING = "slide_presenting"  # presentation mode: full screen, no sidebar
REMOTE = st.components.v2.component(
    "slide_remote", js=(Path(__file__).parent / "slideshow.js").read_text(encoding="utf-8"))


def show_slide(slide: Slide, deck: Deck, number: int, screen: Screen) -> None:
    sizes = layout(slide, screen, deck.banner)
    st.html(sizes.css())
    with st.container(key="slide"):
        if deck.hypothetical:
            with st.container(key="slide_hypothetical"):
                st.markdown(f"**{md(deck.banner)}**")
        with st.container(key="slide_kicker"):
            st.markdown(md(slide.kicker))
        st.title(md(slide.title), anchor=False)
        if slide.figures:
            for column, figure in zip(st.columns(len(slide.figures)), slide.figures,
                                      strict=True):
                column.metric(figure.label, figure.value, figure.change, border=True,
                              help=figure.help, delta_color="off")
        if slide.beside and slide.chart is not None:
            left, right = st.columns([1, 1], gap="large")
            with left:
                _chart(slide, number, sizes)
            with right, st.container(key="slide_beside"):
                _sections(slide)
        else:
            _chart(slide, number, sizes)
            _sections(slide)


def _chart(slide: Slide, number: int, sizes: Layout) -> None:
    if slide.chart is not None:
        shown = on_screen(slide.chart, sizes.chart_font, sizes.chart_height, sizes.text_width)
        st.plotly_chart(for_theme(shown, shows_dark()),
                        key=f"slide-chart-{number}-{slide.key}", alt=summary(slide.chart) or None,
                        config={"displayModeBar": False})


def _sections(slide: Slide) -> None:
    for section in slide.sections:
        if section.inline:
            st.markdown(f"**{md(section.title)}:** "
                        + " · ".join(md(line) for line in section.lines))
            continue
        st.markdown(f"**{md(section.title)}**")
        if section.lines:
            st.markdown("\n".join(f"- {md(line)}" for line in section.lines))


def slide_number(total: int) -> int:
    """The current slide, 1-based: from the URL the first time, then from the session."""
    if "slide" not in st.session_state:
        try:
            st.session_state["slide"] = int(st.query_params.get("slide", 1))
        except ValueError:
            st.session_state["slide"] = 1
    st.session_state["slide"] = min(max(int(st.session_state["slide"]), 1), total)
    st.query_params["slide"] = str(st.session_state["slide"])
    return st.session_state["slide"]


def _go(number: int, total: int) -> None:
    st.session_state["slide"] = min(max(number, 1), total)


def _move(step: int, total: int) -> None:
    _go(st.session_state.get("slide", 1) + step, total)


def _auto_advance(number: int, total: int, every: float | None) -> int:
    """Move on when the slide has been shown for ``every`` seconds; loop after the last."""
    now = time.monotonic()
    shown, since, timer = st.session_state.get("slide_clock", (None, now, every))
    if shown == number and every and timer == every and now - since >= every - 0.5:
        number = number % total + 1
        st.session_state["slide"] = number
        st.query_params["slide"] = str(number)
    if shown != number or timer != every:  # a new slide, or a new timer: the full time again
        since = now
    st.session_state["slide_clock"] = (number, since, every)
    return number


def presenting() -> bool:
    """Presentation mode (full screen, no sidebar): from the URL (``present=1``) the first
    time, so that a link opens the briefing ready to show; then as last chosen.

    The mode is kept under a key of its own, changed only by buttons and keys. (A switch
    widget holding it was turned off by its own stale value: a key pressed before the browser
    had drawn the switch's new state sent the old one back.)"""
    if PRESENTING not in st.session_state:
        st.session_state[PRESENTING] = st.query_params.get("present") == "1"
    if st.session_state[PRESENTING]:
        st.query_params["present"] = "1"
    else:
        st.query_params.pop("present", None)
    return st.session_state[PRESENTING]


def _present(on: bool) -> None:
    st.session_state[PRESENTING] = on


def _settings() -> tuple[float | None, bool]:
    """Seconds per slide (None: no auto-advance) and full screen, as last chosen."""
    seconds = st.session_state.get("slide_seconds", DEFAULT_SECONDS)
    auto = st.session_state.get("slide_auto", False)
    return (float(seconds) if auto else None), st.session_state.get(PRESENTING, False)


def _on_key(total: int) -> None:
    """A key pressed on the slide show (see slideshow.js): any key pauses auto-advance."""
    pressed = st.session_state["slide_remote"].get("action") or ""
    if pressed == st.session_state.get("slide_key_pressed"):
        return  # the same press, delivered again with a timed rerun
    st.session_state["slide_key_pressed"] = pressed
    action = pressed.split(":")[0]
    st.session_state["slide_auto"] = False
    current = st.session_state.get("slide", 1)
    moves = {"next": current + 1, "prev": current - 1, "first": 1, "last": total}
    if action in moves:
        _go(moves[action], total)
    elif action in ("present", "leave"):
        _present(action == "present")
    elif action == "code":
        presenter.toggle_code()


def slideshow(deck: Deck) -> None:
    """The slide under one row of controls. Only this part reruns when the slide changes or
    auto-advances; changing a setting reruns the page, which sets the new timer."""
    presenting()  # first, from the URL: else a link with present=1 is drawn twice, once not
    every, full = _settings()
    polling = presenter.audience_key() is not None
    st.html(SLIDE_CSS)

    def show() -> None:
        total = len(deck.slides)
        key = presenter.audience_key()
        if key:
            presenter.follow_presenter(key)
        remote = REMOTE(key="slide_remote", on_action_change=lambda: _on_key(total),
                        on_viewport_change=lambda: None)
        screen = Screen.of(remote.get("viewport") if remote else None)
        if full:
            st.html(PRESENTATION_CSS % {"pad_y": screen.px(PAD_Y), "pad_x": screen.px(PAD_X),
                                        "gap": screen.px(GAP), "notices": NOTICES})
        number = _auto_advance(slide_number(total), total, every)
        if key:
            presenter.tell_presenter(key, number)
        _controls(number, total, full)
        presenter.launcher()
        if _settings() != (every, full) or (presenter.audience_key() is not None) != polling:
            st.rerun(scope="app")  # a new timer
        show_slide(deck.slides[number - 1], deck, number, screen)
        presenter.code_for_a_second_device()

    # with a presenter's window, look for its moves twice a second
    polls = [t for t in (every, presenter.POLL_SECONDS if polling else None) if t]
    st.fragment(show, run_every=min(polls) if polls else None)()


def _controls(number: int, total: int, full: bool) -> None:
    with st.container(horizontal=True, vertical_alignment="center", key="slide_controls"):
        st.button("← Previous", key="slide_prev", on_click=_move, args=(-1, total),
                  disabled=number == 1)
        with st.container(key="slide_counter", width="content"):
            st.markdown(f"{number} / {total}")
        st.button("Next →", key="slide_next", on_click=_move, args=(1, total),
                  disabled=number == total)
        st.space("stretch")
        with st.container(horizontal=True, vertical_alignment="center", width="content",
                          key="slide_settings"):
            st.toggle("Auto-advance", key="slide_auto")
            st.number_input("Seconds per slide", min_value=5, max_value=600,
                            value=DEFAULT_SECONDS, step=5, key="slide_seconds", width=150,
                            label_visibility="collapsed", help="Seconds per slide")
            if not full:
                st.button("Full screen", key="slide_full_screen", on_click=_present,
                          args=(True,), help="Presentation mode: the slide alone, sized to the "
                          "screen. Keys: PageDown/PageUp, arrows, space, Home/End move; B "
                          "blanks; F enters full screen, Esc leaves.")
            st.button("Presenter view", key="slide_presenter",
                      on_click=presenter.open_for_presenter,
                      help="Opens this briefing in a second window, with the speaker notes, "
                           "the next slide and the time; moving a slide there moves it here. "
                           "For a second device, press P: its code and a QR code show for "
                           "30 seconds.")
        if full:
            st.button("Exit full screen", key="slide_exit_full_screen", on_click=_present,
                      args=(False,), type="tertiary")


HANDOUTS = (("pdf", "PDF"), ("pptx", "PPTX"))


def export_panel(deck: Deck) -> None:
    """Prepare a handout with a progress bar, then offer it for download."""
    handouts.warm_up()  # the browser that draws the charts starts while the slides are shown
    with st.container(key="briefing_exports"):
        st.subheader("Handouts", anchor=False)
        st.caption("One page per slide, with the charts, the sources and the date of the day.")
        with st.container(horizontal=True):
            for kind, label in HANDOUTS:
                # a callback, not the button's value: the request survives a rerun of the page
                st.button(f"Prepare {label}", key=f"prepare_{kind}", on_click=_request,
                          args=(kind,))
        wanted = st.session_state.pop("briefing_wanted", None)
        for kind, label in HANDOUTS:
            if kind == wanted:
                build = handouts.pdf_handout if kind == "pdf" else handouts.pptx_handout
                _prepare(deck, kind, label, build)
        with st.container(horizontal=True):
            for kind, _ in HANDOUTS:
                signature, handout = st.session_state.get(f"briefing_{kind}", (None, None))
                if handout is not None and signature == deck.signature:
                    st.download_button(
                        f"Download {handout.file_name}", handout.data,
                        file_name=handout.file_name, mime=handout.mime,
                        key=f"download_{kind}", on_click="ignore", type="primary")


def _request(kind: str) -> None:
    st.session_state["briefing_wanted"] = kind


def _prepare(deck: Deck, kind: str, label: str, build) -> None:
    with st.status(f"Preparing the {label}…", expanded=True) as status:
        bar = st.progress(0.0, text="Starting")
        started = time.perf_counter()
        handout = build(deck, progress=lambda share, text: bar.progress(share, text=text))
        seconds = time.perf_counter() - started
        if handout.charts_missing:
            st.warning(f"{len(handout.charts_missing)} chart(s) are given in words instead. "
                       f"{handout.charts_missing[0]}")
        status.update(label=f"{label} ready in {seconds:.1f} s", state="complete",
                      expanded=bool(handout.charts_missing))
    st.session_state[f"briefing_{kind}"] = (deck.signature, handout)


def current_deck(view: View) -> Deck:
    """The deck of this view, built once per data version and choice for every session, not on
    every rerun: its charts take a moment to build."""
    scenario = view.scenario.title if view.scenario else None
    path = boundary_file(view.data_dir, view.filters.country)
    return kept(view.baseline, "briefing", (view.plan, view.choice, scenario, view.filters,
                                       file_version(path)),
                lambda: build_deck(view, _geometries(path)))


def _geometries(path: Path) -> dict[str, dict]:
    """Each area's polygon by P-code, read once per file version by the map's own reader; none
    when the country has no valid boundary file (the slide then lists the figures only)."""
    try:
        shapes = boundaries(path)
    except (BoundaryError, OSError):
        return {}
    return shapes.geometries if shapes else {}
