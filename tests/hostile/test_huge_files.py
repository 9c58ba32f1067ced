"""An activity file over the size limit is refused by its size, before a byte of it is read.

The files here are one byte over ``MAX_BYTES`` and sparse (made with ``truncate``): they take
no disk and no time to make. They hold only zeros, so a loader that read one would hold a
gigabyte in memory, and would then call it binary, not too large. CPU time is this thread's,
never wall time, so that a busy machine does not make the tests flaky.
"""

from __future__ import annotations

import time
import tracemalloc
from contextlib import contextmanager
from pathlib import Path

import pytest

from srrp.activities.table import MAX_BYTES, read_activities
from srrp.cli import main
from srrp.problems import InvalidData
from tests.hostile.test_app import drawn, problems_shown, screen

ROOT = Path(__file__).resolve().parents[2]
SECONDS = 1.0  # validating the bundled plan and gazetteers beside the file included
PEAK_BYTES = 100 * 2**20  # a tenth of what reading the file would take


def huge(path: Path) -> Path:
    """``path``, emptied if it exists, then grown to one byte over the limit without a write."""
    with open(path, "wb") as f:
        f.truncate(MAX_BYTES + 1)
    return path


@contextmanager
def cheap():
    """Fails the block if it costs more than SECONDS of CPU or PEAK_BYTES of memory."""
    tracemalloc.start()
    started = time.thread_time()
    try:
        yield
    finally:
        seconds = time.thread_time() - started
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    assert seconds < SECONDS, f"{seconds:.2f} s of CPU"
    assert peak < PEAK_BYTES, f"{peak / 2**20:.0f} MB at the peak"


def test_read_activities_refuses_a_huge_file_without_reading_it(tmp_path, baseline, gazetteers):
    path = huge(tmp_path / "lao_activities.csv")
    with cheap(), pytest.raises(InvalidData) as err:
        read_activities(path, baseline, gazetteers, "lao_activities.csv")
    (problem,) = err.value.problems
    assert (problem.file, problem.code) == ("lao_activities.csv", "too-large")
    assert f"{MAX_BYTES:,}" in problem.message


def test_validate_names_the_huge_file_and_fails(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(ROOT)  # the bundled plan and gazetteers, as a maintainer runs it
    path = huge(tmp_path / "lao_activities.csv")
    with cheap():
        assert main(["validate", "--activities", str(path)]) == 1
    about_the_file = [line for line in capsys.readouterr().err.splitlines()
                      if line.startswith(str(path))]
    assert len(about_the_file) == 1
    assert about_the_file[0].startswith(f"{path}: too-large: ")


def test_the_app_keeps_the_last_good_data_and_names_the_huge_file(open_page, data_dir):
    at = open_page("pages/targets.py")
    good = screen(at)
    assert drawn(good), "the first run shows no data"

    huge(data_dir / "lao_activities.csv")
    at.run()

    assert not at.exception
    assert screen(at) == good
    assert "lao_activities.csv: too-large: " in problems_shown(at)
    assert "last good data" in " ".join(e.value for e in at.error)
