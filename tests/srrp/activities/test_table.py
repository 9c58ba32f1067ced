"""Activity files: what a spreadsheet may look like and still load, and what is refused where.

The fixtures in tests/fixtures/activities/ are with_hxl.csv (three rows: one for four provinces
together, one national, one for a single province) written in the ways spreadsheets write it,
or with one mistake planted.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from srrp.activities.table import BLOCK, COLUMNS, MAX_LISTED, parse_activities, read_activities
from srrp.problems import InvalidData

ROOT = Path(__file__).resolve().parents[3]
ACTIVITY_FIXTURES = ROOT / "tests" / "fixtures" / "activities"


def codes(err: pytest.ExceptionInfo[InvalidData]) -> list[tuple[str, str]]:
    return [(f"{p.file}:{p.line}", p.code) for p in err.value.problems]


@pytest.fixture(scope="module")
def read(baseline, gazetteers):
    def read(path: Path, name: str | None = None) -> pd.DataFrame:
        return read_activities(path, baseline, gazetteers, display_name=name or path.name)
    return read


@pytest.fixture(scope="module")
def refuse(read):
    def refuse(name: str) -> pytest.ExceptionInfo[InvalidData]:
        with pytest.raises(InvalidData) as err:
            read(ACTIVITY_FIXTURES / name)
        return err
    return refuse


@pytest.fixture(scope="module")
def reference(read) -> pd.DataFrame:
    """with_hxl.csv, read once: tables are compared to it, never changed."""
    return read(ACTIVITY_FIXTURES / "with_hxl.csv")


def content(table: pd.DataFrame) -> pd.DataFrame:
    """The checked rows without the file line they came from, which differs between layouts."""
    return table[[*COLUMNS, "n_admin1", "scope", "objective"]].reset_index(drop=True)


# --- layouts that are accepted and mean the same rows --------------------------------------

def with_bom(tmp_path: Path) -> Path:
    path = tmp_path / "bom.csv"
    path.write_bytes(b"\xef\xbb\xbf" + (ACTIVITY_FIXTURES / "with_hxl.csv").read_bytes())
    return path


def with_crlf(tmp_path: Path) -> Path:
    path = tmp_path / "crlf.csv"
    path.write_bytes((ACTIVITY_FIXTURES / "with_hxl.csv").read_bytes().replace(b"\n", b"\r\n"))
    return path


LAYOUTS = {
    "without_hxl": lambda tmp: ACTIVITY_FIXTURES / "without_hxl.csv",
    "semicolon": lambda tmp: ACTIVITY_FIXTURES / "semicolon.csv",
    "blank_rows": lambda tmp: ACTIVITY_FIXTURES / "blank_rows.csv",
    "extra_column": lambda tmp: ACTIVITY_FIXTURES / "extra_column.csv",
    "bom": with_bom,
    "crlf": with_crlf,
}


@pytest.mark.parametrize("layout", LAYOUTS)
def test_accepted_layouts_give_the_same_rows(read, reference, tmp_path, layout):
    pd.testing.assert_frame_equal(content(read(LAYOUTS[layout](tmp_path))), content(reference))


def test_the_reference_layout_has_its_three_rows(reference):
    assert list(reference["line"]) == [3, 4, 5]  # the header and the HXL row come first
    assert list(reference["project"]) == ["Returnee support", "Returnee support 2021",
                                          "Vaccination clinics"]


def test_blank_rows_keep_the_lines_of_the_others(read):
    assert list(read(ACTIVITY_FIXTURES / "blank_rows.csv")["line"]) == [3, 5, 7]


def test_the_bundled_activity_files_are_valid(read):
    for path in sorted((ROOT / "data").glob("*_activities.csv")):
        assert len(read(path)) > 0, path.name


# --- mistakes -------------------------------------------------------------------------------

BROKEN = [
    ("hxl_misplaced.csv", [("hxl_misplaced.csv:3", "hxl-misplaced")]),
    ("missing_column.csv", [("missing_column.csv:1", "missing-column")]),
    ("number_as_text.csv", [("number_as_text.csv:3", "number-as-text")]),
    ("bad_number.csv", [("bad_number.csv:4", "bad-number"), ("bad_number.csv:5", "bad-number")]),
    ("bad_share.csv", [("bad_share.csv:5", "bad-share")]),
    ("unknown_province.csv", [("unknown_province.csv:5", "unknown-province")]),
    ("unknown_sub_objective.csv", [("unknown_sub_objective.csv:4", "unknown-sub-objective")]),
    ("pcode_mismatch.csv", [("pcode_mismatch.csv:5", "unknown-province")]),
    ("encoding_latin1.csv", [("encoding_latin1.csv:5", "encoding")]),
]


@pytest.mark.parametrize(("fixture", "expected"), BROKEN, ids=[b[0] for b in BROKEN])
def test_each_mistake_is_reported_with_its_code_and_line(refuse, fixture, expected):
    assert codes(refuse(fixture)) == expected


def test_every_fixture_is_checked():
    """A fixture added to the folder but to no table would never be read."""
    on_disk = {p.name for p in ACTIVITY_FIXTURES.glob("*.csv")}
    checked = {"with_hxl.csv", "without_hxl.csv", "semicolon.csv", "blank_rows.csv",
               "extra_column.csv", "multiline_note.csv", "required_columns_only.csv"}
    assert on_disk == checked | {b[0] for b in BROKEN}


def only_message(err: pytest.ExceptionInfo[InvalidData]) -> str:
    (problem,) = err.value.problems
    return problem.message


def test_a_grouped_number_is_given_back_as_plain_digits(refuse):
    text = only_message(refuse("number_as_text.csv"))
    assert '"35,000"' in text
    assert text.endswith(": 35000")


def test_a_missing_column_is_named(refuse):
    assert "'unit'" in only_message(refuse("missing_column.csv"))


def test_an_unknown_province_suggests_the_nearest_known_one(refuse):
    text = only_message(refuse("unknown_province.csv"))
    assert "'Khammouang' is not a province of Lao PDR" in text
    assert "nearest known: Khammouan" in text


def test_a_pcode_that_contradicts_the_name_names_both(refuse):
    text = only_message(refuse("pcode_mismatch.csv"))
    assert "'LA13'" in text
    assert "'Khammouane', which is LA12" in text


def test_many_rows_with_one_mistake_are_summarised(baseline, gazetteers):
    lines = (ACTIVITY_FIXTURES / "with_hxl.csv").read_text(encoding="utf-8").splitlines()
    bad_row = lines[2].replace(",35000,", ",lots,")
    text = "\n".join(lines[:2] + [bad_row] * (MAX_LISTED + 5)) + "\n"
    with pytest.raises(InvalidData) as err:
        parse_activities(text, "many.csv", baseline, gazetteers)
    problems = err.value.problems
    assert [p.line for p in problems] == list(range(3, 3 + MAX_LISTED)) + [3 + MAX_LISTED]
    assert "and 5 more rows" in problems[-1].message


def test_rows_after_a_cell_spanning_two_lines_keep_their_real_line(refuse):
    """A note typed with Alt+Enter in a spreadsheet spans two lines of the file."""
    assert codes(refuse("multiline_note.csv")) == [("multiline_note.csv:6", "unknown-province")]


def test_the_column_of_a_problem_is_its_column_in_the_file(refuse):
    """A file with only the required columns has 'targeted' as its 8th column."""
    (problem,) = refuse("required_columns_only.csv").value.problems
    assert (problem.code, problem.line, problem.col) == ("number-as-text", 2, 8)


# --- what the rows mean ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def lao(baseline, gazetteers) -> pd.DataFrame:
    return read_activities(ROOT / "data" / "lao_activities.csv", baseline, gazetteers)


def test_a_figure_for_several_provinces_stays_on_one_row_undivided(lao):
    bprm = lao[lao["indicator"].str.startswith("returnee migrants assisted directly (capacity")]
    assert len(bprm) == 1
    row = bprm.iloc[0]
    assert row["admin1_pcode"] == "LA16;LA13;LA10;LA01"
    assert row["n_admin1"] == 4
    assert row["scope"] == "several"
    assert row["targeted"] == 35000


def test_a_province_named_twice_is_one_province(read, tmp_path):
    original = (ACTIVITY_FIXTURES / "with_hxl.csv").read_text()
    province = read(ACTIVITY_FIXTURES / "with_hxl.csv").query("scope == 'province'").iloc[0]
    twice = original.replace(f",{province.admin1_name},{province.admin1_pcode},",
                             f",{province.admin1_name};{province.admin1_name},"
                             f"{province.admin1_pcode};{province.admin1_pcode},", 1)
    assert twice != original
    (tmp_path / "twice.csv").write_text(twice)
    row = read(tmp_path / "twice.csv").query("scope == 'province'").iloc[0]
    assert (row["admin1_pcode"], row["n_admin1"]) == (province.admin1_pcode, 1)


def test_scope_follows_the_number_of_provinces(reference):
    assert list(zip(reference["n_admin1"], reference["scope"], strict=True)) == [
        (4, "several"), (0, "national"), (1, "province")]


def test_an_empty_figure_is_not_reported_rather_than_zero(reference):
    national = reference.iloc[1]
    assert pd.isna(national["targeted"])
    assert national["reached"] == 10000
    assert reference["targeted"].count() == 1  # only the one reported figure


def test_a_province_written_another_way_gets_the_official_pcode(reference):
    assert reference.iloc[2]["admin1_name"] == "Khammouane"  # an alternative spelling of LA12
    assert reference.iloc[2]["admin1_pcode"] == "LA12"


# --- gazetteer ------------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "pcode", "exact"), [
    ("Champasack", "LA16", True),
    ("Champasak", "LA16", False),
    ("CHAMPASAK", "LA16", False),
    ("champasack", "LA16", True),
    ("Champa-sack", "LA16", True),
    (" Champa sack ", "LA16", True),
    ("Champasack Province", "LA16", True),
    ("Phôngsali", "LA02", False),
    ("PHONGSALY", "LA02", True),
    ("Savannakhét", "LA13", True),  # the accent is ignored, so it is the official name
    ("Vientiane Province", "LA10", True),
    ("Vientiane Capital", "LA01", True),
])
def test_lao_province_names_match_whatever_their_case_accents_spaces_and_hyphens(
        gazetteers, name, pcode, exact):
    match = gazetteers["LAO"].match(name)
    assert (match.pcode, match.exact) == (pcode, exact)


@pytest.mark.parametrize(("name", "pcode"), [
    ("Mohale's Hoek", "LSF"), ("mohales hoek", "LSF"), ("Mohale’s Hoek", "LSF"),
    ("Botha-Bothe", "LSB"), ("Butha Buthe District", "LSB"), ("Maseru District", "LSA"),
])
def test_lesotho_district_names_match_with_or_without_apostrophes(gazetteers, name, pcode):
    assert gazetteers["LSO"].match(name).pcode == pcode


@pytest.mark.parametrize("name", ["Atlantis", "Vientiane", "", "Province"])
def test_names_of_no_province_do_not_match(gazetteers, name):
    assert gazetteers["LAO"].match(name) is None


def test_suggestions_are_official_names(gazetteers):
    assert gazetteers["LAO"].suggest("Champasek")[0] == "Champasack"


# --- files of more than one block, which pyarrow's threads read in parts -------------------

def rows_past(size: int, row: str) -> list[str]:
    """As many copies of ``row`` as take a file past ``size`` bytes."""
    return [row] * (size // (len(row) + 1) + 1)


@pytest.fixture(scope="module")
def big_parts() -> tuple[list[str], str]:
    """The header, the HXL row and a valid row of with_hxl.csv."""
    lines = (ACTIVITY_FIXTURES / "with_hxl.csv").read_text(encoding="utf-8").splitlines()
    return lines[:2], lines[4]


def test_an_unknown_province_on_the_last_row_of_a_big_file_is_refused_with_its_line(
        baseline, gazetteers, big_parts):
    head, row = big_parts
    body = rows_past(BLOCK * 2, row)
    text = "\n".join([*head, *body, nowhere(row)]) + "\n"
    with pytest.raises(InvalidData) as err:
        parse_activities(text, "big.csv", baseline, gazetteers)
    assert [(p.line, p.code) for p in err.value.problems] == [(len(body) + 3, "unknown-province")]


def nowhere(row: str) -> str:
    return row.replace(",Khammouane,LA12,", ",Atlantis,,")


@pytest.mark.parametrize("split", ["a note over two lines", "a blank line"])
def test_rows_after_a_split_where_the_file_is_cut_in_parts_keep_their_real_line(
        baseline, gazetteers, big_parts, split):
    """pyarrow is told that no cell spans lines, and its threads cut the file at the last line
    end before each block's end: a note typed with Alt+Enter, or a blank line, right there."""
    head, row = big_parts
    before = "\n".join([*head, *rows_past(BLOCK - 1000, row)]) + "\n"
    # the row's first line ends 8 bytes before the block does
    first = row.rsplit(",", 1)[0] + (',"a note typed on two lines ' if "note" in split else ",")
    first += "x" * (BLOCK - 8 - len(before) - len(first))
    second = 'the second line"\n' if "note" in split else "\n"
    text = before + first + "\n" + second + nowhere(row) + "\n"
    assert b"\n" in text.encode()[BLOCK - 8:BLOCK]  # where the first part ends
    with pytest.raises(InvalidData) as err:
        parse_activities(text, "cut.csv", baseline, gazetteers)
    assert [(p.line, p.code) for p in err.value.problems] == [
        (before.count("\n") + 3, "unknown-province")]
