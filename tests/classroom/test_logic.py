"""The room's logic without HTTP: codes, limits, budget, merge, store, retention, purge."""

from __future__ import annotations

import itertools
import math
import random
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from edukit.classroom import (
    DB_NAME,
    AttemptLimiter,
    Limits,
    ModelInfo,
    RateLimiter,
    Room,
    RoomError,
    Store,
    check_pseudonym,
    codes_match,
    merge_record,
    new_room_code,
    purge_folder,
)
from edukit.classroom._access import CODE_ALPHABET, CODE_LENGTH, ROOM_FAILURES, WINDOW_SECONDS

T0 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


def _room(folder: Path, **kwargs: Any) -> Room:
    now = kwargs.pop("now", [T0])
    return Room(Store(folder), "cours", clock=lambda: now[0], **kwargs)


def test_room_codes_have_enough_entropy_against_the_allowed_rate() -> None:
    codes = {new_room_code() for _ in range(2000)}
    assert len(codes) == 2000
    space = len(CODE_ALPHABET) ** CODE_LENGTH
    assert math.log2(space) >= 30
    tries_per_day = ROOM_FAILURES * (86_400 / WINDOW_SECONDS)
    assert tries_per_day / space < 1e-4  # under one chance in 10 000 a day for the whole room
    assert not set("IO01") & set(CODE_ALPHABET)
    assert codes_match(" k7m q2x", "K7M-Q2X") and not codes_match("K7M-Q2Y", "K7M-Q2X")


def test_wrong_codes_are_limited_per_address_and_for_the_room() -> None:
    now = [0.0]
    limiter = AttemptLimiter(per_address=3, per_room=5, window=60, clock=lambda: now[0])
    for _ in range(3):
        limiter.failed("10.0.0.1")
    assert limiter.blocked("10.0.0.1") and not limiter.blocked("10.0.0.2")
    limiter.failed("10.0.0.2")
    limiter.failed("10.0.0.3")
    assert limiter.blocked("10.0.0.9")  # the room's window is full: everyone waits
    assert 0 < limiter.retry_after("10.0.0.9") <= 61
    now[0] = 61
    assert not limiter.blocked("10.0.0.1") and limiter.retry_after("10.0.0.1") == 0


def test_join_refuses_guessers_even_with_the_right_code(tmp_path: Path) -> None:
    room = _room(tmp_path, code="ABC-DEF")
    for _ in range(10):
        with pytest.raises(RoomError) as wrong:
            room.join({"code": "ZZZ-ZZZ", "pseudo": "x"}, "10.0.0.1")
        assert wrong.value.status == 403
    with pytest.raises(RoomError) as blocked:
        room.join({"code": "ABC-DEF", "pseudo": "x"}, "10.0.0.1")
    assert blocked.value.status == 429 and blocked.value.retry_after
    assert room.join({"code": "abc def", "pseudo": "x"}, "10.0.0.2").pseudo == "x"


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "vide"),
        ("a" * 41, "trop long"),
        ("a\tb", "invisible"),
        (3, "texte"),
        ("a\u202eb", "invisible"),
    ],
)
def test_bad_pseudonyms_are_refused_in_french(text: object, fragment: str) -> None:
    with pytest.raises(ValueError, match=fragment):
        check_pseudonym(text)


def test_tokens_are_stored_hashed_and_code_and_trainer_token_survive(tmp_path: Path) -> None:
    room = _room(tmp_path)
    joined = room.join({"code": room.code, "pseudo": "Ana"}, "a")
    raw = (tmp_path / DB_NAME).read_bytes()
    assert joined.token.encode() not in raw
    assert room.authenticate(joined.token) == joined.learner
    assert room.authenticate("nope") is None and room.authenticate(None) is None
    room.store.close()
    again = _room(tmp_path)
    assert (again.code, again.trainer_token) == (room.code, room.trainer_token)
    assert again.authenticate(joined.token) == joined.learner
    assert again.is_trainer(room.trainer_token) and not again.is_trainer(joined.token)


def test_store_is_wal_with_full_sync(tmp_path: Path) -> None:
    store = Store(tmp_path)
    assert store.pragma("journal_mode") == "wal"
    assert store.pragma("synchronous") == 2  # FULL


