"""One room: who may join, what a learner may read and write, the model's pause and budget.

Every refusal is a :class:`RoomError` carrying an HTTP-like status, a machine code and a French
message, so that any adapter (the Starlette server, tests) can answer it as it is.
"""

from __future__ import annotations

import re
import shutil
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from edukit.classroom._access import (
    AttemptLimiter,
    PseudonymError,
    check_pseudonym,
    codes_match,
    hash_token,
    new_room_code,
    new_token,
)
from edukit.classroom._limits import Limits, RateLimiter
from edukit.classroom._merge import RecordError, check_record
from edukit.classroom._store import DB_NAME, Learner, Store, Usage
from edukit.progress import ProgressFile, RubricGrade, fingerprint, learner_key

__all__ = [
    "CONNECTED_SECONDS",
    "MAX_RECORDS",
    "PACKS_FOLDER",
    "JoinResult",
    "ModelInfo",
    "Room",
    "RoomError",
    "notice_fr",
    "purge_folder",
]

MAX_RECORDS = 500
"""Records in one sync batch (the body cap also applies)."""
CONNECTED_SECONDS = 120
"""A learner heard from within this many seconds counts as connected."""
PACKS_FOLDER = "dossiers-qualiopi"
_PAGE_MAX = 300
_LESSON = re.compile(r"^[a-z0-9][a-z0-9-]{0,119}$")


class RoomError(Exception):
    """A refused request: ``status`` (HTTP-like), ``code`` (machine) and ``message`` (French)."""

    def __init__(self, status: int, code: str, message: str, retry_after: int | None = None):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.retry_after = retry_after


@dataclass(frozen=True, slots=True)
class JoinResult:
    token: str
    learner: str
    pseudo: str


@dataclass(frozen=True, slots=True)
class ModelInfo:
    """The model the room uses, as learners and the impact estimate see it.

    ``provider`` is a row name of :data:`edukit.llm.PROVIDERS` (or ``generic``);
    ``parameters_billion`` sizes an open model for the energy estimate (``None``: unknown).
    """

    name: str
    provider: str
    parameters_billion: float | None = None


def notice_fr(retention_days: int) -> str:
    """The French notice learners read before joining (GDPR art. 13, in plain words)."""
    return (
        "Ce que la salle enregistre : le pseudonyme que vous choisissez, vos réponses aux "
        "exercices et aux tests, les leçons terminées, le temps passé et la page ouverte. "
        "Pourquoi : pour que la formatrice ou le formateur suive la progression du groupe et "
        "prépare les attestations de formation. Les textes que vous envoyez au modèle de "
        "langue ne sont pas enregistrés ; seul leur nombre de jetons est compté. "
        "Qui les voit : seulement la formatrice ou le formateur de cette salle. Tout reste "
        "sur son ordinateur, rien n'est envoyé ailleurs (sauf vos questions au modèle, si la "
        "salle utilise un service en ligne ; un filtre bloque les données personnelles). "
        f"Combien de temps : {retention_days} jours après votre dernière connexion, puis tout "
        "est effacé. Utilisez un pseudonyme, jamais votre nom complet. Vous pouvez demander "
        "à voir ou à effacer vos données à la formatrice ou au formateur."
    )


def purge_folder(folder: Path) -> list[Path]:
    """Delete the room's database and Qualiopi packs in ``folder``; the paths removed."""
    removed: list[Path] = []
    for suffix in ("", "-wal", "-shm", "-journal"):
        path = folder / f"{DB_NAME}{suffix}"
        if path.exists():
            path.unlink()
            removed.append(path)
    packs = folder / PACKS_FOLDER
    if packs.exists():
        shutil.rmtree(packs)
        removed.append(packs)
    return removed


def _text(value: object, name: str, limit: int) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or len(value) > limit or re.search(r"[\x00-\x1f]", value):
        raise RoomError(400, "champ_invalide", f"« {name} » doit être un texte court ou null.")
    return value


