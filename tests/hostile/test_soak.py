"""Soak: a thousand reruns of every page in one process, memory measured all along.

Run with ``-m soak`` (about half an hour on two busy cores); SRRP_SOAK_RUNS changes the number of
reruns. The figures of each page are written to artifacts/soak.txt; docs/reliability.md keeps
those of the last run.
"""

from __future__ import annotations

import os
import time

import pytest

from tests.hostile.hostile_data import ROOT

pytestmark = pytest.mark.soak

PAGES = ["pages/overview.py", "pages/gaps.py", "pages/targets.py", "pages/map.py",
         "pages/whatif.py", "pages/briefing.py", "pages/sources.py"]
RUNS = int(os.environ.get("SRRP_SOAK_RUNS", "1000"))
WARM_UP = 20
GROWTH = 50 * 2**20
REPORT = ROOT / "artifacts" / "soak.txt"


def rss() -> int:
    """Resident memory of this process in bytes, from /proc (no psutil needed)."""
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


@pytest.mark.timeout(3600)
@pytest.mark.parametrize("page", PAGES)
def test_a_thousand_reruns_of_a_page_do_not_grow_memory(open_page, page):
    at = open_page(page)
    for _ in range(WARM_UP):
        at.run()
    before, started = rss(), time.perf_counter()
    for _ in range(RUNS):
        at.run()
        assert not at.exception, [e.value for e in at.exception]
    seconds, growth = time.perf_counter() - started, rss() - before
    REPORT.parent.mkdir(exist_ok=True)
    with REPORT.open("a") as report:
        report.write(f"{page}\t{RUNS} reruns\t{seconds / RUNS * 1000:.0f} ms each\t"
                     f"RSS {before / 2**20:.0f} MB -> {(before + growth) / 2**20:.0f} MB "
                     f"({growth / 2**20:+.1f} MB)\n")
    assert growth < GROWTH, f"{growth / 2**20:.0f} MB more after {RUNS} reruns"
