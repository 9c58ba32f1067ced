"""The house's layering: the domain package `srrp/` knows nothing of the user interface.

It can then be loaded, tested and run from the command line without Streamlit, and the pages
cannot leak into the rules of the data.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOMAIN_FILES = sorted((ROOT / "srrp").glob("*.py"))
UI = ("streamlit", "components", "pages", "app")


def imported_modules(path: Path) -> list[str]:
    """Every module a file imports, at any depth (inside functions too)."""
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


def test_the_domain_package_has_files_to_check():
    assert len(DOMAIN_FILES) >= 10


def test_the_import_scanner_sees_imports_in_every_form(tmp_path):
    """Guards the scanner, which would otherwise pass on any file it failed to understand."""
    path = tmp_path / "module.py"
    path.write_text("import streamlit as st\nfrom pages import x\n"
                    "def f():\n    import components.charts\n", encoding="utf-8")
    assert imported_modules(path) == ["streamlit", "pages", "components.charts"]


@pytest.mark.parametrize("path", DOMAIN_FILES, ids=lambda p: p.name)
def test_no_domain_module_imports_the_user_interface(path):
    ui_imports = [name for name in imported_modules(path) if name.split(".")[0] in UI]
    assert ui_imports == []


def test_importing_every_domain_module_loads_no_streamlit():
    modules = [f"srrp.{p.stem}" for p in DOMAIN_FILES if p.stem not in ("__init__", "__main__")]
    code = (f"import importlib, sys\nfor name in {modules!r}:\n    importlib.import_module(name)\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in "
            f"{UI!r}))")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
