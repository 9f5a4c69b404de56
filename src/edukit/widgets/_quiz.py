"""The Quiz widget: a bank drawn into a payload that its JS shows and grades with no kernel.

Python only loads, draws and builds the :class:`~edukit.quiz.QuizPayload`; answering,
grading (exactly like :func:`edukit.quiz.check_answer`), feedback, attempts and saved progress
all live in ``static/quiz.js``, the same module in JupyterLab and on the site. The
```` ```edukit-quiz ```` Markdown block is registered here too (:func:`quiz_block`).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection, Sequence
from pathlib import Path
from typing import Any, get_args

import traitlets

from edukit._problems import Problem, ProblemError, Severity
from edukit.quiz import Bank, DrawError, Item, draw, load_bank, quiz_payload
from edukit.quiz._payload import Mode
from edukit.site._widgets import BlockContext, register_block
from edukit.widgets._base import STATIC, EdukitWidget

__all__ = ["Quiz", "quiz_block"]

MODES: tuple[str, ...] = get_args(Mode)
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

BLOCK_KEYS = ("bank", "draw", "mode", "attempts", "title")
DRAW_KEYS = ("count", "tags", "objectives", "difficulty", "seed")


class Quiz(EdukitWidget):
    """A quiz drawn from a question bank, answered and graded in the browser.

    Parameters
    ----------
    bank
        A bank folder or ``.yml`` file (found from the current folder or one of its parents,
        so a notebook in ``notebooks/`` finds ``exercises/…``), or a loaded
        :class:`~edukit.quiz.Bank`.
    items
        Items to ask instead of a bank (drawn with the same options).
    count, tags, objectives, difficulty, seed
        The draw, as :func:`edukit.quiz.draw`: ``count=None`` asks every matching item.
    mode
        ``"practice"``: feedback, explanation and source after each answer.
        ``"evaluation"``: answers lock once submitted, the key ships only as salted hashes,
        a final score.
    attempts
        Submissions allowed per question; default unlimited in practice, 1 in evaluation.
    lang, title, course
        Interface language (``"fr"`` or ``"en"``), a title (default: the bank's), the course
        id under which progress is saved (default: the site's).

    A bank that cannot be used gives a readable note in the cell, never a blank output.

    Examples
    --------
    >>> from edukit.quiz import Source, TrueFalseItem
    >>> item = TrueFalseItem(id="terre", prompt="La Terre est ronde.", objectives=["o"],
    ...     answer=True, source=Source(title="Atlas", date="2024"))
    >>> quiz = Quiz(items=[item], mode="evaluation")
    >>> quiz.attempts, quiz.payload["mode"], quiz.payload["items"][0]["practice"]
    (1, 'evaluation', None)
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
    attempts = traitlets.Int(0, help="Submissions allowed per question; 0 = unlimited.").tag(
        sync=True
    )
    title = traitlets.Unicode("", help="Shown above the questions.").tag(sync=True)
    key = traitlets.Unicode(
        "", help="Key of the saved answers in the learner's store (bank, draw and mode)."
    ).tag(sync=True)

    def __init__(
        self,
        bank: str | Path | Bank | None = None,
        *,
        items: Sequence[Item] | None = None,
        count: int | None = None,
        tags: Collection[str] | None = None,
        objectives: Collection[str] | None = None,
        difficulty: int | Collection[int] | None = None,
        seed: int | str = 0,
        mode: Mode = "practice",
        attempts: int | None = None,
        **kwargs: Any,
    ) -> None:
        if mode not in MODES:
            raise ValueError(f"mode must be 'practice' or 'evaluation', not {mode!r}")
        if attempts is not None and (isinstance(attempts, bool) or attempts < 1):
            raise ValueError(
                f"attempts must be 1 or more (or None for the default), not {attempts!r}"
            )
        if (bank is None) == (items is None):
            raise TypeError("give either a bank (path or Bank) or items=[...], not both or neither")
        limit = attempts if attempts is not None else (1 if mode == "evaluation" else 0)
        super().__init__(mode=mode, attempts=limit, **kwargs)
        self.drawn: list[Item] = []
        """The items asked, in the order shown."""
        filters = {"tags": tags, "objectives": objectives, "difficulty": difficulty}
        source: Bank | str
        if items is not None:
            source = Bank(id=ITEMS_BANK_ID, title="", items=list(items))
        elif isinstance(bank, Bank):
            source = bank
        else:
            found = _find_bank(Path(str(bank)))
            loaded, problems = (None, []) if found is None else load_bank(found)
            errors = [p for p in problems if p.severity is Severity.ERROR]
            if loaded is None or errors:
                self._show_bank_problem(str(bank), found, errors)
                return
            source = loaded
        if not self.title:
            self.title = source.title
        self.drawn = self._draw(source, count, seed, filters)
        if self.drawn:
            self._set_payload(source.id, seed)

    def _draw(
        self, bank: Bank, count: int | None, seed: int | str, filters: dict[str, Any]
    ) -> list[Item]:
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
            [payload["version"], self.mode, str(seed), [item.id for item in self.drawn]]
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


def _find_bank(path: Path) -> Path | None:
    """``path`` as given, or under the nearest parent folder of the current one that has it."""
    if path.is_absolute():
        return path if path.exists() else None
    for folder in (Path.cwd(), *Path.cwd().parents):
        if (folder / path).exists():
            return folder / path
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
    ``bank: exercises/provenance`` (from the repository root), ``draw: {count, tags,
    objectives, difficulty, seed}``, ``mode: practice|evaluation``, ``attempts: N``,
    ``title: "…"``. Mistakes in the block or in the bank raise
    :class:`~edukit._problems.ProblemError` with ``path:line`` problems.
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
    if not isinstance(data.get("bank"), str) or not data["bank"].strip():
        raise fail(
            ("bank",),
            "the edukit-quiz block has no 'bank'",
            "add 'bank: exercises/<bank>' (a bank folder or .yml file)",
        )
    root = context.root.resolve()
    path = (root / data["bank"]).resolve()
    if not path.is_relative_to(root):
        raise fail(
            ("bank",), f"the bank '{data['bank']}' is outside the repository", "use exercises/…"
        )
    bank, problems = load_bank(path)
    errors = [problem.relative_to(root) for problem in problems]
    errors = [p for p in errors if p.severity is Severity.ERROR]
    if bank is None and not path.exists():
        raise fail(
            ("bank",),
            f"the bank '{data['bank']}' does not exist",
            "give a bank folder (exercises/<bank>) or a .yml file, from the repository root",
        )
    if bank is None or errors:
        raise ProblemError(errors)
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
    count = draw_options.get("count")
    if count is not None and (isinstance(count, bool) or not isinstance(count, int) or count < 1):
        raise fail(("draw", "count"), f"'draw: count' must be a whole number ≥ 1, not {count!r}")
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
    try:
        draw(bank, seed=seed, count=count, tags=draw_options.get("tags"),
             objectives=draw_options.get("objectives"), difficulty=difficulty)  # fmt: skip
    except DrawError as error:
        raise fail(("draw",), str(error)) from None
    quiz = Quiz(
        bank,
        count=count,
        tags=draw_options.get("tags"),
        objectives=draw_options.get("objectives"),
        difficulty=difficulty,
        seed=seed,
        mode=mode,
        attempts=attempts,
        lang=context.lang,
        title=title,
    )
    if not quiz.drawn:
        raise fail(
            ("draw",),
            f"no item of bank '{bank.id}' matches the draw filters",
            "widen the tags, objectives or difficulty",
        )
    return "quiz", quiz.page_state()["state"]


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


register_block("quiz", quiz_block)
