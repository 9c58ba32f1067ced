"""A what-if edit in a real browser: the headline follows at once (the fragment), then the rest
of the page (the chart of the change, the sidebar). AppTest reruns whole scripts, so only a
browser sees the fragment and the page's run that follows it as two steps."""

from __future__ import annotations

import pytest
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from bench.browser import EDIT, EDIT_AMOUNT, EDIT_TITLE
from srrp.formatting import usd
from srrp.plan.rollup import rollup
from srrp.plan.tree import load_plan
from tests.browser.harness import PAGES, ROOT, open_and_wait, serve_bundled

pytestmark = pytest.mark.browser

BOX = ".st-key-whatif_yaml textarea"
SETTLED = ("() => document.querySelector('[data-testid=\"stApp\"]')"
           "?.getAttribute('data-test-script-state') === 'notRunning'")


def arrivals(frames: list[bytes], gap: str) -> list[str]:
    """What reached the browser, in order: each run's start, and the headline showing ``gap``."""
    arrived = []
    for frame in frames:
        msg = ForwardMsg.FromString(frame)
        if msg.WhichOneof("type") == "new_session":
            arrived.append("run")
        elif msg.delta.new_element.metric.body == gap:
            arrived.append("headline")
    return arrived


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with serve_bundled(tmp_path_factory.mktemp("whatif") / "data") as url:
        yield url


def test_an_edit_moves_the_headline_then_the_chart_and_the_sidebar(server, page):
    gap = usd(rollup(load_plan(ROOT / "data" / "plan_2021.yaml"))["gap"].iloc[0] - EDIT_AMOUNT)
    frames: list[bytes] = []
    # a lambda, not frames.append: Playwright cannot take a builtin as a listener
    page.on("websocket", lambda ws: ws.on("framereceived", lambda frame: frames.append(frame)))
    open_and_wait(page, f"{server}/whatif", PAGES["whatif"])
    main = page.locator('[data-testid="stMain"]')
    assert "Baseline — no change yet" in main.inner_text()
    page.locator(BOX).fill(EDIT)
    opened = len(frames)
    page.locator(BOX).press("Control+Enter")
    page.wait_for_function(
        "gap => [...document.querySelectorAll('[data-testid=\"stMetricValue\"]')]"
        ".some(v => v.innerText.trim() === gap)", arg=gap, timeout=60_000)
    page.wait_for_selector("text=Changed parts of the plan (hypothetical), USD", timeout=60_000)
    page.wait_for_function(SETTLED, timeout=60_000)
    # The edit's own run (the fragment) delivers the headline before the page's run starts:
    # a new run drops what has not been sent yet.
    arrived = arrivals(frames[opened:], gap)
    assert arrived[:3] == ["run", "headline", "run"], arrived
    assert f"HYPOTHETICAL — {EDIT_TITLE}" in main.inner_text()
    chosen = page.locator('[data-testid="stSidebar"] .st-key-scenario input').input_value()
    assert chosen == "Unsaved edit (hypothetical)"
    assert page.locator('[data-testid="stException"]').count() == 0


def test_a_refused_title_disables_save_as_it_is_typed(server, page):
    """Typed, neither Enter pressed nor the box left: the refusal shows and Save is disabled
    before anyone reaches for it."""
    open_and_wait(page, f"{server}/whatif", PAGES["whatif"])
    page.locator(BOX).fill(EDIT)
    page.locator(BOX).press("Control+Enter")
    page.wait_for_selector("text=Changed parts of the plan (hypothetical), USD", timeout=60_000)
    page.wait_for_function(SETTLED, timeout=60_000)
    save = page.locator(".st-key-whatif_save button")
    title = page.locator(".st-key-whatif_name input")
    title.click()
    title.press("Control+a")  # over the title the edit has
    title.press_sequentially("draft")
    page.wait_for_selector("text=Cannot be saved: 'draft'", timeout=60_000)
    assert save.is_disabled()
    assert title.evaluate("box => box === document.activeElement")  # still typing
    title.press_sequentially(" pledge")
    page.wait_for_selector("text=Will be saved as draft-pledge.yaml", timeout=60_000)
    assert save.is_enabled()
