"""Saving scenarios without losing anything.

A save writes a temporary file beside the target, flushes it to disk and renames it over the
target, so a reader sees the old file or the new one, never half of one; the new file keeps the
old one's permissions and owner, and a symbolic link is written through, not replaced. Names are
plain file names (no folders, no '..'), and a scenario that is a link to a file elsewhere is
refused, so nothing outside the scenarios folder, and never the baseline, can be written.
Saving over a scenario that changed since it was opened is refused, not silent.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import os
import re
import stat
import tempfile
from collections.abc import Callable
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


def file_name(title: str) -> str:
    """A plain file name for a scenario's title: 'pledge A' → 'pledge-A'. A title with no
    Latin letter or digit ('ວັກຊີນ') gets a name made from its fingerprint."""
    name = re.sub(r"[^A-Za-z0-9_-]+", "-", title.strip()).strip("-_")[:64].strip("-_")
    if title.strip() and not NAME.fullmatch(name):
        name = "scenario-" + hashlib.sha256(title.strip().encode("utf-8")).hexdigest()[:8]
    return name


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
    with _refused_if_unwritable(target):
        folder.mkdir(parents=True, exist_ok=True)
        real = _real(target)
        # A scenario named like the baseline would be taken for it, wherever it is written.
        if any(real == _real(p) or name == p.stem for p in protected):
            raise SaveRefused(f"'{name}' is the baseline, which is never written from here")
        if real.parent != _real(folder):
            raise SaveRefused(f"scenario '{name}' is a link to {real}, outside the scenarios "
                              "folder, which is never written from here; save it under "
                              "another name")
        with folder_lock(real.parent):
            current = real.read_text(encoding="utf-8") if real.exists() else None
            if version(current) != expected:
                raise SaveConflict(_conflict(name, expected, current))
            _write_atomically(real, text)
    return target


def replace_file(target: Path, text: str, *, expected: str | None) -> None:
    """Write ``text`` over an existing file atomically, when it is still the version read
    (``expected``); SaveConflict otherwise, and nothing is written. A symbolic link is written
    through: the file it points to is replaced, and the link stays."""
    with _refused_if_unwritable(target):
        target = _real(target)
        with folder_lock(target.parent):
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


def _real(target: Path) -> Path:
    """The file a path names once every symbolic link is followed: the file to replace, in its
    own folder (renaming over the link would turn it into a copy and leave its file behind)."""
    try:
        return target.resolve(strict=False)
    except (RuntimeError, OSError):  # RuntimeError: a loop, before Python 3.13
        raise OSError(errno.ELOOP, "its symbolic links lead round in a loop; point the link "
                      "at the file") from None


@contextlib.contextmanager
def _refused_if_unwritable(target: Path):
    """A file or folder the system will not let us write is a refusal with its reason, not a
    crash."""
    try:
        yield
    except OSError as err:
        fix = ("; check that its folder exists and that this user may write there"
               if err.errno in (errno.EACCES, errno.EPERM, errno.ENOENT, errno.EROFS) else "")
        raise SaveRefused(f"{target} cannot be written: {err.strerror or err}{fix}") from None


def _write_atomically(target: Path, text: str) -> None:
    """Write a temporary file beside ``target``, flush it to disk and rename it over the target.
    The new file keeps the permissions and owner of the one it replaces (a private 0600 plan
    stays private); a new file is readable by everyone (0644), like the data it joins."""
    kept = target.stat() if target.exists() else None
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.stem}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o644 if kept is None else stat.S_IMODE(kept.st_mode))
        if kept is not None:
            _keep_owner(tmp, kept)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _keep_owner(path: str, kept: os.stat_result) -> None:
    """Give the new file the old one's owner and group, where this user may (root may; anyone
    may keep a group they belong to): otherwise the file goes on as this user's."""
    try:
        os.chown(path, kept.st_uid, kept.st_gid)
    except PermissionError:
        with contextlib.suppress(PermissionError):
            os.chown(path, -1, kept.st_gid)


@contextlib.contextmanager
def folder_lock(folder: Path):
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
    target = _real(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    with folder_lock(target.parent):
        current = target.read_text(encoding="utf-8") if target.exists() else header
        _write_atomically(target, edit(current))
