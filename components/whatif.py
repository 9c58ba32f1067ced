"""The What-if editor: one hypothetical scenario, edited as tables or as YAML, checked live.

The YAML text is the scenario. A table edit rewrites the text from the tables; a text edit
redraws the tables from the text; while the text has problems the tables are locked on its last
valid version, and only valid text ever reaches the rest of the app (``DRAFT_TEXT``).

Every change is handled in the widget's callback, which Streamlit runs before the script, so
the sidebar can be switched to the edit before its selectbox is drawn and every page shows the
edit on the same run. Streamlit forgets a widget's state when its page is not shown, so the edit
lives in session keys of its own and the widgets are refilled from them.
"""

from __future__ import annotations

import dataclasses
import functools
import math
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import streamlit as st

from components.access import can_edit, editor_only, why_not
from components.kpis import funding_tiles
from components.notices import problems_box
from components.tables import show_table
from components.view import DRAFT_TEXT, saved_scenarios, scenarios_dir
from srrp.dataset import PLAN_FILE
from srrp.formatting import usd
from srrp.plan import STATUSES, Plan
from srrp.problems import InvalidData, Problem
from srrp.scenario import (
    Scenario,
    apply_scenario,
    changes_from_edits,
    compare,
    dump_scenario,
    parse_scenario,
)
from srrp.store import SaveConflict, SaveRefused, save_scenario, scenario_path, version
from srrp.view import BASELINE, DRAFT, View
from visuals import charts
from visuals.wording import HYPOTHETICAL, md

SIDEBAR = "scenario"  # the sidebar's scenario selectbox
BASE = "whatif_base"  # widget: "Start from"
YAML = "whatif_yaml"  # widget: the text area
NAME = "whatif_name"  # widget: "Scenario name"
TEXT = "whatif_text"  # the edit as typed, valid or not
GOOD = "whatif_good"  # the last valid version of the edit
OPENED = "whatif_opened"  # (name, version) of what was loaded; BASELINE's version is None
GEN = "whatif_gen"  # per table, bumped to redraw it from GOOD
TABLES = ("required", "contributions")
TABLE_TEXT = "whatif_table_text"  # the valid text the tables were drawn from
TABLE_CHANGES = "whatif_table_changes"  # the changes the tables stood for when last read
FROM_TABLES = "whatif_from_tables"  # whether the last edit came from a table
FLASH = "whatif_flash"  # (kind, message) to show once: saved, refused, conflict
CONFLICT = "whatif_conflict"  # the name a save was refused for because it changed on disk

NEW_TITLE = "Unsaved what-if edit"
ROW_HEIGHT = 40  # table rows, px: tall enough to read from a few metres
CONTRIBUTION_COLUMNS = ["id", "donor", "amount", "sub_objective", "status", "date",
                        "recipient_country", "note"]
# YAML reads by its indentation: a monospaced face, and long lines scroll instead of wrapping
_YAML_STYLE = """<style>
.st-key-whatif_yaml textarea {font-family: "Source Code Pro", monospace; font-size: 0.95rem;
  line-height: 1.45; white-space: pre; overflow-wrap: normal; overflow-x: auto}
</style>"""
SYNC_RULE = ("**The YAML is the scenario:** editing a table rewrites the YAML (its comments are "
             "dropped), editing the YAML redraws the tables, and while the YAML has errors the "
             "tables are locked and the figures keep its last valid version.")


@dataclass(frozen=True)
class Checked:
    """A scenario text checked against the baseline."""

    scenario: Scenario | None
    plan: Plan | None
    problems: list[Problem]


@functools.lru_cache(maxsize=32)
def check(text: str, baseline: Plan, file: str = "unsaved edit") -> Checked:
    """Parsing YAML takes ~10 ms and a run checks the same few texts several times: remembered."""
    try:
        scenario = parse_scenario(text, file, DRAFT)
        return Checked(scenario, apply_scenario(baseline, scenario), [])
    except InvalidData as err:
        return Checked(None, None, err.problems)


def blank_text() -> str:
    return dump_scenario(NEW_TITLE, [], "Hypothetical: a what-if edit of the baseline plan, "
                         "not sourced funding.")


# --- state -------------------------------------------------------------------------------


