"""Canonical JSON (RFC 8785, "JCS") and the SHA-256 empreinte (fingerprint) of a progress file.

The empreinte detects accidental damage, not forgery: it has no key, so anyone can compute it.

The browser computes the same digest, so the serialisation follows what ``JSON.stringify``
does in every browser: object keys sorted by UTF-16 code units, no whitespace, numbers written
as ECMAScript writes them (``1`` for ``1.0``, ``1e-7``, ``1.5e+21``), strings escaped minimally.
In JS, ``canonical`` is::

    const canonical = (v) => Array.isArray(v) ? `[${v.map(canonical).join(",")}]`
      : v && typeof v === "object"
        ? `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`).join(",")}}`
        : JSON.stringify(v);
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from decimal import Decimal
from typing import Any

__all__ = ["canonical_json", "digest", "fingerprint", "seal"]

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_SAFE_INTEGER = 2**53


def canonical_json(value: Any) -> str:
    """The canonical text of a JSON value (dicts, lists, str, int, float, bool, None).

    Examples
    --------
    >>> canonical_json({"b": [1.0, 0.5, 1e-7, 1.5e21], "a": "é\\n", "c": None})
    '{"a":"é\\\\n","b":[1,0.5,1e-7,1.5e+21],"c":null}'
    """
    if isinstance(value, dict):
        keys = sorted(value, key=lambda key: str(key).encode("utf-16-be", "surrogatepass"))
        members = (f"{_string(str(key))}:{canonical_json(value[key])}" for key in keys)
        return "{" + ",".join(members) + "}"
    if isinstance(value, list | tuple):
        return "[" + ",".join(canonical_json(item) for item in value) + "]"
    if isinstance(value, str):
        return _string(value)
    if value is True:
        return "true"
    if value is False:
        return "false"
    if value is None:
        return "null"
    if isinstance(value, int | float):
        return _number(value)
    raise TypeError(f"not a JSON value: {type(value).__name__}")


def digest(value: Any) -> str:
    """SHA-256 (hex) of the canonical JSON of ``value``, encoded in UTF-8.

    >>> digest({"a": 1}) == digest({"a": 1.0})
    True
    """
    return hashlib.sha256(canonical_json(value).encode("utf-8")).hexdigest()


def fingerprint(data: dict[str, Any]) -> dict[str, Any]:
    """``data`` with its ``integrity`` field (the empreinte) recomputed over everything else.

    >>> marked = fingerprint({"schema": "edukit-progress", "version": 2})
    >>> marked["integrity"]["algorithm"], len(marked["integrity"]["digest"])
    ('sha256', 64)
    """
    content = {key: value for key, value in data.items() if key != "integrity"}
    return {**content, "integrity": {"algorithm": "sha256", "digest": digest(content)}}


seal = fingerprint
"""The former name of :func:`fingerprint` (« sceau »), kept for existing callers."""


def _string(text: str) -> str:
    dumped = json.dumps(text, ensure_ascii=False)
    # JSON.stringify escapes unpaired surrogates; Python would keep them and fail to encode.
    return _LONE_SURROGATE.sub(lambda match: f"\\u{ord(match.group()):04x}", dumped)


def _number(value: int | float) -> str:
    if isinstance(value, int):
        if abs(value) <= _SAFE_INTEGER:
            return str(value)
        value = float(value)  # what JSON.parse makes of a large integer
    if not math.isfinite(value):
        raise ValueError("JSON has no NaN or infinity")
    if value == 0:
        return "0"
    sign, digit_tuple, exponent = Decimal(repr(value)).as_tuple()
    digits = "".join(map(str, digit_tuple)).rstrip("0")
    assert isinstance(exponent, int)
    exponent += len("".join(map(str, digit_tuple))) - len(digits)
    k, n = len(digits), exponent + len(digits)  # value = 0.digits × 10**n
    prefix = "-" if sign else ""
    if k <= n <= 21:
        return prefix + digits + "0" * (n - k)
    if 0 < n <= 21:
        return prefix + digits[:n] + "." + digits[n:]
    if -6 < n <= 0:
        return prefix + "0." + "0" * -n + digits
    power = n - 1
    mantissa = digits if k == 1 else digits[0] + "." + digits[1:]
    return f"{prefix}{mantissa}e{'+' if power >= 0 else '-'}{abs(power)}"
