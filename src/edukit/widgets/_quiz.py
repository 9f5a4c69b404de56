"""The Quiz widget: a bank drawn into a payload that its JS shows and grades with no kernel.

Python only loads, draws and builds the :class:`~edukit.quiz.QuizPayload`; answering,
grading (exactly like :func:`edukit.quiz.check_answer`), feedback, attempts and saved progress
all live in ``static/quiz.js``, the same module in JupyterLab and on the site. The
```` ```edukit-quiz ```` Markdown block is registered here too (:func:`quiz_block`).

A quiz draws from one bank (``bank``), several (``banks=[…]``) or every bank of the course
(``banks="all"``: each folder of ``exercises/`` holding ``*.yml``); ``per_objective=N`` draws N
items for each objective (:func:`edukit.quiz._course_draw.draw_per_objective`), so that the
positioning test (``tags=["positionnement"]``) and the final evaluation
(``tags=["evaluation-finale"]``) assess every objective with disjoint items.

**The saved record.** ``quiz.js`` keeps one record per quiz in the learner's store
(``store.js``: localStorage key ``edukit:v1:<course>:<key>``, value ``{"value": record,
"updated": ISO time}``); the progress file exports it and ``edukit.progress`` reads it for the
trainer's report. The record (``RECORD_VERSION = 1``)::

    {
      "version": 1,
      "mode": "practice" | "evaluation",
      "purpose": "positionnement" | "evaluation-finale" | "entrainement",  # absent when unset
      "lesson": "l01-accueil-positionnement",     # the lesson page of the block; absent if none
      "items": {                                  # only questions answered at least once
        "<item id>": {                            # ids are unique in the course (checked)
          "answer": …,            # as the controls hold it; null for « Je ne sais pas »
          "score": 0.0 … 1.0,     # 0 for « Je ne sais pas »
          "tries": 1,             # submissions, « Je ne sais pas » included
          "done": true,           # no more tries (right, out of tries, or answer shown)
          "objectives": ["l09-o1"],   # copied from the bank at draw time
          "tags": ["positionnement"], # copied from the bank at draw time
          "answered": "2025-06-02T09:30:00.000Z",   # time of the last submission (UTC)
          "dont_know": true       # present (true) only when the last answer is « Je ne sais pas »
        }
      },
      "score": 3.5,               # sum of item scores
      "total": 10,                # questions in the quiz
      "completed": false          # every question done
    }

``purpose`` says which test the answers count for: ``positionnement`` (lesson 1),
``evaluation-finale`` (lesson 20) or ``entrainement`` (practice, never counted). It defaults to
``entrainement`` in practice mode and is unset in evaluation mode, where the trainer's report
falls back to each item's tags.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Callable, Collection, Sequence
from pathlib import Path
from typing import Any, Literal, TypeAlias, get_args

import httpx
import traitlets

from edukit._problems import Problem, ProblemError, Severity
from edukit.course import COURSE_FILE, FACTS_FILE, course_root, find_facts
from edukit.quiz import Bank, DrawError, Item, draw, load_bank, practice_bank, quiz_payload
from edukit.quiz._course_draw import (
    ALL_BANKS,
    BANKS_FOLDER,
    CourseDrawError,
    ObjectiveShortage,
    bank_folders,
    draw_per_objective,
    merge_banks,
    objective_shortages,
    select_objectives,
)
from edukit.quiz._payload import Mode
from edukit.site._cache import Memo, content_key, files_digest
from edukit.site._widgets import BlockContext, register_block
from edukit.widgets._base import STATIC, EdukitWidget

__all__ = ["PURPOSES", "Purpose", "Quiz", "quiz_block"]

MODES: tuple[str, ...] = get_args(Mode)
Purpose: TypeAlias = Literal["positionnement", "evaluation-finale", "entrainement"]
PURPOSES: tuple[str, ...] = get_args(Purpose)
_IDENTIFIER = re.compile(r"[a-z0-9][a-z0-9-]*")
ITEMS_BANK_ID = "items"
"""The bank id used in the storage key of a quiz built from ``items=[...]``."""

# Notes shown in the cell (learners and trainers read them: French).
BANK_NOT_FOUND = (
    "la banque de questions « {bank} » est introuvable (cherchée depuis {cwd} et ses dossiers "
    "parents). Donnez le chemin d'un dossier de banque, par exemple exercises/provenance, ou "
    "d'un fichier .yml."
)
BANK_HAS_PROBLEMS = (
    "la banque de questions « {bank} » contient {count} erreur(s) ; corrigez-la "
    "(la commande « edukit check » les liste toutes) :\n{problems}"
)
TOO_FEW_ITEMS = (
    "le tirage demande {count} question(s), mais seules {found} question(s) de la banque "
    "« {bank} » correspondent aux filtres{filters}. Demandez-en moins ou élargissez les filtres."
)
NO_ITEMS = "aucune question de la banque « {bank} » ne correspond aux filtres{filters}."
NO_BANKS = (
    "aucune banque de questions trouvée : le dossier {folder} est introuvable ou vide (cherché "
    "depuis {cwd} et ses dossiers parents)."
)
SAME_ITEM_ID = (
    "la question « {item} » existe dans plusieurs banques ({banks}) : les réponses sont "
    "enregistrées par identifiant de question, donnez-lui un identifiant unique dans le cours."
)
UNKNOWN_OBJECTIVES = (
    "aucun objectif des questions ne correspond à {selectors}. Donnez des identifiants "
    "d'objectifs (l09-o1), des débuts de leçon (l09) ou des identifiants de leçons."
)
TOO_FEW_PER_OBJECTIVE = (
    "le tirage demande {count} question(s) par objectif{tagged}, mais {number} objectif(s) "
    "n'en ont pas assez : {listed}. Ajoutez des questions à ces objectifs dans les banques, ou "
    "laissez ces objectifs de côté avec « objectives »."
)

CLASSROOM_URL_ENV = "EDUKIT_CLASSROOM_URL"
"""The training room's address (``http://192.168.1.20:8000/``) for notebook quizzes."""
CLASSROOM_TOKEN_ENV = "EDUKIT_CLASSROOM_TOKEN"
"""The learner's join token (``/api/rejoindre``'s ``jeton``); it stays in the kernel."""
SYNC_TIMEOUT = 10.0
MAX_SYNC_RECORDS = 20
CLASSROOM_NO_ANSWER = "le serveur de la salle ne répond pas ({error})"
CLASSROOM_REFUSED = "le serveur de la salle a refusé l'envoi (code {status})"
CLASSROOM_BAD_URL = (
    "l'adresse de la salle « {url} » n'est pas une adresse web : écrivez par exemple "
    "http://192.168.1.20:8000/ (paramètre classroom ou variable EDUKIT_CLASSROOM_URL)."
)

