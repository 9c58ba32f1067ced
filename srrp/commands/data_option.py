"""The data folder every command works on, and its ``--data`` option: found as the app finds
it (``--data``, else ``SRRP_DATA_DIR``, else the repository's ``data/``)."""

from __future__ import annotations

import sys
from pathlib import Path


def add_data_option(parser) -> None:
    parser.add_argument("--data", type=Path, metavar="DIR", help="the data folder (default: "
                        "SRRP_DATA_DIR, else the repository's data/)")


def data_folder(args) -> Path:
    """The data folder, found as the app finds it (``--data``, else ``SRRP_DATA_DIR``, else
    the repository's ``data/``) and said on stderr once, so that a command run from anywhere
    reads and writes where the person expects, or shows where it did not. A folder without a
    plan ends the command (exit 2) with what to do."""
    from srrp.dataset import PLAN_FILE, chosen_data_folder

    if getattr(args, "data_folder", None) is None:
        folder, why = chosen_data_folder(args.data)
        if not (folder / PLAN_FILE).is_file():
            print(f"python -m srrp: error: the data folder {folder} ({why}) has no {PLAN_FILE}: "
                  "give the data folder with --data DIR, or set SRRP_DATA_DIR", file=sys.stderr)
            raise SystemExit(2)
        print(f"data folder: {folder} ({why})", file=sys.stderr)
        args.data_folder = folder
    return args.data_folder
