"""Per-learner request rate (token bucket) and daily token budget for the model proxy."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["Limits", "RateLimiter"]


@dataclass(frozen=True, slots=True)
class Limits:
    """What one learner may use of the room's model.

    Attributes
    ----------
    requests_per_minute:
        Sustained request rate; a burst of the same size is allowed after a pause.
    tokens_per_day:
        Prompt and answer tokens per learner and calendar day (UTC), counted from the usage the
        backend reports (or an offline estimate when it reports none).
    max_output_tokens:
        The longest answer asked of the backend for one request.
    """

    requests_per_minute: int = 12
    tokens_per_day: int = 40_000
    max_output_tokens: int = 1024


class RateLimiter:
    """One token bucket per learner.

    >>> now = [0.0]
    >>> limiter = RateLimiter(per_minute=2, clock=lambda: now[0])
    >>> [limiter.take("x") for _ in range(3)]
    [0.0, 0.0, 30.0]
    >>> now[0] = 30.0; limiter.take("x")
    0.0
    """

    def __init__(self, per_minute: int, *, clock: Callable[[], float] = time.monotonic) -> None:
        if per_minute < 1:
            raise ValueError("per_minute must be 1 or more")
        self.capacity = float(per_minute)
        self.rate = per_minute / 60.0
        self._clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def take(self, learner: str) -> float:
        """Take one request for ``learner``: 0 when allowed, else the seconds to wait."""
        with self._lock:
            now = self._clock()
            level, then = self._buckets.get(learner, (self.capacity, now))
            level = min(self.capacity, level + (now - then) * self.rate)
            if level >= 1.0:
                self._buckets[learner] = (level - 1.0, now)
                return 0.0
            self._buckets[learner] = (level, now)
            return (1.0 - level) / self.rate