def test_rate_limiter_refills_over_time() -> None:
    now = [0.0]
    limiter = RateLimiter(3, clock=lambda: now[0])
    assert [limiter.take("a") for _ in range(4)] == [0, 0, 0, pytest.approx(20.0)]
    assert limiter.take("b") == 0  # per learner
    now[0] = 20.0
    assert limiter.take("a") == 0


def test_budget_pause_and_missing_model(tmp_path: Path) -> None:
    now = [T0]
    room = _room(
        tmp_path, now=now, limits=Limits(tokens_per_day=1000), model=ModelInfo("m", "ollama")
    )
    learner = room.join({"code": room.code, "pseudo": "Bo"}, "a").learner
    assert room.admit(learner) == 1000
    room.record_usage(learner, 600, 300, (0.1, 0.2), (0.01, 0.02))
    assert room.admit(learner) == 100
    room.record_usage(learner, 50, 50, None, None)
    with pytest.raises(RoomError) as spent:
        room.admit(learner)
    assert spent.value.status == 429 and spent.value.code == "budget_epuise"
    now[0] = T0 + timedelta(days=1)  # a new day, a new budget
    assert room.admit(learner) == 1000
    room.set_paused(True)
    with pytest.raises(RoomError) as paused:
        room.admit(learner)
    assert paused.value.status == 423
    usage = room.usage()
    assert (usage.requests, usage.tokens, usage.estimated_calls) == (2, 1000, 1)
    assert usage.energy_wh == pytest.approx((0.1, 0.2))
    no_model = _room(tmp_path / "autre")
    with pytest.raises(RoomError) as missing:
        no_model.admit("x")
    assert missing.value.status == 503


def _quiz(updated: str, items: dict[str, tuple[float, str]]) -> dict[str, Any]:
    return {
        "key": "quiz:l01-positionnement",
        "updated": updated,
        "value": {
            "bank": "l01",
            "purpose": "positionnement",
            "items": [
                {"id": i, "objectives": ["l01-o1"], "score": s, "answered": when}
                for i, (s, when) in items.items()
            ],
        },
    }


def test_merge_keeps_the_newest_answer_per_item_in_any_order() -> None:
    a = _quiz("2026-01-05T09:00:00Z", {"q1": (1, "2026-01-05T09:00:00Z")})
    b = _quiz(
        "2026-01-05T10:00:00Z",
        {"q1": (0, "2026-01-05T08:00:00Z"), "q2": (1, "2026-01-05T10:00:00Z")},
    )
    c = _quiz("2026-01-05T07:00:00Z", {"q3": (0.5, "2026-01-05T07:00:00Z")})
    results = []
    for order in itertools.permutations([a, b, c]):
        stored = None
        for record in order:
            stored = merge_record(stored, record)
        assert stored is not None
        results.append({i["id"]: i["score"] for i in stored["value"]["items"]})
    assert all(r == {"q1": 1, "q2": 1, "q3": 0.5} for r in results)


def test_merge_never_replaces_a_newer_record_and_is_idempotent() -> None:
    rng = random.Random(13)
    for _ in range(200):
        times = [f"2026-01-0{rng.randint(1, 9)}T0{rng.randint(0, 9)}:00:00Z" for _ in range(4)]
        records = [{"key": "probe:x", "updated": t, "value": {"n": i}} for i, t in enumerate(times)]
        records.append({"key": "probe:x", "updated": None, "value": {"n": "sans date"}})
        rng.shuffle(records)
        stored = None
        for record in records:
            stored = merge_record(stored, record)
        assert stored is not None and stored["updated"] == max(times)
        assert merge_record(stored, stored) == stored


def test_merge_lesson_keeps_completion_and_longest_time() -> None:
    done = {
        "key": "lesson:l01",
        "updated": "2026-01-05T09:00:00Z",
        "value": {"completed": "2026-01-05T09:00:00Z", "seconds": 300},
    }
    later = {
        "key": "lesson:l01",
        "updated": "2026-01-05T11:00:00Z",
        "value": {"completed": None, "seconds": 120},
    }
    merged = merge_record(done, later)
    assert merged["value"]["completed"] is not None and merged["value"]["seconds"] == 300


