"""Course-wide draws: several banks as one, objective selectors, and N items per objective.

The positioning test (lesson 1) and the final evaluation (lesson 20) must assess **every
objective** of the course, from disjoint sets of items (``tags: [positionnement]`` and
``tags: [evaluation-finale]``), so that a trainer can compare the two per objective. This
module draws them:

- :func:`bank_folders` lists the banks under ``exercises/`` (``banks: all``);
- :func:`merge_banks` makes one bank of several, refusing an item id used in two banks (the
  learner's saved answers are keyed by item id);
- :func:`select_objectives` reads objective selectors: an objective id (``l09-o1``), a lesson
  prefix (``l09``) or a lesson id (``l09-provenance-licences``);
- :func:`draw_per_objective` draws ``per_objective`` items for each objective, seeded, and
  fails with every objective that lacks items at once (:class:`CourseDrawError`).

Pure logic: no widget, no Jupyter, no MkDocs.
"""

from __future__ import annotations

import random
import re
from collections.abc import Collection, Iterable, Sequence
from pathlib import Path
from typing import Final, NamedTuple

from edukit.quiz._draw import DrawError
from edukit.quiz._model import Bank, Item

__all__ = [
    "ALL_BANKS",
    "BANKS_FOLDER",
    "CourseDrawError",
    "ObjectiveShortage",
    "bank_folders",
    "coverage",
    "draw_per_objective",
    "merge_banks",
    "objective_key",
    "objective_shortages",
    "select_objectives",
]

ALL_BANKS: Final = "all"
"""The value of ``banks`` that means every bank under :data:`BANKS_FOLDER`."""
BANKS_FOLDER: Final = "exercises"

_OBJECTIVE_ID = re.compile(r"l\d+-o\d+")
_LESSON_ID = re.compile(r"(l\d+)-[a-z0-9-]+")


class ObjectiveShortage(NamedTuple):
    """An objective with fewer matching items than the draw asks for."""

    objective: str
    found: int
    needed: int


class CourseDrawError(DrawError):
    """A course-wide draw that cannot be made; the attributes say exactly why.

    ``shortages`` lists the objectives without enough items, ``unknown`` the objective
    selectors that match no objective, ``duplicates`` the item ids found in several banks
    (``(item id, [bank ids])``).
    """

    def __init__(
        self,
        message: str,
        *,
        shortages: Sequence[ObjectiveShortage] = (),
        unknown: Sequence[str] = (),
        duplicates: Sequence[tuple[str, list[str]]] = (),
    ) -> None:
        super().__init__(message)
        self.shortages = list(shortages)
        self.unknown = list(unknown)
        self.duplicates = list(duplicates)


def objective_key(objective: str) -> tuple[object, ...]:
    """Sort key in course order: ``l2-o1`` < ``l09-o2`` < ``l10-o1`` (numbers compared as numbers).

    Examples
    --------
    >>> sorted(["l10-o1", "l09-o2", "l9-o10", "l09-o1"], key=objective_key)
    ['l09-o1', 'l09-o2', 'l9-o10', 'l10-o1']
    """
    return tuple(
        (0, int(part), "") if part.isdigit() else (1, 0, part)
        for part in re.split(r"(\d+)", objective)
        if part
    )


def bank_folders(exercises: Path) -> list[Path]:
    """The bank folders of a course: every folder of ``exercises`` that holds ``*.yml`` files.

    Folders holding only exercises (``*.md``) are not banks and are left out.
    """
    if not exercises.is_dir():
        return []
    return sorted(
        folder for folder in exercises.iterdir() if folder.is_dir() and any(folder.glob("*.yml"))
    )


