"""Words shared by every page: escaping of data text, changes against the baseline."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from visuals.wording import change, md


def test_a_title_can_never_become_a_link_an_image_or_html():
    assert md("![x](http://a.b) <script>*b*</script>") == (
        r"\!\[x\]\(http\://a\.b\) \<script\>\*b\*\</script\>")


@given(st.text())
def test_escaping_keeps_every_character_and_escapes_every_markup_character(text):
    escaped = md(text)
    assert re.sub(r"\\(.)", r"\1", escaped, flags=re.S) == text
    unescaped_left = re.sub(r"\\.", "", escaped, flags=re.S)
    assert not set(unescaped_left) & set("\\`*_{}[]()#+-.!|<>~$:")
    assert md(None) == ""


def test_a_change_reads_its_direction_from_a_leading_ascii_sign():
    assert change(5_000_000) == "+USD 5.0 M"
    assert change(-250_000) == "-USD 250,000"
    assert change(0) is None
