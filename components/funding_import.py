"""Funding files on the import page.

An FTS export or API page is previewed as contributions: what counts, what is skipped and why,
and confirmed funding by objective before and after. Contributions go into the plan file (the
sourced baseline, each with its source entry) or, to try them out, into a scenario. An IATI file
is read as the activities of a chosen country, amounts converted at the rates stated, and goes
on through the same import as a 3W file. Nothing is written until a button is clicked.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from pathlib import Path

import pandas as pd
import streamlit as st

from components.access import editor_only, said_in
from components.notices import problems_box
from components.tables import MONEY
from components.view import data_dir, scenarios_dir
from srrp.dataset import PLAN_FILE
from srrp.files.sheets import Book
from srrp.files.store import NAME, SaveRefused, list_scenarios, save_scenario, scenario_path
from srrp.formatting import usd
from srrp.funding.fts import (
    Funding,
    Selection,
    additions,
    as_json,
    default_selection,
    funding,
    parse_flows,
    warnings,
)
from srrp.funding.iati import IATI_SHEET, iati_book, parse_iati, parse_rates
from srrp.funding.totals import before_after
from srrp.problems import InvalidData
from srrp.scenarios.adding import add_to_file, new_scenario_text
from srrp.view import View
from srrp.words import NOT_REPORTED_IN_USD, hypothetical

FLASH = "import_flash"
WHOLE_PLAN = "(the plan as a whole)"
INTO_PLAN, INTO_SCENARIO = "The plan file (sourced baseline)", hypothetical("A new scenario")
CONFIRM_PLAN = "add to the sourced plan"  # typed, to write into the baseline
NEW_SCENARIO = "fts-contributions"
FILE, SCENARIO_NAME = "fts_file", "fts_scenario"  # session keys


# --- FTS ------------------------------------------------------------------------------------

def fts_import(name: str, raw: bytes, view: View) -> None:
    try:
        flows = parse_flows(raw, name)
    except InvalidData as err:
        problems_box(err.problems, f"'{name}' cannot be read as FTS flows; nothing was added.")
        return
    plan = view.baseline.plan
    st.markdown(f"**{name}** is an OCHA FTS file: {len(flows):,} flows. Choose the flows that "
                "fund this plan; text matches ignore case, spaces and punctuation.")
    _start_from(raw, default_selection(flows, plan))
    selection = _selection()
    if selection.recipient is None:
        st.info("Nothing is chosen until a recipient organisation is set: an FTS file holds "
                "every agency's flows, and this plan counts only its own.")
        return
    result = funding(flows, selection)
    _fts_summary(result)
    if not result.counted:
        return
    subs = [WHOLE_PLAN, *(s.id for s in plan.sub_objectives())]
    sub = st.selectbox("Sub-objective they fund", subs, key="fts_sub_objective",
                       help="None: they count for the plan as a whole")
    adds = additions(result, None if sub == WHOLE_PLAN else sub)
    st.subheader("Confirmed funding before and after, by objective")
    change = before_after(plan, [a.contribution for a in adds])
    first = ["id", "confirmed before", "confirmed after", "change"]  # the figures before the words
    st.dataframe(change[[*first, "title"]], hide_index=True, key="fts_before_after",
                 column_config={c: MONEY for c in ("confirmed before", "confirmed after",
                                                   "change")})
    for warning in warnings(result, plan):
        st.warning(warning, icon="⚠️")
    _fts_add(adds, view)


def _start_from(raw: bytes, default: Selection) -> None:
    """A new file starts from its own safe choices; the same file keeps what was typed."""
    digest = hashlib.sha256(raw).hexdigest()
    if st.session_state.get(FILE) != digest:
        st.session_state.update({FILE: digest, "fts_recipient": default.recipient or "",
                                 "fts_year": str(default.year or "")})


def _selection() -> Selection:
    recipient, emergency, year, country = st.columns(4)
    chosen = Selection(
        recipient.text_input("Recipient organisation", key="fts_recipient",
                             placeholder="e.g. IOM",
                             help="Whose flows count: this plan's organisation") or None,
        emergency.text_input("Emergency", key="fts_emergency",
                             placeholder="e.g. COVID-19") or None,
        None, country.text_input("Country (ISO3)", key="fts_country") or None)
    written = year.text_input("Usage year", key="fts_year", placeholder="e.g. 2021",
                              help="The plan's year is set to begin with")
    if re.fullmatch(r"\d{4}", written.strip()):
        chosen = Selection(chosen.recipient, chosen.emergency, int(written), chosen.country)
    elif written.strip():
        st.warning(f"'{written}' is not a year (YYYY): flows of every year are shown.")
    return chosen


def _fts_summary(result: Funding) -> None:
    answer = as_json(result)
    # two tiles a row: 'USD 29.2 M' is cut in a quarter of a 1280-pixel screen
    flows, confirmed = st.columns(2)
    pledged, skipped = st.columns(2)
    flows.metric("Flows chosen", f"{answer['flows']:,}", border=True)
    confirmed.metric("Confirmed", usd(answer["confirmed"]), border=True)
    pledged.metric("Pledged (not counted)", usd(answer["pledged"]), border=True)
    skipped.metric("Skipped", f"{len(answer['skipped']):,}", border=True)
    if answer["contributions"]:
        st.dataframe(pd.DataFrame(answer["contributions"]), hide_index=True, key="fts_flows",
                     column_config={"amount": MONEY, "source": st.column_config.LinkColumn(
                         "source", display_text=r"flows/(\d+)")})
    else:
        st.info("No flow counts under these choices.")
    if answer["skipped"]:
        with st.expander(f"{len(answer['skipped']):,} flow(s) skipped, each with its reason"):
            st.dataframe(pd.DataFrame(answer["skipped"]), hide_index=True, key="fts_skipped",
                         column_config={"amount": MONEY})


def _fts_add(adds: list, view: View) -> None:
    st.subheader("Add")
    into = st.radio("Add the contributions to", [INTO_SCENARIO, INTO_PLAN], key="fts_into",
                    horizontal=True, help="A scenario tries them out without changing the "
                    "baseline. The plan file holds sourced figures: each contribution gets its "
                    "FTS flow as source.")
    scenario, ready = None, True
    if into == INTO_SCENARIO:
        st.session_state.setdefault(SCENARIO_NAME, _new_name(scenarios_dir()))
        scenario = st.text_input("Scenario name (a new one, or one to add to)",
                                 key=SCENARIO_NAME)
    else:
        typed = st.text_input(f"Type **{CONFIRM_PLAN}** to write them into the baseline",
                              key="fts_confirm", placeholder=CONFIRM_PLAN,
                              help="The plan file is the sourced baseline every page shows.")
        ready = _confirmed(typed)
    st.button(f"Add {len(adds):,} contributions", type="primary", key="fts_add",
              on_click=_add_fts, args=(adds, view, scenario), disabled=not ready)


def _confirmed(typed: str) -> bool:
    return " ".join(typed.casefold().split()) == CONFIRM_PLAN


def _new_name(folder: Path) -> str:
    """A scenario name not taken yet: 'fts-contributions', then '…-2', '…-3'."""
    taken = set(list_scenarios(folder))
    return next(n for n in (NEW_SCENARIO, *(f"{NEW_SCENARIO}-{i}" for i in range(2, 10_000)))
                if n not in taken)


@editor_only(said_in(FLASH, "Nothing was added"))
def _add_fts(adds: list, view: View, scenario: str | None) -> None:
    if scenario is None and not _confirmed(st.session_state.get("fts_confirm", "")):
        st.session_state[FLASH] = ("error", f"Nothing was added: type '{CONFIRM_PLAN}' to "
                                   "write into the baseline.")
        return
    try:
        where = _write_fts(adds, view, scenario)
    except InvalidData as err:  # each problem at its file's name, not the server's path
        st.session_state[FLASH] = ("error", "Nothing was added: " + "; ".join(
            str(dataclasses.replace(p, file=Path(p.file).name)) for p in err.problems[:3]))
        return
    except SaveRefused as err:
        st.session_state[FLASH] = ("error", f"Nothing was added: {err}")
        return
    except OSError as err:
        st.session_state[FLASH] = ("error", f"Nothing was added: {err.strerror}")
        return
    st.session_state[FLASH] = ("success", f"{len(adds):,} contributions were added to {where}; "
                               "every page shows them now.")
    st.session_state.pop(SCENARIO_NAME, None)  # the next import starts a new scenario again


def _write_fts(adds: list, view: View, scenario: str | None) -> str:
    if scenario is None:
        add_to_file(data_dir() / PLAN_FILE, adds)
        return "the plan file"
    folder = scenarios_dir()
    if not NAME.fullmatch(scenario):
        raise SaveRefused(f"'{scenario}' is not a plain scenario name: use letters, digits, '-' "
                          "and '_'")
    path = scenario_path(folder, scenario)
    baseline = view.baseline.plan
    if path.exists():
        add_to_file(path, adds, baseline)
    else:
        save_scenario(folder, scenario, new_scenario_text(
            f"Contributions from OCHA FTS ({len(adds)})", adds, baseline))
    return hypothetical(f"scenario '{scenario}'")


# --- IATI -----------------------------------------------------------------------------------

def iati_book_chosen(name: str, raw: bytes, countries: list[str]) -> tuple[Book, dict] | None:
    """The IATI file as a sheet of the chosen country's activities, with the page's choices."""
    try:
        activities = parse_iati(raw, name)
    except InvalidData as err:
        problems_box(err.problems, f"'{name}' cannot be read as IATI activities; nothing was "
                     "imported.")
        return None
    found = sorted({c for a in activities for c in a.countries if c in countries})
    if not found:
        st.warning(f"None of the {len(activities)} IATI activities is in a country this "
                   "dashboard has a gazetteer for.")
        return None
    currencies = sorted({m.currency for a in activities for m in a.budget} - {"USD"})
    country_col, rate_col = st.columns([1, 2])
    country = country_col.selectbox("Country", found, key="iati_country")
    written = rate_col.text_input(
        "Exchange rates: US dollars for one unit", key="iati_rates",
        placeholder=", ".join(f"{c}=…" for c in currencies) or "KRW=0.00085",
        help="Amounts are converted only at a rate you state, written in each row's note. "
        f"Without one they stay in their own currency, in the note, and are {NOT_REPORTED_IN_USD}.")
    try:
        rates = parse_rates(r for r in re.split(r"[,;\s]+", written) if r)
        book = iati_book(raw, name, country, rates)
    except InvalidData as err:
        problems_box(err.problems, "Nothing can be imported with these choices.")
        return None
    missing = [c for c in currencies if c not in rates]
    if missing:
        st.caption(f"No rate for {', '.join(missing)}: those budgets stay in their own "
                   f"currency, in the note, and are {NOT_REPORTED_IN_USD}.")
    return book, {"sheet": IATI_SHEET, "country": country, "header_row": None}
