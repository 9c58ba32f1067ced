"""Placing a row: P-codes first, older codes converted, names through alternative names (Lao
script too), ambiguity and near misses refused, words that name no area kept as not located."""

from __future__ import annotations

import csv
import threading
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from srrp.activities.table import parse_activities
from srrp.files.store import SaveRefused
from srrp.places.gazetteer import ALT_NAMES, load_gazetteers, normalise
from srrp.places.matching import HOW, add_alternative, place, remove_alternative
from srrp.problems import InvalidData
from tests.examples import REAL_DATA

ROOT = Path(__file__).resolve().parents[3]
GAZETTEERS = ROOT / "data" / "gazetteer"
REAL = REAL_DATA
GEOBOUNDARIES_NAMES = REAL / "reference" / "geoboundaries_LAO_ADM1_properties.csv"
# the countries whose real 3W files are kept beside the repository, and those bundled
COUNTRIES = ("LAO", "LSO", "NGA", "MOZ", "GTM", "IRQ")


@pytest.fixture(scope="module")
def lao(gazetteers):
    return gazetteers["LAO"]


@pytest.fixture(scope="module")
def all_pcodes(gazetteers) -> dict[int, list[tuple[str, str]]]:
    """Level → every (country, P-code) of that level."""
    return {level: [(iso3, area.pcode) for iso3, g in gazetteers.items()
                    for area in (g.areas if level == 1 else g.districts)] for level in (1, 2)}


# --- normalising --------------------------------------------------------------------------

LAO_OR_LATIN = st.text(alphabet=st.one_of(
    st.characters(min_codepoint=0x0E80, max_codepoint=0x0EFF),
    st.sampled_from("AaÉéôÔ -'’.,()/ßİıǅﬁ0123456789"),
), max_size=20)


@given(st.one_of(st.text(max_size=20), LAO_OR_LATIN))
def test_normalising_twice_changes_nothing(text):
    assert normalise(normalise(text)) == normalise(text)


@pytest.mark.parametrize(("one", "other"), [
    ("Mohale's Hoek", "MOHALES-HOEK"),
    ("Savannakhét", "savannakhet"),
    ("Champasack (Province)", "champasack province"),
    ("ຈໍາປາສັກ", "ຈຳປາສັກ"),  # sara am as two characters, or as one
    ("ຫຼວງນໍ້າທາ", "ຫຼວງນ້ຳທາ"),  # tone mark after or before the nikhahit
    ("ຫຼວງພະບາງ", "ຫລວງພະບາງ"),  # subscript lo, or ho and lo
])
def test_spellings_that_differ_only_in_how_they_are_typed_are_one(one, other):
    assert normalise(one) == normalise(other)


def test_lao_tone_marks_are_not_dropped_like_accents():
    assert normalise("ປ່າ") != normalise("ປ້າ")


# --- names, alternative names, the Lao script ----------------------------------------------

@pytest.mark.parametrize("iso3", COUNTRIES)
def test_every_name_and_alternative_of_an_area_places_it(gazetteers, iso3):
    gazetteer = gazetteers[iso3]
    for area in gazetteer.areas:
        for spelling in (area.name, *area.alt_names):
            placed = place(gazetteer, admin1_name=spelling)
            assert placed.problem is None, placed
            assert placed.admin1_pcode == area.pcode
            # an accent or a space away from the official name is the official name
            official = normalise(spelling) == normalise(area.name)
            assert placed.how == ("name" if official else "alternative")


@settings(max_examples=300)
@given(st.data())
def test_any_countrys_admin2_name_places_it_within_its_province(gazetteers, data):
    iso3 = data.draw(st.sampled_from(sorted(gazetteers)))
    districts = gazetteers[iso3].districts
    if not districts:
        return
    area = data.draw(st.sampled_from(districts))
    twins = [d for d in districts if d.parent == area.parent
             and normalise(d.name) == normalise(area.name)]
    placed = place(gazetteers[iso3], admin1_pcode=area.parent, admin2_name=area.name)
    if len(twins) > 1:  # two districts of one province with one name: refused, both named
        assert placed.problem.code == "place-ambiguous"
    else:
        assert (placed.admin1_pcode, placed.admin2_pcode, placed.problem) == \
            (area.parent, area.pcode, None)


REFUSED_BEFORE = [("Xayaburi", "LA08"), ("Louang Prabang", "LA06"), ("Attopu", "LA17"),
                  ("Borikhamzay", "LA11"), ("Luang Phrabang", "LA06"), ("Xieng Khuang", "LA09")]


