"""The load generator (bench/load.py) against real servers: it finishes reruns of the pages
asked for, counts an exception on the page as an error, spreads over a balancer's replicas,
and refuses to load a machine other than this one."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

from bench.load import VIEWED, measure
from tests.browser.harness import ROOT, serve, serve_bundled, serve_replicas

BROKEN_APP = "import streamlit as st\nst.title('Broken')\nraise ValueError('boom')\n"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with serve_bundled(tmp_path_factory.mktemp("load") / "data") as url:
        yield url


def test_every_viewed_page_is_rerun_without_error(server):
    result = measure(server, sessions=2, seconds=8)
    assert result["errors"] == 0, result["error_kinds"]
    assert set(result["by_page"]) == set(VIEWED)
    assert result["reruns"] == sum(row["reruns"] for row in result["by_page"].values())
    assert 0 < result["p50_s"] <= result["p95_s"]
    assert result["sessions_per_replica"] == {"single": 2}


def test_the_command_prints_json(server):
    done = subprocess.run([sys.executable, "-m", "bench.load", "--url", server, "--sessions",
                           "1", "--seconds", "3", "--pages", "gaps", "--json"],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    result = json.loads(done.stdout)
    assert list(result["by_page"]) == ["gaps"] and result["reruns"] >= 1
    assert result["generator_cpu_s"] >= 0


def test_an_exception_on_the_page_is_an_error(tmp_path, monkeypatch):
    """A served app whose script raises: each rerun is recorded as an error, none as done."""
    app = tmp_path / "app.py"
    app.write_text(BROKEN_APP)
    monkeypatch.setattr("tests.browser.harness.ROOT", tmp_path)
    with serve(tmp_path / "data") as url:
        result = measure(url, sessions=1, seconds=3, pages=["overview"])
    assert result["reruns"] == 0
    assert result["errors"] >= 1
    assert all("ValueError" in kind for kind in result["error_kinds"])


def test_sessions_spread_over_the_replicas_of_a_balancer(tmp_path):
    if shutil.which("haproxy") is None:
        pytest.skip("needs Debian's haproxy (`make test` installs it)")
    shutil.copytree(ROOT / "data", tmp_path / "data")
    with serve_replicas(tmp_path / "data", replicas=2) as (url, _):
        result = measure(url, sessions=4, seconds=6, pages=["overview"])
    assert result["errors"] == 0, result["error_kinds"]
    spread = result["sessions_per_replica"]
    assert set(spread) == {"r1", "r2"} and sum(spread.values()) == 4
    assert result["arrival"]["sessions"] == 4


def test_only_this_machine_is_loaded():
    with pytest.raises(ValueError, match="only loads a server on this machine"):
        measure("http://example.org", sessions=1, seconds=1)
