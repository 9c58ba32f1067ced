"""`python -m bench.commands` judges the summary against pyarrow's bare parse in time and in
memory against the table, and the CSV import against its 500 MB, and says when the machine was
not quiet."""

from __future__ import annotations

from bench.commands import section

RUN = {"when": "2026-12-07 18:00 UTC", "rows": 1_000_000, "repeat": 3, "file_mb": 211.0,
       "csv_mb": 50.0, "table_mb": 400.0, "summary_s": 1.5, "pyarrow_s": 0.8, "import_s": 30.0,
       "csv_s": 1.0, "summary_rss_mb": 700.0, "pyarrow_rss_mb": 700.0, "import_rss_mb": 450.0,
       "csv_rss_mb": 300.0, "summary_load": 0.5, "pyarrow_load": 0.5, "import_load": 0.5,
       "csv_load": 0.5, "summary_cpu_s": 2.0, "pyarrow_cpu_s": 1.2, "import_cpu_s": 30.0,
       "csv_cpu_s": 1.0}


def test_budgets_met_on_a_quiet_machine():
    text = section(RUN)
    assert text.count("**met**") == 3 and "taken on a quiet machine" in text


def test_a_slow_summary_a_heavy_import_and_a_busy_machine_are_said():
    text = section({**RUN, "summary_s": 1.7, "import_rss_mb": 800.0, "summary_rss_mb": 900.0,
                    "import_load": 6.0})
    assert text.count("**MISSED**") == 3 and "**not** taken on a quiet machine" in text
