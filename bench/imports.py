"""Importing a 3W workbook beside openpyxl's read-only mode reading its cells: each in a fresh
process, ``python -m bench.imports KIND XLSX``, printing a JSON line.

The workbook (``workbook``) is shaped like the Nigeria 3W: a title row, the header and an HXL
row, then rows with ISO3 P-codes to convert, numbers written with separators, error cells,
and dates as serials and day/month text. The import reads, maps, places and checks every row
(``srrp.intake.rows.read_import``); the floor only iterates over the cell values.
"""

from __future__ import annotations

import csv
import io
import json
import os
import random
import resource
import sys
import time
from pathlib import Path

ROWS = 12_000
CSV_BYTES = 50_000_000  # the largest file the Import page takes
DATA = Path("data")
HEADER = ["Organization", "Donor", "Project Sector", "Activities", "States", "State Pcode",
          "LGA", "LGA PCode", "People targeted", "People reached", "Women reached", "Start",
          "End", "Budget (USD)", "Comments"]
HXL = ["#org+name", "#org+funder", "#sector+cluster", "#activity+name", "#adm1+name",
       "#adm1+code", "#adm2+name", "#adm2+code", "#targeted", "#reached", "#reached+f",
       "#date+start", "#date+end", "#value+usd", "#meta+note"]


def workbook(path: Path, rows: int = ROWS, seed: int = 10) -> Path:
    """A seeded 3W workbook of ``rows`` rows, written once."""
    from openpyxl import Workbook

    if path.exists():
        return path
    book = Workbook(write_only=True)
    sheet = book.create_sheet("3W")
    for row in (["Nigeria 3W (benchmark)"], [], HEADER, HXL, *_rows(rows, seed)):
        sheet.append(row)
    book.save(path)
    return path


def csv_file(path: Path, size: int = CSV_BYTES, seed: int = 10) -> Path:
    """The same rows as CSV, as many as make ``size`` bytes, written once."""
    if path.exists():
        return path
    partial = path.with_suffix(".part")
    with open(partial, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerows([HEADER, HXL])
        for row in _rows(10**9, seed):
            writer.writerow(row)
            if f.tell() >= size:
                break
    partial.replace(path)
    return path


def _rows(rows: int, seed: int):
    """Rows shaped like the Nigeria 3W's, seeded."""
    rng = random.Random(seed)
    with open(DATA / "gazetteer" / "NGA_admin2.csv", encoding="utf-8") as f:
        lgas = list(csv.DictReader(f))
    with open(DATA / "gazetteer" / "NGA.csv", encoding="utf-8") as f:
        states = {r["admin1_pcode"]: r["admin1_name"] for r in csv.DictReader(f)}
    for i in range(rows):
        lga = rng.choice(lgas)
        reached = rng.randrange(10, 50_000)
        yield [
            f"Organisation {i % 150}", rng.choice(["ECHO", "USAID", "CERF", None]),
            rng.choice(["Health", "WASH", "Protection", "Food Security"]), f"Activity {i % 400}",
            states[lga["admin1_pcode"]], "NGA" + lga["admin1_pcode"][2:], lga["admin2_name"],
            lga["admin2_pcode"], f"{reached * 2:,}", rng.choice([reached, f"{reached:,}".replace(
                ",", " "), "#VALUE!"]), reached // 2, rng.choice([44378 + i % 150,
                                                               f"{1 + i % 28}/03/2021"]),
            "2021-12-31", None, rng.choice(["", "checked", "to follow up"])]


PRESENCE_ROWS = 275_000  # the largest operational-presence file seen on HDX
WIDE_ROWS, WIDE_COLUMNS = 200_000, 30


def presence_workbook(path: Path, rows: int = PRESENCE_ROWS, seed: int = 11) -> Path:
    """A seeded operational-presence workbook shaped like the Somalia 3W: cluster,
    organisation, organisation type, region and district, under a header and an HXL row."""
    from openpyxl import Workbook

    if path.exists():
        return path
    rng = random.Random(seed)
    with open(DATA / "gazetteer" / "SOM_admin2.csv", encoding="utf-8") as f:
        districts = list(csv.DictReader(f))
    with open(DATA / "gazetteer" / "SOM.csv", encoding="utf-8") as f:
        regions = {r["admin1_pcode"]: r["admin1_name"] for r in csv.DictReader(f)}
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Data")
    sheet.append(["Cluster", "Organization", "Org Type", "Region", "District"])
    sheet.append(["#sector+cluster+name", "#org+name", "#org+type", "#adm1+name", "#adm2+name"])
    clusters = ["CCCM", "Education", "Food Security", "Health", "Nutrition", "Protection",
                "Shelter", "WASH"]
    for i in range(rows):
        district = rng.choice(districts)
        sheet.append([rng.choice(clusters), f"Organisation {i % 900}",
                      rng.choice(["INGO", "NNGO", "UN", "Gov"]),
                      regions[district["admin1_pcode"]], district["admin2_name"]])
    book.save(path)
    return path