BLOCK_KEYS = ("bank", "banks", "draw", "mode", "purpose", "attempts", "title")
DRAW_KEYS = ("count", "per_objective", "tags", "objectives", "difficulty", "seed")


class Quiz(EdukitWidget):
    """A quiz drawn from question banks, answered and graded in the browser.

    Parameters
    ----------
    bank
        A bank folder or ``.yml`` file (found from the current folder or one of its parents,
        so a notebook in ``notebooks/`` finds ``exercises/…``), or a loaded
        :class:`~edukit.quiz.Bank`.
    banks
        Several banks (paths or :class:`~edukit.quiz.Bank`), drawn as one; or ``"all"``: every
        bank folder of ``exercises/``. Item ids must be unique across them.
    items
        Items to ask instead of a bank (drawn with the same options).
    count, tags, objectives, difficulty, seed
        The draw, as :func:`edukit.quiz.draw`: ``count=None`` asks every matching item.
        ``objectives`` takes objective ids (``l09-o1``), lesson prefixes (``l09``) or lesson ids.
    per_objective
        Draw this many items for **each** objective of the selected items instead of ``count``
        (:func:`~edukit.quiz._course_draw.draw_per_objective`): with ``tags=["positionnement"]``
        or ``tags=["evaluation-finale"]``, the positioning test and the final evaluation.
    allow_missing
        With ``per_objective``: draw what there is for objectives short of items instead of
        showing a problem; :attr:`missing` lists them (an explicit gap, never a silent one).
    mode
        ``"practice"``: feedback, explanation and source after each answer.
        ``"evaluation"``: answers lock once submitted, the key ships only as salted hashes,
        a final score.
    purpose
        ``"positionnement"``, ``"evaluation-finale"`` or ``"entrainement"``, saved in the record
        for the trainer's report; default ``"entrainement"`` in practice mode, unset in
        evaluation mode.
    attempts
        Submissions allowed per question (« Je ne sais pas » counts as one); default unlimited
        in practice, 1 in evaluation.
    classroom, classroom_token
        The training room's address (``edukit classroom``) and the learner's join token; by
        default the ``EDUKIT_CLASSROOM_URL`` and ``EDUKIT_CLASSROOM_TOKEN`` environment
        variables (a JupyterHub sets them per learner). With both, each saved answer also goes
        to the room through the kernel (``POST /api/sync``); the token never reaches the page.
    classroom_client
        An :class:`httpx.Client` to send with (tests give the room's test client).
    lang, title, course, lesson
        Interface language (``"fr"`` or ``"en"``), a title (default: the bank's), the course
        id under which progress is saved (default: the site's), the lesson id saved in the
        record (the Markdown block sets it).

    A bank or draw that cannot be used gives a readable note in the cell, never a blank output.

    Examples
    --------
    >>> from edukit.quiz import Source, TrueFalseItem
    >>> item = TrueFalseItem(id="terre", prompt="La Terre est ronde.", objectives=["o"],
    ...     answer=True, source=Source(title="Atlas", date="2024"))
    >>> quiz = Quiz(items=[item], mode="evaluation", purpose="positionnement")
    >>> quiz.attempts, quiz.payload["mode"], quiz.payload["items"][0]["practice"], quiz.purpose
    (1, 'evaluation', None, 'positionnement')
    >>> Quiz(items=[item]).purpose
    'entrainement'
    >>> Quiz("no/such/bank").error.startswith("la banque de questions « no/such/bank »")
    True
    """

    widget_name = "quiz"
    _esm = STATIC / "quiz.js"
    _css = STATIC / "quiz.css"

    payload = traitlets.Dict(
        help="The QuizPayload (edukit.quiz.quiz_payload): items and what the JS grades them with."
    ).tag(sync=True)
    mode = traitlets.Unicode("practice", help="'practice' or 'evaluation'.").tag(sync=True)
    purpose = traitlets.Unicode(
        "", help="'positionnement', 'evaluation-finale', 'entrainement' or '' (unset)."
    ).tag(sync=True)
    attempts = traitlets.Int(0, help="Submissions allowed per question; 0 = unlimited.").tag(
        sync=True
    )
    title = traitlets.Unicode("", help="Shown above the questions.").tag(sync=True)
    lesson = traitlets.Unicode("", help="The lesson id saved in the record, or ''.").tag(sync=True)
    key = traitlets.Unicode(
        "", help="Key of the saved answers in the learner's store (bank, draw and mode)."
    ).tag(sync=True)
    classroom_sync = traitlets.Bool(
        False, help="Whether the JS sends each saved record to the kernel for the training room."
    ).tag(sync=True)

    def __init__(
        self,
        bank: str | Path | Bank | None = None,
        *,
        banks: str | Sequence[str | Path | Bank] | None = None,
        items: Sequence[Item] | None = None,
        count: int | None = None,
        per_objective: int | None = None,
        tags: Collection[str] | None = None,
        objectives: Collection[str] | None = None,
        difficulty: int | Collection[int] | None = None,
        seed: int | str = 0,
        mode: Mode = "practice",
        purpose: Purpose | None = None,
        attempts: int | None = None,
        allow_missing: bool = False,
        classroom: str | None = None,
        classroom_token: str | None = None,
        classroom_client: httpx.Client | None = None,
        **kwargs: Any,
    ) -> None:
        if mode not in MODES:
            raise ValueError(f"mode must be 'practice' or 'evaluation', not {mode!r}")
        if purpose is not None and purpose not in PURPOSES:
            raise ValueError(f"purpose must be one of {', '.join(PURPOSES)}, not {purpose!r}")
        if attempts is not None and (isinstance(attempts, bool) or attempts < 1):
            raise ValueError(
                f"attempts must be 1 or more (or None for the default), not {attempts!r}"
            )
        if sum(source is not None for source in (bank, banks, items)) != 1:
            raise TypeError(
                "give one of a bank (path or Bank), banks=[...] or 'all', or items=[...]"
            )
        if count is not None and per_objective is not None:
            raise ValueError("give count or per_objective, not both")
        if per_objective is not None and (isinstance(per_objective, bool) or per_objective < 1):
            raise ValueError(f"per_objective must be 1 or more, not {per_objective!r}")
        lesson = str(kwargs.get("lesson", ""))
        if lesson and not _IDENTIFIER.fullmatch(lesson):
            raise ValueError(f"lesson must be a lesson id such as l09-provenance, not {lesson!r}")
        limit = attempts if attempts is not None else (1 if mode == "evaluation" else 0)
        if purpose is None:
            purpose = "entrainement" if mode == "practice" else None
        if "course" not in kwargs:
            kwargs["course"] = notebook_course_id()
        super().__init__(mode=mode, attempts=limit, purpose=purpose or "", **kwargs)
        room = _classroom_of(classroom, classroom_token, classroom_client)
        if isinstance(room, str):
            self.show_problem(room)
            room = None
        self._classroom: _Classroom | None = room
        self.classroom_sync = self._classroom is not None
        self.on_msg(self._on_message)
        self.drawn: list[Item] = []
        """The items asked, in the order shown."""
        self.missing: list[ObjectiveShortage] = []
        """With ``allow_missing``: the objectives that got fewer items than ``per_objective``."""
        self._allow_missing = allow_missing
        source: Bank | None
        if items is not None:
            source = Bank(id=ITEMS_BANK_ID, title="", items=list(items))
        elif banks is not None:
            source = self._load_banks(banks)
        else:
            assert bank is not None
            source = self._load_bank(bank)
        if source is None:
            return
        if not self.title:
            self.title = source.title
        if self.purpose == "entrainement":  # practice shows answers: no test item (issue 18)
            try:
                source = practice_bank(source, tags)
            except DrawError as error:
                self.show_problem(str(error))
                return
        filters = {"tags": tags, "objectives": objectives, "difficulty": difficulty}
        self.drawn = self._draw(source, count, per_objective, seed, filters)
        if self.drawn:
            self._set_payload(source.id, seed)

    # -- the training room ---------------------------------------------------------------------

    def _on_message(self, widget: Any, content: Any, buffers: Any) -> None:
        if not isinstance(content, dict) or content.get("type") != "sync":
            return
        records = content.get("records")
        if self._classroom is None or not isinstance(records, list):
            return
        self.send({"type": "synced", **self._classroom.sync(records, self.lesson)})

    # -- loading -----------------------------------------------------------------------------

    def _load_bank(self, bank: str | Path | Bank) -> Bank | None:
        if isinstance(bank, Bank):
            return bank
        found = _find_bank(Path(str(bank)))
        loaded, problems = (None, []) if found is None else load_bank(found)
        errors = [p for p in problems if p.severity is Severity.ERROR]
        if loaded is None or errors:
            self._show_bank_problem(str(bank), found, errors)
            return None
        return loaded

    def _load_banks(self, banks: str | Sequence[str | Path | Bank]) -> Bank | None:
        if isinstance(banks, str | Path):
            if str(banks) != ALL_BANKS:
                raise ValueError(f"banks must be a list of banks or {ALL_BANKS!r}, not {banks!r}")
            folder = _find_bank(Path(BANKS_FOLDER))
            entries: Sequence[str | Path | Bank] = [] if folder is None else bank_folders(folder)
            if not entries:
                self.show_problem(NO_BANKS.format(folder=BANKS_FOLDER, cwd=Path.cwd()))
                return None
            bank_id = ALL_BANKS
        else:
            entries, bank_id = list(banks), None
            if not entries:
                raise ValueError("banks=[...] is empty: give at least one bank")
        loaded = []
        for entry in entries:
            bank = self._load_bank(entry)
            if bank is None:
                return None
            loaded.append(bank)
        try:
            return merge_banks(
                loaded, bank_id=bank_id, title="Questions de tout le cours" if bank_id else ""
            )
        except CourseDrawError as error:
            item, owners = error.duplicates[0]
            self.show_problem(SAME_ITEM_ID.format(item=item, banks=", ".join(owners)))
            return None

    # -- drawing -----------------------------------------------------------------------------

    def _draw(
        self,
        bank: Bank,
        count: int | None,
        per_objective: int | None,
        seed: int | str,
        filters: dict[str, Any],
    ) -> list[Item]:
        selectors = filters["objectives"]
        try:
            if per_objective is not None:
                options = {
                    "per_objective": per_objective,
                    "tags": filters["tags"],
                    "objectives": selectors,
                    "difficulty": filters["difficulty"],
                }
                if self._allow_missing:
                    self.missing = objective_shortages(bank, **options)
                return draw_per_objective(
                    bank, seed=seed, allow_missing=self._allow_missing, **options
                )
            if selectors:
                known = {objective for item in bank.items for objective in item.objectives}
                filters = {**filters, "objectives": select_objectives(selectors, known)}
        except CourseDrawError as error:
            self.show_problem(_french_draw_error(error, per_objective, filters["tags"]))
            return []
        matching = draw(bank, seed=seed, **filters)
        described = _describe(filters)
        if count is not None and count > len(matching):
            self.show_problem(
                TOO_FEW_ITEMS.format(
                    count=count, found=len(matching), bank=bank.id, filters=described
                )
            )
            return []
        if not matching:
            self.show_problem(NO_ITEMS.format(bank=bank.id, filters=described))
            return []
        return matching if count is None else draw(bank, count=count, seed=seed, **filters)

    def _set_payload(self, bank_id: str, seed: int | str) -> None:
        lang = self.lang if self.lang in ("fr", "en") else "fr"
        payload = quiz_payload(self.drawn, mode=self.mode, seed=seed, lang=lang)  # type: ignore[arg-type]
        fingerprint = json.dumps(
            [
                payload["version"],
                self.mode,
                self.purpose,
                str(seed),
                [item.id for item in self.drawn],
            ]
        )
        digest = hashlib.sha256(fingerprint.encode()).hexdigest()[:12]
        self.key = f"quiz:{bank_id}:{digest}"
        self.payload = dict(payload)

    def _show_bank_problem(self, bank: str, found: Path | None, problems: list[Problem]) -> None:
        if found is None or not problems:
            self.show_problem(BANK_NOT_FOUND.format(bank=bank, cwd=Path.cwd()))
            return
        shown = [str(problem.relative_to(Path.cwd())) for problem in problems[:5]]
        if len(problems) > 5:
            shown.append(f"… et {len(problems) - 5} autre(s)")
        self.show_problem(
            BANK_HAS_PROBLEMS.format(bank=bank, count=len(problems), problems="\n".join(shown))
        )


