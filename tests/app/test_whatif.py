"""The What-if page: edits as tables or YAML, live checks, every page following, saving safely."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import srrp.files.store
from components.params import SCENARIO
from components.view import EDITOR
from srrp.files.store import SaveConflict, SaveRefused, save_scenario
from srrp.plan.tree import load_plan
from srrp.scenarios.scenario import BASELINE, DRAFT, apply_scenario, load_scenario
from tests.examples import PLEDGE

ROOT = Path(__file__).resolve().parents[2]
WHATIF, OVERVIEW = "pages/whatif.py", "pages/overview.py"
BASELINE_TILES = ["USD 822.9 M", "USD 240,000", "USD 822.6 M", "0.03 %"]
ROW_3_2 = 7  # 3.2's row in the amounts table
TITLE = "What if a donor gives USD 5 M to vaccines (3.2)?"  # PLEDGE's


@pytest.fixture
def whatif(open_page):
    return lambda **query: open_page(WHATIF, **query)


def tiles(at) -> list[str]:
    return [m.value for m in at.metric]


def editor(at, table: str):
    return next(e for e in at.data_editor if e.key.startswith(f"whatif_{table}_"))


def edit_table(at, table: str, edits: dict):
    """Edit a table as the browser does: its widget's edit state (edited, added and deleted
    rows), then a run."""
    at.session_state[editor(at, table).key] = {"edited_rows": {}, "added_rows": [],
                                               "deleted_rows": [], **edits}
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def draft(at) -> str | None:
    """The unsaved edit offered to every page (None: there is none)."""
    return at.session_state[EDITOR].draft


def type_yaml(at, text: str):
    at.text_area(key="whatif_yaml").input(text).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def save_as(at, name: str):
    at.text_input(key="whatif_name").input(name).run()
    at.button(key="whatif_save").click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def problem_codes(at) -> list[tuple[str, str]]:
    """(file:line:col, code) of every problem listed on the page."""
    lines = "\n".join(c.value for c in at.code).splitlines()
    return [(m[1], m[2]) for m in map(re.compile(r"^(.*?): ([a-z-]+): ").match, lines) if m]


def banner(at) -> bool:
    return any("HYPOTHETICAL" in w.value for w in at.warning)


def offers(select, title: str) -> bool:
    """Whether a selectbox lists the saved scenario of this title (options are shown as
    labels)."""
    return any(label.endswith(f"{title} (hypothetical)") for label in select.options)


def test_the_page_opens_on_the_baseline_with_nothing_hypothetical(whatif):
    at = whatif()
    assert tiles(at) == BASELINE_TILES
    assert not any("hypothetical" in m.label for m in at.metric)
    assert not banner(at)
    assert "changes: []" in at.text_area(key="whatif_yaml").value
    assert len(editor(at, "required").value) == 12
    assert list(editor(at, "contributions").value["id"]) == ["usa-bprm-lao-2021"]


def test_editing_3_2_required_in_the_table_changes_the_overview(whatif):
    at = edit_table(whatif(), "required", {"edited_rows": {str(ROW_3_2): {"required": 53313335}}})

    assert at.session_state[SCENARIO.key] == DRAFT
    assert "id: '3.2'\n    amount: 53313335" in at.text_area(key="whatif_yaml").value
    assert tiles(at)[0] == "USD 827.9 M"
    at.switch_page(OVERVIEW).run()
    assert not at.exception
    assert tiles(at)[0] == "USD 827.9 M" and tiles(at)[2] == "USD 827.6 M"
    assert tiles(at) != BASELINE_TILES
    assert banner(at)


def test_an_edit_the_sidebar_no_longer_shows_is_offered_to_every_page_again(whatif):
    at = edit_table(whatif(), "required", {"edited_rows": {ROW_3_2: {"required": 53313335}}})
    assert "amount: 53313335" in at.text_area(key="whatif_yaml").value
    assert tiles(at)[0] == "USD 827.9 M"

    at.sidebar.selectbox(key=SCENARIO.key).select(BASELINE).run()
    assert any("not this edit" in i.value for i in at.info)
    assert tiles(at)[0] == "USD 827.9 M"  # the editor keeps its edit
    at.button(key="whatif_show").click().run()
    assert at.session_state[SCENARIO.key] == DRAFT
    at.switch_page(OVERVIEW).run()
    assert tiles(at)[0] == "USD 827.9 M" and banner(at)


def test_a_contribution_row_added_in_the_table_becomes_add_contribution(whatif):
    row = {"donor": "Hypothetical donor", "amount": 5000000, "sub_objective": "3.2",
           "status": "confirmed"}
    at = edit_table(whatif(), "contributions", {"added_rows": [row]})

    text = at.text_area(key="whatif_yaml").value
    assert "add_contribution:\n    id: hypothetical-1\n    donor: Hypothetical donor" in text
    assert tiles(at)[1] == "USD 5.2 M"
    assert at.session_state[SCENARIO.key] == DRAFT


def test_a_yaml_edit_moves_the_tables_and_every_page(whatif):
    at = whatif()
    drawn = {table: editor(at, table).proto.id for table in ("required", "contributions")}
    at = type_yaml(at, PLEDGE)

    # only the table the edit changes is drawn anew; the browser keeps the other as it is
    assert editor(at, "required").proto.id == drawn["required"]
    assert editor(at, "contributions").proto.id != drawn["contributions"]
    contributions = editor(at, "contributions").value
    assert list(contributions["id"]) == ["usa-bprm-lao-2021", "pledge-5m"]
    assert draft(at) == PLEDGE
    assert tiles(at)[1] == "USD 5.2 M"
    at.switch_page(OVERVIEW).run()
    assert tiles(at)[1] == "USD 5.2 M" and banner(at)


def test_a_yaml_edit_undoing_a_table_edit_redraws_that_table(whatif):
    at = edit_table(whatif(), "required", {"edited_rows": {str(ROW_3_2): {"required": 53313335}}})
    baseline = editor(at, "required").value.loc[ROW_3_2, "baseline"]
    at = type_yaml(at, PLEDGE)  # the amount of 3.2 is not in this text

    assert editor(at, "required").value.loc[ROW_3_2, "required"] == baseline
    assert list(editor(at, "contributions").value["id"]) == ["usa-bprm-lao-2021", "pledge-5m"]


def test_a_broken_yaml_edit_lists_every_problem_and_keeps_the_last_good_figures(whatif):
    at = type_yaml(whatif(), PLEDGE)
    good = tiles(at)

    at = type_yaml(at, PLEDGE.replace("  title:", "title:\n  - ["))
    assert [code for _, code in problem_codes(at)] == ["yaml-syntax"]
    assert re.fullmatch(r"unsaved edit:\d+:\d+", problem_codes(at)[0][0])
    assert tiles(at) == good
    assert draft(at) == PLEDGE

    broken = PLEDGE.replace("donor: Hypothetical", "doner: Hypothetical").replace(
        "amount: 5000000", "amount: 5,000,000")
    at = type_yaml(at, broken)
    codes = problem_codes(at)
    assert {code for _, code in codes} >= {"unknown-key", "amount-as-text"}
    assert all(re.fullmatch(r"unsaved edit:\d+:\d+", where) for where, _ in codes)
    assert at.text_area(key="whatif_yaml").value == broken
    assert tiles(at) == good
    assert draft(at) == PLEDGE
    assert editor(at, "required").proto.disabled  # the tables wait for valid YAML
    at.switch_page(OVERVIEW).run()
    assert not at.exception
    assert tiles(at)[1] == "USD 5.2 M" and banner(at)


def test_saving_writes_the_file_atomically_and_selects_it_in_the_sidebar(whatif, data_dir,
                                                                         monkeypatch):
    replaced = []
    real_replace = srrp.files.store.os.replace
    monkeypatch.setattr(srrp.files.store.os, "replace",
                        lambda src, dst: replaced.append((Path(src), Path(dst)))
                        or real_replace(src, dst))
    at = save_as(type_yaml(whatif(), PLEDGE), TITLE)

    target = data_dir / "scenarios" / "What-if-a-donor-gives-USD-5-M-to-vaccines-3-2.yaml"
    assert target.read_text(encoding="utf-8") == PLEDGE
    assert [(src.parent, dst) for src, dst in replaced] == [(target.parent, target)]
    assert sorted(p.name for p in target.parent.iterdir()) == [".lock", target.name]
    assert offers(at.sidebar.selectbox(key=SCENARIO.key), TITLE)
    assert at.session_state[SCENARIO.key] == target.stem
    assert draft(at) is None
    assert at.selectbox(key="whatif_base").value == target.stem
    at.switch_page(OVERVIEW).run()
    assert tiles(at)[1] == "USD 5.2 M" and banner(at)


def test_a_title_with_spaces_is_shown_everywhere_and_saved_under_a_plain_file_name(
        whatif, data_dir):
    at = save_as(type_yaml(whatif(), PLEDGE), "pledge A")
    target = data_dir / "scenarios" / "pledge-A.yaml"
    assert load_scenario(target).title == "pledge A"
    assert any("Saved as scenario 'pledge A' (file pledge-A.yaml)" in s.value
               for s in at.success)
    assert not any(str(data_dir) in m.value for m in [*at.success, *at.error, *at.info])
    assert offers(at.sidebar.selectbox(key=SCENARIO.key), "pledge A")
    at.switch_page(OVERVIEW).run()
    said = " ".join(w.value for w in at.warning)
    assert "scenario 'pledge A'" in said and "Unsaved what-if edit" not in said


@pytest.mark.parametrize(("name", "why"), [("draft", "the Scenario menu uses itself"),
                                           ("", None)])
def test_a_title_the_check_refuses_is_refused_as_it_is_typed(whatif, data_dir, name, why):
    at = type_yaml(whatif(), PLEDGE)
    at.text_input(key="whatif_name").input(name).run()
    assert at.button(key="whatif_save").disabled  # before any click
    assert (why is None and not at.error) or why in at.error[-1].value
    assert not [p for p in (data_dir / "scenarios").iterdir() if p.suffix == ".yaml"]
    assert at.session_state[SCENARIO.key] == DRAFT


@pytest.mark.parametrize(("name", "file"), [("../evil", "evil.yaml"), ("a/b", "a-b.yaml")])
def test_a_title_with_slashes_is_saved_inside_the_scenarios_folder(whatif, data_dir, name,
                                                                    file):
    before = sorted(p for p in data_dir.rglob("*") if p.is_file())
    save_as(type_yaml(whatif(), PLEDGE), name)
    after = sorted(p for p in data_dir.parent.rglob("*") if p.is_file() and p.name != ".lock")
    assert after == sorted([*before, data_dir / "scenarios" / file])


def test_a_title_named_like_the_baseline_file_is_refused(whatif, data_dir):
    baseline = (data_dir / "plan_2021.yaml").read_bytes()
    at = save_as(type_yaml(whatif(), PLEDGE), "plan_2021")
    assert at.error and "Nothing was saved" in at.error[-1].value
    assert (data_dir / "plan_2021.yaml").read_bytes() == baseline
    assert not [p for p in (data_dir / "scenarios").iterdir() if p.suffix == ".yaml"]


def test_a_scenario_changed_on_disk_since_it_was_opened_is_never_overwritten(whatif, data_dir):
    mine = PLEDGE.replace(TITLE, "shared")
    at = save_as(type_yaml(whatif(), mine), "shared")
    target = data_dir / "scenarios" / "shared.yaml"
    theirs = mine.replace("5000000", "7000000")
    target.write_text(theirs, encoding="utf-8")

    at = type_yaml(at, mine.replace("5000000", "6000000"))
    assert any("changed on disk" in w.value for w in at.warning)
    at.button(key="whatif_save").click().run()

    assert target.read_text(encoding="utf-8") == theirs
    assert any("Not saved" in w.value and "changed by someone else" in w.value
               for w in at.warning)
    at.button(key="whatif_reload_theirs").click().run()
    assert at.text_area(key="whatif_yaml").value == theirs
    assert at.session_state[SCENARIO.key] == "shared"


def test_saving_under_a_name_that_exists_is_refused_as_it_is_typed(whatif, data_dir):
    (data_dir / "scenarios" / "taken.yaml").write_text(PLEDGE, encoding="utf-8")
    at = type_yaml(whatif(), PLEDGE.replace("5000000", "1"))
    at.text_input(key="whatif_name").input("taken").run()
    assert at.button(key="whatif_save").disabled
    assert "saved as taken.yaml already" in at.error[-1].value
    assert (data_dir / "scenarios" / "taken.yaml").read_text(encoding="utf-8") == PLEDGE


def test_the_title_box_says_its_rule_and_file_name_before_save_is_pressed(whatif, data_dir):
    """The rule is under the box before anything is typed, the box sends what is typed after
    a pause (not only on Enter or on leaving it), and each title sent says the file it will be
    saved as, or why it cannot be, with Save disabled."""
    (data_dir / "scenarios" / "taken.yaml").write_text(PLEDGE, encoding="utf-8")
    at = type_yaml(whatif(), PLEDGE)
    box = at.text_input(key="whatif_name")
    assert box.proto.live_debounce_ms > 0
    assert any("cannot be 'baseline', 'draft' or a scenario saved already" in c.value
               for c in at.caption)
    at = box.input("pledge A").run()
    assert any(c.value.startswith("Will be saved as pledge-A.yaml") for c in at.caption)
    assert not at.button(key="whatif_save").disabled
    at = at.text_input(key="whatif_name").input("taken").run()
    assert at.button(key="whatif_save").disabled and "taken.yaml" in at.error[-1].value
    assert not any(c.value.startswith("Will be saved as") for c in at.caption)


def test_a_read_only_deployment_offers_download_only(whatif, monkeypatch):
    monkeypatch.setenv("SRRP_READ_ONLY", "1")
    at = type_yaml(whatif(), PLEDGE)
    assert not [b for b in at.button if b.key == "whatif_save"]
    assert not [t for t in at.text_input if t.key == "whatif_name"]
    assert any("read-only" in i.value for i in at.info)
    assert at.get("download_button")


def test_a_scenario_written_to_disk_appears_on_the_next_rerun(whatif, data_dir):
    at = whatif()
    path = data_dir / "scenarios" / "colleague.yaml"
    path.write_text(PLEDGE, encoding="utf-8")
    at.run()
    assert offers(at.sidebar.selectbox(key=SCENARIO.key), TITLE)  # by its title
    assert offers(at.selectbox(key="whatif_base"), TITLE)

    at.selectbox(key="whatif_base").select("colleague").run()
    assert at.text_area(key="whatif_yaml").value == PLEDGE
    assert at.session_state[SCENARIO.key] == "colleague"

    path.write_text(PLEDGE.replace("5000000", "9000000"), encoding="utf-8")
    at.run()  # not edited here: the new version replaces the old one in the editor
    assert "9000000" in at.text_area(key="whatif_yaml").value
    assert tiles(at)[1] == "USD 9.2 M"
    assert any("changed on disk" in i.value for i in at.info)


def test_discard_returns_every_page_to_the_baseline(whatif):
    at = type_yaml(whatif(), PLEDGE)
    at.button(key="whatif_discard").click().run()
    assert at.session_state[SCENARIO.key] == BASELINE
    assert draft(at) is None
    assert "changes: []" in at.text_area(key="whatif_yaml").value
    at.switch_page(OVERVIEW).run()
    assert tiles(at) == BASELINE_TILES and not banner(at)


def test_the_edit_survives_a_visit_to_another_page(whatif):
    at = edit_table(whatif(), "required", {"edited_rows": {str(ROW_3_2): {"required": 53313335}}})
    text = at.text_area(key="whatif_yaml").value
    at.switch_page(OVERVIEW).run()
    at.switch_page(WHATIF).run()
    assert at.text_area(key="whatif_yaml").value == text
    assert editor(at, "required").value.loc[ROW_3_2, "required"] == 53313335
    assert tiles(at)[0] == "USD 827.9 M"


def test_the_example_scenario_is_a_hypothetical_5m_for_vaccines():
    plan = load_plan(ROOT / "data" / "plan_2021.yaml")
    scenario = load_scenario(ROOT / "data" / "scenarios" / "vaccines_pledge_5m.yaml")
    added = [c for c in apply_scenario(plan, scenario).contributions if c.hypothetical]
    assert [(c.donor, c.amount, c.sub_objective, c.status) for c in added] == [
        ("Hypothetical donor", 5_000_000, "3.2", "confirmed")]
    assert "HYPOTHETICAL" in scenario.description


def test_a_scenario_named_like_the_baseline_is_refused(tmp_path):
    baseline = tmp_path / "plan_2021.yaml"
    with pytest.raises(SaveRefused):
        save_scenario(tmp_path / "scenarios", "plan_2021", PLEDGE, protected=(baseline,))
    assert not (tmp_path / "scenarios" / "plan_2021.yaml").exists()


def test_a_new_scenario_under_a_taken_name_is_said_to_exist_already(tmp_path):
    folder = tmp_path / "scenarios"
    save_scenario(folder, "taken", PLEDGE)
    with pytest.raises(SaveConflict, match="exists already"):
        save_scenario(folder, "taken", "other", expected=None)
    assert (folder / "taken.yaml").read_text(encoding="utf-8") == PLEDGE
