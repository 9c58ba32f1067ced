"""A read-only deployment (SRRP_READ_ONLY=1) shows no control that writes, and none can be made
to write: not by a button, not by state planted in the session."""

from __future__ import annotations

import pytest

from tests.hostile.hostile_data import ROOT

PAGES = ["pages/overview.py", "pages/gaps.py", "pages/targets.py", "pages/map.py",
         "pages/whatif.py", "pages/briefing.py", "pages/sources.py"]
PLEDGE = """scenario:
  title: What if a donor gives USD 5 M to vaccines?
changes:
  - add_contribution: {id: vaccines-5m, donor: Hypothetical donor, amount: 5000000,
                       sub_objective: "3.2", status: confirmed}
"""


def written(folder) -> list[str]:
    """Every file under the data folder, to tell whether anything was written."""
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


@pytest.fixture
def read_only(monkeypatch, data_dir):
    monkeypatch.setenv("SRRP_READ_ONLY", "1")
    return data_dir


@pytest.mark.parametrize("page", PAGES)
def test_no_page_shows_a_control_that_saves(open_page, read_only, page):
    at = open_page(page)
    labels = [b.proto.label for kind in ("button", "form_submit_button")
              for b in at.get(kind)]
    assert not [label for label in labels if "save" in label.lower()], labels
    assert not [t for t in at.text_input if "name" in t.label.lower()]


def test_state_planted_in_the_session_cannot_save(open_page, read_only):
    before = written(read_only)
    at = open_page("pages/whatif.py")
    at.session_state["whatif_yaml"] = PLEDGE
    at.session_state["whatif_text"] = PLEDGE
    at.session_state["whatif_name"] = "planted"
    at.run()
    for key in ("whatif_save", "FormSubmitter:whatif-Save scenario"):
        at.session_state[key] = True
        at.run()
    at.query_params["save"] = "planted"
    at.run()
    assert not at.exception
    assert written(read_only) == before
    assert not (ROOT / "data" / "scenarios" / "planted.yaml").exists()
