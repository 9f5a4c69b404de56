"""The trainer's fields of the end-of-training attestation (Code du travail, article L6353-1).

A small YAML file the trainer writes once per session::

    organisation: "Association Numérique pour tous"
    declaration_number: "11 75 12345 75"   # numéro de déclaration d'activité
    trainer: "Camille Martin"
    start: 2025-06-02
    end: 2025-06-04
    place: "Maison France services, Villeneuve"
    duration: 21h
    # optional:
    title: "…"                       # default: the course title
    objectives: ["…", "…"]           # default: the module titles of the course
    signed_at: "Villeneuve"          # default: place
    signed_on: 2025-06-04            # default: end
    learners:                        # pseudonym in the progress file → name on the attestation
      Monique: "Monique Durand"

Mistakes are reported as ``path:line: what — how to fix``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from edukit._problems import Problem, ProblemError
from edukit._yaml import load_yaml
from edukit.course import parse_duration

__all__ = ["AttestationFields", "load_attestation_fields"]

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]

_HINTS = {
    "organisation": "the training organisation's name",
    "declaration_number": "the declaration number, digits and spaces (e.g. '11 75 12345 75')",
    "trainer": "the trainer's name",
    "start": "the first day, written YYYY-MM-DD",
    "end": "the last day, written YYYY-MM-DD",
    "place": "where the training took place",
    "duration": "the duration, e.g. 21h",
}


class AttestationFields(BaseModel):
    """What the organisation writes on every attestation."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    organisation: Text
    declaration_number: Annotated[str, StringConstraints(pattern=r"^\s*\d[\d ]*\d\s*$")]
    trainer: Text
    start: dt.date
    end: dt.date
    place: Text
    duration: Any
    """``21h``, ``7h30`` or minutes; read into :attr:`minutes`."""
    title: Text | None = None
    objectives: list[Text] = Field(default_factory=list)
    signed_at: Text | None = None
    signed_on: dt.date | None = None
    learners: dict[str, Text] = Field(default_factory=dict)

    @property
    def minutes(self) -> int:
        minutes = parse_duration(self.duration)
        assert minutes is not None  # checked by load_attestation_fields
        return minutes

    def name_of(self, learner: str) -> str:
        """The name to print for a learner: the trainer's mapping, else the learner's own."""
        return self.learners.get(learner, learner)


def load_attestation_fields(path: Path) -> AttestationFields:
    """Read and check the attestation fields file.

    Raises
    ------
    ProblemError
        With one ``path:line`` problem per mistake.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ProblemError(
            [Problem(path, None, f"the file cannot be read ({error})", "check the path")]
        ) from None
    document = load_yaml(text, path)
    if not isinstance(document.data, dict):
        raise ProblemError(
            [
                Problem(
                    path,
                    1,
                    "the attestation fields must be a mapping of keys to values",
                    "start with 'organisation: …'",
                )
            ]
        )
    problems: list[Problem] = []
    try:
        fields = AttestationFields.model_validate(document.data)
    except ValidationError as error:
        for detail in error.errors(include_url=False):
            loc = tuple(detail["loc"])
            key = str(loc[0]) if loc else ""
            if detail["type"] == "missing":
                message, hint = f"the key '{key}' is missing", f"add {_HINTS.get(key, key)}"
            elif detail["type"] == "extra_forbidden":
                known = ", ".join(AttestationFields.model_fields)
                message, hint = f"the key '{key}' is unknown", f"known keys: {known}"
            else:
                message = f"'{'.'.join(map(str, loc))}': {detail['msg']}"
                hint = _HINTS.get(key, "")
            problems.append(document.problem(loc, message, hint))
        raise ProblemError(sorted(problems, key=lambda problem: problem.line or 0)) from None
    if parse_duration(fields.duration) is None:
        problems.append(
            document.problem(
                ("duration",),
                f"the duration {fields.duration!r} cannot be read",
                _HINTS["duration"],
            )
        )
    if fields.end < fields.start:
        problems.append(
            document.problem(("end",), "the last day is before the first day", "swap the dates")
        )
    if problems:
        raise ProblemError(sorted(problems, key=lambda problem: problem.line or 0))
    return fields
