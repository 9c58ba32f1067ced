"""What held when the importer was probed as an attacker would, kept holding: XML entities in
every part of a workbook, a CSV 10,000 columns wide, and an upload whose name climbs out of the
data folder. (docs/reliability.md lists each case of the round and where it is tested.)"""

from __future__ import annotations

import io
import time
import zipfile

import pytest

from srrp.intake.imports import content_hash
from srrp.intake.rows import read_import, write_import
from srrp.problems import InvalidData
from tests.workbooks import NGA_HEADER, NGA_HXL, csv_text, nga_row, xlsx

GOOD = xlsx({"3W": [NGA_HEADER, NGA_HXL, nga_row()]})
PARTS = zipfile.ZipFile(io.BytesIO(GOOD)).namelist()
SECRET = "SECRET-MARKER-19"
LAUGHS = '<!ENTITY lol "lol">' + "".join(
    f'<!ENTITY lol{i} "{("&lol;" if i == 1 else f"&lol{i - 1};") * 10}">' for i in range(1, 10))


def with_entities(part: str, entities: str, reference: str) -> bytes:
    """The workbook with a DOCTYPE declaring ``entities`` in ``part``, and ``reference`` used
    where the sheet names the organisation and the state."""
    source, out = zipfile.ZipFile(io.BytesIO(GOOD)), io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name in source.namelist():
            data = source.read(name)
            if name == part:
                declared = data.index(b"?>") + 2 if data.startswith(b"<?xml") else 0
                root = data[declared:].lstrip()[1:].split(maxsplit=1)[0].rstrip(b">").decode()
                data = (data[:declared] + f"<!DOCTYPE {root} [{entities}]>".encode()
                        + data[declared:]).replace(b"Action Aid", reference.encode())
            target.writestr(name, data)
    return out.getvalue()


def texts(intake) -> str:
    return "\n".join([intake.accepted.to_csv(), intake.rejected_table().to_csv(),
                      *intake.notes, *(str(w) for w in intake.warnings)])


@pytest.mark.parametrize("attack", ["external entity", "billion laughs"])
@pytest.mark.parametrize("part", PARTS)
def test_xml_entities_in_any_part_of_a_workbook_are_never_expanded(part, attack, tmp_path,
                                                                   baseline, gazetteers):
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    raw = with_entities(part, *(
        (f'<!ENTITY xxe SYSTEM "file://{secret}">', "&xxe;") if attack == "external entity"
        else (LAUGHS, "&lol9;")))
    started = time.thread_time()
    try:
        intake = read_import(raw, "3w.xlsx", gazetteers, plan=baseline, country="NGA")
    except InvalidData as err:  # refused as a damaged workbook: also safe
        assert [p.code for p in err.problems] == ["bad-workbook"]
    else:
        assert SECRET not in texts(intake) and "lol" * 100 not in texts(intake)
    assert time.thread_time() - started < 2.0


def test_a_csv_ten_thousand_columns_wide_is_read_at_once(baseline, gazetteers):
    extra = [f"extra {i}" for i in range(10_000)]
    rows = [NGA_HEADER + extra, NGA_HXL + [""] * len(extra),
            *(nga_row() + ["x"] * len(extra) for _ in range(20))]
    started = time.thread_time()
    intake = read_import(csv_text(rows).encode(), "wide.csv", gazetteers, plan=baseline,
                         country="NGA")
    assert len(intake.accepted) == 20 and intake.unmapped
    assert time.thread_time() - started < 10.0


@pytest.mark.parametrize("name", ["../../../etc/cron.d/x.csv", "/tmp/x.csv", "..\\..\\x.csv",
                                  "a/../../b.xlsx"])
def test_an_upload_named_to_climb_out_is_written_inside_the_data_folder(name, data_dir,
                                                                        baseline, gazetteers):
    raw = csv_text([NGA_HEADER, NGA_HXL, nga_row()]).encode()
    intake = read_import(raw, name, gazetteers, plan=baseline, country="NGA")
    written = write_import(intake, data_dir, baseline, gazetteers, sha256=content_hash(raw))
    assert written.parent == data_dir and ".." not in written.name
