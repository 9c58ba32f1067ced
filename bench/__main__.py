"""``python -m bench``: measure the dashboard beside floors measured in the same run, print the
tables and write docs/benchmarks.md.

    python -m bench                 # 1k-1M rows load; pages and browser on the bundled data
    python -m bench --full          # also pages (AppTest) and browser on 1M rows
    python -m bench --sizes 1000 --no-browser --out /tmp/b.md   # a quick check

Synthetic files are generated once per size (seeded) and kept in the cache folder.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from bench import generate, imports, machine, report
from bench.measure import ROOT, best, python, repeats

SIZES = [1_000, 10_000, 100_000, 1_000_000]
CACHE = Path(tempfile.gettempdir()) / "srrp-bench"


def log(message: str) -> None:
    print(f"[{datetime.now():%H:%M:%S}] {message}", file=sys.stderr, flush=True)


def load_section(path: Path, rows: int) -> dict:
    """Load + validate + roll-ups and the latest round in srrp, beside pyarrow's parse, DuckDB's
    group-by and pandas' sort and drop_duplicates."""
    n = repeats(rows)
    srrp = [python("-m", "bench.worker", "srrp", path) for _ in range(n)]
    arrow = [python("-m", "bench.worker", "pyarrow", path) for _ in range(n)]
    duck = [python("-m", "bench.worker", "duckdb", path) for _ in range(n)]
    cli = [python("-m", "srrp", "summary", "--activities", path, "--json") for _ in range(n)]
    arrow_process = [python("-m", "bench.worker", "pyarrow-process", path) for _ in range(n)]
    fastest = best(srrp)
    return {
        "file_mb": path.stat().st_size / 1e6,
        "load_s": min(r.result["load_s"] for r in srrp),
        "groupby_s": min(r.result["groupby_s"] for r in srrp),
        "by_admin1_s": min(r.result["by_admin1_s"] for r in srrp),
        "latest_round_s": min(r.result["latest_round_s"] for r in srrp),
        "latest_round_floor_s": min(r.result["latest_round_floor_s"] for r in srrp),
        "srrp_rss_mb": fastest.max_rss_mb,
        "pyarrow_parse_s": min(r.result["parse_s"] for r in arrow),
        "pyarrow_rss_mb": best(arrow).max_rss_mb,
        "duckdb_total_s": min(r.result["total_s"] for r in duck),
        "duckdb_groupby_s": min(r.result["groupby_s"] for r in duck),
        "cli_s": best(cli).seconds,
        "cli_rss_mb": best(cli).max_rss_mb,
        "pyarrow_process_s": best(arrow_process).seconds,
    }


def data_copy(big: Path | None, name: str) -> Path:
    """A copy of data/ for the app; with ``big`` as its Lao activity file."""
    folder = CACHE / f"data-{name}"
    if folder.exists():
        shutil.rmtree(folder)
    shutil.copytree(ROOT / "data", folder, ignore=shutil.ignore_patterns("scenarios"))
    (folder / "scenarios").mkdir()
    if big is not None:
        shutil.copyfile(big, folder / "lao_activities.csv")
    return folder


def profile_section(path: Path) -> str:
    return python("-m", "bench.profile", path).result.get("text", "")


def _save(results: dict) -> None:
    """What is measured so far, so that an interrupted run can still be written up."""
    (CACHE / "partial.json").write_text(json.dumps(results))


def run(args) -> dict:
    results = {"when": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
               "machine": machine.describe(), "loads": {}, "pages": {}, "browser": {}}
    files = {}
    for rows in args.sizes:
        log(f"generating {rows:,} rows (cached in {CACHE})")
        files[rows] = generate.cached(rows, CACHE)
    for rows, path in files.items():
        log(f"load, validate, roll up: {rows:,} rows")
        results["loads"][rows] = load_section(path, rows)
        _save(results)
    log(f"importing a {imports.ROWS:,}-row 3W workbook, beside openpyxl reading its cells")
    results["import"] = imports.section(CACHE)
    _save(results)
    log(f"importing a {imports.PRESENCE_ROWS:,}-row presence workbook, beside calamine and "
        "openpyxl reading its cells")
    results["import_large"] = imports.large_section(CACHE)
    _save(results)
    largest = max(files)
    log(f"profile of the load at {largest:,} rows")
    results["profile"] = {"rows": largest, "text": profile_section(files[largest])}
    targets = {"bundled": data_copy(None, "bundled")}
    if args.full and largest >= 1_000_000:
        targets[f"{largest}"] = data_copy(files[largest], f"{largest}")
    for name, folder in targets.items():
        log(f"pages under AppTest: {name} data")
        results["pages"][name] = python("-m", "bench.pages", folder, "--repeat",
                                        "2" if name == "bundled" else "1").result
        _save(results)
        if args.browser:
            log(f"pages in Chromium: {name} data")
            results["browser"][name] = python("-m", "bench.browser", folder, "--repeat",
                                              "2").result
            _save(results)
    if args.browser and not args.full and largest >= 1_000_000:
        log(f"what-if edit in Chromium: {largest:,} rows")  # issue 13's budget at 1M rows
        results["browser"][f"{largest}"] = python(
            "-m", "bench.browser", data_copy(files[largest], f"{largest}"), "--repeat", "2",
            "--edit-only").result
        _save(results)
    return results


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=lambda s: [int(x) for x in s.split(",")],
                        default=SIZES, help="rows of the synthetic files, comma-separated")
    parser.add_argument("--full", action="store_true",
                        help="also measure the pages and the browser on the largest file")
    parser.add_argument("--no-browser", dest="browser", action="store_false")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "benchmarks.md")
    parser.add_argument("--from-json", type=Path, metavar="FILE",
                        help="write the report from saved results (e.g. an interrupted run's "
                        f"{CACHE / 'partial.json'}) instead of measuring")
    args = parser.parse_args(argv)
    CACHE.mkdir(parents=True, exist_ok=True)
    results = json.loads(args.from_json.read_text()) if args.from_json else run(args)
    # a run without --full keeps the 1M page figures of the last run that had them
    results = report.carry_over(results, CACHE / "last-full.json")
    if args.full and not args.from_json:
        (CACHE / "last-full.json").write_text(json.dumps(results))
    (CACHE / "last.json").write_text(json.dumps(results))
    text = report.carried_over(args.out, report.markdown(results))  # `make bench-load`'s
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(report.terminal(results))
    log(f"written {args.out}")


if __name__ == "__main__":
    main()