def _french_draw_error(
    error: CourseDrawError, per_objective: int | None, tags: Collection[str] | None
) -> str:
    if error.unknown:
        return UNKNOWN_OBJECTIVES.format(selectors=", ".join(f"« {s} »" for s in error.unknown))
    if error.shortages:
        listed = ", ".join(f"{s.objective} ({s.found} sur {s.needed})" for s in error.shortages)
        tagged = f" avec l'étiquette {', '.join(sorted(tags))}" if tags else ""
        return TOO_FEW_PER_OBJECTIVE.format(
            count=per_objective, tagged=tagged, number=len(error.shortages), listed=listed
        )
    return str(error)


def _find_bank(path: Path) -> Path | None:
    """``path`` as given, under the nearest parent folder of the current one that has it, or in
    the course shipped with edukit."""
    if path.is_absolute():
        return path if path.exists() else None
    for folder in (Path.cwd(), *Path.cwd().parents):
        if (folder / path).exists():
            return folder / path
    # A notebook downloaded into an empty folder: the course shipped with edukit.
    root = course_root()
    if root is not None and (root / path).exists():
        return root / path
    return None


def _describe(filters: dict[str, Any]) -> str:
    names = {"tags": "étiquettes", "objectives": "objectifs", "difficulty": "difficulté"}
    parts = []
    for key, value in filters.items():
        if value is None or (not isinstance(value, int) and not value):
            continue
        values = [value] if isinstance(value, int) else sorted(value)
        parts.append(f"{names[key]} {', '.join(str(v) for v in values)}")
    return f" ({' ; '.join(parts)})" if parts else ""


