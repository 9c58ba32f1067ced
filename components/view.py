"""Loading what every page shows: the data (its last good version) and the chosen scenario.

``app.py`` builds one View (``srrp.view``) per run (``components.shell.prepare``) and every page
reads it with ``components.shell.current_view``. Data files are read again only when their
modification time or size changes, so an edit made in a text editor shows on the next rerun, and
unchanged data is never parsed twice. A file with problems never blanks the app: the last good
data stays on screen and the problems are listed.
"""

from __future__ import annotations

import os
from pathlib import Path

import streamlit as st

from srrp.dataset import PLAN_FILE, Dataset, activity_files, load_dataset
from srrp.files.store import list_scenarios, scenario_path
from srrp.places.gazetteer import ALT_NAMES
from srrp.plan.tree import Plan
from srrp.problems import InvalidData, Problem
from srrp.scenarios.editor import NEW_TITLE, Editor
from srrp.scenarios.scenario import (
    BASELINE,
    DRAFT,
    Scenario,
    apply_scenario,
    load_scenario,
    parse_scenario,
)
from srrp.words import UNSAVED_EDIT

EDITOR = "whatif_editor"  # session key: the What-if editor (srrp.scenarios.editor.Editor)


def data_dir() -> Path:
    return Path(os.environ.get("SRRP_DATA_DIR", "data"))


def scenarios_dir(folder: Path | None = None) -> Path:
    return (folder or data_dir()) / "scenarios"


def _fingerprint(paths: list[Path]) -> tuple:
    """Changes when any file is edited, added or removed: the cache key of the data."""
    result = []
    for path in paths:
        try:
            stat = path.stat()
            result.append((str(path), stat.st_mtime_ns, stat.st_size))
        except OSError:
            result.append((str(path), None, None))
    return tuple(result)


@st.cache_resource(max_entries=8, show_spinner="Loading the data…")
def _load(plan_file: str, activity_paths: tuple[str, ...], gazetteer_dir: str,
          fingerprint: tuple) -> Dataset:
    """Parsed once per version of the files (the fingerprint is the cache key)."""
    return load_dataset(Path(plan_file), [Path(p) for p in activity_paths], Path(gazetteer_dir))


@st.cache_resource
def _last_good() -> dict[str, Dataset]:
    """The last data that loaded without problems, per data folder, for the whole server."""
    return {}


def load_current(folder: Path) -> tuple[Dataset | None, list[Problem]]:
    """The data as it is on disk, or the last good data and the problems that stop loading it."""
    plan_file, activities = folder / PLAN_FILE, activity_files(folder)
    # the spellings decide where rows are placed: an edit of alt_names.csv reloads the data
    fingerprint = _fingerprint([plan_file, *activities, folder / "gazetteer" / ALT_NAMES])
    try:
        dataset = _load(str(plan_file), tuple(map(str, activities)), str(folder / "gazetteer"),
                        fingerprint)
    except InvalidData as err:
        return _last_good().get(str(folder)), err.problems
    except OSError as err:
        problem = Problem("unreadable", err.strerror or str(err), str(err.filename or plan_file))
        return _last_good().get(str(folder)), [problem]
    _last_good()[str(folder)] = dataset
    return dataset, []


def current_editor() -> Editor:
    """The What-if editor of this session: its unsaved edit is offered in the sidebar."""
    return st.session_state.get(EDITOR) or Editor.new()


def saved_scenarios(folder: Path) -> list[str]:
    return list_scenarios(scenarios_dir(folder))


@st.cache_data(max_entries=512, show_spinner=False)
def _title(path: str, modified: int) -> str | None:
    try:
        return load_scenario(path).title
    except (InvalidData, OSError):
        return None


def scenario_title(folder: Path, name: str) -> str:
    """The title a person gave a saved scenario (its file name when it has none that reads):
    read again only when the file changes."""
    path = scenario_path(scenarios_dir(folder), name)
    try:
        modified = path.stat().st_mtime_ns
    except OSError:
        return name
    title = _title(str(path), modified)
    return name if title is None or title == NEW_TITLE else title


def resolve_scenario(baseline: Plan, choice: str, folder: Path,
                     draft_text: str | None) -> tuple[Plan, Scenario | None, list[Problem]]:
    """The plan under the chosen scenario; the baseline and the problems when it cannot apply."""
    if choice == BASELINE:
        return baseline, None, []
    try:
        if choice == DRAFT:
            if not draft_text:
                return baseline, None, []
            scenario = parse_scenario(draft_text, UNSAVED_EDIT, DRAFT)
        else:
            path = scenario_path(scenarios_dir(folder), choice)
            scenario = load_scenario(path, str(path))
        return apply_scenario(baseline, scenario), scenario, []
    except InvalidData as err:
        return baseline, None, err.problems
    except OSError as err:
        return baseline, None, [Problem("unreadable", err.strerror or str(err), choice)]
