"""The briefing on a projector: every slide is one screen at the sizes meeting rooms use, moved
with a clicker's keys; and every page's charts read at 1280×720 with the sidebar open.

Screenshots go to artifacts/screenshots/slides/ and artifacts/screenshots/1280x720/, to be
looked at.
"""

from __future__ import annotations

import pytest

from tests.browser.harness import (
    PAGES,
    ROOT,
    alike_labels,
    crowded_ticks,
    cut_chart_text,
    flat_lines,
    legends_on_titles,
    lost_bar_figures,
    open_and_wait,
    repeated_ticks,
    serve_bundled,
)

pytestmark = pytest.mark.browser

SHOTS = ROOT / "artifacts" / "screenshots"
SIZES = [(1024, 768), (1280, 720), (1366, 768), (1920, 1080), (3840, 2160)]
SLIDES = 11  # the bundled data's deck: plan, 4 objectives, map (3), gaps, sources (2)
# The deck under the bundled scenario: a HYPOTHETICAL bar on every slide, changes on the tiles
SCENARIO = "vaccines_pledge_5m"
# donors whose names start alike, contributions over four months (tests/fixtures/scenarios)
DONORS = "look_alike_donors"
SLIDES_UNDER = {None: SLIDES, SCENARIO: 13, DONORS: 13}  # and a donor and a time slide
DECKS = [(size, None) for size in SIZES] + [
    (size, SCENARIO) for size in [(1024, 768), (1280, 720), (1920, 1080)]] + [
    (size, DONORS) for size in [(1280, 720), (1920, 1080)]]

SLIDE_STATE = """() => {
  const main = document.querySelector('[data-testid="stMain"]');
  const slide = document.querySelector('.st-key-slide');
  const wrapped = [...slide.querySelectorAll('[data-testid="stMetricValue"]')].filter(e => {
    const style = getComputedStyle(e);
    const line = parseFloat(style.lineHeight) || parseFloat(style.fontSize) * 1.2;
    return e.getBoundingClientRect().height > 1.5 * line;
  }).map(e => e.innerText);
  const texts = slide.querySelectorAll('h1, p, li, [data-testid="stMetricValue"] div, ' +
    '[data-testid="stMetricLabel"] div, [data-testid="stMetricDelta"] div');
  const cut = [...texts].filter(e => {
    const r = e.getBoundingClientRect();
    return e.scrollWidth > e.clientWidth + 1 || r.right > innerWidth + 1
      || r.bottom > innerHeight + 1 || r.left < -1;
  }).map(e => e.innerText.slice(0, 60));
  // a part's text running into the next part (a title onto the figures below it)
  const parts = [...slide.children].filter(e => e.getBoundingClientRect().height > 0);
  const overlaps = parts.slice(1).filter((part, i) => {
    const above = [parts[i], ...parts[i].querySelectorAll('h1, p')];
    return Math.max(...above.map(e => e.getBoundingClientRect().bottom))
      > part.getBoundingClientRect().top + 1;
  }).map(e => e.innerText.slice(0, 60));
  return {scroll: main.scrollHeight, client: main.clientHeight, wrapped, cut, overlaps,
          counter: document.querySelector('.st-key-slide_counter').innerText};
}"""


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    data = tmp_path_factory.mktemp("projector") / "data"
    with serve_bundled(data, ROOT / "tests" / "fixtures" / "scenarios" / f"{DONORS}.yaml") \
            as url:
        yield url


def assert_charts_read(page, where) -> None:
    """Nothing of a chart is cut, crowded or hidden, no two bars read alike, no axis names a
    thing twice, and no changing line lies flat."""
    assert cut_chart_text(page) == [], where
    assert crowded_ticks(page) == [], where
    assert legends_on_titles(page) == [], where
    assert alike_labels(page) == [], where
    assert repeated_ticks(page) == [], where
    assert lost_bar_figures(page) == [], where
    assert flat_lines(page) == [], where


def wait_for_slide(page, number: int) -> None:
    page.wait_for_function(
        "n => document.querySelector('.st-key-slide_counter')?.innerText.startsWith(n + ' /')"
        " && !document.querySelector('[data-testid=\"stSkeleton\"]')"
        # laid out for this screen, not the default one used until the browser says its size
        " && getComputedStyle(document.querySelector('.st-key-slide'))"
        ".getPropertyValue('--laid-out-for').trim() === innerWidth + 'x' + innerHeight"
        " && document.querySelector('[data-testid=\"stApp\"]')"
        ".getAttribute('data-test-script-state') === 'notRunning'",
        arg=number, timeout=60_000)
    page.wait_for_timeout(700)  # charts finish drawing


