"""``edukit new lesson``: write a lesson file from the template and list it in ``course.yml``.

``course.yml`` is edited as text (one id inserted in the module's list), so that its comments
and layout stay exactly as the author wrote them.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from edukit._problems import Problem, ProblemError
from edukit._yaml import YamlDocument, load_yaml
from edukit.course._files import read_text
from edukit.course._load import COURSE_FILE

__all__ = ["NewLesson", "add_lesson_id", "lesson_template", "new_lesson", "slugify"]

# Short French words left out of slugs, so ids read like the existing ones (l06-art-requete).
_STOPWORDS = {
    "a", "au", "aux", "avec", "ce", "ces", "d", "dans", "de", "des", "du", "en", "est", "et",
    "l", "la", "le", "les", "ou", "par", "pour", "qu", "que", "qui", "s", "sa", "se", "son",
    "ses", "sur", "un", "une",
}  # fmt: skip
_LESSON_NUMBER = re.compile(r"^l(\d{2,})-")


@dataclass(frozen=True)
class NewLesson:
    """What :func:`new_lesson` wrote."""

    id: str
    path: Path
    """The new lesson file, from the repository root."""
    module_id: str


def slugify(title: str, *, max_length: int = 40) -> str:
    """A short ASCII slug of a French title, without its small words.

    Examples
    --------
    >>> slugify("L'art de la requête")
    'art-requete'
    >>> slugify("D'où viennent les données ? Provenance et licences")
    'viennent-donnees-provenance-licences'
    """
    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode().lower()
    words = [word for word in re.split(r"[^a-z0-9]+", ascii_text) if word]
    kept = [word for word in words if word not in _STOPWORDS] or words or ["lecon"]
    slug = ""
    for word in kept:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > max_length and slug:
            break
        slug = candidate[:max_length]
    return slug


def lesson_template(lesson_id: str, title: str, minutes: int) -> str:
    """The text of a new lesson: valid front matter, FALC box, learner headings, trainer notes
    and a Sources section, with « À écrire » where the author has work to do."""
    number = lesson_id.split("-", 1)[0]
    return f"""---
id: {lesson_id}
title: {json.dumps(title, ensure_ascii=False)}
summary: "À écrire : une ou deux phrases pour le plan et la recherche."
objectives:
  - id: {number}-o1
    text: "À écrire : un objectif mesurable (identifier, classer, rédiger…)."
activities:
  - title: "À écrire : titre de l'activité"
    minutes: {minutes}
    method: "exposé"
    grouping: plenary
    materials: []
key_points:
  - "À écrire : une idée à retenir, en une phrase."
---

!!! falc "En bref (facile à lire)"
    À écrire : 5 à 8 phrases courtes.
    Une idée par ligne.
    Le plus important d'abord.
    Un exemple de la vie de tous les jours.

## Une situation pour commencer

À écrire : partez d'une situation que les personnes connaissent (un courrier, une annonce, un message).

## Comprendre

À écrire : nommez l'idée, définissez chaque mot technique la première fois.

## À vous de jouer

À écrire : l'activité, pas à pas.

## À retenir

- À écrire : reprenez les points clés.

!!! formateur "Notes pour la personne formatrice"
    - Préparation : à écrire.
    - Minutage : à écrire ({minutes} min au total).
    - Ce qui peut mal se passer, et comment rebondir : à écrire.
    - Questions fréquentes, avec une réponse courte : à écrire.
    - Adaptations : personnes âgées, jeunes, agents publics, petites entreprises.

## Sources

