"""The learner's progress file, versions 2 and 3: what the site exports and the trainer's tools read.

A progress file is JSON::

    {
      "schema": "edukit-progress",
      "version": 2,
      "course": "ia-ethique-responsable",
      "learner": "Monique",                       # display name or pseudonym the learner chose
      "exported": "2025-06-04T16:40:00Z",
      "entries": [                                 # one per widget key of the browser store
        {"key": "quiz:l01-positionnement", "updated": "…", "value": {…QuizValue…}},
        {"key": "lesson:l01-accueil-positionnement", "updated": "…", "value": {…LessonValue…}},
        {"key": "probe:demo", "updated": null, "value": "any JSON"}
      ],
      "integrity": {"algorithm": "sha256", "digest": "…"}
    }

Entries are the browser store's records (``widgets/static/store.js``): ``quiz:<id>`` and
``lesson:<lesson id>`` keys hold the values below, any other key holds whatever its widget
keeps. Version 1 is the same file without ``learner`` and ``integrity`` (see ``_migrate``).

Version 3 adds two optional keys, written by the trainer's tools, never by the site::

      "source": "papier",                          # site (default), papier, scorm or classe
      "rubrics": [                                 # free-response work graded on a rubric
        {"rubric": "l06-requete", "criteria": {"role-contexte": 2, …},
         "grader": "Mme Leroy", "graded": "2025-06-04T17:00:00Z"}
      ]

A file with neither is written as version 2, so that the site (which reads versions 1 and 2)
still imports it; a version 2 file is a version 3 file without them (no conversion needed).

``integrity`` is the file's **empreinte** (fingerprint): a SHA-256 digest anyone can recompute.
It detects accidental damage (a truncated copy, a bad USB key), not forgery.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from pydantic import (
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    JsonValue,
    StringConstraints,
    Tag,
    field_validator,
)

from edukit.progress._canonical import seal

__all__ = [
    "CURRENT_VERSION",
    "LATEST_VERSION",
    "SCHEMA",
    "SOURCES",
    "Entry",
    "Integrity",
    "ItemResult",
    "LessonEntry",
    "LessonValue",
    "OtherEntry",
    "ProgressFile",
    "Purpose",
    "QuizEntry",
    "QuizValue",
    "ResultSource",
    "RubricGrade",
    "WidgetItem",
    "WidgetQuizRecord",
]

SCHEMA = "edukit-progress"
CURRENT_VERSION = 2
"""The version the site writes, and edukit writes for files without version 3 keys."""
LATEST_VERSION = 3
"""The newest version edukit reads and writes (files with ``source`` or ``rubrics``)."""

ResultSource = Literal["site", "papier", "scorm", "classe"]
"""Where a file's results come from: the site's export, a paper sheet typed in, a SCORM
package graded in the LMS, or the classroom server."""
SOURCES: dict[str, str] = {
    "site": "fichier du site",
    "papier": "papier",
    "scorm": "SCORM",
    "classe": "serveur de la classe",
}
"""How reports name each source, in French."""

Purpose = Literal["positionnement", "evaluation-finale", "entrainement"]
"""What a quiz is for: the positioning test (day 1), the final evaluation, or practice."""

_ID = r"^[a-z0-9][a-z0-9-]*$"
Identifier = Annotated[str, StringConstraints(pattern=_ID, max_length=120)]
"""An item, bank, lesson or objective id as authors write them (``l09-o1``, ``licence-cc-by``)."""
Seconds = Annotated[int, Field(ge=0, le=10_000_000)]
"""Whole seconds (strict bounds: a week of work is 604 800 s)."""


def _no_control(text: str) -> str:
    if re.search(r"[\x00-\x1f\x7f]", text):
        raise ValueError("les caractères de contrôle ne sont pas permis")
    return text


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, regex_engine="python-re")


class ItemResult(_Model):
    """The learner's latest answer to one question of a quiz."""

    id: Identifier
    """The item's id in its bank."""
    objectives: list[Identifier] = Field(min_length=1, max_length=50)
    """The objective ids the item assesses (copied from the bank when the quiz was drawn)."""
    tags: list[Annotated[str, StringConstraints(max_length=120)]] = Field(
        default_factory=list, max_length=50
    )
    score: float = Field(ge=0, le=1)
    """From 0 to 1, partial credit included, as ``edukit.quiz.grade`` computes it."""
    answered: AwareDatetime
    """When this answer was given; the newest answer wins when two files are merged."""
    attempts: int = Field(default=1, ge=1, le=1000)
    answer: JsonValue = None
    """The answer as the widget keeps it to show it again (reports never read it)."""


