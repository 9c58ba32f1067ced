"""Saving from several server processes at once loses nothing (threads:
tests/srrp/files/test_store.py).

Eight processes save the same scenario from the same starting version at the same moment:
exactly one wins, the others get SaveConflict, the file is one complete version and no temporary
file is left. A reader process reading all the while never sees a partial file.
"""

from __future__ import annotations

import multiprocessing as mp
from pathlib import Path

from srrp.files.store import SaveConflict, save_scenario, version

START = "scenario:\n  title: Start\nchanges: []\n"
WRITERS = 8


def body(writer: int) -> str:
    """A scenario large enough that a torn write would show: 200 kB, ending in its own mark."""
    lines = "".join(f"  # writer {writer} line {i:05d}\n" for i in range(7000))
    return f"scenario:\n  title: Writer {writer}\n{lines}changes: []\n# end {writer}\n"


def _save(folder: str, writer: int, start, results) -> None:
    start.wait()
    try:
        save_scenario(Path(folder), "shared", body(writer), expected=version(START))
        results.put((writer, "saved"))
    except SaveConflict:
        results.put((writer, "conflict"))
    except Exception as err:  # reported to the test, which fails on it
        results.put((writer, f"error: {err!r}"))


def _read(folder: str, stop, results) -> None:
    whole = {START, *(body(w) for w in range(WRITERS))}
    reads = torn = 0
    path = Path(folder) / "shared.yaml"
    while not stop.is_set():
        text = path.read_text(encoding="utf-8")
        reads += 1
        torn += text not in whole
    results.put(("reader", reads, torn))


def test_of_eight_processes_saving_one_version_exactly_one_wins_and_no_reader_sees_half(
        tmp_path):
    context = mp.get_context("spawn")  # a fresh interpreter each, as separate servers are
    save_scenario(tmp_path, "shared", START)
    start, stop = context.Barrier(WRITERS), context.Event()
    results = context.Queue()
    reader = context.Process(target=_read, args=(str(tmp_path), stop, results))
    reader.start()
    writers = [context.Process(target=_save, args=(str(tmp_path), w, start, results))
               for w in range(WRITERS)]
    for process in writers:
        process.start()
    outcomes = dict(results.get(timeout=120) for _ in writers)
    for process in writers:
        process.join(timeout=60)
    stop.set()
    _, reads, torn = results.get(timeout=60)
    reader.join(timeout=60)

    winners = [w for w, outcome in outcomes.items() if outcome == "saved"]
    assert sorted(outcomes.values()) == ["conflict"] * (WRITERS - 1) + ["saved"], outcomes
    assert (tmp_path / "shared.yaml").read_text(encoding="utf-8") == body(winners[0])
    assert sorted(p.name for p in tmp_path.iterdir()) == [".lock", "shared.yaml"]
    assert reads > 0 and torn == 0, f"{torn} of {reads} reads saw a partial file"


def _save_in_turn(folder: str, writer: int, results) -> None:
    """Save on top of whatever is there, retrying on conflict: every save must land in turn."""
    path = Path(folder) / "chain.yaml"
    for _ in range(200):
        current = path.read_text(encoding="utf-8")
        try:
            save_scenario(Path(folder), "chain", current + f"# {writer}\n",
                          expected=version(current))
            results.put(writer)
            return
        except SaveConflict:
            continue
    results.put(None)


def test_processes_that_reload_after_a_conflict_all_get_their_change_in(tmp_path):
    context = mp.get_context("spawn")
    save_scenario(tmp_path, "chain", START)
    results = context.Queue()
    writers = [context.Process(target=_save_in_turn, args=(str(tmp_path), w, results))
               for w in range(WRITERS)]
    for process in writers:
        process.start()
    done = [results.get(timeout=120) for _ in writers]
    for process in writers:
        process.join(timeout=60)
    assert None not in done
    lines = (tmp_path / "chain.yaml").read_text(encoding="utf-8").splitlines()
    assert sorted(lines[3:]) == sorted(f"# {w}" for w in range(WRITERS))
