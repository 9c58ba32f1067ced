"""Tables with their figures exact, and downloads of what is on screen (CSV and Excel)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from visuals.spreadsheet import to_csv, to_excel
from visuals.tables import or_not_reported
from visuals.wording import HYPOTHETICAL_FIGURES, NOT_REPORTED, hypothetical_name

MONEY = st.column_config.NumberColumn(format="localized")
COVERAGE = st.column_config.NumberColumn("coverage", format="percent")
# rows a table sends to the browser: nobody reads more on a screen, and a million rows would
# be tens of MB on every page view
TABLE_ROWS = 1_000
EXCEL_ROWS = 1_048_576  # rows in an Excel sheet
EXCEL_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def show_table(table: pd.DataFrame, key: str, money: tuple[str, ...] = (),
               figures: tuple[str, ...] = (), config: dict | None = None, **kwargs) -> None:
    """A table on screen: its first TABLE_ROWS rows, with ``figures`` (counts that may be
    missing) written out, 'not reported' where the source gives none (in any other column
    too, rather than Streamlit's "None", unless ``placeholder`` says otherwise)."""
    kwargs.setdefault("placeholder", NOT_REPORTED)
    config = {**{c: MONEY for c in money}, **(config or {})}
    if "coverage" in table.columns:
        config["coverage"] = COVERAGE
    shown = table.iloc[:TABLE_ROWS]
    shown = shown.assign(**{c: or_not_reported(shown[c]) for c in figures})
    st.dataframe(shown, hide_index=True, column_config=config, key=key, **kwargs)
    if len(table) > TABLE_ROWS:
        st.caption(f"The first {TABLE_ROWS:,} of {len(table):,} rows are shown; the Data & "
                   "sources page downloads every activity file whole.")


def downloads(table: pd.DataFrame, name: str, hypothetical: bool, key: str) -> None:
    """CSV and Excel of a table; a hypothetical table says so in its file name and content.
    No text in either runs as a formula in a spreadsheet (visuals.spreadsheet).

    Each file is written only when its button is clicked, never on a rerun: writing a million
    rows to Excel takes minutes. A click does not rerun the page."""
    if hypothetical:
        name = hypothetical_name(name)
        table = table.assign(figures=HYPOTHETICAL_FIGURES)
    csv_col, excel_col = st.columns(2)
    csv_col.download_button("Download CSV", lambda: to_csv(table), f"{name}.csv", "text/csv",
                            key=f"{key}-csv", on_click="ignore")
    excel_download(excel_col, table, f"{name}.xlsx", key=f"{key}-xlsx")


def excel_download(where, table: pd.DataFrame, file_name: str, key: str) -> None:
    """A download of the table as an Excel workbook, or why there is none: a sheet holds at
    most EXCEL_ROWS rows, the header included."""
    if len(table) >= EXCEL_ROWS:
        where.caption(f"No Excel file: {len(table):,} rows are more than a sheet holds; "
                      "download the CSV.")
        return
    where.download_button("Download Excel", lambda: to_excel(table), file_name, EXCEL_TYPE,
                          key=key, on_click="ignore")
