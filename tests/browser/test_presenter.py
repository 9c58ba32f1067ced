"""The presenter's window in Chromium: *Presenter view* opens it with the briefing's code passed
privately, and it moves the audience's slide; the projected screen never draws the code; P draws
it, with a QR code, for a second device, until 30 s have passed, P is pressed again or a
presenter joins (which replaces it).

Screenshots of the audience screen in presentation mode go to artifacts/screenshots/presenter/,
to be looked at."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

import pytest

from tests.browser.harness import ROOT, open_and_wait, serve_bundled
from tests.browser.test_accessibility import violations
from tests.browser.test_projector import wait_for_slide

pytestmark = pytest.mark.browser

SHOTS = ROOT / "artifacts" / "screenshots" / "presenter"
BADGE = ".st-key-briefing_code_badge"
WAIT_MS = 60_000  # two cores shared with other work: generous
CODE = re.compile(r"\b[2-9A-HJ-NP-Z]{5}-?[2-9A-HJ-NP-Z]{5}\b")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with serve_bundled(tmp_path_factory.mktemp("presenter") / "data") as url:
        yield url


def code_of(url: str) -> str | None:
    return parse_qs(urlparse(url).query).get("presenter", [None])[0]


def projected(page) -> tuple[str, str]:
    """The audience screen's text, and its whole document (attributes, hidden parts)."""
    return page.inner_text("body"), page.content()


def test_presenter_view_opens_the_presenters_window_and_the_room_never_sees_the_code(
        server, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    addresses = []
    context.on("request", lambda r: addresses.append(r.url))
    SHOTS.mkdir(parents=True, exist_ok=True)
    try:
        audience = context.new_page()
        open_and_wait(audience, f"{server}/briefing", ".st-key-slide h1")
        with context.expect_page(timeout=WAIT_MS) as opened:
            audience.get_by_role("button", name="Presenter view").click()
        speaker = opened.value
        speaker.wait_for_selector(".st-key-presenter_next button", timeout=WAIT_MS)
        passed = {code_of(u) for u in addresses if code_of(u)}  # as passed, and as replaced
        passed.add(code_of(speaker.url))
        assert passed - {None}
        speaker.locator(".st-key-presenter_next button").click()
        wait_for_slide(audience, 2)  # moved by the presenter's window
        audience.keyboard.press("f")  # presentation mode
        audience.wait_for_selector(".st-key-slide_exit_full_screen", state="attached",
                                   timeout=WAIT_MS)
        for width, height in [(1280, 720), (1920, 1080)]:
            audience.set_viewport_size({"width": width, "height": height})
            audience.keyboard.press("Home")
            wait_for_slide(audience, 1)
            total = int(audience.inner_text(".st-key-slide_counter").split("/")[1])
            for number in range(1, total + 1):
                wait_for_slide(audience, number)
                audience.screenshot(path=str(SHOTS / f"audience-{width}x{height}-{number}.png"))
                text, document = projected(audience)
                assert not CODE.findall(text), (number, CODE.findall(text))
                assert not any(code in document for code in passed), number
                audience.keyboard.press("PageDown")
        speaker.screenshot(path=str(SHOTS / "presenter-view.png"))
        assert violations(speaker) == []
    finally:
        context.close()


def test_p_shows_the_code_for_a_second_device_until_it_is_used_or_its_time_is_up(
        server, browser):
    # the dark theme (the app follows the system's): the code's card stays light and legible
    audience_context = browser.new_context(viewport={"width": 1280, "height": 720},
                                           color_scheme="dark")
    device = browser.new_context(viewport={"width": 1280, "height": 720})
    try:
        audience = audience_context.new_page()
        open_and_wait(audience, f"{server}/briefing?present=1", ".st-key-slide h1")
        wait_for_slide(audience, 1)  # laid out for this screen: the keys' listener is in place
        audience.keyboard.press("p")
        badge = audience.wait_for_selector(BADGE, timeout=WAIT_MS)
        assert audience.locator(f"{BADGE} img").count() == 1  # the QR code, drawn here
        code = badge.query_selector("strong").inner_text()
        assert CODE.fullmatch(code)
        audience.screenshot(path=str(SHOTS / "code-for-a-second-device-1280x720-dark.png"))
        assert violations(audience) == []
        audience.keyboard.press("p")  # hidden at once
        audience.wait_for_selector(BADGE, state="detached", timeout=WAIT_MS)
        audience.keyboard.press("p")
        assert audience.wait_for_selector(f"{BADGE} strong", timeout=WAIT_MS).inner_text() == code

        speaker = device.new_page()  # the second device, as the QR code leads it
        open_and_wait(speaker, f"{server}/briefing?presenter={code.replace('-', '')}",
                      ".st-key-presenter_next button")
        audience.wait_for_selector(BADGE, state="detached", timeout=WAIT_MS)  # joined: gone
        other = device.new_page()  # someone who read the code
        open_and_wait(other, f"{server}/briefing?presenter={code}", '[data-testid="stAlert"]')
        assert "opens no briefing" in other.inner_text('[data-testid="stMain"]')

        audience.keyboard.press("p")
        replaced = audience.wait_for_selector(f"{BADGE} strong", timeout=WAIT_MS).inner_text()
        assert replaced != code
        audience.wait_for_selector(BADGE, state="detached", timeout=45_000)  # after 30 s
    finally:
        audience_context.close()
        device.close()
