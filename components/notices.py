"""What a viewer must never miss: a hypothetical scenario, and data shown from an older version."""

from __future__ import annotations

import streamlit as st

from srrp.problems import Problem
from srrp.view import View
from visuals.wording import HYPOTHETICAL, filter_line, md, scenario_name

NOTICES = "page_notices"  # the key of the container holding a page's notices


def scenario_notice(view: View) -> None:
    if view.hypothetical:
        st.warning(f"**{HYPOTHETICAL}** — figures under "
                   f"{md(scenario_name(view.choice, view.scenario.title))}. "
                   "Not sourced funding; the baseline is unchanged.", icon="⚠️")


def data_notice(view: View) -> None:
    if view.stale:
        problems_box(view.problems, "The data files have problems, so the last good data is "
                     "shown. Fix the files and the dashboard updates on its own.")
    if view.scenario_problems:
        problems_box(view.scenario_problems, f"Scenario '{view.choice}' cannot be applied, so "
                     "the baseline is shown.")


def problems_box(problems: list[Problem], headline: str) -> None:
    """Every problem, one per line, as plain text (a file's content is never read as HTML)."""
    st.error(f"{headline} ({len(problems)} problem{'s' if len(problems) != 1 else ''})")
    with st.expander("Show the problems", expanded=len(problems) <= 5):
        st.code("\n".join(str(p) for p in problems), language=None, wrap_lines=True)


# How the sidebar's filters apply to each page's figures: "" every figure follows the filter;
# otherwise what follows it, or why it cannot apply ("not: …"). Unlisted: cannot apply.
_MONEY = ("confirmed and pledged follow it; required, gap and coverage count all funding")
_NOT_BY_COUNTRY = "not: the plan's funding is not split by country"
FILTERS = {
    "overview": {"objective": "", "donor": _MONEY, "year": _MONEY, "country": _NOT_BY_COUNTRY},
    "gaps": {"objective": "", "donor": _MONEY, "year": _MONEY,
             "country": "the linked activities follow it"},
    "funding": {"objective": "", "donor": "", "year": "",
                "country": "not: every recipient country is shown, each on its own bar"},
    "targets": {"objective": "", "donor": "", "year": "", "country": ""},
    "map": {"objective": "", "donor": "", "year": "", "country": ""},
    "briefing": {"objective": "", "donor": _MONEY, "year": _MONEY,
                 "country": "the map slide follows it"},
    "whatif": {key: "not: a scenario is edited whole" for key in ("objective", "donor", "year",
                                                                  "country")},
    "compare": {key: "not: scenarios are compared whole" for key in ("objective", "donor",
                                                                     "year", "country")},
    "sources": {key: "not: every source and file is listed" for key in ("objective", "donor",
                                                                        "year", "country")},
}


def filter_note(view: View, page: str) -> None:
    """One line under the page's title: what its figures are filtered by."""
    names = {"country": view.gazetteer.country}
    st.caption(md(filter_line(view.filters, names, FILTERS[page])))
