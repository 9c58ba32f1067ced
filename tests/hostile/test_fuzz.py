"""Fuzzing the loaders: whatever the bytes, the only failure is InvalidData, quickly and small.

Each example is a real file broken by ``mutations.mutated`` (or plain random bytes), decoded as
the app decodes it and given to a loader. Anything but a result or InvalidData fails, and so does
an example that takes more than 2 s or allocates more than 200 MB at its peak. tracemalloc makes
parsing about six times slower, so the memory is traced in one example of every four (all are
timed, untraced), and the number of examples is bounded: the module runs in under a minute.
"""

from __future__ import annotations

import time
import tracemalloc
from pathlib import Path
from unittest.mock import patch

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from srrp.activities.table import parse_activities
from srrp.files.yamlsource import decode, parse_yaml
from srrp.plan.tree import parse_plan
from srrp.problems import InvalidData
from srrp.scenarios.scenario import apply_scenario, parse_scenario
from tests.hostile.mutations import mutated

ROOT = Path(__file__).resolve().parents[2]
PLAN = (ROOT / "data" / "plan_2021.yaml").read_bytes()
ACTIVITIES = (ROOT / "data" / "lao_activities.csv").read_bytes()
SCENARIO = b"""scenario:
  title: What if a donor gives USD 5 M to vaccines?
  description: Hypothetical.
changes:
  - add_contribution: {id: vaccines-5m, donor: Hypothetical donor, amount: 5000000,
                       sub_objective: "3.2", status: confirmed}
  - set_required: {id: "3.2", amount: 53313335}
  - set_contribution: {id: usa-bprm-lao-2021, amount: 300000}
  - remove_contribution: {id: usa-bprm-lao-2021}
"""
SECONDS = 2.0
BYTES = 200 * 2**20

FUZZ = settings(max_examples=150, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def inputs(original: bytes):
    return mutated(original) | st.binary(max_size=2000)


def bounded(load, raw: bytes) -> None:
    """Run ``load`` on ``raw``: InvalidData is an answer, anything else a failure; and time
    and memory stay within bounds."""
    COUNT[0] += 1
    traced = COUNT[0] % 4 == 0
    if traced:
        tracemalloc.start()
    # the CPU time of this thread: the work the input causes, whatever else the machine (or
    # another thread of this process) is doing
    started = time.thread_time()
    try:
        load(decode(raw, "fuzzed"))
    except InvalidData as err:
        assert err.problems and all(p.code and p.message for p in err.problems)
    finally:
        seconds = time.thread_time() - started
        peak = tracemalloc.get_traced_memory()[1] if traced else 0
        tracemalloc.stop()
    assert seconds < SECONDS * (6 if traced else 1), f"{seconds:.2f} s"
    assert peak < BYTES, f"{peak / 2**20:.0f} MB"


COUNT = [0]


@FUZZ
@given(inputs(PLAN))
def test_parse_yaml_answers_every_input(raw):
    bounded(lambda text: parse_yaml(text, "fuzzed"), raw)


@FUZZ
@given(inputs(PLAN))
def test_parse_plan_answers_every_input(raw):
    bounded(lambda text: parse_plan(text, "fuzzed"), raw)


@FUZZ
@given(inputs(SCENARIO))
def test_parse_scenario_answers_every_input(baseline, raw):
    def load(text):
        apply_scenario(baseline, parse_scenario(text, "fuzzed", "fuzzed"))

    bounded(load, raw)


@FUZZ
@given(inputs(ACTIVITIES))
def test_parse_activities_answers_every_input(baseline, gazetteers, raw):
    bounded(lambda text: parse_activities(text, "fuzzed", baseline, gazetteers), raw)


def _outcome(text: str, baseline, gazetteers):
    """What a user sees of a file: its checked table, or its problems."""
    try:
        return parse_activities(text, "fuzzed", baseline, gazetteers)
    except InvalidData as err:
        return [str(p) for p in err.problems]


@FUZZ
@given(inputs(ACTIVITIES))
def test_both_csv_parsers_read_every_input_alike(baseline, gazetteers, raw):
    """Files with one row per line are parsed by pyarrow, the others (blank lines, cells over
    several lines, open quotes) by pandas' own parser: whichever reads a file, its figures and
    its problems are the same."""
    try:
        text = decode(raw, "fuzzed")
    except InvalidData:
        return
    fast = _outcome(text, baseline, gazetteers)
    with patch("srrp.activities.table._parse_fast", side_effect=ValueError("not this parser")):
        sure = _outcome(text, baseline, gazetteers)
    if isinstance(sure, list):
        assert fast == sure
    else:
        assert isinstance(fast, pd.DataFrame), fast
        pd.testing.assert_frame_equal(fast, sure)
