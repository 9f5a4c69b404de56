"""The room's SQLite database in the trainer's folder: learners, tokens, records, model usage.

WAL mode with ``synchronous=FULL``: a transaction that returned has reached the disk, so a
record acknowledged to a browser survives the server being killed. One connection shared by
the server's threads behind a lock (SQLite serialises writers anyway, and a room is small).
Learner tokens are kept as SHA-256 digests; nothing here is logged.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from edukit.classroom._merge import merge_record

__all__ = ["DB_NAME", "Learner", "Store", "SyncResult", "Usage", "iso"]

DB_NAME = "salle.sqlite3"
SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS learners (
    id TEXT PRIMARY KEY,
    pseudo TEXT NOT NULL,
    pseudo_key TEXT NOT NULL UNIQUE,
    joined TEXT NOT NULL,
    last_seen TEXT NOT NULL,
    page TEXT,
    lesson TEXT
);
CREATE TABLE IF NOT EXISTS tokens (
    digest TEXT PRIMARY KEY,
    learner TEXT NOT NULL REFERENCES learners(id) ON DELETE CASCADE,
    created TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS records (
    learner TEXT NOT NULL REFERENCES learners(id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    updated TEXT,
    value TEXT NOT NULL,
    stored TEXT NOT NULL,
    PRIMARY KEY (learner, key)
);
CREATE TABLE IF NOT EXISTS usage (
    learner TEXT NOT NULL REFERENCES learners(id) ON DELETE CASCADE,
    day TEXT NOT NULL,
    requests INTEGER NOT NULL DEFAULT 0,
    prompt_tokens INTEGER NOT NULL DEFAULT 0,
    completion_tokens INTEGER NOT NULL DEFAULT 0,
    estimated_calls INTEGER NOT NULL DEFAULT 0,
    energy_wh_min REAL NOT NULL DEFAULT 0,
    energy_wh_max REAL NOT NULL DEFAULT 0,
    gwp_g_min REAL NOT NULL DEFAULT 0,
    gwp_g_max REAL NOT NULL DEFAULT 0,
    PRIMARY KEY (learner, day)
);
CREATE TABLE IF NOT EXISTS grades (
    learner TEXT NOT NULL REFERENCES learners(id) ON DELETE CASCADE,
    rubric TEXT NOT NULL,
    criteria TEXT NOT NULL,
    grader TEXT NOT NULL,
    graded TEXT NOT NULL,
    PRIMARY KEY (learner, rubric)
);
"""


def iso(when: datetime) -> str:
    """A UTC time as ``2025-06-04T16:40:00.123456Z``."""
    return when.astimezone(UTC).isoformat().replace("+00:00", "Z")


@dataclass(frozen=True, slots=True)
class Learner:
    id: str
    pseudo: str
    joined: datetime
    last_seen: datetime
    page: str | None
    lesson: str | None


@dataclass(frozen=True, slots=True)
class SyncResult:
    ack: list[str]
    """Keys now stored (or already held in a newer form)."""
    newer: list[dict[str, Any]]
    """Records the server holds that differ from (are newer than) the ones sent."""


@dataclass(frozen=True, slots=True)
class Usage:
    requests: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    estimated_calls: int = 0
    energy_wh: tuple[float, float] = (0.0, 0.0)
    gwp_g: tuple[float, float] = (0.0, 0.0)

    @property
    def tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens


@dataclass
class _Job:
    """One learner's sync batch waiting for a group commit."""

    learner: str
    records: list[dict[str, Any]]
    now: datetime
    page: str | None
    lesson: str | None
    done: bool = False
    result: SyncResult | None = None
    error: BaseException | None = None


