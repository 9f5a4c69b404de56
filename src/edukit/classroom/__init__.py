"""Classroom mode: one laptop serves the room (logic only, no web framework here).

The room's rules (codes, pseudonyms, tokens, limits, pause, merge of synced records,
retention) and its SQLite store live here; the HTTP adapter is
:mod:`edukit.cli._classroom_app` and the command ``edukit classroom``.
"""

from edukit.classroom._access import (
    AttemptLimiter,
    PseudonymError,
    check_pseudonym,
    codes_match,
    hash_token,
    new_room_code,
    new_token,
    normalize_code,
)
from edukit.classroom._limits import Limits, RateLimiter
from edukit.classroom._merge import RecordError, check_record, merge_record
from edukit.classroom._room import (
    CONNECTED_SECONDS,
    MAX_RECORDS,
    PACKS_FOLDER,
    JoinResult,
    ModelInfo,
    Room,
    RoomError,
    notice_fr,
    purge_folder,
)
from edukit.classroom._store import DB_NAME, Learner, Store, SyncResult, Usage

__all__ = [
    "CONNECTED_SECONDS",
    "DB_NAME",
    "MAX_RECORDS",
    "PACKS_FOLDER",
    "AttemptLimiter",
    "JoinResult",
    "Learner",
    "Limits",
    "ModelInfo",
    "PseudonymError",
    "RateLimiter",
    "RecordError",
    "Room",
    "RoomError",
    "Store",
    "SyncResult",
    "Usage",
    "check_pseudonym",
    "check_record",
    "codes_match",
    "hash_token",
    "merge_record",
    "new_room_code",
    "new_token",
    "normalize_code",
    "notice_fr",
    "purge_folder",
]
