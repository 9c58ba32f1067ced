"""Columns mapped to activity fields: by HXL hashtag, then by header words in four languages,
then as the user says in a mapping file."""

from __future__ import annotations

import pytest

from srrp.intake.mapping import FIELDS, Mapping, apply_mapping, auto_columns, hashtag, parse_mapping
from srrp.problems import InvalidData


@pytest.mark.parametrize(("cell", "tag"), [
    ("#adm1 +code", "#adm1+code"), ("#adm1+pcode\t", "#adm1+code"), ("#ADM1+NAME", "#adm1+name"),
    ("#org +impl ", "#org+impl"), ("#reached +total", "#reached+total"), ("#HRP", "#hrp")])
def test_messy_hashtags_are_read_the_one_way(cell, tag):
    assert hashtag(cell) == tag


@pytest.mark.parametrize("cell", ["#VALUE!", "#N/A", "# of people", "Province", 3, None])
def test_error_cells_and_words_are_not_hashtags(cell):
    assert hashtag(cell) is None


def mapped(pairs: list[tuple[str, str | None]]) -> dict[str, str]:
    headers = [h for h, _ in pairs]
    return auto_columns(headers, [hashtag(t) for _, t in pairs])


def test_hashtags_map_columns_whatever_their_headers_say():
    assert mapped([("A", "#org+funder"), ("B", "#org +impl +name"), ("C", "#sector+cluster"),
                   ("D", "#adm1+name"), ("E", "#adm1 +pcode"), ("F", "#adm2+code"),
                   ("G", "#date +start"), ("H", "#value+usd"), ("I", "#country+code")]) == {
        "A": "donor", "B": "implementer", "C": "sector", "D": "admin1_name",
        "E": "admin1_pcode", "F": "admin2_pcode", "G": "start", "H": "budget_usd",
        "I": "country_iso3"}


def test_people_counts_are_never_taken_from_households_or_parts():
    assert mapped([("hh", "#targeted +hh"), ("ind", "#targeted +ind +num"),
                   ("girls", "#reached+f+children"), ("all", "#reached +total"),
                   ("women", "#reached+f")]) == {
        "ind": "targeted", "all": "reached", "women": "women_reached"}


def test_a_funder_is_a_donor_and_never_the_implementer():
    assert mapped([("Lead", "#org +funder +name"), ("Type", "#org +funder +type +name"),
                   ("Partner", "#org +impl +name")]) == {"Lead": "donor", "Partner": "implementer"}


@pytest.mark.parametrize(("header", "name"), [
    ("Donor", "donor"), ("Bailleur de fonds", "donor"), ("ORGANIZACIÓN DONANTE", "donor"),
    ("Doador", "donor"), ("Province", "admin1_name"), ("Província", "admin1_name"),
    ("Distrito", "admin2_name"), ("PCODE1", "admin1_pcode"), ("Fecha de inicio", "start"),
    ("Date de début", "start"), ("Data final", "end"), ("Personas alcanzadas", "reached"),
    ("Personnes ciblées", "targeted"), ("Secteur", "sector"), ("Setor", "sector"),
    ("Budget (USD)", "budget_usd"), ("Parceiro de implementação", "implementer")])
def test_header_words_in_four_languages(header, name):
    assert mapped([(header, None)]) == {header: name}


@pytest.mark.parametrize("header", ["Tipo de unidad del recurso", "Estado", "Month",
                                    "Budget (GTQ)"])
def test_a_header_that_only_contains_a_word_maps_nothing(header):
    assert mapped([(header, None)]) == {}


def test_each_field_is_taken_once_by_the_first_column():
    assert mapped([("Province", None), ("Provincia", None)]) == {"Province": "admin1_name"}


def test_the_users_mapping_wins_and_can_leave_a_column_out():
    auto = {"Org": "implementer", "Funder": "donor"}
    chosen, warnings = apply_mapping(auto, ["Org", "Funder", "Lead"], Mapping(
        {"Lead": "donor", "Org": None, "Gone": "sector"}))
    assert chosen == {"Lead": "donor"}
    assert warnings == ["the mapping names a column 'Gone' that this sheet does not have"]


def test_a_mapping_file_reads_back_what_was_saved():
    mapping = Mapping({"Organização líder": "donor", "Comments": None}, "Data_Entry", 7, "dmy",
                      "MOZ")
    assert parse_mapping(mapping.to_yaml(), "moz.yaml") == mapping


def test_a_mapping_file_with_an_unknown_field_names_its_line_and_the_nearest_field():
    with pytest.raises(InvalidData) as err:
        parse_mapping("sheet: Data\ncolumns:\n  Lead: donr\ndate_order: ymd\n", "m.yaml")
    found = [(p.line, p.code) for p in err.value.problems]
    assert found == [(3, "bad-value"), (4, "bad-value")]
    assert "did you mean 'donor'" in err.value.problems[0].message


def test_every_field_has_words_for_the_user():
    assert all(FIELDS.values())
