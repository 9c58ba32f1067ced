"""Two dashboard processes behind HAProxy (`make serve`), in Chromium: each visitor stays on one
replica, downloads (plain HTTP beside the session's websocket) work, a scenario saved through one
replica is offered on the other, saving over a colleague's change is refused across them, and
imports made and taken out through both at once each land exactly once."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from srrp.intake.imports import list_imports
from tests.browser.harness import PAGES, ROOT, open_and_wait, serve_replicas
from tests.workbooks import NGA_HEADER, NGA_HXL, nga_row, xlsx

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(shutil.which("haproxy") is None,
                                 reason="needs Debian's haproxy (`make test` installs it)")]

BUNDLED = "vaccines_pledge_5m"
BUNDLED_TITLE = "What if a donor gives USD 5 M to vaccines (3.2)?"
PLEDGE = """scenario:
  title: {title}
changes:
  - add_contribution: {{id: from-a-replica, donor: Hypothetical donor, amount: {amount},
                       sub_objective: "3.2", status: confirmed}}
"""


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    folder = tmp_path_factory.mktemp("replicas") / "data"
    shutil.copytree(ROOT / "data", folder)
    with serve_replicas(folder, replicas=2) as (url, _):
        yield url, folder


def visitor(browser, url: str, replica: str | None = None):
    """A fresh browser context (pinned to ``replica`` by its cookie), recording which replica
    answered each of its requests."""
    context = browser.new_context(viewport={"width": 1600, "height": 1000})
    if replica:
        context.add_cookies([{"name": "SRRP_REPLICA", "value": replica, "url": url}])
    page = context.new_page()
    page.replicas = []
    page.on("response", lambda r: r.url.startswith("http")  # not a data: image
            and page.replicas.append(r.headers.get("x-srrp-replica")))
    return page


def download_csv(page) -> bytes:
    with page.expect_download() as info:
        page.locator(".st-key-gaps-download-csv").get_by_role("button").click()
    return info.value.path().read_bytes()


def test_each_visitor_stays_on_one_replica_and_downloads_work(served, browser):
    url, _ = served
    pages = [visitor(browser, url) for _ in range(2)]
    for page in pages:  # one after the other: the first one's websocket is open on its replica
        open_and_wait(page, f"{url}/gaps", PAGES["gaps"])
        table = pd.read_csv(io.BytesIO(download_csv(page)))
        assert len(table) == 12 and table["gap"].notna().all()  # the 12 sub-objectives
    seen = [set(page.replicas) for page in pages]
    assert all(len(s) == 1 for s in seen), seen
    assert seen[0] | seen[1] == {"r1", "r2"}
    for page in pages:
        page.context.close()


WAIT_MS = 120_000  # generous: on a busy machine two servers and a browser share two cores


NOT_RUNNING = '[data-testid="stApp"][data-test-script-state="notRunning"]'


def settled(page) -> None:
    """Until the run a step started has finished (it may not have started yet)."""
    page.wait_for_timeout(500)
    page.wait_for_selector(NOT_RUNNING, timeout=WAIT_MS)


def save(page, title: str, amount: int, name: str | None = None) -> None:
    """Type a scenario as YAML, wait until the page shows it, name it and click Save."""
    yaml = page.locator(".st-key-whatif_yaml textarea")
    yaml.fill(PLEDGE.format(title=title, amount=amount))
    yaml.press("Control+Enter")
    page.locator("h3", has_text=title).first.wait_for(timeout=WAIT_MS)  # the headline follows
    settled(page)
    field = page.locator(".st-key-whatif_name input")
    for _ in range(3):  # a run that ends as the name is typed may redraw the field
        if name is None or field.input_value() == name:
            break
        field.fill(name)
        field.press("Enter")
        settled(page)
    assert name is None or field.input_value() == name
    page.locator(".st-key-whatif_save button").click()


def start_from(page, title: str) -> None:
    page.locator(".st-key-whatif_base").click()
    page.get_by_role("option", name=f"Saved scenario: {title} (hypothetical)").click()
    page.wait_for_function(
        f"() => document.querySelector('.st-key-whatif_name input')?.value === {title!r}",
        timeout=WAIT_MS)
    settled(page)


def wait_text(page, text: str) -> None:
    page.get_by_text(text).first.wait_for(timeout=WAIT_MS)


def test_a_scenario_saved_on_one_replica_is_offered_on_the_other(served, browser):
    url, folder = served
    one, other = visitor(browser, url, "r1"), visitor(browser, url, "r2")
    open_and_wait(one, f"{url}/whatif", PAGES["whatif"])
    save(one, "Saved through r1", 4000000, "from r1")
    wait_text(one, "Saved as scenario 'from r1' (file from-r1.yaml)")
    open_and_wait(other, f"{url}/?scenario=from-r1", PAGES["overview"])
    assert other.get_by_text("figures under scenario 'from r1'").is_visible()
    assert set(one.replicas) == {"r1"} and set(other.replicas) == {"r2"}
    assert "title: from r1" in (folder / "scenarios" / "from-r1.yaml").read_text()
    for page in (one, other):
        page.context.close()


def test_saving_over_a_change_made_through_the_other_replica_is_refused(served, browser):
    url, folder = served
    one, other = visitor(browser, url, "r1"), visitor(browser, url, "r2")
    for page in (one, other):
        open_and_wait(page, f"{url}/whatif", PAGES["whatif"])
        start_from(page, BUNDLED_TITLE)
    save(one, BUNDLED_TITLE, 6000000)  # under its own title: saved over it
    wait_text(one, f"(file {BUNDLED}.yaml)")
    save(other, BUNDLED_TITLE, 7000000)
    wait_text(other, "Nothing was overwritten")
    on_disk = (folder / "scenarios" / f"{BUNDLED}.yaml").read_text()
    assert "6000000" in on_disk and "7000000" not in on_disk
    assert set(one.replicas) == {"r1"} and set(other.replicas) == {"r2"}
    for page in (one, other):
        page.context.close()


def open_presenter_view(audience, url: str):
    """*Presenter view* on the audience window: the presenter's window it opens, drawn."""
    open_and_wait(audience, f"{url}/briefing", ".st-key-slide h1")
    with audience.context.expect_page(timeout=WAIT_MS) as opened:
        audience.get_by_role("button", name="Presenter view").click()
    speaker = opened.value
    speaker.wait_for_selector(".st-key-presenter_next button", timeout=WAIT_MS)
    return speaker