- À écrire : titre, éditeur, date, section citée.
"""


def _next_number(root: Path, listed: list[str]) -> int:
    numbers = [0]
    names = [*listed, *(path.stem for path in (root / "courses").glob("*/l*.md"))]
    for name in names:
        match = _LESSON_NUMBER.match(name)
        if match:
            numbers.append(int(match.group(1)))
    return max(numbers) + 1


def _course_document(root: Path) -> tuple[str, YamlDocument]:
    text, problems = read_text(root / COURSE_FILE)
    if text is None:
        raise ProblemError(problem.relative_to(root) for problem in problems)
    return text, load_yaml(text, COURSE_FILE)


def _module_index(document: YamlDocument, module_id: str) -> int:
    modules = document.data.get("modules") if isinstance(document.data, dict) else None
    ids = [m.get("id") for m in modules or [] if isinstance(m, dict)]
    if module_id in ids:
        return ids.index(module_id)
    known = ", ".join(str(i) for i in ids) or "aucun"
    raise ProblemError(
        [
            Problem(
                document.path,
                document.line("modules"),
                f"il n'y a pas de module « {module_id} »",
                f"modules connus : {known}",
            )
        ]
    )


def add_lesson_id(text: str, document: YamlDocument, module_index: int, lesson_id: str) -> str:
    """``course.yml``'s text with ``lesson_id`` appended to a module's ``lessons``.

    Handles flow lists (``lessons: [a, b]``, on one line or several), block lists
    (``- a`` lines) and an empty or missing ``lessons`` key.

    Examples
    --------
    >>> text = "modules:\\n  - id: m1  # first\\n    lessons: [l01-a]  # keep me\\n"
    >>> doc = load_yaml(text, Path("course.yml"))
    >>> print(add_lesson_id(text, doc, 0, "l02-b"), end="")
    modules:
      - id: m1  # first
        lessons: [l01-a, l02-b]  # keep me
    """
    lines = text.splitlines(keepends=True)
    module = document.data["modules"][module_index]
    if "lessons" not in module:
        id_line = document.line("modules", module_index, "id") or 1
        column = re.match(r"^[\s-]*", lines[id_line - 1])
        indent = " " * (column.end() if column else 0)
        last = max(
            line for key, line in document.lines.items() if key[:2] == ("modules", module_index)
        )
        lines.insert(last, f"{indent}lessons: [{lesson_id}]\n")
        return "".join(lines)
    key_line = document.line("modules", module_index, "lessons") or 1
    head = lines[key_line - 1]
    after_key = head.index("lessons") + len("lessons")
    colon = head.index(":", after_key) + 1
    rest = head[colon:]
    if rest.lstrip().startswith("["):
        offset = sum(len(line) for line in lines[: key_line - 1]) + colon
        opening = text.index("[", offset)
        closing = text.index("]", opening)
        inside = text[opening + 1 : closing]
        if inside.strip():
            end = opening + 1 + len(inside.rstrip())
            return f"{text[:end]}, {lesson_id}{text[end:]}"
        return f"{text[: opening + 1]}{lesson_id}{text[closing:]}"
    items = module["lessons"]
    if isinstance(items, list) and items:
        last_line = document.line("modules", module_index, "lessons", len(items) - 1) or key_line
        prefix = re.match(r"^\s*-\s*", lines[last_line - 1])
        lines.insert(last_line, f"{prefix.group(0) if prefix else '- '}{lesson_id}\n")
        return "".join(lines)
    # `lessons:` with nothing after it (a null value)
    lines[key_line - 1] = f"{head[:colon]} [{lesson_id}]{rest.rstrip(chr(10)).rstrip()}\n"
    return "".join(lines)


def new_lesson(root: Path, module_id: str, title: str, *, minutes: int = 30) -> NewLesson:
    """Write a new lesson for ``module_id`` and list it last in that module in ``course.yml``.

    Raises
    ------
    ProblemError
        When the module does not exist, the file would overwrite another, or ``course.yml``
        cannot be read or edited safely.
    """
    root = root.resolve()
    if minutes <= 0:
        raise ProblemError(
            [Problem("--minutes", None, "doit être supérieur à 0", "par exemple 30")]
        )
    text, document = _course_document(root)
    index = _module_index(document, module_id)
    module = document.data["modules"][index]
    listed = [
        str(lesson)
        for entry in document.data["modules"]
        if isinstance(entry, dict)
        for lesson in (entry.get("lessons") or [])
    ]
    lesson_id = f"l{_next_number(root, listed):02d}-{slugify(title)}"
    folder = root / "courses" / str(module.get("path") or module_id)
    file = folder / f"{lesson_id}.md"
    if file.exists():
        raise ProblemError(
            [
                Problem(
                    file.relative_to(root),
                    None,
                    "le fichier existe déjà",
                    "choisissez un autre titre",
                )
            ]
        )
    edited = add_lesson_id(text, document, index, lesson_id)
    check = load_yaml(edited, document.path)
    lessons = check.data["modules"][index].get("lessons") or []
    if [str(lesson) for lesson in lessons] != [*(module.get("lessons") or []), lesson_id]:
        raise ProblemError(
            [
                Problem(
                    COURSE_FILE,
                    document.line("modules", index, "lessons"),
                    f"edukit ne peut pas ajouter « {lesson_id} » à cette liste sans risque",
                    "ajoutez-le à la main, puis créez le fichier de la leçon",
                )
            ]
        )
    folder.mkdir(parents=True, exist_ok=True)
    with file.open("x", encoding="utf-8") as handle:
        handle.write(lesson_template(lesson_id, title, minutes))
    (root / COURSE_FILE).write_text(edited, encoding="utf-8")
    return NewLesson(lesson_id, file.relative_to(root), module_id)
