"""Hostile 3W files: each is read, or refused with a clear message, in under 10 s of CPU and
500 MB of memory; on the Import page, none of them changes the data folder or shows a
traceback, and the dashboard keeps its data."""

from __future__ import annotations

import time
import tracemalloc

import pytest
from streamlit.testing.v1 import AppTest

from srrp.intake.rows import read_import
from srrp.problems import InvalidData
from tests.app.conftest import ROOT
from tests.hostile.hostile_imports import HOSTILE, Read

SECONDS = 10.0  # CPU of this thread: a busy machine does not make the test flaky
PEAK_BYTES = 500 * 2**20


def said(intake) -> str:
    return "\n".join([*intake.notes, intake.layout.describe(),
                      *(str(w) for w in intake.warnings)])


@pytest.mark.parametrize("name", list(HOSTILE))
def test_each_hostile_file_is_read_or_refused_cheaply(name, baseline, gazetteers):
    make, expected = HOSTILE[name]
    raw = make()
    tracemalloc.start()
    started = time.thread_time()
    try:
        intake = read_import(raw, name, gazetteers, plan=baseline, country="NGA")
    except InvalidData as err:
        intake, problems = None, err.problems
    finally:
        seconds = time.thread_time() - started
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    if isinstance(expected, Read):
        assert intake is not None, f"{name} was refused: {problems}"
        assert len(intake.accepted) == expected.accepted and expected.says in said(intake)
    else:
        assert intake is None, f"{name} was read"
        assert [p.code for p in problems] == [expected.code]
        assert expected.says in problems[0].message and problems[0].file == name
    assert seconds < SECONDS, f"{seconds:.1f} s of CPU"
    assert peak < PEAK_BYTES, f"{peak / 2**20:.0f} MB at the peak"


def test_formulas_are_never_computed_their_figures_not_reported(baseline, gazetteers):
    make, _ = HOSTILE["formulas_and_links.xlsx"]
    intake = read_import(make(), "f.xlsx", gazetteers, plan=baseline)
    assert intake.accepted.loc[0, ["targeted", "reached"]].tolist() == ["", ""]


def test_no_hostile_file_changes_the_data_or_breaks_the_page(data_dir):
    before = {p.name: p.read_bytes() for p in data_dir.iterdir() if p.is_file()}
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    at.switch_page("pages/import.py").run()
    for name, (make, _) in HOSTILE.items():
        at.file_uploader(key="import_upload").set_value((name, make(), "application/x")).run()
        assert not at.exception, (name, [e.value for e in at.exception])
    at.switch_page("pages/overview.py").run()
    assert not at.exception and [m.value for m in at.metric][0] == "USD 822.9 M"
    assert {p.name: p.read_bytes() for p in data_dir.iterdir() if p.is_file()} == before
