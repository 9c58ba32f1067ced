"""The plan file: every mistake a maintainer can make is named by its code and its line.

Each broken fixture in tests/fixtures/plan/ is minimal.yaml with one mistake planted (its first
line says which), so the lines below are the real lines of the mistakes in those files.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import time
from pathlib import Path

import pytest
import yaml

from srrp.files.yamlsource import MAX_BYTES
from srrp.plan.tree import check_plan, load_plan, parse_plan
from srrp.problems import InvalidData

ROOT = Path(__file__).resolve().parents[3]
PLAN_FIXTURES = ROOT / "tests" / "fixtures" / "plan"
BUNDLED_PLAN = ROOT / "data" / "plan_2021.yaml"


def codes(err: pytest.ExceptionInfo[InvalidData]) -> list[tuple[str, str]]:
    """(file:line, code) of every problem, in the order they are reported."""
    return [(f"{p.file}:{p.line}", p.code) for p in err.value.problems]


def load_fixture(name: str):
    return load_plan(PLAN_FIXTURES / name, display_name=name)


def refuse(name: str) -> pytest.ExceptionInfo[InvalidData]:
    with pytest.raises(InvalidData) as err:
        load_fixture(name)
    return err


BROKEN = [
    # fixture, [(file:line, code), ...] in file order
    ("yaml_syntax.yaml", [("yaml_syntax.yaml:20", "yaml-syntax")]),
    ("yaml_syntax_tab.yaml", [("yaml_syntax_tab.yaml:21", "yaml-syntax")]),
    ("duplicate_key.yaml", [("duplicate_key.yaml:35", "duplicate-key")]),
    # a misspelt required key is one mistake, at the misspelling, not also a missing key
    ("unknown_key.yaml", [("unknown_key.yaml:30", "unknown-key")]),
    ("unknown_key_list.yaml", [("unknown_key_list.yaml:12", "unknown-key")]),
    ("unknown_key_optional.yaml", [("unknown_key_optional.yaml:21", "unknown-key")]),
    # a key under another name is no misspelling: the right one is missing too
    ("unknown_key_renamed.yaml", [("unknown_key_renamed.yaml:32", "missing-key"),
                                  ("unknown_key_renamed.yaml:33", "unknown-key")]),
    ("missing_key.yaml", [("missing_key.yaml:32", "missing-key")]),
    ("wrong_type.yaml", [("wrong_type.yaml:28", "wrong-type")]),
    ("wrong_type_list.yaml", [("wrong_type_list.yaml:25", "wrong-type")]),
    # a list that cannot be read is reported alone: nothing is summed or looked up in it
    ("wrong_type_objectives.yaml", [("wrong_type_objectives.yaml:19", "wrong-type")]),
    ("wrong_type_sub_objectives.yaml", [("wrong_type_sub_objectives.yaml:36", "wrong-type")]),
    ("wrong_type_sources.yaml", [("wrong_type_sources.yaml:12", "wrong-type")]),
    ("amount_grouped.yaml", [("amount_grouped.yaml:26", "amount-as-text")]),
    ("amount_money.yaml", [("amount_money.yaml:26", "amount-as-text")]),
    ("amount_negative.yaml", [("amount_negative.yaml:49", "bad-amount")]),
    ("amount_decimal.yaml", [("amount_decimal.yaml:49", "bad-amount")]),
    ("bad_id.yaml", [("bad_id.yaml:28", "bad-id")]),
    ("duplicate_id.yaml", [("duplicate_id.yaml:28", "duplicate-id")]),
    ("sum_mismatch.yaml", [("sum_mismatch.yaml:21", "sum-mismatch")]),
    ("unknown_sub_objective.yaml", [("unknown_sub_objective.yaml:51", "unknown-sub-objective")]),
    ("unknown_source.yaml", [("unknown_source.yaml:35", "unknown-source")]),
    ("bad_date.yaml", [("bad_date.yaml:50", "bad-date")]),
    ("bad_value.yaml", [("bad_value.yaml:52", "bad-value")]),
    ("unsafe_tag.yaml", [("unsafe_tag.yaml:48", "unsafe-tag")]),
    ("too_complex.yaml", [("too_complex.yaml:56", "too-complex")]),
    ("too_deep.yaml", [("too_deep.yaml:5", "too-deep")]),
    ("empty.yaml", [("empty.yaml:1", "empty-file")]),
    ("comments_only.yaml", [("comments_only.yaml:1", "empty-file")]),
    ("encoding_latin1.yaml", [("encoding_latin1.yaml:5", "encoding")]),
]


@pytest.mark.parametrize(("fixture", "expected"), BROKEN, ids=[b[0] for b in BROKEN])
def test_each_mistake_is_reported_with_its_code_and_line(fixture, expected):
    assert sorted(codes(refuse(fixture))) == sorted(expected)


def test_every_broken_fixture_is_in_the_table():
    """A fixture added to the folder but not to the table would never be checked."""
    on_disk = {p.name for p in PLAN_FIXTURES.glob("*.yaml")}
    assert on_disk - {"minimal.yaml", "three_mistakes.yaml"} == {b[0] for b in BROKEN}


def test_each_broken_fixture_is_the_minimal_plan_with_one_change():
    """So that each fixture shows one mistake, and lines read alike in all of them."""
    def body(name: str) -> list[str]:  # Latin-1 reads any bytes; the 2 header lines differ
        return (PLAN_FIXTURES / name).read_text(encoding="latin-1").splitlines()[2:]

    minimal = body("minimal.yaml")
    changes = {fixture: [op for op in difflib.SequenceMatcher(a=minimal, b=body(fixture))
                         .get_opcodes() if op[0] != "equal"]
               for fixture, _ in BROKEN if fixture not in ("empty.yaml", "comments_only.yaml")}
    assert {fixture: len(ops) for fixture, ops in changes.items() if len(ops) != 1} == {}


def test_the_minimal_plan_is_valid():
    plan = load_fixture("minimal.yaml")
    assert [o.id for o in plan.objectives] == ["1", "2"]
    assert [s.id for s in plan.sub_objectives()] == ["1.1", "1.2", "2.1", "2.2"]
    assert [c.id for c in plan.contributions] == ["donor-2021"]


def test_validation_collects_every_problem_not_just_the_first():
    assert sorted(codes(refuse("three_mistakes.yaml"))) == sorted([
        ("three_mistakes.yaml:9", "amount-as-text"),
        ("three_mistakes.yaml:50", "bad-date"),
        ("three_mistakes.yaml:52", "bad-value"),
    ])


def test_problems_are_listed_in_file_order():
    """Like a compiler's, the report reads top to bottom, so the maintainer fixes as they scroll."""
    problems = refuse("three_mistakes.yaml").value.problems
    assert [p.line for p in problems] == sorted(p.line for p in problems)


