"""The presenter's view: a second window (a laptop, say, while the projector shows the slide)
with the current and next slide, the speaker notes and the time elapsed; moving a slide there
moves the audience's window within a second. The windows are joined by a code the audience
screen shows (see :mod:`srrp.remote`)."""

from __future__ import annotations

import time

import streamlit as st

from srrp.remote import Briefings, shown
from visuals.charts import summary
from visuals.deck import Deck, Slide
from visuals.wording import md

POLL_SECONDS = 0.5  # the audience looks for a move twice a second
PRESENTER = "presenter"  # the URL parameter that opens the presenter's view


@st.cache_resource
def briefings() -> Briefings:
    """The open briefings of this server process, shared by every session."""
    return Briefings()


def audience_code() -> str | None:
    """The code of the briefing this (audience) session shows, once a presenter view is
    opened for it."""
    return st.session_state.get("briefing_code")


def open_for_presenter() -> None:
    st.session_state["briefing_code"] = briefings().open(st.session_state.get("slide", 1))


def follow_presenter(code: str) -> None:
    """Take the slide the presenter chose, if it moved since this window last looked; this
    window's own moves are then told to the presenter by :func:`tell_presenter`."""
    chosen = briefings().slide(code)
    if chosen is not None and chosen != st.session_state.get("briefing_synced"):
        st.session_state["slide"] = chosen


def tell_presenter(code: str, number: int) -> None:
    briefings().move(code, number)
    st.session_state["briefing_synced"] = number


def code_badge(code: str) -> None:
    with st.container(key="briefing_code_badge", width="content"):
        st.markdown(f"Presenter code **{shown(code)}**",
                    help=f"Open this briefing with ?{PRESENTER}={code} in a second window, "
                         "or type the code there, to drive it with the speaker notes.")


def presenter_code() -> str | None:
    return st.query_params.get(PRESENTER)


def presenter_view(deck: Deck) -> None:
    """Current and next slide, notes and time, and the buttons that move the audience."""
    code = presenter_code() or ""
    typed = st.text_input("Presenter code", value=shown(code) if len(code) == 10 else code,
                          key="presenter_code", help="The code shown on the audience screen")
    joined = briefings().join(typed) if typed else None
    if joined is None:
        st.warning("This code opens no briefing on this server. Type the code the audience "
                   "screen shows (codes are forgotten half a day after the last move).")
        return
    st.query_params[PRESENTER] = "".join(ch for ch in typed.upper() if ch.isalnum())

    def show() -> None:
        total = len(deck.slides)
        number = min(max(briefings().slide(typed) or 1, 1), total)
        with st.container(horizontal=True, vertical_alignment="center", key="presenter_moves"):
            st.button("← Previous", key="presenter_prev", disabled=number == 1,
                      on_click=briefings().move, args=(typed, number - 1))
            st.markdown(f"**{number} / {total}**")
            st.button("Next →", key="presenter_next", disabled=number == total,
                      on_click=briefings().move, args=(typed, number + 1), type="primary")
            elapsed = int(time.monotonic() - joined.started)
            st.markdown(f"Elapsed **{elapsed // 60}:{elapsed % 60:02d}**")
        now, later = st.columns([3, 2], gap="large")
        with now:
            _slide_card("Now", deck.slides[number - 1], number)
            st.subheader("Notes", anchor=False)
            notes = deck.slides[number - 1].notes
            st.markdown(md(notes) if notes else "*No notes for this slide.*")
        with later:
            if number < total:
                _slide_card("Next", deck.slides[number], number + 1)
            else:
                st.markdown("**Next:** the end of the briefing.")

    st.fragment(show, run_every=1)()


def _slide_card(label: str, slide: Slide, number: int) -> None:
    with st.container(border=True, key=f"presenter_{label.lower()}_slide"):
        st.caption(f"{label} · slide {number} · {md(slide.kicker)}")
        st.markdown(f"**{md(slide.title)}**")
        if slide.figures:
            st.markdown(" · ".join(f"{md(f.label)}: **{md(f.value)}**" for f in slide.figures))
        if slide.chart is not None:
            st.caption(md(summary(slide.chart)))
