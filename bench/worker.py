"""One measurement in a fresh process, printed as a JSON line: ``python -m bench.worker KIND CSV``.

A fresh process per measurement keeps the peak memory of one from hiding another's. Peak memory
is the process's maximum resident set (``ru_maxrss``), interpreter and libraries included.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path

DATA = Path("data")
GROUP_BY = ["admin1_pcode", "sub_objective"]


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def srrp(path: str) -> dict:
    """Load + validate (srrp.dataset.load_dataset), then the roll-ups the dashboard makes."""
    from srrp.activities.by_area import MEASURES, by_admin1
    from srrp.activities.table import PEOPLE
    from srrp.dataset import load_dataset
    from srrp.plan.rollup import rollup

    start = time.perf_counter()
    dataset = load_dataset(DATA / "plan_2021.yaml", [Path(path)], DATA / "gazetteer")
    loaded = time.perf_counter()
    table = dataset.activities
    # as the dashboard's roll-ups do (and DuckDB, reading by column): only the columns added up
    people = table.loc[table["unit"] == PEOPLE, [*GROUP_BY, "targeted", "reached"]]
    people.groupby(GROUP_BY)[["targeted", "reached"]].sum(min_count=1)
    grouped = time.perf_counter()
    rollup(dataset.plan)
    for measure in MEASURES:
        by_admin1(table, dataset.gazetteers["LAO"], measure)
    done = time.perf_counter()
    return {"load_s": loaded - start, "groupby_s": grouped - loaded, "by_admin1_s": done - grouped,
            "rows": len(table), **latest_round(table)}


def latest_round(table) -> dict:
    """Each activity at its latest reporting round (``srrp.activities.rounds.current``, what the 4W
    figures count), beside pandas' own way to keep the last row of each key: a stable sort by
    round, then ``drop_duplicates`` on the columns that recognise an activity. The rows are
    spread over six monthly rounds, seeded."""
    import numpy as np
    import pandas as pd

    from srrp.activities.rounds import IDENTITY, ROUND, current

    months = [f"2021-{m:02d}" for m in range(1, 7)]
    codes = np.random.default_rng(6).integers(0, len(months), len(table))
    history = table.assign(**{ROUND: pd.Categorical.from_codes(codes, months)})
    start = time.perf_counter()
    kept = current(history)
    chosen = time.perf_counter()
    floor = history.sort_values(ROUND, kind="stable").drop_duplicates(
        [*IDENTITY, "implementer", "donor"], keep="last")
    done = time.perf_counter()
    return {"latest_round_s": chosen - start, "latest_round_floor_s": done - chosen,
            "latest_rows": len(kept), "latest_floor_rows": len(floor)}


def pyarrow_parse(path: str) -> dict:
    import pyarrow.csv

    start = time.perf_counter()
    table = pyarrow.csv.read_csv(path)
    return {"parse_s": time.perf_counter() - start, "rows": table.num_rows}


def duckdb_groupby(path: str) -> dict:
    """Read the file and group it (the whole job), then the group-by alone on the loaded table."""
    import duckdb

    query = ("SELECT admin1_pcode, sub_objective, sum(targeted) AS targeted, "
             "sum(reached) AS reached FROM {} WHERE unit = 'people' GROUP BY ALL")
    con = duckdb.connect()
    with open(path, encoding="utf-8") as f:  # the file's own columns: optional ones may be absent
        names = ", ".join(f"'{c}'" for c in f.readline().strip().split(","))
    start = time.perf_counter()
    # the header and the HXL row under it are skipped; the columns are named as in the header
    con.execute(f"CREATE TABLE t AS SELECT * FROM read_csv('{path}', header = false, skip = 2, "
                f"names = [{names}])")
    loaded = time.perf_counter()
    con.execute(query.format("t")).df()
    grouped = time.perf_counter()
    return {"read_s": loaded - start, "groupby_s": grouped - loaded,
            "total_s": grouped - start}


def pyarrow_process(path: str) -> dict:
    """The floor of a whole command: start Python, import pyarrow, parse the file; and the size
    of the table it makes, which a load's memory is measured against."""
    import pyarrow.csv

    return {"table_mb": pyarrow.csv.read_csv(path).nbytes / 1e6}


KINDS = {"srrp": srrp, "pyarrow": pyarrow_parse, "duckdb": duckdb_groupby,
         "pyarrow-process": pyarrow_process}


def main() -> None:
    kind, path = sys.argv[1], sys.argv[2]
    result = KINDS[kind](path)
    print(json.dumps({**result, "max_rss_mb": _peak_mb()}))


if __name__ == "__main__":
    main()
