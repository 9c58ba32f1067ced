"""Answers kept per data version (components.kept): computed once, shared, dropped with
their data."""

from __future__ import annotations

import threading

from components.kept import KEPT, keeper, kept
from tests.srrp.test_dataset import bundled, where


def test_filtered_activities_are_kept_not_recomputed():
    dataset = bundled()
    keep = keeper(dataset)
    vaccines = where(dataset, "LAO", keep, objective="3")
    assert where(dataset, "LAO", keep, objective="3") is vaccines  # kept, not recomputed
    assert where(dataset, "LAO", objective="3") is not vaccines  # a view without the cache


def test_figures_are_kept_per_choice_until_the_files_change():
    dataset = bundled()
    made = []

    def figures():
        made.append(1)
        return object()

    first = kept(dataset, "figures", ("LAO", "1"), figures)
    assert kept(dataset, "figures", ("LAO", "1"), figures) is first and len(made) == 1
    assert kept(dataset, "figures", ("LAO", "2"), figures) is not first
    assert kept(bundled(), "figures", ("LAO", "1"), figures) is not first  # files read again
    for other in range(KEPT):
        kept(dataset, "figures", other, figures)
    assert kept(dataset, "figures", ("LAO", "1"), figures) is not first  # the oldest went first


def test_an_answer_may_be_built_from_another_while_other_sessions_ask():
    dataset = bundled()
    keep = keeper(dataset)
    asked = threading.Event()

    def figures():  # another session asks for something while these figures are computed
        other = threading.Thread(target=lambda: (kept(dataset, "other", 1, object), asked.set()))
        other.start()
        other.join(timeout=10)
        return where(dataset, "LAO", keep, objective="1")

    assert kept(dataset, "figures", "LAO-1", figures) is where(dataset, "LAO", keep,
                                                               objective="1")
    assert asked.is_set()
