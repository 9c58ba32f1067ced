"""The header row found wherever it is in the first 20 rows, with what sits above it named."""

from __future__ import annotations

from srrp.intake.layout import find_layout
from tests.workbooks import NGA_HEADER, NGA_HXL, nga_row

MOZ_TOP = [
    ["MOZ - Response tracking matrix - Who does-What-Where (4W)"],
    [],
    ["LEGEND", None, None, "Cell to fill in", "Dropdown list"],
    [8391, None, "#VALUE!", 7005482.75, "#VALUE!"],
    [None, "WHO", None, "WHAT", None, "WHERE"],
    ["Lead Organization", "Implementing Partner", "Sector", "Province", "Beneficiaries", None],
    ["Organização líder", "Parceiro", "Setor", "Província", "Beneficiários", None],
    ["#org +funder +name", "#org +impl +name", "#sector +name", "#adm1 +name", "#targeted +hh",
     "#targeted +ind"],
    ["IOM", "IOM", "CCCM", "Sofala", 200, 1492],
]


def test_titles_legends_totals_bands_and_a_second_language_are_skipped_and_named():
    layout = find_layout([tuple(r) for r in MOZ_TOP])
    assert (layout.header_row, layout.hxl_row, layout.first_data_row) == (7, 8, 9)
    assert [(row, what.split(" (")[0]) for row, what in layout.skipped] == [
        (1, "a title"), (3, "a legend"), (4, "totals"), (5, "a band of headings"),
        (6, "column names in another language")]


def test_a_merged_header_names_the_columns_under_it_by_their_letters():
    layout = find_layout([tuple(r) for r in MOZ_TOP])
    assert layout.headers[-2:] == ["Beneficiários", "Beneficiários (F)"]
    assert layout.tags[-1] == "#targeted+ind"


def test_a_header_found_by_its_words_below_a_title():
    rows = [("3W Nigeria, August 2021",), (), tuple(NGA_HEADER), tuple(nga_row())]
    layout = find_layout(rows)
    assert (layout.header_row, layout.hxl_row, layout.first_data_row) == (3, None, 4)
    assert layout.skipped == ((1, "a title ('3W Nigeria, August 2021')"),)


def test_a_repeated_hxl_row_is_skipped():
    rows = [tuple(NGA_HEADER), tuple(NGA_HXL), tuple(NGA_HXL), tuple(nga_row())]
    layout = find_layout(rows)
    assert (layout.hxl_row, layout.first_data_row) == (2, 4)
    assert layout.skipped == ((3, "a repeated HXL row"),)


def test_an_hxl_row_with_no_header_above_names_the_columns():
    layout = find_layout([tuple(NGA_HXL), tuple(nga_row())])
    assert (layout.header_row, layout.hxl_row, layout.first_data_row) == (None, 1, 2)
    assert layout.headers[:2] == ["#org+name", "#org+funder"]


def test_the_user_can_say_which_row_holds_the_column_names():
    rows = [tuple(NGA_HEADER), ("Organisation", "Bailleur"), tuple(nga_row())]
    layout = find_layout(rows, header_row=2)
    assert (layout.header_row, layout.first_data_row) == (2, 3)
    assert layout.headers == ["Organisation", "Bailleur"]
