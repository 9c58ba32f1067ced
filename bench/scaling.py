"""``python -m bench.scaling`` (`make bench-load`): what one and two server processes carry.

    python -m bench.scaling                    # 1 and 2 replicas × 10, 50, 100 sessions,
                                               # bundled data and 1M rows; writes the section
                                               # of docs/benchmarks.md
    python -m bench.scaling --seconds 20 --sessions 10 --data bundled --out /tmp/b.md

Each replica count is served by scripts/serve.py (HAProxy in front, as `make serve`), warmed
up, then loaded by bench/load.py at each session count over Overview, Funding gaps, Map and
Briefing. First, the load generator is checked against Chromium: one warm session visiting the
same pages in both, each rerun timed from the request to Streamlit's script-finished message
(the browser's own websocket frames are read for that).
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import json
import os
import statistics
import sys
import time
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from bench import generate, machine, report
from bench.load import PAGES, VIEWED, Session, measure
from bench.measure import ROOT
from scripts.serve import running

CACHE = Path(os.environ.get("TMPDIR", "/tmp")) / "srrp-bench"
SESSIONS = [10, 50, 100]
REPLICAS = [1, 2]
DATA = ["bundled", "1000000"]
HEADING = report.SCALING_HEADING
BOUNDS = """\
What bounds two processes against one, and why the ratio can pass two:

- **Cores.** Python runs one thread of a process at a time, so one process uses about one core
  however many sessions it serves, and two can use two. But two is all this machine has, and
  HAProxy, the load generator and anything else running share them. Where the load average
  (last column) is well above 2, other jobs hold the cores and neither process gets a whole
  one: the ratio then says little about the dashboard.
- **Caches per process.** `st.cache_resource` lives in a process: each one loads the data itself
  (about 3 s and 700 MB at 1M rows) and computes each filter choice's figures once itself, so
  two processes do the first visit of every choice twice, and at 1M rows that work is seconds.
- **Many sessions in one process.** Every session's script is a thread; all of them, and the
  event loop that sends their answers, take turns at the one interpreter lock. Where one
  process carries fewer reruns per second as its sessions grow, a second process also halves
  that crowd, and the ratio can exceed what the cores alone allow. Two causes are not told
  apart here: the crowd at the lock, and more sessions picking more distinct filter choices,
  each computed once per process. A crowded process is also slow to answer its health check
  (a 2 s check was missed and new visitors got 503s; HAProxy's now allows 10 s).
- **Not bounded by the balancer or the generator:** HAProxy used under 1 % of a core during
  these runs, and the generator's own CPU time is in the table.
- **No garbage collection after every run** (`runner.postScriptGC = false` in
  `.streamlit/config.toml`): Streamlit ended each run with Python's full collection, 80 ms on
  the bundled data and more at 1M rows, holding the process's interpreter lock, so every
  session of that process waited. The run before this setting (on a machine loaded by other
  jobs, so not a clean comparison) had one process carry about 3 reruns/s; this one, 7–11.
"""
CHECK_TEXT = """\
Most of the difference is in the server: its own log shows 60–110 ms from request to finish for
Chromium's reruns, 45–55 ms for the generator's, on the same pages. A profile of each run shows
the same calls in both, each about 1.5× slower under Chromium (Funding gaps: 148 against
100 ms, the treemap 58 against 45 ms): Chromium draws the page on the same two cores while the
script runs, and takes CPU from it. A viewer's browser runs on the viewer's own machine, so the
generator's figures are the server's work; on one shared machine, read them as an upper
bound."""
CHECK_ROUNDS = 4
TIMEOUT = 300.0  # seconds a rerun may take: a hundred first runs at once on 1M rows take long


def log(message: str) -> None:
    print(f"[{datetime.now():%H:%M:%S}] {message}", file=sys.stderr, flush=True)


def data_folder(name: str) -> Path:
    """A copy of data/ (no saved scenarios), with the 1M-row file as Lao's when asked."""
    from bench.__main__ import data_copy  # the same copy the page benchmarks use

    big = None if name == "bundled" else generate.cached(int(name), CACHE)
    return data_copy(big, f"scaling-{name}")


@contextmanager
def served(folder: Path, replicas: int):
    """``replicas`` processes behind HAProxy, as `make serve` runs them."""
    with running(folder, replicas, CACHE / "serve.log") as (url, _):
        yield url


# --- the generator against Chromium -------------------------------------------------------


async def _generator_times(url: str, pages: list[str], rounds: int) -> dict[str, list[float]]:
    from websockets.asyncio.client import connect

    times: dict[str, list[float]] = {p: [] for p in pages}
    async with connect(url.replace("http", "ws", 1) + "/_stcore/stream",
                       subprotocols=["streamlit"], max_size=None) as ws:
        session = Session(ws)
        for round_ in range(rounds + 1):  # the first round warms the session up
            for page in pages:
                seconds = await session.rerun(page, 120)
                if round_:
                    times[page].append(seconds)
    return times


def _chromium_times(url: str, pages: list[str], rounds: int) -> dict[str, list[float]]:
    """One tab clicking through the pages; each rerun timed from the frame that asks for it
    to the script-finished frame, as Chromium's network layer stamps them (DevTools' websocket
    frame events): not when the page's busy main thread gets to a frame, nor when Playwright
    tells Python, so the time is the server's, as the generator's is."""
    from playwright.sync_api import sync_playwright
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    from bench.browser import CHROMIUM, CHROMIUM_ARGS

    reruns: list[float] = []  # when each rerun request left
    finishes: list[float] = []  # when each successful finish arrived

    def sent(event) -> None:
        if _parsed(BackMsg, event).WhichOneof("type") == "rerun_script":
            reruns.append(event["timestamp"])

    def received(event) -> None:
        msg = _parsed(ForwardMsg, event)
        if msg.WhichOneof("type") == "script_finished" and \
                msg.script_finished == ForwardMsg.FINISHED_SUCCESSFULLY:
            finishes.append(event["timestamp"])

    times: dict[str, list[float]] = {p: [] for p in pages}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 720})
        devtools = page.context.new_cdp_session(page)
        devtools.send("Network.enable")
        devtools.on("Network.webSocketFrameSent", sent)
        devtools.on("Network.webSocketFrameReceived", received)
        page.goto(url, wait_until="domcontentloaded")
        _wait_runs(page, finishes, 1)
        for round_ in range(rounds + 1):
            for name in pages:
                done, asked = len(finishes), len(reruns)
                page.locator(f'[data-testid="stSidebarNav"] a[href$="/{PAGES[name]}"]').click()
                _wait_runs(page, finishes, done + 1)
                if round_:
                    times[name].append(_first_run(reruns[asked], finishes[done:]))
        browser.close()
    return times


