"""Briefings driven from a second window: the presenter's view moves the audience's slide.

The two windows are separate sessions on the same server, joined by a short code that the
audience screen shows. A code is 10 letters and digits (about 50 bits), and a server answers at
most ``MAX_MISSES`` wrong codes a minute, so nobody drives a briefing they were not given the
code for. Briefings live in the server process: behind a load balancer that spreads sessions
over several processes, both windows must reach the same one (sticky sessions by cookie, which
two windows of one browser share).
"""

from __future__ import annotations

import secrets
import threading
import time
from dataclasses import dataclass

ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I: read off a screen
CODE_LENGTH = 10
MAX_MISSES = 20  # wrong codes a minute, all sessions together
KEEP_FOR = 12 * 3600  # s: a briefing is forgotten half a day after its last move


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def tidy(code: str) -> str:
    """A code as typed: case, spaces and dashes do not matter."""
    return "".join(ch for ch in code.upper() if ch.isalnum())


def shown(code: str) -> str:
    """The code grouped for reading aloud: ABCDE-FGHJK."""
    return f"{code[:5]}-{code[5:]}"


@dataclass
class Briefing:
    slide: int
    started: float
    moved: float


class Briefings:
    """Open briefings by code: the slide each one shows. Safe to share between sessions."""

    def __init__(self, clock=time.monotonic) -> None:
        self._lock = threading.Lock()
        self._open: dict[str, Briefing] = {}
        self._misses: list[float] = []
        self._clock = clock

    def open(self, slide: int) -> str:
        code = new_code()
        now = self._clock()
        with self._lock:
            self._forget_old(now)
            self._open[code] = Briefing(slide, now, now)
        return code

    def join(self, typed: str) -> Briefing | None:
        """The briefing of a code; None for a wrong code, or for any code while too many wrong
        ones were tried in the last minute."""
        code, now = tidy(typed), self._clock()
        with self._lock:
            self._misses = [t for t in self._misses if now - t < 60]
            if len(self._misses) >= MAX_MISSES:
                return None
            found = self._open.get(code)
            if found is None:
                self._misses.append(now)
            return found

    def move(self, code: str, slide: int) -> None:
        with self._lock:
            if (found := self._open.get(tidy(code))) is not None:
                found.slide, found.moved = slide, self._clock()

    def slide(self, code: str) -> int | None:
        with self._lock:
            found = self._open.get(tidy(code))
            return found.slide if found else None

    def _forget_old(self, now: float) -> None:
        for code in [c for c, b in self._open.items() if now - b.moved > KEEP_FOR]:
            del self._open[code]
