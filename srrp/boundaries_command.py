"""``python -m srrp boundaries``: the polygons the map draws, as GeoJSON.

    python -m srrp boundaries ISO3 [--level 1|2] [--data DIR]

Each feature carries its ``admin1_pcode`` (at level 2 also ``admin2_pcode``) and ``name``: the
office's own boundaries where they were imported, else the built-in ones. Exit codes: 0 with
the GeoJSON on stdout; 1 when the country has no boundaries at that level or its file is
broken (the reason on stderr); 2 for a usage error.
"""

from __future__ import annotations

import sys

from srrp.data_option import add_data_option, data_folder


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
    from srrp.boundaries import boundary_file, exported
    from srrp.gazetteer import load_gazetteers
    from srrp.geometry import BoundaryError

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
        print(f"python -m srrp boundaries: {gazetteers[iso3].country} has no admin-"
              f"{args.level} boundaries: import the office's own (OCHA COD-AB) with python -m "
              f"srrp import FILE --country {iso3}", file=sys.stderr)
        return 1
    except BoundaryError as err:
        print(f"python -m srrp boundaries: {err}", file=sys.stderr)
        return 1
    return 0