class QuizValue(_Model):
    """The value of a ``quiz:<id>`` entry: one drawn quiz and the learner's results."""

    bank: Identifier
    purpose: Purpose | None = None
    """What the quiz is for; when unset, items tagged ``positionnement`` or
    ``evaluation-finale`` count for that test, and ``entrainement`` never counts."""
    lesson: Identifier | None = None
    """The lesson whose page holds the quiz, when it is on a lesson page."""
    seconds: Seconds = 0
    """Time spent on the quiz."""
    items: list[ItemResult] = Field(default_factory=list, max_length=2000)

    @field_validator("items")
    @classmethod
    def _unique_items(cls, items: list[ItemResult]) -> list[ItemResult]:
        seen: set[str] = set()
        for item in items:
            if item.id in seen:
                raise ValueError(f"la question « {item.id} » apparaît deux fois")
            seen.add(item.id)
        return items


class LessonValue(_Model):
    """The value of a ``lesson:<lesson id>`` entry: completion and time spent on the page."""

    completed: AwareDatetime | None = None
    """When the learner marked the lesson as done; ``None`` while it is not."""
    seconds: Seconds = 0


_KEY = r"^\S{1,200}$"


class WidgetItem(_Model):
    """One question as ``quiz.js`` records it (``RECORD_VERSION = 1``)."""

    answer: JsonValue = None
    score: float = Field(ge=0, le=1)
    tries: int = Field(default=0, ge=0, le=1000)
    done: bool = False
    objectives: list[Identifier] = Field(default_factory=list, max_length=50)
    tags: list[Annotated[str, StringConstraints(max_length=120)]] = Field(
        default_factory=list, max_length=50
    )
    """Not written by ``quiz.js`` yet: the item's tags (``positionnement``…)."""
    answered: AwareDatetime | None = None
    """When the answer was given (older records: the entry's time)."""
    dont_know: bool = False
    """The learner chose « Je ne sais pas »: an answer worth 0, kept apart in reports."""


class WidgetQuizRecord(_Model):
    """The value ``quiz.js`` stores today under its ``quiz:<bank>:<draw>`` key.

    ``purpose``, ``lesson``, ``seconds`` and each item's ``tags`` and ``answered`` are optional
    until the widget writes them; without a purpose or tags, its answers count for neither
    the positioning test nor the final evaluation.
    """

    version: Literal[1]
    mode: Literal["practice", "evaluation"] = "practice"
    items: dict[Identifier, WidgetItem] = Field(default_factory=dict, max_length=2000)
    score: float = Field(default=0, ge=0)
    total: int = Field(default=0, ge=0)
    completed: bool = False
    purpose: Purpose | None = None
    lesson: Identifier | None = None
    seconds: Seconds = 0


def _quiz_kind(value: Any) -> str:
    is_record = isinstance(value, dict | WidgetQuizRecord) and (
        isinstance(value, WidgetQuizRecord) or "version" in value
    )
    return "record" if is_record else "results"


class QuizEntry(_Model):
    key: Annotated[str, StringConstraints(pattern=r"^quiz:\S{1,195}$")]
    value: Annotated[
        Annotated[QuizValue, Tag("results")] | Annotated[WidgetQuizRecord, Tag("record")],
        Discriminator(_quiz_kind),
    ]
    updated: AwareDatetime | None = None

    @property
    def purpose(self) -> Purpose | None:
        return self.value.purpose

    @property
    def lesson(self) -> str | None:
        return self.value.lesson

    @property
    def seconds(self) -> int:
        return self.value.seconds

    def results(self) -> list[ItemResult]:
        """The answers as :class:`ItemResult`, whichever shape the entry has."""
        if isinstance(self.value, QuizValue):
            return list(self.value.items)
        fallback = self.updated or datetime(1970, 1, 1, tzinfo=UTC)
        return [
            ItemResult(
                id=item_id,
                objectives=item.objectives,
                tags=item.tags,
                score=item.score,
                answered=item.answered or fallback,
                attempts=max(1, item.tries),
                answer=item.answer,
            )
            for item_id, item in self.value.items.items()
            if item.objectives and item.tries > 0
        ]


class LessonEntry(_Model):
    key: Annotated[str, StringConstraints(pattern=r"^lesson:[a-z0-9][a-z0-9-]*$", max_length=200)]
    value: LessonValue
    updated: AwareDatetime | None = None


class OtherEntry(_Model):
    """Any other widget's record, kept as it is."""

    key: Annotated[str, StringConstraints(pattern=r"^(?!quiz:|lesson:)\S{1,200}$")]
    value: JsonValue
    updated: AwareDatetime | None = None


