"""Opening and joining briefings (``components.remote``) as a process fills up: each costs the same
with 10 briefings opened as with 50,000 (of which it keeps the last 1,000), beside a floor
measured in the same run: the random code, key and digest that any opening must make.

    python -m bench.briefings                    # prints the table, writes its section
    python -m bench.briefings --out /tmp/b.md    # elsewhere
"""

from __future__ import annotations

import argparse
import secrets
import statistics
import time
from datetime import UTC, datetime
from pathlib import Path

from bench import machine
from bench.measure import ROOT
from bench.report import BRIEFINGS_HEADING, with_section
from components import remote

OPENED = [10, 1_000, 50_000]
CALLS = 1_000  # timed calls of each kind, after the store is filled
BUDGET = 2.0  # opening with 50,000 opened may cost at most this many times opening with 10


def per_call(calls: list) -> float:
    """The median seconds of one call among ``calls`` (callables), each timed alone."""
    times = []
    for call in calls:
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def floor() -> float:
    """What an opening cannot avoid: a key, a code and the code's keyed digest."""
    briefings = remote.Briefings()

    def making() -> None:
        secrets.token_urlsafe(24)
        briefings._digest(remote.new_code())

    return per_call([making] * CALLS)


def measure(opened: int) -> dict:
    briefings = remote.Briefings()
    for _ in range(opened):
        briefings.open(1)
    fresh = []
    opening = per_call([lambda: fresh.append(briefings.open(1))] * CALLS)
    kept = fresh[-remote.MAX_OPEN:]  # the rest were closed, the longest unused first
    codes = [briefings.get(k).code for k in kept]
    right = [(lambda c=c, n=n: briefings.join(c, remote.Client(f"p{n}")))
             for n, c in enumerate(codes)]
    joining = per_call(right)
    wrong = [(lambda n=n: briefings.join(remote.new_code(), remote.Client(f"w{n}")))
             for n in range(CALLS)]
    return {"opened": opened, "kept": min(opened, remote.MAX_OPEN), "open_s": opening,
            "join_s": joining, "wrong_s": per_call(wrong)}


def run() -> dict:
    return {"when": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
            "machine": machine.describe(), "floor_s": floor(),
            "runs": [measure(n) for n in OPENED]}


def _us(seconds: float) -> str:
    return f"{seconds * 1e6:.1f} µs"


def section(results: dict) -> str:
    rows = results["runs"]
    first, last = rows[0], rows[-1]
    met = last["open_s"] <= BUDGET * first["open_s"]
    table = ["| briefings opened | kept open | open one | join (right code) | join (wrong code) "
             "| open ÷ floor |", "| ---: | ---: | ---: | ---: | ---: | ---: |"]
    table += [f"| {r['opened']:,} | {r['kept']:,} | {_us(r['open_s'])} | {_us(r['join_s'])} "
              f"| {_us(r['wrong_s'])} | {r['open_s'] / results['floor_s']:.1f}× |" for r in rows]
    return "\n".join([
        BRIEFINGS_HEADING, "",
        f"Written by `python -m bench.briefings` on {results['when']}: one process's store of "
        f"briefings (`components/remote.py`) after that many were opened, the median of {CALLS:,} "
        "calls of each kind. A process keeps 1,000 open and closes the longest unused one when "
        "it opens another, so opening costs the same however many were opened before "
        "(it scanned every open briefing under the lock before: 7.4 ms with 50,000 open). "
        "A join looks the code up by its keyed digest and compares it in constant time. "
        f"The floor, {_us(results['floor_s'])}, is what any opening makes: a random key, a "
        "random code and the code's digest.", "",
        *table, "",
        f"Budget: opening with {last['opened']:,} opened ≤ {BUDGET:g}× opening with "
        f"{first['opened']:,}: {'met' if met else 'not met'}.", "",
        _machine(results["machine"]),
    ])


def _machine(m: dict) -> str:
    return (f"Machine: {m['cpu']}, {m['cores']} cores, Python {m['python']}; load average when "
            f"the run started: {m['load_average']} (shared with other jobs).")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "benchmarks.md")
    args = parser.parse_args(argv)
    text = section(run())
    doc = args.out.read_text(encoding="utf-8") if args.out.exists() else "# Benchmarks\n"
    args.out.write_text(with_section(doc, text, BRIEFINGS_HEADING), encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
