"""Merging a synced record with the one the server holds: the rules of progress files.

A record is ``{"key", "updated", "value"}`` as the browser store keeps it. When both records
read as progress-file entries (``quiz:``, ``lesson:`` or any other key), they are merged by
:mod:`edukit.progress`'s own rules (newest answer per quiz item, completion kept once set,
longest time kept, newest ``updated`` for any other record). A record whose value does not
read as an entry (a widget's newer format) falls back to the browser's rule: the newest
``updated`` wins, and an unknown time never replaces a known one.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import TypeAdapter, ValidationError

from edukit.progress import Entry, merge_entry

__all__ = ["RecordError", "check_record", "merge_record", "parse_time"]

_ENTRY: TypeAdapter[Any] = TypeAdapter(Entry)
MAX_KEY = 200


class RecordError(ValueError):
    """A synced record has a wrong shape; ``str(error)`` is the French message."""


def parse_time(value: object) -> datetime | None:
    """An ISO 8601 time with its offset, or ``None``; :class:`RecordError` otherwise.

    >>> parse_time("2025-06-04T16:40:00Z").isoformat()
    '2025-06-04T16:40:00+00:00'
    >>> parse_time(None) is None
    True
    """
    if value is None:
        return None
    if not isinstance(value, str):
        raise RecordError("« updated » doit être une date ISO 8601 ou null")
    try:
        when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise RecordError(f"« updated » n'est pas une date ISO 8601 : « {value[:40]} »") from None
    if when.tzinfo is None:
        raise RecordError("« updated » doit avoir un fuseau (par exemple …Z)")
    return when


def check_record(record: object) -> dict[str, Any]:
    """The record in the form the store keeps (``updated`` as given), or :class:`RecordError`."""
    if not isinstance(record, dict):
        raise RecordError("chaque enregistrement doit être un objet {key, updated, value}")
    key = record.get("key")
    if not isinstance(key, str) or not key or len(key) > MAX_KEY or any(c.isspace() for c in key):
        raise RecordError("« key » doit être un texte sans espace de 1 à 200 caractères")
    updated = record.get("updated")
    parse_time(updated)
    unknown = set(record) - {"key", "updated", "value"}
    if unknown:
        raise RecordError(f"champ inconnu : « {sorted(unknown)[0][:40]} »")
    return {"key": key, "updated": updated, "value": record.get("value")}


def _entry(record: dict[str, Any]) -> Any | None:
    try:
        return _ENTRY.validate_python(record)
    except ValidationError:
        return None


def _dump(entry: Any) -> dict[str, Any]:
    data: dict[str, Any] = entry.model_dump(mode="json")
    return {"key": data["key"], "updated": data["updated"], "value": data["value"]}


def merge_record(stored: dict[str, Any] | None, incoming: dict[str, Any]) -> dict[str, Any]:
    """The record to keep when ``incoming`` meets ``stored`` (``None``: nothing stored yet).

    Idempotent: merging the result with either record again gives the result.
    """
    if stored is None:
        return incoming
    old, new = _entry(stored), _entry(incoming)
    if old is not None and new is not None:
        merged = merge_entry(old, new)
        if merged == new:  # keep the sender's own spelling of times: nothing to send back
            return incoming
        return stored if merged == old else _dump(merged)
    stored_time, incoming_time = parse_time(stored["updated"]), parse_time(incoming["updated"])
    if stored_time is not None and (incoming_time is None or stored_time > incoming_time):
        return stored
    return incoming
