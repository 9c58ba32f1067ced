"""Text from data files reaches every Markdown-rendering element escaped (AppTest, every page).

Streamlit renders Markdown in titles, headers, captions, alerts, metric and widget labels: a
data text put there unescaped turns into a link, an image fetched from elsewhere, or loses its
'<script>' to the HTML sanitiser. The real browser test is tests/browser/test_safety.py.
"""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from tests.hostile.hostile_data import ROOT, hostile_copy

PAGES = ["pages/overview.py", "pages/gaps.py", "pages/targets.py", "pages/map.py",
         "pages/whatif.py", "pages/briefing.py", "pages/sources.py"]
# the payload's markup as typed, not escaped by a backslash
RAW = re.compile(r"(?<!\\)<(script|img|b>)|(?<!\\)\]\((javascript|http)|(?<!\\)\*\*bold")
MARKDOWN = ("markdown", "title", "header", "subheader", "caption", "error", "warning", "info",
            "success", "exception")


def rendered_markdown(at) -> list[str]:
    texts = [e.value for kind in MARKDOWN for e in at.get(kind)]
    texts += [m.label for m in at.metric] + [e.proto.label for e in at.get("expander")]
    for kind in ("selectbox", "radio", "toggle", "checkbox", "text_area", "number_input",
                 "button", "download_button", "slider", "segmented_control", "pills"):
        texts += [getattr(w.proto, "label", "") for w in at.get(kind)]
    return texts


@pytest.fixture(scope="module")
def hostile_dir(tmp_path_factory):
    return hostile_copy(tmp_path_factory.mktemp("hostile") / "data")


@pytest.mark.parametrize("scenario", ["baseline", "hostile"])
@pytest.mark.parametrize("page", PAGES)
def test_data_texts_are_escaped_wherever_markdown_is_rendered(hostile_dir, monkeypatch, page,
                                                              scenario):
    monkeypatch.setenv("SRRP_DATA_DIR", str(hostile_dir))
    monkeypatch.chdir(ROOT)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["scenario"] = scenario
    at.query_params["node"] = "1"
    at.query_params["province"] = "LA12"
    at.run()
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    leaks = [text for text in rendered_markdown(at) if RAW.search(text)]
    assert leaks == []
