"""``python -m srrp import FILE``: check a 3W/4W/5W file, or IATI activity XML, and, with
``--into DIR``, add its accepted rows to a data folder as a new activity file.

Exit codes: 0 when every row was accepted; 1 when some were rejected or nothing could be read;
2 for a usage error (a missing file, an unknown country or sheet, a mapping with problems).
"""

from __future__ import annotations

import getpass
import json
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from srrp.commands.data_option import add_data_option, data_folder
from srrp.problems import InvalidData, Problem, summarised
from srrp.words import NOT_REPORTED_IN_USD

if TYPE_CHECKING:
    from srrp.intake.rows import Intake

USAGE_CODES = {"unknown-country", "unknown-sheet", "unknown-currency", "bad-rate"}


def add_import_command(commands) -> None:
    help_ = ("check a 3W/4W/5W file (XLSX or CSV), IATI activity XML or an office's own "
             "boundaries (OCHA COD-AB: GeoJSON, TopoJSON, zipped shapefile); with --into, add "
             "it to that data folder")
    sub = commands.add_parser("import", help=help_, description=help_)
    sub.add_argument("file", type=Path, metavar="FILE")
    sub.add_argument("--country", metavar="ISO3", help="the file's country (default: from "
                     "its country column, its name or its P-codes)")
    sub.add_argument("--sheet", metavar="NAME", help="the sheet to read (default: the one "
                     "that looks like a 3W)")
    sub.add_argument("--mapping", type=Path, metavar="FILE", help="a mapping YAML saved "
                     "from an earlier import of a file of the same shape")
    sub.add_argument("--accept-fuzzy", action="store_true", help="take near misses of place "
                     "names ('Centeral Darfur') instead of rejecting their rows")
    sub.add_argument("--rate", action="append", default=[], metavar="CUR=RATE",
                     help="US dollars for one unit of a currency, to convert an IATI file's "
                     "amounts (KRW=0.00085); repeat for several. Without one an amount stays "
                     f"in its own currency, in the note, and is {NOT_REPORTED_IN_USD}")
    sub.add_argument("--round", metavar="YYYY-MM", help="the reporting round of rows that "
                     "state none (default: the file's reporting-date column for its rows, "
                     "else the month its name states, else this month)")
    sub.add_argument("--into", type=Path, metavar="DIR", help="write the accepted rows as a "
                     "new activity file in this data folder (never overwriting)")
    sub.add_argument("--json", action="store_true", help="print the report as JSON")
    add_data_option(sub)
    sub.set_defaults(run=run_import)


def run_import(args) -> int:
    # imported here, not above: the other commands of the command line need none of them
    from srrp.commands.boundaries import import_boundaries
    from srrp.dataset import PLAN_FILE
    from srrp.files.yamlsource import read_text
    from srrp.funding.iati import parse_rates
    from srrp.intake.imports import ImportRefused, content_hash
    from srrp.intake.mapping import parse_mapping
    from srrp.intake.rows import read_import, write_import
    from srrp.places.codab import is_boundary_file
    from srrp.places.gazetteer import load_gazetteers
    from srrp.plan.tree import load_plan

    _one_heap()
    usage = _usage_problem(args)
    if usage:
        print(f"python -m srrp import: error: {usage}", file=sys.stderr)
        return 2
    # the plan and gazetteers of the folder written into, else of the data folder
    folder = args.into or data_folder(args)
    plan_file = folder / PLAN_FILE if (folder / PLAN_FILE).is_file() else \
        data_folder(args) / PLAN_FILE
    gazetteer_folder = folder / "gazetteer" if (folder / "gazetteer").is_dir() else \
        data_folder(args) / "gazetteer"
    try:
        mapping = parse_mapping(read_text(args.mapping, str(args.mapping)), str(args.mapping)) \
            if args.mapping else None
    except InvalidData as err:
        _print_problems(err.problems)
        return 2
    try:
        plan, gazetteers = load_plan(plan_file), load_gazetteers(gazetteer_folder)
        raw = args.file.read_bytes()
        if is_boundary_file(raw):  # an office's own boundaries (COD-AB), not activities
            return import_boundaries(args, raw, gazetteers, _who())
        sha256 = content_hash(raw)
        intake = read_import(raw, args.file.name, gazetteers,
                             rates=parse_rates(args.rate), plan=plan,
                             country=args.country, sheet=args.sheet, mapping=mapping,
                             accept_fuzzy=args.accept_fuzzy, default_round=args.round)
        del raw  # read: a 50 MB file's bytes are let go before the new file is checked
        written = write_import(intake, args.into, plan, gazetteers, sha256=sha256,
                               by=_who()) if args.into and len(intake.accepted) else None
    except InvalidData as err:
        _print_problems(err.problems)
        return 2 if {p.code for p in err.problems} & USAGE_CODES else 1
    except ImportRefused as err:
        _print_problems([err.problem])
        return 1
    _print_report(intake, written, args.json)
    return 0 if intake.rows and not intake.rejected else 1


