"""In Chromium: time from navigation to a page's charts drawn, bytes sent to the browser, and
time from a what-if edit to the updated headline — beside a minimal page served the same way.

``python -m bench.browser DATA_DIR`` prints one JSON line. Two servers run: the dashboard
(against DATA_DIR) and the floor page (bench/floor_page.py). Each page is opened in a fresh
browser context (no cache, a new session) after one warm-up visit of it, so the server's data
caches are warm, as they are for every visitor but the first. Pages: best of ``--repeat``;
the edit: the median of ``EDITS`` edits on each side.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import sync_playwright

from scripts.serve import free_port
from srrp.dataset import PLAN_FILE
from srrp.formatting import usd
from srrp.plan.rollup import rollup
from srrp.plan.tree import load_plan

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
PAGES = ["overview", "gaps", "targets", "map", "whatif", "briefing", "sources"]
TIMEOUT_MS = 600_000
# true once the script has finished, something is on the page, no element is still a
# placeholder (widgets and tables show a skeleton until their code has loaded), and every
# chart is drawn
DRAWN = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  if (!document.querySelector('[data-testid="stMain"] [data-testid="stElementContainer"]'))
    return false;
  if (document.querySelector('[data-testid="stException"]')) return 'exception';
  if (document.querySelector('[data-testid="stSkeleton"]')) return false;
  const plots = document.querySelectorAll('[data-testid="stPlotlyChart"]');
  for (const p of plots) if (!p.querySelector('.js-plotly-plot .main-svg')) return false;
  const maps = document.querySelectorAll('[data-testid="stDeckGlJsonChart"]');
  for (const m of maps) if (!m.querySelector('canvas')) return false;
  return true;
}"""
EDIT_TITLE = "Benchmark edit"
EDIT_AMOUNT = 5_000_000
EDIT = f"""scenario:
  title: {EDIT_TITLE}
changes:
  - add_contribution: {{id: bench-5m, donor: Benchmark donor, amount: {EDIT_AMOUNT},
                       sub_objective: "3.2", status: confirmed}}
"""
# The edit is timed by the page's own clock, from the key press to the frame that shows it:
# Playwright's own steps (finding the box, polling) are not what the audience waits for.
EDIT_STARTS = """(box) => document.querySelector(box).addEventListener(
  'keydown', event => { if (event.key === 'Enter' && event.ctrlKey)
    window.editPressed = performance.now(); }, {capture: true})"""
WHATIF_BOX = ".st-key-whatif_yaml textarea"
FLOOR_GAP = 822_628_000  # bench/floor_edit.py's gap before the amounts typed
FLOOR_BOX = ".st-key-floor_yaml textarea"
# the time once a headline tile shows the given figure (the gap after the edit)
HEADLINE = """(figure) => [...document.querySelectorAll('[data-testid="stMetricValue"]')]
  .some(value => value.innerText.trim() === figure) && performance.now()"""
SETTLED = """() => document.querySelector('[data-testid="stApp"]')
  ?.getAttribute('data-test-script-state') === 'notRunning' && performance.now()"""


@contextmanager
def server(script: str, env: dict):
    """A Streamlit server on a free port, stopped on exit."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", script, "--server.port", str(port),
         "--server.headless", "true", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env={**os.environ, **env}, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                urllib.request.urlopen(f"{url}/_stcore/health", timeout=2)
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError(f"the server for {script} did not start") from None
                time.sleep(0.3)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)


def visit(browser, url: str) -> dict:
    """Open a page in a fresh context: seconds until drawn, and websocket bytes received."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    received = [0]

    def on_socket(ws):
        ws.on("framereceived", lambda payload: received.__setitem__(
            0, received[0] + len(payload if isinstance(payload, bytes) else payload.encode())))

    page.on("websocket", on_socket)
    try:
        start = time.perf_counter()
        page.goto(url)
        state = page.wait_for_function(DRAWN, timeout=TIMEOUT_MS, polling="raf").json_value()
        seconds = time.perf_counter() - start
        page.wait_for_timeout(500)  # frames still on their way after the last chart
        return {"drawn_s": seconds, "bytes": received[0], "exception": state == "exception"}
    finally:
        context.close()


