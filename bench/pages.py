"""Script time of every page under AppTest, cold and warm, beside the floor page run the same way.

``python -m bench.pages DATA_DIR`` prints one JSON line. Cold: a new session with Streamlit's
caches emptied, so the run loads the data (imports are warmed once beforehand, since a server
imports them once). Warm: the rerun after a widget change (the sidebar's objective; the floor
page has the same selectbox). The best of ``--repeat`` runs is kept.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

import streamlit as st
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]
PAGES = {
    "overview": "pages/overview.py",
    "gaps": "pages/gaps.py",
    "targets": "pages/targets.py",
    "map": "pages/map.py",
    "whatif": "pages/whatif.py",
    "briefing": "pages/briefing.py",
    "sources": "pages/sources.py",
}
FLOOR = "floor"
TIMEOUT = 900


class PageError(Exception):
    """The page raised: it is reported, and the other pages are still measured."""


def _clear() -> None:
    st.cache_data.clear()
    st.cache_resource.clear()


def _timed(at: AppTest) -> float:
    start = time.perf_counter()
    at.run()
    if at.exception:
        raise PageError(at.exception[0].message)
    return time.perf_counter() - start


def _session(page: str | None) -> AppTest:
    if page is None:
        return AppTest.from_file(str(ROOT / "bench" / "floor_page.py"), default_timeout=TIMEOUT)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    at.switch_page(page)
    return at


def measure(page: str | None, repeat: int) -> dict:
    try:
        return _measure(page, repeat)
    except PageError as err:
        return {"error": str(err)}


def _measure(page: str | None, repeat: int) -> dict:
    colds, warms = [], []
    for _ in range(repeat):
        _clear()
        at = _session(page)
        colds.append(_timed(at))
        decks = at.get("deck_gl_json_chart")
        warm = []
        for value in ("1", "all"):  # two changes: the best is the least disturbed by the machine
            at.selectbox(key="objective").select(value)
            warm.append(_timed(at))
        warms.append(min(warm))
    result = {"cold_s": min(colds), "warm_s": min(warms)}
    if decks:  # what the map sends: the boundaries and their figures
        result["deck_json_bytes"] = sum(len(d.proto.json.encode()) for d in decks)
    return result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.pages")
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args(argv)
    os.environ["SRRP_DATA_DIR"] = str(args.data_dir)
    os.chdir(ROOT)
    measure("pages/overview.py", 1)  # imports, once, as a running server has them
    result = {FLOOR: measure(None, args.repeat)}
    for name, path in PAGES.items():
        result[name] = measure(path, args.repeat)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
