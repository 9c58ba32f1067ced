"""README stays true: every page, key, column and command it should name, it names."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from scripts.errors_doc import errors_doc
from srrp.activities.table import COLUMNS
from srrp.plan import tree as plan_module
from srrp.problem_codes import CODES
from srrp.problems import Problem
from srrp.scenarios.scenario import CHANGE_KEYS

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def page_titles() -> list[str]:
    """The titles of the pages in the app's menu (a hidden page only passes visitors on)."""
    tree = ast.parse((ROOT / "app.py").read_text(encoding="utf-8"))
    pages = [{kw.arg: kw.value.value for kw in node.keywords if isinstance(kw.value, ast.Constant)}
             for node in ast.walk(tree)
             if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "Page"]
    return [page["title"] for page in pages
            if "title" in page and page.get("visibility") != "hidden"]


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


# --- the catalogue of problem codes ------------------------------------------------------------

ERRORS = (ROOT / "docs" / "errors.md").read_text(encoding="utf-8")
CODE = re.compile(r"[a-z]+(-[a-z0-9]+)*")
PRODUCT = [p for folder in ("srrp", "visuals", "components") for p in (ROOT / folder).rglob("*.py")
           if p.name != "problem_codes.py"]


def test_errors_doc_is_generated_from_the_catalogue():
    assert ERRORS == errors_doc(), "run: python scripts/errors_doc.py"


def test_the_catalogue_holds_the_codes_of_every_kind_of_file():
    assert {"sum-mismatch", "unknown-province", "yaml-syntax", "unreadable", "encoding",
            "unknown-contribution", "too-deep"} <= set(CODES)


def test_a_problem_is_built_only_from_a_code_of_the_catalogue():
    with pytest.raises(ValueError, match="add it to srrp/problem_codes.py"):
        Problem("sum-mismach", "a typo of a code", "plan_2021.yaml", 3)


def test_a_problem_takes_its_codes_severity_unless_an_import_warns():
    assert Problem("sum-mismatch", "", "plan_2021.yaml").severity == "error"
    assert Problem("not-reported", "", "3w.csv", 4).severity == "warning"
    assert Problem("bad-number", "", "3w.csv", 4, 2, "warning").severity == "warning"


@pytest.mark.parametrize("code", sorted(CODES))
def test_every_code_of_the_catalogue_is_raised_and_well_formed(code):
    assert CODE.fullmatch(code)
    assert CODES[code].severity in ("error", "warning")
    assert CODES[code].meaning and CODES[code].fix
    assert any(f'"{code}"' in p.read_text(encoding="utf-8") for p in PRODUCT), \
        f"nothing raises '{code}': remove it from srrp/problem_codes.py"


def test_the_catalogue_is_sorted():
    assert list(CODES) == sorted(CODES)
