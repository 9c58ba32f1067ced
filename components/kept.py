"""Answers computed once per data version and kept for the next page view that asks the same:
filtered tables, figures by area, the briefing's deck. Over a million activity rows each takes
seconds; the sidebar's choices are few.

Answers are kept beside the data they come from (a ``Dataset``, which is never changed: new
files make a new one, with nothing kept), per kind, under a key that names everything else they
depend on; they go with their Dataset. They are shared by every session: never change one.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable, Hashable
from typing import TypeVar

from srrp.dataset import Dataset

KEPT = 16  # answers kept per data version and kind; the oldest go first
T = TypeVar("T")
# One Dataset serves every session's thread: the lock guards the dictionaries of kept answers,
# and is never held while an answer is computed (a deck or a million-row roll-up would make
# every other session wait, and an answer may be built from another).
_LOCK = threading.Lock()
_ANSWERS: weakref.WeakKeyDictionary[Dataset, dict[str, dict]] = weakref.WeakKeyDictionary()


def kept(dataset: Dataset, kind: str, key: Hashable, compute: Callable[[], T]) -> T:
    """What ``compute()`` returns, computed once per data version and ``key``."""
    with _LOCK:
        answers = _ANSWERS.setdefault(dataset, {}).setdefault(kind, {})
        if key in answers:
            return answers[key]
    answer = compute()  # two sessions asking at once may both compute it: same answer
    with _LOCK:
        if key not in answers:
            while len(answers) >= KEPT:
                answers.pop(next(iter(answers)))
            answers[key] = answer
        return answers[key]


def keeper(dataset: Dataset) -> Callable:
    """``kept`` for one Dataset, as a View takes it."""
    return lambda kind, key, compute: kept(dataset, kind, key, compute)
