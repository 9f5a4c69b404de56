"""Turn pydantic validation errors into ``path:line: what — how to fix`` problems."""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Union

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from edukit._problems import Problem

__all__ = ["closest", "problems_from_validation"]

Loc = tuple[str | int, ...]
LineOf = Callable[[Loc], tuple[Path, int | None]]

# What to write when a required key is missing, by key name.
_MISSING_HINTS = {
    "id": "add 'id: …' (for a lesson: the file name without '.md')",
    "title": "add 'title: \"…\"'",
    "objectives": "add 'objectives:' with at least one '- id: lNN-o1' and its 'text: …'",
    "activities": "add 'activities:' with at least one item giving title, minutes, method and grouping",
    "key_points": "add 'key_points:' with at least one sentence to remember",
    "minutes": "add 'minutes: N' (a whole number of minutes)",
    "method": "add 'method: …' (exposé, démonstration, atelier, quiz, discussion, exercice…)",
    "grouping": "add 'grouping: …' (individual, pairs, group or plenary)",
    "text": "add 'text: \"…\"' (a measurable objective: « identifier », « classer », « rédiger »…)",
}


def closest(word: str, choices: Sequence[str]) -> str | None:
    """The known word closest to ``word``, if one is close enough.

    >>> closest("titel", ["id", "title", "summary"])
    'title'
    >>> closest("zzz", ["id", "title"]) is None
    True
    """
    matches = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return matches[0] if matches else None


def _model_in(annotation: Any) -> type[BaseModel] | None:
    """The pydantic model inside ``list[Model] | None`` and the like."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin in (list, Union, types.UnionType, typing.Annotated):
        for argument in typing.get_args(annotation):
            found = _model_in(argument)
            if found is not None:
                return found
    return None


def _keys_at(model: type[BaseModel], loc: Loc) -> list[str]:
    """The keys the schema accepts in the mapping found at ``loc``."""
    current: type[BaseModel] | None = model
    for part in loc:
        if isinstance(part, int) or current is None:
            continue
        field = current.model_fields.get(part)
        current = _model_in(field.annotation) if field is not None else None
    return list(current.model_fields) if current is not None else []


def _literal_choices(model: type[BaseModel], loc: Loc) -> list[str]:
    keys = [part for part in loc if isinstance(part, str)]
    current: type[BaseModel] | None = model
    for key in keys[:-1]:
        field = current.model_fields.get(key) if current else None
        current = _model_in(field.annotation) if field is not None else None
    if current is None or not keys:
        return []
    field = current.model_fields.get(keys[-1])
    if field is None:
        return []
    return [str(choice) for choice in typing.get_args(field.annotation)]


def _shown(value: object) -> str:
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 40 else text[:37] + "…"


def _describe(error: ErrorDetails, model: type[BaseModel]) -> tuple[str, str]:
    loc: Loc = tuple(error["loc"])
    key = next((part for part in reversed(loc) if isinstance(part, str)), "")
    kind = error["type"]
    value = error.get("input")
    if kind == "extra_forbidden":
        known = [name for name in _keys_at(model, loc[:-1]) if name not in _LOADER_KEYS]
        guess = closest(str(loc[-1]), known)
        hint = f"did you mean '{guess}'?" if guess else f"the known keys are {', '.join(known)}"
        return f"the key '{loc[-1]}' is unknown", hint
    if kind == "missing":
        return f"'{key}' is missing", _MISSING_HINTS.get(key, f"add '{key}: …'")
    if kind == "too_short":
        return f"'{key}' is empty", f"give at least one item under '{key}'"
    if kind == "string_too_short":
        return f"'{key}' is empty", f"write some text after '{key}:'"
    if kind in {"int_type", "int_from_float", "int_parsing"}:
        return (
            f"'{key}' must be a whole number of minutes, not {_shown(value)}",
            f"write for example '{key}: 15' (no quotes, no unit)",
        )
    if kind in {"greater_than", "greater_than_equal"}:
        return (
            f"'{key}' must be greater than 0, not {_shown(value)}",
            f"give '{key}' a positive value",
        )
    if kind == "literal_error":
        choices = _literal_choices(model, loc)
        guess = closest(str(value), choices)
        hint = f"did you mean '{guess}'?" if guess else f"use one of {', '.join(choices)}"
        return f"'{key}' cannot be {_shown(value)}", hint
    if kind == "string_pattern_mismatch":
        return f"'{key}' must be a time of day like \"09:00\", not {_shown(value)}", (
            'write it HH:MM in quotes, e.g. "09:00"'
        )
    if kind == "list_type":
        return f"'{key}' must be a list", f"write '{key}: [a, b]' or one '- item' a line"
    if kind in {"model_type", "dict_type", "model_attributes_type"}:
        where = f"'{key}'" if key else "this block"
        return f"{where} must be a mapping of 'key: value' lines", "check the indentation"
    if kind in {"path_type", "path_parsing"}:
        return f"'{key}' must be a path such as exercises/provenance, not {_shown(value)}", (
            "write the path from the repository root"
        )
    if kind == "string_type":
        return f"'{key}' must be text, not {_shown(value)}", "put the text in quotes"
    return (
        f"'{key}': {error['msg']}",
        "check this value against the lesson template in CONTRIBUTING.md",
    )


# Fields the loader fills in, never written by authors.
_LOADER_KEYS = {"path", "body", "body_line", "module_id"}


def problems_from_validation(
    error: ValidationError, model: type[BaseModel], line_of: LineOf
) -> list[Problem]:
    """One problem per pydantic error, at the line of the key it concerns.

    ``line_of(loc)`` gives the file and line of a location (front matter keys may come from a
    module's ``_module.yml``).
    """
    problems = []
    for details in error.errors():
        loc: Loc = tuple(details["loc"])
        path, line = line_of(loc)
        message, hint = _describe(details, model)
        problems.append(Problem(path, line, message, hint))
    return problems
