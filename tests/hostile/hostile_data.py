"""A copy of the bundled data whose texts try to become HTML, script, links and images.

The plan's title, the first objective's title, every donor of a contribution, the first Lao
project's name and its note, every Lao province's name and a scenario's title all carry
``PAYLOAD``. Shown as text, as they must be, the page reads
the payload literally; rendered as markup, a script would set ``window.__xss``, an image would
be fetched from evil.example, or a javascript: link would appear.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PAYLOAD = ('<script>window.__xss=1</script> <img src=x onerror="window.__xss=1"> '
           '[click](javascript:alert(1)) ![x](http://evil.example/x.png) **bold** <b>b</b>')

VALUE = r"(?m)^(    {key}: )(?:[>|]-?\n(?:      .*\n)+|.*\n)"  # one line, or a folded block


def hostile_copy(folder: Path) -> Path:
    """``folder`` filled with the bundled data, its texts replaced by the payload."""
    shutil.copytree(ROOT / "data", folder, ignore=shutil.ignore_patterns("scenarios"))
    (folder / "scenarios").mkdir()
    plan = folder / "plan_2021.yaml"
    text = plan.read_text(encoding="utf-8")
    quoted = "'" + PAYLOAD.replace("'", "''") + "'"
    text = re.sub(r"(?m)^(  title: ).*$", lambda m: m[1] + "'Plan " + quoted[1:], text, count=1)
    objectives = text.index("\nobjectives:")
    head, tail = text[:objectives], text[objectives:]
    tail = re.sub(VALUE.format(key="title"), lambda m: m[1] + "'Objective " + quoted[1:] + "\n",
                  tail, count=1)
    text = head + re.sub(VALUE.format(key="donor"), lambda m: m[1] + "'Donor " + quoted[1:] +
                         "\n", tail)
    plan.write_text(text, encoding="utf-8")

    activities = folder / "lao_activities.csv"
    rows = list(csv.reader(io.StringIO(activities.read_text(encoding="utf-8"))))
    header = rows[0]
    rows[2][header.index("project")] = "Project " + PAYLOAD
    rows[2][header.index("note")] = "Province note " + PAYLOAD
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    activities.write_text(out.getvalue(), encoding="utf-8")
    _hostile_province_names(folder / "gazetteer" / "LAO.csv")
    scenario = folder / "scenarios" / "hostile.yaml"
    scenario.write_text(f"scenario:\n  title: {quoted}\n  description: {quoted}\nchanges:\n"
                        "  - set_required: {id: \"3.2\", amount: 53313335}\n", encoding="utf-8")
    return folder


def _hostile_province_names(gazetteer: Path) -> None:
    """Every Lao province named with the payload (the map's tooltips show these names); the
    official name stays an alternative name, so that the activity file still matches."""
    rows = list(csv.DictReader(io.StringIO(gazetteer.read_text(encoding="utf-8"))))
    for row in rows:
        row["alt_names"] = ";".join(n for n in (row["admin1_name"], row["alt_names"]) if n)
        row["admin1_name"] = f"{row['admin1_name']} {PAYLOAD}"
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    gazetteer.write_text(out.getvalue(), encoding="utf-8")