def _first_run(asked: float, finishes: list[float]) -> float:
    """From the click's rerun request to the first run finished after it. A page may ask for
    more runs once drawn (the briefing reports the screen's size): the last request and the
    last finish need not belong together."""
    return min(f - asked for f in finishes if f >= asked)


def _parsed(kind, event: dict):
    """A frame of DevTools' websocket events as a message (binary frames come in base64)."""
    msg = kind()
    frame = event["response"]
    if frame.get("opcode") == 2:
        msg.ParseFromString(base64.b64decode(frame["payloadData"]))
    return msg


def _settled(page) -> None:
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]',
                           timeout=120_000)


def _wait_runs(page, runs: list[float], count: int) -> None:
    deadline = time.monotonic() + 120
    while len(runs) < count:
        if time.monotonic() > deadline:
            raise TimeoutError("Chromium's rerun did not finish within 120 s")
        page.wait_for_timeout(20)
    _settled(page)


def check_against_chromium(url: str, rounds: int = CHECK_ROUNDS) -> dict:
    chromium = _chromium_times(url, VIEWED, rounds)
    generator = asyncio.run(_generator_times(url, VIEWED, rounds))
    return {page: {"chromium_s": statistics.median(chromium[page]),
                   "generator_s": statistics.median(generator[page])} for page in VIEWED}


# --- the measurement ------------------------------------------------------------------------


def run(args) -> dict:
    results = {"when": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
               "machine": machine.describe(), "seconds": args.seconds, "runs": []}
    for name in args.data:
        folder = data_folder(name)
        for replicas in args.replicas:
            log(f"{name} data, {replicas} replica(s)")
            with served(folder, replicas) as url:
                if args.check and name == "bundled" and replicas == 1:
                    log("the generator against Chromium")
                    results["check"] = check_against_chromium(url)
                measure(url, max(args.sessions[0], 2 * replicas), args.warmup,  # warm caches
                        timeout=TIMEOUT)
                for sessions in args.sessions:
                    log(f"  {sessions} sessions for {args.seconds:.0f} s")
                    figures = measure(url, sessions, args.seconds, timeout=TIMEOUT)
                    results["runs"].append({"data": name, "replicas": replicas,
                                            "load_average": os.getloadavg(), **figures})
                    (CACHE / "scaling.json").write_text(json.dumps(results))
    return results


def _ms(seconds: float | None) -> str:
    return "—" if seconds is None else f"{seconds * 1000:,.0f} ms"


