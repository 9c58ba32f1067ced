"""The benchmark's plumbing at tiny sizes: workers, whole processes, the report. No timing is
asserted: figures depend on the machine."""

from __future__ import annotations

import pytest

from bench import imports, report
from bench.generate import generate, write
from bench.measure import python


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    return write(generate(100), tmp_path_factory.mktemp("bench") / "tiny.csv")


@pytest.mark.parametrize("kind, key", [("srrp", "load_s"), ("pyarrow", "parse_s"),
                                       ("duckdb", "groupby_s")])
def test_workers_report_their_figures(tiny, kind, key):
    if kind == "duckdb":
        pytest.importorskip("duckdb", reason="in the bench dependency group")
    run = python("-m", "bench.worker", kind, tiny)
    assert run.result[key] >= 0
    assert run.max_rss_mb > 0


def test_srrp_worker_loads_every_row(tiny):
    assert python("-m", "bench.worker", "srrp", tiny).result["rows"] == 100


def test_a_failing_command_says_so(tmp_path):
    with pytest.raises(RuntimeError, match="failed"):
        python("-m", "srrp", "validate", "--activities", tmp_path / "missing.csv")


def _results(warm: float, cli: float) -> dict:
    load = {"file_mb": 208.0, "load_s": 20.0, "groupby_s": 0.1, "by_admin1_s": 0.5,
            "srrp_rss_mb": 1200.0, "pyarrow_parse_s": 2.0, "pyarrow_rss_mb": 900.0,
            "duckdb_total_s": 3.0, "duckdb_groupby_s": 0.08, "cli_s": cli,
            "cli_rss_mb": 1100.0, "pyarrow_process_s": 3.0}
    page = {"cold_s": 1.0, "warm_s": warm}
    return {
        "when": "2026-01-01 00:00 UTC",
        "machine": {"cpu": "cpu", "cores": 2, "ram_gb": 8.0, "os": "linux", "python": "3.11",
                    "chromium": "Chromium", "packages": {"pandas": "3"}, "load_average": [1.0]},
        "loads": {"1000000": load},
        "pages": {"bundled": {"floor": {"cold_s": 0.3, "warm_s": 0.01}, "overview": page}},
        "browser": {"bundled": {"floor": {"drawn_s": 1.0, "bytes": 5000},
                                "overview": {"drawn_s": 1.2, "bytes": 20000},
                                "whatif_edit": {"edit_s": 0.4}, "edit_floor": {"edit_s": 0.3},
                                "geojson_bytes": 40000}},
    }


def _verdicts(results: dict) -> dict:
    return {row[0]: row[3] for row in report.budgets(results)}


def test_budgets_met_and_missed():
    met = _verdicts(_results(warm=0.05, cli=6.0))
    assert set(met.values()) == {"met"}
    missed = _verdicts(_results(warm=0.2, cli=9.0))
    assert missed["warm rerun of 'overview' (bundled data) ≤ 10× floor and < 150 ms"] == "MISSED"
    assert missed["`summary --json` at 1,000,000 rows ≤ 2× a bare pyarrow parse (processes)"] \
        == "MISSED"


def test_an_edit_is_judged_against_the_bare_text_area_of_the_same_run():
    results = _results(warm=0.05, cli=6.0)
    budget = "what-if edit → headline ≤ 1.5× a bare text area and metric (bundled data)"
    assert _verdicts(results)[budget] == "met"
    results["browser"]["bundled"]["whatif_edit"]["edit_s"] = 0.46
    assert _verdicts(results)[budget] == "MISSED"


def test_markdown_states_the_machine_and_every_section():
    text = report.markdown(_results(warm=0.05, cli=6.0))
    for heading in ("## Machine", "## Budgets", "## Load, validate and roll up",
                    "## Whole commands", "## Pages under AppTest", "## In Chromium"):
        assert heading in text
    assert "cpu, 2 cores" in text


def test_a_page_that_raises_is_reported_not_fatal():
    results = _results(warm=0.05, cli=6.0)
    results["pages"]["bundled"]["map"] = {"error": "boom"}
    assert "error: boom" in report.markdown(results)


def test_import_workers_report_their_figures(tmp_path):
    path = imports.workbook(tmp_path / "tiny.xlsx", rows=50)
    imported = python("-m", "bench.imports", "import", path)
    assert imported.result["rows"] == 50 and imported.result["seconds"] >= 0
    assert python("-m", "bench.imports", "openpyxl", path).result["cells"] > 50 * 15


def test_the_import_budget_is_judged_against_openpyxl_in_the_same_run():
    results = _results(warm=0.05, cli=6.0)
    results["import"] = {"rows": 12000, "file_mb": 1.0, "accepted": 12000, "import_s": 4.0,
                         "openpyxl_s": 1.0, "ratio": 4.0, "import_rss_mb": 200.0,
                         "openpyxl_rss_mb": 60.0}
    verdict = "importing a 12,000-row 3W workbook ≤ 3× openpyxl read-only reading its cells"
    assert _verdicts(results)[verdict] == "MISSED"
    assert "## Importing a 3W workbook" in report.markdown(results)


def test_an_edit_is_reported_as_its_median_with_the_fastest_and_slowest():
    from bench.browser import _median_edit

    edits = [{"edit_s": s, "settled_s": s + 0.2} for s in (0.3, 0.1, 0.5)] + [{"error": "timeout"}]
    median = _median_edit(edits)
    assert (median["edit_s"], median["settled_s"]) == (0.3, 0.5)
    assert (median["edits"], median["edit_min_s"], median["edit_max_s"]) == (3, 0.1, 0.5)
    assert "median of 3 edits, 100 ms–500 ms" in report._spread(median)
    assert _median_edit([{"error": "timeout"}]) == {"error": "timeout"}


def test_chromium_is_timed_from_the_clicks_request_to_the_first_run_finished_after_it():
    from bench.scaling import _first_run

    # the click's request at 100 ms; finishes: one from before it, its own at 180 ms, and that
    # of a second request (the page reporting its size) at 260 ms
    assert _first_run(0.100, [0.090, 0.180, 0.260]) == pytest.approx(0.080)


def test_the_latest_round_is_reported_beside_its_floor(tiny):
    figures = python("-m", "bench.worker", "srrp", tiny).result
    assert 0 < figures["latest_rows"] <= 100
    results = _results(warm=0.05, cli=6.0)
    results["loads"]["1000000"] |= {key: figures[key] for key in
                                    ("latest_round_s", "latest_round_floor_s")}
    table = report.latest_round_table(results)
    assert "floor: pandas stable sort + drop_duplicates" in table.splitlines()[0]
    assert table.splitlines()[-1].startswith("| 1,000,000 |")
    assert table in report.markdown(results) and table in report.terminal(results)


def test_a_large_presence_import_is_judged_against_calamine_in_the_same_run(tmp_path):
    found = imports.large_section(tmp_path, rows=60, repeat=1)
    assert (found["rows"], found["accepted"], found["rejected"]) == (60, 60, 0)
    results = _results(warm=0.05, cli=6.0) | {"import_large": found}
    assert "## Importing a large workbook" in report.markdown(results)
    verdict = "importing a 60-row presence workbook ≤ 3× python-calamine reading its cells"
    results["import_large"] |= {"import_s": 4.0, "calamine_s": 1.0, "ratio": 4.0}
    assert _verdicts(results)[verdict] == "MISSED"