# -- the Markdown block -----------------------------------------------------------------------


def quiz_block(data: dict[str, Any], context: BlockContext) -> tuple[str, dict[str, Any]]:
    """Build the ```` ```edukit-quiz ```` block of a lesson page.

    ```` ```edukit-quiz ````
    ``bank: exercises/provenance`` (from the repository root), or ``banks: [exercises/a,
    exercises/b]``, or ``banks: all`` (every bank folder of ``exercises/``);
    ``draw: {count | per_objective, tags, objectives, difficulty, seed}`` (``objectives`` takes
    objective ids, lesson prefixes such as ``l09`` or lesson ids); ``mode: practice|evaluation``;
    ``purpose: positionnement|evaluation-finale|entrainement``; ``attempts: N``; ``title: "…"``.
    A block in ``courses/<module>/<lesson>.md`` saves its lesson id in the record. Mistakes in
    the block or in the banks raise :class:`~edukit._problems.ProblemError` with ``path:line``
    problems.
    """
    lines = _block_lines(context)

    def fail(key: tuple[str, ...], message: str, hint: str = "") -> ProblemError:
        return ProblemError([context.problem(message, hint, line=lines.get(key))])

    for key in data:
        if key not in BLOCK_KEYS:
            raise fail(
                (key,),
                f"the key '{key}' is unknown in an edukit-quiz block",
                "use " + ", ".join(BLOCK_KEYS),
            )
    root = context.root.resolve()
    bank = _block_bank(data, root, fail)
    draw_options = data.get("draw") or {}
    if not isinstance(draw_options, dict):
        raise fail(("draw",), "'draw' must hold keys", "write draw: {count: 5, seed: 1}")
    for key in draw_options:
        if key not in DRAW_KEYS:
            raise fail(
                ("draw", key), f"the draw key '{key}' is unknown", "use " + ", ".join(DRAW_KEYS)
            )
    mode = data.get("mode", "practice")
    if mode not in MODES:
        raise fail(("mode",), f"the mode '{mode}' is unknown", "use practice or evaluation")
    purpose = data.get("purpose")
    if purpose is not None and purpose not in PURPOSES:
        raise fail(
            ("purpose",), f"the purpose '{purpose}' is unknown", "use " + ", ".join(PURPOSES)
        )
    attempts = data.get("attempts")
    if attempts is not None and (
        isinstance(attempts, bool) or not isinstance(attempts, int) or attempts < 1
    ):
        raise fail(("attempts",), f"attempts must be a whole number ≥ 1, not {attempts!r}")
    for key in ("tags", "objectives"):
        value = draw_options.get(key)
        if value is not None and not (
            isinstance(value, list) and all(isinstance(v, str) for v in value)
        ):
            raise fail(("draw", key), f"'draw: {key}' must be a list of ids", f"{key}: [a, b]")
    for key in ("count", "per_objective"):
        number = draw_options.get(key)
        if number is not None and (
            isinstance(number, bool) or not isinstance(number, int) or number < 1
        ):
            raise fail(("draw", key), f"'draw: {key}' must be a whole number ≥ 1, not {number!r}")
    count, per_objective = draw_options.get("count"), draw_options.get("per_objective")
    if count is not None and per_objective is not None:
        raise fail(
            ("draw", "per_objective"),
            "'draw' has both count and per_objective",
            "keep one: count draws a number of items, per_objective a number per objective",
        )
    difficulty = draw_options.get("difficulty")
    levels = difficulty if isinstance(difficulty, list) else [difficulty]
    if difficulty is not None and not all(level in (1, 2, 3) for level in levels):
        raise fail(("draw", "difficulty"), "'draw: difficulty' must be 1, 2, 3 or a list of them")
    seed = draw_options.get("seed", 0)
    if not isinstance(seed, int | str) or isinstance(seed, bool):
        raise fail(("draw", "seed"), f"'draw: seed' must be a number or a word, not {seed!r}")
    title = data.get("title", "")
    if not isinstance(title, str):
        raise fail(("title",), "'title' must be text", "put the title in quotes")
    tags, selectors = draw_options.get("tags"), draw_options.get("objectives")
    try:
        if per_objective is not None:
            draw_per_objective(bank, per_objective=per_objective, tags=tags,
                               objectives=selectors, difficulty=difficulty, seed=seed)  # fmt: skip
        else:
            known = {objective for item in bank.items for objective in item.objectives}
            chosen = select_objectives(selectors, known) if selectors else None
            draw(bank, seed=seed, count=count, tags=tags, objectives=chosen,
                 difficulty=difficulty)  # fmt: skip
    except CourseDrawError as error:
        where = ("draw", "objectives") if error.unknown else ("draw",)
        raise fail(where, str(error)) from None
    except DrawError as error:
        raise fail(("draw",), str(error)) from None
    quiz = Quiz(
        bank,
        count=count,
        per_objective=per_objective,
        tags=tags,
        objectives=selectors,
        difficulty=difficulty,
        seed=seed,
        mode=mode,
        purpose=purpose,
        attempts=attempts,
        lang=context.lang,
        title=title,
        lesson=_lesson_of(context.path, root),
        course="",  # the page's <meta name="edukit-course"> says it
    )
    if not quiz.drawn and quiz.error:
        raise fail(("draw",), quiz.error)
    if not quiz.drawn:
        raise fail(
            ("draw",),
            f"no item of bank '{bank.id}' matches the draw filters",
            "widen the tags, objectives or difficulty",
        )
    return "quiz", quiz.page_state()["state"]


