"""Write docs/errors.md, the table of problem codes, from their catalogue in
srrp/problem_codes.py: ``python scripts/errors_doc.py`` after adding or changing a code.
``--check`` writes nothing and exits 1 when the file is out of date."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from srrp.problem_codes import CODES  # noqa: E402

DOC = ROOT / "docs" / "errors.md"
HEAD = """\
# Problem codes

Every problem the dashboard and `python -m srrp validate` report reads
`file:line:col: code: message`, with the fix in the message. This table lists every code, its
severity (an *error* refuses the file, or at import the row; a *warning* keeps it and says what
was read), what it means and how to fix it.

It is generated from the catalogue of codes, `srrp/problem_codes.py`, where a new code is
added: run `python scripts/errors_doc.py` after changing it (`tests/test_docs.py` fails while
this file is out of date).

| code | severity | what it means | how to fix it |
| --- | --- | --- | --- |
"""


def errors_doc() -> str:
    return HEAD + "".join(f"| `{code}` | {c.severity} | {c.meaning} | {c.fix} |\n"
                          for code, c in sorted(CODES.items()))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only say whether the file is "
                        "up to date (exit 1 when not)")
    args = parser.parse_args(argv)
    text = errors_doc()
    if args.check:
        current = DOC.read_text(encoding="utf-8") == text
        print(f"{DOC.name} is {'up to date' if current else 'out of date'}")
        return 0 if current else 1
    DOC.write_text(text, encoding="utf-8")
    print(f"wrote {DOC.relative_to(ROOT)}: {len(CODES)} codes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
