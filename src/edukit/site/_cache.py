"""Temporary re-export of :mod:`edukit._cache` (moved to the foundation layer, issue 15).

Kept only while other modules still import the old place; removed at integration.
"""

from edukit._cache import (
    BLOCKS_DIR,
    CACHE_FORMAT,
    MAX_AGE_DAYS,
    MODELS_DIR,
    DiskCache,
    Memo,
    content_key,
    files_digest,
    read_json,
    write_json_atomic,
)

__all__ = [
    "BLOCKS_DIR",
    "CACHE_FORMAT",
    "MAX_AGE_DAYS",
    "MODELS_DIR",
    "DiskCache",
    "Memo",
    "content_key",
    "files_digest",
    "read_json",
    "write_json_atomic",
]