def test_the_problem_names_the_column_too():
    problem = refuse("sum_mismatch.yaml").value.problems[0]
    assert str(problem).startswith("sum_mismatch.yaml:21:15: sum-mismatch: ")


# --- what the messages tell the maintainer to do -------------------------------------------

def message(fixture: str) -> str:
    (problem,) = refuse(fixture).value.problems
    return problem.message


def test_a_misspelt_required_key_is_named_where_it_is_misspelt_with_the_right_one():
    (problem,) = refuse("unknown_key.yaml").value.problems
    assert str(problem).startswith("unknown_key.yaml:30:9: unknown-key: ")
    assert "did you mean 'required'?" in problem.message
    assert "rename it to 'required'" in problem.message


def test_a_misspelt_optional_key_suggests_the_right_one():
    assert "did you mean 'description'?" in message("unknown_key_optional.yaml")


def test_a_grouped_amount_is_given_back_as_plain_digits():
    text = message("amount_grouped.yaml")
    assert '"25,928,630"' in text
    assert text.endswith(": 25928630")


def test_an_amount_with_currency_and_unit_asks_for_the_exact_dollars():
    text = message("amount_money.yaml")
    assert '"$25.9M"' in text
    assert "exact amount in whole US dollars as digits only" in text


def test_an_unquoted_id_asks_for_quotes():
    assert 'id: "1.2"' in message("wrong_type.yaml")


def test_a_negative_amount_says_amounts_cannot_be_negative():
    assert "cannot be negative" in message("amount_negative.yaml")


def test_a_decimal_amount_asks_for_whole_dollars():
    assert "whole US dollars with no decimal point" in message("amount_decimal.yaml")


def test_a_misspelt_reference_or_status_suggests_the_known_one():
    assert "did you mean 'page'?" in message("unknown_source.yaml")
    assert "did you mean 'confirmed'?" in message("bad_value.yaml")


def test_a_tab_is_named_as_the_cause():
    assert "tab" in message("yaml_syntax_tab.yaml")


def test_a_duplicate_key_names_the_line_of_the_first():
    assert "first on line 34" in message("duplicate_key.yaml")


def test_sum_mismatch_in_the_bundled_plan_reads_like_the_style_guide(tmp_path):
    """Sub-objective 3.3 raised by 1,000 while objective 3 is left as it was."""
    text = BUNDLED_PLAN.read_text(encoding="utf-8")
    assert text.count("required: 41108948") == 1
    edited = tmp_path / "plan_2021.yaml"
    edited.write_text(text.replace("required: 41108948", "required: 41109948"), encoding="utf-8")
    objective_3_line = text.splitlines().index("    required: 249868639") + 1

    with pytest.raises(InvalidData) as err:
        load_plan(edited, display_name="plan_2021.yaml")

    assert codes(err) == [(f"plan_2021.yaml:{objective_3_line}", "sum-mismatch")]
    assert err.value.problems[0].message == (
        "objective 3 requires 249,868,639 but its sub-objectives add up to 249,869,639 "
        "(1,000 more)")