def wide_workbook(path: Path, rows: int = WIDE_ROWS, columns: int = WIDE_COLUMNS,
                  seed: int = 12) -> Path:
    """A seeded workbook of ``rows`` rows × ``columns`` columns: the Nigeria 3W's columns,
    then columns no field maps (text and numbers), as wide 4W/5W files have."""
    from openpyxl import Workbook

    if path.exists():
        return path
    rng = random.Random(seed)
    with open(DATA / "gazetteer" / "NGA_admin2.csv", encoding="utf-8") as f:
        lgas = list(csv.DictReader(f))
    extra = columns - 10
    book = Workbook(write_only=True)
    sheet = book.create_sheet("3W")
    sheet.append([*HEADER[:10], *(f"Detail {j}" for j in range(extra))])
    sheet.append([*HXL[:10], *("" for _ in range(extra))])
    for i in range(rows):
        lga = rng.choice(lgas)
        reached = rng.randrange(10, 50_000)
        sheet.append([f"Organisation {i % 150}", "ECHO", "Health", f"Activity {i % 400}",
                      "", lga["admin1_pcode"], lga["admin2_name"], lga["admin2_pcode"],
                      reached * 2, reached,
                      *(f"note {rng.randrange(1000)}" if j % 2 else rng.randrange(10_000)
                        for j in range(extra))])
    book.save(path)
    return path


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def import_workbook(path: str) -> dict:
    from srrp.intake.rows import read_import
    from srrp.places.gazetteer import load_gazetteers
    from srrp.plan.tree import load_plan

    plan, gazetteers = load_plan(DATA / "plan_2021.yaml"), load_gazetteers(DATA / "gazetteer")
    raw = Path(path).read_bytes()
    start, cpu = time.perf_counter(), time.process_time()
    intake = read_import(raw, Path(path).name, gazetteers, plan=plan)
    return {"seconds": time.perf_counter() - start, "cpu_seconds": time.process_time() - cpu,
            "rows": intake.rows, "accepted": len(intake.accepted),
            "rejected": len(intake.rejected)}


def openpyxl_cells(path: str) -> dict:
    from openpyxl import load_workbook

    raw = Path(path).read_bytes()
    start = time.perf_counter()
    book = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    cells = sum(1 for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)
                for _ in row)
    return {"seconds": time.perf_counter() - start, "cells": cells}


def csv_rows(path: str) -> dict:
    """The floor of a CSV import: Python's csv module holding every row of the file."""
    with open(path, encoding="utf-8", newline="") as f:
        return {"rows": len(list(csv.reader(f)))}


def calamine_cells(path: str) -> dict:
    from python_calamine import CalamineWorkbook

    raw = Path(path).read_bytes()
    start, cpu = time.perf_counter(), time.process_time()
    book = CalamineWorkbook.from_filelike(io.BytesIO(raw))
    cells = sum(len(row) for name in book.sheet_names
                for row in book.get_sheet_by_name(name).iter_rows())
    return {"seconds": time.perf_counter() - start, "cpu_seconds": time.process_time() - cpu,
            "cells": cells}


KINDS = {"import": import_workbook, "openpyxl": openpyxl_cells, "csv-rows": csv_rows,
         "calamine": calamine_cells}