@pytest.mark.parametrize(("name", "pcode"), REFUSED_BEFORE)
def test_spellings_real_files_use_are_placed_without_a_pcode(lao, name, pcode):
    placed = place(lao, admin1_name=name)
    assert (placed.admin1_pcode, placed.how, placed.problem) == (pcode, "alternative", None)


def geoboundaries_names() -> list[tuple[str, str]]:
    if not GEOBOUNDARIES_NAMES.is_file():
        pytest.skip("geoBoundaries' Lao names are not beside the repository")
    with open(GEOBOUNDARIES_NAMES, encoding="utf-8") as f:
        return [(r["ISO_Code"], r["Name"]) for r in csv.DictReader(f)]


def retyped(name: str, compose: bool, swap: bool) -> str:
    """A Lao name as another source types it: sara am composed or not, marks reordered."""
    text = name.replace("\u0ecd\u0eb2", "\u0eb3") if compose else \
        name.replace("\u0eb3", "\u0ecd\u0eb2")
    if swap:
        text = text.replace("\u0ecd\u0ec9", "\u0ec9\u0ecd").replace("\u0ecd\u0ec8", "\u0ec8\u0ecd")
    return text


@pytest.mark.parametrize("compose", [False, True])
@pytest.mark.parametrize("swap", [False, True])
def test_every_province_in_lao_script_is_placed_however_it_is_typed(lao, compose, swap):
    by_iso = {a.iso_3166_2: a.pcode for a in lao.areas} | {"LA-XN": "LA18"}  # geoBoundaries' code
    for iso, name in geoboundaries_names():
        placed = place(lao, admin1_name=retyped(name, compose, swap))
        assert (placed.admin1_pcode, placed.problem) == (by_iso[iso], None), name


def test_a_lao_name_beside_its_pcode_is_a_label(lao):
    placed = place(lao, admin1_name="ແຂວງຈຳປາສັກ", admin1_pcode="LA16")
    assert (placed.admin1_pcode, placed.how, placed.problem) == ("LA16", "pcode", None)


# --- P-codes first -------------------------------------------------------------------------

def test_an_unfamiliar_spelling_beside_a_pcode_is_only_a_label(lao):
    placed = place(lao, admin1_name="Xaiyaboury-Province?", admin1_pcode="LA08")
    assert (placed.admin1_pcode, placed.how, placed.problem) == ("LA08", "pcode", None)
    assert placed.written == "Xaiyaboury-Province? (LA08)"


def test_a_name_of_another_area_beside_a_pcode_is_refused_naming_both(lao):
    placed = place(lao, admin1_name="Khammouane", admin1_pcode="LA13")
    assert placed.admin1_pcode is None
    assert placed.problem.code == "place-contradicts-pcode"
    assert "'LA13' (Savannakhet)" in placed.problem.message
    assert "'Khammouane', which is LA12 (Khammouan)" in placed.problem.message


@settings(max_examples=200)
@given(st.data())
def test_an_older_iso3_pcode_is_converted_to_the_current_one(gazetteers, all_pcodes, data):
    level = data.draw(st.sampled_from([1, 2]))
    iso3, pcode = data.draw(st.sampled_from(all_pcodes[level]))
    gazetteer = gazetteers[iso3]
    if not pcode.startswith(gazetteer.iso2):
        return
    older = iso3 + pcode[len(gazetteer.iso2):]
    exact = "pcode" if level == 1 else "parent"  # a district's code gives its province too
    placed = place(gazetteer, **{f"admin{level}_pcode": older.lower()})
    assert getattr(placed, f"admin{level}_pcode") == pcode
    assert placed.how == ("converted" if older != pcode else exact)
    again = place(gazetteer, **{f"admin{level}_pcode": getattr(placed, f"admin{level}_pcode")})
    assert (again.how, getattr(again, f"admin{level}_pcode")) == (exact, pcode)


@pytest.mark.parametrize(("iso3", "written", "pcode"), [
    ("CMR", "CMR004", "CM004"), ("NGA", "NGA036", "NG036"), ("LAO", "LA-VT", "LA01"),
])
def test_named_conversions(gazetteers, iso3, written, pcode):
    placed = place(gazetteers[iso3], admin1_pcode=written)
    assert (placed.admin1_pcode, placed.how) == (pcode, "converted")


