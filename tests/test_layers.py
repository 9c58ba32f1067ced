"""The house's layering: data → srrp → visuals → components → pages → app.py, one direction.

`srrp/` (the domain) knows nothing of the user interface and draws nothing; `visuals/` builds
what the dashboard shows without Streamlit; `components/` holds the Streamlit building blocks;
`pages/` composes them (importing components, and only the few names README lists from below)
and `app.py` routes. Each layer can then be loaded, tested and run without the ones above it,
and no import cycle ties two modules together. The tools (tests, benchmarks, scripts) may
import the product; the product never imports them. Every top-level folder is one of these or
holds no code, and no module imports by a name computed at run time, which no scan could follow.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOMAIN_FILES = sorted((ROOT / "srrp").rglob("*.py"))
VISUALS_FILES = sorted((ROOT / "visuals").glob("*.py"))
# every Python file of the project, the tests, benchmarks and scripts included
PROJECT_FILES = sorted(p for p in ROOT.rglob("*.py")
                       if not any(part.startswith(".") or part in ("artifacts", "node_modules")
                                  for part in p.relative_to(ROOT).parts))
LAYERS = ("srrp", "visuals", "components", "pages", "app")
TOOLS = ("tests", "bench", "scripts")  # they import the product; it never imports them
NO_CODE = (".ci", ".streamlit", "data", "deploy", "docs")  # data, documents, configuration
# what each layer must never import: the layers above it, the tools, and the libraries it must
# do without
FORBIDDEN = {
    "srrp": ("visuals", "components", "pages", "app", "streamlit", "plotly", *TOOLS),
    "visuals": ("components", "pages", "app", "streamlit", *TOOLS),
    "components": ("pages", "app", *TOOLS),
    "pages": ("app", *TOOLS),
    "app": TOOLS,
}
README = (ROOT / "README.md").read_text(encoding="utf-8")


def module_name(path: Path, root: Path = ROOT) -> str:
    """The dotted name a file is imported as: srrp/plan/tree.py → srrp.plan.tree,
    visuals/__init__.py → visuals."""
    parts = list(path.relative_to(root).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(path: Path, root: Path = ROOT) -> list[str]:
    """Every module a file imports, at any depth (inside functions too), relative imports
    resolved; ``from package import name`` gives package.name as well, since the name may be
    a module."""
    package = module_name(path, root).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package[:len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            if node.module:
                names.append(module)
            names += [f"{module}.{alias.name}" if module else alias.name
                      for alias in node.names if alias.name != "*"]
    return names


def layer(path: Path) -> str | None:
    top = path.relative_to(ROOT).parts[0]
    top = "app" if top == "app.py" else top
    return top if top in LAYERS else None


def upward_imports(path: Path) -> list[str]:
    forbidden = FORBIDDEN.get(layer(path), ())
    return [name for name in imported_modules(path) if name.split(".")[0] in forbidden]


def names_from_below(path: Path, root: Path = ROOT) -> list[str]:
    """What a page imports from the layers under components/: each ``module.name`` (or the
    module, for ``import module``)."""
    below = ("srrp", "visuals")
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names if a.name.split(".")[0] in below]
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in below:
            names += [f"{node.module}.{a.name}" for a in node.names]
    return names


def allowed_in_pages() -> set[str]:
    """The names README allows pages to import from below components/: the list under
    'Pages import from below components/ only these'."""
    section = README.split("Pages import from below `components/` only these", 1)[1]
    return set(re.findall(r"^- `([\w.]+)`", section.split("\n\n", 2)[1], re.M))


DYNAMIC = {"import_module", "__import__", "spec_from_file_location", "exec_module", "run_path",
           "run_module"}


def dynamic_imports(path: Path) -> list[str]:
    """Each call that imports a module by a name or a path computed at run time, which the
    scans above could not see: importlib.import_module, __import__, runpy and the like."""
    return [f"{path.name}:{node.lineno}: {name}"
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path)))
            if isinstance(node, ast.Call)
            and (name := getattr(node.func, "attr", getattr(node.func, "id", ""))) in DYNAMIC]


def top_level_folders(root: Path = ROOT) -> set[str]:
    """The top-level folders of the checkout that git keeps or would keep (what .gitignore
    leaves out, such as .venv/ and artifacts/, is not the project's)."""
    listed = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard"],
                            cwd=root, capture_output=True, text=True, check=True).stdout
    return {Path(line).parts[0] for line in listed.splitlines() if len(Path(line).parts) > 1}