def large_section(folder: Path, rows: int = PRESENCE_ROWS, repeat: int = 2,
                  wide: bool = False) -> dict:
    """A presence workbook of ``rows`` rows imported beside both floors: calamine (the fastest
    reader) and openpyxl read-only (once: it takes seconds). The import and calamine run
    alternately, best of ``repeat``, so that both meet the same load; CPU time beside wall
    time, which a shared machine stretches. With ``wide``, also the peak memory of importing
    a 200,000 × 30 workbook (minutes: by hand only)."""
    from bench.measure import best, python

    presence = presence_workbook(folder / f"som_presence_{rows}.xlsx", rows)
    load = os.getloadavg()[0]
    runs: dict[str, list] = {"import": [], "calamine": []}
    for _ in range(repeat):
        for kind in runs:
            runs[kind].append(python("-m", "bench.imports", kind, presence))
    openpyxl = python("-m", "bench.imports", "openpyxl", presence)
    fastest = {kind: min(r.result["seconds"] for r in found) for kind, found in runs.items()}
    cpu = {kind: min(r.result["cpu_seconds"] for r in found) for kind, found in runs.items()}
    imported = runs["import"][0].result
    found = {"rows": rows, "file_mb": presence.stat().st_size / 1e6,
             "accepted": imported["accepted"], "rejected": imported["rejected"],
             "import_s": fastest["import"], "calamine_s": fastest["calamine"],
             "openpyxl_s": openpyxl.result["seconds"],
             "ratio": fastest["import"] / fastest["calamine"],
             "import_cpu_s": cpu["import"], "calamine_cpu_s": cpu["calamine"],
             "cpu_ratio": cpu["import"] / cpu["calamine"],
             "import_rss_mb": best(runs["import"]).max_rss_mb, "load_average": round(load, 1)}
    if wide:
        path = wide_workbook(folder / f"nga_wide_{WIDE_ROWS}x{WIDE_COLUMNS}.xlsx")
        run = best([python("-m", "bench.imports", "import", path) for _ in range(repeat)])
        found |= {"wide_rows": WIDE_ROWS, "wide_columns": WIDE_COLUMNS,
                  "wide_file_mb": path.stat().st_size / 1e6, "wide_s": run.result["seconds"],
                  "wide_rss_mb": run.max_rss_mb}
    return found


def section(folder: Path, repeat: int = 3) -> dict:
    """The import and its floor, best of ``repeat`` runs each, with their peak memory."""
    from bench.measure import best, python

    path = workbook(folder / f"nga_3w_{ROWS}.xlsx")
    runs = {kind: [python("-m", "bench.imports", kind, path) for _ in range(repeat)]
            for kind in KINDS}
    fastest = {kind: min(r.result["seconds"] for r in found) for kind, found in runs.items()}
    return {"rows": ROWS, "file_mb": path.stat().st_size / 1e6,
            "accepted": runs["import"][0].result["accepted"],
            "import_s": fastest["import"], "openpyxl_s": fastest["openpyxl"],
            "ratio": fastest["import"] / fastest["openpyxl"],
            "import_rss_mb": best(runs["import"]).max_rss_mb,
            "openpyxl_rss_mb": best(runs["openpyxl"]).max_rss_mb}


def by_hand_section(found: dict) -> str:
    """docs/benchmarks.md's section of ``python -m bench.imports large FOLDER``."""
    from datetime import UTC, datetime

    from bench import report

    return "\n\n".join([
        report.LARGE_BY_HAND_HEADING,
        f"Written by `python -m bench.imports large FOLDER` on "
        f"{datetime.now(UTC):%Y-%m-%d %H:%M UTC}, load average {found['load_average']:.1f} "
        "(two cores, shared) when it started: the presence workbook as in the section above, "
        f"and a seeded {found['wide_rows']:,} × {found['wide_columns']} workbook "
        f"({found['wide_file_mb']:.1f} MB: the Nigeria 3W's columns, then columns no field "
        "maps) imported for its peak memory. A sheet of over 3 million cells is streamed by "
        "openpyxl: as one calamine grid it would take more memory than openpyxl's rows.",
        report.large_import_table({"import_large": found}),
        report._table(["workbook", "import", "import RSS"],
                      [[f"{found['wide_rows']:,} × {found['wide_columns']}",
                        report._s(found["wide_s"]), report._mb(found["wide_rss_mb"])]])])


def main() -> None:
    kind, path = sys.argv[1], sys.argv[2]
    if kind == "large":  # python -m bench.imports large FOLDER: by hand, with the wide file
        from bench import report
        from bench.measure import ROOT

        found = large_section(Path(path), wide=True)
        out = ROOT / "docs" / "benchmarks.md"
        out.write_text(report.with_section(out.read_text(encoding="utf-8"),
                                           by_hand_section(found),
                                           report.LARGE_BY_HAND_HEADING), encoding="utf-8")
        print(json.dumps(found, indent=2))
        return
    print(json.dumps({**KINDS[kind](path), "max_rss_mb": _peak_mb()}))


if __name__ == "__main__":
    main()
