"""The Import page: upload a 3W, see how it is read, correct it, and add it to the dashboard."""

from __future__ import annotations

import tomllib

import pytest
from streamlit.testing.v1 import AppTest

from srrp.dataset import activity_files
from tests.app.apptest_gaps import edit_cells
from tests.app.conftest import ROOT
from tests.workbooks import NGA_HEADER, NGA_HXL, nga_row, xlsx

IMPORT = "pages/import.py"


def nga_book(*rows) -> bytes:
    return xlsx({"Notes": [["Read me first"]], "3W": [NGA_HEADER, NGA_HXL, *rows]})


def ok(at: AppTest) -> AppTest:
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.fixture
def page(open_page):
    return lambda: open_page(IMPORT)


def upload(at: AppTest, raw: bytes, name: str = "nga_3w.xlsx") -> AppTest:
    return ok(at.file_uploader(key="import_upload").upload(name, raw).run())


def table(at: AppTest, column: str):
    """The table on the page that has ``column``."""
    return next(d.value for d in at.dataframe if column in d.value.columns)


PREVIEW, PLACES, REJECTED = "country_iso3", "as written", "reason"


def tiles(at) -> list[str]:
    return [m.value for m in at.metric]


def test_an_upload_is_read_checked_and_previewed_before_anything_is_written(page, data_dir):
    before = sorted(p.name for p in data_dir.iterdir())
    at = upload(page(), nga_book(nga_row(), nga_row(state="Xyzzy", pcode="", lga="",
                                                    lga_code="")))
    assert tiles(at) == ["2", "1", "1"]
    assert at.selectbox(key="import_sheet").value == "3W"  # the sheet that looks like a 3W
    preview = table(at, PREVIEW)
    assert list(preview["admin1_pcode"]) == ["NG008"] and list(preview["reached"]) == ["800"]
    places = table(at, PLACES)
    assert places.loc[1, ["admin 1 P-code", "how", "rows"]].tolist() == ["NG008", "pcode", 1]
    rejected = table(at, REJECTED)
    assert rejected.loc[0, ["line", "code"]].tolist() == [4, "unknown-place"]
    assert rejected.loc[0, "State"] == "Xyzzy"  # the row as written, beside its reason
    assert at.get("download_button")  # the rejected rows and the mapping can be downloaded
    assert sorted(p.name for p in data_dir.iterdir()) == before


def test_add_writes_a_new_file_and_every_page_follows(page, data_dir):
    at = upload(page(), nga_book(nga_row(), nga_row(state="Yobe", pcode="NG036", lga="",
                                                    lga_code="")))
    ok(at.button(key="import_add").click().run())
    written = [p for p in activity_files(data_dir) if p.name.startswith("nga_activities_")]
    assert len(written) == 1 and "2 rows were added" in at.success[0].value
    assert at.button(key="import_add").disabled  # the same rows are not added twice
    assert "NGA" in at.selectbox(key="country").options or any(
        "Nigeria" in o for o in at.selectbox(key="country").options)
    ok(at.button(key="import_to_map").click().run())
    assert at.session_state["country"] == "NGA"
    assert "Nigeria" in at.title[0].value
    for other in ("pages/overview.py", "pages/gaps.py", "pages/targets.py", "pages/briefing.py"):
        ok(at.switch_page(other).run())
    sources = table(ok(at.switch_page("pages/sources.py").run()), "figures")
    imported = sources[sources["title"].str.startswith("Imported from nga_3w.xlsx")]
    assert imported["title"].tolist() == ["Imported from nga_3w.xlsx, sheet '3W'"]
    assert imported["figures"].tolist() == [2]  # its rows name it as their source


def area_choice(at: AppTest, written: str):
    """The selectbox that asks which area ``written`` is."""
    return next(s for s in at.selectbox if s.label.startswith(f"'{written}' "))


def confirm_button(at: AppTest, written: str):
    key = area_choice(at, written).key.removeprefix("import_area_")
    return at.button(key=f"import_confirm_{key}")


def alt_names(data_dir) -> list[tuple[str, str]]:
    """(spelling, P-code) of every line of alt_names.csv, in order."""
    text = (data_dir / "gazetteer" / "alt_names.csv").read_text(encoding="utf-8")
    return [tuple(line.split(",")[2::-1][:2]) for line in text.splitlines()[1:]]


NEAR = {"Bornoo": "NG008", "Yobee": "NG036", "Adamawaa": "NG002", "Kanoo": "NG020",
        "Lagoss": "NG025", "Enuguu": "NG014", "Kadunaa": "NG019"}


def near_book(names) -> bytes:
    return nga_book(*(nga_row(state=n, pcode="", lga="", lga_code="") for n in names))


def test_a_near_miss_is_confirmed_and_kept_as_an_alternative_name(page, data_dir):
    at = upload(page(), nga_book(nga_row(state="Bornoo", pcode="", lga="", lga_code="")))
    assert tiles(at) == ["1", "0", "1"]
    assert area_choice(at, "Bornoo").value == "Borno (NG008)"
    ok(confirm_button(at, "Bornoo").click().run())
    assert alt_names(data_dir)[-1] == ("Bornoo", "NG008")
    assert tiles(at) == ["1", "1", "0"]
    places = table(at, PLACES)
    assert places.loc[0, "how"] == "alternative"