def merge_banks(banks: Sequence[Bank], *, bank_id: str | None = None, title: str = "") -> Bank:
    """One bank holding the items of ``banks``, in the given order.

    Its id is ``bank_id`` or the bank ids joined with ``+``; its language is the first bank's.

    Raises
    ------
    CourseDrawError
        When no bank is given, or an item id is used by several banks (answers are saved per
        item id, so two items must never share one).

    Examples
    --------
    >>> from edukit.quiz import Source, TrueFalseItem
    >>> def bank(bank_id, *ids):
    ...     items = [TrueFalseItem(id=i, prompt="?", objectives=["l01-o1"], answer=True,
    ...         source=Source(title="t", date="2024")) for i in ids]
    ...     return Bank(id=bank_id, title=bank_id, items=items)
    >>> merged = merge_banks([bank("a", "q1"), bank("b", "q2")])
    >>> merged.id, [item.id for item in merged.items]
    ('a+b', ['q1', 'q2'])
    >>> merge_banks([bank("a", "q1"), bank("b", "q1")])
    Traceback (most recent call last):
    ...
    edukit.quiz._course_draw.CourseDrawError: item id 'q1' is used by banks a, b — give each item an id unique in the course
    """
    if not banks:
        raise CourseDrawError("no bank to draw from — give at least one bank")
    owners: dict[str, list[str]] = {}
    for bank in banks:
        for item in bank.items:
            owners.setdefault(item.id, []).append(bank.id)
    duplicates = [(item_id, ids) for item_id, ids in owners.items() if len(ids) > 1]
    if duplicates:
        listed = "; ".join(
            f"item id '{item}' is used by banks {', '.join(ids)}" for item, ids in duplicates
        )
        raise CourseDrawError(
            f"{listed} — give each item an id unique in the course", duplicates=duplicates
        )
    return Bank(
        id=bank_id or "+".join(bank.id for bank in banks),
        title=title or " · ".join(bank.title for bank in banks),
        language=banks[0].language,
        items=[item for bank in banks for item in bank.items],
        paths=[path for bank in banks for path in bank.paths],
    )


def select_objectives(selectors: Iterable[str], known: Collection[str]) -> list[str]:
    """The objectives of ``known`` that the selectors name, in course order.

    A selector is an objective id (``l09-o1``), a prefix ended by a dash in the ids
    (``l09`` selects ``l09-o1``, ``l09-o2``…) or a lesson id (``l09-provenance-licences``
    selects the objectives of lesson ``l09``).

    Raises
    ------
    CourseDrawError
        When a selector selects nothing (``unknown`` lists every such selector).

    Examples
    --------
    >>> known = ["l09-o1", "l09-o2", "l10-o1", "l13-o1"]
    >>> select_objectives(["l10-o1", "l09"], known)
    ['l09-o1', 'l09-o2', 'l10-o1']
    >>> select_objectives(["l13-ai-act"], known)
    ['l13-o1']
    """
    chosen: set[str] = set()
    unknown: list[str] = []
    for selector in selectors:
        selector = selector.strip()
        matched = {objective for objective in known if _selects(selector, objective)}
        if not matched:
            unknown.append(selector)
        chosen |= matched
    if unknown:
        raise CourseDrawError(
            f"the objective selector(s) {', '.join(repr(s) for s in unknown)} match no "
            "objective of the items — give objective ids (l09-o1), lesson prefixes (l09) or "
            "lesson ids",
            unknown=unknown,
        )
    return sorted(chosen, key=objective_key)


def _selects(selector: str, objective: str) -> bool:
    if not selector:
        return False
    if objective == selector or objective.startswith(selector + "-"):
        return True
    lesson = _LESSON_ID.fullmatch(selector)
    return (
        lesson is not None
        and not _OBJECTIVE_ID.fullmatch(selector)
        and objective.startswith(lesson.group(1) + "-")
    )


def _levels(difficulty: int | Collection[int] | None) -> set[int] | None:
    if difficulty is None:
        return None
    return {difficulty} if isinstance(difficulty, int) else set(difficulty)


