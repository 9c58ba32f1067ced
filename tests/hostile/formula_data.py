"""A copy of the bundled data whose texts are spreadsheet formulas (OWASP's CSV injection).

Every payload is the project, donor, place, indicator and note of one Lao activity (the
corpus file ``corpus/csv/formulas.csv``) and the donor and description of one FTS flow
(``corpus/funding/fts_formulas.csv``), added to the plan as ``funding --into`` adds them. A
spreadsheet runs each as a formula when it is written as it is; the data is the data, so each
is imported verbatim, and every file the dashboard writes must show it as text.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from srrp.funding import fts
from srrp.scenarios.adding import add_to_file

ROOT = Path(__file__).resolve().parents[2]
CORPUS = Path(__file__).resolve().parent / "corpus"
ACTIVITIES = CORPUS / "csv" / "formulas.csv"
FLOWS = CORPUS / "funding" / "fts_formulas.csv"
# as the files hold them; the loaders strip the tab and the carriage return from the start of
# a name, which leaves "=2+2" and "=3+3"
PAYLOADS = ('=HYPERLINK("http://x","click")', "=cmd|' /C calc'!A0", "+1+1", "-2+3",
            "@SUM(A1)", "\t=2+2", "\r=3+3")
# the payloads as the loaders keep them (a leading tab or carriage return is stripped)
KEPT = {p.lstrip("\t\r") for p in PAYLOADS}
LEADS = "=+-@\t\r"
SIGNED_NUMBER = re.compile(r"[+-][\d.,]+(?:[eE][+-]?\d+)?%?")


def formula_copy(folder: Path) -> Path:
    """``folder`` filled with the bundled data, the formula activities and contributions
    added."""
    shutil.copytree(ROOT / "data", folder, ignore=shutil.ignore_patterns("scenarios"))
    (folder / "scenarios").mkdir()
    shutil.copy(ACTIVITIES, folder / "lao_activities_formulas.csv")
    flows = fts.funding(fts.read_flows([FLOWS]))
    add_to_file(folder / "plan_2021.yaml", fts.additions(flows, None), None)
    return folder


def runs_as_formula(cell: str) -> bool:
    """What a spreadsheet runs as a formula, written apart from the code under test: a text
    that begins with a lead-in and is not a signed number."""
    return cell[:1] in tuple(LEADS) and not SIGNED_NUMBER.fullmatch(cell)
