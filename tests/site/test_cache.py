"""The content-addressed cache: keys, atomic writes, unreadable entries, pruning, the memo."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

import pytest

from edukit import _cache
from edukit._cache import (
    CACHE_FORMAT,
    DiskCache,
    Memo,
    content_key,
    files_digest,
    write_json_atomic,
)
from edukit.build import source_fingerprint


def test_keys_depend_on_every_part_and_not_on_dict_order() -> None:
    base = content_key("quiz", "bank: a", "fr", {"x": 1, "y": [1, 2]})
    assert base == content_key("quiz", "bank: a", "fr", {"y": [1, 2], "x": 1})
    for changed in (
        ("bias", "bank: a", "fr", {"x": 1, "y": [1, 2]}),
        ("quiz", "bank: b", "fr", {"x": 1, "y": [1, 2]}),
        ("quiz", "bank: a", "en", {"x": 1, "y": [1, 2]}),
        ("quiz", "bank: a", "fr", {"x": 1, "y": [2, 1]}),
    ):
        assert content_key(*changed) != base


def test_files_digest_follows_content_names_and_presence(tmp_path: Path) -> None:
    bank = tmp_path / "exercises" / "bank"
    bank.mkdir(parents=True)
    (bank / "a.yml").write_text("x: 1\n", encoding="utf-8")
    first = files_digest([bank], base=tmp_path)
    assert files_digest([bank], base=tmp_path) == first
    (bank / "a.yml").write_text("x: 2\n", encoding="utf-8")  # same size, new content
    second = files_digest([bank], base=tmp_path)
    assert second != first
    (bank / "b.yml").write_text("", encoding="utf-8")  # a new empty file counts too
    assert files_digest([bank], base=tmp_path) != second
    (bank / "b.yml").rename(bank / "c.yml")  # so does a name
    assert files_digest([bank], base=tmp_path) not in (first, second)
    missing = files_digest([tmp_path / "nope"], base=tmp_path)
    (tmp_path / "nope").write_text("", encoding="utf-8")
    assert files_digest([tmp_path / "nope"], base=tmp_path) != missing


def test_put_then_get_hits_and_an_unknown_key_misses(tmp_path: Path) -> None:
    cache = DiskCache(tmp_path / "blocks")
    key = content_key("k")
    assert cache.get(key) is None
    cache.put(key, {"html": "<div>é</div>"})
    assert cache.get(key) == {"html": "<div>é</div>"}
    assert (cache.hits, cache.misses, cache.writes) == (1, 1, 1)
    stored = json.loads(cache.path(key).read_text(encoding="utf-8"))
    assert stored == {"format": CACHE_FORMAT, "key": key, "value": {"html": "<div>é</div>"}}


@pytest.mark.parametrize(
    "text",
    [
        '{"format": 1, "key": "',  # truncated
        "",
        '{"format": 999, "key": "KEY", "value": "old layout"}',
        '{"format": 1, "key": "another key", "value": "moved here"}',
        '{"format": 1, "key": "KEY"}',
    ],
)
def test_an_unreadable_or_foreign_entry_is_a_miss(tmp_path: Path, text: str) -> None:
    cache = DiskCache(tmp_path / "blocks")
    key = content_key("k")
    cache.path(key).parent.mkdir(parents=True)
    cache.path(key).write_text(text.replace("KEY", key), encoding="utf-8")
    assert cache.get(key) is None
    assert cache.get_or_compute(key, lambda: "fresh") == "fresh"
    assert cache.get(key) == "fresh"


class Crash(Exception):
    pass


def test_a_crash_while_writing_leaves_the_old_entry_and_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "blocks" / "ab" / "entry.json"
    write_json_atomic(target, {"value": "old"})

    def dump_half(value: Any, file: Any, **kwargs: Any) -> None:
        file.write('{"value": "ne')  # half of the new entry reaches the disk, then the crash
        file.flush()
        raise Crash

    monkeypatch.setattr(_cache.json, "dump", dump_half)
    with pytest.raises(Crash):
        write_json_atomic(target, {"value": "new"})
    monkeypatch.undo()
    assert json.loads(target.read_text(encoding="utf-8")) == {"value": "old"}
    assert sorted(path.name for path in target.parent.iterdir()) == ["entry.json"]


def test_a_crash_before_the_rename_leaves_no_entry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = DiskCache(tmp_path / "blocks")
    key = content_key("k")

    def no_rename(source: str, target: str) -> None:
        raise Crash

    monkeypatch.setattr(_cache.os, "replace", no_rename)
    with pytest.raises(Crash):
        cache.put(key, "value")
    monkeypatch.undo()
    assert not cache.path(key).exists()
    assert list(cache.path(key).parent.iterdir()) == []
    assert cache.get(key) is None


def test_a_failing_disk_only_costs_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = DiskCache(tmp_path / "blocks")

    def full_disk(*args: Any, **kwargs: Any) -> Any:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(_cache.tempfile, "mkstemp", full_disk)
    assert cache.get_or_compute(content_key("k"), lambda: 42) == 42
    assert cache.writes == 0


def test_prune_removes_old_unused_entries_and_crash_leftovers(tmp_path: Path) -> None:
    cache = DiskCache(tmp_path / "blocks")
    used, unused, recent = content_key("used"), content_key("unused"), content_key("recent")
    for key in (used, unused, recent):
        cache.put(key, key)
    leftover = cache.path(used).parent / ".tmp-crash.json"
    leftover.write_text("{", encoding="utf-8")
    long_ago = time.time() - 90 * 86400
    for path in (cache.path(used), cache.path(unused), leftover):
        os.utime(path, (long_ago, long_ago))
    reader = DiskCache(tmp_path / "blocks")
    assert reader.get(used) == used
    assert reader.prune() == 2
    assert cache.path(used).exists() and cache.path(recent).exists()
    assert not cache.path(unused).exists() and not leftover.exists()
    assert cache.path(used).stat().st_mtime > long_ago  # used entries stay young


def test_memo_computes_once_per_key_and_forgets_the_oldest() -> None:
    memo: Memo[str] = Memo(size=2)
    calls: list[str] = []

    def make(value: str) -> str:
        calls.append(value)
        return value.upper()

    assert memo.get_or_compute("a", lambda: make("a")) == "A"
    assert memo.get_or_compute("a", lambda: make("a")) == "A"
    memo.get_or_compute("b", lambda: make("b"))
    memo.get_or_compute("c", lambda: make("c"))
    memo.get_or_compute("a", lambda: make("a"))
    assert calls == ["a", "b", "c", "a"]


def test_source_fingerprint_follows_the_lock_file(tmp_path: Path) -> None:
    bare = source_fingerprint(tmp_path)
    (tmp_path / "uv.lock").write_text("version = 1\n", encoding="utf-8")
    locked = source_fingerprint(tmp_path)
    (tmp_path / "uv.lock").write_text("version = 2\n", encoding="utf-8")
    assert len({bare, locked, source_fingerprint(tmp_path)}) == 3
    assert source_fingerprint(None) == bare
