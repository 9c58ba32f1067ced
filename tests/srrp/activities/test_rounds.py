"""Reporting rounds: each activity counted once, at its latest round, with its history kept; an
activity a later round no longer reports kept at its last round and marked as such."""

from __future__ import annotations

import pandas as pd
import pytest

from srrp.activities.rounds import KEPT, LATEST, ROUND, STATUS, current, round_in_name, rounds


def rows(*items: tuple) -> pd.DataFrame:
    """(implementer, project, admin1_pcode, round, reached) per row."""
    table = pd.DataFrame(items, columns=["implementer", "project", "admin1_pcode", ROUND,
                                         "reached"])
    return table.assign(country_iso3="NGA", donor="ECHO", sector="Health", admin2_pcode="",
                        location="", unit="people").astype(
        {c: "category" for c in ("implementer", "project", "admin1_pcode", ROUND, "country_iso3",
                                 "donor", "sector", "admin2_pcode", "location")})


def test_an_activity_reported_in_two_rounds_counts_once_at_the_later():
    history = rows(("MSF", "Clinics", "NG008", "2021-07", 100),
                   ("MSF", "Clinics", "NG008", "2021-08", 160))  # cumulative: 160 so far
    now = current(history)
    assert now["reached"].tolist() == [160] and now[STATUS].tolist() == [LATEST]
    assert rounds(history) == ["2021-07", "2021-08"]


def test_an_activity_the_later_round_no_longer_reports_is_kept_at_its_last_and_marked():
    history = rows(("MSF", "Clinics", "NG008", "2021-07", 100),
                   ("MSF", "Clinics", "NG008", "2021-08", 160),
                   ("IRC", "Water", "NG036", "2021-07", 40))
    now = current(history).set_index("project")
    assert now["reached"].to_dict() == {"Clinics": 160, "Water": 40}
    assert now[STATUS].to_dict() == {"Clinics": LATEST, "Water": KEPT}


def test_the_same_project_in_another_place_or_by_another_organisation_is_another_activity():
    history = rows(("MSF", "Clinics", "NG008", "2021-07", 100),
                   ("MSF", "Clinics", "NG036", "2021-08", 50),
                   ("IRC", "Clinics", "NG008", "2021-08", 70))
    assert sorted(current(history)["reached"]) == [50, 70, 100]


def test_every_row_of_an_activitys_latest_round_counts_one_per_indicator_say():
    history = rows(("MSF", "Clinics", "NG008", "2021-08", 100),
                   ("MSF", "Clinics", "NG008", "2021-08", 30))
    assert sorted(current(history)["reached"]) == [30, 100]


def test_rows_without_a_round_are_current_as_they_are():
    history = rows(("MSF", "Clinics", "NG008", "", 100), ("MSF", "Clinics", "NG008", "", 30))
    assert current(history) is history or len(current(history)) == 2


@pytest.mark.parametrize("name, month", [
    ("nga_3w_august_2021.xlsx", "2021-08"), ("moz_4w_response_tracking_matrix_20190909.xlsx",
                                             "2019-09"),
    ("som_3w_all_clusters_march_2022.xlsx", "2022-03"), ("irq_3w_2022-04.csv", "2022-04"),
    ("gtm_345w_2020_2021.csv", None), ("hnd_345w.csv", None), ("3w_2021_mars.xlsx", "2021-03")])
def test_the_month_a_file_name_states(name, month):
    assert round_in_name(name) == month