def test_lao_pcodes_are_the_same_in_both_forms(lao):
    assert place(lao, admin1_pcode="LA16").how == "pcode"


@pytest.mark.parametrize("code", ["LA27", "LA.13", "LA19", "13", "LAO-3283"])
def test_codes_that_only_look_like_pcodes_are_never_joined(lao, code):
    placed = place(lao, admin1_pcode=code, admin1_name="Attapeu")
    assert placed.admin1_pcode is None
    assert placed.problem.code == "unknown-pcode"
    assert f"'{code}'" in placed.problem.message
    assert "write LA17" in placed.problem.message  # the name beside it says which it is


def test_an_admin2_pcode_gives_its_province(gazetteers):
    placed = place(gazetteers["NGA"], admin2_pcode="NGA036001")
    assert (placed.admin1_pcode, placed.admin2_pcode) == ("NG036", "NG036001")
    assert placed.how == "converted"  # the least sure step is the one reported
    assert place(gazetteers["NGA"], admin2_pcode="NG036001").how == "parent"


def test_an_admin2_pcode_outside_the_province_given_is_refused(gazetteers):
    placed = place(gazetteers["NGA"], admin1_pcode="NG008", admin2_pcode="NG036001")
    assert placed.problem.code == "place-contradicts-pcode"


def test_a_district_named_in_another_province_is_refused_naming_where_it_is(lao):
    placed = place(lao, admin1_name="Attapeu", admin2_name="Pakse")
    assert placed.problem.code == "place-contradicts-parent"
    assert "Pakse (LA1601) in Champasack (LA16), not in Attapeu (LA17)" in placed.problem.message


def test_a_not_an_area_word_beside_a_district_code_that_is_none_is_not_located(lao):
    placed = place(lao, admin2_name="National", admin2_pcode="LA9999")
    assert (placed.admin1_pcode, placed.how, placed.problem) == (None, "not_located", None)


def test_an_admin2_name_alone_gives_its_province(lao):
    district = next(d for d in lao.districts
                    if sum(normalise(o.name) == normalise(d.name) for o in lao.districts) == 1)
    placed = place(lao, admin2_name=district.name.upper())
    assert (placed.admin1_pcode, placed.admin2_pcode, placed.how) == \
        (district.parent, district.pcode, "parent")


# --- not an area, ambiguous, near misses ---------------------------------------------------

@pytest.mark.parametrize("word", ["National", "Central Hospitals", "Multiple", "Nacional",
                                  "Toda la república", "Todo o país", "Ensemble du pays",
                                  "NATIONWIDE", "ທົ່ວປະເທດ", ""])
def test_words_that_name_no_area_keep_the_row_not_located(lao, word):
    placed = place(lao, admin1_name=word)
    assert (placed.admin1_pcode, placed.how, placed.problem) == (None, "not_located", None)


def test_national_coverage_coded_like_a_pcode_is_not_located(gazetteers):
    placed = place(gazetteers["GTM"], admin1_name="Cobertura Nacional", admin1_pcode="GT00")
    assert (placed.admin1_pcode, placed.how, placed.problem) == (None, "not_located", None)


def test_an_older_districts_code_is_refused_naming_the_current_one(gazetteers):
    placed = place(gazetteers["MOZ"], admin1_pcode="MZ01", admin2_name="Pemba",
                   admin2_pcode="MZ0117")  # as Mozambique's 2019 4W writes it
    assert placed.problem.code == "unknown-pcode"
    assert "'Pemba' is Cidade De Pemba (MZ0104): write MZ0104" in placed.problem.message


def test_every_place_of_guatemalas_3w_is_placed(gazetteers):
    path = REAL / "3w" / "gtm_345w_2020_2021.csv"
    if not path.is_file():
        pytest.skip("the Guatemala 3W file is not beside the repository")
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    tags = [t.replace(" ", "") for t in rows[1]]
    code, name = tags.index("#adm1+pcode"), tags.index("#adm1+name")
    hows = {}
    for row in rows[2:]:
        placed = place(gazetteers["GTM"], admin1_name=row[name], admin1_pcode=row[code])
        assert placed.problem is None, placed
        hows[placed.how] = hows.get(placed.how, 0) + 1
    assert hows == {"pcode": 1170, "not_located": 27}


def test_a_word_that_is_an_area_somewhere_places_it_there(gazetteers, lao):
    assert place(gazetteers["GHA"], admin1_name="Central").how == "name"
    assert place(lao, admin1_name="Central").how == "not_located"