def test_confirming_down_the_list_saves_each_spelling_as_its_own_suggestion(page, data_dir):
    """Regression: after one Confirm the next near miss showed the choice just made, and
    clicking Confirm down the list saved names nobody chose."""
    before = alt_names(data_dir)
    at = upload(page(), near_book(NEAR))
    ok(area_choice(at, "Bornoo").select("Zamfara (NG037)").run())  # a choice of one's own
    ok(confirm_button(at, "Bornoo").click().run())
    shown = {}
    while any(s.label.startswith("'") for s in at.selectbox):
        choice = next(s for s in at.selectbox if s.label.startswith("'"))
        written = choice.label.split("'")[1]
        shown[written] = choice.value.rsplit("(", 1)[1].rstrip(")")
        ok(confirm_button(at, written).click().run())
    assert shown == {n: c for n, c in NEAR.items() if n != "Bornoo"}
    assert alt_names(data_dir) == [*before, ("Bornoo", "NG037"), *shown.items()]


def test_accept_all_saves_exactly_the_suggestions_it_previews(page, data_dir):
    before = alt_names(data_dir)
    at = upload(page(), near_book(NEAR))
    preview = next(d.value for d in at.dataframe if "will be saved as" in d.value.columns)
    ok(at.button(key="import_accept_all").click().run())
    saved = [(w, label.rsplit("(", 1)[1].rstrip(")")) for w, label in
             zip(preview["as written"], preview["will be saved as"], strict=True)]
    assert sorted(saved) == sorted(NEAR.items())
    assert alt_names(data_dir) == [*before, *saved]
    assert tiles(at) == ["7", "7", "0"]


def test_an_unknown_name_is_placed_by_choosing_its_area(page, data_dir):
    at = upload(page(), near_book(["Xyzzy"]))
    assert area_choice(at, "Xyzzy").value is None  # nothing is chosen for the person
    assert confirm_button(at, "Xyzzy").disabled
    ok(area_choice(at, "Xyzzy").select("Gombe (NG016)").run())
    ok(confirm_button(at, "Xyzzy").click().run())
    assert alt_names(data_dir)[-1] == ("Xyzzy", "NG016")
    assert tiles(at) == ["1", "1", "0"]


def test_an_alternative_name_is_listed_and_can_be_removed(page, data_dir):
    before = alt_names(data_dir)
    at = upload(page(), near_book(["Bornoo"]))
    ok(confirm_button(at, "Bornoo").click().run())
    listed = next(d.value for d in at.dataframe if "source" in d.value.columns)
    assert "Bornoo" in set(listed["name"])
    remove = at.selectbox(key="import_alt_remove_NGA")
    ok(remove.select(next(o for o in remove.options if o.startswith("Bornoo "))).run())
    ok(at.button(key="import_alt_remove_button_NGA").click().run())
    assert alt_names(data_dir) == before
    assert tiles(at) == ["1", "0", "1"]  # the row is refused again


def test_a_column_mapped_by_the_user_is_read_as_that_field(page):
    at = upload(page(), nga_book(nga_row()))
    editor = next(e for e in at.data_editor if e.key.startswith("import_columns_"))
    organisation = NGA_HEADER.index("Organization")
    ok(edit_cells(at, editor, {str(organisation): {"field": "donor"}}))
    assert list(table(at, PREVIEW)["donor"]) == ["Action Aid"]


def test_another_sheet_can_be_chosen(page):
    at = upload(page(), nga_book(nga_row()))
    said = " ".join(c.value for c in at.caption)
    assert "The other sheets: 'Notes' holds 0 rows: no column of a 3W." in said.replace("\\", "")
    ok(at.selectbox(key="import_sheet").select("Notes").run())
    assert tiles(at) == ["0", "0", "0"]
    assert any("has no rows of data" in w.value for w in at.warning)
    assert at.button(key="import_add").disabled


@pytest.mark.parametrize(("raw", "code"), [
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1000), "old-excel"),
    (b"PK\x03\x04 not really a zip", "bad-workbook")])
def test_a_file_that_cannot_be_read_is_refused_with_its_reason(page, data_dir, raw, code):
    before = sorted(p.name for p in data_dir.iterdir())
    at = upload(page(), raw)
    assert any("cannot be read" in e.value for e in at.error)
    assert code in "\n".join(c.value for c in at.code)
    assert sorted(p.name for p in data_dir.iterdir()) == before


def test_a_saved_mapping_is_used(page):
    at = upload(page(), nga_book(nga_row()))
    mapping = "columns:\n  Organization: donor\n  Donor: null\n"
    ok(at.file_uploader(key="import_mapping_file").upload("m.yaml", mapping.encode()).run())
    assert list(table(at, PREVIEW)["donor"]) == ["Action Aid"]


def test_the_page_is_absent_in_read_only_mode(data_dir, monkeypatch):
    monkeypatch.setenv("SRRP_READ_ONLY", "1")
    at = ok(AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run())
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page(IMPORT)


def test_the_server_accepts_uploads_as_large_as_the_page_promises():
    """Streamlit refuses an upload over server.maxUploadSize before the page sees it: the limit
    was 5 MB while the page offered 50 MB."""
    from components.importer import MAX_BYTES

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["maxUploadSize"] * 1024 * 1024 >= MAX_BYTES


def test_rows_with_a_bad_field_are_added_and_their_warnings_listed(page):
    at = upload(page(), nga_book(nga_row(targeted=666.67, end="0201-12-31"),
                                 nga_row(lga="Maiduguuuri", lga_code="")))
    assert tiles(at) == ["2", "2", "0"]
    assert any(e.label.startswith("3 warnings") for e in at.expander)
    shown = "\n".join(c.value for c in at.code)
    assert ":3:9: fractional-number:" in shown and ":3:12: bad-date:" in shown
    assert ":4:7: placed-at-admin1:" in shown
    assert area_choice(at, "Maiduguuuri").options[0] == "Maiduguri (NG008021)"  # to confirm
