"""The quiz spec: what a quiz asks for (its banks, its draw, its mode), checked in one place.

The ```` ```edukit-quiz ```` Markdown block and the :class:`~edukit.widgets.Quiz` widget both
build a :class:`QuizSpec`; its validators hold every rule of a quiz's options. A block maps
the :class:`SpecIssue` of a refused spec to ``path:line`` problems (:func:`spec_problems`), the
widget to a Python error.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, TypeAlias, get_args

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from edukit._problems import Problem
from edukit.course import problems_from_validation
from edukit.quiz._model import Bank
from edukit.quiz._payload import Mode

__all__ = [
    "MODES",
    "PURPOSES",
    "DrawSpec",
    "Purpose",
    "QuizSpec",
    "QuizSpecError",
    "SpecIssue",
    "spec_issues",
    "spec_problems",
]

MODES: tuple[str, ...] = get_args(Mode)
Purpose: TypeAlias = Literal["positionnement", "evaluation-finale", "entrainement"]
PURPOSES: tuple[str, ...] = get_args(Purpose)
LESSON_ID = re.compile(r"[a-z0-9][a-z0-9-]*")
_RULE = "edukit_quiz"
"""The pydantic error type of the spec's own rules (their message and hint are in the context)."""


@dataclass(frozen=True)
class SpecIssue:
    """One thing wrong with a quiz spec: the key it concerns, what is wrong and how to fix it.

    ``rule`` names the rule for adapters that answer some rules their own way (``"source"``:
    the widget raises a ``TypeError`` when it is not given exactly one source). ``message``
    and ``hint`` are the block's wording (the key paths of its YAML); ``french`` says the same
    to a notebook's author (:meth:`in_french`).
    """

    key: tuple[str | int, ...]
    message: str
    hint: str = ""
    rule: str = ""
    french: str = ""

    def __str__(self) -> str:
        return f"{self.message} — {self.hint}" if self.hint else self.message

    def in_french(self) -> str:
        """French first, then the English wording in parentheses."""
        return f"{self.french} ({self})" if self.french else str(self)


class QuizSpecError(ValueError):
    """A quiz that cannot be built as specified; ``issues`` says why, key by key."""

    def __init__(self, issues: Sequence[SpecIssue]) -> None:
        super().__init__("\n".join(str(issue) for issue in issues))
        self.issues = list(issues)


def _rule(
    message: str,
    hint: str = "",
    *,
    french: str = "",
    key: tuple[str | int, ...] | None = None,
    rule: str = "",
) -> PydanticCustomError:
    context: dict[str, Any] = {"message": message, "hint": hint, "rule": rule, "french": french}
    if key is not None:
        context["key"] = key
    return PydanticCustomError(_RULE, "{message}", context)