def whatif_edit(browser, url: str, gap: str, box: str = WHATIF_BOX, text: str = EDIT) -> dict:
    """Type ``text`` in the text box ``box`` (the What-if YAML, or the floor's): seconds from
    Ctrl+Enter until a headline tile shows ``gap`` (what the audience waits for), and until the
    page has settled (the rest of the page, charts and tables below the headline, redrawn)."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    try:
        page.goto(url)
        page.wait_for_function(DRAWN, timeout=TIMEOUT_MS, polling="raf")
        page.locator(box).fill(text)
        page.evaluate(EDIT_STARTS, box)
        page.locator(box).press("Control+Enter")
        shown = page.wait_for_function(HEADLINE, arg=gap, timeout=TIMEOUT_MS, polling="raf")
        settled = page.wait_for_function(SETTLED, timeout=TIMEOUT_MS, polling="raf")
        pressed = page.evaluate("() => window.editPressed")
        return {"edit_s": (shown.json_value() - pressed) / 1000,
                "settled_s": (settled.json_value() - pressed) / 1000}
    except Exception as err:  # a page being rebuilt must not stop the other measurements
        return {"error": str(err).splitlines()[0]}
    finally:
        context.close()


EDITS = 9  # edits timed on each side: one edit varies by a frame or two (16-33 ms)


def _median_edit(edits) -> dict:
    """The median edit, with the fastest and slowest: a single edit's time moves with the frame
    it lands in and with the machine's other work, so the best of two was luck, not speed."""
    edits = list(edits)
    timed = sorted((r for r in edits if "edit_s" in r), key=lambda r: r["edit_s"])
    if not timed:
        return edits[0]
    middle = timed[len(timed) // 2]
    return {**middle, "edits": len(timed), "edit_min_s": timed[0]["edit_s"],
            "edit_max_s": timed[-1]["edit_s"]}


def _best(visits: list[dict]) -> dict:
    return min(visits, key=lambda v: v["drawn_s"])


def measure(data_dir: Path, repeat: int, pages: list[str] = PAGES) -> dict:
    result = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        if pages:
            with server("bench/floor_page.py", {}) as floor:
                visit(browser, floor)
                result["floor"] = _best([visit(browser, floor) for _ in range(repeat)])
        result["edit_floor"] = _edit_floor(browser)
        with server("app.py", {"SRRP_DATA_DIR": str(data_dir)}) as app:
            visit(browser, app)  # the first visitor loads the data
            result |= _pages(browser, app, pages, repeat)
            gap = usd(rollup(load_plan(data_dir / PLAN_FILE))["gap"].iloc[0] - EDIT_AMOUNT)
            whatif_edit(browser, f"{app}/whatif", gap)  # the first edit computes the figures
            result["whatif_edit"] = _median_edit(
                whatif_edit(browser, f"{app}/whatif", gap) for _ in range(EDITS))
        browser.close()
    geojson = data_dir / "boundaries" / "LAO_admin1.geojson"
    result["geojson_bytes"] = geojson.stat().st_size if geojson.exists() else None
    return result


def _edit_floor(browser) -> dict:
    """The same text typed in the bare page, which subtracts the amounts in it from a gap."""
    with server("bench/floor_edit.py", {}) as floor:
        figure = f"USD {FLOOR_GAP - EDIT_AMOUNT:,}"
        whatif_edit(browser, floor, figure, FLOOR_BOX)
        return _median_edit(whatif_edit(browser, floor, figure, FLOOR_BOX)
                            for _ in range(EDITS))


def _pages(browser, app: str, pages: list[str], repeat: int) -> dict:
    result = {}
    for name in pages:
        url = f"{app}/{name}"
        try:
            visit(browser, url)  # the first visitor of a page computes its own
            result[name] = _best([visit(browser, url) for _ in range(repeat)])
        except Exception as err:
            result[name] = {"error": str(err).splitlines()[0]}
    return result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.browser")
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--edit-only", action="store_true",
                        help="only the what-if edit beside its floor, no page visits")
    args = parser.parse_args(argv)
    pages = [] if args.edit_only else PAGES
    print(json.dumps(measure(args.data_dir.resolve(), args.repeat, pages)))


if __name__ == "__main__":
    main()