# --- unsafe and oversized input -----------------------------------------------------------

def plant_command(tmp_path: Path, marker: Path) -> Path:
    text = (PLAN_FIXTURES / "unsafe_tag.yaml").read_text(encoding="utf-8")
    assert '["echo hi"]' in text
    path = tmp_path / "unsafe.yaml"
    path.write_text(text.replace('["echo hi"]', f'["touch {marker}"]'), encoding="utf-8")
    return path


def test_a_python_tag_is_refused_without_running_it(tmp_path):
    marker = tmp_path / "ran"
    with pytest.raises(InvalidData) as err:
        load_plan(plant_command(tmp_path, marker), display_name="unsafe.yaml")
    assert codes(err) == [("unsafe.yaml:48", "unsafe-tag")]
    assert not marker.exists()


def test_the_planted_command_would_run_under_an_unsafe_loader(tmp_path):
    """Shows the previous test's payload is live, so its marker check is not vacuous."""
    marker = tmp_path / "ran"
    yaml.unsafe_load(plant_command(tmp_path, marker).read_text(encoding="utf-8"))
    assert marker.exists()


def test_an_alias_bomb_is_refused_at_once():
    """Expanded, the bomb is 9**9 values; refusing it costs a fraction of a second of CPU
    (this thread's CPU time, not wall time, so that a busy machine or another thread of the
    process does not make the test flaky)."""
    started = time.thread_time()
    assert codes(refuse("too_complex.yaml")) == [("too_complex.yaml:56", "too-complex")]
    assert time.thread_time() - started < 1.0


def test_nesting_deeper_than_the_parser_can_follow_is_refused_not_a_crash():
    with pytest.raises(InvalidData) as err:
        parse_plan("plan: " + "[" * 700 + "]" * 700 + "\n", "deep.yaml")
    assert [p.code for p in err.value.problems] == ["too-deep"]


def test_an_oversized_file_is_refused_before_it_is_parsed():
    with pytest.raises(InvalidData) as err:
        parse_plan("# padding\n" * (MAX_BYTES // 10 + 1), "huge.yaml")
    assert [p.code for p in err.value.problems] == ["too-large"]


# --- encodings and line endings -----------------------------------------------------------

def test_a_byte_order_mark_is_accepted(tmp_path):
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + (PLAN_FIXTURES / "minimal.yaml").read_bytes())
    assert load_plan(path) == load_fixture("minimal.yaml")


def test_windows_line_endings_are_accepted(tmp_path):
    path = tmp_path / "crlf.yaml"
    path.write_bytes((PLAN_FIXTURES / "minimal.yaml").read_bytes().replace(b"\n", b"\r\n"))
    assert load_plan(path) == load_fixture("minimal.yaml")


@pytest.mark.parametrize("prefix", [b"", b"\xef\xbb\xbf"], ids=["no-bom", "bom"])
def test_lines_stay_right_with_windows_line_endings_and_a_bom(tmp_path, prefix):
    path = tmp_path / "sum_mismatch.yaml"
    raw = (PLAN_FIXTURES / "sum_mismatch.yaml").read_bytes().replace(b"\n", b"\r\n")
    path.write_bytes(prefix + raw)
    with pytest.raises(InvalidData) as err:
        load_plan(path, display_name=path.name)
    assert codes(err) == [("sum_mismatch.yaml:21", "sum-mismatch")]
    assert err.value.problems[0].col == 15


# --- the bundled plan against its source document -----------------------------------------

def test_the_bundled_plan_is_valid(baseline):
    """Checked even where the source document is absent; the headline figure with it."""
    assert check_plan(baseline) == []
    assert baseline.required == 822_868_000
    assert len(baseline.objectives) == 4
    assert len(baseline.sub_objectives()) == 12


def test_the_page_yields_every_figure(plan_page_figures):
    """Guards the regular expressions: a page they misread would make the next test vacuous."""
    total, objectives, subs = plan_page_figures
    assert total > 0
    assert len(objectives) == 4
    assert [len(s) for s in subs] == [3, 3, 3, 3]


def test_the_bundled_plan_reproduces_every_figure_of_the_plan_page(baseline, plan_page_figures):
    total, objectives, subs = plan_page_figures
    assert baseline.required == total
    assert [o.required for o in baseline.objectives] == objectives
    assert [[s.required for s in o.sub_objectives] for o in baseline.objectives] == subs


def test_the_bundled_plan_copies_the_objective_titles_of_the_page(baseline, plan_page):
    titles = re.findall(r"^Objective\n(.+)$", plan_page, re.M)
    assert [" ".join(o.title.split()) for o in baseline.objectives] == titles


def test_the_bundled_plan_has_the_date_of_the_page(baseline, plan_page):
    printed = re.search(r"^Last updated: (\w+ \d{1,2} \d{4})$", plan_page, re.M)[1]
    assert baseline.last_updated == dt.datetime.strptime(printed, "%B %d %Y").date().isoformat()