class DrawSpec(BaseModel):
    """The draw of a quiz (the block's ``draw:`` keys, the widget's keywords of the same name).

    ``count`` items at random (every matching item when ``None``), or ``per_objective`` items
    for each objective; ``tags``, ``objectives`` (objective ids, lesson prefixes such as ``l09``
    or lesson ids) and ``difficulty`` filter; ``seed`` makes the draw reproducible.

    Examples
    --------
    >>> DrawSpec(count=3, tags=["licences"]).count
    3
    >>> DrawSpec(count=2, per_objective=1)
    Traceback (most recent call last):
    ...
    pydantic_core._pydantic_core.ValidationError: 1 validation error for DrawSpec
    per_objective
      'draw' has both count and per_objective ...
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    count: int | None = None
    per_objective: int | None = None
    tags: list[str] | None = None
    objectives: list[str] | None = None
    difficulty: int | list[int] | None = None
    seed: int | str = 0

    @field_validator("count", "per_objective", mode="before")
    @classmethod
    def _whole_number(cls, value: Any, info: ValidationInfo) -> Any:
        name = info.field_name
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise _rule(
                f"'draw: {name}' must be a whole number ≥ 1, not {value!r}",
                f"{name} must be 1 or more",
                french=f"« {name} » doit être un nombre entier d'au moins 1, pas {value!r}",
            )
        if name == "per_objective" and info.data.get("count") is not None:
            raise _rule(
                "'draw' has both count and per_objective",
                "give count or per_objective, not both: count draws a number of items, "
                "per_objective a number per objective",
                french="donnez count ou per_objective, pas les deux : count tire un nombre de "
                "questions, per_objective un nombre par objectif",
            )
        return value

    @field_validator("tags", "objectives", mode="before")
    @classmethod
    def _ids(cls, value: Any, info: ValidationInfo) -> Any:
        if value is None:
            return None
        if isinstance(value, list | tuple | set | frozenset) and all(
            isinstance(entry, str) for entry in value
        ):
            return sorted(value) if isinstance(value, set | frozenset) else list(value)
        name = info.field_name
        raise _rule(
            f"'draw: {name}' must be a list of ids",
            f"{name}: [a, b]",
            french=f"« {name} » doit être une liste d'identifiants, par exemple ['a', 'b']",
        )

    @field_validator("difficulty", mode="before")
    @classmethod
    def _levels(cls, value: Any) -> Any:
        if value is None:
            return None
        many = isinstance(value, list | tuple | set | frozenset)
        levels = sorted(value) if isinstance(value, set | frozenset) else value
        if all(
            not isinstance(level, bool) and level in (1, 2, 3)
            for level in (levels if many else [levels])
        ):
            return list(levels) if many else levels
        raise _rule(
            "'draw: difficulty' must be 1, 2, 3 or a list of them",
            "difficulty: [1, 2]",
            french=f"« difficulty » doit valoir 1, 2, 3 ou une liste de ces niveaux, pas {value!r}",
        )

    @field_validator("seed", mode="before")
    @classmethod
    def _seed(cls, value: Any) -> Any:
        if isinstance(value, bool) or not isinstance(value, int | str):
            raise _rule(
                f"'draw: seed' must be a number or a word, not {value!r}",
                "seed: 1",
                french=f"« seed » doit être un nombre ou un mot, pas {value!r}",
            )
        return value


class QuizSpec(BaseModel):
    """A quiz: where its items come from, how they are drawn, and how they are asked.

    Give exactly one source: ``bank`` (a bank folder or ``.yml`` file, or a loaded
    :class:`~edukit.quiz.Bank`) or ``banks`` (several, drawn as one, or ``"all"``: every bank
    folder of ``exercises/``). ``mode`` is ``practice`` (feedback after each answer) or
    ``evaluation`` (answers locked, key shipped as salted hashes); ``purpose`` is what the
    answers count for; ``attempts`` the submissions allowed per question.

    Examples
    --------
    >>> spec = QuizSpec(bank="exercises/provenance", draw={"count": 5}, mode="evaluation")
    >>> spec.draw.count, spec.attempt_limit, spec.saved_purpose
    (5, 1, '')
    >>> QuizSpec(bank="exercises/provenance").saved_purpose
    'entrainement'
    >>> QuizSpec.model_validate({"title": "x"})
    Traceback (most recent call last):
    ...
    pydantic_core._pydantic_core.ValidationError: 1 validation error for QuizSpec
      the edukit-quiz block has no 'bank' ...
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    bank: str | Path | Bank | None = None
    banks: str | list[str | Path | Bank] | None = None
    draw: DrawSpec = Field(default_factory=DrawSpec)
    mode: Mode = "practice"
    purpose: Purpose | None = None
    attempts: int | None = None
    allow_missing: StrictBool = False
    title: str = ""
    lesson: str = ""

    @field_validator("bank", mode="before")
    @classmethod
    def _bank(cls, value: Any) -> Any:
        if value is None or isinstance(value, Bank | Path):
            return value
        if isinstance(value, str) and value.strip():
            return value
        raise _bank_missing()

    @field_validator("banks", mode="before")
    @classmethod
    def _banks(cls, value: Any) -> Any:
        if value is None or value == "all":
            return value
        if (
            isinstance(value, list | tuple)
            and value
            and all(isinstance(entry, str | Path | Bank) for entry in value)
        ):
            return list(value)
        raise _rule(
            "'banks' must be a list of bank folders or 'all'",
            "write banks: [exercises/provenance, exercises/securite-information] or banks: all",
            french="« banks » doit être une liste de banques (au moins une) ou 'all'",
        )

    @field_validator("draw", mode="before")
    @classmethod
    def _draw(cls, value: Any) -> Any:
        if value is None:
            return {}
        if isinstance(value, dict | DrawSpec):
            return value
        raise _rule(
            "'draw' must hold keys",
            "write draw: {count: 5, seed: 1}",
            french="« draw » doit contenir des clés, par exemple {count: 5, seed: 1}",
        )

    @field_validator("mode", mode="before")
    @classmethod
    def _mode(cls, value: Any) -> Any:
        if value in MODES:
            return value
        raise _rule(
            f"the mode '{value}' is unknown",
            "mode must be 'practice' or 'evaluation'",
            french=f"le mode « {value} » est inconnu : écrivez 'practice' ou 'evaluation'",
        )

    @field_validator("purpose", mode="before")
    @classmethod
    def _purpose(cls, value: Any) -> Any:
        if value is None or value in PURPOSES:
            return value
        raise _rule(
            f"the purpose '{value}' is unknown",
            "purpose must be one of " + ", ".join(PURPOSES),
            french=f"le but « {value} » est inconnu : écrivez " + ", ".join(PURPOSES),
        )

    @field_validator("attempts", mode="before")
    @classmethod
    def _attempts(cls, value: Any) -> Any:
        if value is None or (isinstance(value, int) and not isinstance(value, bool) and value >= 1):
            return value
        raise _rule(
            f"attempts must be a whole number ≥ 1, not {value!r}",
            "attempts must be 1 or more, or left out for the default (unlimited in practice, "
            "1 in evaluation)",
            french=f"« attempts » doit être un nombre entier d'au moins 1, pas {value!r} (sans "
            "attempts : illimité en entraînement, 1 en évaluation)",
        )

    @field_validator("title", mode="before")
    @classmethod
    def _title(cls, value: Any) -> Any:
        if isinstance(value, str):
            return value
        raise _rule(
            "'title' must be text",
            "put the title in quotes",
            french="« title » doit être un texte : mettez-le entre guillemets",
        )

    @field_validator("lesson", mode="before")
    @classmethod
    def _lesson(cls, value: Any) -> Any:
        if value == "" or (isinstance(value, str) and LESSON_ID.fullmatch(value)):
            return value
        raise _rule(
            f"lesson must be a lesson id such as l09-provenance, not {value!r}",
            "use the file name of the lesson, without .md",
            french=f"« lesson » doit être un identifiant de leçon comme l09-provenance, pas {value!r}",
        )

    @model_validator(mode="after")
    def _one_source(self) -> QuizSpec:
        if self.bank is not None and self.banks is not None:
            raise _rule(
                "the block has both 'bank' and 'banks'",
                "keep one of them",
                french="donnez « bank » ou « banks », pas les deux",
                key=("banks",),
                rule="source",
            )
        if self.bank is None and self.banks is None:
            raise _bank_missing()
        return self

    @staticmethod
    def is_lesson_id(text: str) -> bool:
        """Whether ``text`` can be a lesson id (``l09-provenance``)."""
        return LESSON_ID.fullmatch(text) is not None

    @property
    def attempt_limit(self) -> int:
        """Submissions allowed per question: ``attempts``, else unlimited (0) in practice and
        1 in evaluation."""
        if self.attempts is not None:
            return self.attempts
        return 1 if self.mode == "evaluation" else 0

    @property
    def saved_purpose(self) -> str:
        """The purpose saved in the record: ``purpose``, else ``entrainement`` in practice mode
        and unset (``""``) in evaluation mode."""
        if self.purpose is not None:
            return self.purpose
        return "entrainement" if self.mode == "practice" else ""


