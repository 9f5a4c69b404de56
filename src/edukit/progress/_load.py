"""Reading a progress file, with a French reason for every refusal.

A trainer receives files from a whole group, on USB keys and by e-mail; some are truncated,
some come from another course or an older site. :func:`read_progress` never raises anything
but :class:`ProgressError` for a bad file, and its message names the file and says why::

    progression-monique.json: le fichier a changé depuis son export (empreinte SHA-256
    différente) : copie abîmée ou modification à la main — demandez à la personne d'exporter
    à nouveau sa progression depuis le site

The empreinte (``integrity``) detects accidental damage, not forgery: anyone can compute it.
"""

from __future__ import annotations

import json
import os
import stat
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from edukit._problems import Problem, ProblemError
from edukit.progress._canonical import digest, seal
from edukit.progress._migrate import MIGRATIONS
from edukit.progress._model import CURRENT_VERSION, LATEST_VERSION, SCHEMA, ProgressFile

__all__ = [
    "MAX_BYTES",
    "MAX_DEPTH",
    "LoadedProgress",
    "ProgressError",
    "Refusal",
    "parse_progress",
    "read_progress",
    "seal",
]

MAX_BYTES = 8 * 1024 * 1024
"""Largest progress file read (8 MiB); a real one is a few dozen KiB."""
MAX_DEPTH = 40
"""Deepest nesting of JSON arrays and objects accepted."""

ASK_AGAIN = "demandez à la personne d'exporter à nouveau sa progression depuis le site du cours"


class Refusal(StrEnum):
    """Why a file was refused."""

    UNREADABLE = "unreadable"
    TOO_LARGE = "too-large"
    NOT_JSON = "not-json"
    NOT_PROGRESS = "not-progress"
    VERSION = "version"
    COURSE = "course"
    TAMPERED = "tampered"
    INVALID = "invalid"


class ProgressError(ProblemError):
    """A progress file that cannot be used; ``reason`` is a French sentence for the trainer."""

    def __init__(self, path: Path, refusal: Refusal, reason: str, hint: str = ASK_AGAIN) -> None:
        self.path, self.refusal, self.reason = path, refusal, reason
        super().__init__([Problem(path, None, reason, hint)])


@dataclass(frozen=True)
class LoadedProgress:
    """A progress file that passed every check."""

    path: Path
    progress: ProgressFile
    migrated_from: int | None = None
    """The version the file was written in, when older than the current one."""

    @property
    def verified(self) -> bool:
        """Whether the file carried an empreinte that matched (version 1 files have none).

        A match shows the file was not damaged since its export; it proves nothing about who
        wrote it (see :class:`~edukit.progress.Integrity`).
        """
        return self.migrated_from is None


def read_progress(
    path: Path | str, *, course: str | None = None, max_bytes: int = MAX_BYTES
) -> LoadedProgress:
    """Read and check the progress file at ``path``; never reads more than ``max_bytes + 1``.

    Raises
    ------
    ProgressError
        With the reason (:class:`Refusal`) and a French sentence naming the file.
    """
    path = Path(path)
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise ProgressError(path, Refusal.UNREADABLE, "c'est un dossier, pas un fichier", "")
        if not stat.S_ISREG(info.st_mode):
            raise ProgressError(path, Refusal.UNREADABLE, "ce n'est pas un fichier ordinaire", "")
        if info.st_size > max_bytes:
            raise _too_large(path, max_bytes)
        with path.open("rb") as stream:
            data = stream.read(max_bytes + 1)
    except OSError as error:
        reason = f"le fichier ne peut pas être lu ({os.strerror(error.errno or 0) or error})"
        raise ProgressError(path, Refusal.UNREADABLE, reason, "") from None
    return parse_progress(data, path, course=course, max_bytes=max_bytes)


def parse_progress(
    data: bytes, path: Path | str, *, course: str | None = None, max_bytes: int = MAX_BYTES
) -> LoadedProgress:
    """Check the bytes of a progress file (``path`` names it in messages).

    Examples
    --------
    >>> parse_progress(b'{"schema": "edukit-progress", "version": 9}', "p.json")
    Traceback (most recent call last):
    ...
    edukit.progress._load.ProgressError: p.json: le fichier est en version 9, plus récente que \
celle que lit cette version d'edukit (3) — mettez edukit à jour
    """
    path = Path(path)
    if len(data) > max_bytes:
        raise _too_large(path, max_bytes)
    raw = _json(data, path)
    if not isinstance(raw, dict) or raw.get("schema") != SCHEMA:
        raise ProgressError(
            path,
            Refusal.NOT_PROGRESS,
            "ce n'est pas un fichier de progression edukit (champ « schema » absent ou différent)",
            "vérifiez que c'est bien le fichier exporté depuis le site du cours",
        )
    version = raw.get("version")
    if course is not None and raw.get("course") != course:
        other = raw.get("course")
        named = f"« {other} »" if isinstance(other, str) else "un autre cours"
        raise ProgressError(
            path,
            Refusal.COURSE,
            f"ce fichier concerne le cours {named}, pas le cours « {course} »",
            "rangez-le avec les fichiers de son cours",
        )
    migrated_from: int | None = None
    if isinstance(version, int) and not isinstance(version, bool) and version in MIGRATIONS:
        migrated_from = version
        while version != CURRENT_VERSION:
            raw = MIGRATIONS[version](raw, path)
            version = raw["version"]
        raw = seal(raw)
    elif version in (CURRENT_VERSION, LATEST_VERSION) and not isinstance(version, bool):
        _check_seal(raw, path)
    else:
        raise _version_refusal(path, version)
    try:
        progress = ProgressFile.model_validate(raw)
    except ValidationError as error:
        raise ProgressError(path, Refusal.INVALID, _explain(error)) from None
    return LoadedProgress(path, progress, migrated_from)