@pytest.mark.parametrize("size, scenario", DECKS)
def test_every_slide_is_one_screen_moved_by_a_clicker(server, browser, size, scenario):
    """At each size, in presentation mode: the slide fits without scrolling, its big figures
    stay on one line, nothing is cut or runs into the part below, every chart reads; PageDown
    moves to the next slide. The same for a scenario's deck, whose slides carry a HYPOTHETICAL
    bar, and for one with donors whose names start alike."""
    width, height = size
    total = SLIDES_UNDER[scenario]
    context = browser.new_context(viewport={"width": width, "height": height})
    folder = SHOTS / "slides"
    folder.mkdir(parents=True, exist_ok=True)
    try:
        page = context.new_page()
        chosen = f"&scenario={scenario}" if scenario else ""
        open_and_wait(page, f"{server}/briefing?slide=1&present=1{chosen}", ".st-key-slide h1")
        for number in range(1, total + 1):
            wait_for_slide(page, number)
            assert page.locator('[data-testid="stSidebar"]').is_hidden()
            name = f"{scenario + '-' if scenario else ''}{width}x{height}-{number:02d}.png"
            page.screenshot(path=str(folder / name))
            state = page.evaluate(SLIDE_STATE)
            assert state["counter"] == f"{number} / {total}"
            assert state["scroll"] <= state["client"], (number, state)
            assert state["wrapped"] == [], (number, state)
            assert state["cut"] == [], (number, state)
            assert state["overlaps"] == [], (number, state)
            assert_charts_read(page, number)
            page.keyboard.press("PageDown")
    finally:
        context.close()


def test_the_briefing_beside_the_sidebar_cuts_no_tile_text(server, browser):
    """Not presented, at 1280×720 under a scenario: the tiles' labels and their changes against
    the baseline are whole ("+USD 5.0 M against the…" was cut)."""
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    try:
        page = context.new_page()
        open_and_wait(page, f"{server}/briefing?scenario={SCENARIO}", ".st-key-slide h1")
        wait_for_slide(page, 1)
        assert page.locator('[data-testid="stSidebar"]').is_visible()
        assert page.locator('.st-key-slide [data-testid="stMetricDelta"]').count() > 0
        assert page.evaluate(SLIDE_STATE)["cut"] == []
    finally:
        context.close()


def test_a_clickers_keys_move_blank_and_leave_the_show(server, page):
    """PageUp/Home/End move; B blanks the screen and brings it back; Esc leaves presentation
    mode; keys typed into a widget move nothing."""
    open_and_wait(page, f"{server}/briefing?slide=3&present=1", ".st-key-slide h1")
    wait_for_slide(page, 3)  # laid out for this screen: the keys' listener is in place
    page.keyboard.press("PageUp")
    wait_for_slide(page, 2)
    page.keyboard.press("End")
    wait_for_slide(page, SLIDES)
    page.keyboard.press("Home")
    wait_for_slide(page, 1)
    page.keyboard.press("b")
    assert page.locator("#srrp-blank").is_visible()
    page.keyboard.press("b")
    assert page.locator("#srrp-blank").count() == 0
    page.keyboard.press("Escape")
    page.wait_for_selector('[data-testid="stSidebar"]', state="visible", timeout=30_000)
    assert "present=1" not in page.url
    page.locator(".st-key-slide_seconds input").focus()
    page.keyboard.press("ArrowUp")  # the number goes up; the slide stays
    page.keyboard.press("PageDown")
    page.wait_for_timeout(1500)
    assert page.locator(".st-key-slide_counter").inner_text() == f"1 / {SLIDES}"


@pytest.mark.parametrize("name", [name for name in PAGES if name != "briefing"])
def test_charts_read_at_1280x720_with_the_sidebar_open(server, browser, name):
    """No chart title, legend, axis or bar label passes its chart's edge, no axis label lies on
    another, and no legend lies on its title."""
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    folder = SHOTS / "1280x720"
    folder.mkdir(parents=True, exist_ok=True)
    try:
        page = context.new_page()
        open_and_wait(page, f"{server}/{name}", PAGES[name])
        page.screenshot(path=str(folder / f"{name}.png"))
        assert page.locator('[data-testid="stSidebar"]').is_visible()
        assert_charts_read(page, name)
    finally:
        context.close()


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)])
@pytest.mark.parametrize("name", ["overview", "gaps", "funding"])
def test_the_pages_charts_read_under_a_scenario_of_look_alike_donors(server, browser, name,
                                                                     size):
    """The charts the slides share, on their pages: donors told apart, each month named once,
    the line over time not flat on zero, every bar's figure drawn."""
    width, height = size
    context = browser.new_context(viewport={"width": width, "height": 2400})
    folder = SHOTS / f"{width}x{height}"
    folder.mkdir(parents=True, exist_ok=True)
    try:
        page = context.new_page()
        open_and_wait(page, f"{server}/{name}?scenario={DONORS}", PAGES[name])
        page.screenshot(path=str(folder / f"{name}-{DONORS}.png"))
        assert_charts_read(page, name)
    finally:
        context.close()
