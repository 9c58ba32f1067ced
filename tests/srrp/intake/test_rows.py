"""Importing a 3W file: every row accepted or rejected with its line and reason, places placed
by srrp.places.matching, values read as written, and the accepted rows written as a new activity
file that the dashboard loads beside the others."""

from __future__ import annotations

import datetime as dt
import re
import shutil

import pytest

from srrp.dataset import PLAN_FILE, activity_files, load_dataset
from srrp.files.sheets import open_book
from srrp.intake.imports import ImportRefused, list_imports
from srrp.intake.mapping import parse_mapping
from srrp.intake.rows import default_sheet, look_at_sheets, read_import, write_import
from srrp.problems import InvalidData
from tests.conftest import DATA
from tests.workbooks import NGA_HEADER, NGA_HXL, csv_text, nga_row, xlsx

NOW = dt.datetime(2026, 11, 28, 8, 0, tzinfo=dt.UTC)


def nga_book(*rows: list, title: bool = True) -> bytes:
    top = [["Nigeria 3W, August 2021"], []] if title else []
    return xlsx({"About": [["This workbook lists who does what where"]],
                 "3W": [*top, NGA_HEADER, NGA_HXL, *rows]})


def imported(raw: bytes, gazetteers, baseline, name: str = "nga_3w.xlsx", **choices):
    return read_import(raw, name, gazetteers, plan=baseline, **choices)


@pytest.fixture(scope="module")
def gazetteers():
    from srrp.places.gazetteer import load_gazetteers
    return load_gazetteers(DATA / "gazetteer")


def test_the_3w_sheet_is_chosen_and_its_rows_placed_by_their_pcodes(gazetteers, baseline):
    intake = imported(nga_book(nga_row(), nga_row(state="Yobe", pcode="NGA036", lga="Bursari",
                                                    lga_code="NG036002")), gazetteers, baseline)
    assert (intake.sheet, intake.country, intake.rows, len(intake.accepted)) == ("3W", "NGA", 2, 2)
    assert intake.layout.skipped == ((1, "a title ('Nigeria 3W, August 2021')"),)
    assert list(intake.accepted["admin1_pcode"]) == ["NG008", "NG036"]
    assert list(intake.accepted["admin2_pcode"]) == ["NG008021", "NG036002"]
    assert (intake.how["pcode"], intake.how["converted"]) == (1, 1)
    assert intake.accepted.loc[0, ["implementer", "donor", "sector", "project"]].tolist() == [
        "Action Aid", "ECHO", "Health", "Mobile clinics"]


def test_error_cells_are_not_reported_never_zero(gazetteers, baseline):
    intake = imported(nga_book(nga_row(targeted="#VALUE!", reached="N/A")), gazetteers, baseline)
    row = intake.accepted.iloc[0]
    assert (row["targeted"], row["reached"]) == ("", "")
    assert [(w.line, w.code) for w in intake.warnings] == [(5, "error-cell"), (5, "not-reported")]


def test_numbers_with_separators_and_a_bad_number_warned_of_with_its_line(gazetteers, baseline):
    intake = imported(nga_book(nga_row(targeted="12,500", reached="1 200"),
                               nga_row(reached="lots")), gazetteers, baseline)
    assert intake.accepted.loc[0, ["targeted", "reached", "unit"]].tolist() == [
        "12500", "1200", "people"]
    assert intake.rejected == []  # a bad field is a warning, not a lost row
    assert [(p.line, p.col, p.code) for p in intake.warnings] == [(6, 10, "bad-number")]
    assert intake.accepted.loc[1, "reached"] == ""  # not reported, never zero
    assert "People reached as written: lots" in intake.accepted.loc[1, "note"]


def test_a_fraction_of_a_person_is_counted_rounded_and_kept_as_written(gazetteers, baseline):
    intake = imported(nga_book(nga_row(targeted=666.67)), gazetteers, baseline)
    assert intake.accepted.loc[0, "targeted"] == "667"
    assert [(p.line, p.col, p.code) for p in intake.warnings] == [(5, 9, "fractional-number")]
    assert "People targeted as written: 666.67" in intake.accepted.loc[0, "note"]