def flood(page, url: str, times: int = 25) -> None:
    """A viewer typing wrong presenter codes, one after another."""
    open_and_wait(page, f"{url}/briefing?presenter=ABCDE23456", '[data-testid="stAlert"]')
    field = page.locator(".st-key-presenter_code input")
    for n in range(times):
        field.fill(f"WRONG{n:05d}")
        field.press("Enter")
        settled(page)
    wait_text(page, "Too many wrong codes")


def test_a_wrong_code_flood_on_one_replica_leaves_every_presenter_alone(served, browser):
    """On the flooded replica and on the other, a joined presenter drives on and a new one
    joins with the code the audience shows on P."""
    url, _ = served
    audiences = {name: visitor(browser, url, name) for name in ("r1", "r2")}
    speakers = {name: open_presenter_view(page, url) for name, page in audiences.items()}
    flooder = visitor(browser, url, "r1")
    flood(flooder, url)
    for name, audience in audiences.items():
        speakers[name].locator(".st-key-presenter_next button").click()
        audience.wait_for_function(
            "() => document.querySelector('.st-key-slide_counter')?.innerText.startsWith('2 /')",
            timeout=WAIT_MS)
        audience.keyboard.press("p")
        code = audience.wait_for_selector(".st-key-briefing_code_badge strong",
                                          timeout=WAIT_MS).inner_text()
        device = visitor(browser, url, name)  # a second device, on the same replica
        open_and_wait(device, f"{url}/briefing?presenter={code}",
                      ".st-key-presenter_next button")
        assert set(audience.replicas) == set(device.replicas) == {name}
        device.context.close()
    assert set(flooder.replicas) == {"r1"}
    for page in [*audiences.values(), flooder]:
        page.context.close()


