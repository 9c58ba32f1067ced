"""``python -m srrp boundaries``: the polygons the map draws, as GeoJSON.

    python -m srrp boundaries ISO3 [--level 1|2] [--data DIR]

Each feature carries its ``admin1_pcode`` (at level 2 also ``admin2_pcode``) and ``name``: the
office's own boundaries where they were imported, else the built-in ones. Exit codes: 0 with
the GeoJSON on stdout; 1 when the country has no boundaries at that level or its file is
broken (the reason on stderr); 2 for a usage error.
"""

from __future__ import annotations

import sys

from srrp.commands.data_option import add_data_option, data_folder


def add_boundaries_command(commands) -> None:
    help_ = "print the polygons the map draws as GeoJSON, each with its P-code and name"
    sub = commands.add_parser("boundaries", help=help_, description=help_)
    sub.add_argument("country", metavar="ISO3", help="the country (LAO, NGA…)")
    sub.add_argument("--level", type=int, choices=(1, 2), default=1,
                     help="1: provinces (default); 2: districts")
    add_data_option(sub)
    sub.set_defaults(run=run_boundaries)


def run_boundaries(args) -> int:
    # imported here, not above: the other commands of the command line need none of them
    from srrp.places.boundaries import boundary_file, exported
    from srrp.places.gazetteer import load_gazetteers
    from srrp.places.geometry import BoundaryError

    folder = data_folder(args)
    iso3 = args.country.upper()
    gazetteers = load_gazetteers(folder / "gazetteer")
    if iso3 not in gazetteers:
        print(f"python -m srrp boundaries: error: no country '{args.country}' in the P-code "
              "list (give its ISO3 code: LAO, NGA…)", file=sys.stderr)
        return 2
    path = boundary_file(folder, iso3, args.level)
    try:
        sys.stdout.write(exported(path, args.level))
    except FileNotFoundError:
        kind = "" if args.level == 1 else " (district)"
        print(f"python -m srrp boundaries: {gazetteers[iso3].country} has no admin-{args.level}"
              f"{kind} "
              f"boundaries: import the office's own (an OCHA COD-AB file of admin {args.level}) "
              f"on the Import page, or with python -m srrp import FILE --country {iso3} --into "
              f"{folder}", file=sys.stderr)
        return 1
    except BoundaryError as err:
        print(f"python -m srrp boundaries: {err}", file=sys.stderr)
        return 1
    return 0


def import_boundaries(args, raw: bytes, gazetteers: dict, who: str) -> int:
    """``python -m srrp import`` of a COD-AB file: checked, and with ``--into`` written as the
    office's boundaries of its country and level. Exit 0 when written (or, without --into, when
    it would be); 1 when it is refused; 2 without --country."""
    from srrp.places.codab import read_boundaries, write_boundaries

    iso3 = (args.country or "").upper()
    if iso3 not in gazetteers:
        print("python -m srrp import: error: a boundary file names no country: give it with "
              "--country ISO3", file=sys.stderr)
        return 2
    result = read_boundaries(raw, args.file.name, gazetteers[iso3])
    for problem in result.problems:
        print(problem, file=sys.stderr)
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if result.problems:
        return 1
    print(f"{args.file.name}: admin-{result.level} boundaries of {gazetteers[iso3].country}, "
          f"{len(result.areas)} areas, {len(result.warnings)} P-codes not in the gazetteer")
    if args.into:
        written = write_boundaries(result, raw, iso3, args.into, who=who)
        print(f"written: {written} (and its provenance beside it); it replaces the built-in "
              f"admin-{result.level} boundaries of {gazetteers[iso3].country}")
    return 0
