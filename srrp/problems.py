"""Problems found in data files, reported the way a compiler reports errors."""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace

from srrp.problem_codes import CODES, Severity


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a data file: where it is, a stable code of the catalogue
    (srrp.problem_codes), and what to do about it. Its severity is the code's, unless said:
    an import keeps a row whose field is bad, and warns. Slotted: an import of a large file
    may warn of a hundred thousand cells."""

    code: str
    message: str
    file: str
    line: int | None = None
    col: int | None = None
    severity: Severity = field(default=None, compare=False)  # type: ignore[assignment]

    def __post_init__(self) -> None:
        if self.code not in CODES:
            raise ValueError(f"'{self.code}' is not a problem code: add it to "
                             "srrp/problem_codes.py")
        if self.severity is None:
            object.__setattr__(self, "severity", CODES[self.code].severity)

    @property
    def location(self) -> str:
        parts = [self.file, self.line, self.col]
        return ":".join(str(p) for p in parts if p is not None)

    def __str__(self) -> str:
        return f"{self.location}: {self.code}: {self.message}"


SHOWN_ALIKE = 10  # problems of one kind in one column shown one by one, then summarised


class InvalidData(Exception):
    """Raised by the loaders when a file has problems; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class Problems:
    """The problems of many things read one after another (files, rows, flows): each read in
    ``with problems.caught():`` that fails adds its problems and the reading goes on, so that
    one bad thing never hides the problems of the next; ``raise_any()`` at the end."""

    def __init__(self) -> None:
        self.found: list[Problem] = []

    @contextmanager
    def caught(self) -> Iterator[None]:
        try:
            yield
        except InvalidData as err:
            self.found += err.problems

    def raise_any(self) -> None:
        if self.found:
            raise InvalidData(self.found)


def nearest(word: str, choices, n: int = 1) -> list[str]:
    """The choices (at most ``n``) that look like a slip of the keyboard for ``word``."""
    return difflib.get_close_matches(str(word), [str(c) for c in choices], n=n, cutoff=0.6)


def did_you_mean(word: str, choices, n: int = 1) -> str:
    """' (did you mean 'x'?)' for the nearest choice, or '' when nothing is near."""
    near = nearest(word, choices, n)
    if not near:
        return ""
    return " (did you mean " + " or ".join(f"'{w}'" for w in near) + "?)"


def thousands(amount: int) -> str:
    return f"{amount:,}"


def summarised(problems: list[Problem]) -> list[Problem]:
    """Problems for a person to read: those of one kind in one column listed one by one up to
    SHOWN_ALIKE, then one line saying how many more there are."""
    by_kind: dict[tuple, list[Problem]] = {}
    for p in problems:
        by_kind.setdefault((p.code, p.col), []).append(p)
    shown = []
    for items in by_kind.values():
        shown += items[:SHOWN_ALIKE]
        if len(items) > SHOWN_ALIKE:
            more = items[SHOWN_ALIKE]
            shown.append(replace(more, message=f"and {len(items) - SHOWN_ALIKE:,} more rows "
                                 "alike"))
    return sorted(shown, key=lambda p: (p.line or 0, p.col or 0))
