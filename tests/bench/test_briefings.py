"""`python -m bench.briefings` writes its own section of docs/benchmarks.md, with its budget's
verdict, and `make bench`, which writes the rest of the page afresh, keeps it."""

from __future__ import annotations

from bench import briefings
from bench.report import BRIEFINGS_HEADING, SCALING_HEADING, carried_over

MACHINE = {"cpu": "AMD EPYC", "cores": 2, "python": "3.11.7", "load_average": [1.0, 1.0, 1.0]}


def results(last_open_s: float) -> dict:
    runs = [{"opened": n, "kept": min(n, 1000), "open_s": s, "join_s": 3e-5, "wrong_s": 2e-5}
            for n, s in [(10, 2e-5), (1000, 2e-5), (50000, last_open_s)]]
    return {"when": "2026-12-07 17:50 UTC", "machine": MACHINE, "floor_s": 1e-5, "runs": runs}


def test_the_section_says_whether_opening_stayed_flat_as_briefings_were_opened():
    assert "opened ≤ 2× opening with 10: met" in briefings.section(results(3e-5))
    assert "not met" in briefings.section(results(5e-5))
    assert "| 50,000 | 1,000 | 30.0 µs | 30.0 µs | 20.0 µs | 3.0× |" in briefings.section(
        results(3e-5))


def test_a_page_written_afresh_keeps_this_section_and_the_load_tests(tmp_path):
    path = tmp_path / "benchmarks.md"
    path.write_text(f"# Benchmarks\n\n{SCALING_HEADING}\n\nsessions\n\n"
                    f"{briefings.section(results(3e-5))}\n\n## What was optimised\n\nz\n")
    kept = carried_over(path, "# Benchmarks\n\n## Machine\n\nnew\n")
    assert "sessions" in kept and BRIEFINGS_HEADING in kept and "| 50,000 |" in kept
    assert "new" in kept
