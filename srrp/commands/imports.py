"""``python -m srrp imports``: the imports of a data folder, and taking one out or bringing it
back.

    python -m srrp imports [--data DIR] [--json]
    python -m srrp imports remove ID [--data DIR]
    python -m srrp imports restore ID [--data DIR]

Exit codes: 0 when done; 1 when refused (no such import, already taken out or in, or its
content is in again); 2 for a usage error.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from srrp.commands.data_option import add_data_option, data_folder

if TYPE_CHECKING:
    from srrp.intake.imports import ImportRecord

ACTIONS = ("remove", "restore")


def add_imports_command(commands) -> None:
    help_ = "list the imports of the data folder; take one out (remove ID) or bring it back " \
        "(restore ID)"
    sub = commands.add_parser("imports", help=help_, description=help_)
    sub.add_argument("action", nargs="?", choices=ACTIONS, help="remove: move the "
                     "import aside (never deleted); restore: bring it back")
    sub.add_argument("id", nargs="?", metavar="ID", help="the import's id, as listed")
    add_data_option(sub)
    sub.add_argument("--json", action="store_true", help="print the list as JSON")
    sub.set_defaults(run=run_imports)


def run_imports(args) -> int:
    # imported here, not above: the other commands of the command line need none of them
    from srrp.intake.imports import ImportRefused, remove_import, restore_import

    folder = data_folder(args)
    if args.action is None:
        return _list(folder, args.json)
    if not args.id:
        print(f"python -m srrp imports: error: {args.action} needs the import's ID",
              file=sys.stderr)
        return 2
    try:
        act = remove_import if args.action == "remove" else restore_import
        record = act(folder, args.id)
    except ImportRefused as err:
        print(err.problem, file=sys.stderr)
        return 1
    done = "taken out (moved to removed/)" if record.removed else "brought back"
    print(f"{record.describe()} {done}; every page follows", file=sys.stderr)
    return 0


def _list(folder: Path, as_json: bool) -> int:
    from srrp.intake.imports import list_imports

    records = list_imports(folder)
    if as_json:
        print(json.dumps({"data": str(folder), "imports": [r.as_json() for r in records]},
                         indent=2, ensure_ascii=False))
        return 0
    print(f"{len(records)} import(s) in {folder}", file=sys.stderr)
    for record in records:
        print(_line(record))
    return 0


def _line(record: ImportRecord) -> str:
    rounds = ", ".join(record.rounds) or "no round"
    status = "TAKEN OUT" if record.removed else "in"
    by = f" by {record.imported_by}" if record.imported_by else ""
    return (f"{record.id}  {status:<9}  {record.country}  {rounds}  {record.accepted:,} rows "
            f"accepted, {record.rejected:,} rejected  {record.imported_at}{by}  "
            f"'{record.original_file}'")
