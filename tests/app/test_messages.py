"""Messages people read: every icon is one the fonts here draw (an emoji the fonts lack shows
as a blank box), and titles are shown as people gave them."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def icons() -> set[str]:
    """Every icon given to a message (st.error, st.info, …) in the app's code."""
    found = set()
    for path in [*ROOT.glob("components/*.py"), *ROOT.glob("pages/*.py"), ROOT / "app.py"]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.keyword) and node.arg == "icon" \
                    and isinstance(node.value, ast.Constant):
                found.add(node.value.value)
    return found


@pytest.mark.skipif(not DEJAVU.is_file(), reason="DejaVu Sans is not installed")
def test_every_message_icon_is_drawn_by_a_common_font():
    from fontTools.ttLib import TTFont

    cmap = TTFont(DEJAVU).getBestCmap()
    missing = {icon for icon in icons()
               if any(ord(ch) not in cmap for ch in icon if ch != "\ufe0f")}
    assert icons() and not missing, f"drawn as a blank box where no emoji font is: {missing}"


def test_compare_ties_each_column_to_the_title_people_gave(open_page, data_dir):
    """A long title would push the other columns off the screen: each column is headed by a
    short name, and the legend above the tables and the column's help give its title, said to
    be hypothetical."""
    title = "What if the United Kingdom pledges USD 5 M to vaccines in Q3"
    (data_dir / "scenarios" / "pledge-A.yaml").write_text(
        f"scenario: {{title: {title}}}\nchanges:\n  - add_contribution: {{id: a, donor: D, "
        "amount: 5000000, status: confirmed}\n", encoding="utf-8")
    at = open_page("pages/compare.py", **{"with": "pledge-A"})
    legend = next(m.value for m in at.markdown if m.value.startswith("**Baseline**"))
    named = dict(line.split(": ", 1) for line in legend.replace("\\", "").split("  \n"))
    assert named["**Scenario 1**"] == f"{title} (hypothetical)"
    columns = [json.loads(t.proto.columns)[title] for t in at.dataframe if title in t.value]
    assert len(columns) == 3  # confirmed, gap and coverage
    assert all(c["label"] == "Scenario 1" and c["help"] == named["**Scenario 1**"]
               for c in columns)


def test_sources_are_given_by_title_publisher_and_link_never_by_internal_file(open_page,
                                                                              data_dir):
    from srrp.funding.fts import additions, funding, read_flows
    from srrp.scenarios.adding import add_to_file
    from tests.examples import FTS_FLOWS

    flows = data_dir.parent / "flows.csv"
    flows.write_text(FTS_FLOWS, encoding="utf-8")
    add_to_file(data_dir / "plan_2021.yaml", additions(funding(read_flows([flows]))))
    lines = [m.value.replace("\\", "") for m in open_page("pages/overview.py").markdown]
    sources = [line for line in lines if line.startswith("- **")]
    assert sources and not any("document" in s or ".txt" in s for s in sources)
    fts = next(s for s in sources if "FTS flow 11" in s)
    assert fts == ("- **FTS flow 11** — OCHA Financial Tracking Service (FTS) · "
                   "[fts.unocha.org](https://fts.unocha.org/flows/11)")


def test_a_new_contribution_row_shows_an_empty_id_not_none(open_page):
    at = open_page("pages/whatif.py")
    contributions = next(e for e in at.data_editor if e.key.startswith("whatif_contributions"))
    assert contributions.proto.placeholder == ""


def test_the_sources_table_gives_titles_and_links_not_internal_file_names(open_page):
    at = open_page("pages/sources.py")
    sources = next(d.value for d in at.dataframe if "figures" in d.value.columns)
    assert list(sources.columns[:3]) == ["title", "publisher", "link"]
    assert "document" not in sources.columns
