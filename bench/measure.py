"""Running measurements: whole processes with their peak memory, and the best of a few runs (on
a shared machine the fastest run is the least disturbed one)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Run:
    seconds: float  # wall time of the whole process, start-up included
    max_rss_mb: float  # its peak resident memory, from the kernel
    result: dict  # the JSON it printed on its last line, if any
    cpu_s: float = 0.0  # user and system time of all its threads: less moved by other jobs


def run_process(args: list, env: dict | None = None) -> Run:
    """Run a command to its end; its wall time, and its peak memory from wait4."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen([str(a) for a in args], cwd=ROOT, stdout=out, stderr=err,
                                   env={**os.environ, **(env or {})})
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(errors="replace"), err.read().decode(errors="replace")
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, args))} failed ({process.returncode}):\n"
                           f"{stderr[-3000:]}")
    return Run(seconds, usage.ru_maxrss / 1024, _last_json(stdout),
               usage.ru_utime + usage.ru_stime)


def _last_json(stdout: str) -> dict:
    lines = stdout.strip().splitlines()
    try:
        result = json.loads(lines[-1]) if lines else {}
    except json.JSONDecodeError:
        return {}
    return result if isinstance(result, dict) else {}


def python(*args, env: dict | None = None) -> Run:
    return run_process([sys.executable, *args], env)


def best(runs: list[Run]) -> Run:
    return min(runs, key=lambda r: r.seconds)


def repeats(rows: int) -> int:
    return 3 if rows <= 10_000 else 2 if rows <= 100_000 else 1
