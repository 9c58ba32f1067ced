"""Serving the app and opening it in Debian's Chromium, for the browser tests."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse

from scripts.serve import free_port, running, wait_healthy

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync",
                 "--disable-quic"]
LOCAL_HOSTS = {"localhost", "127.0.0.1", "[::1]", "::1"}

# page path → what shows that it is drawn
PAGES = {
    "overview": ".js-plotly-plot .barlayer .point path",
    "gaps": ".js-plotly-plot .slice path",
    "funding": ".js-plotly-plot .barlayer .point path",
    "targets": ".js-plotly-plot .barlayer .point path",
    "map": '[data-testid="stDeckGlJsonChart"] canvas',
    "whatif": '[data-testid="stDataFrame"], [data-testid="stDataFrameResizable"]',
    "briefing": '[data-testid="stMetric"]',
    "sources": '[data-testid="stDataFrame"], [data-testid="stDataFrameResizable"]',
}


@contextmanager
def serve(data: Path):
    """The app served on a free loopback port from ``data``; its log is printed if it fails."""
    port = free_port()
    log_path = data.parent / "server.log"
    log = open(log_path, "w")  # noqa: SIM115 - closed below
    env = {**os.environ, "SRRP_DATA_DIR": str(data)}
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
         "--server.headless", "true", "--server.address", "127.0.0.1"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, process, within=60)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)
        log.close()
        if process.returncode not in (0, -15):
            sys.stderr.write(log_path.read_text())


@contextmanager
def serve_bundled(folder: Path, *scenarios: Path):
    """The app served from a copy of the bundled data made in ``folder``, with these scenario
    files added."""
    shutil.copytree(ROOT / "data", folder)
    for scenario in scenarios:
        shutil.copy(scenario, folder / "scenarios" / scenario.name)
    with serve(folder) as url:
        yield url


@contextmanager
def serve_replicas(data: Path, replicas: int = 2):
    """The app served by ``replicas`` processes behind HAProxy (scripts/serve.py) on a free
    loopback port; yields the balancer's URL and the supervisor's process. Its log is printed
    if it fails."""
    log_path = data.parent / "serve.log"
    try:
        with running(data, replicas, log_path) as (url, process):
            yield url, process
    except BaseException:
        sys.stderr.write(log_path.read_text() if log_path.exists() else "")
        raise


def note_outside(page, url: str) -> None:
    """Record a request that leaves the machine."""
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
    page.wait_for_timeout(500)  # let charts finish their transitions before a screenshot


# What a viewer would see cut or crowded, measured in the page (see tests/browser/test_projector.py)

CHART_TEXT = (".gtitle, .legendtext, .barlayer text, .xtick text, .ytick text, .g-xtitle text, "
              ".g-ytitle text, .annotation-text")

CUT_CHART_TEXT = """sel => [...document.querySelectorAll('.js-plotly-plot')].flatMap(plot => {
  const box = plot.getBoundingClientRect();
  return [...plot.querySelectorAll(sel)].filter(t => t.textContent.trim()).filter(t => {
    const r = t.getBoundingClientRect();  // a label plotly hid (too big for its bar) is not cut
    return r.width > 0 && (r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1
      || r.bottom > box.bottom + 1);
  }).map(t => t.textContent);
})"""

LEGEND_ON_TITLE = """() => [...document.querySelectorAll('.js-plotly-plot')].filter(plot => {
  const title = plot.querySelector('.gtitle'), legend = plot.querySelector('.legend');
  if (!title || !legend) return false;
  const a = title.getBoundingClientRect(), b = legend.getBoundingClientRect();
  return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
}).map(plot => plot.querySelector('.gtitle').textContent)"""


CROWDED_TICKS = """() => [...document.querySelectorAll('.js-plotly-plot')].flatMap(plot =>
  ['.xtick text', '.ytick text'].flatMap(sel => {
    const boxes = [...plot.querySelectorAll(sel)].filter(t => t.textContent.trim())
      .map(t => [t.textContent, t.getBoundingClientRect()]);
    return boxes.filter(([, a], i) => boxes.some(([, b], j) => j !== i && a.left < b.right - 1
      && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1))
      .map(([text]) => text);
  }))"""


def cut_chart_text(page) -> list[str]:
    """Texts of charts (titles, legends, bar labels, ticks) that pass their chart's edge."""
    return page.evaluate(CUT_CHART_TEXT, CHART_TEXT)


def crowded_ticks(page) -> list[str]:
    """Axis labels lying on another label of their axis (too many, or too low a chart)."""
    return page.evaluate(CROWDED_TICKS)


