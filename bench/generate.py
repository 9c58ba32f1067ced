"""Synthetic activity files in the project's own format, for measuring at scale.

``python -m bench.generate ROWS OUT.csv [--seed N]`` writes ROWS activity rows for Lao PDR with
the header and HXL row of ``data/lao_activities.csv``, spread the way real reports are: most rows
name one province, some name several together (``LA16;LA13``), some are national (no province);
most indicators count people, some count other units; cells a source does not report are empty;
a project's budget is repeated on each of its rows (or left empty on all of them). The same rows
and seed always give the same file, and the file passes ``python -m srrp validate``.
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

import numpy as np
import pandas as pd

from srrp.activities.table import COLUMNS
from srrp.places.gazetteer import load_gazetteers
from srrp.plan.tree import load_plan

DATA = Path("data")
COUNTRY = "LAO"
# (indicator, unit): people are what the dashboard sums; the other units are listed only
INDICATORS = [
    ("returnee migrants assisted directly", "people"),
    ("people reached with risk communication", "people"),
    ("health workers trained on infection prevention and control", "people"),
    ("people vaccinated against COVID-19", "people"),
    ("quarantine centre residents given hygiene kits", "people"),
    ("migrants screened at points of entry", "people"),
    ("hygiene kits distributed", "kits"),
    ("quarantine centres supported", "facilities"),
    ("community orientation sessions held", "sessions"),
    ("hand-washing stations installed", "stations"),
]
DONORS = ["United States Bureau of Population, Refugees and Migration (BPRM)",
          "Government of Japan", "European Union (ECHO)", "Australian Government (DFAT)",
          "Korea International Cooperation Agency (KOICA)", "UN COVID-19 MPTF", ""]
LOCATIONS = ["", "", "", "points of entry", "quarantine centres", "provincial hospital",
             "border villages"]
NOTES = ["", "", "", "", "as reported by the implementing partner",
         'target ("will directly benefit"); not divided among provinces',
         "figure rounded by the source, which says \"over\" this number"]
SEVERAL_COMBOS = 60  # distinct multi-province groups, as partners report the same groups
SHARES = {"single": 0.72, "several": 0.13, "national": 0.15}


def generate(rows: int, seed: int = 2021, data_dir: Path = DATA) -> pd.DataFrame:
    """``rows`` synthetic activities as text cells, in file column order."""
    rng = np.random.default_rng(seed)
    plan = load_plan(data_dir / "plan_2021.yaml")
    gazetteer = load_gazetteers(data_dir / "gazetteer")[COUNTRY]
    sub_objectives = [s.id for s in plan.sub_objectives()]
    sources = [s.id for s in plan.sources if s.id.startswith(COUNTRY.lower())] or \
        [plan.sources[0].id]
    projects = _projects(rng, max(3, rows // 40), sub_objectives, sources)
    p = rng.integers(0, len(projects), rows)
    names, pcodes = _places(rng, rows, gazetteer)
    indicator = rng.integers(0, len(INDICATORS), rows)
    targeted, reached = _figures(rng, rows)
    table = pd.DataFrame({
        "country_iso3": COUNTRY,
        "project": projects["project"].to_numpy()[p],
        "donor": projects["donor"].to_numpy()[p],
        "implementer": "",
        "sector": "",
        "start": projects["start"].to_numpy()[p],
        "end": projects["end"].to_numpy()[p],
        "sub_objective": projects["sub_objective"].to_numpy()[p],
        "admin1_name": names,
        "admin1_pcode": pcodes,
        "admin2_name": "",
        "admin2_pcode": "",
        "location": np.array(LOCATIONS, dtype=object)[rng.integers(0, len(LOCATIONS), rows)],
        "indicator": np.array([i for i, _ in INDICATORS], dtype=object)[indicator],
        "unit": np.array([u for _, u in INDICATORS], dtype=object)[indicator],
        "targeted": targeted,
        "reached": reached,
        "women_pct": _shares(rng, rows, 0.4),
        "under18_pct": _shares(rng, rows, 0.25),
        "budget_usd": projects["budget_usd"].to_numpy()[p],
        "source": projects["source"].to_numpy()[p],
        "note": np.array(NOTES, dtype=object)[rng.integers(0, len(NOTES), rows)],
    })
    return table[list(COLUMNS)]


def _projects(rng, n: int, sub_objectives: list[str], sources: list[str]) -> pd.DataFrame:
    month = rng.integers(1, 13, n)
    length = rng.integers(0, 12, n)
    start = np.where(rng.random(n) < 0.5, "2021", [f"2021-{m:02d}" for m in month])
    end_month = np.minimum(month + length, 12)
    end = np.where(rng.random(n) < 0.2, "", [f"2021-{m:02d}" for m in end_month])
    budget = (rng.integers(20, 5000, n) * 1000).astype(str)
    return pd.DataFrame({
        "project": [f"Synthetic project {i:06d}" for i in range(n)],
        "donor": np.array(DONORS, dtype=object)[rng.integers(0, len(DONORS), n)],
        "start": start,
        "end": np.where(start == "2021", np.where(end == "", "", "2021-12"), end),
        "sub_objective": np.array(sub_objectives, dtype=object)[
            rng.integers(0, len(sub_objectives), n)],
        "budget_usd": np.where(rng.random(n) < 0.3, "", budget),
        "source": np.array(sources, dtype=object)[rng.integers(0, len(sources), n)],
    })


def _places(rng, rows: int, gazetteer) -> tuple[np.ndarray, np.ndarray]:
    """admin1_name and admin1_pcode: one province, several together, or national (empty)."""
    areas = gazetteer.areas
    # a name as the source wrote it: mostly the official one, sometimes another spelling
    spelled = [a.alt_names[0] if a.alt_names else a.name for a in areas]
    combos = []
    for _ in range(SEVERAL_COMBOS):
        picked = rng.choice(len(areas), rng.integers(2, 5), replace=False)
        combos.append((";".join(areas[i].name for i in picked),
                       ";".join(areas[i].pcode for i in picked)))
    single_names = np.array([a.name for a in areas] + spelled, dtype=object)
    single_codes = np.array([a.pcode for a in areas] * 2, dtype=object)
    kind = rng.choice(list(SHARES), rows, p=list(SHARES.values()))
    one = rng.integers(0, len(single_names), rows)
    many = rng.integers(0, len(combos), rows)
    names = np.where(kind == "single", single_names[one],
                     np.where(kind == "several", np.array([c[0] for c in combos],
                                                          dtype=object)[many], ""))
    codes = np.where(kind == "single", single_codes[one],
                     np.where(kind == "several", np.array([c[1] for c in combos],
                                                          dtype=object)[many], ""))
    # some sources give the name only; the loader fills in the P-code
    codes = np.where((kind == "single") & (rng.random(rows) < 0.1), "", codes)
    return names, codes


def _figures(rng, rows: int) -> tuple[np.ndarray, np.ndarray]:
    targeted = rng.lognormal(6, 1.5, rows).astype(np.int64) + 1
    reached = (targeted * rng.uniform(0, 1.3, rows)).astype(np.int64)
    return (np.where(rng.random(rows) < 0.2, "", targeted.astype(str)),
            np.where(rng.random(rows) < 0.35, "", reached.astype(str)))


def _shares(rng, rows: int, reported: float) -> np.ndarray:
    values = np.round(rng.uniform(0, 100, rows), 1).astype(str)
    return np.where(rng.random(rows) < reported, values, "")


def write(table: pd.DataFrame, path: Path) -> Path:
    """The file as a data maintainer would save it: header, HXL row, then the rows."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(COLUMNS)
        writer.writerow(COLUMNS.values())
        table.to_csv(f, header=False, index=False, lineterminator="\n")
    return path


def cached(rows: int, folder: Path, seed: int = 2021) -> Path:
    """The file of ``rows`` rows in ``folder``, generated once per size and seed."""
    path = folder / f"activities_{rows}_{seed}.csv"
    if not path.exists():
        partial = path.with_suffix(".part")
        write(generate(rows, seed), partial)
        partial.replace(path)
    return path


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.generate", description=__doc__)
    parser.add_argument("rows", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=2021)
    args = parser.parse_args(argv)
    write(generate(args.rows, args.seed), args.out)


if __name__ == "__main__":
    main()
