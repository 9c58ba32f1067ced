"""Briefings driven from a presenter's window, joined by a code."""

from __future__ import annotations

from srrp import remote


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_the_presenter_moves_the_briefing_of_its_code_only():
    briefings = remote.Briefings()
    mine, theirs = briefings.open(1), briefings.open(1)
    joined = briefings.join(remote.shown(mine).lower())  # as read off the screen and typed
    assert joined is not None
    briefings.move(mine, 4)
    assert briefings.slide(mine) == 4 and briefings.slide(theirs) == 1


def test_codes_are_long_and_unguessable():
    codes = {remote.new_code() for _ in range(1000)}
    assert len(codes) == 1000
    assert all(len(c) == remote.CODE_LENGTH and set(c) <= set(remote.ALPHABET) for c in codes)


def test_guessing_codes_is_cut_off_after_a_few_wrong_ones_a_minute():
    clock = Clock()
    briefings = remote.Briefings(clock)
    code = briefings.open(1)
    for _ in range(remote.MAX_MISSES):
        assert briefings.join(remote.new_code()) is None
    assert briefings.join(code) is None  # even the right one, for a minute
    clock.now += 61
    assert briefings.join(code) is not None


def test_a_briefing_is_forgotten_half_a_day_after_its_last_move():
    clock = Clock()
    briefings = remote.Briefings(clock)
    old = briefings.open(1)
    clock.now += remote.KEEP_FOR + 1
    briefings.open(1)
    assert briefings.slide(old) is None
