"""Running measurements: whole processes with their peak memory, and the best of a few runs (on
a shared machine the fastest run is the least disturbed one)."""

from __future__ import annotations

import ast
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


# Linux counts a process's peak memory from the process that forked it (exec keeps the old
# mm's high-water mark), so a benchmark that has just built a 1M-row file in memory would
# lend its own peak to every command it times. A small Python forks the command instead and
# reports its rusage on a pipe.
_MEASURER = """import os, sys
report = int(sys.argv[1])
pid = os.fork()
if pid == 0:
    os.close(report)
    os.execvp(sys.argv[2], sys.argv[2:])
_, status, usage = os.wait4(pid, 0)
os.write(report, repr((os.waitstatus_to_exitcode(status), usage.ru_maxrss,
                  usage.ru_utime + usage.ru_stime)).encode())
"""


def run_process(args: list, env: dict | None = None) -> Run:
    """Run a command to its end; its wall time, and its peak memory from wait4."""
    read, write = os.pipe()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen([sys.executable, "-S", "-c", _MEASURER, str(write),
                                    *map(str, args)],
                                   cwd=ROOT, stdout=out, stderr=err, pass_fds=(write,),
                                   env={**os.environ, **(env or {})})
        os.close(write)
        with os.fdopen(read) as pipe:
            code, max_rss_kb, cpu_s = ast.literal_eval(pipe.read())
        process.wait()
        seconds = time.perf_counter() - start
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(errors="replace"), err.read().decode(errors="replace")
    if code != 0:
        raise RuntimeError(f"{' '.join(map(str, args))} failed ({code}):\n{stderr[-3000:]}")
    return Run(seconds, max_rss_kb / 1024, _last_json(stdout), cpu_s)


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
