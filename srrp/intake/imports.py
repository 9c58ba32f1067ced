"""Imports as records with a life: listed, refused when their content is already in, taken out
and brought back.

An import is its activity file and the provenance record beside it (``srrp.intake.provenance``). It
is
*in* while its activity file is in the data folder, and *taken out* while that file is in
``removed/`` under it: taking out moves both files aside, never deletes them, and bringing back
moves them home. Every change to the imports of a folder (adding, taking out, bringing back)
holds the folder's lock, across threads and server processes, so that two editors acting at
once each land exactly once, and the same content never comes in twice.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, replace
from pathlib import Path

import yaml

from srrp.files.store import folder_lock
from srrp.intake.provenance import SUFFIX, provenance_path
from srrp.problems import Problem

REMOVED = "removed"  # the folder, inside the data folder, that imports taken out are moved to


class ImportRefused(Exception):
    """The change did not happen; ``problem`` says why and what to do."""

    def __init__(self, problem: Problem):
        super().__init__(problem.message)
        self.problem = problem


@dataclass(frozen=True)
class ImportRecord:
    """One import, as its provenance record tells it."""

    id: str
    file: str  # the activity file written, in the data folder or in removed/
    original_file: str
    sha256: str
    country: str
    rounds: tuple[str, ...]
    rows: int
    accepted: int
    rejected: int
    imported_at: str
    imported_by: str
    removed: bool

    def as_json(self) -> dict:
        return {"id": self.id, "file": self.file, "original_file": self.original_file,
                "sha256": self.sha256, "country": self.country, "rounds": list(self.rounds),
                "rows": self.rows, "accepted": self.accepted, "rejected": self.rejected,
                "imported_at": self.imported_at, "imported_by": self.imported_by,
                "status": "taken out" if self.removed else "in"}

    def describe(self) -> str:
        by = f" by {self.imported_by}" if self.imported_by else ""
        return f"import {self.id} ('{self.original_file}', {self.imported_at}{by})"


def content_hash(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def list_imports(folder: Path) -> list[ImportRecord]:
    """Every import of the folder, in and taken out, oldest first.

    A record's state is where its activity file is, read without the lock: files are moved one
    at a time, so a record caught between two moves is listed once, in the state its activity
    file says."""
    found: dict[str, ImportRecord] = {}
    for where in (folder, folder / REMOVED):
        for record_file in sorted(where.glob("*" + SUFFIX)) if where.is_dir() else ():
            name = record_file.name[:-len(SUFFIX)] + ".csv"
            removed = not (folder / name).is_file()
            if name not in found and (not removed or (folder / REMOVED / name).is_file()):
                found[name] = _record(name, _read_record(record_file), removed)
    return sorted(found.values(), key=lambda r: (r.imported_at, r.id))


def _read_record(path: Path) -> dict:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return {}
    return data if isinstance(data, dict) else {}


def _record(name: str, data: dict, removed: bool) -> ImportRecord:
    def number(key: str) -> int:
        value = data.get(key)
        return value if isinstance(value, int) else 0

    rounds = data.get("rounds") if isinstance(data.get("rounds"), list) else []
    return ImportRecord(
        id=str(data.get("id") or Path(name).stem),  # imports made before ids: the file's name
        file=name, original_file=str(data.get("original_file", name)),
        sha256=str(data.get("sha256", "")), country=str(data.get("country", "")),
        rounds=tuple(map(str, rounds)), rows=number("rows"), accepted=number("accepted"),
        rejected=number("rejected"), imported_at=str(data.get("imported_at", "")),
        imported_by=str(data.get("imported_by", "")), removed=removed)


def earlier_import(folder: Path, sha256: str, country: str) -> ImportRecord | None:
    """The import in the folder with this content for this country, if any. An IATI file holds
    several countries' activities, so the same file may come in once for each."""
    return next((r for r in list_imports(folder) if not r.removed and sha256 and
                 r.sha256 == sha256 and r.country == country), None)


def refuse_repeat(folder: Path, sha256: str, country: str, file: str) -> None:
    """ImportRefused when this content is already in; call it holding :func:`imports_lock`."""
    earlier = earlier_import(folder, sha256, country)
    if earlier is not None:
        raise ImportRefused(Problem(
            "already-imported", f"this content is already in the dashboard as {earlier.describe()}"
            f"; its rows would count twice. To import it again, take that import out first "
            f"(python -m srrp imports remove {earlier.id})", file))


def imports_lock(folder: Path):
    """One change to a folder's imports at a time, across threads and processes."""
    return folder_lock(folder)


def remove_import(folder: Path, import_id: str) -> ImportRecord:
    """Take an import out: its files are moved to removed/, the activity file first, so that
    the dashboard stops counting its rows before its source goes."""
    with imports_lock(folder):
        record = _find(folder, import_id)
        if record.removed:
            raise ImportRefused(Problem("import-taken-out", f"{record.describe()} is already "
                                        "taken out; bring it back with: python -m srrp imports "
                                        f"restore {record.id}", str(folder)))
        aside = folder / REMOVED
        aside.mkdir(exist_ok=True)
        _move(folder / record.file, aside / record.file)
        _move(provenance_path(folder / record.file), provenance_path(aside / record.file))
    return replace(record, removed=True)


def restore_import(folder: Path, import_id: str) -> ImportRecord:
    """Bring an import back, unless the same content came in again meanwhile: the provenance
    first, so that the rows' source is there when the dashboard loads them."""
    with imports_lock(folder):
        record = _find(folder, import_id)
        if not record.removed:
            raise ImportRefused(Problem("import-in", f"{record.describe()} is in the dashboard "
                                        "already; nothing to bring back", str(folder)))
        refuse_repeat(folder, record.sha256, record.country, record.original_file)
        aside = folder / REMOVED
        _move(provenance_path(aside / record.file), provenance_path(folder / record.file))
        _move(aside / record.file, folder / record.file)
    return replace(record, removed=False)


def _find(folder: Path, import_id: str) -> ImportRecord:
    for record in list_imports(folder):
        if record.id == import_id.strip():
            return record
    raise ImportRefused(Problem("unknown-import", f"no import '{import_id}' in {folder}; "
                                "python -m srrp imports lists them with their ids", str(folder)))


def _move(source: Path, target: Path) -> None:
    """Move a file without ever replacing one: a link under the new name, then the old one
    unlinked (FileExistsError when the name is taken)."""
    if source.exists():
        os.link(source, target)
        source.unlink()