def start(view: View) -> None:
    """Set up the edit on a session's first visit, and refill widgets forgotten since the last."""
    state = st.session_state
    if TEXT not in state:
        state[TEXT] = state[GOOD] = state[TABLE_TEXT] = blank_text()
        state[OPENED] = (BASELINE, None)
        state[GEN] = dict.fromkeys(TABLES, 0)
    _refill(YAML, state[TEXT])
    opened = state[OPENED][0]
    _refill(BASE, opened if opened in saved_scenarios(view.data_dir) else BASELINE)
    if NAME not in state:
        state[NAME] = "" if state[OPENED][0] == BASELINE else state[OPENED][0]
    if _editor_key("required") not in state:  # the tables were not on screen last run
        _redraw(TABLES)


def _refill(key: str, value) -> None:
    if st.session_state.get(key) != value:
        st.session_state[key] = value


def _editor_key(table: str) -> str:
    return f"whatif_{table}_{st.session_state[GEN][table]}"


def _redraw(tables: tuple[str, ...]) -> None:
    """Draw ``tables`` afresh (as new widgets) from the last valid text."""
    state = st.session_state
    state[GEN] = {t: n + (t in tables) for t, n in state[GEN].items()}
    state[TABLE_TEXT] = state[GOOD]
    state[TABLE_CHANGES] = None


def _outdated(baseline: Plan) -> tuple[str, ...]:
    """The tables that no longer show the last valid text: their rows differ from it, or they
    hold edits of their own. The others are left as drawn: rebuilding a table costs the
    browser a tenth of a second, and an edit must show at once."""
    state = st.session_state
    shown, wanted = (check(state[t], baseline).plan for t in (TABLE_TEXT, GOOD))
    rows = {"required": lambda plan: [s.required for s in plan.sub_objectives()],
            "contributions": lambda plan: plan.contributions}
    return tuple(t for t in TABLES if rows[t](shown) != rows[t](wanted)
                 or any((state.get(_editor_key(t)) or {}).values()))


def _take(text: str, baseline: Plan, *, from_tables: bool, select: bool) -> None:
    """Make ``text`` the edit; when it is valid, the rest of the app follows it."""
    state = st.session_state
    state[TEXT] = text
    state[FROM_TABLES] = from_tables
    checked = check(text, baseline)
    if not checked.problems:
        state[GOOD] = text
    if not from_tables:
        _redraw(_outdated(baseline))
    if not checked.problems:
        _publish(text, checked.plan != baseline, select)


def _publish(text: str, changed: bool, select: bool) -> None:
    """Point the sidebar at what the editor holds: a saved scenario it equals, the baseline when
    it changes nothing, otherwise the unsaved edit. ``select`` only inside a callback: the sidebar
    selectbox is already drawn when the page runs."""
    name = st.session_state[OPENED][0]
    if name != BASELINE and _on_disk(name) == text:
        target = name
    elif not changed:
        target = BASELINE
    else:
        target = DRAFT
    if target == DRAFT:
        st.session_state[DRAFT_TEXT] = text
    else:
        st.session_state.pop(DRAFT_TEXT, None)
    if select:
        st.session_state[SIDEBAR] = target


def _target() -> str:
    """What the sidebar should show for the edit as it stands."""
    if DRAFT_TEXT in st.session_state:
        return DRAFT
    name = st.session_state[OPENED][0]
    if name != BASELINE and _on_disk(name) == st.session_state[GOOD]:
        return name
    return BASELINE


def _on_disk(name: str, folder: Path | None = None) -> str | None:
    path = scenario_path(scenarios_dir(folder), name)
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def _open(name: str, baseline: Plan, folder: Path, select: bool = True) -> None:
    """Load the baseline (no change) or a saved scenario into the editor, dropping the edit."""
    state = st.session_state
    text = blank_text() if name == BASELINE else _on_disk(name, folder)
    if text is None:
        state[FLASH] = ("error", f"Scenario '{name}' cannot be read any more; it may have been "
                        "deleted. The editor was left as it was.")
        return
    state[OPENED] = (name, None if name == BASELINE else version(text))
    state[GOOD] = blank_text()
    state[NAME] = "" if name == BASELINE else name
    state[BASE] = name
    state[YAML] = text
    state.pop(CONFLICT, None)
    _publish(state[GOOD], False, select)
    _take(text, baseline, from_tables=False, select=select)


# --- callbacks -----------------------------------------------------------------------------


def _on_start_from(baseline: Plan, folder: Path) -> None:
    _open(st.session_state[BASE], baseline, folder)


