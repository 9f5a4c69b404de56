"""Room codes, learner and trainer tokens, pseudonyms, and the limit on wrong codes.

A room code is six symbols from a 32-symbol alphabet without look-alikes (no I, O, 0, 1):
2**30 codes. Wrong codes are limited per address *and* for the whole room, so even a
room full of guessers gets at most :data:`ROOM_FAILURES` tries per window: at the defaults,
under one chance in 30 000 per day of finding the code.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import threading
import time
from collections import deque
from collections.abc import Callable

__all__ = [
    "ADDRESS_FAILURES",
    "CODE_ALPHABET",
    "ROOM_FAILURES",
    "WINDOW_SECONDS",
    "AttemptLimiter",
    "PseudonymError",
    "check_pseudonym",
    "codes_match",
    "hash_token",
    "new_room_code",
    "new_token",
    "normalize_code",
]

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
"""32 symbols: capital letters and digits that cannot be mistaken for one another."""
CODE_LENGTH = 6
WINDOW_SECONDS = 300.0
ADDRESS_FAILURES = 10
"""Wrong codes allowed from one address per window."""
ROOM_FAILURES = 100
"""Wrong codes allowed for the whole room per window (all addresses together)."""
PSEUDONYM_MAX = 40


def new_room_code() -> str:
    """A random room code such as ``K7M-Q2X`` (30 bits of entropy from :mod:`secrets`).

    >>> code = new_room_code()
    >>> len(code), code[3], all(c in CODE_ALPHABET for c in code.replace("-", ""))
    (7, '-', True)
    """
    symbols = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return f"{symbols[:3]}-{symbols[3:]}"


def normalize_code(text: str) -> str:
    """The code as typed, in the form it is compared: capitals, no spaces or dashes.

    >>> normalize_code(" k7m q2x "), normalize_code("K7M-Q2X")
    ('K7MQ2X', 'K7MQ2X')
    """
    return re.sub(r"[\s\-_.]+", "", text).upper()


def codes_match(typed: str, code: str) -> bool:
    """Whether ``typed`` is ``code`` (constant-time comparison of the normalized forms)."""
    return secrets.compare_digest(
        normalize_code(typed).encode("utf-8"), normalize_code(code).encode("utf-8")
    )


def new_token() -> str:
    """An opaque bearer token: 32 random bytes, URL-safe base64."""
    return secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    """What the store keeps of a token: its SHA-256 (a stolen database opens no session).

    >>> len(hash_token("abc"))
    64
    """
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class PseudonymError(ValueError):
    """The pseudonym cannot be used; ``str(error)`` is the French message."""


def check_pseudonym(text: object) -> str:
    """The pseudonym, trimmed and with inner spaces collapsed, or :class:`PseudonymError`.

    >>> check_pseudonym("  Monique   B. ")
    'Monique B.'
    >>> check_pseudonym("a\\x07b")
    Traceback (most recent call last):
    ...
    edukit.classroom._access.PseudonymError: Le pseudonyme contient un caractère invisible (tabulation, retour à la ligne…) : retirez-le.
    """
    if not isinstance(text, str):
        raise PseudonymError(
            "Le pseudonyme doit être un texte : choisissez un prénom ou un surnom."
        )
    if re.search(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069]", text):
        raise PseudonymError(
            "Le pseudonyme contient un caractère invisible (tabulation, retour à la ligne…) : "
            "retirez-le."
        )
    pseudo = re.sub(r"\s+", " ", text).strip()
    if not pseudo:
        raise PseudonymError("Le pseudonyme est vide : choisissez un prénom ou un surnom.")
    if len(pseudo) > PSEUDONYM_MAX:
        raise PseudonymError(
            f"Le pseudonyme est trop long ({len(pseudo)} caractères) : {PSEUDONYM_MAX} au plus."
        )
    return pseudo


class AttemptLimiter:
    """Wrong room codes per address and for the whole room, over a sliding window.

    >>> now = [0.0]
    >>> limiter = AttemptLimiter(per_address=2, per_room=3, window=60, clock=lambda: now[0])
    >>> limiter.failed("a"); limiter.failed("a"); limiter.blocked("a"), limiter.blocked("b")
    (True, False)
    >>> now[0] = 61; limiter.blocked("a")
    False
    """

    def __init__(
        self,
        *,
        per_address: int = ADDRESS_FAILURES,
        per_room: int = ROOM_FAILURES,
        window: float = WINDOW_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.per_address = per_address
        self.per_room = per_room
        self.window = window
        self._clock = clock
        self._by_address: dict[str, deque[float]] = {}
        self._room: deque[float] = deque()
        self._lock = threading.Lock()

    def _trim(self, times: deque[float], now: float) -> None:
        while times and times[0] <= now - self.window:
            times.popleft()

    def blocked(self, address: str) -> bool:
        """Whether ``address`` must wait before trying a code again."""
        with self._lock:
            now = self._clock()
            self._trim(self._room, now)
            times = self._by_address.get(address)
            if times is not None:
                self._trim(times, now)
                if not times:
                    del self._by_address[address]
            return len(self._room) >= self.per_room or (
                times is not None and len(times) >= self.per_address
            )

    def failed(self, address: str) -> None:
        """Count one wrong code from ``address``."""
        with self._lock:
            now = self._clock()
            self._room.append(now)
            self._by_address.setdefault(address, deque()).append(now)

    def retry_after(self, address: str) -> int:
        """Whole seconds before ``address`` may try again (0 when it may now)."""
        with self._lock:
            now = self._clock()
            oldest = [t[0] for t in (self._room, self._by_address.get(address)) if t]
            if not oldest:
                return 0
            return max(0, int(min(oldest) + self.window - now) + 1)
