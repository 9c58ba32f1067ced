"""Imported activity files and where they came from.

An import writes a new file ``<iso3>_activities_<name>_<time>.csv`` in the data folder, and
beside it ``<same name>.provenance.yaml``: the original file's name and fingerprint, the sheet,
the mapping, the time, and the counts. That record is the rows' source: its id is what their
``source`` column names, and the dashboard lists it with the plan's sources. Nothing existing
is ever overwritten or edited; both files appear whole or not at all.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
from pathlib import Path

import yaml

from srrp.plan import Source

SUFFIX = ".provenance.yaml"


def provenance_path(activity_file: Path) -> Path:
    return activity_file.with_name(activity_file.stem + SUFFIX)


def new_name(iso3: str, original: str, now: dt.datetime) -> str:
    """A file name no import has used: the country, the original's name, the time to the second."""
    stem = re.sub(r"[^a-z0-9]+", "-", Path(original).stem.lower()).strip("-")[:40] or "import"
    return f"{iso3.lower()}_activities_{stem}_{now.strftime('%Y%m%dT%H%M%SZ')}.csv"


def source_id(name: str) -> str:
    return "import:" + Path(name).stem


def write_new(folder: Path, name: str, csv_text: str, record: dict) -> Path:
    """Write the activity file and its provenance; FileExistsError when the name is taken."""
    target = folder / name
    _create(provenance_path(target), yaml.safe_dump(record, allow_unicode=True, sort_keys=False))
    try:
        _create(target, csv_text)  # last: the dashboard loads the file once it appears
    except BaseException:
        provenance_path(target).unlink(missing_ok=True)
        raise
    return target


def _create(target: Path, text: str) -> None:
    """Write a file whole under a name nobody holds: os.link fails rather than replace."""
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.stem}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            f.write(text)
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
