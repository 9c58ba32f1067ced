"""Light or dark, whatever the computer says: a projector in a bright room needs the light
theme on a laptop set to dark. Chosen in the sidebar and kept in the URL (``?theme=light``).

Streamlit has no call to change the theme of a running page; it takes the theme from the
address as the page loads (``embed_options=light_theme``, documented for embedded apps) or
from the computer. ``theme.js`` loads the page again with the theme asked for when it shows
the other one.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from components.params import THEME, Bound, url_state

THEMES = {"auto": "System", "light": "Light", "dark": "Dark"}
SWITCH = st.components.v2.component(
    "theme_switch", js=(Path(__file__).parent / "theme.js").read_text(encoding="utf-8"))
HIDDEN = "<style>.st-key-theme_switch { display: none; }</style>"


def theme_picker() -> Bound:
    """The theme control; the page shows the theme it says."""
    bound = url_state(THEME, list(THEMES))
    st.radio("Theme", list(THEMES), key=THEME.key, format_func=THEMES.get, horizontal=True,
             help="System follows the computer's light or dark setting. A projector in a "
             "bright room reads best in Light, whatever the laptop says.")
    st.html(HIDDEN)
    SWITCH(key="theme_switch", data={"theme": st.session_state[THEME.key]})
    return bound


def shows_dark() -> bool:
    """Whether the page shows the dark theme: the one chosen, or for System the computer's
    (which the browser may tell Streamlit only after its first run of the page)."""
    chosen = st.session_state.get(THEME.key, THEME.default)
    if chosen in ("light", "dark"):
        return chosen == "dark"
    return st.context.theme.type == "dark"
