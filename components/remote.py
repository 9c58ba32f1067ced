"""Briefings driven from a second window: the presenter's view moves the audience's slide.

The audience window opens a briefing and holds its *key*, a secret that never leaves the server.
A presenter joins with the briefing's *code* (10 letters and digits, about 50 bits), which the
audience window passes to the presenter's window without drawing it; joining gives the
presenter's session the key and replaces the code, so that a code someone glimpsed opens nothing
once the presenter is in.

Wrong codes are counted per client (its session, and its address) and for the whole server.
A client that tries too many in a minute is refused for the rest of that minute, and so is
everyone while the server as a whole has seen too many (a guesser spread over many addresses);
but that ceiling never refuses the code of a briefing a presenter has joined, and a joined
session never types a code again, so no viewer can lock out a presenter.

Briefings live in the server process: behind a load balancer that spreads sessions over several
processes, both windows must reach the same one (sticky sessions by cookie, which two windows of
one browser share), and each process counts its own wrong codes.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import secrets
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Hashable
from dataclasses import dataclass, replace
from enum import Enum, auto

ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I: read off a screen
CODE_LENGTH = 10
WINDOW = 60  # s: wrong codes are counted over the last minute
MISSES_PER_SESSION = 10  # a presenter mistypes a few times; a guesser is stopped
MISSES_PER_ADDRESS = 30  # several sessions of one machine, or of one office's NAT
MISSES_PER_SERVER = 300  # the ceiling for everyone together
CLIENTS_KEPT = 10_000  # clients whose wrong codes are kept (the server ceiling bounds the rest)
MAX_OPEN = 1_000  # open briefings per process; beyond, the longest unused one is closed
KEEP_FOR = 12 * 3600  # s: a briefing is forgotten half a day after its windows last looked


class Refused(Enum):
    WRONG = auto()  # no open briefing has this code
    TOO_MANY = auto()  # too many wrong codes in the last minute: try again in a minute


@dataclass(frozen=True)
class Client:
    """Who types a code: a session, and its network address when known."""

    session: str
    address: str | None = None

    @property
    def network(self) -> str | None:
        """The address as one client: an IPv6 host holds a whole /64, so that is one client."""
        if self.address is None:
            return None
        try:
            ip = ipaddress.ip_address(self.address)
        except ValueError:
            return self.address
        return str(ipaddress.ip_network(f"{ip}/64", strict=False)) if ip.version == 6 else str(ip)


@dataclass
class Briefing:
    code: str  # joins a presenter; replaced at each join
    slide: int
    started: float
    used: float  # when a window last looked or moved
    presenters: int = 0  # how many presenter windows have joined


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def tidy(code: str) -> str:
    """A code as typed: case, spaces and dashes do not matter."""
    return "".join(ch for ch in code.upper() if ch.isalnum())


def shown(code: str) -> str:
    """The code grouped for reading aloud: ABCDE-FGHJK."""
    return f"{code[:5]}-{code[5:]}"


class Misses:
    """Wrong codes in the last minute, by client, each client's up to its limit."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._times: OrderedDict[Hashable, deque[float]] = OrderedDict()  # latest miss last

    def full(self, who: Hashable, now: float) -> bool:
        times = self._times.get(who)
        return times is not None and len(times) == self.limit and now - times[0] < WINDOW

    def add(self, who: Hashable, now: float) -> None:
        self._times.setdefault(who, deque(maxlen=self.limit)).append(now)
        self._times.move_to_end(who)
        while self._times:  # the stalest first: each is dropped once, so adding is O(1)
            stalest = next(iter(self._times.values()))
            if now - stalest[-1] < WINDOW and len(self._times) <= CLIENTS_KEPT:
                break
            self._times.popitem(last=False)


class Briefings:
    """Open briefings by key: the slide each one shows. Safe to share between sessions; every
    operation is O(1)."""

    def __init__(self, clock=time.monotonic, most: int = MAX_OPEN) -> None:
        self._lock = threading.Lock()
        self._open: OrderedDict[str, Briefing] = OrderedDict()  # by key, longest unused first
        self._keys: dict[bytes, str] = {}  # each briefing's key by its code's digest
        # A code is looked up by a keyed digest of it, never by itself: the time a lookup takes
        # then tells nothing about how much of a typed code was right.
        self._secret = secrets.token_bytes(32)
        self._sessions, self._addresses = Misses(MISSES_PER_SESSION), Misses(MISSES_PER_ADDRESS)
        self._server = Misses(MISSES_PER_SERVER)
        self._clock, self._most = clock, most

    def open(self, slide: int) -> str:
        """A new briefing at ``slide``; its key, for the audience window only."""
        key, now = secrets.token_urlsafe(24), self._clock()
        with self._lock:
            self._forget(now, room_for=1)
            briefing = Briefing(self._unused_code(), slide, now, now)
            self._open[key] = briefing
            self._keys[self._digest(briefing.code)] = key
        return key

    def get(self, key: str) -> Briefing | None:
        """The briefing of a key, as it is now (a copy); a window looking at it keeps it open."""
        now = self._clock()
        with self._lock:
            self._forget(now)
            found = self._touch(key, now)
            return replace(found) if found else None

    def move(self, key: str, slide: int) -> None:
        now = self._clock()
        with self._lock:
            if (found := self._touch(key, now)) is not None:
                found.slide = slide

    def join(self, typed: str, client: Client) -> str | Refused:
        """The key of the briefing whose code was typed, for a presenter's window; the code is
        then replaced."""
        code, now = tidy(typed), self._clock()
        with self._lock:
            self._forget(now)
            network = client.network
            if self._sessions.full(client.session, now) or (
                    network is not None and self._addresses.full(network, now)):
                return Refused.TOO_MANY
            key = self._find(code)
            if key is None:
                self._miss(client, network, now)
            ceiling = self._server.full(None, now)
            if key is not None and (self._open[key].presenters or not ceiling):
                self._replace_code(key, now)
                return key
            return Refused.TOO_MANY if ceiling else Refused.WRONG

    def _find(self, code: str) -> str | None:
        key = self._keys.get(self._digest(code))
        if key is None or not hmac.compare_digest(self._open[key].code, code):
            return None
        return key

    def _miss(self, client: Client, network: str | None, now: float) -> None:
        self._sessions.add(client.session, now)
        if network is not None:
            self._addresses.add(network, now)
        self._server.add(None, now)

    def _replace_code(self, key: str, now: float) -> None:
        briefing = self._touch(key, now)
        del self._keys[self._digest(briefing.code)]
        briefing.code, briefing.presenters = self._unused_code(), briefing.presenters + 1
        self._keys[self._digest(briefing.code)] = key

    def _unused_code(self) -> str:
        while (code := new_code()) and self._digest(code) in self._keys:
            continue
        return code

    def _digest(self, code: str) -> bytes:
        return hmac.new(self._secret, code.encode(), hashlib.sha256).digest()

    def _touch(self, key: str, now: float) -> Briefing | None:
        found = self._open.get(key)
        if found is not None:
            found.used = now
            self._open.move_to_end(key)
        return found

    def _forget(self, now: float, room_for: int = 0) -> None:
        """Close the briefings unused for half a day, and the longest unused ones beyond the
        most a process keeps: the longest unused come first, and each is closed once."""
        while self._open:
            key, oldest = next(iter(self._open.items()))
            if now - oldest.used <= KEEP_FOR and len(self._open) + room_for <= self._most:
                break
            del self._open[key], self._keys[self._digest(oldest.code)]
