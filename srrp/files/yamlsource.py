"""Read YAML safely and remember where every key and value stands in the file.

PyYAML's ``safe_load`` forgets positions, silently keeps the last of duplicate keys and expands
aliases without limit. Here the document is composed into nodes first, so that every problem can
name its line and column, duplicate keys are reported, only plain YAML types are accepted (no
Python object tags), and oversized, deeply nested or alias-bomb documents are refused at once.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from srrp.problems import InvalidData, Problem

# The plan is 31 kB and about 400 values. Reading YAML in pure Python costs about 2 µs of CPU
# a byte and 50 µs a value: these limits keep the worst file under a second of CPU.
MAX_BYTES = 500_000
MAX_VALUES = 20_000
MAX_DEPTH = 40

_PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}
_INT_TAG = "tag:yaml.org,2002:int"
_PLAIN_INT = re.compile(r"^[-+]?(0|[1-9][0-9]*)$")
_MAP_TAG = "tag:yaml.org,2002:map"
_SEQ_TAG = "tag:yaml.org,2002:seq"

Path_ = tuple  # a path into the document: ("objectives", 2, "required")


@dataclass
class YamlDoc:
    """A parsed document: plain Python data plus the position of each value and key."""

    data: Any
    file: str
    value_marks: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[Path_, tuple[int, int]] = field(default_factory=dict)

    def problem(self, code: str, path: Path_, message: str, *, at_key: bool = False) -> Problem:
        """A problem placed at the value (or key) found at ``path``, or its nearest ancestor."""
        marks = self.key_marks if at_key else self.value_marks
        for end in range(len(path), -1, -1):
            mark = marks.get(path[:end]) or self.value_marks.get(path[:end])
            if mark:
                return Problem(code, message, self.file, *mark)
        return Problem(code, message, self.file)


def read_text(path: Path, display_name: str) -> str:
    """The file's text, or InvalidData naming why it cannot be read as UTF-8 text."""
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise InvalidData([Problem(
            "too-large", f"the file is {size:,} bytes, more than the {MAX_BYTES:,} allowed; "
            "is it the right file?", display_name)])
    return decode(path.read_bytes(), display_name)


def decode(raw: bytes, display_name: str, fix: str = "save the file as UTF-8") -> str:
    """UTF-8 text (a byte-order mark is accepted and dropped) or InvalidData naming the bad byte
    and how to ``fix`` it."""
    if b"\x00" in raw:
        line = raw[: raw.index(b"\x00")].count(b"\n") + 1
        raise InvalidData([Problem(
            "not-text", "the file contains NUL bytes: it is binary, not a text file", display_name,
            line, 1)])
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        col = err.start - (raw.rfind(b"\n", 0, err.start) + 1) + 1
        raise InvalidData([Problem(
            "encoding", f"byte 0x{raw[err.start]:02X} is not UTF-8; {fix}", display_name, line,
            col)]) from None


def parse_yaml(text: str, file: str) -> YamlDoc:
    """Parse one YAML document, or raise InvalidData with every problem found."""
    if len(text.encode("utf-8")) > MAX_BYTES:
        raise InvalidData([Problem(
            "too-large", f"the document is more than {MAX_BYTES:,} bytes", file)])
    if not text.strip():
        raise InvalidData([Problem("empty-file", "the file is empty", file, 1, 1)])
    node = _compose(text, file)
    builder = _Builder(file)
    data = builder.build(node, (), 0)
    if builder.problems:
        raise InvalidData(builder.problems)
    return YamlDoc(data, file, builder.value_marks, builder.key_marks)


class _Limited(yaml.SafeLoader):
    """SafeLoader that stops at the limits while it reads, not after.

    PyYAML's scanner slows down with the square of the flow nesting (``[[[[…``: a 100 kB file
    takes seconds), and composing costs time and memory per value: both are refused as soon as
    a limit is passed, with the place where it was passed.
    """

    def __init__(self, text: str):
        super().__init__(text)
        self.nodes = 0

    def fetch_flow_collection_start(self, token_class):
        if self.flow_level >= MAX_DEPTH:
            raise _TooMuch("too-deep", f"values are nested more than {MAX_DEPTH} levels deep",
                           self.get_mark())
        super().fetch_flow_collection_start(token_class)

    def compose_node(self, parent, index):
        if not self.check_event(yaml.AliasEvent):
            self.nodes += 1
            if self.nodes > MAX_VALUES:
                raise _TooMuch("too-complex", f"the document holds more than {MAX_VALUES:,} "
                               "values; is it the right file?", self.peek_event().start_mark)
        return super().compose_node(parent, index)


class _TooMuch(Exception):
    def __init__(self, code: str, message: str, mark):
        super().__init__(message)
        self.code, self.message, self.mark = code, message, mark


