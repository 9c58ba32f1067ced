"""A spelling kept as an alternative name places the rows it refused, without a restart."""

from __future__ import annotations

from srrp.places.matching import add_alternative


def test_a_spelling_added_to_the_gazetteer_places_a_refused_file(open_page, data_dir):
    path = data_dir / "lao_activities.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",Attapeu,LA17,", ",Attapeuu,,"),
                    encoding="utf-8")
    at = open_page("pages/map.py")
    assert "'Attapeuu' is not a province of Lao PDR" in "\n".join(c.value for c in at.code)
    assert add_alternative(data_dir, "LAO", "LA17", "Attapeuu") is True
    at.run()
    assert not at.exception and not at.code
