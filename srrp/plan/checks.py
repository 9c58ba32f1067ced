"""Checks of single values in a YAML document: text, amounts, dates, ids, choices.

Each check returns the clean value, or records a problem on the document's report and returns
None, so that one pass collects every problem instead of stopping at the first.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from srrp.files.yamlsource import YamlDoc
from srrp.problems import Problem, did_you_mean, nearest

MAX_AMOUNT = 10**12  # a trillion dollars: anything above is a slip of the keyboard
_DATE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")
_MONEY_TEXT = re.compile(r"^\s*(USD|US\$|\$)?\s*[\d.,_ ']+\s*(m|mn|million|k|bn)?\s*$", re.I)
_GROUPED_DIGITS = re.compile(r"^\s*(USD|US\$|\$)?\s*\d{1,3}([,_ ']\d{3})+\s*$", re.I)


class Checker:
    """Collects the problems of one document while reading its values."""

    def __init__(self, doc: YamlDoc):
        self.doc = doc
        self.problems: list[Problem] = []
        self.missing: set[tuple] = set()  # keys reported missing or misspelt: say it once

    def report(self, code: str, path: tuple, message: str, *, at_key: bool = False) -> None:
        if path in self.missing:
            return
        self.problems.append(self.doc.problem(code, path, message, at_key=at_key))

    def mapping(self, value: Any, path: tuple, what: str, keys: dict[str, bool]) -> dict | None:
        """A mapping with only the known ``keys`` (name → required); unknown keys and missing
        required keys are reported."""
        if not isinstance(value, dict):
            self.report("wrong-type", path, f"{what} must be a mapping of 'key: value' lines")
            return None
        missing = [key for key, required in keys.items() if required and key not in value]
        for key in value:
            if key not in keys:
                self._unknown_key(key, path, what, keys, missing)
        for key in missing:
            self.report("missing-key", path, f"{what} has no '{key}'; add '{key}: …'")
            self.missing.add((*path, key))
        return value

    def _unknown_key(self, key: Any, path: tuple, what: str, keys: dict[str, bool],
                     missing: list[str]) -> None:
        """Report an unknown key. When it is a misspelling of a missing required key, that is
        one mistake, reported once where it was made: the missing key is taken off ``missing``."""
        fix = f"the keys are: {', '.join(keys)}"
        meant = next(iter(nearest(key, keys)), None)
        if meant in missing:
            missing.remove(meant)
            self.missing.add((*path, meant))
            fix = f"rename it to '{meant}', a key {what} must have"
        self.report("unknown-key", (*path, key), f"unknown key '{key}' in {what}"
                    f"{did_you_mean(key, keys)}; {fix}", at_key=True)

    def sequence(self, value: Any, path: tuple, what: str) -> list | None:
        """The items of a list ([] when it is empty), or None when the list could not be read:
        it is not a list (reported here) or its key was reported missing. The caller can then
        skip the checks across entries, which would only report consequences of this mistake."""
        if path in self.missing:
            return None
        if value is None:
            return []
        if not isinstance(value, list):
            self.report("wrong-type", path, f"{what} must be a list, each item starting with '- '")
            return None
        return value

    def items(self, value: Any, path: tuple, what: str) -> list:
        """The items of a list; none when it could not be read."""
        return self.sequence(value, path, what) or []

    def text(self, value: Any, path: tuple, what: str, *, optional: bool = False) -> str | None:
        if value is None:
            if not optional:
                self.report("missing-value", path, f"{what} is empty; write the text after the "
                            "colon")
            return None
        if isinstance(value, bool) or isinstance(value, dict | list):
            self.report("wrong-type", path, f"{what} must be text; put it in quotes")
            return None
        if isinstance(value, dt.date):
            return value.isoformat()
        return str(value).strip()

    def texts(self, value: Any, path: tuple, what: str) -> tuple[str, ...]:
        items = self.items(value, path, what)
        found = (self.text(v, (*path, i), f"{what} item {i + 1}") for i, v in enumerate(items))
        return tuple(t for t in found if t)

    def amount(self, value: Any, path: tuple, what: str) -> int | None:
        """A whole, non-negative number of US dollars."""
        if isinstance(value, bool) or value is None:
            self.report("bad-amount", path, f"{what} must be a whole number of US dollars, "
                        "for example 25928630")
            return None
        if isinstance(value, int):
            if value < 0:
                self.report("bad-amount", path, f"{what} is {value:,}: amounts cannot be "
                            "negative")
                return None
            if value > MAX_AMOUNT:
                self.report("bad-amount", path, f"{what} is {value:,}, more than a trillion "
                            "dollars; check for extra digits")
                return None
            return value
        if isinstance(value, float):
            hint = f"{int(value)}" if value.is_integer() and 0 <= value < MAX_AMOUNT else "25928630"
            self.report("bad-amount", path, f"{what} must be whole US dollars with no decimal "
                        f"point; write it as digits only, for example {hint}")
            return None
        self._amount_as_text(str(value), path, what)
        return None

    def _amount_as_text(self, text: str, path: tuple, what: str) -> None:
        if _GROUPED_DIGITS.match(text):
            digits = re.sub(r"\D", "", text)
            self.report("amount-as-text", path, f"{what} is written as text \"{text}\"; write "
                        f"digits only, with no quotes, separators or currency: {digits}")
        elif _MONEY_TEXT.match(text):
            self.report("amount-as-text", path, f"{what} is written as text \"{text}\"; write the "
                        "exact amount in whole US dollars as digits only, for example 25928630")
        else:
            self.report("bad-amount", path, f"{what} is \"{text}\", not an amount; write whole "
                        "US dollars as digits only, for example 25928630")

    def date(self, value: Any, path: tuple, what: str, *, optional: bool = False) -> str | None:
        """A date as precise as the source: YYYY, YYYY-MM or YYYY-MM-DD."""
        if value is None:
            if not optional:
                self.report("bad-date", path, f"{what} is empty; write YYYY, YYYY-MM or "
                            "YYYY-MM-DD")
            return None
        text = value.isoformat() if isinstance(value, dt.date) else str(value).strip()
        if isinstance(value, bool) or not _DATE.match(text) or not _real_date(text):
            self.report("bad-date", path, f"{what} is \"{text}\"; write YYYY, YYYY-MM or "
                        "YYYY-MM-DD, for example 2021-04-20")
            return None
        return text

    def ident(self, value: Any, path: tuple, what: str) -> str | None:
        """An id written as text; an unquoted 1.1 is read by YAML as a number, so say how."""
        if isinstance(value, float):
            self.report("wrong-type", path, f"{what} {value} must be in quotes, "
                        f"as id: \"{value}\" (unquoted, YAML reads it as a number)")
            return None
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)
        return self.text(value, path, what)

    def choice(self, value: Any, path: tuple, what: str, choices: tuple[str, ...]) -> str | None:
        text = self.text(value, path, what)
        if text is not None and text not in choices:
            self.report("bad-value", path, f"{what} is '{text}'{did_you_mean(text, choices)}; "
                        f"write one of: {', '.join(choices)}")
            return None
        return text


def _real_date(text: str) -> bool:
    if len(text) < 10:
        return True
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True
