"""Exercise files (``exercises/**/*.md``): front matter ``id``, ``title``, ``objectives``,
``minutes`` and an optional ``solution``."""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from edukit._problems import Problem
from edukit.course._errors import Loc, closest, problems_from_validation
from edukit.course._files import read_front_matter
from edukit.course._models import Exercise, ExerciseFrontMatter

__all__ = ["load_exercise"]


def load_exercise(
    path: Path, *, root: Path | None = None, objectives: set[str] | None = None
) -> tuple[Exercise | None, list[Problem]]:
    """Load one exercise file; never raises for an author's mistake.

    ``root`` is the repository root (``solution`` paths are read from it, or else from the
    exercise's folder). When ``objectives`` is given, every objective the exercise names must be
    in it.
    """
    front, problems = read_front_matter(path)
    if front is None:
        return None, problems
    document = front.document

    def line_of(loc: Loc) -> tuple[Path, int | None]:
        return path, document.line(*loc)

    try:
        meta = ExerciseFrontMatter.model_validate(document.data)
    except ValidationError as error:
        return None, problems + problems_from_validation(error, ExerciseFrontMatter, line_of)
    if objectives is not None:
        for index, objective in enumerate(meta.objectives):
            if objective not in objectives:
                guess = closest(objective, sorted(objectives))
                problems.append(
                    Problem(
                        path,
                        document.line("objectives", index),
                        f"l'objectif « {objective} » n'est défini dans aucune leçon",
                        f"voulez-vous dire « {guess} » ?"
                        if guess
                        else "écrivez l'identifiant d'un objectif de l'en-tête d'une leçon",
                    )
                )
    if meta.solution is not None:
        candidates = [path.parent / meta.solution]
        if root is not None:
            candidates.insert(0, root / meta.solution)
        if not any(candidate.is_file() for candidate in candidates):
            problems.append(
                Problem(
                    path,
                    document.line("solution"),
                    f"le corrigé « {meta.solution.as_posix()} » n'existe pas",
                    "écrivez le chemin du corrigé depuis la racine du dépôt",
                )
            )
    exercise = Exercise(**meta.model_dump(), path=path.resolve(), body=front.body)
    return exercise, problems
