"""The imports of the data folder on the Import page: each listed with its record, taken out
(moved aside, never deleted) or brought back; and an upload whose content is already in,
refused before anything is written.

Taking out or bringing back moves an activity file, which changes the data's version: every
page follows at the next run (components.view)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components import importer
from components.access import editor_only, said_in
from components.view import data_dir
from srrp.activities.rounds import ROUND, this_month
from srrp.intake.imports import (
    ImportRecord,
    ImportRefused,
    earlier_import,
    list_imports,
    remove_import,
    restore_import,
)
from srrp.intake.rows import Intake
from visuals.wording import md

FLASH, PICK = "imports_flash", "imports_pick"
FIRST_ROUND_YEAR = 2019  # the months offered reach back to the plan's first 3W files


def imports_list() -> None:
    """Every import, in and taken out, and the way to take one out or bring it back."""
    records = list_imports(data_dir())
    message = st.session_state.pop(FLASH, None)
    taken_out = sum(r.removed for r in records)
    title = f"Imports: {len(records) - taken_out} in, {taken_out} taken out"
    with st.expander(title, expanded=message is not None):
        if message:
            getattr(st, message[0])(message[1])
        if not records:
            st.caption("Nothing has been imported into this data folder yet.")
            return
        st.dataframe(_table(records), hide_index=True, key="imports_table")
        _change(records)


def _table(records: list[ImportRecord]) -> pd.DataFrame:
    return pd.DataFrame([{
        "id": r.id, "status": "taken out" if r.removed else "in", "file": r.original_file,
        "country": r.country, "rounds": ", ".join(r.rounds) or "not stated",
        "rows accepted": r.accepted, "rows rejected": r.rejected, "imported": r.imported_at,
        "by": r.imported_by or "not recorded"} for r in reversed(records)])  # newest first


def _change(records: list[ImportRecord]) -> None:
    by_id = {r.id: r for r in reversed(records)}
    pick, button = st.columns([4, 1], vertical_alignment="bottom")
    # the label leaves the status to the table and the button: a kept choice shows the label
    # it was chosen under, which a status would make stale after taking out
    chosen = by_id[pick.selectbox("Import", list(by_id), key=PICK,
                                  format_func=lambda i: f"{i} — {by_id[i].original_file}")]
    if chosen.removed:
        button.button("Bring back", key="imports_restore", on_click=_act,
                      args=(restore_import, chosen.id, "is back: its rows count again"),
                      help="Moves its files back into the data folder")
    else:
        button.button("Take out", key="imports_remove", on_click=_act,
                      args=(remove_import, chosen.id, "is taken out: its rows no longer count. "
                            "Its files are kept in removed/; bring it back here"),
                      help="Moves its files aside (never deleted); every page follows")


@editor_only(said_in(FLASH, "Nothing changed"))
def _act(action, import_id: str, done: str) -> None:
    try:
        record = action(data_dir(), import_id)
    except ImportRefused as err:
        st.session_state[FLASH] = ("error", f"Nothing changed: {md(err.problem.message)}")
        return
    except OSError as err:
        # strerror alone: the error's own text names the server's path
        st.session_state[FLASH] = ("error",
                                   f"Nothing changed: the files cannot be moved ({err.strerror})")
        return
    st.session_state.pop(importer.DONE, None)  # "added, every page shows them" is over
    st.session_state[FLASH] = ("success", f"Import {record.id} ({md(record.original_file)}) "
                               f"{done}.")


def round_choice(intake: Intake) -> str | None:
    """The month of the rows that state none, defaulting to what the file says; None while it
    is the file's own (so that the file is not read again)."""
    own, last = intake.default_round, this_month()
    months = sorted({own, *(f"{y}-{m:02d}" for y in range(FIRST_ROUND_YEAR, int(last[:4]) + 1)
                            for m in range(1, 13) if f"{y}-{m:02d}" <= last)}, reverse=True)
    says = "Rounds come from the file's reporting-date column; this is the round of its rows " \
        "that state none." if ROUND in intake.columns.values() else "The file states no " \
        "round in its rows: this month is every row's."
    chosen = st.selectbox("Reporting round (month)", months, index=months.index(own),
                          format_func=lambda month: month or "none: counted as they are",
                          key=f"import_round_{intake.file}", help="4W figures are cumulative: "
                          "an activity reported again in a later round counts at its latest. "
                          + says)
    st.caption(f"Rounds of the accepted rows: {', '.join(intake.rounds) or 'none'}.")
    return None if chosen == own else chosen


def already_in(sha256: str, country: str) -> bool:
    """Whether this content is already in for this country; if so, says which import holds it."""
    earlier = earlier_import(data_dir(), sha256, country)
    if earlier is not None:
        st.error(f"This file's content is already in the dashboard: import {earlier.id} "
                 f"({md(earlier.original_file)}, {earlier.imported_at}). Adding it again would "
                 "count its rows twice. Take that import out first (under **Imports** at the "
                 "top of this page) to import it anew.")
    return earlier is not None
