"""Every file of the hostile corpus is accepted, or refused with its code, line and fix.

The table is in ``cases.py``; a file added to the corpus without a row there fails the suite.
Refusing the worst files is cheap: under a second of CPU (CPU, not wall time, so that a busy
machine does not make the test flaky).
"""

from __future__ import annotations

import time

import pytest

from srrp.activities.table import read_activities
from srrp.funding.fts import parse_flows
from srrp.funding.iati import parse_iati
from srrp.plan.tree import load_plan, parse_plan
from srrp.problems import InvalidData
from tests.hostile.cases import CORPUS, CSV, FUNDING, YAML, csv_cases, funding_cases, yaml_cases

YAML_CASES = yaml_cases()
CSV_CASES = csv_cases()
FUNDING_CASES = funding_cases()


def check(load, name: str, expected) -> None:
    # the CPU time of this thread, within the 2 s a file may cost: the process's time would
    # count other threads too (a test may leave Chromium's export threads running)
    started = time.thread_time()
    try:
        load()
    except InvalidData as err:
        assert expected is not None, f"{name} was refused: {err}"
        assert all(p.file == name for p in err.problems), err
        found = [p for p in err.problems if (p.code, p.line or 0) == expected[:2]]
        assert found, f"no {expected.code} on line {expected.line}: {err}"
        assert expected.fix in found[0].message, str(found[0])
        assert str(found[0]).startswith(f"{name}:{expected.line}:" if expected.line else
                                        f"{name}: ")
    else:
        assert expected is None, f"{name} was accepted, expected {expected}"
    assert time.thread_time() - started < 2.0, f"{name} took too long"


def written(tmp_path, name: str, raw: bytes):
    path = tmp_path / name
    path.write_bytes(raw)
    return path


@pytest.mark.parametrize("name", list(YAML_CASES))
def test_each_yaml_file_is_accepted_or_refused_with_code_line_and_fix(name, tmp_path):
    make, expected = YAML_CASES[name]
    path = written(tmp_path, name, make())
    check(lambda: load_plan(path, name), name, expected)


@pytest.mark.parametrize("name", list(CSV_CASES))
def test_each_csv_file_is_accepted_or_refused_with_code_line_and_fix(name, baseline,
                                                                      gazetteers, tmp_path):
    make, expected = CSV_CASES[name]
    path = written(tmp_path, name, make())
    check(lambda: read_activities(path, baseline, gazetteers, name), name, expected)


@pytest.mark.parametrize("name", list(FUNDING_CASES))
def test_each_funding_file_is_accepted_or_refused_with_code_line_and_fix(name):
    make, expected = FUNDING_CASES[name]
    parse = parse_iati if name.endswith(".xml") else parse_flows
    check(lambda: parse(make(), name), name, expected)


def test_every_corpus_file_is_in_the_table():
    assert sorted(p.name for p in (CORPUS / "yaml").iterdir()) == sorted(YAML)
    assert sorted(p.name for p in (CORPUS / "csv").iterdir()) == sorted(CSV)
    assert sorted(p.name for p in (CORPUS / "funding").iterdir()) == sorted(FUNDING)


def test_accepted_layouts_of_one_file_give_the_same_rows(baseline, gazetteers):
    """BOM, CRLF, blank rows, semicolons and a missing HXL row change nothing in the data."""
    def rows(name):
        table = read_activities(CORPUS / "csv" / name, baseline, gazetteers, name)
        return table.drop(columns="line").reset_index(drop=True)

    reference = rows("good.csv")
    for name in ("bom.csv", "crlf.csv", "bom_crlf.csv", "blank_rows.csv", "without_hxl.csv",
                 "extra_column.csv"):
        assert rows(name)[reference.columns].equals(reference), name
    semicolons = rows("semicolons.csv")
    assert semicolons["note"].iloc[1].startswith("national figure, as a spreadsheet")
    assert semicolons.drop(columns="note").equals(reference.drop(columns="note"))


def test_a_python_tag_never_runs(tmp_path):
    marker = tmp_path / "ran"
    text = f'plan: !!python/object/apply:os.system ["touch {marker}"]\n'
    with pytest.raises(InvalidData):
        parse_plan(text, "tag.yaml")
    assert not marker.exists()