def _too_large(path: Path, max_bytes: int) -> ProgressError:
    return ProgressError(
        path,
        Refusal.TOO_LARGE,
        f"le fichier dépasse {max_bytes // (1024 * 1024)} Mo : ce n'est pas un fichier "
        "de progression (ils pèsent quelques dizaines de Ko)",
        "vérifiez que vous avez pris le bon fichier",
    )


def _json(data: bytes, path: Path) -> Any:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ProgressError(
            path,
            Refusal.NOT_JSON,
            "le fichier n'est pas du texte UTF-8 : ce n'est pas un fichier de progression",
        ) from None
    if not text.strip():
        raise ProgressError(path, Refusal.NOT_JSON, "le fichier est vide")
    try:
        raw = json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_no_constant)
    except json.JSONDecodeError as error:
        at_end = error.pos >= len(text.rstrip())
        if at_end or (
            error.msg.startswith("Unterminated string") and "\n" not in text[error.pos :]
        ):
            reason = "le fichier est tronqué (le JSON s'arrête avant la fin)"
        else:
            reason = f"le JSON est illisible ligne {error.lineno}, colonne {error.colno}"
        raise ProgressError(path, Refusal.NOT_JSON, f"{reason} : fichier abîmé ?") from None
    except _DuplicateKeyError as error:
        raise ProgressError(
            path, Refusal.NOT_JSON, f"la clé JSON « {error.key} » apparaît deux fois"
        ) from None
    except (RecursionError, ValueError):  # NaN/Infinity, or absurdly deep nesting
        raise ProgressError(
            path, Refusal.NOT_JSON, "le JSON contient des valeurs non standard"
        ) from None
    if _depth(raw) > MAX_DEPTH:
        raise ProgressError(path, Refusal.INVALID, "le JSON est imbriqué trop profondément")
    return raw


class _DuplicateKeyError(Exception):
    def __init__(self, key: str) -> None:
        self.key = key


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _DuplicateKeyError(key)
        result[key] = value
    return result


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _depth(value: Any) -> int:
    deepest, stack = 0, [(value, 1)]
    while stack:
        current, depth = stack.pop()
        if isinstance(current, dict | list):
            deepest = max(deepest, depth)
            if depth > MAX_DEPTH:
                return depth
            children = current.values() if isinstance(current, dict) else current
            stack.extend((child, depth + 1) for child in children)
    return deepest


def _version_refusal(path: Path, version: object) -> ProgressError:
    if isinstance(version, int) and not isinstance(version, bool) and version > CURRENT_VERSION:
        return ProgressError(
            path,
            Refusal.VERSION,
            f"le fichier est en version {version}, plus récente que celle que lit cette "
            f"version d'edukit ({LATEST_VERSION})",
            "mettez edukit à jour",
        )
    shown = json.dumps(version, ensure_ascii=False)[:40]
    known = ", ".join(str(v) for v in [*sorted(MIGRATIONS), CURRENT_VERSION, LATEST_VERSION])
    return ProgressError(
        path,
        Refusal.VERSION,
        f"la version du fichier ({shown}) est inconnue ; edukit lit les versions {known}",
    )


def _check_seal(raw: dict[str, Any], path: Path) -> None:
    integrity = raw.get("integrity")
    if not isinstance(integrity, dict) or integrity.get("algorithm") != "sha256":
        raise ProgressError(
            path,
            Refusal.TAMPERED,
            "l'empreinte du fichier (champ « integrity ») est absente ou illisible : "
            "le fichier a été modifié ou abîmé après son export",
        )
    content = {key: value for key, value in raw.items() if key != "integrity"}
    try:
        expected = digest(content)
    except (TypeError, ValueError, RecursionError):  # pragma: no cover - json.loads data is JSON
        expected = ""
    if integrity.get("digest") != expected:
        raise ProgressError(
            path,
            Refusal.TAMPERED,
            "le fichier a changé depuis son export (empreinte SHA-256 différente) : copie "
            "abîmée ou modification à la main",
        )


_MESSAGES = {
    "missing": "manque",
    "extra_forbidden": "n'est pas un champ connu",
    "timezone_aware": "doit être une date avec son fuseau horaire",
    "datetime_from_date_parsing": "n'est pas une date lisible",
    "datetime_parsing": "n'est pas une date lisible",
    "datetime_type": "n'est pas une date lisible",
    "string_pattern_mismatch": "n'a pas la forme attendue",
    "string_too_long": "est trop long",
    "string_too_short": "est vide",
    "too_long": "a trop d'éléments",
    "too_short": "n'a pas assez d'éléments",
    "greater_than_equal": "est trop petit",
    "less_than_equal": "est trop grand",
    "literal_error": "n'a pas une valeur permise",
}


def _explain(error: ValidationError) -> str:
    """A French sentence for the first problem pydantic found."""
    first = error.errors(include_url=False)[0]
    location = _location(first["loc"])
    what = _MESSAGES.get(first["type"], "n'est pas valide")
    if first["type"] == "value_error":
        what = f"n'est pas valide ({first['msg'].removeprefix('Value error, ')})"
    total = error.error_count()
    more = f" (et {total - 1} autre(s) problème(s))" if total > 1 else ""
    return f"le contenu est invalide : {location} {what}{more}"


def _location(loc: tuple[int | str, ...]) -> str:
    parts: list[str] = []
    for step in loc:
        if step in ("quiz", "lesson", "other", "results", "record"):  # union tags: noise
            continue
        if isinstance(step, int):
            parts.append(f"[{step + 1}]")
        else:
            parts.append(("." if parts else "") + str(step))
    text = "".join(parts)
    return f"le champ « {text} »" if text else "le fichier"