def test_an_impossible_date_is_not_reported_and_the_row_kept(gazetteers, baseline):
    intake = imported(nga_book(nga_row(end="0201-12-31")), gazetteers, baseline)
    assert len(intake.accepted) == 1 and intake.accepted.loc[0, "end"] == ""
    assert [(p.line, p.col, p.code) for p in intake.warnings] == [(5, 12, "bad-date")]


def test_dates_as_serials_and_day_first_text(gazetteers, baseline):
    intake = imported(nga_book(nga_row(start=44378, end="25/12/2021"),
                               nga_row(start="03/04/2021", end="2021-05")), gazetteers, baseline)
    assert intake.accepted[["start", "end"]].values.tolist() == [
        ["2021-07-01", "2021-12-25"], ["2021-04-03", "2021-05"]]


def test_an_activity_ending_before_it_starts_keeps_both_dates_in_its_note(gazetteers, baseline):
    intake = imported(nga_book(nga_row(start="2021-05-01", end="2021-01-31")), gazetteers,
                      baseline)
    assert intake.rejected == [] and [p.code for p in intake.warnings] == ["end-before-start"]
    row = intake.accepted.loc[0]
    assert (row["start"], row["end"]) == ("", "")  # which one is wrong, nothing says
    assert "2021-05-01" in row["note"] and "2021-01-31" in row["note"]


def test_a_near_miss_is_suggested_and_taken_only_when_accepted(gazetteers, baseline):
    raw = nga_book(nga_row(state="Bornoo", pcode="", lga="", lga_code=""))
    refused = imported(raw, gazetteers, baseline)
    assert [p.code for p in refused.rejected] == ["place-near-miss"]
    assert "Borno (NG008)" in refused.places[0].placement.suggestions
    taken = imported(raw, gazetteers, baseline, accept_fuzzy=True)
    assert list(taken.accepted["admin1_pcode"]) == ["NG008"] and taken.how["fuzzy"] == 1


def test_a_row_for_no_area_is_kept_not_located(gazetteers, baseline):
    intake = imported(nga_book(nga_row(state="National", pcode="", lga="", lga_code="")),
                      gazetteers, baseline)
    assert list(intake.accepted["admin1_pcode"]) == [""] and intake.how["not_located"] == 1


def test_shares_of_women_come_from_counts_over_people_reached(gazetteers, baseline):
    raw = xlsx({"3W": [["State", "Reached", "Women reached", "Activity"],
                       ["#adm1+name", "#reached", "#reached+f", "#activity"],
                       ["Borno", 800, 200, "Clinics"]]})
    intake = imported(raw, gazetteers, baseline, name="3w.xlsx", country="NGA")
    assert intake.accepted.loc[0, "women_pct"] == "25"


def test_rows_of_one_project_with_different_budgets_report_no_budget(gazetteers, baseline):
    raw = csv_text([["Project", "State", "Budget USD"], ["Clinics", "Borno", "1000"],
                    ["Clinics", "Yobe", "2000"], ["Wells", "Yobe", "500"]]).encode()
    intake = imported(raw, gazetteers, baseline, name="nga.csv")
    assert intake.rejected == []
    assert [(p.line, p.code) for p in intake.warnings] == [(2, "budget-conflict"),
                                                           (3, "budget-conflict")]
    assert intake.accepted["budget_usd"].tolist() == ["", "", "500"]


def test_presence_rows_land_with_organisation_sector_and_place_and_no_people(gazetteers,
                                                                            baseline):
    raw = csv_text([["Organization", "Cluster", "State", "LGA"],
                    ["Action Aid", "Health", "Borno", "Maiduguri"],
                    ["MSF", "", "Yobe", ""], ["", "", "Yobe", ""]]).encode()
    intake = imported(raw, gazetteers, baseline, name="nga.csv")
    assert [(p.line, p.code) for p in intake.rejected] == [(4, "no-activity")]
    kept = intake.accepted[["implementer", "sector", "admin1_pcode", "admin2_pcode",
                            "targeted", "reached"]].to_numpy().tolist()
    assert kept == [["Action Aid", "Health", "NG008", "NG008021", "", ""],
                    ["MSF", "", "NG036", "", "", ""]]
    assert any("2 rows are operational presence" in note for note in intake.notes)


