"""The presenter's view: a second window (a laptop, say, while the projector shows the slide)
with the current and next slide, the speaker notes and the time elapsed; moving a slide there
moves the audience's window within a second.

The windows are joined by a code (see :mod:`components.remote`) that the projected screen never
shows: *Presenter view* on the audience window opens the presenter's window with the code in
its address, and only a deliberate key (P) draws the code, with a QR code, for a second device,
for 30 seconds or until a presenter joins."""

from __future__ import annotations

import secrets
import time
from pathlib import Path
from urllib.parse import urlencode

import segno
import streamlit as st

from components.remote import CODE_LENGTH, Briefing, Briefings, Client, Refused, shown
from visuals.charts import summary
from visuals.deck import Deck, Slide
from visuals.wording import md

POLL_SECONDS = 0.5  # the audience looks for a move twice a second
PRESENTER = "presenter"  # the URL parameter that opens the presenter's view
SHOW_CODE_FOR = 30  # s: the code for a second device stays on screen this long
NOT_PASSED_ON = ("slide", "present", PRESENTER)  # the audience's own URL parameters
REFUSALS = {
    Refused.WRONG: "This code opens no briefing on this server. Type the code the audience "
                   "window shows when P is pressed (a code is replaced once a presenter has "
                   "joined, and forgotten half a day after the briefing was last shown).",
    Refused.TOO_MANY: "Too many wrong codes were typed here in the last minute: wait a minute, "
                      "then type the code again.",
}
LAUNCHER = st.components.v2.component(
    "presenter_launcher",
    js=(Path(__file__).parent / "presenter_launcher.js").read_text(encoding="utf-8"))


@st.cache_resource
def briefings() -> Briefings:
    """The open briefings of this server process, shared by every session."""
    return Briefings()


def client() -> Client:
    """This session, and its address when the server knows it (behind `make serve`, the
    visitor's, as the proxy forwards it)."""
    session = st.session_state.setdefault("briefing_client", secrets.token_urlsafe(12))
    address = st.context.ip_address
    return Client(session, address if isinstance(address, str) else None)


# The audience's window.

def audience_key() -> str | None:
    """The key of the briefing this (audience) session shows, once a presenter view or its
    code was asked for."""
    return st.session_state.get("briefing_key")


def _audience_briefing() -> Briefing | None:
    key = audience_key()
    return briefings().get(key) if key else None


def _open_briefing() -> Briefing:
    """This window's briefing, opened now unless it is still open."""
    if (found := _audience_briefing()) is None:
        st.session_state["briefing_key"] = briefings().open(st.session_state.get("slide", 1))
        found = _audience_briefing()
    return found


def open_for_presenter() -> None:
    """*Presenter view*: the presenter's window is opened by :func:`launcher` on this run."""
    _open_briefing()
    st.session_state["presenter_launches"] = st.session_state.get("presenter_launches", 0) + 1


def launcher() -> None:
    """The script that opens the presenter's window at the address that carries the code: the
    address goes to the browser as data, never drawn (a button, unlike a link, shows no address
    when the pointer rests on it)."""
    found = _audience_briefing()
    data = {"url": f"?{_query(found.code)}",
            "launches": st.session_state.get("presenter_launches", 0)} if found else {}
    LAUNCHER(key="presenter_launcher", data=data)


def _query(code: str) -> str:
    """The presenter's address: this window's view (scenario, filters) and the code."""
    params = {k: v for k, v in st.query_params.to_dict().items() if k not in NOT_PASSED_ON}
    return urlencode({**params, PRESENTER: code})


def follow_presenter(key: str) -> None:
    """Take the slide the presenter chose, if it moved since this window last looked; this
    window's own moves are then told to the presenter by :func:`tell_presenter`."""
    found = briefings().get(key)
    if found is not None and found.slide != st.session_state.get("briefing_synced"):
        st.session_state["slide"] = found.slide


def tell_presenter(key: str, number: int) -> None:
    briefings().move(key, number)
    st.session_state["briefing_synced"] = number


def toggle_code() -> None:
    """P: the code for a second device, or hide it."""
    if st.session_state.pop("briefing_code_shown", None) is None:
        st.session_state["briefing_code_shown"] = (time.monotonic() + SHOW_CODE_FOR,
                                                   _open_briefing().presenters)


def code_for_a_second_device() -> None:
    """The code and its QR code, until the time is up or a presenter joins (which replaces
    the code)."""
    if (asked := st.session_state.get("briefing_code_shown")) is None:
        return
    until, presenters = asked
    found, left = _audience_briefing(), until - time.monotonic()
    if found is None or left <= 0 or found.presenters != presenters:
        del st.session_state["briefing_code_shown"]
        return
    with st.container(key="briefing_code_badge", width="content"):
        page = st.context.url
        if isinstance(page, str):
            qr = segno.make(f"{page}?{_query(found.code)}", error="m").svg_data_uri(
                scale=5, border=4, dark="#000000", light="#FFFFFF")
            st.html(f'<img alt="QR code of the presenter view\'s address" src="{qr}">')
        st.markdown(f"Presenter code **{shown(found.code)}**")
        st.markdown(f"For a second device: scan, or open the briefing there and type the code. "
                   f"Hidden in {int(left) + 1} s or when a presenter joins; P hides it now.")


# The presenter's window.

def presenter_code() -> str | None:
    return st.query_params.get(PRESENTER)


def _presenter_key() -> str | None:
    """The briefing this window drives: joined before in this session, else by the code in
    the address or typed (which the join replaces)."""
    key = st.session_state.get("presenter_key")
    if key and briefings().get(key) is not None:
        return key
    code = presenter_code() or ""
    typed = st.text_input("Presenter code", value=shown(code) if len(code) == CODE_LENGTH
                          else code, key="presenter_code",
                          help="Press P on the audience window: it shows the code for 30 s")
    if not typed:
        st.info("Type the presenter code: press P on the audience window to show it.")
        return None
    answer = briefings().join(typed, client())
    if isinstance(answer, Refused):
        st.warning(REFUSALS[answer])
        return None
    st.session_state["presenter_key"] = answer
    st.rerun()  # without the field: its code has just been replaced


def presenter_view(deck: Deck) -> None:
    """Current and next slide, notes and time, and the buttons that move the audience."""
    if (key := _presenter_key()) is None:
        return

    def show() -> None:
        found = briefings().get(key)
        if found is None:
            st.warning("This briefing was closed: open the presenter view again from the "
                       "audience window.")
            return
        # the code replaced at the join: reloading this window joins again with it
        st.query_params[PRESENTER] = found.code
        total = len(deck.slides)
        number = min(max(found.slide, 1), total)
        with st.container(horizontal=True, vertical_alignment="center", key="presenter_moves"):
            st.button("← Previous", key="presenter_prev", disabled=number == 1,
                      on_click=briefings().move, args=(key, number - 1))
            st.markdown(f"**{number} / {total}**")
            st.button("Next →", key="presenter_next", disabled=number == total,
                      on_click=briefings().move, args=(key, number + 1), type="primary")
            elapsed = int(time.monotonic() - found.started)
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
