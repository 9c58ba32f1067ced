"""README stays true: every page, key, column and command it should name, it names."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from srrp import plan as plan_module
from srrp.activities import COLUMNS
from srrp.scenario import CHANGE_KEYS

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def page_titles() -> list[str]:
    tree = ast.parse((ROOT / "app.py").read_text(encoding="utf-8"))
    return [kw.value.value for node in ast.walk(tree) if isinstance(node, ast.Call)
            for kw in node.keywords if kw.arg == "title" and isinstance(kw.value, ast.Constant)
            and getattr(node.func, "attr", "") == "Page"]


def plan_keys() -> set[str]:
    tables = [plan_module.PLAN_KEYS, plan_module.HEADER_KEYS, plan_module.SOURCE_KEYS,
              plan_module.OBJECTIVE_KEYS, plan_module.SUB_OBJECTIVE_KEYS,
              plan_module.CONTRIBUTION_KEYS]
    return {key for table in tables for key in table}


def test_app_has_pages():
    assert len(page_titles()) == 10


@pytest.mark.parametrize("title", page_titles())
def test_every_page_is_described(title):
    assert f"| {title} |" in README


@pytest.mark.parametrize("key", sorted(plan_keys()))
def test_every_plan_key_is_documented(key):
    assert re.search(rf"\b{key}\b", README), key


@pytest.mark.parametrize("column", list(COLUMNS))
def test_every_activity_column_is_documented(column):
    assert column in README


@pytest.mark.parametrize("change", list(CHANGE_KEYS))
def test_every_scenario_change_is_documented(change):
    assert f"{change}:" in README


@pytest.mark.parametrize("variable", ["SRRP_DATA_DIR", "SRRP_READ_ONLY", "SRRP_EDITORS"])
def test_every_setting_read_from_the_environment_is_documented(variable):
    assert variable in README
    used = [p for p in (ROOT / "components").glob("*.py") if variable in p.read_text()]
    assert used, f"{variable} is documented but nothing reads it"


@pytest.mark.parametrize("command", ["make run", "make serve", "make test", "make bench",
                                     "make bench-load"])
def test_readme_commands_exist(command):
    assert command in README
    target = command.split()[1]
    assert re.search(rf"^{target}:", (ROOT / "Makefile").read_text(), re.M)


def test_ci_runs_the_readme_test_command():
    assert "make test" in (ROOT / ".ci" / "run").read_text()


# --- the registry of problem codes ------------------------------------------------------------

ERRORS = (ROOT / "docs" / "errors.md").read_text(encoding="utf-8")
CODE = re.compile(r"[a-z]+(-[a-z0-9]+)*")
KEBAB = re.compile(r"[a-z]+(-[a-z0-9]+)+")
# kebab-case words in srrp/ that are not problem codes
NOT_CODES = {"sub-objective", "utf-8", "utf-8-sig", "latin-1", "utf-16", "utf-16-le", "utf-16-be",
             # IATI's element and attribute names, read from its XML
             "iati-activities", "iati-activity", "iati-identifier", "activity-date", "iso-date",
             "participating-org", "reporting-org", "recipient-country", "transaction-type",
             "period-start", "period-end", "default-currency"}


def raised_codes() -> set[str]:
    """Every code a problem can carry: the first text given to ``Problem(...)`` anywhere, and
    every kebab-case word in srrp/ (the domain hands codes through helpers of its own)."""
    codes = set()
    for path in [*ROOT.glob("srrp/*.py"), *ROOT.glob("components/*.py"),
                 *ROOT.glob("visuals/*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) \
                    and path.parent.name == "srrp" and KEBAB.fullmatch(node.value):
                codes.add(node.value)
            elif isinstance(node, ast.Call) and getattr(node.func, "id", "") == "Problem" \
                    and node.args and isinstance(node.args[0], ast.Constant):
                codes.add(node.args[0].value)
    return codes - NOT_CODES


def documented_codes() -> set[str]:
    return set(re.findall(r"^\| `([a-z0-9-]+)` \|", ERRORS, re.M))


def test_the_scan_finds_the_codes_of_every_kind_of_file():
    assert {"sum-mismatch", "unknown-province", "yaml-syntax", "unreadable", "encoding",
            "unknown-contribution", "too-deep"} <= raised_codes()


@pytest.mark.parametrize("code", sorted(raised_codes()))
def test_every_problem_code_raised_is_documented(code):
    assert code in documented_codes(), f"add a row for '{code}' to docs/errors.md"


def test_every_documented_code_is_raised_and_the_table_is_sorted():
    documented = re.findall(r"^\| `([a-z0-9-]+)` \|", ERRORS, re.M)
    assert documented == sorted(documented)
    assert set(documented) <= raised_codes()
    assert all(CODE.fullmatch(c) for c in documented)