def test_sync_acknowledges_and_sends_back_what_is_newer(tmp_path: Path) -> None:
    room = _room(tmp_path)
    learner = room.join({"code": room.code, "pseudo": "Cy"}, "a").learner
    new = {"key": "probe:a", "updated": "2026-01-05T10:00:00Z", "value": 2}
    old = {"key": "probe:a", "updated": "2026-01-05T09:00:00Z", "value": 1}
    assert room.sync(learner, {"records": [new]}) == {"ack": ["probe:a"], "serveur": []}
    assert room.sync(learner, {"records": [old]}) == {"ack": ["probe:a"], "serveur": [new]}
    assert room.sync(learner, {"records": [new]}) == {"ack": ["probe:a"], "serveur": []}
    assert room.store.records(learner) == [new]


def test_retention_forgets_learners_not_seen_and_everything_of_theirs(tmp_path: Path) -> None:
    now = [T0]
    room = _room(tmp_path, now=now, retention_days=30)
    old = room.join({"code": room.code, "pseudo": "Ancien"}, "a")
    room.sync(old.learner, {"records": [{"key": "probe:a", "updated": None, "value": 1}]})
    room.record_usage(old.learner, 1, 1, None, None)
    now[0] = T0 + timedelta(days=20)
    recent = room.join({"code": room.code, "pseudo": "Récent"}, "a")
    now[0] = T0 + timedelta(days=31)
    assert room.purge_expired() == 1
    assert [learner.pseudo for learner in room.store.learners()] == ["Récent"]
    assert room.store.records(old.learner) == [] and room.authenticate(old.token) is None
    assert room.store.usage(old.learner).requests == 0
    assert room.authenticate(recent.token) == recent.learner
    with sqlite3.connect(tmp_path / DB_NAME) as db:
        assert db.execute("SELECT COUNT(*) FROM tokens").fetchone()[0] == 1


def test_purge_removes_the_database_and_packs(tmp_path: Path) -> None:
    room = _room(tmp_path)
    room.join({"code": room.code, "pseudo": "Di"}, "a")
    (tmp_path / "dossiers-qualiopi").mkdir()
    (tmp_path / "dossiers-qualiopi" / "dossier-qualiopi-20260105-090000.zip").write_bytes(b"x")
    (tmp_path / "a-garder.txt").write_text("x")
    room.store.close()
    removed = purge_folder(tmp_path)
    assert (tmp_path / DB_NAME) in removed
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-garder.txt"]


def test_progress_file_of_a_learner_is_a_valid_classroom_file(tmp_path: Path) -> None:
    room = _room(tmp_path)
    joined = room.join({"code": room.code, "pseudo": "Eve"}, "a")
    quiz = _quiz("2026-01-05T09:00:00Z", {"q1": (1, "2026-01-05T09:00:00Z")})
    odd = {"key": "quiz:autre", "updated": None, "value": {"format": "inconnu"}}
    room.sync(joined.learner, {"records": [quiz, odd]})
    learner = room.store.learner(joined.learner)
    assert learner is not None
    progress = room.progress_file(learner)
    assert progress is not None and progress.source == "classe" and progress.learner == "Eve"
    assert [e.key for e in progress.entries] == ["quiz:l01-positionnement"]
    assert len(room.store.records(joined.learner)) == 2  # kept in the database all the same


def test_concurrent_syncs_are_committed_together_and_all_acknowledged(tmp_path: Path) -> None:
    import threading

    room = _room(tmp_path)
    learners = [room.join({"code": room.code, "pseudo": f"p{n}"}, "a").learner for n in range(12)]
    answers: dict[str, dict[str, Any]] = {}

    def work(learner: str) -> None:
        for index in range(10):
            record = {"key": f"probe:{index}", "updated": None, "value": index}
            answers[f"{learner}:{index}"] = room.sync(learner, {"records": [record]})

    threads = [threading.Thread(target=work, args=(learner,)) for learner in learners]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(answers) == 120 and all(a["ack"] for a in answers.values())
    assert room.store.record_count() == 120


def test_a_failing_batch_does_not_fail_the_others(tmp_path: Path) -> None:
    store = Store(tmp_path)
    room = Room(store, "cours", clock=lambda: T0)
    good = room.join({"code": room.code, "pseudo": "ok"}, "a").learner
    bad = {"key": "probe:x", "updated": None, "value": {1, 2}}  # not JSON: fails in the batch
    with pytest.raises(TypeError):
        store.sync(good, [bad], T0)
    assert store.sync(good, [{"key": "probe:y", "updated": None, "value": 1}], T0).ack == [
        "probe:y"
    ]
    assert [r["key"] for r in store.records(good)] == ["probe:y"]