def scaling_table(results: dict) -> str:
    by_key = {(r["data"], r["replicas"], r["sessions"]): r for r in results["runs"]}
    rows = []
    for (data, replicas, sessions), r in sorted(by_key.items(),
                                                key=lambda kv: (kv[0][0] != "bundled", kv[0])):
        one = by_key.get((data, 1, sessions))
        ratio = (f"{r['reruns_per_s'] / one['reruns_per_s']:.2f}×"
                 if replicas > 1 and one and one["reruns_per_s"] else "")
        label = "bundled" if data == "bundled" else f"{int(data):,} rows"
        arrival = r["arrival"]
        rows.append([label, replicas, sessions, f"{r['reruns_per_s']:.1f}", ratio,
                     _ms(r["p50_s"]), _ms(r["p95_s"]),
                     f"{_ms(arrival['p50_s'])} / {_ms(arrival['p95_s'])}", r["errors"],
                     f"{r['generator_cpu_s']:.1f} s",
                     " ".join(f"{x:.1f}" for x in r["load_average"])])
    return report._table(["data", "processes", "sessions", "reruns/s", "2 : 1", "p50", "p95",
                          "first page p50 / p95", "errors", "generator CPU",
                          "load average after"], rows)


def check_table(check: dict) -> str:
    rows = [[page, _ms(c["chromium_s"]), _ms(c["generator_s"]),
             f"{c['generator_s'] / c['chromium_s']:.2f}"] for page, c in check.items()]
    return report._table(["page", "Chromium", "bench.load", "bench.load ÷ Chromium"], rows)


def section(results: dict) -> str:
    parts = [HEADING,
             f"Written by `make bench-load` (`python -m bench.scaling`) on {results['when']}; "
             "each row is one run after a warm-up: the reruns asked for within "
             f"{results['seconds']:.0f} s, counted when they finish. "
             "`scripts/serve.py` serves 1 or 2 processes behind HAProxy (as `make serve`); "
             "`bench/load.py` opens that many sessions at once over its websocket (*first "
             "page*: each one's first page, all arriving together, as when a link goes out to "
             "every office); then, for the timed run, each visits Overview, Funding gaps, Map "
             "and Briefing in turn and changes one sidebar filter on each, with no pause "
             "between answers (so the server is saturated: reruns/s is what it carries, "
             "p50/p95 what each viewer waits for a rerun). "
             "Machine: " + machine.describe()["cpu"] + f", {machine.describe()['cores']} cores, "
             "the generator on the same cores; load average when the run started: "
             f"{_load(results)}. The load average after each run (last column) counts every "
             "runnable thread, the servers' own: a process serving many sessions shows a load "
             "of several by itself. Other jobs are told apart by the load before the run: "
             "above 1, re-run `make bench-load` on a quiet machine.",
             scaling_table(results)]
    parts.append(BOUNDS.strip())
    if "check" in results:
        parts += ["The generator against Chromium, one warm session on one process, the "
                  f"median of {CHECK_ROUNDS} visits of each page, each timed from the rerun "
                  "request leaving to the script-finished message arriving, as Chromium's "
                  "network layer stamps its frames (DevTools' websocket events) and as the "
                  "generator reads its own:",
                  check_table(results["check"]),
                  CHECK_TEXT]
    return "\n\n".join(parts)


def _load(results: dict) -> str:
    load = results["machine"].get("load_average")
    return " ".join(f"{x:.1f}" for x in load) if load else "not recorded"


def write_section(path: Path, text: str) -> None:
    doc = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    path.write_text(report.with_section(doc, text), encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.scaling",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("--replicas", type=int, nargs="+", default=REPLICAS)
    parser.add_argument("--sessions", type=int, nargs="+", default=SESSIONS)
    parser.add_argument("--data", nargs="+", default=DATA,
                        help="'bundled' and/or a row count of synthetic activities")
    parser.add_argument("--seconds", type=float, default=45.0, help="per run (45)")
    parser.add_argument("--warmup", type=float, default=15.0, help="before each server's runs")
    parser.add_argument("--no-check", dest="check", action="store_false",
                        help="skip the comparison with Chromium")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "benchmarks.md")
    parser.add_argument("--from-json", type=Path, metavar="FILE",
                        help=f"write the section from saved results ({CACHE / 'scaling.json'})")
    args = parser.parse_args(argv)
    CACHE.mkdir(parents=True, exist_ok=True)
    results = json.loads(args.from_json.read_text()) if args.from_json else run(args)
    write_section(args.out, section(results))
    print(scaling_table(results))
    log(f"written {args.out}")


if __name__ == "__main__":
    main()
