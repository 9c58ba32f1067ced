"""``python -m bench.load``: many viewers at once, speaking Streamlit's own protocol.

    python -m bench.load --url http://127.0.0.1:8501 --sessions 50 --seconds 60 \\
        [--pages overview gaps map briefing] [--json]

Each session is what a browser tab is to the server: it loads ``/`` (so a balancer's cookie
keeps it on one process), opens the websocket ``/_stcore/stream`` and sends ``BackMsg``
rerun requests (a ``ClientState``: the page, the URL's query string, the widgets' values) as the
browser does. It visits the pages in turn and, on each, changes one sidebar filter (scenario,
country, objective, donor or year) the way a viewer picks from a selectbox; the URL's query
string follows the filters as in the browser. A rerun counts only when its ``script_finished``
message arrives; its latency runs from the request to that message. An exception element,
"page not found", a closed connection or a rerun slower than ``--timeout`` is an error.

Sessions arrive together; each one's first page is timed apart (*arrival*). Then the clock
starts and they click as soon as the page is answered (no think time) until ``--seconds`` have
passed; reruns asked for by then are waited for and counted, and reruns per second is over the
time until the last finished. So the figures are what the server carries at N concurrent
sessions, not what N people would ask of it. The generator runs every session on one asyncio
loop in one process and reports the CPU time it used: the figures measure the server, not the
generator. Loopback only.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import resource
import statistics
import sys
import time
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlparse

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ClientState_pb2 import ClientState
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.asyncio.client import connect
from websockets.exceptions import WebSocketException

from components.params import SIDEBAR

SIDEBAR_KEYS = frozenset(param.key for param in SIDEBAR)  # the filters a viewer changes

# page → url path, as in app.py ("/" only passes a visitor on to "/overview")
PAGES = {"overview": "overview", "gaps": "gaps", "targets": "targets", "map": "map",
         "whatif": "whatif", "briefing": "briefing", "sources": "sources"}
VIEWED = ["overview", "gaps", "map", "briefing"]  # the pages viewers of a briefing link open
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
FINISHED = ForwardMsg.ScriptFinishedStatus


class Failed(Exception):
    """The rerun did not finish as a page should: the message says how."""


@dataclass
class Stats:
    """What every session recorded, by page."""

    latencies: dict[str, list[float]] = field(default_factory=dict)
    errors: Counter = field(default_factory=Counter)
    replicas: Counter = field(default_factory=Counter)
    arrivals: list[float] = field(default_factory=list)  # first runs, everyone at once
    started: float = 0.0  # when the timed run started (every session has its first page)
    last_finish: float = 0.0  # when its last rerun finished

    def finished(self, page: str, seconds: float) -> None:
        self.latencies.setdefault(page, []).append(seconds)

    def failed(self, page: str, why: str) -> None:
        self.errors[f"{page}: {why}"] += 1


@dataclass
class Session:
    """One tab: its websocket, the sidebar's selectboxes as last drawn, the URL's query."""

    ws: object
    query: str = ""
    problem: str | None = None  # what went wrong in the run being read
    selectboxes: dict[str, object] = field(default_factory=dict)  # sidebar key → proto
    widgets: dict[str, WidgetState] = field(default_factory=dict)  # id → value sent

    async def rerun(self, page: str, timeout: float) -> float:
        """Ask for a run of ``page`` and read until it finishes; its latency in seconds."""
        state = ClientState(query_string=self.query, page_name=PAGES[page])
        state.widget_states.widgets.extend(self.widgets.values())
        started = time.perf_counter()
        self.problem = None
        await self.ws.send(BackMsg(rerun_script=state).SerializeToString())
        async with asyncio.timeout(timeout):
            while not self._read(await self.ws.recv()):
                pass
        if self.problem:  # raised only now: the run's messages are all read
            raise Failed(self.problem)
        return time.perf_counter() - started

    def _read(self, data: bytes) -> bool:
        """Take in one message; True when the run has finished."""
        msg = ForwardMsg()
        msg.ParseFromString(data)
        kind = msg.WhichOneof("type")
        if kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
            self._element(msg.delta.new_element)
        elif kind == "page_info_changed":
            self.query = msg.page_info_changed.query_string
        elif kind == "page_not_found":
            self.problem = "page not found"
        elif kind == "script_finished":
            if msg.script_finished == FINISHED.FINISHED_WITH_COMPILE_ERROR:
                self.problem = "compile error"
            return msg.script_finished in (FINISHED.FINISHED_SUCCESSFULLY,
                                           FINISHED.FINISHED_WITH_COMPILE_ERROR)
        return False

    def _element(self, element) -> None:
        kind = element.WhichOneof("type")
        if kind == "exception":
            self.problem = (f"exception shown: {element.exception.type}: "
                            f"{element.exception.message[:120]}")
        if kind == "selectbox":
            key = element.selectbox.id.rsplit("-", 1)[-1]
            if key in SIDEBAR_KEYS:
                self.selectboxes[key] = element.selectbox

    def pick_filter(self, rng: random.Random) -> bool:
        """Choose another option in one sidebar selectbox, as a viewer would; False when the
        sidebar offers no choice."""
        choices = [box for box in self.selectboxes.values() if len(box.options) > 1]
        if not choices:
            return False
        box = rng.choice(choices)
        current = box.raw_value if box.set_value else box.options[box.default]
        option = rng.choice([o for o in box.options if o != current])
        self.widgets[box.id] = WidgetState(id=box.id, string_value=option)
        return True


def first_request(url: str) -> tuple[str, str]:
    """Load the app's page as a browser does first: the cookie a balancer sets, and which
    replica answered ('' without a balancer)."""
    with urllib.request.urlopen(url + "/", timeout=60) as response:
        cookie = "; ".join(c.split(";")[0] for c in response.headers.get_all("Set-Cookie") or [])
        return cookie, response.headers.get("X-Srrp-Replica", "")


async def arrive(sockets: list, url: str, index: int, pages: list[str], timeout: float,
                 stats: Stats) -> Session | None:
    """A viewer opening the link: the page, the websocket, the first run of its first page
    (timed apart: everyone arriving at once is its own case). None if it failed."""
    cookie, replica = await asyncio.to_thread(first_request, url)
    stats.replicas[replica or "single"] += 1
    stream = "ws" + url[len("http"):] + "/_stcore/stream"
    ws = await connect(stream, subprotocols=["streamlit"], max_size=None, ping_interval=None,
                       additional_headers={"Cookie": cookie} if cookie else {},
                       open_timeout=timeout, close_timeout=1)
    sockets.append(ws)
    session, page = Session(ws), pages[index % len(pages)]
    try:
        stats.arrivals.append(await session.rerun(page, timeout))
    except TimeoutError:
        stats.failed(page, f"first run: no answer within {timeout:.0f} s")
        return None
    except Failed as err:
        stats.failed(page, f"first run: {err}")
    return session


async def browse(session: Session, index: int, pages: list[str], until: float,
                 timeout: float, stats: Stats) -> None:
    """Change a filter on the page, go to the next page, and so on, until the deadline."""
    rng = random.Random(index)
    for step in range(10**6):  # bounded; the deadline ends it long before
        page = pages[(index + step) % len(pages)]
        if step and not await _step(session, page, until, timeout, stats):
            return
        if session.pick_filter(rng) and not await _step(session, page, until, timeout, stats):
            return


async def _step(session: Session, page: str, until: float, timeout: float,
                stats: Stats) -> bool:
    """One rerun, recorded; False when the session must stop (deadline, or a broken link).
    A rerun asked for before the deadline is waited for (up to ``timeout``) and counted: cut
    off at the deadline, a run of many slow reruns would count almost none of them."""
    if time.monotonic() >= until:
        return False
    try:
        seconds = await session.rerun(page, timeout)
    except TimeoutError:
        stats.failed(page, f"no answer within {timeout:.0f} s")
        return False
    except Failed as err:
        stats.failed(page, str(err))
        return True
    except (WebSocketException, OSError) as err:
        stats.failed(page, f"connection lost: {type(err).__name__}")
        return False
    stats.finished(page, seconds)
    stats.last_finish = time.monotonic()
    return True


async def _run(url: str, sessions: int, seconds: float, pages: list[str],
               timeout: float) -> Stats:
    """Every session arrives at once; when all have their first page, the clock starts."""
    stats, sockets = Stats(), []
    try:
        arrived = await asyncio.gather(*(arrive(sockets, url, i, pages, timeout, stats)
                                         for i in range(sessions)), return_exceptions=True)
        for result in arrived:
            if isinstance(result, BaseException):
                stats.failed("connect", f"{type(result).__name__}: {result}"[:160])
        stats.started = time.monotonic()
        until = stats.started + seconds
        await asyncio.gather(*(browse(session, i, pages, until, timeout, stats)
                               for i, session in enumerate(arrived)
                               if isinstance(session, Session)))
    finally:  # all at once: a server still running their scripts is slow to close them
        await asyncio.gather(*(ws.close() for ws in sockets), return_exceptions=True)
    return stats


def percentile(values: list[float], share: float) -> float | None:
    if not values:
        return None
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[round(share * 100) - 1]


def summary(stats: Stats, sessions: int, seconds: float, cpu_s: float) -> dict:
    """Throughput over the time the counted reruns took: from the start until the last of them
    finished (the reruns asked for before the deadline finish after it)."""
    every = [s for values in stats.latencies.values() for s in values]
    elapsed = max(seconds, stats.last_finish - stats.started)
    return {
        "sessions": sessions, "seconds": seconds, "elapsed_s": elapsed, "reruns": len(every),
        "reruns_per_s": len(every) / elapsed,
        "p50_s": percentile(every, 0.50), "p95_s": percentile(every, 0.95),
        "errors": sum(stats.errors.values()), "error_kinds": dict(stats.errors),
        "by_page": {page: {"reruns": len(v), "p50_s": percentile(v, 0.50),
                           "p95_s": percentile(v, 0.95)}
                    for page, v in sorted(stats.latencies.items())},
        "arrival": {"sessions": len(stats.arrivals), "p50_s": percentile(stats.arrivals, 0.5),
                    "p95_s": percentile(stats.arrivals, 0.95),
                    "slowest_s": max(stats.arrivals, default=None)},
        "sessions_per_replica": dict(stats.replicas), "generator_cpu_s": cpu_s,
    }


def measure(url: str, sessions: int, seconds: float, pages: list[str] | None = None,
            timeout: float = 120.0) -> dict:
    """Run the load and summarise it (also what the benchmarks call)."""
    host = urlparse(url).hostname
    if host not in LOOPBACK:
        raise ValueError(f"{url}: the load generator only loads a server on this machine")
    cpu = resource.getrusage(resource.RUSAGE_SELF)
    stats = asyncio.run(_run(url.rstrip("/"), sessions, seconds, pages or VIEWED, timeout))
    after = resource.getrusage(resource.RUSAGE_SELF)
    cpu_s = (after.ru_utime - cpu.ru_utime) + (after.ru_stime - cpu.ru_stime)
    return summary(stats, sessions, seconds, cpu_s)


def _ms(seconds: float | None) -> str:
    return "—" if seconds is None else f"{seconds * 1000:,.0f} ms"


def text(result: dict) -> str:
    lines = [f"sessions {result['sessions']}, {result['elapsed_s']:.0f} s: "
             f"{result['reruns']} reruns, {result['reruns_per_s']:.2f} reruns/s, "
             f"p50 {_ms(result['p50_s'])}, p95 {_ms(result['p95_s'])}, "
             f"errors {result['errors']}, generator CPU {result['generator_cpu_s']:.1f} s"]
    lines += [f"  {page}: {row['reruns']} reruns, p50 {_ms(row['p50_s'])}, "
              f"p95 {_ms(row['p95_s'])}" for page, row in result["by_page"].items()]
    lines += [f"  error ×{n}: {kind}" for kind, n in result["error_kinds"].items()]
    arrival = result["arrival"]
    lines.append(f"  first page, all arriving at once: {arrival['sessions']} sessions, "
                 f"p50 {_ms(arrival['p50_s'])}, p95 {_ms(arrival['p95_s'])}, "
                 f"slowest {_ms(arrival['slowest_s'])}")
    lines.append("  sessions per replica: " + ", ".join(
        f"{name} {n}" for name, n in sorted(result["sessions_per_replica"].items())))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0].strip("`: "))
    parser.add_argument("--url", required=True, help="the dashboard (or its balancer)")
    parser.add_argument("--sessions", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--pages", nargs="+", choices=list(PAGES), default=VIEWED)
    parser.add_argument("--timeout", type=float, default=120.0,
                        help="seconds a rerun may take before it counts as an error (120)")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    args = parser.parse_args(argv)
    if args.sessions < 1 or args.seconds <= 0:
        parser.error("--sessions must be at least 1 and --seconds more than 0")
    try:
        result = measure(args.url, args.sessions, args.seconds, args.pages, args.timeout)
    except ValueError as err:
        parser.error(str(err))
    print(json.dumps(result, indent=2) if args.json else text(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