_Fail: TypeAlias = Callable[..., ProblemError]


class _Classroom:
    """The training room a notebook quiz sends its records to (``POST {url}api/sync``, the
    contract of ``edukit classroom``), with the learner's token, from the kernel."""

    def __init__(self, url: str, token: str, client: httpx.Client | None) -> None:
        self.url = url
        self._token = token
        self._client = client

    def sync(self, records: list[Any], lesson: str) -> dict[str, Any]:
        """Send quiz records; ``{"ok": True, "ack": [keys]}`` or ``{"ok": False, "reason": …}``
        (French, shown under the quiz; the records stay in the browser and go again)."""
        kept = [
            {"key": r["key"], "updated": r.get("updated"), "value": r.get("value")}
            for r in records[:MAX_SYNC_RECORDS]
            if isinstance(r, dict)
            and isinstance(r.get("key"), str)
            and r["key"].startswith("quiz:")
        ]
        if not kept:
            return {"ok": False, "reason": "aucune réponse à envoyer"}
        body = {"records": kept, "page": "notebook", "lecon": lesson or None}
        headers = {"Authorization": f"Bearer {self._token}"}
        try:
            if self._client is not None:
                response = self._client.post(self.url + "api/sync", json=body, headers=headers)
            else:
                response = httpx.post(
                    self.url + "api/sync", json=body, headers=headers, timeout=SYNC_TIMEOUT
                )
        except httpx.HTTPError as error:
            return {"ok": False, "reason": CLASSROOM_NO_ANSWER.format(error=type(error).__name__)}
        try:
            answer = response.json()
        except ValueError:
            answer = None
        if response.status_code != 200 or not isinstance(answer, dict):
            message = answer.get("erreur") if isinstance(answer, dict) else None
            reason = CLASSROOM_REFUSED.format(status=response.status_code)
            return {"ok": False, "reason": f"{reason} : {message}" if message else reason}
        ack = [key for key in answer.get("ack") or [] if isinstance(key, str)]
        return {"ok": True, "ack": ack}


