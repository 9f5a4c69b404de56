"""mulberry32, a 32-bit PRNG small enough to write identically in Python and JavaScript.

The browser sampler (``widgets/static/minimodel.js``) implements the same function, so a seed
gives the same words in a notebook and on the site.
"""

from __future__ import annotations

__all__ = ["Mulberry32"]

_MASK = 0xFFFFFFFF


class Mulberry32:
    """Seeded generator of floats in ``[0, 1)``.

    Examples
    --------
    >>> rng = Mulberry32(42)
    >>> [round(rng.random(), 6) for _ in range(3)]
    [0.601104, 0.448291, 0.852466]
    """

    __slots__ = ("_state",)

    def __init__(self, seed: int) -> None:
        self._state = seed & _MASK

    def next_uint32(self) -> int:
        self._state = (self._state + 0x6D2B79F5) & _MASK
        t = self._state
        t = ((t ^ (t >> 15)) * (t | 1)) & _MASK
        t = (((t + (((t ^ (t >> 7)) * (t | 61)) & _MASK)) & _MASK) ^ t) & _MASK
        return (t ^ (t >> 14)) & _MASK

    def random(self) -> float:
        return self.next_uint32() / 4294967296
