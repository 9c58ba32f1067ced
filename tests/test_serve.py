"""`make serve`: several dashboard processes behind HAProxy (scripts/serve.py).

HAProxy accepts the configuration, spreads new visitors over the replicas, keeps each on the
one its cookie names, says which answered, and a stop ends every process with nothing left
listening.
"""

from __future__ import annotations

import re
import shutil
import signal
import socket
import stat
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from scripts.serve import cookie_secret, haproxy_config
from tests.browser.harness import ROOT, serve_replicas

HAPROXY = shutil.which("haproxy")
needs_haproxy = pytest.mark.skipif(HAPROXY is None, reason="needs Debian's haproxy "
                                   "(`make test` installs it)")


def check_config(text: str, tmp_path: Path) -> subprocess.CompletedProcess:
    path = tmp_path / "haproxy.cfg"
    path.write_text(text)
    return subprocess.run([HAPROXY, "-c", "-f", str(path)], capture_output=True, text=True)


def get(url: str, cookie: str | None = None) -> tuple[str, str | None]:
    """The replica that answered, and the replica cookie set, if any."""
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    with urllib.request.urlopen(request, timeout=10) as response:
        replica = response.headers["X-Srrp-Replica"]
        set_cookie = response.headers.get("Set-Cookie")
    return replica, set_cookie and set_cookie.split(";")[0]


def listening(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(1)
        return s.connect_ex(("127.0.0.1", port)) == 0


@needs_haproxy
def test_haproxy_accepts_the_template_with_replicas_on_several_hosts(tmp_path):
    config = haproxy_config(80, {"web1": "10.0.0.11:8501", "web2": "10.0.0.12:8501",
                                 "web3": "10.0.0.13:8501"})
    checked = check_config(config, tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert re.findall(r"server (\w+) [\d.:]+ cookie (\w+)", config) == [
        ("web1", "web1"), ("web2", "web2"), ("web3", "web3")]


@needs_haproxy
def test_haproxy_refuses_a_broken_config(tmp_path):
    """Guards the check above: a config HAProxy cannot read fails it."""
    broken = haproxy_config(80, {"web1": "10.0.0.11:8501"}).replace("balance leastconn",
                                                                       "balance nowhere")
    assert check_config(broken, tmp_path).returncode != 0


def test_every_replica_gets_one_private_secret_generated_once(tmp_path, monkeypatch):
    monkeypatch.delenv("SRRP_COOKIE_SECRET", raising=False)
    first = cookie_secret(tmp_path)
    assert len(first) >= 64 and cookie_secret(tmp_path) == first
    assert stat.S_IMODE((tmp_path / "cookie_secret").stat().st_mode) == 0o600
    monkeypatch.setenv("SRRP_COOKIE_SECRET", "from-the-environment")
    assert cookie_secret(tmp_path) == "from-the-environment"


@pytest.fixture(scope="module")
def balancer(tmp_path_factory):
    folder = tmp_path_factory.mktemp("serve") / "data"
    shutil.copytree(ROOT / "data", folder)
    with serve_replicas(folder, replicas=2) as (url, process):
        yield url, process, folder.parent


@needs_haproxy
def test_new_visitors_spread_and_each_stays_on_its_replica(balancer):
    url = balancer[0]
    first = [get(f"{url}/") for _ in range(4)]
    assert {replica for replica, _ in first} == {"r1", "r2"}
    for replica, cookie in first:
        assert cookie == f"SRRP_REPLICA={replica}"
        again = {get(f"{url}/_stcore/health", cookie)[0] for _ in range(6)}
        assert again == {replica}


@needs_haproxy
def test_sigterm_stops_every_process_within_10_s_leaving_nothing_listening(balancer):
    url, process, state = balancer
    log = (state / "serve.log").read_text()
    ports = [int(p) for p in re.findall(r"on 127\.0\.0\.1:(\d+)", log)]
    ports.append(int(url.rsplit(":", 1)[1]))
    assert len(ports) == 3 and all(listening(p) for p in ports)
    started = time.monotonic()
    process.send_signal(signal.SIGTERM)
    process.wait(timeout=10)
    assert time.monotonic() - started < 10
    assert not [p for p in ports if listening(p)]