def import_graph(files: list[Path], root: Path = ROOT) -> dict[str, set[str]]:
    """Each module of the project and the modules of the project it imports."""
    modules = {module_name(p, root): p for p in files}
    return {name: {m for m in imported_modules(path, root) if m in modules and m != name}
            for name, path in modules.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The groups of modules that import one another, directly or through others (Tarjan's
    strongly connected components of more than one module)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while not group or group[-1] != node:
                group.append(stack.pop())
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_every_layer_has_files_to_check():
    assert len(DOMAIN_FILES) >= 10
    assert len(VISUALS_FILES) >= 5
    assert {layer(p) for p in PROJECT_FILES} >= set(LAYERS)


def test_every_top_level_folder_belongs_to_a_layer_or_holds_no_code():
    unclassified = top_level_folders() - {*LAYERS, *TOOLS, *NO_CODE}
    assert unclassified == set(), "add each to a layer, TOOLS or NO_CODE in tests/test_layers.py"
    assert [p for p in PROJECT_FILES if p.relative_to(ROOT).parts[0] in NO_CODE] == []
    assert [p.name for p in ROOT.glob("*.py")] == ["app.py"]


def test_a_new_folder_fails_the_classification(tmp_path):
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    for name in ("srrp/module.py", "tests/test_module.py", "helpers/tool.py", "README.md"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text("", encoding="utf-8")
    assert top_level_folders(tmp_path) - {*LAYERS, *TOOLS, *NO_CODE} == {"helpers"}


@pytest.mark.parametrize("path", sorted((ROOT / "pages").glob("*.py")),
                         ids=lambda p: str(p.relative_to(ROOT)))
def test_pages_import_components_and_only_the_names_readme_allows(path):
    assert set(names_from_below(path)) <= allowed_in_pages(), \
        "import it through components/, or list it in README's 'Pages import from below'"


def test_readme_allows_pages_no_name_they_do_not_import():
    used = {n for p in (ROOT / "pages").glob("*.py") for n in names_from_below(p)}
    assert allowed_in_pages() == used


def test_the_page_check_catches_a_page_importing_the_domain(tmp_path):
    page = tmp_path / "pages" / "page.py"
    page.parent.mkdir()
    page.write_text("import srrp.plan.tree\nfrom components.view import current_view\n"
                    "from srrp.dataset import load_dataset\n", encoding="utf-8")
    assert names_from_below(page, tmp_path) == ["srrp.plan.tree", "srrp.dataset.load_dataset"]
    assert not set(names_from_below(page, tmp_path)) <= allowed_in_pages()


@pytest.mark.parametrize("path", PROJECT_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_module_imports_by_a_name_computed_at_run_time(path):
    assert dynamic_imports(path) == []


def test_the_scan_finds_dynamic_imports(tmp_path):
    path = tmp_path / "module.py"
    path.write_text("import importlib, runpy\nm = importlib.import_module('srrp.' + 'plan')\n"
                    "n = __import__('components')\nrunpy.run_path('x.py')\n", encoding="utf-8")
    assert dynamic_imports(path) == ["module.py:2: import_module", "module.py:3: __import__",
                                     "module.py:4: run_path"]


def test_the_product_never_imports_the_tools(tmp_path):
    path = tmp_path / "srrp" / "module.py"
    path.parent.mkdir()
    path.write_text("from tests.examples import REAL_DATA\nimport bench.generate\n",
                    encoding="utf-8")
    forbidden = FORBIDDEN["srrp"]
    assert [n for n in imported_modules(path, tmp_path) if n.split(".")[0] in forbidden] == [
        "tests.examples", "tests.examples.REAL_DATA", "bench.generate"]


def test_the_import_scanner_sees_imports_in_every_form(tmp_path):
    """Guards the scanner, which would otherwise pass on any file it failed to understand."""
    path = tmp_path / "visuals" / "module.py"
    path.parent.mkdir()
    path.write_text("import streamlit as st\nfrom pages import x\n"
                    "from . import wording\nfrom .deck import Deck\nfrom .. import app\n"
                    "def f():\n    import components.charts\n", encoding="utf-8")
    assert imported_modules(path, tmp_path) == [
        "streamlit", "pages", "pages.x", "visuals.wording", "visuals.deck",
        "visuals.deck.Deck", "app", "components.charts"]


@pytest.mark.parametrize("path", [p for p in PROJECT_FILES if layer(p) in FORBIDDEN],
                         ids=lambda p: str(p.relative_to(ROOT)))
def test_no_module_imports_a_layer_above_its_own(path):
    assert upward_imports(path) == []


def test_the_layer_check_catches_an_import_upward(tmp_path):
    path = tmp_path / "module.py"
    path.write_text("def f():\n    from components import tables\n", encoding="utf-8")
    names = imported_modules(path, tmp_path)
    assert [n for n in names if n.split(".")[0] in FORBIDDEN["visuals"]] == [
        "components", "components.tables"]


def test_no_import_cycles_anywhere_in_the_project():
    assert cycles(import_graph(PROJECT_FILES)) == []


def test_the_cycle_check_finds_a_cycle_through_an_import_inside_a_function(tmp_path):
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "a.py").write_text("from pkg.b import x\n", encoding="utf-8")
    (tmp_path / "pkg" / "b.py").write_text("def x():\n    from . import c\n", encoding="utf-8")
    (tmp_path / "pkg" / "c.py").write_text("import pkg.a\n", encoding="utf-8")
    (tmp_path / "pkg" / "d.py").write_text("import pkg.a\n", encoding="utf-8")
    files = sorted((tmp_path / "pkg").glob("*.py"))
    assert cycles(import_graph(files, tmp_path)) == [["pkg.a", "pkg.b", "pkg.c"]]


def loaded_after_importing(modules: list[str], libraries: tuple[str, ...]) -> list[str]:
    """The modules of ``libraries`` that importing ``modules`` loads, in a fresh interpreter."""
    code = (f"import importlib, sys\nfor name in {modules!r}:\n    importlib.import_module(name)\n"
            f"print(sorted(m for m in sys.modules if m.split('.')[0] in {libraries!r}))")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return ast.literal_eval(result.stdout.strip())


def test_importing_every_domain_module_loads_no_streamlit_nor_plotly():
    modules = [module_name(p) for p in DOMAIN_FILES if p.stem != "__main__"]
    assert loaded_after_importing(modules, ("streamlit", "plotly", "visuals", "components",
                                            "pages", "app")) == []


def test_importing_every_visuals_module_loads_no_streamlit():
    modules = [module_name(p) for p in VISUALS_FILES]
    assert loaded_after_importing(modules, ("streamlit", "components", "pages", "app")) == []


PRIVATE_APPTEST = re.compile(r"\._(tree|run)\b|WidgetStates_pb2")


def test_only_one_helper_reaches_into_apptests_private_parts():
    """Tests stand on AppTest's public API; what it cannot do is in tests/app/apptest_gaps.py,
    documented, so that a Streamlit upgrade breaks one helper, not many tests."""
    reached = [f"{p.relative_to(ROOT)}:{n}" for p in sorted((ROOT / "tests").rglob("*.py"))
               if p.name != "apptest_gaps.py" and p != Path(__file__).resolve()
               for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
               if PRIVATE_APPTEST.search(line)]
    assert reached == []