def test_an_uncertain_admin2_places_the_row_at_its_admin1_with_a_warning(gazetteers,
                                                                         baseline):
    intake = imported(nga_book(nga_row(lga="Maiduguuuri", lga_code=""),
                               nga_row(lga="Maiduguri", lga_code="NG036001")), gazetteers,
                      baseline)
    assert intake.rejected == []
    rows = intake.accepted[["admin1_pcode", "admin2_pcode", "admin2_name"]]
    assert rows.to_numpy().tolist() == [["NG008", "", ""], ["NG008", "NG008021", "Maiduguri"]]
    assert "admin 2 as written: Maiduguuuri" in intake.accepted.loc[0, "note"]
    assert [(p.line, p.col, p.code) for p in intake.warnings] == [
        (5, 7, "placed-at-admin1"), (6, 8, "pcode-replaced-by-name")]


def test_a_file_with_no_country_asks_for_one(gazetteers, baseline):
    raw = csv_text([["Project", "Province"], ["Clinics", "Borno"]]).encode()
    with pytest.raises(InvalidData) as err:
        imported(raw, gazetteers, baseline, name="3w.csv")
    assert err.value.problems[0].code == "unknown-country"
    assert imported(raw, gazetteers, baseline, name="3w.csv", country="nga").country == "NGA"


def test_the_mapping_used_reads_the_next_file_of_the_same_shape_alike(gazetteers, baseline):
    raw = nga_book(nga_row())
    first = imported(raw, gazetteers, baseline)
    mapping = parse_mapping(first.used_mapping().to_yaml(), "nga.yaml")
    again = imported(raw, gazetteers, baseline, mapping=mapping)
    assert again.columns == first.columns and again.sheet == "3W"


def test_a_users_mapping_changes_what_a_column_means(gazetteers, baseline):
    mapping = parse_mapping("columns:\n  Organization: donor\n  Donor: null\n", "m.yaml")
    intake = imported(nga_book(nga_row()), gazetteers, baseline, mapping=mapping)
    assert intake.columns["Organization"] == "donor" and "Donor" in intake.unmapped
    assert intake.accepted.loc[0, "donor"] == "Action Aid"


@pytest.fixture
def folder(tmp_path):
    shutil.copy(DATA / PLAN_FILE, tmp_path)
    shutil.copytree(DATA / "gazetteer", tmp_path / "gazetteer")
    for path in activity_files(DATA):
        shutil.copy(path, tmp_path)
    return tmp_path


def test_the_written_file_is_new_and_loads_with_the_others_its_provenance_a_source(
        folder, gazetteers, baseline):
    before = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}
    intake = imported(nga_book(nga_row(), nga_row(targeted="#VALUE!")), gazetteers, baseline)
    path = write_import(intake, folder, baseline, gazetteers, sha256="a1", now=NOW)
    assert re.fullmatch(r"nga_activities_nga-3w_20261128-080000-[0-9a-f]{6}\.csv", path.name)
    assert {p.name: p.read_bytes() for p in folder.iterdir() if p.name in before} == before
    dataset = load_dataset(folder / PLAN_FILE, activity_files(folder), folder / "gazetteer")
    rows = dataset.activities[dataset.activities["country_iso3"] == "NGA"]
    assert len(rows) == 2 and rows["targeted"].isna().sum() == 1
    source = next(s for s in dataset.plan.sources if s.id == rows["source"].iloc[0])
    assert source.title == "Imported from nga_3w.xlsx, sheet '3W'"
    assert path.with_name(path.stem + ".provenance.yaml").is_file()


def test_the_same_content_again_is_refused_naming_the_earlier_import_and_nothing_is_written(
        folder, gazetteers, baseline):
    intake = imported(nga_book(nga_row()), gazetteers, baseline)
    first = write_import(intake, folder, baseline, gazetteers, sha256="a1", now=NOW)
    before = sorted(p.name for p in folder.iterdir())
    with pytest.raises(ImportRefused) as refused:
        write_import(intake, folder, baseline, gazetteers, sha256="a1", now=NOW)
    assert refused.value.problem.code == "already-imported"
    assert list_imports(folder)[0].id in refused.value.problem.message
    assert sorted(p.name for p in folder.iterdir()) == before and first.is_file()


