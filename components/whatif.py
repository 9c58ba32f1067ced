"""The What-if editor on the page: one hypothetical scenario, edited as tables or as YAML,
checked live.

What the editor holds is one value, ``srrp.scenarios.editor.Editor``, kept under one session key
(``components.view.EDITOR``); its transitions are pure and tested without Streamlit. This module
reads the widgets into it (``sync``, before the sidebar is drawn, so every page shows an edit on
the run that made it) and draws it. Streamlit forgets a widget's state when its page is not
shown, so widgets are refilled from the editor.

The headline and the editors rerun as one fragment: an edit shows its gap at once, and only then
does the whole page rerun for what else follows it (the chart of the change below, the sidebar,
the banner, the downloads). The chart is not in the fragment: the browser would draw it before
the headline, and the whole page's run draws it again.
"""

from __future__ import annotations

import dataclasses
import time
from pathlib import Path

import pandas as pd
import streamlit as st

from components.access import can_edit, editor_only, why_not
from components.kpis import funding_tiles
from components.notices import problems_box
from components.params import SCENARIO
from components.tables import show_table
from components.view import (
    EDITOR,
    current_editor,
    saved_scenarios,
    scenario_title,
    scenarios_dir,
)
from srrp.dataset import PLAN_FILE
from srrp.files.store import SaveConflict, SaveRefused, save_scenario, scenario_path
from srrp.formatting import usd
from srrp.plan.tree import STATUSES, Plan
from srrp.scenarios import editor as model
from srrp.scenarios.editor import Editor, check
from srrp.scenarios.scenario import BASELINE, compare
from srrp.view import View
from srrp.words import hypothetical
from visuals import charts
from visuals.wording import HYPOTHETICAL, md, scenario_name

PAGE = "whatif"  # the page's URL path
BASE = "whatif_base"  # widget: "Start from"
YAML = "whatif_yaml"  # widget: the text area
NAME = "whatif_name"  # widget: "Scenario name"
NAME_RULE = ("The file name keeps the title's letters, digits, '-' and '_' (spaces become "
             "'-'); it cannot be 'baseline', 'draft' or a scenario saved already.")
SEND_PAUSE_S = 0.01  # two of the server's send cycles: see _send_headline
ROW_HEIGHT = 40  # table rows, px: tall enough to read from a few metres
# YAML reads by its indentation: a monospaced face, and long lines scroll instead of wrapping
_YAML_STYLE = """<style>
.st-key-whatif_yaml textarea {font-family: "Source Code Pro", monospace; font-size: 0.95rem;
  line-height: 1.45; white-space: pre; overflow-wrap: normal; overflow-x: auto}
</style>"""
SYNC_RULE = ("**The YAML is the scenario:** editing a table rewrites the YAML (its comments are "
             "dropped), editing the YAML redraws the tables, and while the YAML has errors the "
             "tables are locked and the figures keep its last valid version.")
DISK = {  # what editor.on_disk found, said to the user
    "deleted": "Scenario '{}' was deleted from disk since you opened it. Save your edit under a "
               "name to keep it.",
    "changed": "Scenario '{}' was changed on disk since you opened it. Your edit here is based "
               "on the old version: reload theirs (your edit is dropped), or save yours under "
               "another name.",
    "reloaded": "Scenario '{}' was changed on disk (in a text editor or by a colleague); its new "
                "version is loaded.",
}


# --- the editor and its widgets -------------------------------------------------------------


def _store(editor: Editor) -> Editor:
    st.session_state[EDITOR] = editor
    return editor


def _read_widgets(editor: Editor, baseline: Plan) -> Editor:
    """The editor after what its tables hold now. (The text and the name are read by their
    callbacks: a text widget's state may be left over from before the page was left.)"""
    state = st.session_state
    keys = [editor.table_key(t) for t in model.TABLES]
    if any(k in state for k in keys):
        drawn = check(editor.tables_text, baseline).plan
        editor = model.edit_tables(
            editor, model.apply_edits(model.required_rows(drawn, baseline), state.get(keys[0])),
            model.apply_edits(model.contribution_rows(drawn), state.get(keys[1])), baseline)
    return editor


def _refill(editor: Editor, folder: Path) -> None:
    """Widgets show the editor: after a transition, or when Streamlit forgot them."""
    wanted = {YAML: editor.text, NAME: editor.name,
              BASE: editor.opened if editor.opened in saved_scenarios(folder) else BASELINE}
    for key, value in wanted.items():
        if st.session_state.get(key) != value:
            st.session_state[key] = value