def _on_discard(baseline: Plan, folder: Path) -> None:
    _open(BASELINE, baseline, folder)


def _on_reload(name: str, baseline: Plan, folder: Path) -> None:
    _open(name, baseline, folder)


def _on_yaml(baseline: Plan) -> None:
    _take(st.session_state[YAML], baseline, from_tables=False, select=True)


def _on_tables(baseline: Plan) -> None:
    base = check(st.session_state[TABLE_TEXT], baseline).plan
    required = _apply_edits(_required_rows(base, baseline),
                            st.session_state.get(_editor_key("required")))
    contributions = _apply_edits(_contribution_rows(base),
                                 st.session_state.get(_editor_key("contributions")))
    _tables_edited(baseline, required, contributions, select=True)


def _tables_edited(baseline: Plan, required: list[dict], contributions: list[dict], *,
                   select: bool) -> None:
    changes = changes_from_edits(baseline, _required_amounts(required),
                                 _clean_contributions(contributions))
    st.session_state[TABLE_CHANGES] = changes
    good = check(st.session_state[GOOD], baseline).scenario
    text = dump_scenario(good.title, changes, good.description)
    st.session_state[YAML] = text
    _take(text, baseline, from_tables=True, select=select)


def _refused(why: str) -> None:
    st.session_state[FLASH] = ("error", f"Nothing was saved: {why}.")


@editor_only(_refused)  # the button is not shown then; refuse all the same
def _on_save(baseline: Plan, folder: Path) -> None:
    state = st.session_state
    name, text = state[NAME].strip(), state[TEXT]
    if check(text, baseline).problems:
        state[FLASH] = ("error", "Nothing was saved: the YAML has problems (listed above). Fix "
                        "them first, or download the text as it is.")
        return
    if name in (BASELINE, DRAFT):
        state[FLASH] = ("error", f"Nothing was saved: '{name}' is a name the Scenario menu "
                        "uses itself; choose another name.")
        return
    opened, opened_version = state[OPENED]
    try:
        path = save_scenario(scenarios_dir(folder), name, text,
                             expected=opened_version if name == opened else None,
                             protected=(folder / PLAN_FILE,))
    except SaveConflict as err:
        if name != opened:
            state[FLASH] = ("error", f"Nothing was saved: {err}. Choose another name, or open "
                            "it from 'Start from'.")
            return
        state[CONFLICT] = name
        state[FLASH] = ("conflict", str(err))
        return
    except SaveRefused as err:
        state[FLASH] = ("error", f"Nothing was saved: {err}.")
        return
    state[OPENED] = (name, version(text))
    state[BASE] = name
    state.pop(CONFLICT, None)
    state[FLASH] = ("success", f"Saved as scenario '{name}' ({path}) and chosen in the "
                    "sidebar.")
    _publish(text, True, select=True)


# --- tables --------------------------------------------------------------------------------


def _required_rows(plan: Plan, baseline: Plan) -> list[dict]:
    before = {s.id: s.required for s in baseline.sub_objectives()}
    return [{"id": s.id, "title": s.title, "required": s.required, "baseline": before[s.id]}
            for s in plan.sub_objectives()]


def _contribution_rows(plan: Plan) -> list[dict]:
    return [{k: getattr(c, k) for k in CONTRIBUTION_COLUMNS} for c in plan.contributions]


def _apply_edits(rows: list[dict], edits: dict | None) -> list[dict]:
    """The rows as a data editor's edit state (edited, deleted, added rows) leaves them."""
    edits = edits or {}
    rows = [dict(r) for r in rows]
    for position, values in (edits.get("edited_rows") or {}).items():
        rows[int(position)].update(values)
    deleted = {int(p) for p in edits.get("deleted_rows") or []}
    rows = [r for i, r in enumerate(rows) if i not in deleted]
    return rows + [dict(r) for r in edits.get("added_rows") or []]


def _blank(value) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)) \
        or (isinstance(value, str) and not value.strip())


def _clean(value):
    if _blank(value):
        return None
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _required_amounts(rows: list[dict]) -> dict[str, int]:
    return {r["id"]: int(_clean(r["required"])) for r in rows
            if not _blank(r.get("required"))}


