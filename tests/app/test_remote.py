"""Briefings driven from a presenter's window, joined by a code that nobody can guess and
nobody can use to lock a presenter out."""

from __future__ import annotations

import pytest

from components import remote
from components.remote import Client, Refused


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def briefings(clock) -> remote.Briefings:
    return remote.Briefings(clock)


def presenter(n: int = 0, address: str | None = "203.0.113.7") -> Client:
    return Client(f"presenter-{n}", address)


def viewer(n: int = 0, address: str | None = "198.51.100.9") -> Client:
    return Client(f"viewer-{n}", address)


def code_of(briefings: remote.Briefings, key: str) -> str:
    return briefings.get(key).code


def guess(briefings: remote.Briefings, client: Client, times: int) -> list[Refused | str]:
    return [briefings.join(remote.new_code(), client) for _ in range(times)]


def test_the_presenter_moves_the_briefing_of_its_code_only(briefings):
    mine, theirs = briefings.open(1), briefings.open(1)
    typed = remote.shown(code_of(briefings, mine)).lower()  # as read off a screen and typed
    joined = briefings.join(typed, presenter())
    assert joined == mine
    briefings.move(joined, 4)
    assert briefings.get(mine).slide == 4 and briefings.get(theirs).slide == 1


def test_codes_are_long_and_unguessable():
    codes = {remote.new_code() for _ in range(1000)}
    assert len(codes) == 1000
    assert all(len(c) == remote.CODE_LENGTH and set(c) <= set(remote.ALPHABET) for c in codes)


def test_a_code_is_replaced_once_a_presenter_has_joined(briefings):
    key = briefings.open(1)
    seen = code_of(briefings, key)  # glimpsed by someone in the room
    assert briefings.join(seen, presenter()) == key
    assert briefings.get(key).presenters == 1
    assert briefings.join(seen, viewer()) is Refused.WRONG
    assert code_of(briefings, key) != seen
    assert briefings.join(code_of(briefings, key), presenter(2)) == key  # the new code does


def test_a_viewer_typing_wrong_codes_locks_out_only_themself(briefings, clock):
    key = briefings.open(1)
    answers = guess(briefings, viewer(), 25)
    assert answers[:remote.MISSES_PER_SESSION] == [Refused.WRONG] * remote.MISSES_PER_SESSION
    assert set(answers[remote.MISSES_PER_SESSION:]) == {Refused.TOO_MANY}
    assert briefings.join(code_of(briefings, key), viewer()) is Refused.TOO_MANY
    assert briefings.join(code_of(briefings, key), presenter()) == key
    clock.now += remote.WINDOW
    assert briefings.join(code_of(briefings, key), viewer()) == key  # a minute later


def test_another_session_on_the_same_address_is_not_locked_out_by_one(briefings):
    key = briefings.open(1)
    guess(briefings, viewer(1, "198.51.100.9"), 25)
    assert briefings.join(code_of(briefings, key), presenter(1, "198.51.100.9")) == key


def test_an_address_with_many_sessions_is_cut_off_as_one_client(briefings):
    key = briefings.open(1)
    sessions = remote.MISSES_PER_ADDRESS // remote.MISSES_PER_SESSION
    for n in range(sessions):
        guess(briefings, viewer(n), remote.MISSES_PER_SESSION)
    assert guess(briefings, viewer(sessions), 1) == [Refused.TOO_MANY]
    assert briefings.join(code_of(briefings, key), presenter()) == key  # another address


def test_an_ipv6_host_is_one_client_whatever_its_address_in_its_64(briefings):
    for n in range(remote.MISSES_PER_ADDRESS // remote.MISSES_PER_SESSION):
        guess(briefings, viewer(n, f"2001:db8:1:2::{n + 1:x}"), remote.MISSES_PER_SESSION)
    assert guess(briefings, viewer(99, "2001:db8:1:2:ffff::1"), 1) == [Refused.TOO_MANY]
    assert guess(briefings, viewer(99, "2001:db8:1:3::1"), 1) == [Refused.WRONG]


def flood_the_server(briefings: remote.Briefings) -> None:
    """Wrong codes from many addresses, each within its own limit, up to the server's ceiling."""
    per = remote.MISSES_PER_SESSION
    for n in range(remote.MISSES_PER_SERVER // per):
        guess(briefings, viewer(n, f"198.51.100.{n % 250 + 1}"), per)


def test_the_servers_ceiling_never_locks_out_a_briefing_a_presenter_has_joined(briefings, clock):
    joined_key, waiting = briefings.open(1), briefings.open(1)
    assert briefings.join(code_of(briefings, joined_key), presenter(1)) == joined_key
    flood_the_server(briefings)
    assert guess(briefings, viewer(999, "192.0.2.1"), 1) == [Refused.TOO_MANY]
    briefings.move(joined_key, 3)  # the joined window drives on
    assert briefings.get(joined_key).slide == 3
    assert briefings.join(code_of(briefings, joined_key), presenter(2)) == joined_key  # reopened
    assert briefings.join(code_of(briefings, waiting), presenter(3)) is Refused.TOO_MANY
    clock.now += remote.WINDOW
    assert briefings.join(code_of(briefings, waiting), presenter(3)) == waiting


def test_codes_are_compared_in_constant_time(briefings, monkeypatch):
    compared = []

    def compare_digest(a, b):
        compared.append((a, b))
        return a == b

    monkeypatch.setattr(remote.hmac, "compare_digest", compare_digest)
    key = briefings.open(1)
    code = code_of(briefings, key)
    assert briefings.join(code, presenter()) == key
    assert compared == [(code, code)]


def test_the_longest_unused_briefing_is_closed_when_a_process_has_its_most(clock):
    briefings = remote.Briefings(clock, most=3)
    first, second, third = (briefings.open(1) for _ in range(3))
    clock.now += 1
    briefings.get(first)  # its audience window is still looking
    fourth = briefings.open(1)
    assert briefings.get(second) is None
    assert all(briefings.get(k) is not None for k in (first, third, fourth))


def test_a_closed_briefings_code_opens_nothing(clock):
    briefings = remote.Briefings(clock, most=1)
    old = briefings.open(1)
    code = code_of(briefings, old)
    briefings.open(1)
    assert briefings.join(code, presenter()) is Refused.WRONG


def test_a_briefing_is_forgotten_half_a_day_after_its_windows_last_looked(briefings, clock):
    old, kept = briefings.open(1), briefings.open(1)
    clock.now += remote.KEEP_FOR - 10
    briefings.get(kept)
    clock.now += 11
    assert briefings.get(old) is None and briefings.get(kept) is not None


def test_wrong_codes_of_many_clients_are_forgotten_after_a_minute(monkeypatch):
    monkeypatch.setattr(remote, "CLIENTS_KEPT", 5)
    misses = remote.Misses(limit=2)
    for n in range(20):
        misses.add(n, 100.0 + n)
    assert len(misses._times) == 5  # the latest five
    misses.add("late", 100.0 + 19 + remote.WINDOW)
    assert list(misses._times) == ["late"]