def _read_disk(name: str, folder: Path) -> str | None:
    try:
        return scenario_path(scenarios_dir(folder), name).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def sync(baseline: Plan, folder: Path, shown: bool) -> Editor:
    """Take what the tables hold and what changed on disk; point the sidebar at the edit when
    it changed. Runs before the sidebar is drawn; ``shown``: the What-if page is."""
    editor = _read_widgets(current_editor(), baseline)
    if not shown:
        editor = model.redraw(editor, baseline)
    if editor.opened != BASELINE:
        editor, found = model.on_disk(editor, _read_disk(editor.opened, folder), baseline)
        if found == "reloaded":
            editor = dataclasses.replace(editor, flash=("info", DISK[found].format(
                editor.opened)))
    if editor.follow:
        st.session_state[SCENARIO.key] = editor.target
        editor = model.followed(editor)
    _refill(editor, folder)
    return _store(editor)


def _apply(baseline: Plan, folder: Path, transition, *args) -> None:
    """A callback: what the widgets hold, then the transition; widgets refilled from it."""
    editor = transition(_read_widgets(current_editor(), baseline), *args)
    _refill(_store(editor), folder)


# --- callbacks -----------------------------------------------------------------------------


def _on_start_from(baseline: Plan, folder: Path) -> None:
    _on_reload(st.session_state[BASE], baseline, folder)


def _on_reload(name: str, baseline: Plan, folder: Path) -> None:
    _apply(baseline, folder, model.open_scenario, name, _read_disk(name, folder), baseline)


def _on_discard(baseline: Plan, folder: Path) -> None:
    _apply(baseline, folder, model.discard, baseline)


def _on_yaml(baseline: Plan, folder: Path) -> None:
    _apply(baseline, folder, model.type_yaml, st.session_state[YAML], baseline)


def _on_name(baseline: Plan, folder: Path) -> None:
    _apply(baseline, folder, model.name_typed, st.session_state[NAME])


def _on_save(baseline: Plan, folder: Path) -> None:
    _apply(baseline, folder, _save, baseline, folder)


@editor_only(lambda why, editor, *_: model.refused(editor, f"Nothing was saved: {why}."))
def _save(editor: Editor, baseline: Plan, folder: Path) -> Editor:
    refusal = model.save_refusal(editor, baseline, tuple(saved_scenarios(folder)))
    if refusal:
        return model.refused(editor, f"Nothing was saved: {refusal}")
    text = model.titled(editor, baseline)
    try:
        save_scenario(scenarios_dir(folder), model.save_name(editor), text,
                      expected=model.expected_version(editor), protected=(folder / PLAN_FILE,))
    except SaveConflict as err:
        return model.conflicted(editor, str(err))
    except SaveRefused as err:
        return model.refused(editor, f"Nothing was saved: {err}.")
    except OSError as err:  # its reason, never the server's path
        return model.refused(editor, f"Nothing was saved: {err.strerror or 'not written'}.")
    return model.saved(editor, text)


def _on_show(target: str) -> None:
    st.session_state[SCENARIO.key] = target


# --- page sections -------------------------------------------------------------------------


def start_from(view: View) -> None:
    """'Start from' the baseline or a saved scenario, and the 'Discard edit' button."""
    folder, baseline = view.data_dir, view.baseline.plan
    choose, discard = st.columns([3, 1], vertical_alignment="bottom")
    saved = saved_scenarios(folder)
    labels = {BASELINE: "Baseline (sourced figures, no change)",
              **{n: hypothetical(f"Saved scenario: {scenario_title(folder, n)}") for n in saved}}
    choose.selectbox(
        "Start from", [BASELINE, *saved], key=BASE, format_func=labels.get,
        on_change=_on_start_from,
        args=(baseline, folder), help="Loads it into the editors; the edit so far is dropped.")
    discard.button("Discard edit", key="whatif_discard", on_click=_on_discard,
                   args=(baseline, folder), width="stretch",
                   help="Back to the baseline: no change, nothing hypothetical.")