def _classroom_of(
    url: str | None, token: str | None, client: httpx.Client | None
) -> _Classroom | str | None:
    """The room from the parameters, else the environment; a French problem for a bad URL;
    ``None`` when no room (or no token) is configured."""
    url = url or os.environ.get(CLASSROOM_URL_ENV, "")
    token = token or os.environ.get(CLASSROOM_TOKEN_ENV, "")
    if not url or not token:
        return None
    if not re.fullmatch(r"https?://[^\s/]+(/\S*)?", url):
        return CLASSROOM_BAD_URL.format(url=url)
    return _Classroom(url if url.endswith("/") else url + "/", token.strip(), client)


_COURSE_ID = re.compile(r"^id:\s*['\"]?([\w.-]+)", re.M)


def notebook_course_id(start: Path | None = None) -> str:
    """The course id a notebook's quiz saves its answers under: the site's (``id`` of
    ``courses/course.yml`` in :func:`~edukit.course.course_root`), so that « Exporter ma
    progression » in JupyterLab writes the same progress file as the site; ``""`` (the store's
    default course) when no course is found.

    >>> notebook_course_id() == "ia-ethique-responsable"
    True
    """
    root = course_root(start)
    if root is None:
        return ""
    try:
        text = (root / COURSE_FILE).read_text(encoding="utf-8")
    except OSError:
        return ""
    match = _COURSE_ID.search(text)
    return match.group(1) if match else ""


