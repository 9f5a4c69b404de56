"""Paper sheets typed back (``edukit report --paper``) as progress files whose source is
« papier »: each answer graded like the site grades it, each mistaken row refused with its
``file:line`` reason.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from edukit._problems import Problem
from edukit.progress._canonical import fingerprint
from edukit.progress._load import LoadedProgress
from edukit.progress._model import ProgressFile
from edukit.progress._summary import Refused
from edukit.quiz import (
    Item,
    PaperCsvError,
    answer_for_grading,
    grade,
    load_paper_tests,
    read_paper_csv,
)

__all__ = ["paper_progress"]


def _score(item: Item, chosen: list[str]) -> float:
    """The site's grade of a paper answer; a blank or unreadable answer is worth 0."""
    if not chosen:
        return 0.0
    try:
        return grade(item, answer_for_grading(item, chosen)).score
    except (TypeError, ValueError):  # pragma: no cover - read_paper_csv checks the letters
        return 0.0


def paper_progress(
    paths: list[Path], course: str, root: Path
) -> tuple[list[LoadedProgress], list[Refused]]:
    """The paper sheets of ``paths`` (CSV files typed back), graded, as progress files whose
    source is « papier »; each mistaken row or file is refused with its ``file:line`` message.

    Raises
    ------
    ProblemError
        When the course's tests cannot be drawn (a bank or quiz block with errors).
    """
    tests = load_paper_tests(root)
    items = {item.id: item for form in tests.values() for item in form}
    loaded: list[LoadedProgress] = []
    refused: list[Refused] = []
    for path in paths:
        try:
            sheets = read_paper_csv(path, tests, root=root)
        except PaperCsvError as error:
            sheets = error.sheets
            refused.extend(_refused(problem) for problem in error.problems)
        try:
            when = datetime.fromtimestamp(path.stat().st_mtime, UTC)
        except OSError:
            when = datetime.now(UTC)
        stamp = when.isoformat().replace("+00:00", "Z")
        for sheet in sheets:
            results = [
                {
                    "id": item_id,
                    "objectives": items[item_id].objectives,
                    "tags": items[item_id].tags,
                    "score": _score(items[item_id], chosen),
                    "answered": stamp,
                }
                for item_id, chosen in sheet.answers.items()
                if item_id in items
            ]
            data = {
                "schema": "edukit-progress",
                "version": 3,
                "course": course,
                "learner": sheet.learner,
                "exported": stamp,
                "source": "papier",
                "entries": [
                    {
                        "key": f"quiz:papier-{sheet.form}",
                        "updated": stamp,
                        "value": {"bank": "papier", "purpose": sheet.form, "items": results},
                    }
                ],
            }
            try:
                progress = ProgressFile.model_validate(fingerprint(data))
            except ValueError as error:
                refused.append(Refused(path, f"ligne {sheet.source_line} : {error}"))
                continue
            loaded.append(LoadedProgress(Path(f"{path}:{sheet.source_line}"), progress))
    return loaded, refused


def _refused(problem: Problem) -> Refused:
    where = Path(problem.location)
    reason = f"{problem.message} — {problem.hint}" if problem.hint else problem.message
    return Refused(where, reason)
