"""Hypothesis strategies that break real files the way people and tools break them.

A mutation deletes, duplicates or moves a line, swaps two characters, inserts something that
means a lot to YAML or CSV (tabs, quotes, colons, anchors, tags, brackets, separators, odd
Unicode), or overwrites a few bytes at random. A file gets one to six of them, so most examples
stay close to the real file and reach the checks deep inside the loaders, not only the parser.
"""

from __future__ import annotations

from hypothesis import strategies as st

INSERTS = [
    "\t", '"', "'", ":", ": ", "- ", "#", "&a ", "*a", "<<: *a", "!!python/object:os.system ",
    "!!binary ", "[", "]", "{", "}", ",", ";", "|", ">", "%YAML 1.1\n", "---\n", "...\n", "? ",
    "\n", "\r", "\r\n", "  ", "~", "null", "1e999", "-1", "0x1F", "0o17", "1,000", "$", "€",
    "2021-13-45", "\ufeff", "\u200b", "\u2028", "\u00a0", "é", "ລາວ", "😀", "\\", "\\u",
    "\x85", "\x7f", "&a [*a, *a, *a, *a]", "#country+code", "LA99", "3.9", "<script>",
]


def _lines(data: bytes) -> list[bytes]:
    return data.split(b"\n")


@st.composite
def _mutation(draw, data: bytes) -> bytes:
    kind = draw(st.sampled_from(["delete-line", "duplicate-line", "move-line", "swap-chars",
                                 "insert", "random-bytes", "truncate"]))
    if not data:
        return draw(st.binary(max_size=40))
    lines = _lines(data)
    if kind in ("delete-line", "duplicate-line", "move-line"):
        i = draw(st.integers(0, len(lines) - 1))
        line = lines[i]
        if kind == "delete-line":
            del lines[i]
        elif kind == "duplicate-line":
            lines.insert(i, line)
        else:
            del lines[i]
            lines.insert(draw(st.integers(0, len(lines))), line)
        return b"\n".join(lines)
    at = draw(st.integers(0, len(data) - 1))
    if kind == "swap-chars":
        return data[:at] + data[at + 1:at + 2] + data[at:at + 1] + data[at + 2:]
    if kind == "insert":
        token = draw(st.sampled_from(INSERTS) | st.text(max_size=8)).encode("utf-8")
        return data[:at] + token + data[at:]
    if kind == "truncate":
        return data[:at]
    noise = draw(st.binary(min_size=1, max_size=8))
    return data[:at] + noise + data[at + len(noise):]


@st.composite
def mutated(draw, original: bytes, most: int = 6) -> bytes:
    """``original`` with one to ``most`` mutations applied in turn."""
    data = original
    for _ in range(draw(st.integers(1, most))):
        data = draw(_mutation(data))
    return data