def _block_bank(data: dict[str, Any], root: Path, fail: _Fail) -> Bank:
    """The bank of a block: ``bank``, or ``banks`` (a list, or ``all``) merged into one."""
    if "bank" in data and "banks" in data:
        raise fail(("banks",), "the block has both 'bank' and 'banks'", "keep one of them")
    if "banks" in data:
        value = data["banks"]
        if value == ALL_BANKS:
            paths = bank_folders(root / BANKS_FOLDER)
            if not paths:
                raise fail(("banks",), f"'banks: all' found no bank folder in {BANKS_FOLDER}/")
            keys: list[tuple[str, ...]] = [("banks",)] * len(paths)
        elif isinstance(value, list) and value and all(isinstance(v, str) for v in value):
            paths = [_block_path(root, entry, ("banks", str(i)), fail) for i, entry in enumerate(value)]  # fmt: skip
            keys = [("banks", str(index)) for index in range(len(value))]
        else:
            raise fail(
                ("banks",),
                "'banks' must be a list of bank folders or 'all'",
                "write banks: [exercises/provenance, exercises/securite-information] or banks: all",
            )
        loaded = [_block_load(path, key, root, fail) for path, key in zip(paths, keys, strict=True)]
        try:
            return merge_banks(
                loaded,
                bank_id=ALL_BANKS if value == ALL_BANKS else None,
                title="Questions de tout le cours" if value == ALL_BANKS else "",
            )
        except CourseDrawError as error:
            raise fail(("banks",), str(error)) from None
    if not isinstance(data.get("bank"), str) or not data["bank"].strip():
        raise fail(
            ("bank",),
            "the edukit-quiz block has no 'bank'",
            "add 'bank: exercises/<bank>' (a bank folder or .yml file), or 'banks: [...]' or "
            "'banks: all'",
        )
    return _block_load(_block_path(root, data["bank"], ("bank",), fail), ("bank",), root, fail)


