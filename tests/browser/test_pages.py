"""The whole app in a real browser: Debian's Chromium driven by Playwright.

Starts the server on a free port against a copy of the data, opens every page, waits until its
charts and map are drawn, and checks that no exception box appears and no request leaves the
machine. Screenshots of every page are saved in artifacts/screenshots/ to be looked at.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "artifacts" / "screenshots"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync",
                 "--disable-quic"]
LOCAL_HOSTS = {"localhost", "127.0.0.1", "[::1]", "::1"}

# page path → what shows that it is drawn
PAGES = {
    "overview": ".js-plotly-plot .barlayer .point path",
    "gaps": ".js-plotly-plot .slice path",
    "targets": ".js-plotly-plot .barlayer .point path",
    "map": '[data-testid="stDeckGlJsonChart"] canvas',
    "whatif": '[data-testid="stDataFrame"], [data-testid="stDataFrameResizable"]',
    "briefing": '[data-testid="stMetric"]',
    "sources": '[data-testid="stDataFrame"], [data-testid="stDataFrameResizable"]',
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing: run `make test`, which installs Debian's chromium")
    data = tmp_path_factory.mktemp("browser") / "data"
    shutil.copytree(ROOT / "data", data)
    port = _free_port()
    log = open(data.parent / "server.log", "w")  # noqa: SIM115 - closed in teardown
    env = {**os.environ, "SRRP_DATA_DIR": str(data)}
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
         "--server.headless", "true", "--server.address", "127.0.0.1"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(url, process)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)
        log.close()
        if process.returncode not in (0, -15):
            sys.stderr.write((data.parent / "server.log").read_text())


def _wait_until_up(url: str, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("the server stopped while starting")
        try:
            urllib.request.urlopen(f"{url}/_stcore/health", timeout=2)
            return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("the server did not answer within 60 s")


@pytest.fixture(scope="module")
def browser():
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1600, "height": 1000})
    page = context.new_page()
    page.outside_requests = []
    page.on("request", lambda r: _note_outside(page, r.url))
    yield page
    context.close()


def _note_outside(page, url: str) -> None:
    parsed = urlparse(url)
    if parsed.scheme in ("data", "blob", "about"):
        return
    if parsed.hostname not in LOCAL_HOSTS:
        page.outside_requests.append(url)


def open_and_wait(page, url: str, drawn: str) -> None:
    page.goto(url, wait_until="domcontentloaded")
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]',
                           timeout=60_000)
    page.wait_for_selector(drawn, timeout=60_000, state="attached")
    page.wait_for_timeout(500)  # let charts finish their transitions before the screenshot


@pytest.mark.parametrize("name", list(PAGES))
def test_every_page_draws_without_errors_or_outside_requests(server, page, name):
    open_and_wait(page, f"{server}/{name}", PAGES[name])
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.outside_requests == []


def test_a_link_with_state_opens_the_same_view(server, page):
    open_and_wait(page, f"{server}/gaps?node=3.2&objective=3", PAGES["gaps"])
    assert "Promote equitable access to vaccines" in page.inner_text('[data-testid="stMain"]')
    assert "objective=3" in page.url and "node=3.2" in page.url