ADD = re.compile(r"^Add [\d,]+ rows to the dashboard$")


def upload(page, url: str, book: Path) -> None:
    """Open the Import page and upload ``book``, until its Add button is offered."""
    open_and_wait(page, f"{url}/import", '[data-testid="stFileUploader"]')
    page.locator('[data-testid="stFileUploaderDropzoneInput"][accept*=".xlsx"]') \
        .set_input_files(book)
    page.get_by_role("button", name=ADD).wait_for(timeout=WAIT_MS)
    settled(page)


def pick_to_take_out(page, url: str, file: str) -> None:
    """Open the Import page's list of imports and choose ``file``'s, ready to take it out."""
    open_and_wait(page, f"{url}/import", '[data-testid="stFileUploader"]')
    page.get_by_text(re.compile(r"^Imports: \d+ in")).click()
    choice = page.locator(".st-key-imports_pick").get_by_role("combobox")
    option = page.get_by_role("option", name=re.compile(re.escape(file)))
    for _attempt in range(4):  # a list opened while the page was still settling can close
        choice.wait_for(timeout=WAIT_MS)
        choice.click()
        choice.fill("")
        choice.press_sequentially(file)  # typing opens the list, narrowed to this import
        try:
            option.click(timeout=15_000)
            break
        except PlaywrightTimeout:
            page.keyboard.press("Escape")
            settled(page)
    else:
        raise AssertionError(f"the list of imports never offered {file}")
    page.get_by_role("button", name="Take out").wait_for(timeout=WAIT_MS)
    settled(page)


def test_two_editors_importing_and_taking_out_at_once_through_two_replicas(
        served, browser, tmp_path):
    """Two editors, one on each replica, add two different files at the same moment; then
    one takes the first out while the other adds a third. Each lands exactly once, and the
    list of imports both replicas show agrees with the data folder."""
    url, folder = served
    books = []
    for n in range(3):  # three files of different content
        books.append(tmp_path / f"nga_3w_editor_{n}.xlsx")
        books[-1].write_bytes(xlsx({"3W": [NGA_HEADER, NGA_HXL, nga_row(reached=500 + n)]}))
    one, other = visitor(browser, url, "r1"), visitor(browser, url, "r2")
    upload(one, url, books[0])
    upload(other, url, books[1])
    for page in (one, other):  # both clicks before either run has finished
        page.get_by_role("button", name=ADD).click()
    for page in (one, other):
        wait_text(page, "rows were added as")
    assert sorted(r.original_file for r in list_imports(folder)) == [b.name for b in books[:2]]

    upload(one, url, books[2])
    pick_to_take_out(other, url, books[0].name)
    one.get_by_role("button", name=ADD).click()
    other.get_by_role("button", name="Take out").click()
    wait_text(one, "rows were added as")
    wait_text(other, "is taken out")

    records = list_imports(folder)
    assert sorted((r.original_file, r.removed) for r in records) == [
        (books[0].name, True), (books[1].name, False), (books[2].name, False)]
    assert len({r.id for r in records}) == len({r.sha256 for r in records}) == 3
    assert len(list(folder.glob("nga_activities_*.csv"))) == 2  # the two still in
    for page in (one, other):  # each replica lists the same
        open_and_wait(page, f"{url}/import", '[data-testid="stFileUploader"]')
        wait_text(page, "Imports: 2 in, 1 taken out")
        assert page.locator('[data-testid="stException"]').count() == 0
    assert set(one.replicas) == {"r1"} and set(other.replicas) == {"r2"}
    for page in (one, other):
        page.context.close()