def disk_watch(view: View) -> None:
    """Say when the saved scenario in the editor changed on disk while edited here (or was
    deleted), and offer to reload it."""
    editor = current_editor()
    if editor.opened == BASELINE:
        return
    _, found = model.on_disk(editor, _read_disk(editor.opened, view.data_dir),
                             view.baseline.plan)
    if found in ("deleted", "changed"):
        st.warning(DISK[found].format(editor.opened), icon="⚠️")
    if found == "changed" and editor.conflict != editor.opened:  # else the save section offers it
        st.button(f"Reload '{editor.opened}' from disk", key="whatif_reload_changed",
                  on_click=_on_reload, args=(editor.opened, view.baseline.plan, view.data_dir))


def sidebar_follows(view: View) -> None:
    """When the sidebar does not show the edit (another scenario was chosen there), say so and
    offer to show it."""
    target = current_editor().target
    if view.choice == target or target == BASELINE:
        return
    st.info(f"The other pages show '{view.choice}', not this edit.", icon="ℹ️")
    st.button(f"Show {scenario_name(target, current_editor().name)} on every page",
              key="whatif_show",
              on_click=_on_show, args=(target,))


@st.fragment
def live(view: View) -> None:
    """The headline and the editors: an edit reruns only this part, so its gap shows at once;
    then the whole page reruns for the chart, the sidebar and what else follows the edit."""
    editor = _store(_read_widgets(current_editor(), view.baseline.plan))
    _refill(editor, view.data_dir)
    headline(view, editor)
    if editor.follow:
        _send_headline()
    st.header("Edit")
    st.markdown(SYNC_RULE)
    validation(view, editor)
    editors(view, editor)
    # Only in a run of this fragment alone (sync has handled the others): the sidebar, the
    # banner and the downloads follow.
    if editor.follow:
        st.rerun(scope="app")


def _send_headline() -> None:
    """Let the server send the headline before the rest of the fragment is drawn.

    The server sends a session's messages every 5 ms, but only when the script lets it have the
    interpreter. Without this pause the headline left with the tables, and the browser drew them
    all in one pass: the gap showed about a third later (``bench/browser.py``). At times the
    page's rerun below even dropped the headline still queued, and it came only with that run.
    Streamlit's own ``st.switch_page`` pauses as long before its rerun, for the same reason."""
    time.sleep(SEND_PAUSE_S)


def headline(view: View, editor: Editor) -> None:
    """The edit's headline figures, with their change against the baseline."""
    checked = check(editor.good, view.baseline.plan)
    if checked.plan == view.baseline.plan:
        # The baseline's own tiles, not a note: the reader sees what an edit will move, and the
        # browser has the tiles' code before the first edit (else the edit waits for it).
        st.markdown("### Baseline — no change yet")
        funding_tiles(dataclasses.replace(view, plan=view.baseline.plan, scenario=None,
                                          choice=BASELINE))
        st.caption("Edit a table or the YAML below, and its effect shows here.")
        return
    st.markdown(f"### {HYPOTHETICAL} — {md(checked.scenario.title)}")
    funding_tiles(dataclasses.replace(view, plan=checked.plan, scenario=checked.scenario,
                                      choice=editor.target))


def validation(view: View, editor: Editor) -> None:
    """Every problem of the edit as typed; the figures keep its last valid version."""
    checked = check(editor.text, view.baseline.plan, editor.file_label)
    if checked.problems:
        problems_box(checked.problems, "The YAML has problems, so the figures keep its last "
                     "valid version")


def editors(view: View, editor: Editor) -> None:
    """The amounts table and the YAML side by side, the contributions table below."""
    baseline = view.baseline.plan
    locked = editor.locked(baseline)
    drawn = check(editor.tables_text, baseline).plan
    st.html(_YAML_STYLE)
    left, right = st.columns(2)
    with left:
        _required_editor(editor, drawn, baseline, locked)
    with right:
        st.text_area(hypothetical("Scenario YAML"), key=YAML, height=ROW_HEIGHT * 13 + 3,
                     on_change=_on_yaml, args=(baseline, view.data_dir),
                     help="Ctrl+Enter or a click outside the box applies it. Changes: "
                     "set_required, add_contribution, set_contribution, remove_contribution.")
    _contributions_editor(editor, drawn, baseline, locked)
    if locked:
        st.caption("🔒 The tables are locked while the YAML has errors: fix the YAML, or press "
                   "'Discard edit'.")