def _clean_contributions(rows: list[dict]) -> list[dict]:
    """The rows that have a donor or an amount (a row just added has neither yet), each with an
    id: a row left without one gets 'hypothetical-N'."""
    rows = [{k: _clean(r.get(k)) for k in CONTRIBUTION_COLUMNS} for r in rows]
    rows = [r for r in rows if r["donor"] is not None or r["amount"] is not None]
    taken = {r["id"] for r in rows}
    number = 0
    for row in (r for r in rows if r["id"] is None):
        number += 1
        while f"hypothetical-{number}" in taken:
            number += 1
        row["id"] = f"hypothetical-{number}"
    return rows


def _frame_rows(frame: pd.DataFrame) -> list[dict]:
    return [{k: _clean(v) for k, v in row.items()} for row in frame.to_dict("records")]


# --- page sections -------------------------------------------------------------------------


def start_from(view: View) -> None:
    """'Start from' the baseline or a saved scenario, and the 'Discard edit' button."""
    folder, baseline = view.data_dir, view.baseline.plan
    choose, discard = st.columns([3, 1], vertical_alignment="bottom")
    choose.selectbox(
        "Start from", [BASELINE, *saved_scenarios(folder)], key=BASE,
        format_func=lambda n: "Baseline (sourced figures, no change)" if n == BASELINE else
        f"Saved scenario: {n} (hypothetical)", on_change=_on_start_from,
        args=(baseline, folder), help="Loads it into the editors; the edit so far is dropped.")
    discard.button("Discard edit", key="whatif_discard", on_click=_on_discard,
                   args=(baseline, folder), width="stretch",
                   help="Back to the baseline: no change, nothing hypothetical.")


def disk_watch(view: View) -> None:
    """Say when the saved scenario in the editor changed on disk; reload it if it was not
    edited here."""
    state = st.session_state
    name, opened_version = state[OPENED]
    if name == BASELINE:
        return
    on_disk = _on_disk(name, view.data_dir)
    if version(on_disk) == opened_version:
        return
    if on_disk is None:
        st.warning(f"Scenario '{name}' was deleted from disk since you opened it. Save your "
                   "edit under a name to keep it.", icon="⚠️")
        return
    if version(state[TEXT]) == opened_version:
        _open(name, view.baseline.plan, view.data_dir, select=False)
        st.info(f"Scenario '{name}' was changed on disk (in a text editor or by a colleague); "
                "its new version is loaded.", icon="🔄")
        return
    st.warning(f"Scenario '{name}' was changed on disk since you opened it. Your edit here is "
               "based on the old version: reload theirs (your edit is dropped), or save yours "
               "under another name.", icon="⚠️")
    if state.get(CONFLICT) == name:
        return  # the save section offers the reload
    st.button(f"Reload '{name}' from disk", key="whatif_reload_changed", on_click=_on_reload,
              args=(name, view.baseline.plan, view.data_dir))


def validation(view: View) -> None:
    """Every problem of the edit as typed; the figures keep its last valid version."""
    checked = check(st.session_state[TEXT], view.baseline.plan, _file_label())
    if checked.problems:
        problems_box(checked.problems, "The YAML has problems, so the figures keep its last "
                     "valid version")


def _file_label() -> str:
    name = st.session_state[OPENED][0]
    return "unsaved edit" if name == BASELINE else f"edit of {name}.yaml"


def editors(view: View) -> None:
    """The amounts table and the YAML side by side, the contributions table below.

    The tables run first: an edit that reached them without its callback must reach the YAML
    before the text area is drawn."""
    baseline = view.baseline.plan
    state = st.session_state
    locked = bool(check(state[TEXT], baseline).problems) and not state.get(FROM_TABLES)
    base = check(state[TABLE_TEXT], baseline).plan
    st.html(_YAML_STYLE)
    left, right = st.columns(2)
    below = st.container()
    with left:
        required = _required_editor(base, baseline, locked)
    with below:
        contributions = _contributions_editor(base, baseline, locked)
        if locked:
            st.caption("🔒 The tables are locked while the YAML has errors: fix the YAML, or "
                       "press 'Discard edit'.")
    _catch_up(baseline, _frame_rows(required), _frame_rows(contributions))
    with right:
        st.text_area("Scenario YAML (hypothetical)", key=YAML, height=ROW_HEIGHT * 13 + 3,
                     on_change=_on_yaml, args=(baseline,),
                     help="Ctrl+Enter or a click outside the box applies it. Changes: "
                     "set_required, add_contribution, set_contribution, remove_contribution.")


