"""Editors importing and taking imports out at once, from several server processes: each lands
exactly once, the same content never comes in twice, and the list of imports read all the while
never shows an import twice or loses one."""

from __future__ import annotations

import multiprocessing as mp
import shutil
from pathlib import Path

from srrp.dataset import PLAN_FILE
from srrp.intake.imports import ImportRefused, content_hash, list_imports, remove_import
from tests.conftest import DATA
from tests.workbooks import NGA_HEADER, NGA_HXL, nga_row, xlsx

EDITORS = 4  # each a fresh interpreter loading the gazetteers: seconds each on two cores


# made once: a workbook's bytes carry the second it was saved in
BOOKS = [xlsx({"3W": [NGA_HEADER, NGA_HXL, nga_row(reached=100 + editor)]})
         for editor in range(EDITORS)]


def _import(folder: str, raw: bytes, start, results) -> None:
    from srrp.intake.rows import read_import, write_import
    from srrp.places.gazetteer import load_gazetteers
    from srrp.plan.tree import load_plan
    data = Path(folder)
    plan, gazetteers = load_plan(data / PLAN_FILE), load_gazetteers(data / "gazetteer")
    intake = read_import(raw, "nga_3w.xlsx", gazetteers, plan=plan)  # one name for all
    start.wait()
    try:
        write_import(intake, data, plan, gazetteers, sha256=content_hash(raw))
        results.put("written")
    except ImportRefused as err:
        results.put(err.problem.code)
    except Exception as err:  # reported to the test, which fails on it
        results.put(f"error: {err!r}")


def _remove(folder: str, import_id: str, start, results) -> None:
    start.wait()
    try:
        remove_import(Path(folder), import_id)
        results.put("removed")
    except ImportRefused as err:
        results.put(err.problem.code)
    except Exception as err:
        results.put(f"error: {err!r}")


def _watch(folder: str, stop, results) -> None:
    """Lists the imports until stopped; counts the lists that show one import twice."""
    reads = doubled = 0
    while not stop.is_set():
        ids = [r.id for r in list_imports(Path(folder))]
        reads += 1
        doubled += len(ids) != len(set(ids))
    results.put(("watcher", reads, doubled))


def run_at_once(target, args_of, tmp_path) -> tuple[list[str], int, int]:
    context = mp.get_context("spawn")  # a fresh interpreter each, as separate servers are
    start, stop, results, watched = (context.Barrier(EDITORS), context.Event(), context.Queue(),
                                     context.Queue())
    watcher = context.Process(target=_watch, args=(str(tmp_path), stop, watched))
    watcher.start()
    editors = [context.Process(target=target, args=(str(tmp_path), *args_of(e), start, results))
               for e in range(EDITORS)]
    for process in editors:
        process.start()
    outcomes = [results.get(timeout=180) for _ in editors]
    for process in editors:
        process.join(timeout=60)
    stop.set()
    _, reads, doubled = watched.get(timeout=60)
    watcher.join(timeout=60)
    return sorted(outcomes), reads, doubled


def data_folder(tmp_path: Path) -> Path:
    shutil.copy(DATA / PLAN_FILE, tmp_path)
    shutil.copytree(DATA / "gazetteer", tmp_path / "gazetteer")
    return tmp_path


def test_six_editors_importing_one_file_at_once_it_lands_exactly_once(tmp_path):
    outcomes, reads, doubled = run_at_once(_import, lambda e: (BOOKS[0],), data_folder(tmp_path))
    assert outcomes == ["already-imported"] * (EDITORS - 1) + ["written"], outcomes
    assert len(list_imports(tmp_path)) == 1 and len(list(tmp_path.glob("*.csv"))) == 1
    assert reads > 0 and doubled == 0


def test_six_editors_importing_files_of_one_name_at_once_each_lands(tmp_path):
    outcomes, _, doubled = run_at_once(_import, lambda e: (BOOKS[e],), data_folder(tmp_path))
    assert outcomes == ["written"] * EDITORS, outcomes
    records = list_imports(tmp_path)
    assert len({r.id for r in records}) == EDITORS and len({r.sha256 for r in records}) == EDITORS
    assert not list(tmp_path.glob(".*.tmp")) and doubled == 0


def test_six_editors_taking_out_one_import_at_once_it_is_taken_out_once(tmp_path):
    added = mp.get_context("spawn")
    _import(str(data_folder(tmp_path)), BOOKS[0], added.Barrier(1), results := added.Queue())
    assert results.get(timeout=60) == "written"
    [record] = list_imports(tmp_path)
    outcomes, reads, doubled = run_at_once(_remove, lambda e: (record.id,), tmp_path)
    assert outcomes == ["import-taken-out"] * (EDITORS - 1) + ["removed"], outcomes
    assert [r.removed for r in list_imports(tmp_path)] == [True]
    assert reads > 0 and doubled == 0
