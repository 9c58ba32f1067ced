"""Words the dashboard shows in many places, each written once: labels and help texts of the
headline figures, the HYPOTHETICAL label, what is said where a source gives no figure, and the
escaping that keeps text from data files from ever becoming Markdown markup."""

from __future__ import annotations

from srrp.formatting import usd
from srrp.scenarios.editor import NEW_TITLE
from srrp.scenarios.scenario import DRAFT
from srrp.view import ALL, Filters
from srrp.words import HYPOTHETICAL, NOT_REPORTED, UNSAVED_EDIT

__all__ = ["ALL_FUNDING", "HELP", "HYPOTHETICAL", "HYPOTHETICAL_FIGURES", "NONE_REPORTED",
           "NOT_REPORTED", "change", "figure_labels",
           "filter_line", "hypothetical_name", "md", "money_scope", "scenario_name"]

HYPOTHETICAL_FIGURES = f"{HYPOTHETICAL} scenario, not sourced funding"
NONE_REPORTED = "none reported"  # confirmed funding where no contribution is recorded

# What each headline figure means: the tiles' and the slides' help texts.
HELP = {
    "required": "Funding requirements, USD",
    "confirmed": "Commitments and paid contributions recorded with a source; pledges are not "
                 "counted",
    "gap": "Unmet requirements: required − confirmed, never negative",
    "coverage": "Confirmed ÷ required",
}

_MARKDOWN_SPECIALS = set("\\`*_{}[]()#+-.!|<>~$:")


def a_or_an(word: str) -> str:
    """'a province', 'an area', 'an emirate': the article a word is spoken with."""
    return f"{'an' if word[:1].lower() in 'aeiou' else 'a'} {word}"


def md(text: str | None) -> str:
    """Escape every Markdown special character, so a title can never become a link, an image
    or markup, and '<script>' shows as typed."""
    return "".join("\\" + ch if ch in _MARKDOWN_SPECIALS else ch for ch in str(text or ""))


def change(amount: int) -> str | None:
    """A change against the baseline in USD, or None for no change."""
    if not amount:
        return None
    # Streamlit reads the direction of a delta from a leading ASCII sign
    return f"+{usd(amount)}" if amount > 0 else f"-{usd(-amount)}"


def hypothetical_name(name: str) -> str:
    """A file name that says its figures are hypothetical."""
    return f"{name}_{HYPOTHETICAL}"


def scenario_name(choice: str, title: str | None = None) -> str:
    """What hypothetical figures are under, by the title a person gave: "scenario 'pledge
    A'", 'the unsaved edit' (with its title once one is given)."""
    titled = title if title and title != NEW_TITLE else None
    if choice == DRAFT:
        return f"the {UNSAVED_EDIT} '{titled}'" if titled else f"the {UNSAVED_EDIT}"
    return f"scenario '{titled or choice}'"


ALL_FUNDING = "(all funding)"  # a figure the donor and year filters leave whole


def money_scope(filters: Filters) -> str:
    """What the donor and year filters keep of the money: 'from Japan in 2021', or ''."""
    parts = ([f"from {filters.donor}"] if filters.donor != ALL else []) + \
        ([f"in {filters.year}"] if filters.year != ALL else [])
    return " ".join(parts)


def figure_labels(filters: Filters) -> dict[str, str]:
    """The headline figures' labels: confirmed says whose money it counts; gap and coverage,
    which a donor's or a year's money alone cannot give, say that they count all of it."""
    scope = money_scope(filters)
    if not scope:
        return {"required": "Required", "confirmed": "Confirmed", "gap": "Gap",
                "coverage": "Coverage"}
    return {"required": "Required", "confirmed": f"Confirmed {scope}",
            "gap": f"Gap {ALL_FUNDING}", "coverage": f"Coverage {ALL_FUNDING}"}


def filter_line(filters: Filters, names: dict[str, str], applies: dict[str, str]) -> str:
    """What a page's figures are filtered by, in one line. ``names`` gives each filter's value
    as shown ('Lao PDR'); ``applies`` says, for each filter, "" (every figure follows it), what
    follows it ('confirmed and pledged'), or why it cannot apply, starting 'not: '. Filters
    that cannot apply for one reason are named together."""
    said, unused = [], {}
    for key in ("objective", "donor", "year", "country"):
        value = getattr(filters, key)
        rule = applies.get(key, "not: nothing here is split by it")
        shown = f"{key} {names.get(key, value)}" if value != ALL else key
        if rule.startswith("not: "):
            unused.setdefault(rule[5:], []).append(shown)
        elif value == ALL:
            said.append("all years" if key == "year" else f"all {key}s")
        else:
            said.append(shown + (f" ({rule})" if rule else ""))
    for why, keys in unused.items():
        listed = keys[0] if len(keys) == 1 else f"{', '.join(keys[:-1])} and {keys[-1]}"
        said.append(f"{listed} {'does' if len(keys) == 1 else 'do'} not apply here ({why})")
    return "Filters: " + " · ".join(said) + "."