def _entry_kind(entry: Any) -> str:
    key = entry.get("key") if isinstance(entry, dict) else getattr(entry, "key", None)
    if isinstance(key, str):
        if key.startswith("quiz:"):
            return "quiz"
        if key.startswith("lesson:"):
            return "lesson"
    return "other"


Entry = Annotated[
    Annotated[QuizEntry, Tag("quiz")]
    | Annotated[LessonEntry, Tag("lesson")]
    | Annotated[OtherEntry, Tag("other")],
    Discriminator(_entry_kind),
]
"""One record of the browser store; the key's prefix says how its value is read."""


class Integrity(_Model):
    """The file's empreinte (fingerprint): SHA-256 of the canonical JSON of everything else.

    It detects accidental damage (a truncated copy, a bad USB key) and a careless edit (a
    score changed in a text editor and not fingerprinted again). It does **not** stop a
    forger: everything is computed on the learner's machine, with no key, and anyone who reads
    this documentation can recompute the digest. Treat the files as self-assessment records,
    not proof. Stronger routes: results collected by the trainer's own machine (classroom
    server), or the SCORM package graded in the LMS.
    """

    algorithm: Literal["sha256"]
    digest: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]


Grader = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=80)]


class RubricGrade(_Model):
    """A trainer's grade of one piece of free-response work on a rubric (version 3)."""

    rubric: Identifier
    """The rubric's id (``exercises/rubriques/<id>.yaml``)."""
    criteria: dict[Identifier, Annotated[int, Field(ge=0, le=10)]] = Field(
        min_length=1, max_length=30
    )
    """The level reached on each criterion, by criterion id (0 is the lowest level)."""
    grader: Grader
    """Who graded (the trainer's name)."""
    graded: AwareDatetime

    @field_validator("grader")
    @classmethod
    def _printable(cls, grader: str) -> str:
        return _no_control(grader)


class ProgressFile(_Model):
    """A learner's progress file, version 2 or 3 (see the module documentation)."""

    model_config = ConfigDict(
        title="edukit progress file",
        json_schema_extra={"$id": "https://edukit.invalid/schemas/edukit-progress-2.json"},
    )

    schema_: Literal["edukit-progress"] = Field(alias="schema")
    version: Literal[2, 3]
    course: Annotated[str, StringConstraints(pattern=r"^[^:\s]{1,120}$")]
    learner: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=80)]
    """The display name or pseudonym the learner chose; never checked against an identity."""
    exported: AwareDatetime
    entries: list[Entry] = Field(max_length=10_000)
    source: ResultSource = "site"
    """Where the results come from (version 3; a version 2 file comes from the site)."""
    rubrics: list[RubricGrade] = Field(default_factory=list, max_length=100)
    """Free-response work graded by the trainer (version 3), one grade per rubric."""
    integrity: Integrity

    @field_validator("learner")
    @classmethod
    def _printable(cls, learner: str) -> str:
        return _no_control(learner)

    @field_validator("entries")
    @classmethod
    def _unique_keys(cls, entries: list[Any]) -> list[Any]:
        seen: set[str] = set()
        for entry in entries:
            if entry.key in seen:
                raise ValueError(f"la clé « {entry.key} » apparaît deux fois")
            seen.add(entry.key)
        return entries

    @field_validator("rubrics")
    @classmethod
    def _one_grade_per_rubric(cls, rubrics: list[RubricGrade]) -> list[RubricGrade]:
        seen: set[str] = set()
        for grade in rubrics:
            if grade.rubric in seen:
                raise ValueError(f"la grille « {grade.rubric} » est notée deux fois")
            seen.add(grade.rubric)
        return rubrics

    def quizzes(self) -> list[QuizEntry]:
        return [entry for entry in self.entries if isinstance(entry, QuizEntry)]

    def lessons(self) -> list[LessonEntry]:
        return [entry for entry in self.entries if isinstance(entry, LessonEntry)]

    def to_json_data(self) -> dict[str, Any]:
        """The file as JSON data with a new empreinte (dates rewritten in one canonical form).

        Written as version 2, without ``source`` and ``rubrics``, when it holds neither, so
        that the site can import it; as version 3 otherwise.
        """
        data = self.model_dump(mode="json", by_alias=True)
        if not self.rubrics and self.source == "site":
            del data["rubrics"], data["source"]
            data["version"] = CURRENT_VERSION
        else:
            data["version"] = LATEST_VERSION
        return seal(data)


def newest(first: datetime | None, second: datetime | None) -> datetime | None:
    """The later of two optional times (``None`` is older than any time)."""
    if first is None:
        return second
    if second is None:
        return first
    return max(first, second)
