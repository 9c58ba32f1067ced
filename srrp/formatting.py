"""Numbers written for people: USD 822.9 M, 0.03 %, 15,831 people; 'not reported' for gaps."""

from __future__ import annotations

import math

from srrp.words import NOT_REPORTED


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or str(value) == "<NA>"


def usd(amount) -> str:
    """USD 822.9 M, USD 240,000 (exact below a million), USD 1.2 bn."""
    if _missing(amount):
        return NOT_REPORTED
    amount = int(amount)
    sign = "−" if amount < 0 else ""
    amount = abs(amount)
    if amount >= 10**9:
        return f"{sign}USD {amount / 10**9:,.2f} bn"
    if amount >= 10**6:
        return f"{sign}USD {amount / 10**6:,.1f} M"
    return f"{sign}USD {amount:,}"


def usd_exact(amount) -> str:
    return NOT_REPORTED if _missing(amount) else f"USD {int(amount):,}"


def percent(ratio) -> str:
    """0.03 %, 4.5 %, 100 %: enough digits to show that a small share is not nothing."""
    if _missing(ratio):
        return NOT_REPORTED
    value = ratio * 100
    if value == 0:
        return "0 %"
    if value < 0.1:
        return f"{value:.2f} %"
    if value < 10:
        return f"{value:.1f} %"
    return f"{value:.0f} %"


def count(value, unit: str = "") -> str:
    if _missing(value):
        return NOT_REPORTED
    return f"{int(value):,}" + (f" {unit}" if unit else "")
