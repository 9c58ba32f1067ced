"""Shared fixtures: the bundled plan and gazetteers, and the plan page the plan was copied from."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from hypothesis import settings

from srrp.places.gazetteer import Gazetteer, load_gazetteers
from srrp.plan.tree import Plan, load_plan

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
SOURCE_DOCUMENTS = ROOT.parent / "shared" / "seeds"  # kept beside the repository, not in it

# Timings belong in benchmarks, never in pass/fail tests: a busy machine must not fail a property.
settings.register_profile("house", deadline=None)
settings.load_profile("house")


@pytest.fixture(scope="session")
def baseline() -> Plan:
    """The bundled plan, loaded once; plans are frozen, so no test can spoil it for another."""
    return load_plan(DATA / "plan_2021.yaml")


@pytest.fixture(scope="session")
def gazetteers() -> dict[str, Gazetteer]:
    return load_gazetteers(DATA / "gazetteer")


@pytest.fixture(scope="session")
def plan_page(baseline) -> str:
    """The text of the plan page that the bundled plan cites as its source; skips without it."""
    document = baseline.find_source(baseline.source).document
    path = SOURCE_DOCUMENTS / document
    if not path.is_file():
        pytest.skip(f"the source document {document} is not available here")
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def plan_page_figures(plan_page) -> tuple[int, list[int], list[list[int]]]:
    """The page's plan total, each objective's amount, and each objective's sub-objective amounts.

    The plan and each objective print "$amount" above "Funding required"; sub-objectives print
    "Funding required" above "$amount".
    """
    def amounts(pattern: str) -> list[tuple[int, int]]:
        return [(m.start(), int(m[1].replace(",", "")))
                for m in re.finditer(pattern, plan_page, re.M)]

    (_, total), *objectives = amounts(r"^\$([\d,]+)\nFunding required$")
    below = amounts(r"^Funding required\n\$([\d,]+)$")
    starts = [pos for pos, _ in objectives] + [len(plan_page)]
    subs = [[amount for pos, amount in below if start < pos < end]
            for start, end in zip(starts, starts[1:], strict=False)]
    return total, [amount for _, amount in objectives], subs


@pytest.fixture
def bare_data(tmp_path) -> Path:
    """A data folder with the bundled plan and gazetteers and no activity file yet."""
    folder = tmp_path / "data"
    folder.mkdir()
    shutil.copy(DATA / "plan_2021.yaml", folder)
    shutil.copytree(DATA / "gazetteer", folder / "gazetteer")
    return folder