def draw_per_objective(
    bank: Bank,
    *,
    per_objective: int,
    tags: Collection[str] | None = None,
    objectives: Collection[str] | None = None,
    difficulty: int | Collection[int] | None = None,
    seed: int | str,
    allow_missing: bool = False,
) -> list[Item]:
    """Draw ``per_objective`` items for each objective, so that every objective is assessed.

    The objectives to cover are those of the bank's items (of the given ``difficulty``),
    narrowed by the ``objectives`` selectors (see :func:`select_objectives`). An item is a
    candidate when it has one of ``tags`` (all items when no tag is given) and the difficulty.
    Objectives are taken in course order; an item already drawn for an earlier objective
    counts for every objective it assesses, so no item is asked twice. Items come out grouped
    by objective, in course order; the same bank, options and seed always give the same list.

    ``allow_missing=True`` draws what there is for objectives short of items instead of failing
    (list them with :func:`objective_shortages` to show the gap).

    Raises
    ------
    CourseDrawError
        ``per_objective`` below 1, unknown selectors, or objectives with fewer than
        ``per_objective`` candidates (``shortages`` lists them all, in course order).

    Examples
    --------
    >>> from edukit.quiz import Source, TrueFalseItem
    >>> def item(item_id, objective, tag):
    ...     return TrueFalseItem(id=item_id, prompt="?", objectives=[objective], tags=[tag],
    ...         answer=True, source=Source(title="t", date="2024"))
    >>> bank = Bank(id="b", title="B", items=[item("p1", "l02-o1", "positionnement"),
    ...     item("f1", "l02-o1", "evaluation-finale"), item("p2", "l03-o1", "positionnement")])
    >>> [i.id for i in draw_per_objective(bank, per_objective=1, tags=["positionnement"], seed=1)]
    ['p1', 'p2']
    >>> draw_per_objective(bank, per_objective=1, tags=["evaluation-finale"], seed=1)
    Traceback (most recent call last):
    ...
    edukit.quiz._course_draw.CourseDrawError: 1 objective(s) of bank 'b' have too few items tagged evaluation-finale for 1 per objective: l03-o1 (0 of 1) — add items with that tag to these objectives, or leave them out with 'objectives'
    """
    wanted, candidates, shortages = _plan(bank, per_objective, tags, objectives, difficulty)
    if shortages and not allow_missing:
        listed = ", ".join(f"{s.objective} ({s.found} of {s.needed})" for s in shortages)
        tagged = f"tagged {', '.join(sorted(tags))}" if tags else "matching"
        raise CourseDrawError(
            f"{len(shortages)} objective(s) of bank '{bank.id}' have too few items {tagged} "
            f"for {per_objective} per objective: {listed} — add items with that tag to these "
            "objectives, or leave them out with 'objectives'",
            shortages=shortages,
        )
    drawn: list[Item] = []
    taken: set[str] = set()
    for objective in wanted:
        already = sum(objective in item.objectives for item in drawn)
        pool = [i for i in candidates if objective in i.objectives and i.id not in taken]
        rng = random.Random(f"{seed}:{bank.id}:{objective}:per-objective")
        for item in rng.sample(pool, min(len(pool), max(0, per_objective - already))):
            drawn.append(item)
            taken.add(item.id)
    return drawn


def objective_shortages(
    bank: Bank,
    *,
    per_objective: int,
    tags: Collection[str] | None = None,
    objectives: Collection[str] | None = None,
    difficulty: int | Collection[int] | None = None,
) -> list[ObjectiveShortage]:
    """The objectives that have fewer than ``per_objective`` items for this draw, in course order.

    Same options as :func:`draw_per_objective`; empty when the draw can cover every objective.
    """
    return _plan(bank, per_objective, tags, objectives, difficulty)[2]


def _plan(
    bank: Bank,
    per_objective: int,
    tags: Collection[str] | None,
    objectives: Collection[str] | None,
    difficulty: int | Collection[int] | None,
) -> tuple[list[str], list[Item], list[ObjectiveShortage]]:
    """The objectives to cover, the candidate items and the objectives short of items."""
    if isinstance(per_objective, bool) or per_objective < 1:
        raise CourseDrawError(f"per_objective must be 1 or more, not {per_objective!r}")
    levels = _levels(difficulty)
    of_level = [item for item in bank.items if levels is None or item.difficulty in levels]
    known = {objective for item in of_level for objective in item.objectives}
    wanted = (
        select_objectives(objectives, known) if objectives else sorted(known, key=objective_key)
    )
    candidates = [item for item in of_level if not tags or set(item.tags) & set(tags)]
    shortages = []
    for objective in wanted:
        found = sum(objective in item.objectives for item in candidates)
        if found < per_objective:
            shortages.append(ObjectiveShortage(objective, found, per_objective))
    return wanted, candidates, shortages


def coverage(items: Iterable[Item], objectives: Iterable[str] = ()) -> dict[str, int]:
    """How many of ``items`` assess each objective, in course order.

    Objectives listed in ``objectives`` appear even with 0 items, so a gap shows.

    Examples
    --------
    >>> from edukit.quiz import Source, TrueFalseItem
    >>> item = TrueFalseItem(id="q", prompt="?", objectives=["l09-o2", "l09-o1"], answer=True,
    ...     source=Source(title="t", date="2024"))
    >>> coverage([item], ["l10-o1"])
    {'l09-o1': 1, 'l09-o2': 1, 'l10-o1': 0}
    """
    counts = dict.fromkeys(objectives, 0)
    for item in items:
        for objective in item.objectives:
            counts[objective] = counts.get(objective, 0) + 1
    return {objective: counts[objective] for objective in sorted(counts, key=objective_key)}
