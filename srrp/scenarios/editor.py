"""The What-if editor as a value: everything the editor holds, and the ways it changes.

The YAML text is the scenario. A table edit rewrites the text from the tables; a text edit
redraws the tables from the text; while the text has problems the tables are locked on its last
valid version (``good``), and only valid text ever reaches the rest of the app (``draft``).

An :class:`Editor` is never changed: each transition (type YAML, edit a table, open a scenario,
save, discard) returns a new one, and returns the same one when nothing changes, so the page can
apply what its widgets hold on every run. Reading and writing files is left to the caller.
"""

from __future__ import annotations

import dataclasses
import functools
import math
from dataclasses import dataclass

from srrp.files.store import file_name, version
from srrp.plan.tree import Plan
from srrp.problems import InvalidData, Problem
from srrp.scenarios.scenario import (
    BASELINE,
    DRAFT,
    Scenario,
    apply_scenario,
    changes_from_edits,
    dump_scenario,
    parse_scenario,
)
from srrp.words import UNSAVED_EDIT

TABLES = ("required", "contributions")
CONTRIBUTION_COLUMNS = ("id", "donor", "amount", "sub_objective", "status", "date",
                        "recipient_country", "note")
NEW_TITLE = "Unsaved what-if edit"


@dataclass(frozen=True)
class Checked:
    """A scenario text checked against the baseline."""

    scenario: Scenario | None
    plan: Plan | None
    problems: list[Problem]


@functools.lru_cache(maxsize=32)
def check(text: str, baseline: Plan, file: str = UNSAVED_EDIT) -> Checked:
    """Parsing YAML takes ~10 ms and a run checks the same few texts several times: remembered."""
    try:
        scenario = parse_scenario(text, file, DRAFT)
        return Checked(scenario, apply_scenario(baseline, scenario), [])
    except InvalidData as err:
        return Checked(None, None, err.problems)


def blank_text() -> str:
    return dump_scenario(NEW_TITLE, [], "Hypothetical: a what-if edit of the baseline plan, "
                         "not sourced funding.")


@dataclass(frozen=True)
class Editor:
    text: str  # the edit as typed, valid or not
    good: str  # its last valid version: what the figures show
    tables_text: str  # the valid text the tables were drawn from
    opened: str = BASELINE  # what was loaded: the baseline or a saved scenario's name
    opened_text: str | None = None  # that scenario as it was opened or saved
    opened_title: str = ""  # its title: saving under it saves over it
    name: str = ""  # the 'Scenario title' field
    draft: str | None = None  # the valid text, when it is an unsaved change of the baseline
    generation: tuple[int, ...] = (0, 0)  # per table, bumped to draw it afresh from ``good``
    table_changes: tuple | None = None  # the changes the tables stood for when last read
    edited: tuple[bool, ...] = (False, False)  # per table: edited since it was drawn
    from_tables: bool = False  # whether the last edit came from a table
    follow: bool = False  # the sidebar is to show this edit's target on the next run
    flash: tuple[str, str] | None = None  # (kind, message) to show once
    conflict: str | None = None  # a scenario a save was refused for: it changed on disk

    @classmethod
    def new(cls) -> Editor:
        text = blank_text()
        return cls(text=text, good=text, tables_text=text)

    @property
    def opened_version(self) -> str | None:
        return version(self.opened_text)

    @property
    def target(self) -> str:
        """What the sidebar shows for this edit: the unsaved edit, the saved scenario it
        equals, or the baseline when it changes nothing."""
        if self.draft is not None:
            return DRAFT
        if self.opened != BASELINE and self.good == self.opened_text:
            return self.opened
        return BASELINE

    @property
    def file_label(self) -> str:
        return UNSAVED_EDIT if self.opened == BASELINE else f"edit of {self.opened}.yaml"

    def locked(self, baseline: Plan) -> bool:
        """The tables wait while the text typed has problems."""
        return bool(check(self.text, baseline).problems) and not self.from_tables

    def table_key(self, table: str) -> str:
        """The session key of a table's widget: a new one draws it afresh."""
        return f"whatif_{table}_{self.generation[TABLES.index(table)]}"


# --- transitions -------------------------------------------------------------------------


def type_yaml(editor: Editor, text: str, baseline: Plan) -> Editor:
    """The text area holds ``text``."""
    if text == editor.text:
        return editor
    taken = _redraw(_take(editor, text, baseline, from_tables=False), baseline)
    title = _title(text, baseline)
    if title and title != _title(editor.good, baseline):  # a title typed in the YAML
        taken = dataclasses.replace(taken, name=title)
    return taken