@dataclass
class Room:
    """The logic of one room, over its :class:`Store`."""

    store: Store
    course: str
    name: str = "Salle de formation"
    retention_days: int = 30
    limits: Limits = field(default_factory=Limits)
    model: ModelInfo | None = None
    code: str = ""
    trainer_token: str = ""
    attempts: AttemptLimiter = field(default_factory=AttemptLimiter)
    clock: Callable[[], datetime] = lambda: datetime.now(UTC)

    def __post_init__(self) -> None:
        # the code and the trainer's token outlive a restart, so devices and the dashboard
        # keep working; a code given by the trainer replaces the stored one
        if self.code:
            self.store.set_setting("code", self.code)
        else:
            self.code = self.store.setting("code") or new_room_code()
            self.store.set_setting("code", self.code)
        if not self.trainer_token:
            self.trainer_token = self.store.setting("trainer_token") or new_token()
        self.store.set_setting("trainer_token", self.trainer_token)
        self.rates = RateLimiter(self.limits.requests_per_minute)
        # every request authenticates: known tokens and the pause are kept in memory
        self._sessions: dict[str, str] = {}
        self._paused = self.store.setting("paused") == "1"

    # -- joining ----------------------------------------------------------------------------

    def join(self, body: object, address: str, presented_token: str | None = None) -> JoinResult:
        """Join with ``{"code", "pseudo"}``; a learner re-joins with their old token."""
        if not isinstance(body, dict):
            raise RoomError(400, "json_invalide", "Envoyez un objet JSON {code, pseudo}.")
        try:
            pseudo = check_pseudonym(body.get("pseudo"))
        except PseudonymError as error:
            raise RoomError(400, "pseudo_invalide", str(error)) from None
        known = self.authenticate(presented_token) if presented_token else None
        if known is None:
            if self.attempts.blocked(address):
                wait = self.attempts.retry_after(address)
                raise RoomError(
                    429,
                    "trop_d_essais",
                    f"Trop de codes erronés : attendez {wait} secondes, puis recopiez le code "
                    "affiché au tableau.",
                    retry_after=wait,
                )
            code = body.get("code")
            if not isinstance(code, str) or not codes_match(code, self.code):
                self.attempts.failed(address)
                raise RoomError(
                    403,
                    "code_errone",
                    "Ce code de salle n'est pas le bon : recopiez celui affiché au tableau.",
                )
        now = self.clock()
        token = new_token()
        key = learner_key(pseudo)
        owner = self.store.learner_by_pseudo(key)
        if owner is not None:
            if owner != known:
                raise RoomError(
                    409,
                    "pseudo_pris",
                    "Ce pseudonyme est déjà pris : choisissez-en un autre (ajoutez une "
                    "initiale, par exemple).",
                )
            self.store.add_token(owner, hash_token(token), now)
            return JoinResult(token, owner, pseudo)
        try:
            learner = self.store.add_learner(pseudo, key, hash_token(token), now)
        except sqlite3.IntegrityError:  # two devices joined with one pseudonym at once
            raise RoomError(
                409, "pseudo_pris", "Ce pseudonyme est déjà pris : choisissez-en un autre."
            ) from None
        return JoinResult(token, learner, pseudo)

    def authenticate(self, token: str | None) -> str | None:
        """The learner a token opens, or ``None``."""
        if not token or len(token) > 200:
            return None
        digest = hash_token(token)
        learner = self._sessions.get(digest)
        if learner is None:
            learner = self.store.learner_by_token(digest)
            if learner is not None:
                self._sessions[digest] = learner
        return learner

    def is_trainer(self, token: str | None) -> bool:
        return bool(token) and codes_match_token(token or "", self.trainer_token)

    # -- records ----------------------------------------------------------------------------

    def sync(self, learner: str, body: object) -> dict[str, Any]:
        """Merge a batch of records; the answer holds ``ack`` and ``serveur``."""
        if not isinstance(body, dict):
            raise RoomError(400, "json_invalide", "Envoyez un objet JSON {records, page, lecon}.")
        records = body.get("records", [])
        if not isinstance(records, list):
            raise RoomError(400, "records_invalide", "« records » doit être une liste.")
        if len(records) > MAX_RECORDS:
            raise RoomError(
                413,
                "trop_d_enregistrements",
                f"Trop d'enregistrements dans un envoi ({len(records)}) : {MAX_RECORDS} au plus.",
            )
        checked = []
        seen: set[str] = set()
        for index, record in enumerate(records):
            try:
                item = check_record(record)
            except RecordError as error:
                raise RoomError(
                    400, "enregistrement_invalide", f"Enregistrement n° {index + 1} : {error}."
                ) from None
            if item["key"] in seen:
                raise RoomError(
                    400,
                    "cle_en_double",
                    f"Enregistrement n° {index + 1} : la clé apparaît deux fois dans l'envoi.",
                )
            seen.add(item["key"])
            checked.append(item)
        page, lesson = self._place(body)
        result = self.store.sync(learner, checked, self.clock(), page, lesson)
        return {"ack": result.ack, "serveur": result.newer}

    def _place(self, body: dict[str, Any]) -> tuple[str | None, str | None]:
        page = _text(body.get("page"), "page", _PAGE_MAX)
        lesson = _text(body.get("lecon"), "lecon", 120)
        if lesson is not None and not _LESSON.match(lesson):
            raise RoomError(400, "champ_invalide", "« lecon » n'est pas un identifiant de leçon.")
        return page, lesson

    def presence(self, learner: str, body: object) -> None:
        if not isinstance(body, dict):
            raise RoomError(400, "json_invalide", "Envoyez un objet JSON {page, lecon}.")
        page, lesson = self._place(body)
        self.store.seen(learner, self.clock(), page, lesson)

    def connected(self, learner: Learner) -> bool:
        return self.clock() - learner.last_seen <= timedelta(seconds=CONNECTED_SECONDS)

    # -- the model --------------------------------------------------------------------------

    @property
    def paused(self) -> bool:
        return self._paused

    def set_paused(self, paused: bool) -> None:
        self.store.set_setting("paused", "1" if paused else "0")
        self._paused = paused

    def today(self) -> str:
        return self.clock().astimezone(UTC).date().isoformat()

    def admit(self, learner: str) -> int:
        """Check pause, rate and budget before a model call; the tokens left today."""
        if self.model is None:
            raise RoomError(
                503,
                "pas_de_modele",
                "Aucun modèle n'est configuré dans cette salle : demandez à la formatrice ou "
                "au formateur.",
            )
        if self.paused:
            raise RoomError(
                423,
                "modele_en_pause",
                "Le modèle est en pause pour toute la salle : la formatrice ou le formateur le "
                "relancera.",
            )
        left = self.limits.tokens_per_day - self.store.usage(learner, self.today()).tokens
        if left <= 0:
            raise RoomError(
                429,
                "budget_epuise",
                "Votre budget de jetons du jour est épuisé : il revient demain. Relisez vos "
                "réponses précédentes en attendant.",
            )
        wait = self.rates.take(learner)
        if wait > 0:
            seconds = int(wait) + 1
            raise RoomError(
                429,
                "trop_de_requetes",
                f"Trop de demandes d'affilée : attendez {seconds} secondes.",
                retry_after=seconds,
            )
        return left

    def record_usage(
        self,
        learner: str,
        prompt_tokens: int,
        completion_tokens: int,
        energy_wh: tuple[float, float] | None,
        gwp_g: tuple[float, float] | None,
    ) -> None:
        self.store.add_usage(
            learner, self.today(), prompt_tokens, completion_tokens, energy_wh, gwp_g
        )

    def usage(self) -> Usage:
        """The room's usage since it opened (every learner, every day)."""
        return self.store.usage()

    # -- trainer ----------------------------------------------------------------------------

    def grade(self, learner: str, grade: RubricGrade) -> None:
        self.store.set_grade(
            learner, grade.rubric, dict(grade.criteria), grade.grader, grade.graded
        )

    def progress_file(self, learner: Learner) -> ProgressFile | None:
        """The learner's records and grades as a progress file (source « classe »).

        Records that do not read as progress entries (a widget's newer format) are left out of
        the file, never out of the database. ``None`` when nothing is usable.
        """
        from pydantic import TypeAdapter, ValidationError

        from edukit.progress import Entry

        adapter: TypeAdapter[Any] = TypeAdapter(Entry)
        entries = []
        for record in self.store.records(learner.id):
            try:
                entries.append(adapter.validate_python(record).model_dump(mode="json"))
            except ValidationError:
                continue
        data = {
            "schema": "edukit-progress",
            "version": 3,
            "course": self.course,
            "learner": learner.pseudo,
            "exported": self.clock().astimezone(UTC).isoformat().replace("+00:00", "Z"),
            "source": "classe",
            "entries": entries,
            "rubrics": self.store.grades(learner.id),
        }
        try:
            return ProgressFile.model_validate(fingerprint(data))
        except ValueError:
            return None

    def purge_expired(self) -> int:
        """Apply the retention period; how many learners were forgotten."""
        count = self.store.purge_older_than(self.retention_days, self.clock())
        if count:
            self._sessions.clear()
        return count


def codes_match_token(given: str, expected: str) -> bool:
    """Constant-time comparison of two tokens."""
    import secrets

    return secrets.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))
