"""Tables as files and as text: an Excel workbook of a table, figures written out with 'not
reported' where the source gives none."""

from __future__ import annotations

import io

import pandas as pd

from visuals.wording import NOT_REPORTED


def to_excel(table: pd.DataFrame, sheet: str = "data") -> bytes:
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        table.to_excel(writer, index=False, sheet_name=sheet)
    return buffer.getvalue()


def or_not_reported(series: pd.Series) -> pd.Series:
    """Figures as text, with 'not reported' where the source gives none (never a silent 0)."""
    return series.map(lambda v: NOT_REPORTED if pd.isna(v) else f"{v:,.0f}")