def _required_editor(editor: Editor, plan: Plan, baseline: Plan, locked: bool) -> None:
    st.markdown("**Required per sub-objective, USD** — edit the *required* column")
    frame = pd.DataFrame(model.required_rows(plan, baseline))
    st.data_editor(
        frame, key=editor.table_key("required"), hide_index=True, num_rows="fixed",
        disabled=True if locked else ["id", "title", "baseline"], width="stretch",
        row_height=ROW_HEIGHT, height=ROW_HEIGHT * (len(frame) + 1) + 3,
        column_config={
            "id": st.column_config.TextColumn("id", width=50),
            "title": st.column_config.TextColumn("sub-objective", width="medium"),
            "required": st.column_config.NumberColumn(
                "required (edit)", min_value=0, step=1, format="localized", required=True,
                help="Whole US dollars; objectives and the plan total follow"),
            "baseline": st.column_config.NumberColumn("baseline", format="localized",
                                                      help="As in the plan"),
        })


def _contributions_editor(editor: Editor, plan: Plan, baseline: Plan, locked: bool) -> None:
    st.markdown("**Contributions** — add a row for a new donor (it counts once it has a donor "
                "or an amount); only *confirmed* counts as funding")
    columns = list(model.CONTRIBUTION_COLUMNS)
    frame = pd.DataFrame(model.contribution_rows(plan), columns=columns)
    frame["amount"] = frame["amount"].astype("Int64")
    ids = [s.id for s in baseline.sub_objectives()]
    st.data_editor(
        frame, key=editor.table_key("contributions"), hide_index=True, num_rows="dynamic",
        disabled=locked, width="stretch", row_height=ROW_HEIGHT, placeholder="",  # not "None"
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


def details(view: View) -> None:
    """How the gap moves, sub-objective by sub-objective, and every changed part of the plan.

    The chart is drawn even before the first change: the browser then loads its charting code
    while the page is read, not after the first edit (seconds on a slow machine)."""
    baseline = view.baseline.plan
    checked = check(current_editor().good, baseline)
    st.header(hypothetical("Change against the baseline"))
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
    st.markdown(f"**{hypothetical('Changed parts of the plan')}, USD**")
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
    editor = current_editor()
    _flash(editor)
    if editor.conflict and editor.conflict == editor.opened:
        st.button(f"Reload '{editor.conflict}' as it is on disk now (drops your edit)",
                  key="whatif_reload_theirs", on_click=_on_reload,
                  args=(editor.conflict, view.baseline.plan, view.data_dir))
    writable = can_edit()
    if writable:
        name, button = st.columns([3, 1], vertical_alignment="bottom")
        # checked as it is typed (after a pause), not only on Enter or on leaving the box: a
        # refused title disables Save before anyone reaches for it
        name.text_input("Scenario title", key=NAME, max_chars=64, placeholder="pledge A",
                        on_change=_on_name, args=(view.baseline.plan, view.data_dir),
                        live=True, help="Any words: the banner, the tiles, Compare and the "
                        "slides show them. The file name is made from them ('pledge A' → "
                        "pledge-A.yaml).")
        refusal = model.save_refusal(editor, view.baseline.plan,
                                     tuple(saved_scenarios(view.data_dir)))
        button.button("Save scenario", key="whatif_save", type="primary", on_click=_on_save,
                      args=(view.baseline.plan, view.data_dir), width="stretch",
                      disabled=refusal is not None)
        if refusal and editor.name.strip():
            st.error(f"Cannot be saved: {refusal}")
        elif not refusal:
            st.caption(f"Will be saved as {model.save_name(editor)}.yaml in the scenarios "
                       "folder.")
        st.caption(NAME_RULE)
    else:
        st.info(f"Scenarios cannot be saved here: {why_not()}. Download the YAML to keep it or "
                "to send it.")
    file_name = (model.save_name(editor) if writable else "") or "whatif_edit"
    st.download_button("Download the YAML", editor.text.encode("utf-8"), f"{file_name}.yaml",
                       "application/x-yaml", key="whatif_download",
                       help="The text as it stands, problems included")


def _flash(editor: Editor) -> None:
    """The message of the last save or reload, shown once."""
    if editor.flash is None:
        return
    _store(model.flashed(editor))
    kind, message = editor.flash
    if kind == "success":
        st.success(message)
    elif kind == "conflict":
        st.warning(f"**Not saved**: {message}. Nothing was overwritten. Reload their version, "
                   "or save yours under another name.", icon="⚠️")
    elif kind == "info":
        st.info(message)
    else:
        st.error(message)