def _time(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


class Store:
    """The database of one room, in ``folder`` (created with owner-only permissions)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        with suppress(OSError):  # a folder the trainer does not own keeps its mode
            os.chmod(folder, 0o700)
        self.path = folder / DB_NAME
        self._lock = threading.RLock()
        self._pending_lock = threading.Lock()
        self._pending: list[_Job] = []
        self._db = sqlite3.connect(
            self.path, check_same_thread=False, isolation_level=None, timeout=30
        )
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.execute("PRAGMA foreign_keys=ON")
        with self._transaction() as db:
            for statement in _SCHEMA.split(";"):
                if statement.strip():
                    db.execute(statement)
            db.execute(
                "INSERT OR IGNORE INTO meta (name, value) VALUES ('schema', ?)",
                (str(SCHEMA_VERSION),),
            )
        for suffix in ("", "-wal", "-shm"):
            with suppress(OSError):
                os.chmod(f"{self.path}{suffix}", 0o600)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def pragma(self, name: str) -> Any:
        """The value of a PRAGMA (``journal_mode``, ``synchronous``), for tests."""
        with self._lock:
            return self._db.execute(f"PRAGMA {name}").fetchone()[0]

    # -- settings ---------------------------------------------------------------------------

    def setting(self, name: str) -> str | None:
        with self._lock:
            row = self._db.execute("SELECT value FROM meta WHERE name = ?", (name,)).fetchone()
        return None if row is None else str(row[0])

    def set_setting(self, name: str, value: str) -> None:
        with self._transaction() as db:
            db.execute(
                "INSERT INTO meta (name, value) VALUES (?, ?) "
                "ON CONFLICT(name) DO UPDATE SET value = excluded.value",
                (name, value),
            )

    # -- learners ---------------------------------------------------------------------------

    def add_learner(self, pseudo: str, pseudo_key: str, token_digest: str, now: datetime) -> str:
        """A new learner's id; :class:`sqlite3.IntegrityError` when the pseudonym is taken."""
        learner = uuid.uuid4().hex
        with self._transaction() as db:
            db.execute(
                "INSERT INTO learners (id, pseudo, pseudo_key, joined, last_seen) "
                "VALUES (?, ?, ?, ?, ?)",
                (learner, pseudo, pseudo_key, iso(now), iso(now)),
            )
            db.execute(
                "INSERT INTO tokens (digest, learner, created) VALUES (?, ?, ?)",
                (token_digest, learner, iso(now)),
            )
        return learner

    def add_token(self, learner: str, token_digest: str, now: datetime) -> None:
        with self._transaction() as db:
            db.execute(
                "INSERT INTO tokens (digest, learner, created) VALUES (?, ?, ?)",
                (token_digest, learner, iso(now)),
            )

    def learner_by_pseudo(self, pseudo_key: str) -> str | None:
        with self._lock:
            row = self._db.execute(
                "SELECT id FROM learners WHERE pseudo_key = ?", (pseudo_key,)
            ).fetchone()
        return None if row is None else str(row[0])

    def learner_by_token(self, token_digest: str) -> str | None:
        with self._lock:
            row = self._db.execute(
                "SELECT learner FROM tokens WHERE digest = ?", (token_digest,)
            ).fetchone()
        return None if row is None else str(row[0])

    def learner(self, learner: str) -> Learner | None:
        with self._lock:
            row = self._db.execute(
                "SELECT id, pseudo, joined, last_seen, page, lesson FROM learners WHERE id = ?",
                (learner,),
            ).fetchone()
        return None if row is None else self._learner(row)

    @staticmethod
    def _learner(row: Any) -> Learner:
        return Learner(row[0], row[1], _time(row[2]), _time(row[3]), row[4], row[5])

    def learners(self) -> list[Learner]:
        with self._lock:
            rows = self._db.execute(
                "SELECT id, pseudo, joined, last_seen, page, lesson FROM learners "
                "ORDER BY pseudo_key"
            ).fetchall()
        return [self._learner(row) for row in rows]

    def seen(self, learner: str, now: datetime, page: str | None, lesson: str | None) -> None:
        """Where the learner is and when they were last heard from."""
        with self._transaction() as db:
            self._seen(db, learner, now, page, lesson)

    @staticmethod
    def _seen(
        db: sqlite3.Connection, learner: str, now: datetime, page: str | None, lesson: str | None
    ) -> None:
        db.execute(
            "UPDATE learners SET last_seen = ?, page = COALESCE(?, page), "
            "lesson = COALESCE(?, lesson) WHERE id = ?",
            (iso(now), page, lesson, learner),
        )

    # -- records ----------------------------------------------------------------------------

    def sync(
        self,
        learner: str,
        records: Iterable[dict[str, Any]],
        now: datetime,
        page: str | None = None,
        lesson: str | None = None,
    ) -> SyncResult:
        """Merge ``records`` into the learner's own; returns once committed to disk.

        Group commit: batches that arrive while another is being written are merged and
        committed together by the next thread to take the lock, so thirty learners syncing at
        once cost a few disk flushes, not thirty. Each batch has its own savepoint: a batch
        that fails does not fail the others.
        """
        job = _Job(learner, list(records), now, page, lesson)
        with self._pending_lock:
            self._pending.append(job)
        with self._lock:
            if not job.done:
                with self._pending_lock:
                    batch, self._pending = self._pending, []
                self._write(batch)
        if job.error is not None:
            raise job.error
        assert job.result is not None
        return job.result

    def _write(self, batch: list[_Job]) -> None:
        results: list[tuple[_Job, SyncResult | None, BaseException | None]] = []
        try:
            with self._transaction() as db:
                for job in batch:
                    db.execute("SAVEPOINT batch")
                    try:
                        result = self._merge(db, job)
                    except Exception as error:
                        db.execute("ROLLBACK TO batch")
                        results.append((job, None, error))
                    else:
                        results.append((job, result, None))
                    db.execute("RELEASE batch")
        except BaseException as error:  # the commit failed: nothing of the batch is stored
            for job in batch:
                job.error, job.done = error, True
            raise
        for job, outcome, failure in results:  # acknowledged only after the commit
            job.result, job.error, job.done = outcome, failure, True

    def _merge(self, db: sqlite3.Connection, job: _Job) -> SyncResult:
        ack: list[str] = []
        newer: list[dict[str, Any]] = []
        for record in job.records:
            key = record["key"]
            row = db.execute(
                "SELECT updated, value FROM records WHERE learner = ? AND key = ?",
                (job.learner, key),
            ).fetchone()
            stored = (
                None
                if row is None
                else {"key": key, "updated": row[0], "value": json.loads(row[1])}
            )
            merged = merge_record(stored, record)
            if merged != stored:
                db.execute(
                    "INSERT INTO records (learner, key, updated, value, stored) "
                    "VALUES (?, ?, ?, ?, ?) ON CONFLICT(learner, key) DO UPDATE SET "
                    "updated = excluded.updated, value = excluded.value, "
                    "stored = excluded.stored",
                    (
                        job.learner,
                        key,
                        merged["updated"],
                        json.dumps(merged["value"], ensure_ascii=False),
                        iso(job.now),
                    ),
                )
            ack.append(key)
            if merged != record:
                newer.append(merged)
        self._seen(db, job.learner, job.now, job.page, job.lesson)
        return SyncResult(ack, newer)

    def records(self, learner: str) -> list[dict[str, Any]]:
        """The learner's own records, by key."""
        with self._lock:
            rows = self._db.execute(
                "SELECT key, updated, value FROM records WHERE learner = ? ORDER BY key",
                (learner,),
            ).fetchall()
        return [{"key": k, "updated": u, "value": json.loads(v)} for k, u, v in rows]

    def record_count(self) -> int:
        with self._lock:
            return int(self._db.execute("SELECT COUNT(*) FROM records").fetchone()[0])

    # -- rubric grades ----------------------------------------------------------------------

    def set_grade(
        self, learner: str, rubric: str, criteria: dict[str, int], grader: str, now: datetime
    ) -> None:
        with self._transaction() as db:
            db.execute(
                "INSERT INTO grades (learner, rubric, criteria, grader, graded) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT(learner, rubric) DO UPDATE SET "
                "criteria = excluded.criteria, grader = excluded.grader, "
                "graded = excluded.graded",
                (learner, rubric, json.dumps(criteria), grader, iso(now)),
            )

    def grades(self, learner: str) -> list[dict[str, Any]]:
        with self._lock:
            rows = self._db.execute(
                "SELECT rubric, criteria, grader, graded FROM grades WHERE learner = ? "
                "ORDER BY rubric",
                (learner,),
            ).fetchall()
        return [
            {"rubric": r, "criteria": json.loads(c), "grader": g, "graded": d}
            for r, c, g, d in rows
        ]

    # -- model usage ------------------------------------------------------------------------

    def add_usage(
        self,
        learner: str,
        day: str,
        prompt_tokens: int,
        completion_tokens: int,
        energy_wh: tuple[float, float] | None,
        gwp_g: tuple[float, float] | None,
    ) -> None:
        energy = energy_wh or (0.0, 0.0)
        gwp = gwp_g or (0.0, 0.0)
        with self._transaction() as db:
            db.execute(
                "INSERT INTO usage (learner, day, requests, prompt_tokens, completion_tokens, "
                "estimated_calls, energy_wh_min, energy_wh_max, gwp_g_min, gwp_g_max) "
                "VALUES (?, ?, 1, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(learner, day) DO UPDATE SET "
                "requests = requests + 1, "
                "prompt_tokens = prompt_tokens + excluded.prompt_tokens, "
                "completion_tokens = completion_tokens + excluded.completion_tokens, "
                "estimated_calls = estimated_calls + excluded.estimated_calls, "
                "energy_wh_min = energy_wh_min + excluded.energy_wh_min, "
                "energy_wh_max = energy_wh_max + excluded.energy_wh_max, "
                "gwp_g_min = gwp_g_min + excluded.gwp_g_min, "
                "gwp_g_max = gwp_g_max + excluded.gwp_g_max",
                (
                    learner,
                    day,
                    prompt_tokens,
                    completion_tokens,
                    1 if energy_wh is not None else 0,
                    *energy,
                    *gwp,
                ),
            )

    def usage(self, learner: str | None = None, day: str | None = None) -> Usage:
        """Usage summed over the room (or one learner), for one day or all days."""
        clauses, values = [], []
        if learner is not None:
            clauses.append("learner = ?")
            values.append(learner)
        if day is not None:
            clauses.append("day = ?")
            values.append(day)
        where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
        with self._lock:
            row = self._db.execute(
                "SELECT COALESCE(SUM(requests), 0), COALESCE(SUM(prompt_tokens), 0), "
                "COALESCE(SUM(completion_tokens), 0), COALESCE(SUM(estimated_calls), 0), "
                "COALESCE(SUM(energy_wh_min), 0), COALESCE(SUM(energy_wh_max), 0), "
                "COALESCE(SUM(gwp_g_min), 0), COALESCE(SUM(gwp_g_max), 0) FROM usage" + where,
                values,
            ).fetchone()
        return Usage(
            int(row[0]), int(row[1]), int(row[2]), int(row[3]), (row[4], row[5]), (row[6], row[7])
        )

    # -- retention --------------------------------------------------------------------------

    def purge_older_than(self, days: int, now: datetime) -> int:
        """Forget the learners not heard from for ``days`` days, with everything of theirs."""
        limit = iso(now - timedelta(days=days))
        with self._transaction() as db:
            cursor = db.execute("DELETE FROM learners WHERE last_seen < ?", (limit,))
            count = cursor.rowcount
        if count:
            with self._lock:
                self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                self._db.execute("VACUUM")
        return int(count)
