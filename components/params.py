"""What the URL keeps: every parameter declared once, with its default.

A coordinator pastes a link and a colleague opens the same view. A widget keyed like its
parameter starts from the URL when it has no value yet (a new session, or Streamlit dropped it),
and the URL is written back on every run, leaving out what equals the default, so that it always
says what is shown and stays short.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import streamlit as st

from srrp.scenarios.compare import MAX_COMPARED
from srrp.scenarios.scenario import BASELINE
from srrp.view import ALL

FIRST = object()  # the default is the first of the options offered
SEPARATOR = ","  # between the values of a parameter that holds several (plain names only)


@dataclass(frozen=True)
class Param:
    key: str  # the widget's session key and the URL parameter's name
    default: object = FIRST
    many: bool = False  # a list of values (a multiselect)
    most: int | None = None  # of those values, at most (a link may hold more)

    def default_of(self, options: Sequence):
        if self.many:
            return []
        return options[0] if self.default is FIRST else self.default


@dataclass(frozen=True)
class Bound:
    """A parameter with the default it has among the options offered on this run."""

    param: Param
    default: object


# the sidebar, shared by every page
SCENARIO = Param("scenario", BASELINE)
COUNTRY = Param("country")
OBJECTIVE = Param("objective", ALL)
DONOR = Param("donor", ALL)
YEAR = Param("year", ALL)
SIDEBAR = (SCENARIO, COUNTRY, OBJECTIVE, DONOR, YEAR)
THEME = Param("theme", "auto")  # light or dark whatever the computer says (components/theme.py)
# pages
TREE_KIND = Param("tree_kind", "treemap")
NODE = Param("node")
MEASURE = Param("measure", "activities")
PROVINCE = Param("province", None)
LEVEL = Param("level", 1)  # the map's areas: 1 provinces, 2 districts (where they are drawn)
DISTRICT = Param("district", None)
COMPARE_BASE = Param("base", BASELINE)
COMPARE_WITH = Param("with", many=True, most=MAX_COMPARED)


def url_state(param: Param, options: Sequence) -> Bound:
    """Start the widget's value from the URL whenever it has none, and fall back to the default
    when its value is not an option."""
    key, state = param.key, st.session_state
    if key not in state:
        wanted = _from_url(param, options)
        if wanted is not None:
            state[key] = wanted
    default = param.default_of(options)
    if param.many:
        values = state.get(key) if isinstance(state.get(key), list) else []
        kept = [v for v in values if v in options][:param.most]
        if kept != state.get(key):
            state[key] = kept
    elif state.get(key) not in options:
        state[key] = default
    return Bound(param, default)


def _from_url(param: Param, options: Sequence):
    wanted = st.query_params.get(param.key)
    if wanted is None:
        return None
    by_text = {str(o): o for o in options}
    if param.many:
        return [by_text[w] for w in wanted.split(SEPARATOR) if w in by_text] or None
    return by_text.get(wanted)


def write_url(*bound: Bound) -> None:
    """Write these parameters' values to the URL; a default is left out."""
    for b in bound:
        value = st.session_state.get(b.param.key)
        if value is None or value == b.default or value == []:
            st.query_params.pop(b.param.key, None)
        elif b.param.many:
            st.query_params[b.param.key] = SEPARATOR.join(map(str, value))
        else:
            st.query_params[b.param.key] = str(value)
