"""Two reporting rounds of one 4W on the pages: the later round's figures, each round's reach
against its targets on Targets, a slide of it in the briefing; an import taken out, its round
gone from every page."""

from __future__ import annotations

import pytest

from srrp.dataset import PLAN_FILE, activity_files, load_dataset
from srrp.intake.imports import content_hash, list_imports, remove_import
from srrp.intake.rows import read_import, write_import
from srrp.places.gazetteer import load_gazetteers
from srrp.plan.tree import load_plan
from srrp.scenarios.scenario import BASELINE
from srrp.view import Filters, View
from tests.app.test_import import table
from tests.workbooks import NGA_HEADER, NGA_HXL, nga_row, xlsx
from visuals.deck import build_deck, rounds_slides

TARGETS = "pages/targets.py"


def import_round(folder, month: str, reached: int) -> None:
    raw = xlsx({"3W": [NGA_HEADER, NGA_HXL, nga_row(reached=reached)]})
    plan, gazetteers = load_plan(folder / PLAN_FILE), load_gazetteers(folder / "gazetteer")
    intake = read_import(raw, f"nga_4w_{month}.xlsx", gazetteers, plan=plan,
                         default_round=month)
    write_import(intake, folder, plan, gazetteers, sha256=content_hash(raw))


@pytest.fixture
def two_rounds(data_dir):
    import_round(data_dir, "2021-07", 800)
    import_round(data_dir, "2021-08", 1100)
    return data_dir


def test_targets_count_the_later_round_and_show_each_round_against_its_targets(
        open_page, two_rounds):
    at = open_page(TARGETS, country="NGA")
    assert [m.value for m in at.metric][:2] == ["1,200", "1,100"]  # not 2,400 and 1,900
    rounds = table(at, "round")
    assert rounds[["round", "targeted", "reached"]].values.tolist() == [
        ["2021-07", "1,200", "800"], ["2021-08", "1,200", "1,100"]]
    assert any("2 reporting rounds" in c.value for c in at.caption)


def test_the_briefing_gains_a_slide_of_reach_by_round_only_with_two_rounds(two_rounds):
    dataset = load_dataset(two_rounds / PLAN_FILE, activity_files(two_rounds),
                           two_rounds / "gazetteer")
    view = View(dataset, dataset.plan, BASELINE, None, Filters("NGA"), two_rounds)
    [slide] = rounds_slides(view)
    assert slide.chart_text == ("2021-07: reached 800 of 1,200 targeted",
                                "2021-08: reached 1,100 of 1,200 targeted")
    assert [f.value for f in slide.figures] == ["2", "1,100", "1,200"]
    assert "rounds" in [s.key for s in build_deck(view, {}).slides]
    lao = View(dataset, dataset.plan, BASELINE, None, Filters("LAO"), two_rounds)
    assert rounds_slides(lao) == []  # Lao PDR's files state no round


def test_an_import_taken_out_takes_its_round_off_every_page(open_page, two_rounds):
    august = next(r for r in list_imports(two_rounds) if r.rounds == ("2021-08",))
    remove_import(two_rounds, august.id)
    at = open_page(TARGETS, country="NGA")
    assert [m.value for m in at.metric][:2] == ["1,200", "800"]
    assert not [d for d in at.dataframe if "round" in d.value.columns]