def edit_tables(editor: Editor, required: list[dict], contributions: list[dict],
                baseline: Plan) -> Editor:
    """The tables hold these rows (as the data editors leave them)."""
    changes = _changes(baseline, required, contributions)
    drawn = check(editor.tables_text, baseline).plan
    before = editor.table_changes
    if before is None:  # drawn afresh: they stand for the text they were drawn from
        before = _changes(baseline, required_rows(drawn, baseline), contribution_rows(drawn))
    if changes == before:
        return editor
    edited = (editor.edited[0] or clean_rows(required) != clean_rows(required_rows(drawn,
                                                                                   baseline)),
              editor.edited[1] or clean_rows(contributions) != contribution_rows(drawn))
    good = check(editor.good, baseline).scenario
    text = dump_scenario(good.title, list(changes), good.description)
    taken = _take(editor, text, baseline, from_tables=True)
    return dataclasses.replace(taken, table_changes=changes, edited=edited)


def _changes(baseline: Plan, required: list[dict], contributions: list[dict]) -> tuple:
    return tuple(changes_from_edits(baseline, required_amounts(required),
                                    clean_contributions(contributions)))


def open_scenario(editor: Editor, name: str, text: str | None, baseline: Plan) -> Editor:
    """Load the baseline (no change) or a saved scenario read as ``text`` (None: it could not
    be read), dropping the edit. The title field shows the scenario's title."""
    if name == BASELINE:
        text = blank_text()
    if text is None:
        return dataclasses.replace(editor, flash=(
            "error", f"Scenario '{name}' cannot be read any more; it may have been deleted. The "
            "editor was left as it was."))
    title = "" if name == BASELINE else _title(text, baseline) or name
    opened = dataclasses.replace(
        editor, opened=name, opened_text=None if name == BASELINE else text,
        opened_title=title, name=title, good=blank_text(), draft=None, conflict=None,
        flash=None)
    return _redraw(_take(opened, text, baseline, from_tables=False), baseline)


def _title(text: str, baseline: Plan) -> str | None:
    scenario = check(text, baseline).scenario
    return None if scenario is None or scenario.title == NEW_TITLE else scenario.title


def discard(editor: Editor, baseline: Plan) -> Editor:
    """Back to the baseline: no change, nothing hypothetical."""
    return open_scenario(editor, BASELINE, None, baseline)


def name_typed(editor: Editor, name: str) -> Editor:
    return editor if name == editor.name else dataclasses.replace(editor, name=name)


def save_name(editor: Editor) -> str:
    """The file name the edit is saved under: the scenario opened's, under its own title;
    else made from the title typed ('pledge A' → 'pledge-A')."""
    title = editor.name.strip()
    if editor.opened != BASELINE and title == editor.opened_title:
        return editor.opened
    return file_name(title)


def save_refusal(editor: Editor, baseline: Plan, taken: tuple[str, ...] = ()) -> str | None:
    """Why the edit cannot be saved under its title, before any file is touched; ``taken``:
    the scenarios saved already. Checked as the title is typed, and again on saving."""
    if check(editor.text, baseline).problems:
        return ("the YAML has problems (listed above). Fix them first, or download the text as "
                "it is.")
    name = save_name(editor)
    if not name:
        return "give the scenario a title (such as 'pledge A') to save it."
    if name in (BASELINE, DRAFT):
        return (f"'{editor.name.strip()}' is a name the Scenario menu uses itself; choose "
                "another title.")
    if name in taken and name != editor.opened:
        return (f"A scenario is saved as {name}.yaml already: choose another title, or open "
                "it from 'Start from' to change it.")
    return None


def titled(editor: Editor, baseline: Plan) -> str:
    """The text to save: the edit with the title typed. (A changed title rewrites the text,
    dropping its comments, as a table edit does.)"""
    scenario = check(editor.text, baseline).scenario
    title = editor.name.strip()
    if scenario is None or scenario.title == title:
        return editor.text
    return dump_scenario(title, list(scenario.changes), scenario.description)


def expected_version(editor: Editor) -> str | None:
    """The version a save under the editor's name expects on disk (None: a new file)."""
    return editor.opened_version if save_name(editor) == editor.opened else None


def saved(editor: Editor, text: str) -> Editor:
    """``text`` was written as the scenario the title names."""
    name = save_name(editor)
    return dataclasses.replace(
        editor, opened=name, opened_text=text, opened_title=editor.name.strip(), text=text,
        good=text, tables_text=text, name=editor.name.strip(), draft=None, conflict=None,
        follow=True,
        flash=("success", f"Saved as scenario '{editor.name.strip()}' (file {name}.yaml) and "
               "chosen in the sidebar."))


def refused(editor: Editor, message: str) -> Editor:
    return dataclasses.replace(editor, flash=("error", message))


def conflicted(editor: Editor, message: str) -> Editor:
    """The scenario opened changed on disk since: nothing was written."""
    if save_name(editor) != editor.opened:
        return refused(editor, f"Nothing was saved: {message}. Choose another title, or open "
                       "it from 'Start from'.")
    return dataclasses.replace(editor, conflict=editor.opened, flash=("conflict", message))


