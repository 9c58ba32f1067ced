"""`make bench-load` writes its own section of docs/benchmarks.md, and `make bench`, which writes
the rest of the page afresh, keeps it."""

from __future__ import annotations

from bench.report import COMMANDS_HEADING, carried_over, with_section
from bench.report import SCALING_HEADING as HEADING
from bench.scaling import scaling_table

RUN = {"reruns_per_s": 10.0, "p50_s": 0.5, "p95_s": 2.0, "errors": 0, "generator_cpu_s": 3.0,
       "load_average": [1.0, 1.0, 1.0], "arrival": {"p50_s": 1.0, "p95_s": 3.0}}
RESULTS = {"runs": [{"data": "bundled", "replicas": 1, "sessions": 10, **RUN},
                    {"data": "bundled", "replicas": 2, "sessions": 10, **RUN,
                     "reruns_per_s": 17.0}]}


def test_the_table_gives_two_processes_against_one():
    rows = [line for line in scaling_table(RESULTS).splitlines() if line.startswith("| bundled")]
    assert [row.split("|")[5].strip() for row in rows] == ["", "1.70×"]


def test_the_section_replaces_its_last_version_and_nothing_else():
    doc = f"# Benchmarks\n\n## Machine\n\nx\n\n{HEADING}\n\nold\n\n## What was optimised\n\ny\n"
    new = with_section(doc, f"{HEADING}\n\nnew")
    assert "old" not in new and "new" in new
    assert new.index("## Machine") < new.index(HEADING) < new.index("## What was optimised")
    assert with_section("# Benchmarks\n", f"{HEADING}\n\nnew").endswith(f"{HEADING}\n\nnew\n")


def test_a_page_written_afresh_keeps_the_section(tmp_path):
    path = tmp_path / "benchmarks.md"
    path.write_text(f"# Benchmarks\n\n{HEADING}\n\nmeasured\n\n## What was optimised\n\nz\n")
    fresh = "# Benchmarks\n\n## Machine\n\nnew machine\n\n## What was optimised\n\nz\n"
    kept = carried_over(path, fresh)
    assert "measured" in kept and "new machine" in kept
    assert carried_over(tmp_path / "missing.md", fresh) == fresh


def test_a_page_written_afresh_keeps_the_command_section_too(tmp_path):
    path = tmp_path / "benchmarks.md"
    path.write_text(f"# Benchmarks\n\n{COMMANDS_HEADING}\n\nsummary 1.8x\n\n{HEADING}\n\n"
                    "measured\n")
    kept = carried_over(path, "# Benchmarks\n\n## Machine\n\nnew machine\n")
    assert "summary 1.8x" in kept and "measured" in kept and "new machine" in kept
