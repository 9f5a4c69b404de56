"""Wait for something a server, a thread or a page does in its own time, with a deadline."""

from __future__ import annotations

import time
from collections.abc import Callable


def wait_until(
    condition: Callable[[], bool],
    seconds: float,
    what: str,
    *,
    every: float = 0.25,
    pause: Callable[[float], None] = time.sleep,
) -> None:
    """Check ``condition`` every ``every`` seconds until it holds; fail naming ``what`` after
    ``seconds``. ``pause`` waits between checks: a browser test passes one that lets Playwright
    keep serving the page's routes (``page.wait_for_timeout``) instead of ``time.sleep``.
    """
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        pause(every)
    raise AssertionError(f"{what}: not after {seconds:g} s")
