"""The YAML reader keeps what was typed where YAML 1.1 would silently reinterpret it."""

from __future__ import annotations

from pathlib import Path

import pytest

from srrp.files.yamlsource import decode, parse_yaml
from srrp.plan.tree import parse_plan
from srrp.problems import InvalidData

FIXTURES = Path(__file__).parents[2] / "fixtures" / "plan"


@pytest.mark.parametrize("typed", ["0100", "25_928_630", "0x1F", "1_0"])
def test_numbers_yaml_would_reinterpret_are_kept_as_typed(typed):
    assert parse_yaml(f"required: {typed}\n", "f.yaml").data == {"required": typed}


@pytest.mark.parametrize("typed, value", [("100", 100), ("0", 0), ("-5", -5)])
def test_plain_whole_numbers_are_numbers(typed, value):
    assert parse_yaml(f"required: {typed}\n", "f.yaml").data == {"required": value}


def test_octal_looking_amount_is_reported_not_read_as_64():
    minimal = (FIXTURES / "minimal.yaml").read_text(encoding="utf-8")
    first_amount = next(line for line in minimal.splitlines() if "required:" in line)
    broken = minimal.replace(first_amount, first_amount.split(":")[0] + ": 0100", 1)
    with pytest.raises(InvalidData) as err:
        parse_plan(broken, "p.yaml")
    assert "amount-as-text" in [p.code for p in err.value.problems]


def test_encoding_advice_fits_the_file():
    with pytest.raises(InvalidData) as err:
        decode("caf\xe9".encode("latin-1"), "plan.yaml")
    message = err.value.problems[0].message
    assert "save the file as UTF-8" in message and "CSV" not in message
