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
    "id": "ajoutez « id: … » (pour une leçon : le nom du fichier sans « .md »)",
    "title": 'ajoutez « title: "…" »',
    "objectives": "ajoutez « objectives: » avec au moins un « - id: lNN-o1 » et son « text: … »",
    "activities": (
        "ajoutez « activities: » avec au moins une activité (title, minutes, method, grouping)"
    ),
    "key_points": "ajoutez « key_points: » avec au moins une phrase à retenir",
    "minutes": "ajoutez « minutes: N » (un nombre entier de minutes)",
    "method": "ajoutez « method: … » (exposé, démonstration, atelier, quiz, discussion, exercice…)",
    "grouping": "ajoutez « grouping: … » (individual, pairs, group ou plenary)",
    "text": 'ajoutez « text: "…" » (un objectif mesurable : « identifier », « classer », « rédiger »…)',
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
        hint = f"voulez-vous dire « {guess} » ?" if guess else f"clés connues : {', '.join(known)}"
        return f"la clé « {loc[-1]} » est inconnue", hint
    if kind == "missing":
        return f"« {key} » manque", _MISSING_HINTS.get(key, f"ajoutez « {key}: … »")
    if kind == "too_short":
        return f"« {key} » est vide", f"donnez au moins un élément sous « {key} »"
    if kind == "string_too_short":
        return f"« {key} » est vide", f"écrivez un texte après « {key}: »"
    if kind in {"int_type", "int_from_float", "int_parsing"}:
        return (
            f"« {key} » doit être un nombre entier de minutes, pas {_shown(value)}",
            f"écrivez par exemple « {key}: 15 » (sans guillemets ni unité)",
        )
    if kind in {"greater_than", "greater_than_equal"}:
        return (
            f"« {key} » doit être supérieur à 0, pas {_shown(value)}",
            f"donnez à « {key} » une valeur positive",
        )
    if kind == "literal_error":
        choices = _literal_choices(model, loc)
        guess = closest(str(value), choices)
        hint = (
            f"voulez-vous dire « {guess} » ?"
            if guess
            else f"valeurs possibles : {', '.join(choices)}"
        )
        return f"« {key} » ne peut pas valoir {_shown(value)}", hint
    if kind == "string_pattern_mismatch":
        return f'« {key} » doit être une heure comme "09:00", pas {_shown(value)}', (
            'écrivez-la HH:MM entre guillemets, par exemple "09:00"'
        )
    if kind == "list_type":
        return (
            f"« {key} » doit être une liste",
            f"écrivez « {key}: [a, b] » ou un « - élément » par ligne",
        )
    if kind in {"model_type", "dict_type", "model_attributes_type"}:
        where = f"« {key} »" if key else "ce bloc"
        return f"{where} doit être fait de lignes « clé: valeur »", "vérifiez l'indentation"
    if kind in {"path_type", "path_parsing"}:
        return f"« {key} » doit être un chemin comme exercises/provenance, pas {_shown(value)}", (
            "écrivez le chemin depuis la racine du dépôt"
        )
    if kind == "string_type":
        return (
            f"« {key} » doit être un texte, pas {_shown(value)}",
            "mettez le texte entre guillemets",
        )
    return (
        f"« {key} » : valeur refusée ({error['msg']})",
        "comparez cette valeur au modèle de leçon de CONTRIBUTING.md",
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