def _one_heap() -> None:
    """pyarrow allocates from the C library's heap rather than its own (mimalloc), as Python
    does: each then reuses what the other freed. With two heaps, the check of the new file
    took 55 MB more at the peak of a 50 MB import, in memory Python's columns had freed."""
    import pyarrow

    pyarrow.set_memory_pool(pyarrow.system_memory_pool())


def _who() -> str:
    """Who runs the command, for the import's record: the login name, when there is one."""
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return ""


def _usage_problem(args) -> str | None:
    if not args.file.is_file():
        return f"no file '{args.file}'"
    if args.mapping and not args.mapping.is_file():
        return f"no mapping file '{args.mapping}'"
    if args.round and not re.fullmatch(r"20\d\d-(0[1-9]|1[0-2])", args.round):
        return f"--round '{args.round}' is not a month written YYYY-MM (2021-07)"
    if args.into and not args.into.is_dir():
        return f"--into '{args.into}' is not a folder"
    return None


def _print_problems(problems: list[Problem]) -> None:
    for problem in problems:
        print(problem, file=sys.stderr)


def _print_report(intake: Intake, written: Path | None, as_json: bool) -> None:
    _print_problems(intake.rejected)
    for warning in summarised(intake.warnings):
        print(f"warning: {warning}", file=sys.stderr)
    if as_json:
        # written as it is encoded: one string of 134,000 warnings took 100 MB
        json.dump({**intake.report(), "written": str(written) if written else None},
                  sys.stdout, indent=2, ensure_ascii=False)
        print()
        return
    print("\n".join(describe(intake)))
    if written:
        print(f"written: {written} (and its provenance beside it)")


def describe(intake: Intake) -> list[str]:
    """The import in a few lines of words, for a person reading a terminal."""
    book = intake.book
    read_as = {"csv": f"CSV, {book.encoding}, {book.separator}-separated",
               "iati": "IATI activity XML"}.get(book.kind, f"workbook, sheet '{intake.sheet}'")
    lines = [f"{intake.file}: {read_as}; {intake.layout.describe()}; country "
             f"{intake.country}"]
    lines += [f"note: {note}" for note in intake.notes]
    lines += [f"skipped row {row}: {what}" for row, what in intake.layout.skipped]
    lines.append("columns: " + ", ".join(f"'{h}' → {f}" for h, f in intake.columns.items()))
    lines.append("unmapped: " + (", ".join(f"'{h}'" for h in intake.unmapped) or "none"))
    lines.append("places: " + ", ".join(f"{how} {n:,}" for how, n in
                                        intake.report()["places"].items() if n))
    lines.append(f"{intake.rows:,} rows read: {len(intake.accepted):,} accepted, "
                 f"{len(intake.rejected):,} rejected")
    return lines