def _block_path(root: Path, entry: str, key: tuple[str, ...], fail: _Fail) -> Path:
    path = (root / entry).resolve()
    if not path.is_relative_to(root):
        raise fail(key, f"the bank '{entry}' is outside the repository", "use exercises/…")
    return path


_LOADED: Memo[tuple[Bank | None, list[Problem]]] = Memo(size=64)
"""Banks loaded by blocks, keyed on the bank files' content: many blocks share a bank."""


def _load_bank_once(path: Path) -> tuple[Bank | None, list[Problem]]:
    # Item text resolves the course's [[fait:…]] placeholders: the facts file is an input too.
    facts = files_digest([find_facts(path).path])
    key = content_key("bank", path.as_posix(), files_digest([path]), facts)
    bank, problems = _LOADED.get_or_compute(key, lambda: load_bank(path))
    return bank, list(problems)


def _block_load(path: Path, key: tuple[str, ...], root: Path, fail: _Fail) -> Bank:
    bank, problems = _load_bank_once(path)
    errors = [problem.relative_to(root) for problem in problems]
    errors = [p for p in errors if p.severity is Severity.ERROR]
    if bank is None and not path.exists():
        raise fail(
            key,
            f"the bank '{path.relative_to(root).as_posix()}' does not exist",
            "give a bank folder (exercises/<bank>) or a .yml file, from the repository root",
        )
    if bank is None or errors:
        raise ProblemError(errors)
    return bank


def _lesson_of(path: Path, root: Path) -> str:
    """The lesson id of a page ``courses/<module>/<lesson>.md`` (else ``""``)."""
    try:
        parts = path.resolve().relative_to(root).parts
    except ValueError:
        return ""
    stem = Path(parts[-1]).stem if parts else ""
    is_lesson = len(parts) == 3 and parts[0] == "courses" and not stem.startswith(("_", "index"))
    return stem if is_lesson and _IDENTIFIER.fullmatch(stem) else ""


def _block_lines(context: BlockContext) -> dict[tuple[str, ...], int]:
    """The file line of each key of the block opened at ``context.line`` (best effort)."""
    from edukit._yaml import load_yaml

    try:
        text = context.path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return {}
    body: list[str] = []
    for line in text[context.line :]:
        if line.strip().startswith(("```", "~~~")):
            break
        body.append(line)
    try:
        document = load_yaml("\n".join(body), context.path, line_offset=context.line)
    except ProblemError:
        return {}
    return {tuple(str(part) for part in key): line for key, line in document.lines.items()}


def quiz_inputs(data: dict[str, Any], context: BlockContext) -> list[Any] | None:
    """What a quiz block reads besides its YAML: the bank files, by content (for the block
    cache); ``None`` when the block names no usable bank (it is then built, and fails)."""
    root = context.root.resolve()
    value = data.get("banks", data.get("bank"))
    if value == ALL_BANKS and "banks" in data:
        paths = [root / BANKS_FOLDER]
    elif isinstance(value, str):
        paths = [(root / value).resolve()]
    elif isinstance(value, list) and all(isinstance(entry, str) for entry in value):
        paths = [(root / entry).resolve() for entry in value]
    else:
        return None
    if not all(path.is_relative_to(root) for path in paths):
        return None
    return [files_digest([*paths, root / FACTS_FILE], base=root)]


register_block("quiz", quiz_block, inputs=quiz_inputs)