def _catch_up(baseline: Plan, required: list[dict], contributions: list[dict]) -> None:
    """An edit that reached the tables without its callback (as AppTest delivers one) is taken
    now; the sidebar cannot follow before the next interaction, so the page offers a button."""
    state = st.session_state
    changes = changes_from_edits(baseline, _required_amounts(required),
                                 _clean_contributions(contributions))
    if state.get(TABLE_CHANGES) is None:
        state[TABLE_CHANGES] = changes
    elif changes != state[TABLE_CHANGES]:
        _tables_edited(baseline, required, contributions, select=False)
        st.rerun()


def _required_editor(plan: Plan, baseline: Plan, locked: bool) -> pd.DataFrame:
    st.markdown("**Required per sub-objective, USD** — edit the *required* column")
    frame = pd.DataFrame(_required_rows(plan, baseline))
    return st.data_editor(
        frame, key=_editor_key("required"), hide_index=True, num_rows="fixed",
        disabled=True if locked else ["id", "title", "baseline"], on_change=_on_tables,
        args=(baseline,), width="stretch", row_height=ROW_HEIGHT,
        height=ROW_HEIGHT * (len(frame) + 1) + 3,
        column_config={
            "id": st.column_config.TextColumn("id", width=50),
            "title": st.column_config.TextColumn("sub-objective", width="medium"),
            "required": st.column_config.NumberColumn(
                "required (edit)", min_value=0, step=1, format="localized", required=True,
                help="Whole US dollars; objectives and the plan total follow"),
            "baseline": st.column_config.NumberColumn("baseline", format="localized",
                                                      help="As in the plan"),
        })


def _contributions_editor(plan: Plan, baseline: Plan, locked: bool) -> pd.DataFrame:
    st.markdown("**Contributions** — add a row for a new donor (it counts once it has a donor "
                "or an amount); only *confirmed* counts as funding")
    frame = pd.DataFrame(_contribution_rows(plan), columns=CONTRIBUTION_COLUMNS)
    frame["amount"] = frame["amount"].astype("Int64")
    ids = [s.id for s in baseline.sub_objectives()]
    return st.data_editor(
        frame, key=_editor_key("contributions"), hide_index=True, num_rows="dynamic",
        disabled=locked, on_change=_on_tables, args=(baseline,), width="stretch",
        row_height=ROW_HEIGHT,
        column_config={
            "id": st.column_config.TextColumn("id", help="Unique; left empty, one is made up"),
            "donor": st.column_config.TextColumn("donor", required=True),
            "amount": st.column_config.NumberColumn("amount, USD", min_value=0, step=1,
                                                    format="localized", required=True),
            "sub_objective": st.column_config.SelectboxColumn("sub-objective", options=ids),
            "status": st.column_config.SelectboxColumn("status", options=list(STATUSES),
                                                       default="confirmed", required=True),
            "date": st.column_config.TextColumn("date", validate=r"^\d{4}(-\d{2}(-\d{2})?)?$",
                                                help="YYYY, YYYY-MM or YYYY-MM-DD"),
            "recipient_country": st.column_config.TextColumn("country", max_chars=3,
                                                             help="ISO3 code, e.g. LAO"),
            "note": st.column_config.TextColumn("note", width="medium"),
        })


def sidebar_follows(view: View) -> None:
    """When the sidebar does not show the edit (chosen otherwise, or an edit that came without
    a callback), say so and offer to show it."""
    target = _target()
    if view.choice == target or target == BASELINE:
        return
    label = "the unsaved edit" if target == DRAFT else f"scenario '{target}'"
    st.info(f"The other pages show '{view.choice}', not this edit.", icon="ℹ️")
    st.button(f"Show {label} on every page", key="whatif_show",
              on_click=lambda: st.session_state.update({SIDEBAR: target}))


def _edit_plan(view: View) -> Checked:
    return check(st.session_state[GOOD], view.baseline.plan)


def headline(view: View) -> None:
    """The edit's headline figures, with their change against the baseline."""
    checked = _edit_plan(view)
    if checked.plan == view.baseline.plan:
        st.info("No change yet: edit a table or the YAML below, and its effect shows here.")
        return
    st.markdown(f"### {HYPOTHETICAL} — {md(checked.scenario.title)}")
    funding_tiles(dataclasses.replace(view, plan=checked.plan, scenario=checked.scenario,
                                      choice=DRAFT))


