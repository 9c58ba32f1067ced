"""AppTest fixtures: the app run against a private copy of the bundled data.

Under AppTest every run starts as an old-style multipage run and is rerun through the router
(see components.shell.current_view), which drops a click read from ``st.button``'s return
value: the app acts on clicks in ``on_click`` callbacks, and tests can rely on that."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def data_dir(tmp_path, monkeypatch) -> Path:
    """A copy of data/ that a test may edit; the app reads it through SRRP_DATA_DIR."""
    folder = tmp_path / "data"
    shutil.copytree(ROOT / "data", folder, ignore=shutil.ignore_patterns("scenarios"))
    (folder / "scenarios").mkdir()
    monkeypatch.setenv("SRRP_DATA_DIR", str(folder))
    monkeypatch.chdir(ROOT)
    return folder


@pytest.fixture
def open_page(data_dir):
    """open_page("pages/gaps.py", **query) → the app run on that page with no exception."""

    def _open(page: str | None = None, **query) -> AppTest:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        for key, value in query.items():
            at.query_params[key] = value
        at.run()
        if page:
            at.switch_page(page).run()
        assert not at.exception, [e.value for e in at.exception]
        return at

    return _open