def test_two_files_of_the_same_name_in_the_same_second_both_land(folder, gazetteers, baseline):
    one = imported(nga_book(nga_row()), gazetteers, baseline)
    other = imported(nga_book(nga_row(), nga_row(reached="7")), gazetteers, baseline)
    paths = [write_import(i, folder, baseline, gazetteers, sha256=h, now=NOW)
             for i, h in ((one, "a1"), (other, "b2"))]
    assert paths[0] != paths[1] and all(p.is_file() for p in paths)
    dataset = load_dataset(folder / PLAN_FILE, activity_files(folder), folder / "gazetteer")
    assert (dataset.activities["country_iso3"] == "NGA").sum() == 3


def test_a_row_with_a_byte_that_is_not_utf8_is_rejected_in_its_cell_and_the_others_read(
        gazetteers, baseline):
    msf = ["Médecins Sans Frontières", *nga_row()[1:]]
    rows = [NGA_HEADER, NGA_HXL, msf, nga_row(state="Yobe", pcode="NG036", lga="Bürsari",
                                              lga_code="NG036002")]
    raw = csv_text(rows).encode().replace("Bürsari".encode(), b"B\xfcrsari")
    intake = imported(raw, gazetteers, baseline, name="nga_3w.csv")
    assert intake.accepted["implementer"].tolist() == ["Médecins Sans Frontières"]
    assert [(p.line, p.col, p.code) for p in intake.rejected] == [(4, 7, "encoding")]


def test_rounds_come_from_a_reporting_date_column_and_an_empty_cell_gets_no_round(
        gazetteers, baseline):
    header = [*NGA_HEADER, "Reporting date"]
    hxl = [*NGA_HXL, "#date+reported"]
    rows = [[*nga_row(reached=r), cell] for r, cell in ((1, "01/07/2021"), (2, "2021-08-15"),
                                                          (3, ""), (4, "soon"))]
    intake = read_import(xlsx({"3W": [header, hxl, *rows]}), "nga_3w.xlsx", gazetteers,
                         plan=baseline)
    assert intake.accepted["round"].tolist() == ["2021-07", "2021-08", "", ""]
    assert [w.code for w in intake.warnings if w.code == "bad-round"] == ["bad-round"]
    assert intake.rounds == ["2021-07", "2021-08"]
    chosen = read_import(xlsx({"3W": [header, hxl, *rows]}), "nga_3w.xlsx", gazetteers,
                         plan=baseline, default_round="2021-06")
    assert chosen.accepted["round"].tolist() == ["2021-07", "2021-08", "2021-06", "2021-06"]


def test_warnings_are_a_table_naming_each_line_and_column(gazetteers, baseline):
    intake = imported(nga_book(nga_row(targeted=666.67), nga_row(lga="Maiduguuuri",
                                                                 lga_code="")),
                      gazetteers, baseline)
    table = intake.warnings_table()
    assert table[["line", "column", "code"]].to_numpy().tolist() == [
        [5, "People targeted", "fractional-number"], [6, "LGA", "placed-at-admin1"]]


def test_the_default_sheet_is_the_one_whose_rows_fill_most_with_people_weighing_most():
    thin = [["Organization", "State"], *(["MSF", "Borno"] for _ in range(6))]
    people = [["Organization", "State", "People reached"], *(["MSF", "Borno", 10]
                                                             for _ in range(3))]
    book = open_book(xlsx({"Presence": thin, "Reach": people, "Notes": [["Read me"]]}),
                     "nga.xlsx")
    assert default_sheet(book) == "Reach"  # 3 × (2 + 3) = 15 filled against 6 × 2 = 12
    looks = {look.name: look.describe() for look in look_at_sheets(book)}
    assert looks["Presence"] == "'Presence' holds 6 rows: implementer, admin1_name"


def test_a_summary_sheet_is_refused_naming_the_sheet_of_rows(gazetteers, baseline):
    summary = [["State", "Health", "WASH", "People reached"], ["Borno", 12, 4, 5000],
               ["Yobe", 3, 1, 800]]
    rows = [NGA_HEADER, NGA_HXL, nga_row()]
    raw = xlsx({"Summary": summary, "3W": rows})
    with pytest.raises(InvalidData) as err:
        read_import(raw, "nga.xlsx", gazetteers, plan=baseline, sheet="Summary")
    [problem] = err.value.problems
    assert problem.code == "summary-sheet" and "import sheet '3W'" in problem.message
    assert read_import(raw, "nga.xlsx", gazetteers, plan=baseline).sheet == "3W"
