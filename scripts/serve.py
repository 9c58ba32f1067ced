"""Serve the dashboard from several processes behind HAProxy: `make serve REPLICAS=N PORT=P`.

Starts N Streamlit processes on free loopback ports, all on the same data folder and with one
shared cookie secret, waits until each answers its health check, then runs HAProxy in front
(scripts/haproxy.cfg). Ctrl+C or SIGTERM stops every process it started; so does any of them
ending by itself, so nothing is left half-served.
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from string import Template

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = ROOT / "scripts" / "haproxy.cfg"
STATE = ROOT / ".serve"  # generated files, outside git: the config, the secret, the logs
SECRET_ENV = "SRRP_COOKIE_SECRET"
STOP_WITHIN = 8.0  # seconds to wait for a process after SIGTERM before killing it
START_WITHIN = 120.0  # seconds for a replica to answer its first health check


def free_port() -> int:
    """A loopback port nobody listens on now: for a server of the benchmarks, the tests or
    ``make serve``."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def replica_name(index: int) -> str:
    return f"r{index + 1}"


def haproxy_config(port: int, replicas: dict[str, str], bind: str = "*") -> str:
    """The HAProxy configuration for ``replicas`` (name → host:port), listening on ``port``."""
    servers = "\n".join(f"    server {name} {address} cookie {name}"
                        for name, address in replicas.items())
    return Template(TEMPLATE.read_text(encoding="utf-8")).substitute(
        bind=bind, port=port, servers=servers)


def cookie_secret(state: Path) -> str:
    """One secret for every replica, so a cookie signed by one is valid on all: from the
    environment, or generated once into a private file outside git and reused."""
    if os.environ.get(SECRET_ENV):
        return os.environ[SECRET_ENV]
    path = state / "cookie_secret"
    if not path.exists():
        state.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_hex(32))
    return path.read_text().strip()


def start_replica(name: str, port: int, data: Path, secret: str, log: Path) -> subprocess.Popen:
    env = {**os.environ, "SRRP_DATA_DIR": str(data),
           "STREAMLIT_SERVER_COOKIE_SECRET": secret}  # by environment: not seen in `ps`
    with open(log, "w") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
             "--server.address", "127.0.0.1", "--server.headless", "true"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)


def wait_healthy(url: str, process: subprocess.Popen, within: float) -> None:
    """Until ``url`` answers its health check; RuntimeError if ``process`` ends first."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the process serving {url} stopped while starting")
        try:
            urllib.request.urlopen(f"{url}/_stcore/health", timeout=2)
            return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer within {within:.0f} s")


def stop(processes: list[subprocess.Popen]) -> None:
    """SIGTERM to all at once, then SIGKILL to whatever is still running after STOP_WITHIN."""
    for process in processes:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
    deadline = time.monotonic() + STOP_WITHIN
    for process in processes:
        try:
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


class Stopped(Exception):
    """Ctrl+C or SIGTERM."""


def _raise_stopped(signum, frame):
    raise Stopped(signal.Signals(signum).name)


def serve(args: argparse.Namespace) -> int:
    haproxy = shutil.which("haproxy")
    if haproxy is None:
        print("serve: HAProxy is missing: run `make serve`, which installs Debian's haproxy",
              file=sys.stderr)
        return 2
    state = Path(args.state).resolve()
    state.mkdir(parents=True, exist_ok=True)
    data, secret = Path(args.data).resolve(), cookie_secret(state)
    replicas = {replica_name(i): free_port() for i in range(args.replicas)}
    processes: list[subprocess.Popen] = []
    signal.signal(signal.SIGTERM, _raise_stopped)
    signal.signal(signal.SIGINT, _raise_stopped)
    try:
        for name, port in replicas.items():
            processes.append(start_replica(name, port, data, secret, state / f"{name}.log"))
        for (name, port), process in zip(replicas.items(), processes, strict=True):
            wait_healthy(f"http://127.0.0.1:{port}", process, START_WITHIN)
            print(f"serve: {name} on 127.0.0.1:{port} (log {state / name}.log)", flush=True)
        config = state / "haproxy.cfg"
        config.write_text(haproxy_config(args.port, {n: f"127.0.0.1:{p}"
                                                     for n, p in replicas.items()}, args.bind))
        with open(state / "haproxy.log", "w") as log:
            processes.append(subprocess.Popen([haproxy, "-db", "-f", str(config)],
                                              stdout=log, stderr=subprocess.STDOUT,
                                              start_new_session=True))
        print(f"serve: {args.replicas} replica(s) of {data} behind HAProxy on "
              f"http://{'localhost' if args.bind in ('*', '0.0.0.0') else args.bind}:"
              f"{args.port}", flush=True)
        return _watch(processes)
    except Stopped as why:
        print(f"serve: {why}: stopping every process", flush=True)
        return 0
    except RuntimeError as err:
        print(f"serve: {err}", file=sys.stderr)
        return 1
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl+C must not cut the stop
        stop(processes)


def _watch(processes: list[subprocess.Popen]) -> int:
    """Sleep until a process ends by itself: then stop the rest (a partial service hides)."""
    while True:
        for process in processes:
            if process.poll() is not None:
                print(f"serve: {' '.join(map(str, process.args[:4]))}… ended "
                      f"(status {process.returncode}): stopping the rest", file=sys.stderr)
                return 1
        time.sleep(0.5)


@contextmanager
def running(data: Path, replicas: int, log: Path, within: float = 180):
    """This script, serving ``data`` from ``replicas`` processes on a free loopback port, for
    tests and benchmarks: yields the balancer's URL and the supervisor, stopped on exit."""
    port = free_port()
    with open(log, "w") as out:
        process = subprocess.Popen(
            [sys.executable, str(Path(__file__).resolve()), "--replicas", str(replicas),
             "--port", str(port), "--bind", "127.0.0.1", "--data", str(data),
             "--state", str(log.parent / f"{log.stem}-state")],
            cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, process, within)
        yield url, process
    finally:
        if process.poll() is None:
            process.terminate()
            process.wait(timeout=20)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replicas", type=int, default=2, help="dashboard processes (2)")
    parser.add_argument("--port", type=int, default=8501, help="HAProxy's port (8501)")
    parser.add_argument("--bind", default="*", help="HAProxy's address (* = every interface)")
    parser.add_argument("--data", default=os.environ.get("SRRP_DATA_DIR", "data"),
                        help="the data folder every replica serves ($SRRP_DATA_DIR or data)")
    parser.add_argument("--state", default=str(STATE),
                        help="where the config, cookie secret and logs are written (.serve)")
    args = parser.parse_args(argv)
    if args.replicas < 1:
        parser.error("--replicas must be at least 1")
    return serve(args)


if __name__ == "__main__":
    sys.exit(main())
