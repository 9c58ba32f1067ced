"""The What-if editor as a value: typing, table edits, opening, saving and discarding."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from srrp.scenarios import editor as model
from srrp.scenarios.editor import Editor
from srrp.scenarios.scenario import BASELINE, DRAFT, parse_scenario
from tests.examples import PLEDGE

BROKEN = PLEDGE.replace("amount: 5000000", "amount: 5,000,000")
SEVEN = PLEDGE.replace("5000000", "7000000")
TEXTS = st.sampled_from([PLEDGE, BROKEN, SEVEN, model.blank_text()])


def required_edit(baseline, position: int, amount: int) -> Editor:
    drawn = baseline
    rows = model.apply_edits(model.required_rows(drawn, baseline),
                             {"edited_rows": {position: {"required": amount}}})
    return model.edit_tables(Editor.new(), rows, model.contribution_rows(drawn), baseline)


def typed(texts: list[str], baseline) -> Editor:
    """A new editor after each of ``texts`` was typed."""
    editor = Editor.new()
    for text in texts:
        editor = model.type_yaml(editor, text, baseline)
    return editor


def visible(editor: Editor) -> tuple:
    """What a user sees of the editor (the tables' widget generations aside)."""
    return (editor.text, editor.good, editor.opened, editor.name, editor.draft, editor.target)


def test_a_new_editor_changes_nothing(baseline):
    editor = Editor.new()
    assert editor.target == BASELINE and editor.draft is None
    assert model.check(editor.text, baseline).plan == baseline


def test_valid_yaml_becomes_the_unsaved_edit_and_the_sidebar_follows(baseline):
    editor = model.type_yaml(Editor.new(), PLEDGE, baseline)
    assert (editor.good, editor.draft, editor.target, editor.follow) == (PLEDGE, PLEDGE, DRAFT,
                                                                         True)
    assert editor.generation == (0, 1)  # only the contributions table is drawn anew


def test_broken_yaml_keeps_the_last_good_text_and_locks_the_tables(baseline):
    good = model.followed(model.type_yaml(Editor.new(), PLEDGE, baseline))
    broken = model.type_yaml(good, BROKEN, baseline)
    assert (broken.text, broken.good, broken.draft) == (BROKEN, PLEDGE, PLEDGE)
    assert broken.locked(baseline) and not broken.follow


@settings(max_examples=30, deadline=None)
@given(texts=st.lists(TEXTS, max_size=4), text=TEXTS)
def test_typing_the_same_yaml_twice_is_typing_it_once(baseline, texts, text):
    editor = typed(texts, baseline)
    once = model.type_yaml(editor, text, baseline)
    assert model.type_yaml(once, text, baseline) is once


@settings(max_examples=30, deadline=None)
@given(texts=st.lists(TEXTS, max_size=4))
def test_discard_returns_to_the_baseline_whatever_was_typed(baseline, texts):
    editor = typed(texts, baseline)
    discarded = model.discard(editor, baseline)
    assert visible(discarded) == visible(Editor.new())
    assert not discarded.locked(baseline)


@settings(max_examples=30, deadline=None)
@given(texts=st.lists(TEXTS, max_size=4))
def test_opening_a_scenario_drops_the_edit_and_shows_it_as_saved(baseline, texts):
    editor = typed(texts, baseline)
    opened = model.open_scenario(editor, "pledge", PLEDGE, baseline)
    assert (opened.text, opened.target, opened.draft) == (PLEDGE, "pledge", None)
    assert opened.name == "What if a donor gives USD 5 M to vaccines (3.2)?"  # its title
    assert model.save_name(opened) == "pledge"  # under its own title, saved over itself
    assert visible(model.open_scenario(Editor.new(), "pledge", PLEDGE, baseline)) == \
        visible(opened)


def test_an_edit_of_an_opened_scenario_is_unsaved_until_typed_back(baseline):
    opened = model.open_scenario(Editor.new(), "pledge", PLEDGE, baseline)
    edited = model.type_yaml(opened, SEVEN, baseline)
    assert edited.target == DRAFT
    assert model.type_yaml(edited, PLEDGE, baseline).target == "pledge"


def test_a_scenario_that_cannot_be_read_leaves_the_editor_as_it_was(baseline):
    editor = model.type_yaml(Editor.new(), PLEDGE, baseline)
    unread = model.open_scenario(editor, "gone", None, baseline)
    assert visible(unread) == visible(editor)
    assert unread.flash[0] == "error" and "cannot be read" in unread.flash[1]


def test_a_table_edit_rewrites_the_yaml(baseline):
    editor = required_edit(baseline, 7, 53_313_335)
    assert "id: '3.2'\n    amount: 53313335" in editor.text
    assert editor.target == DRAFT and editor.from_tables
    assert editor.generation == (0, 0)  # the table edited stays as the user left it


def test_the_same_table_rows_read_again_change_nothing(baseline):
    editor = required_edit(baseline, 7, 53_313_335)
    rows = model.apply_edits(model.required_rows(baseline, baseline),
                             {"edited_rows": {7: {"required": 53_313_335}}})
    again = model.edit_tables(editor, rows, model.contribution_rows(baseline), baseline)
    assert again is editor


def test_leaving_the_page_redraws_an_edited_table_from_the_text(baseline):
    editor = model.redraw(required_edit(baseline, 7, 53_313_335), baseline)
    assert editor.generation == (1, 0) and editor.tables_text == editor.good
    drawn = model.check(editor.tables_text, baseline).plan
    assert model.required_rows(drawn, baseline)[7]["required"] == 53_313_335


def test_saving_names_the_scenario_and_the_sidebar_shows_it(baseline):
    editor = model.name_typed(model.type_yaml(Editor.new(), PLEDGE, baseline), "pledge")
    assert model.save_refusal(editor, baseline) is None
    assert model.expected_version(editor) is None  # a new file
    saved = model.saved(editor, "data/scenarios/pledge.yaml")
    assert (saved.opened, saved.target, saved.draft) == ("pledge", "pledge", None)
    assert model.expected_version(saved) == saved.opened_version is not None


def test_broken_yaml_or_a_name_the_menu_uses_is_refused_before_any_file_is_touched(baseline):
    broken = model.name_typed(model.type_yaml(Editor.new(), BROKEN, baseline), "x")
    assert "YAML has problems" in model.save_refusal(broken, baseline)
    for name in (BASELINE, DRAFT):
        editor = model.name_typed(model.type_yaml(Editor.new(), PLEDGE, baseline), name)
        assert "Scenario menu uses" in model.save_refusal(editor, baseline)


def test_a_conflict_on_the_opened_scenario_offers_a_reload_and_elsewhere_refuses(baseline):
    opened = model.open_scenario(Editor.new(), "pledge", PLEDGE, baseline)
    same = model.conflicted(opened, "changed by someone else")
    assert same.conflict == "pledge" and same.flash[0] == "conflict"
    other = model.conflicted(model.name_typed(opened, "other"), "exists already")
    assert other.conflict is None and other.flash[0] == "error"


def test_a_scenario_changed_on_disk_is_reloaded_only_when_not_edited_here(baseline):
    opened = model.open_scenario(Editor.new(), "pledge", PLEDGE, baseline)
    reloaded, found = model.on_disk(opened, SEVEN, baseline)
    assert found == "reloaded" and reloaded.text == SEVEN and reloaded.target == "pledge"
    edited = model.type_yaml(opened, BROKEN, baseline)
    kept, found = model.on_disk(edited, SEVEN, baseline)
    assert found == "changed" and kept is edited
    assert model.on_disk(opened, None, baseline)[1] == "deleted"
    assert model.on_disk(opened, PLEDGE, baseline) == (opened, None)


def test_a_message_is_shown_once_and_the_sidebar_follows_once(baseline):
    editor = model.refused(Editor.new(), "Nothing was saved")
    assert model.flashed(editor).flash is None
    typed = model.type_yaml(Editor.new(), PLEDGE, baseline)
    assert not model.followed(typed).follow
    assert model.followed(model.followed(typed)) == dataclasses.replace(typed, follow=False)


def test_a_row_added_without_an_id_gets_one_that_is_free():
    rows = model.clean_contributions([{"id": "hypothetical-1", "donor": "A", "amount": 1},
                                      {"id": None, "donor": " B ", "amount": 2.0},
                                      {"id": None, "donor": None, "amount": None}])
    assert [(r["id"], r["donor"], r["amount"]) for r in rows] == [
        ("hypothetical-1", "A", 1), ("hypothetical-2", "B", 2)]


def test_a_title_with_spaces_is_saved_under_a_plain_file_name_and_kept_whole(baseline):
    editor = model.name_typed(model.type_yaml(Editor.new(), PLEDGE, baseline), "pledge A")
    assert model.save_name(editor) == "pledge-A"
    assert model.save_refusal(editor, baseline) is None
    text = model.titled(editor, baseline)
    assert parse_scenario(text, "s", "s").title == "pledge A"
    saved = model.saved(editor, text)
    assert (saved.opened, saved.name, saved.target) == ("pledge-A", "pledge A", "pledge-A")
    assert "/" not in saved.flash[1] and "pledge-A.yaml" in saved.flash[1]


@pytest.mark.parametrize(("title", "why"), [
    ("", "give the scenario a title"), ("draft", "the Scenario menu uses"),
    ("Baseline", None), ("taken", "saved as taken.yaml already")])
def test_the_title_check_says_what_it_refuses_before_saving(baseline, title, why):
    editor = model.name_typed(model.type_yaml(Editor.new(), PLEDGE, baseline), title)
    refusal = model.save_refusal(editor, baseline, ("taken",))
    assert (refusal is None) if why is None else (why in refusal)


def test_a_title_typed_in_the_yaml_is_the_title_to_save_under(baseline):
    editor = model.type_yaml(Editor.new(), PLEDGE, baseline)
    assert editor.name == "What if a donor gives USD 5 M to vaccines (3.2)?"
    assert model.save_name(editor) == "What-if-a-donor-gives-USD-5-M-to-vaccines-3-2"
