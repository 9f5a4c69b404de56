"""The Quiz widget: a bank drawn into a payload that its JS shows and grades with no kernel.

Python only loads, draws and builds the :class:`~edukit.quiz.QuizPayload`; answering,
grading (exactly like :func:`edukit.quiz.check_answer`), feedback, attempts and saved progress
all live in ``static/quiz.js``, the same module in JupyterLab and on the site. The options
are a :class:`~edukit.quiz.QuizSpec`, checked there; the ```` ```edukit-quiz ```` Markdown
block (``edukit.site.blocks.quiz``) builds the same widget from a draw it made once.

A quiz draws from one bank (``bank``), several (``banks=[…]``) or every bank of the course
(``banks="all"``: each folder of ``exercises/`` holding ``*.yml``); ``per_objective=N`` draws N
items for each objective (:func:`edukit.quiz.draw_per_objective`), so that the
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

import os
import re
from collections.abc import Collection, Sequence
from pathlib import Path
from typing import Any

import httpx
import traitlets
from pydantic import ValidationError

from edukit.course import COURSE_FILE, course_root
from edukit.quiz import (
    PURPOSES,
    Bank,
    Item,
    Mode,
    ObjectiveShortage,
    Purpose,
    QuizDraw,
    QuizDrawError,
    QuizSourceError,
    QuizSpec,
    draw_quiz,
    notebook_bank,
    quiz_state,
    spec_issues,
)
from edukit.widgets._base import STATIC, UNKNOWN_PARAMETER, EdukitWidget

__all__ = ["PURPOSES", "Purpose", "Quiz", "notebook_course_id"]

ITEMS_BANK_ID = "items"
"""The bank id used in the storage key of a quiz built from ``items=[...]``."""
GIVE_ONE_SOURCE = (
    "donnez une seule source de questions : une banque (chemin ou Bank), banks=[…] ou 'all', "
    "ou items=[…] (give one of a bank (path or Bank), banks=[...] or 'all', or items=[...])"
)
PARAMETERS = (
    "bank", "banks", "items", "count", "per_objective", "tags", "objectives", "difficulty",
    "seed", "mode", "purpose", "attempts", "allow_missing", "title", "lesson", "lang", "course",
    "classroom", "classroom_token", "classroom_client",
)  # fmt: skip

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
    count, per_objective, tags, objectives, difficulty, seed
        The draw (:class:`~edukit.quiz.DrawSpec`): ``count=None`` asks every matching item;
        ``per_objective`` draws that many items for **each** objective instead, so that the
        positioning test (``tags=["positionnement"]``) and the final evaluation
        (``tags=["evaluation-finale"]``) assess every objective. ``objectives`` takes
        objective ids (``l09-o1``), lesson prefixes (``l09``) or lesson ids.
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

    Options the spec refuses raise :class:`ValueError` (:class:`TypeError` for an unknown
    parameter or not exactly one source). A bank or draw that cannot be used gives a readable
    note in the cell, never a blank output.

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
        title: str = "",
        lesson: str = "",
        lang: str = "fr",
        course: str | None = None,
        classroom: str | None = None,
        classroom_token: str | None = None,
        classroom_client: httpx.Client | None = None,
        **unknown: object,
    ) -> None:
        for name in unknown:
            known = ", ".join(PARAMETERS)
            raise TypeError(UNKNOWN_PARAMETER.format(cls="Quiz", name=name, known=known))
        if items is not None:
            if bank is not None or banks is not None:
                raise TypeError(GIVE_ONE_SOURCE)
            bank = Bank(id=ITEMS_BANK_ID, title="", items=list(items))
        spec = _spec(
            bank=bank,
            banks=[banks] if isinstance(banks, Path) else banks,
            draw={"count": count, "per_objective": per_objective, "tags": tags,
                  "objectives": objectives, "difficulty": difficulty, "seed": seed},
            mode=mode, purpose=purpose, attempts=attempts, allow_missing=allow_missing,
            title=title, lesson=lesson,
        )  # fmt: skip
        self._open(spec, None, lang, course, (classroom, classroom_token, classroom_client))

    @classmethod
    def from_draw(
        cls, spec: QuizSpec, drawn: QuizDraw, *, lang: str = "fr", course: str = ""
    ) -> Quiz:
        """The quiz of a draw already made (:func:`edukit.quiz.draw_quiz`), shown as is: the
        site's block draws once, from the repository's banks.

        ``course=""`` (the default) saves under the page's course (its ``edukit-course`` meta).
        """
        quiz = cls.__new__(cls)
        quiz._open(spec, drawn, lang, course, (None, None, None))
        return quiz

    def _open(
        self,
        spec: QuizSpec,
        drawn: QuizDraw | None,
        lang: str,
        course: str | None,
        room: tuple[str | None, str | None, httpx.Client | None],
    ) -> None:
        super().__init__(
            lang=lang,
            course=notebook_course_id() if course is None else course,
            mode=spec.mode,
            attempts=spec.attempt_limit,
            purpose=spec.saved_purpose,
            title=spec.title,
            lesson=spec.lesson,
        )
        classroom = _classroom_of(*room)
        if isinstance(classroom, str):
            self.show_problem(classroom)
            classroom = None
        self._classroom: _Classroom | None = classroom
        self.classroom_sync = classroom is not None
        self.on_msg(self._on_message)
        self.drawn: list[Item] = []
        """The items asked, in the order shown."""
        self.missing: list[ObjectiveShortage] = []
        """With ``allow_missing``: the objectives that got fewer items than ``per_objective``."""
        if drawn is None:
            try:
                source = spec.bank if isinstance(spec.bank, Bank) else notebook_bank(spec)
                if not self.title:
                    self.title = source.title
                drawn = draw_quiz(spec, source)
            except QuizSourceError as error:
                self.show_problem(str(error))
                return
            except QuizDrawError as error:
                self.show_problem(error.note)
                return
        self.drawn, self.missing = list(drawn.items), list(drawn.missing)
        state = quiz_state(spec, drawn, lang=self.lang)
        self.title, self.key, self.payload = state["title"], state["key"], state["payload"]

    # -- the training room ---------------------------------------------------------------------

    def _on_message(self, widget: Any, content: Any, buffers: Any) -> None:
        if not isinstance(content, dict) or content.get("type") != "sync":
            return
        records = content.get("records")
        if self._classroom is None or not isinstance(records, list):
            return
        self.send({"type": "synced", **self._classroom.sync(records, self.lesson)})


def _spec(**options: Any) -> QuizSpec:
    """The spec of the widget's options; what it refuses becomes a Python error."""
    try:
        return QuizSpec(**options)
    except ValidationError as error:
        issues = [issue for issue in spec_issues(error) if issue is not None]
        if any(issue.rule == "source" for issue in issues):
            raise TypeError(GIVE_ONE_SOURCE) from None
        raise ValueError("\n".join(i.in_french() for i in issues) or str(error)) from None


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