def _bank_missing() -> PydanticCustomError:
    return _rule(
        "the edukit-quiz block has no 'bank'",
        "add 'bank: exercises/<bank>' (a bank folder or .yml file), or 'banks: [...]' or "
        "'banks: all'",
        french="le quiz n'a pas de banque : donnez bank (une banque), banks (plusieurs) ou "
        "banks: all",
        key=("bank",),
        rule="source",
    )


SPEC_KEYS: tuple[str, ...] = tuple(QuizSpec.model_fields)
DRAW_KEYS: tuple[str, ...] = tuple(DrawSpec.model_fields)


def spec_issues(error: ValidationError) -> list[SpecIssue | None]:
    """The issues of a refused spec, in the order of ``error.errors()``; ``None`` for an error
    that is none of the spec's own rules (:func:`spec_problems` words those)."""
    issues: list[SpecIssue | None] = []
    for details in error.errors():
        loc = tuple(details["loc"])
        context = details.get("ctx") or {}
        if details["type"] == _RULE:
            key = tuple(context.get("key") or loc)
            issues.append(
                SpecIssue(
                    key,
                    context["message"],
                    context.get("hint", ""),
                    context.get("rule", ""),
                    context.get("french", ""),
                )
            )
        elif details["type"] == "extra_forbidden" and loc[:-1] == ("draw",):
            known = ", ".join(DRAW_KEYS)
            french = f"la clé « {loc[-1]} » est inconnue dans « draw » ; clés connues : {known}"
            message = f"the draw key '{loc[-1]}' is unknown"
            issues.append(SpecIssue(loc, message, "use " + known, "unknown", french))
        elif details["type"] == "extra_forbidden" and len(loc) == 1:
            known = ", ".join(SPEC_KEYS)
            french = f"la clé « {loc[0]} » est inconnue ; clés connues : {known}"
            message = f"the key '{loc[0]}' is unknown in an edukit-quiz block"
            issues.append(SpecIssue(loc, message, "use " + known, "unknown", french))
        else:
            issues.append(None)
    return issues


def spec_problems(
    error: ValidationError, line_of: Callable[[tuple[str | int, ...]], tuple[Path, int | None]]
) -> list[Problem]:
    """One ``path:line`` problem per issue of a refused spec; ``line_of(key path)`` gives the
    file and line of a key (the block's YAML lines)."""
    fallback = problems_from_validation(error, QuizSpec, line_of)
    problems = []
    for issue, other in zip(spec_issues(error), fallback, strict=True):
        if issue is None:
            problems.append(other)
            continue
        path, line = line_of(issue.key)
        if issue.french:  # French first for the author; it says the fix, the English follows
            problems.append(Problem(path, line, issue.in_french()))
        else:
            problems.append(Problem(path, line, issue.message, issue.hint))
    return problems