def test_an_ambiguous_name_is_refused_naming_both_candidates(lao):
    placed = place(lao, admin1_name="Vientiane")
    assert placed.admin1_pcode is None
    assert placed.problem.code == "place-ambiguous"
    assert placed.suggestions == ("Vientiane Capital (LA01)", "Vientiane Province (LA10)")
    assert "Vientiane Capital (LA01) or Vientiane Province (LA10)" in placed.problem.message


@pytest.mark.parametrize(("name", "pcode"), [
    ("Maputo", "MZ05"), ("Província de Maputo", "MZ05"), ("Maputo Cidade", "MZ06"),
    ("Cidade de Maputo", "MZ06"), ("Maputo City", "MZ06"),
])
def test_maputo_city_and_province_are_told_apart(gazetteers, name, pcode):
    assert place(gazetteers["MOZ"], admin1_name=name).admin1_pcode == pcode


def test_an_ambiguous_name_beside_the_pcode_of_either_is_a_label(lao):
    assert place(lao, admin1_name="Vientiane", admin1_pcode="LA10").admin1_pcode == "LA10"


def test_a_near_miss_is_suggested_never_taken_silently(gazetteers):
    placed = place(gazetteers["SDN"], admin1_name="Centeral Darfur")
    assert (placed.admin1_pcode, placed.how) == (None, "fuzzy")
    assert placed.suggestions == ("Central Darfur (SD06)",)
    assert placed.problem.code == "place-near-miss"
    assert "Central Darfur (SD06)" in placed.problem.message
    assert "--accept-fuzzy" in placed.problem.message


def test_a_near_miss_is_taken_when_accepted(gazetteers):
    placed = place(gazetteers["SDN"], admin1_name="Centeral Darfur", accept_fuzzy=True)
    assert (placed.admin1_pcode, placed.how, placed.problem) == ("SD06", "fuzzy", None)
    assert placed.suggestions == ("Central Darfur (SD06)",)


def test_a_name_near_nothing_is_unknown(lao):
    placed = place(lao, admin1_name="Atlantis")
    assert (placed.admin1_pcode, placed.how, placed.problem.code) == (None, "unknown",
                                                                       "unknown-place")


@given(st.text(max_size=12), st.text(max_size=8))
@settings(max_examples=200)
def test_every_placement_says_how_and_either_places_or_says_why(gazetteers, name, code):
    placed = place(gazetteers["LAO"], admin1_name=name, admin1_pcode=code)
    assert placed.how in HOW
    if placed.problem is None:
        assert (placed.admin1_pcode is None) == (placed.how == "not_located")
    else:
        assert placed.admin1_pcode is None and placed.problem.message


# --- corrections kept as alternative names -------------------------------------------------

@pytest.fixture
def data_dir(tmp_path):
    folder = tmp_path / "gazetteer"
    folder.mkdir()
    for name in ("countries.csv", "LAO.csv", "LSO.csv", "LAO_admin2.csv", ALT_NAMES):
        (folder / name).write_bytes((GAZETTEERS / name).read_bytes())
    with open(folder / "countries.csv", encoding="utf-8") as f:
        kept = [line for line in f if line.startswith(("iso3,", "LAO,", "LSO,"))]
    (folder / "countries.csv").write_text("".join(kept), encoding="utf-8")
    return tmp_path


def test_a_confirmed_correction_places_the_next_file_and_keeps_every_line(data_dir):
    path = data_dir / "gazetteer" / ALT_NAMES
    before = path.read_text(encoding="utf-8")
    assert add_alternative(data_dir, "LAO", "LA12", "Khammouang") is True
    after = path.read_text(encoding="utf-8")
    assert after.startswith(before) and after.count("\n") == before.count("\n") + 1
    gazetteer = load_gazetteers(data_dir / "gazetteer")["LAO"]
    placed = place(gazetteer, admin1_name="Khammouang")
    assert (placed.admin1_pcode, placed.how) == ("LA12", "alternative")
    assert add_alternative(data_dir, "LAO", "LA12", "KHAMMOUANG") is False  # already there


