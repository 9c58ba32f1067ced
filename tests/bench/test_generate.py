"""The synthetic activity files: the project's own format, valid, realistic, reproducible."""

from __future__ import annotations

from pathlib import Path

from bench.generate import generate, write
from srrp.activities.table import COLUMNS
from srrp.dataset import check_files, load_dataset

DATA = Path("data")


def _load(path: Path):
    return load_dataset(DATA / "plan_2021.yaml", [path], DATA / "gazetteer").activities


def test_same_seed_same_rows_other_seed_other_rows():
    assert generate(300, seed=1).equals(generate(300, seed=1))
    assert not generate(300, seed=1).equals(generate(300, seed=2))


def test_header_and_hxl_row_as_in_the_bundled_file(tmp_path):
    """Every column, the optional ones the bundled file leaves out included, in its order."""
    path = write(generate(50), tmp_path / "big.csv")
    header, hxl = path.read_text(encoding="utf-8").splitlines()[:2]
    bundled = (DATA / "lao_activities.csv").read_text(encoding="utf-8").splitlines()[:2]
    tags = dict(zip(header.split(","), hxl.split(","), strict=True))
    assert header.split(",") == list(COLUMNS) and tags == COLUMNS
    assert [c for c in header.split(",") if c in bundled[0].split(",")] == bundled[0].split(",")
    assert [tags[c] for c in bundled[0].split(",")] == bundled[1].split(",")


def test_generated_file_passes_validate(tmp_path):
    path = write(generate(2_000), tmp_path / "big.csv")
    assert check_files(DATA / "plan_2021.yaml", [path], DATA / "gazetteer") == []


def test_rows_spread_like_real_reports(tmp_path):
    table = _load(write(generate(2_000), tmp_path / "big.csv"))
    assert len(table) == 2_000
    assert set(table["scope"]) == {"province", "several", "national"}
    assert {"people"} < set(table["unit"])
    assert table["targeted"].isna().any() and table["reached"].isna().any()
    assert table["sub_objective"].nunique() > 6
    assert table["admin1_pcode"].str.split(";").explode().replace("", None).dropna().nunique() \
        == 18


def test_a_projects_budget_is_the_same_on_every_row():
    table = generate(2_000)
    budgets = table[table["budget_usd"] != ""].groupby("project")["budget_usd"].nunique()
    assert (budgets == 1).all()
    assert (table["budget_usd"] == "").any()