def legends_on_titles(page) -> list[str]:
    """Titles of the charts whose legend overlaps the title."""
    return page.evaluate(LEGEND_ON_TITLE)


# Charts a room must read apart (see tests/browser/test_projector.py)

ALIKE_LABELS = """() => [...document.querySelectorAll('.js-plotly-plot')].flatMap(plot => {
  // what a viewer reads of each bar's name: one cut with "…" where another goes on reads alike
  const labels = [...plot.querySelectorAll('.ytick text')].map(t => t.textContent.trim())
    .filter(Boolean);
  const stem = t => t.split('…')[0];
  return labels.filter((a, i) => a.includes('…') && labels.some((b, j) => j !== i
    && stem(b).startsWith(stem(a))));
})"""

REPEATED_TICKS = """() => [...document.querySelectorAll('.js-plotly-plot')].flatMap(plot =>
  ['.xtick text', '.ytick text'].flatMap(sel => {
    const texts = [...plot.querySelectorAll(sel)].map(t => t.textContent.trim()).filter(Boolean);
    return texts.filter((t, i) => texts.indexOf(t) !== i);
  }))"""

LOST_BAR_FIGURES = """() => [...document.querySelectorAll('.js-plotly-plot')].flatMap(plot => {
  const wanted = (plot.data || []).filter(t => t.type === 'bar' && Array.isArray(t.text))
    .flatMap(t => t.text.filter(Boolean));
  const shown = [...plot.querySelectorAll('.barlayer text')].filter(t => {
    const r = t.getBoundingClientRect();
    return t.textContent.trim() && r.width > 0 && getComputedStyle(t).display !== 'none'
      && getComputedStyle(t).opacity !== '0';
  }).map(t => t.textContent.trim());
  return wanted.filter(w => !shown.includes(w.trim()));
})"""

FLAT_LINES = """() => [...document.querySelectorAll('.js-plotly-plot')].flatMap(plot => {
  const area = plot.querySelector('.nsewdrag')?.getBoundingClientRect();
  const lines = (plot.data || []).filter(t => t.type === 'scatter');
  const rising = lines.filter(t => Array.isArray(t.y) && new Set(t.y).size > 1);
  // a map's areas are scatter traces too, filled: not a line over time
  if (!area || !rising.length || lines.some(t => t.fill && t.fill !== 'none')) return [];
  return [...plot.querySelectorAll('.scatterlayer .js-line')].filter(line =>
    line.getBoundingClientRect().height < 0.15 * area.height)
    .map(() => plot.querySelector('.gtitle')?.textContent || '');
})"""


def alike_labels(page) -> list[str]:
    """Bar names cut so that they read like another bar's name."""
    return page.evaluate(ALIKE_LABELS)


def repeated_ticks(page) -> list[str]:
    """Axis labels that name the same thing twice ('Jul 2021, Jul 2021')."""
    return page.evaluate(REPEATED_TICKS)


def lost_bar_figures(page) -> list[str]:
    """Figures a chart gives its bars that are not drawn (too thin a bar, hidden by plotly)."""
    return page.evaluate(LOST_BAR_FIGURES)


def flat_lines(page) -> list[str]:
    """Titles of charts whose changing line is drawn nearly flat (an axis far above it)."""
    return page.evaluate(FLAT_LINES)


# The theme a page shows (see tests/browser/test_theme.py)

BACKGROUNDS = {"light": "rgb(255, 255, 255)", "dark": "rgb(14, 17, 23)"}  # .streamlit/config.toml
BACKGROUND = "() => getComputedStyle(document.querySelector('[data-testid=\"stApp\"]'))" \
    ".backgroundColor"


def shows(page, theme: str, asked: bool = True) -> None:
    """Wait until the page shows ``theme``: asked for in the sidebar or the link, the page loads
    itself again with ``embed_options=<theme>_theme``; else (System) without."""
    forced = f"embed_options={theme}_theme"
    page.wait_for_url(lambda url: (forced in url) if asked else ("embed_options" not in url),
                      timeout=30_000)
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]',
                           timeout=60_000)
    page.wait_for_function(f"() => ({BACKGROUND})() === '{BACKGROUNDS[theme]}'",
                           timeout=30_000)


def open_in_theme(page, url: str, theme: str, drawn: str) -> None:
    """Open ``url`` asking for ``theme`` in it, on a computer set to the other theme (the page
    loads itself again to show it), and wait until it shows it and ``drawn``."""
    page.goto(f"{url}{'&' if '?' in url else '?'}theme={theme}", wait_until="domcontentloaded")
    shows(page, theme)
    page.wait_for_selector(drawn, timeout=60_000, state="attached")
    page.wait_for_timeout(500)  # let charts finish their transitions, as open_and_wait does
