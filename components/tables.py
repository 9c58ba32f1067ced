"""Tables with their figures exact, and downloads of what is on screen (CSV and Excel)."""

from __future__ import annotations

import io

import pandas as pd
import streamlit as st

from srrp.formatting import NOT_REPORTED

MONEY = st.column_config.NumberColumn(format="localized")
COVERAGE = st.column_config.NumberColumn("coverage", format="percent")


def show_table(table: pd.DataFrame, key: str, money: tuple[str, ...] = (),
               **kwargs) -> None:
    config = {c: MONEY for c in money}
    if "coverage" in table.columns:
        config["coverage"] = COVERAGE
    st.dataframe(table, hide_index=True, column_config=config, key=key, **kwargs)


def downloads(table: pd.DataFrame, name: str, hypothetical: bool, key: str) -> None:
    """CSV and Excel of a table; a hypothetical table says so in its file name and content."""
    if hypothetical:
        name = f"{name}_HYPOTHETICAL"
        table = table.assign(figures="HYPOTHETICAL scenario, not sourced funding")
    csv_col, excel_col = st.columns(2)
    csv_col.download_button("Download CSV", table.to_csv(index=False).encode("utf-8"),
                            f"{name}.csv", "text/csv", key=f"{key}-csv")
    excel_col.download_button(
        "Download Excel", to_excel(table), f"{name}.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key=f"{key}-xlsx")


def to_excel(table: pd.DataFrame, sheet: str = "data") -> bytes:
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        table.to_excel(writer, index=False, sheet_name=sheet)
    return buffer.getvalue()


def or_not_reported(series: pd.Series) -> pd.Series:
    """Figures as text, with 'not reported' where the source gives none (never a silent 0)."""
    return series.map(lambda v: NOT_REPORTED if pd.isna(v) else f"{v:,.0f}")