def on_disk(editor: Editor, text: str | None, baseline: Plan) -> tuple[Editor, str | None]:
    """The scenario opened reads ``text`` on disk now: a new version replaces it in the editor
    when it was not edited here. Returns the editor and what to tell the user: 'deleted',
    'reloaded', 'changed' (edited here and on disk) or None."""
    if editor.opened == BASELINE or version(text) == editor.opened_version:
        return editor, None
    if text is None:
        return editor, "deleted"
    if editor.text == editor.opened_text:
        reloaded = open_scenario(editor, editor.opened, text, baseline)
        return dataclasses.replace(reloaded, follow=editor.follow), "reloaded"
    return editor, "changed"


def followed(editor: Editor) -> Editor:
    """The sidebar now shows the edit's target."""
    return dataclasses.replace(editor, follow=False) if editor.follow else editor


def flashed(editor: Editor) -> Editor:
    """The message was shown."""
    return dataclasses.replace(editor, flash=None) if editor.flash else editor


def _take(editor: Editor, text: str, baseline: Plan, *, from_tables: bool) -> Editor:
    """Make ``text`` the edit; when it is valid, the rest of the app follows it."""
    checked = check(text, baseline)
    taken = dataclasses.replace(editor, text=text, from_tables=from_tables)
    if checked.problems:
        return taken
    unsaved = checked.plan != baseline and not (
        editor.opened != BASELINE and text == editor.opened_text)
    return dataclasses.replace(taken, good=text, draft=text if unsaved else None, follow=True)


def redraw(editor: Editor, baseline: Plan) -> Editor:
    """The tables are off screen (their edit state is forgotten): draw them afresh next time."""
    return _redraw(editor, baseline)


def _redraw(editor: Editor, baseline: Plan) -> Editor:
    """Draw afresh the tables that no longer show the last valid text: their rows differ from
    it, or they hold edits of their own. The others are left as drawn: rebuilding a table
    costs the browser a tenth of a second, and an edit must show at once."""
    shown, wanted = (check(t, baseline).plan for t in (editor.tables_text, editor.good))
    rows = (lambda plan: [s.required for s in plan.sub_objectives()],
            lambda plan: plan.contributions)
    outdated = tuple(rows[i](shown) != rows[i](wanted) or editor.edited[i]
                     for i in range(len(TABLES)))
    if not any(outdated) and editor.tables_text == editor.good:
        return editor
    return dataclasses.replace(
        editor, tables_text=editor.good, table_changes=None,
        generation=tuple(n + o for n, o in zip(editor.generation, outdated, strict=True)),
        edited=tuple(e and not o for e, o in zip(editor.edited, outdated, strict=True)))


# --- the tables' rows ----------------------------------------------------------------------


def required_rows(plan: Plan, baseline: Plan) -> list[dict]:
    before = {s.id: s.required for s in baseline.sub_objectives()}
    return [{"id": s.id, "title": s.title, "required": s.required, "baseline": before[s.id]}
            for s in plan.sub_objectives()]


def contribution_rows(plan: Plan) -> list[dict]:
    return [{k: getattr(c, k) for k in CONTRIBUTION_COLUMNS} for c in plan.contributions]


def apply_edits(rows: list[dict], edits: dict | None) -> list[dict]:
    """The rows as a data editor's edit state (edited, deleted, added rows) leaves them."""
    edits = edits or {}
    rows = [dict(r) for r in rows]
    for position, values in (edits.get("edited_rows") or {}).items():
        rows[int(position)].update(values)
    deleted = {int(p) for p in edits.get("deleted_rows") or []}
    rows = [r for i, r in enumerate(rows) if i not in deleted]
    return rows + [dict(r) for r in edits.get("added_rows") or []]


def _blank(value) -> bool:
    # pandas' NA is its own type: it is blank when it equals nothing, itself included
    missing = value is None or (type(value).__name__ == "NAType")
    return missing or (isinstance(value, float) and math.isnan(value)) \
        or (isinstance(value, str) and not value.strip())


def clean(value):
    """A cell as the scenario takes it: blank is None, text stripped, 5.0 is 5."""
    if _blank(value):
        return None
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def clean_rows(rows: list[dict]) -> list[dict]:
    return [{k: clean(v) for k, v in row.items()} for row in rows]


def required_amounts(rows: list[dict]) -> dict[str, int]:
    return {r["id"]: int(clean(r["required"])) for r in rows if not _blank(r.get("required"))}


def clean_contributions(rows: list[dict]) -> list[dict]:
    """The rows that have a donor or an amount (a row just added has neither yet), each with an
    id: a row left without one gets 'hypothetical-N'."""
    rows = [{k: clean(r.get(k)) for k in CONTRIBUTION_COLUMNS} for r in rows]
    rows = [r for r in rows if r["donor"] is not None or r["amount"] is not None]
    taken = {r["id"] for r in rows}
    number = 0
    for row in (r for r in rows if r["id"] is None):
        number += 1
        while f"hypothetical-{number}" in taken:
            number += 1
        row["id"] = f"hypothetical-{number}"
    return rows
