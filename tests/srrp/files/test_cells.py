"""Cells read as people write them: separators, error cells, dates in three forms."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from srrp.files import cells as values


@pytest.mark.parametrize(("cell", "number"), [
    ("1 200", 1200), ("12,500", 12500), ("1.200", 1200), ("1\u00a0200 000", 1200000),
    (" 42 ", 42), (42.0, 42), (7, 7), ("3.0", 3), ("1'500", 1500)])
def test_counts_are_read_with_their_separators(cell, number):
    assert values.count(cell).value == number


@pytest.mark.parametrize("cell", ["#VALUE!", "#N/A", "N/A", "n/a", "-", "#DIV/0!"])
def test_error_cells_are_not_reported_with_a_warning_never_zero(cell):
    read = values.count(cell)
    assert read.value is None and read.code in ("error-cell", "not-reported")
    assert not read.error


@pytest.mark.parametrize("cell", ["", None, "   "])
def test_empty_cells_are_not_reported_silently(cell):
    assert values.count(cell) == values.Read()


@pytest.mark.parametrize("cell", ["abc", "-5", -5, "12 people", 2.5, "1,2"])
def test_what_is_not_a_count_is_an_error(cell):
    read = values.count(cell)
    assert read.error and read.code == "bad-number" and read.value is None


@given(st.integers(min_value=0, max_value=10**12))
def test_a_count_written_with_grouped_thousands_reads_back(number):
    for sep in (",", " ", "\u00a0"):
        assert values.count(f"{number:,}".replace(",", sep)).value == number


@pytest.mark.parametrize(("cell", "iso"), [
    ("2021-05-03", "2021-05-03"), ("2021-05", "2021-05"), ("2021", "2021"),
    (44378, "2021-07-01"), ("44378", "2021-07-01"), (dt.datetime(2019, 3, 15), "2019-03-15"),
    ("2021-05-03 00:00:00", "2021-05-03"), (2021, "2021")])
def test_dates_as_iso_text_excel_serials_and_date_cells(cell, iso):
    assert values.date(cell).value == iso


def test_day_month_order_is_taken_as_told():
    assert values.date("03/04/2021", values.DAY_FIRST).value == "2021-04-03"
    assert values.date("03/04/2021", values.MONTH_FIRST).value == "2021-03-04"
    assert values.date("28/03/19").value == "2019-03-28"


def test_day_month_order_is_decided_from_the_unambiguous_dates_of_a_column():
    assert values.date_order(["15/04/2019", "03/04/2019", None])[0] == values.DAY_FIRST
    assert values.date_order(["04/15/2019", "03/04/2019"])[0] == values.MONTH_FIRST


def test_day_month_order_that_no_date_settles_is_undecided():
    order, day_first, month_first, written = values.date_order(["03/04/2019", "01/02/2020"])
    assert (order, day_first, month_first, written) == (None, 0, 0, 2)
    assert values.date_order(["15/04/2019", "04/15/2019"])[0] is None  # as many each way


@pytest.mark.parametrize("cell", ["31/02/2021", "next week", "2021-13"])
def test_a_date_that_is_not_one_is_not_reported_with_a_warning(cell):
    read = values.date(cell)
    assert read.value is None and read.code == "bad-date" and not read.error


def test_shares_from_percent_text_and_formatted_fractions():
    assert values.share("45%").value == 45
    assert values.share(0.45).value == 45
    assert values.share("120").error


@pytest.mark.parametrize(("cell", "iso"), [
    ("14/June/19", "2019-06-14"), ("3 avril 2021", "2021-04-03"), ("5-ene-2021", "2021-01-05"),
    ("1 de março de 2020", "2020-03-01"), ("2 juillet 2021", "2021-07-02"),
    ("2 juin 2021", "2021-06-02")])
def test_dates_with_the_months_name_in_four_languages(cell, iso):
    assert values.date(cell).value == iso


def test_a_column_is_read_in_the_order_most_of_its_dates_show():
    order, day_first, month_first, _ = values.date_order(["15/04/2019"] * 20 + ["04/15/2019"])
    assert (order, day_first, month_first) == (values.DAY_FIRST, 20, 1)
