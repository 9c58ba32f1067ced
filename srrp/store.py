"""Saving scenarios without losing anything.

A save writes a temporary file beside the target, flushes it to disk and renames it over the
target, so a reader sees the old file or the new one, never half of one. Names are plain file
names (no folders, no '..'), so nothing outside the scenarios folder, and never the baseline, can
be written. Saving over a scenario that changed since it was opened is refused, not silent.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import re
import tempfile
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")  # with fullmatch: "a\n" is no name
SUFFIX = ".yaml"


class SaveRefused(Exception):
    """The save did not happen; the message says why and what to do."""


class SaveConflict(SaveRefused):
    """The scenario changed on disk since it was opened."""


def version(text: str | None) -> str | None:
    """A short fingerprint of a file's content, to tell whether it changed since it was read."""
    return None if text is None else hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def scenario_path(folder: Path, name: str) -> Path:
    if not NAME.fullmatch(name):
        raise SaveRefused(f"'{name}' is not a plain scenario name: use letters, digits, '-' and "
                          "'_' only (up to 64), starting with a letter or digit")
    return folder / f"{name}{SUFFIX}"


def list_scenarios(folder: Path) -> list[str]:
    if not folder.is_dir():
        return []
    return sorted(p.stem for p in folder.glob(f"*{SUFFIX}") if NAME.fullmatch(p.stem))


def save_scenario(folder: Path, name: str, text: str, *, expected: str | None = None,
                  protected: tuple[Path, ...] = ()) -> Path:
    """Write ``text`` as scenario ``name`` atomically.

    ``expected`` is the version the editor started from (None for a new scenario): when the file
    on disk is not that version any more, SaveConflict is raised and nothing is written.
    """
    target = scenario_path(folder, name)
    # A scenario named like the baseline would be taken for it, wherever it is written.
    if any(target.resolve() == p.resolve() or name == p.stem for p in protected):
        raise SaveRefused(f"'{name}' is the baseline, which is never written from here")
    folder.mkdir(parents=True, exist_ok=True)
    with _locked(folder):
        current = target.read_text(encoding="utf-8") if target.exists() else None
        if version(current) != expected:
            raise SaveConflict(_conflict(name, expected, current))
        _write_atomically(target, text)
    return target


def replace_file(target: Path, text: str, *, expected: str | None) -> None:
    """Write ``text`` over an existing file atomically, when it is still the version read
    (``expected``); SaveConflict otherwise, and nothing is written."""
    with _locked(target.parent):
        current = target.read_text(encoding="utf-8") if target.exists() else None
        if current is None or version(current) != expected:
            raise SaveConflict(f"{target.name} changed since it was read; read it again")
        _write_atomically(target, text)


def _conflict(name: str, expected: str | None, current: str | None) -> str:
    if expected is None:
        return f"a scenario named '{name}' exists already"
    if current is None:
        return f"scenario '{name}' was deleted since you opened it"
    return f"scenario '{name}' was changed by someone else since you opened it"


def _write_atomically(target: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.stem}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o644)  # mkstemp makes it private; a scenario is for the whole team
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@contextmanager
def _locked(folder: Path):
    """One save at a time in a folder, across threads and processes."""
    with open(folder / ".lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def append_atomically(target: Path, text: str, header: str = "") -> None:
    """Add ``text`` at the end of a file (made with ``header`` first when there is none),
    keeping every line already there."""
    def appended(current: str) -> str:
        if current and not current.endswith("\n"):
            current += "\n"  # a last line a hand edit left open is kept whole
        return current + text

    edit_atomically(target, appended, header)


def edit_atomically(target: Path, edit: Callable[[str], str], header: str = "") -> None:
    """Rewrite a file (``header`` when there is none) as ``edit`` makes it from what it holds
    now: the whole file is written beside it and renamed over it, one writer at a time, so an
    edit made meanwhile by another is never lost."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with _locked(target.parent):
        current = target.read_text(encoding="utf-8") if target.exists() else header
        _write_atomically(target, edit(current))
