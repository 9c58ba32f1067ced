"""``python -m bench.profile CSV``: where loading a file spends its time (cProfile, top entries)."""

from __future__ import annotations

import cProfile
import io
import json
import pstats
import sys
from pathlib import Path

from srrp.dataset import load_dataset

DATA = Path("data")


def main() -> None:
    profile = cProfile.Profile()
    profile.enable()
    load_dataset(DATA / "plan_2021.yaml", [Path(sys.argv[1])], DATA / "gazetteer")
    profile.disable()
    out = io.StringIO()
    stats = pstats.Stats(profile, stream=out).strip_dirs().sort_stats("tottime")
    stats.print_stats(15)
    text = out.getvalue()
    body = text[text.index("ncalls"):] if "ncalls" in text else text
    head = next((line.strip() for line in text.splitlines() if "function calls" in line), "")
    print(json.dumps({"text": f"{head}\n\n{body.rstrip()}"}))


if __name__ == "__main__":
    main()
