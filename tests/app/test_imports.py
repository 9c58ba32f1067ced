"""The Import page's list of imports: each import listed, taken out and brought back with every
page following at once, and content already in refused before anything is written."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from srrp.intake.imports import REMOVED
from tests.app.test_import import IMPORT, nga_book, ok, table, upload
from tests.workbooks import nga_row

IMPORTS = "id"  # the column that only the table of imports has


@pytest.fixture
def page(open_page):
    return lambda: open_page(IMPORT)


def added(at: AppTest) -> AppTest:
    return ok(at.button(key="import_add").click().run())


def nigeria_on_sources(at: AppTest) -> list[int]:
    sources = table(ok(at.switch_page("pages/sources.py").run()), "figures")
    return sources[sources["title"].str.startswith("Imported from nga_3w.xlsx")][
        "figures"].tolist()


def test_an_import_is_listed_taken_out_from_every_page_and_brought_back(page, data_dir):
    at = added(upload(page(), nga_book(nga_row(), nga_row(reached=5))))
    imports = table(at, IMPORTS)
    assert imports.loc[0, ["file", "country", "rows accepted", "status"]].tolist() == [
        "nga_3w.xlsx", "NGA", 2, "in"]
    assert nigeria_on_sources(at) == [2]

    ok(at.switch_page("pages/import.py").run())
    ok(at.button(key="imports_remove").click().run())
    assert [s.value for s in at.success if "taken out" in s.value]
    assert not [s.value for s in at.success if "rows were added" in s.value]
    assert table(at, IMPORTS).loc[0, "status"] == "taken out"
    assert not list(data_dir.glob("nga_activities_*")) and any((data_dir / REMOVED).iterdir())
    assert nigeria_on_sources(at) == []  # its source is gone with its rows

    ok(at.switch_page("pages/import.py").run())
    ok(at.button(key="imports_restore").click().run())
    assert table(at, IMPORTS).loc[0, "status"] == "in"
    assert nigeria_on_sources(at) == [2]


def test_a_move_that_fails_says_why_without_the_servers_path(page, data_dir, monkeypatch):
    def refused(folder, import_id):
        raise PermissionError(13, "Permission denied", str(folder / REMOVED / "nga.csv"))

    monkeypatch.setattr("components.imports.remove_import", refused)
    at = added(upload(page(), nga_book(nga_row())))
    ok(at.switch_page("pages/import.py").run())
    ok(at.button(key="imports_remove").click().run())
    errors = [e.value for e in at.error if "Nothing changed" in e.value]
    assert errors and "Permission denied" in errors[0]
    assert str(data_dir) not in errors[0] and "nga.csv" not in errors[0]
    assert table(at, IMPORTS).loc[0, "status"] == "in"


def test_a_file_already_in_is_refused_naming_the_import_and_offers_no_add(page, data_dir):
    raw = nga_book(nga_row())
    at = added(upload(page(), raw))
    import_id = table(at, IMPORTS).loc[0, "id"]
    at = upload(page(), raw, name="nga_3w_again.xlsx")  # renamed, the same content
    assert any("already in the dashboard" in e.value and import_id in e.value.replace("\\", "")
               for e in at.error)
    assert not [b for b in at.button if b.key == "import_add"]
    assert len(list(data_dir.glob("nga_activities_*.csv"))) == 1


def test_two_files_of_one_name_both_land(page, data_dir):
    for reached in (5, 6):
        added(upload(page(), nga_book(nga_row(reached=reached))))
    assert len(list(data_dir.glob("nga_activities_nga-3w_*.csv"))) == 2


def test_the_round_defaults_to_the_files_name_and_the_chosen_month_is_written(page, data_dir):
    at = upload(page(), nga_book(nga_row()), name="nga_3w_august_2021.xlsx")
    assert at.selectbox(key="import_round_nga_3w_august_2021.xlsx").value == "2021-08"
    ok(at.selectbox(key="import_round_nga_3w_august_2021.xlsx").select("2021-07").run())
    added(at)
    assert table(at, IMPORTS).loc[0, "rounds"] == "2021-07"
