"""Imported activity files and where they came from.

An import writes a new file ``<iso3>_activities_<name>_<id>.csv`` in the data folder, and
beside it ``<same name>.provenance.yaml``: the import's id, the original file's name and content
hash (SHA-256), the sheet, the mapping, the round(s), the time, who imported it, and the
counts. That record is the rows' source: its file's name is what their ``source`` column
names, and the dashboard lists it with the plan's sources. Nothing existing is ever overwritten
or edited; both files appear whole or not at all. ``srrp.intake.imports`` lists, refuses, takes out
and brings back imports.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import secrets
import tempfile
from collections.abc import Iterable
from pathlib import Path

import yaml

from srrp.plan.tree import Source

SUFFIX = ".provenance.yaml"


def provenance_path(activity_file: Path) -> Path:
    return activity_file.with_name(activity_file.stem + SUFFIX)


def new_id(now: dt.datetime) -> str:
    """An import's id: its time to the second and a random part, so that two imports in the same
    second (of files with the same name, say) never share one."""
    return f"{now.strftime('%Y%m%d-%H%M%S')}-{secrets.token_hex(3)}"


def new_name(iso3: str, original: str, import_id: str) -> str:
    """The activity file of an import: the country, the original's name, the import's id."""
    stem = re.sub(r"[^a-z0-9]+", "-", Path(original).stem.lower()).strip("-")[:40] or "import"
    return f"{iso3.lower()}_activities_{stem}_{import_id}.csv"


def source_id(name: str) -> str:
    return "import:" + Path(name).stem


def write_new(folder: Path, name: str, content: Iterable[bytes], record: dict) -> Path:
    """Write the activity file (its bytes, a block at a time) and its provenance;
    FileExistsError when the name is taken."""
    target = folder / name
    _create(provenance_path(target), [yaml.safe_dump(record, allow_unicode=True,
                                                     sort_keys=False).encode()])
    try:
        _create(target, content)  # last: the dashboard loads the file once it appears
    except BaseException:
        provenance_path(target).unlink(missing_ok=True)
        raise
    return target


def _create(target: Path, content: Iterable[bytes]) -> None:
    """Write a file whole under a name nobody holds: os.link fails rather than replace."""
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.stem}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            for block in content:
                f.write(block)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o644)
        os.link(tmp, target)
    finally:
        Path(tmp).unlink(missing_ok=True)


def imported_sources(activity_files: list[Path]) -> tuple[Source, ...]:
    """The source of each imported activity file, from the provenance beside it."""
    found = []
    for path in activity_files:
        record = provenance_path(path)
        if record.is_file():
            data = yaml.safe_load(record.read_text(encoding="utf-8")) or {}
            found.append(record_source(path.name, data if isinstance(data, dict) else {}))
    return tuple(found)


def record_source(name: str, data: dict) -> Source:
    """The source an import's provenance record stands for."""
    original = str(data.get("original_file", name))
    sheet = data.get("sheet")
    where = f", sheet '{sheet}'" if sheet and sheet != "(CSV)" else ""
    return Source(id=source_id(name), title=f"Imported from {original}{where}",
                  document=original,
                  note=f"imported {data.get('imported_at', '')} into {name}: "
                  f"{data.get('accepted', '?')} of {data.get('rows', '?')} rows accepted")