def details(view: View) -> None:
    """How the gap moves, sub-objective by sub-objective, and every changed part of the plan.

    The chart is drawn even before the first change: the browser then loads its charting code
    while the page is read, not after the first edit (seconds on a slow machine)."""
    baseline = view.baseline.plan
    checked = _edit_plan(view)
    st.header("Change against the baseline (hypothetical)")
    changes = compare(baseline, checked.plan)
    base_gap = int(changes.loc[changes["level"] == "plan", "gap_before"].iloc[0])
    figure = charts.gap_waterfall(changes, "Funding gap: baseline → edit")
    floor = _zoom(figure, changes, base_gap)
    st.plotly_chart(figure, key="whatif-waterfall")
    if floor:
        st.caption(f"The axis starts at {usd(floor)}, not at zero, so that the change shows "
                   "beside the whole gap.")
    _unexplained(changes)
    if checked.plan == baseline:
        st.caption("No change yet: the edit's gap equals the baseline's.")
        return
    st.markdown("**Changed parts of the plan (hypothetical), USD**")
    table = _changed(changes)
    show_table(table, key="whatif-changes",
               money=("required before", "required after", "confirmed before",
                      "confirmed after", "gap before", "gap after", "gap change"))


def _zoom(figure, changes: pd.DataFrame, base_gap: int) -> int:
    """Zoom the gap axis onto the bars when the change is small beside the gap; the axis floor
    (0 when not zoomed)."""
    moved = pd.Series([v for _, v in charts.gap_steps(changes)], dtype="int64")
    levels = [base_gap, *(base_gap + moved.cumsum())]
    low, high = min(levels), max(levels)
    if low == high or (high - low) > high / 5:
        return 0
    span = high - low
    floor = max(int(low - 1.5 * span), 0)
    figure.update_yaxes(range=[floor, high + span], tickformat="~s")
    return floor


def _changed(changes: pd.DataFrame) -> pd.DataFrame:
    moved = changes[(changes["required_before"] != changes["required_after"])
                    | (changes["confirmed_before"] != changes["confirmed_after"])]
    return moved[["id", "level", "required_before", "required_after", "confirmed_before",
                  "confirmed_after", "gap_before", "gap_after", "gap_change", "title"]].rename(
        columns=lambda c: c.replace("_", " "))


def _unexplained(changes: pd.DataFrame) -> None:
    """Say what the waterfall's 'Other' step is, when there is one."""
    if any(label == charts.OTHER_STEP for label, _ in charts.gap_steps(changes)):
        st.caption(f"'{charts.OTHER_STEP}': funding for no sub-objective, or beyond a "
                   "sub-objective's requirement, moves the plan's gap but no sub-objective's.")


def save_controls(view: View) -> None:
    """Save under a plain name (never over someone else's change), or download the YAML."""
    state = st.session_state
    _flash()
    conflict = state.get(CONFLICT)
    if conflict and conflict == state[OPENED][0]:
        st.button(f"Reload '{conflict}' as it is on disk now (drops your edit)",
                  key="whatif_reload_theirs", on_click=_on_reload,
                  args=(conflict, view.baseline.plan, view.data_dir))
    if not can_edit():
        st.info(f"Scenarios cannot be saved here: {why_not()}. Download the YAML to keep "
                "it or to send it.", icon="🔒")
    else:
        name, button = st.columns([3, 1], vertical_alignment="bottom")
        name.text_input("Scenario name", key=NAME, max_chars=64, placeholder="vaccines_pledge_5m",
                        help="Letters, digits, '-' and '_' only; saved as "
                        "data/scenarios/NAME.yaml")
        button.button("Save scenario", key="whatif_save", type="primary", on_click=_on_save,
                      args=(view.baseline.plan, view.data_dir), width="stretch")
    file_name = (state[NAME].strip() or "whatif_edit") if can_edit() else "whatif_edit"
    st.download_button("Download the YAML", state[TEXT].encode("utf-8"), f"{file_name}.yaml",
                       "application/x-yaml", key="whatif_download",
                       help="The text as it stands, problems included")


def _flash() -> None:
    kind, message = st.session_state.pop(FLASH, (None, None))
    if kind == "success":
        st.success(message, icon="✅")
    elif kind == "conflict":
        st.warning(f"**Not saved**: {message}. Nothing was overwritten. Reload their version, "
                   "or save yours under another name.", icon="⚠️")
    elif kind == "error":
        st.error(message, icon="🛑")