def _compose(text: str, file: str) -> yaml.Node:
    try:
        loader = _Limited(text)  # refuses control characters at once
    except yaml.reader.ReaderError as err:
        raise InvalidData([_bad_character(text, err, file)]) from None
    try:
        node = loader.get_single_node()
    except _TooMuch as err:
        raise InvalidData([Problem(err.code, err.message, file, err.mark.line + 1,
                                   err.mark.column + 1)]) from None
    except yaml.MarkedYAMLError as err:
        raise InvalidData([_unclosed_quote(text, file) or _syntax_problem(err, file)]) from None
    except yaml.YAMLError as err:
        raise InvalidData([Problem("yaml-syntax", str(err).strip(), file)]) from None
    except RecursionError:
        raise InvalidData([Problem(
            "too-deep", "the document is nested too deeply to be a plan", file)]) from None
    finally:
        loader.dispose()
    if node is None:
        raise InvalidData([Problem("empty-file", "the file holds no YAML document", file, 1, 1)])
    return node


def _bad_character(text: str, err: yaml.reader.ReaderError, file: str) -> Problem:
    line = text.count("\n", 0, err.position) + 1
    col = err.position - (text.rfind("\n", 0, err.position) + 1) + 1
    char = err.character if isinstance(err.character, int) else ord(err.character)
    return Problem("not-text", f"the invisible control character U+{char:04X} is not allowed in "
                   "YAML; delete it (retype the line if the editor does not show it)", file,
                   line, col)


_KEY_LINE = re.compile(r"\n[ \t]*(- )?[A-Za-z_][\w-]*:( |$)", re.M)


def _unclosed_quote(text: str, file: str) -> Problem | None:
    """A quote left open swallows the lines after it and the error shows lines later: point at
    the quoted text that runs over lines looking like 'key: value', where the mistake is."""
    suspect = None
    try:
        for token in yaml.scan(text, Loader=_Limited):
            if isinstance(token, yaml.ScalarToken) and token.style in ('"', "'") and \
                    _KEY_LINE.search(text, token.start_mark.index, token.end_mark.index):
                suspect = token
    except (yaml.YAMLError, _TooMuch, RecursionError):
        pass
    if suspect is None:
        return None
    mark, end = suspect.start_mark, suspect.end_mark
    return Problem("yaml-syntax", f"the quote {suspect.style} opened here is closed only on line "
                   f"{end.line + 1}; close the quote on this line", file, mark.line + 1,
                   mark.column + 1)


def _syntax_problem(err: yaml.MarkedYAMLError, file: str) -> Problem:
    mark = err.problem_mark or err.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
    what = err.problem or str(err)
    if "'\\t'" in what or "\t" in what:
        return Problem("yaml-syntax", "a tab character is used for indentation; YAML needs "
                       "spaces: replace the tab with spaces", file, line, col)
    context = f"{err.context}, " if err.context else ""
    return Problem("yaml-syntax", f"{context}{what}; check the indentation, colons and quotes "
                   "on this line and the one before", file, line, col)


class _Builder:
    """Turns composed nodes into plain data, recording positions and refusing anything unsafe."""

    def __init__(self, file: str):
        self.file = file
        self.problems: list[Problem] = []
        self.value_marks: dict[Path_, tuple[int, int]] = {}
        self.key_marks: dict[Path_, tuple[int, int]] = {}
        self.values_seen = 0
        self._constructor = yaml.SafeLoader("")

    def build(self, node: yaml.Node, path: Path_, depth: int) -> Any:
        self.values_seen += 1
        if self.values_seen > MAX_VALUES:
            raise InvalidData([self._at(node, "too-complex", f"the document expands to more than "
                              f"{MAX_VALUES:,} values (an alias bomb?); write it out plainly")])
        if depth > MAX_DEPTH:
            raise InvalidData([self._at(node, "too-deep", f"values are nested more than "
                                        f"{MAX_DEPTH} levels deep")])
        self.value_marks[path] = _mark(node)
        if isinstance(node, yaml.MappingNode) and node.tag == _MAP_TAG:
            return self._mapping(node, path, depth)
        if isinstance(node, yaml.SequenceNode) and node.tag == _SEQ_TAG:
            return [self.build(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        if isinstance(node, yaml.ScalarNode) and node.tag in _PLAIN_TAGS:
            return self._scalar(node)
        self.problems.append(self._at(node, "unsafe-tag", f"the tag {node.tag!r} is not allowed; "
                                      "only plain text, numbers, dates, lists and mappings are"))
        return None

    def _mapping(self, node: yaml.MappingNode, path: Path_, depth: int) -> dict:
        result: dict = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag not in _PLAIN_TAGS:
                self.problems.append(self._at(key_node, "wrong-type", "a key must be plain text"))
                continue
            key = self._scalar(key_node)
            if isinstance(key, dt.date):
                key = key.isoformat()
            if key in result:
                first = self.key_marks[(*path, key)][0]
                self.problems.append(self._at(key_node, "duplicate-key", f"the key '{key}' "
                                     f"appears twice here (first on line {first}); keep only one"))
                continue
            self.key_marks[(*path, key)] = _mark(key_node)
            result[key] = self.build(value_node, (*path, key), depth + 1)
        return result

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        if node.tag == _INT_TAG and not _PLAIN_INT.match(node.value):
            # YAML 1.1 reads 0100 as octal 64 and 25_928_630 as a number: keep what was typed,
            # so that the checks can say how to write it
            return node.value
        try:
            return self._constructor.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError, OverflowError):
            return node.value

    def _at(self, node: yaml.Node, code: str, message: str) -> Problem:
        return Problem(code, message, self.file, *_mark(node))


def _mark(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1