def test_a_removed_spelling_no_longer_places_and_every_other_line_is_kept(data_dir):
    path = data_dir / "gazetteer" / ALT_NAMES
    before = path.read_text(encoding="utf-8")
    add_alternative(data_dir, "LAO", "LA12", "Khammouang")
    add_alternative(data_dir, "LAO", "LA13", "Savannakhett")
    assert remove_alternative(data_dir, "LAO", "LA12", "Khammouang") is True
    assert path.read_text(encoding="utf-8") == before + \
        "LAO,LA13,Savannakhett,,confirmed on the import page\n"
    gazetteer = load_gazetteers(data_dir / "gazetteer")["LAO"]
    assert place(gazetteer, admin1_name="Khammouang").admin1_pcode is None
    assert remove_alternative(data_dir, "LAO", "LA12", "Khammouang") is False


def test_a_correction_naming_another_area_or_no_area_is_refused(data_dir):
    path = data_dir / "gazetteer" / ALT_NAMES
    before = path.read_bytes()
    for pcode, name in (("LA13", "Khammouane"), ("LA99", "Somewhere"), ("LA12", " - ")):
        with pytest.raises(SaveRefused):
            add_alternative(data_dir, "LAO", pcode, name)
    assert path.read_bytes() == before


def test_corrections_saved_at_once_are_all_kept(data_dir):
    names = [f"Khammouan {i}" for i in range(20)]
    threads = [threading.Thread(target=add_alternative, args=(data_dir, "LAO", "LA12", n))
               for n in names]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    with open(data_dir / "gazetteer" / ALT_NAMES, encoding="utf-8") as f:
        saved = {r["name"] for r in csv.DictReader(f)}
    assert set(names) <= saved


def test_a_correction_starts_the_file_when_there_is_none(data_dir):
    (data_dir / "gazetteer" / ALT_NAMES).unlink()
    add_alternative(data_dir, "LSO", "LSB", "Botha Botha", language="en")
    with open(data_dir / "gazetteer" / ALT_NAMES, encoding="utf-8") as f:
        assert list(csv.DictReader(f)) == [{"iso3": "LSO", "pcode": "LSB", "name": "Botha Botha",
                                            "language": "en",
                                            "source": "confirmed on the import page"}]


def test_nfc_and_nfd_of_an_accented_name_are_one(lao):
    for form in ("NFC", "NFD"):
        assert place(lao, admin1_name=unicodedata.normalize(form, "Phôngsali")).admin1_pcode \
            == "LA02"


# --- the activity loader places its rows by the same rules ---------------------------------

HEADER = ("country_iso3,project,sub_objective,admin1_name,admin1_pcode,indicator,unit,targeted,"
          "reached,source\n")


def load(baseline, gazetteers, *places: tuple[str, str]):
    rows = "".join(f'LAO,Clinics,3.2,"{name}",{code},people vaccinated,people,,100,'
                   "lao-health-programmes\n" for name, code in places)
    return parse_activities(HEADER + rows, "places.csv", baseline, gazetteers)


@pytest.mark.parametrize(("name", "code", "pcode"), [
    ("Xaiyabouly town and around", "LA08", "LA08"),  # an unfamiliar spelling is a label
    ("ຈຳປາສັກ", "LA16", "LA16"),
    ("ໄຊສົມບູນ", "", "LA18"),
    ("Xayaburi", "", "LA08"),
    ("Attopu;Louang Prabang", "", "LA17;LA06"),
    ("Borikhamzay", "LAO11", "LA11"),  # an ISO3 P-code of an older COD
    ("National", "", ""),
])
def test_the_loader_places_rows_by_these_rules(baseline, gazetteers, name, code, pcode):
    table = load(baseline, gazetteers, (name, code))
    assert table["admin1_pcode"].astype(str).tolist() == [pcode]


@pytest.mark.parametrize(("name", "code", "says"), [
    ("Khammouane", "LA13", "'Khammouane', which is LA12 (Khammouan)"),
    ("Vientiane", "", "Vientiane Capital (LA01) or Vientiane Province (LA10)"),
    ("Savanaket", "", "nearest known: Savannakhet (LA13)"),
    ("Attapeu", "LA.17", "never joined on its shape"),
    ("Attapeu;Sekong", "LA17", "'Sekong' is LA15, which is not among the P-codes"),
])
def test_the_loader_refuses_rows_these_rules_refuse(baseline, gazetteers, name, code, says):
    with pytest.raises(InvalidData) as err:
        load(baseline, gazetteers, ("Attapeu", "LA17"), (name, code))
    (problem,) = err.value.problems
    assert (problem.line, problem.code) == (3, "unknown-province")
    assert says in problem.message
