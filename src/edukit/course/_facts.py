"""The course's legal facts and key figures (``courses/faits.yml``), written once and cited
everywhere with placeholders.

In Markdown (lessons, guides, exercises, notebook Markdown cells) and in the text of bank items:

- ``[[fait:ID]]`` becomes the fact's statement;
- ``[[fait:ID:date]]`` its application (or key) date in French, « 2 décembre 2027 »;
- ``[[fait:ID:source]]`` its source citation.

A fact not checked against the official text (``verifie: false``) renders with « (à vérifier) ».
:func:`check_fact_uses` is what ``edukit check`` runs on the course's text: unknown facts,
placeholders asking for a date a fact does not have, and dates of facts copied by hand.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal
from urllib.parse import quote

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from pydantic_core import ErrorDetails

from edukit._problems import Problem, Severity
from edukit.course._errors import _describe, closest
from edukit.course._files import read_text, read_yaml

__all__ = [
    "FACTS_FILE",
    "PLACEHOLDER",
    "STALE_AFTER_DAYS",
    "TO_CHECK",
    "Fact",
    "FactBook",
    "FactChange",
    "FactSource",
    "changes_markdown",
    "check_fact_uses",
    "check_text",
    "course_texts",
    "fact_problems",
    "find_facts",
    "french_date",
    "hard_coded_dates",
    "load_facts",
    "stale_facts",
]

FACTS_FILE = Path("courses") / "faits.yml"
PLACEHOLDER = re.compile(r"\[\[fait:([^\]:\s]*)(?::([^\]]*))?\]\]")
"""``[[fait:ID]]``, ``[[fait:ID:date]]`` or ``[[fait:ID:source]]``."""
PARTS = ("date", "source")
TO_CHECK = "(à vérifier)"
"""Shown after a fact whose ``verifie`` is false."""
STALE_AFTER_DAYS = 183
"""A fact last checked longer ago than this (about six months) is reported."""
FACT_ID = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"

MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)
_SPACE = r"[ \u00a0\u202f]+"
_FRENCH_DATE = re.compile(
    rf"\b(1er|[1-9]|[12]\d|3[01]){_SPACE}({'|'.join(MONTHS)}){_SPACE}(\d{{4}})\b",
    re.IGNORECASE,
)
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")

# Messages, matched exactly by the tests (French, for authors).
_NB = "\u00a0"
UNKNOWN_FACT = f"le fait «{_NB}{{id}}{_NB}» est inconnu"
UNKNOWN_FACT_HINT = "ajoutez-le à courses/faits.yml, ou corrigez l'identifiant"
DID_YOU_MEAN = f"vouliez-vous dire «{_NB}{{guess}}{_NB}»{_NB}?"
UNKNOWN_PART = (
    f"«{_NB}[[fait:{{id}}:{{part}}]]{_NB}» demande «{_NB}{{part}}{_NB}», qui n'existe pas"
)
UNKNOWN_PART_HINT = "écrivez [[fait:{id}]], [[fait:{id}:date]] ou [[fait:{id}:source]]"
NO_DATE = (
    f"le fait «{_NB}{{id}}{_NB}» n'a pas de date{_NB}: [[fait:{{id}}:date]] ne peut pas s'afficher"
)
NO_DATE_HINT = (
    f"ajoutez «{_NB}date: AAAA-MM-JJ{_NB}» au fait dans courses/faits.yml, ou citez [[fait:{{id}}]]"
)
HARD_CODED = f"la date «{_NB}{{text}}{_NB}» est celle du fait {{ids}}, écrite à la main"
HARD_CODED_HINT = "écrivez {placeholders} à la place, pour suivre courses/faits.yml"
STALE = f"le fait «{_NB}{{id}}{_NB}» a été vérifié le {{date}}, il y a plus de 6 mois"
STALE_HINT = (
    f"relisez sa source, puis mettez à jour «{_NB}verifie_le{_NB}» "
    f"(et «{_NB}historique{_NB}» s'il a changé)"
)
DUPLICATE = (
    f"l'identifiant de fait «{_NB}{{id}}{_NB}» est utilisé deux fois (d'abord ligne {{first}})"
)
DUPLICATE_HINT = "donnez à chaque fait son propre identifiant"
NOT_A_LIST = f"courses/faits.yml doit contenir «{_NB}faits:{_NB}» suivi d'une liste de faits"
NOT_A_LIST_HINT = (
    f"commencez le fichier par «{_NB}faits:{_NB}», puis une entrée «{_NB}- id: …{_NB}» par fait"
)
UNKNOWN_KEY = f"la clé «{_NB}{{key}}{_NB}» est inconnue"
KNOWN_KEYS = "les clés connues sont {keys}"
MISSING = f"il manque «{_NB}{{key}}{_NB}»"
MISSING_HINT = f"ajoutez «{_NB}{{key}}: …{_NB}» (voir l'en-tête de courses/faits.yml)"
BAD_DATE = f"«{_NB}{{key}}{_NB}» doit être une date écrite AAAA-MM-JJ, pas «{_NB}{{value}}{_NB}»"
BAD_DATE_HINT = f"écrivez par exemple «{_NB}{{key}}: 2026-12-07{_NB}»"
BAD_ID = f"«{_NB}id{_NB}» ne doit contenir que a-z, 0-9 et des tirets, pas «{_NB}{{value}}{_NB}»"
BAD_ID_HINT = f"par exemple «{_NB}ai-act-annexe-iii{_NB}»"
BAD_URL = f"«{_NB}url{_NB}» doit commencer par https://, pas «{_NB}{{value}}{_NB}»"
BAD_URL_HINT = "donnez le lien du texte officiel (EUR-Lex, Légifrance, CNIL…)"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FactSource(_Strict):
    """Where a fact comes from: the text's title, the precise reference and a link."""

    titre: str = Field(min_length=1)
    reference: str = Field(min_length=1)
    url: str = Field(min_length=1, pattern=r"^https://")


class FactChange(_Strict):
    """One entry of a fact's history, shown on the page « Ce qui a changé »."""

    date: dt.date
    changement: str = Field(min_length=1)


class Fact(_Strict):
    """One legal fact or key figure, written once in ``courses/faits.yml``."""

    id: str = Field(pattern=FACT_ID)
    enonce: str = Field(min_length=1)
    date: dt.date | None = None
    valeur: str | None = None
    source: FactSource
    date_texte: dt.date
    verifie_le: dt.date
    verifie: bool
    note: str = ""
    historique: list[FactChange] = Field(min_length=1)

    def render(self, part: Literal["", "date", "source"] = "", *, markdown: bool = False) -> str:
        """The statement, the date or the source, with « (à vérifier) » when not checked.

        ``markdown`` makes the source a link and the author's text plain text in Markdown (no
        HTML tag, no emphasis).

        >>> fact = Fact.model_validate({
        ...     "id": "x", "enonce": "Un fait.", "date": "2027-12-02",
        ...     "source": {"titre": "T", "reference": "Art. 1", "url": "https://eur-lex.europa.eu"},
        ...     "date_texte": "2026-07-08", "verifie_le": "2026-12-07", "verifie": False,
        ...     "historique": [{"date": "2026-07-27", "changement": "Créé."}]})
        >>> fact.render(), fact.render("date"), fact.render("source")
        ('Un fait (à vérifier).', '2 décembre 2027 (à vérifier)', 'Art. 1 (à vérifier)')
        """
        marker = "" if self.verifie else f" {TO_CHECK}"
        if part == "date":
            return (french_date(self.date) if self.date else "") + marker
        if part == "source":
            reference = self.source.reference
            if markdown:
                label = _escape(reference).replace("[", "\\[").replace("]", "\\]")
                url = quote(self.source.url, safe=":/?#&=%;,.~+@!$'*-_")
                reference = f"[{label}]({url})"
            checked = f", vérifié le {french_date(self.verifie_le)}" if self.verifie else ""
            return f"{reference}{checked}{marker}"
        statement = _escape(self.enonce) if markdown else self.enonce
        # The marker goes inside the sentence, so that it is read with the fact it qualifies and
        # a sentence splitter does not count it in the next sentence.
        stripped = statement.rstrip()
        if marker and stripped[-1:] in ".!?…":
            return f"{stripped[:-1]}{marker}{stripped[-1]}"
        return f"{statement}{marker}"


@dataclass
class FactBook:
    """The facts of a course, by id, and the line where each one starts."""

    facts: dict[str, Fact] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)
    path: Path = FACTS_FILE

    def __contains__(self, fact_id: object) -> bool:
        return fact_id in self.facts

    def get(self, fact_id: str) -> Fact | None:
        return self.facts.get(fact_id)

    def unknown_hint(self, fact_id: str) -> str:
        guess = closest(fact_id, sorted(self.facts))
        return DID_YOU_MEAN.format(guess=guess) if guess else UNKNOWN_FACT_HINT

    def placeholder_problem(self, fact_id: str, part: str | None) -> tuple[str, str] | None:
        """What is wrong with ``[[fait:fact_id:part]]`` (message, hint), or ``None``."""
        fact = self.facts.get(fact_id)
        if fact is None:
            return UNKNOWN_FACT.format(id=fact_id), self.unknown_hint(fact_id)
        if part is not None and part not in PARTS:
            return UNKNOWN_PART.format(id=fact_id, part=part), UNKNOWN_PART_HINT.format(id=fact_id)
        if part == "date" and fact.date is None:
            return NO_DATE.format(id=fact_id), NO_DATE_HINT.format(id=fact_id)
        return None

    def resolve(
        self,
        text: str,
        *,
        markdown: bool = False,
        escape: Callable[[str], str] | None = None,
        on_problem: Callable[[str, str, int], None] | None = None,
    ) -> str:
        """``text`` with every placeholder replaced; a wrong one is left as written and
        reported to ``on_problem(message, hint, offset)``. ``markdown`` links the source;
        ``escape`` (e.g. ``html.escape``) is applied to each replacement.

        >>> FactBook().resolve("Voir [[fait:nope]].")
        'Voir [[fait:nope]].'
        """

        def replace(match: re.Match[str]) -> str:
            fact_id, part = match.group(1), match.group(2)
            problem = self.placeholder_problem(fact_id, part)
            if problem is not None:
                if on_problem is not None:
                    on_problem(problem[0], problem[1], match.start())
                return match.group(0)
            shown = self.facts[fact_id].render(part or "", markdown=markdown)  # type: ignore[arg-type]
            return escape(shown) if escape is not None else shown

        return PLACEHOLDER.sub(replace, text)

    def ids_of_date(self, date: dt.date) -> list[str]:
        return sorted(fact.id for fact in self.facts.values() if fact.date == date)


def french_date(date: dt.date) -> str:
    """A date the French way.

    >>> french_date(dt.date(2027, 12, 2)), french_date(dt.date(2024, 8, 1))
    ('2 décembre 2027', '1er août 2024')
    """
    day = "1er" if date.day == 1 else str(date.day)
    return f"{day} {MONTHS[date.month - 1]} {date.year}"


def _keys(loc: tuple[int | str, ...]) -> list[str]:
    """The keys accepted next to the key at ``loc`` in a fact."""
    if loc[:1] == ("source",):
        return list(FactSource.model_fields)
    if loc[:1] == ("historique",):
        return list(FactChange.model_fields)
    return list(Fact.model_fields)


def _describe_fact_error(details: ErrorDetails, key: str) -> tuple[str, str]:
    """A French message for one pydantic error about a fact."""
    kind, value = details["type"], details.get("input")
    if kind.startswith("date_"):
        return BAD_DATE.format(key=key, value=value), BAD_DATE_HINT.format(key=key)
    if kind == "string_pattern_mismatch" and key == "id":
        return BAD_ID.format(value=value), BAD_ID_HINT
    if kind == "string_pattern_mismatch" and key == "url":
        return BAD_URL.format(value=value), BAD_URL_HINT
    if kind == "missing":
        return MISSING.format(key=key), MISSING_HINT.format(key=key)
    if kind == "extra_forbidden":
        known = _keys(details["loc"])
        guess = closest(key, known)
        hint = (
            DID_YOU_MEAN.format(guess=guess) if guess else KNOWN_KEYS.format(keys=", ".join(known))
        )
        return UNKNOWN_KEY.format(key=key), hint
    return _describe(details, Fact)


def load_facts(root: Path | str) -> tuple[FactBook, list[Problem]]:
    """Read ``courses/faits.yml`` under ``root``; a course without the file has no facts.

    Never raises for an author's mistake: a fact with a mistake is left out and reported.
    """
    path = Path(root) / FACTS_FILE
    book = FactBook(path=path)
    if not path.is_file():
        return book, []
    document, problems = read_yaml(path)
    if document is None:
        return book, problems
    data = document.data
    raw_facts = data.get("faits") if isinstance(data, dict) else None
    if not isinstance(raw_facts, list):
        where = ("faits",) if isinstance(data, dict) and "faits" in data else ()
        return book, [Problem(path, document.line(*where), NOT_A_LIST, NOT_A_LIST_HINT)]
    if isinstance(data, dict):
        for extra in (name for name in data if name != "faits"):
            problems.append(
                Problem(
                    path,
                    document.line(extra),
                    UNKNOWN_KEY.format(key=extra),
                    f"courses/faits.yml ne contient que «{_NB}faits:{_NB}»",
                )
            )
    for index, raw in enumerate(raw_facts):
        line = document.line("faits", index)
        try:
            fact = Fact.model_validate(raw)
        except ValidationError as error:
            errors = error.errors()
            # A misspelt key is one mistake: report the unknown key, not also the missing one.
            renamed = {
                (details["loc"][:-1], closest(str(details["loc"][-1]), _keys(details["loc"])))
                for details in errors
                if details["type"] == "extra_forbidden"
            }
            for details in errors:
                if details["type"] == "missing" and (
                    (details["loc"][:-1], details["loc"][-1]) in renamed
                ):
                    continue
                loc = ("faits", index, *details["loc"])
                key = next((part for part in reversed(loc) if isinstance(part, str)), "")
                message, hint = _describe_fact_error(details, key)
                problems.append(Problem(path, document.line(*loc), message, hint))
            continue
        if fact.id in book.facts:
            problems.append(
                Problem(
                    path,
                    document.line("faits", index, "id"),
                    DUPLICATE.format(id=fact.id, first=book.lines[fact.id]),
                    DUPLICATE_HINT,
                )
            )
            continue
        book.facts[fact.id] = fact
        book.lines[fact.id] = line or 1
    return book, problems


_FOUND: dict[Path, tuple[tuple[int, int], FactBook]] = {}


def find_facts(start: Path) -> FactBook:
    """The facts of the repository holding ``start`` (a bank, a lesson…): the nearest
    ``courses/faits.yml`` above it, read once per change of the file; empty when none."""
    start = Path(start).resolve()
    for folder in (start, *start.parents):
        path = folder / FACTS_FILE
        if path.is_file():
            stat = path.stat()
            version = (stat.st_mtime_ns, stat.st_size)
            cached = _FOUND.get(path)
            if cached is not None and cached[0] == version:
                return cached[1]
            book, _ = load_facts(folder)
            _FOUND[path] = (version, book)
            return book
    return FactBook()


def stale_facts(book: FactBook, today: dt.date) -> list[Problem]:
    """A warning for each fact last checked more than six months before ``today``."""
    problems = []
    for fact in book.facts.values():
        if (today - fact.verifie_le).days > STALE_AFTER_DAYS:
            problems.append(
                Problem(
                    book.path,
                    book.lines.get(fact.id),
                    STALE.format(id=fact.id, date=fact.verifie_le.isoformat()),
                    STALE_HINT,
                    Severity.WARNING,
                )
            )
    return problems


def hard_coded_dates(text: str) -> Iterator[tuple[int, str, dt.date]]:
    """Every date written out in ``text`` outside placeholders: (offset, as written, date).

    >>> [(t, d.isoformat()) for _, t, d in hard_coded_dates("Le 2 décembre 2027, ou 2028-08-02.")]
    [('2 décembre 2027', '2027-12-02'), ('2028-08-02', '2028-08-02')]
    """
    for match in _FRENCH_DATE.finditer(text):
        day = 1 if match.group(1).lower() == "1er" else int(match.group(1))
        month = MONTHS.index(match.group(2).lower()) + 1
        try:
            yield match.start(), match.group(0), dt.date(int(match.group(3)), month, day)
        except ValueError:
            continue
    for match in _ISO_DATE.finditer(text):
        try:
            date = dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        except ValueError:
            continue
        yield match.start(), match.group(0), date


def _line_at(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def check_text(
    text: str,
    path: Path,
    book: FactBook,
    *,
    date_severity: Severity | None = Severity.ERROR,
    first_line: int = 1,
) -> list[Problem]:
    """The problems of one text: wrong placeholders (errors), and dates of facts written by
    hand (reported with ``date_severity``; ``None`` skips that check)."""
    problems: list[Problem] = []

    def report(message: str, hint: str, offset: int) -> None:
        problems.append(Problem(path, first_line - 1 + _line_at(text, offset), message, hint))

    book.resolve(text, on_problem=report)
    if date_severity is not None:
        for offset, written, date in hard_coded_dates(text):
            ids = book.ids_of_date(date)
            if not ids:
                continue
            placeholders = " ou ".join(f"[[fait:{fact_id}:date]]" for fact_id in ids)
            problems.append(
                Problem(
                    path,
                    first_line - 1 + _line_at(text, offset),
                    HARD_CODED.format(
                        text=written, ids=" ou ".join(f"«{_NB}{i}{_NB}»" for i in ids)
                    ),
                    HARD_CODED_HINT.format(placeholders=placeholders),
                    date_severity,
                )
            )
    return problems


def fact_problems(
    root: Path | str, *, lessons: Iterable[Path] = (), today: dt.date | None = None
) -> list[Problem]:
    """What ``edukit check`` reports about facts: the file's mistakes, facts checked too long
    ago, and the placeholders and hand-written fact dates of the course's text (an error in
    the ``lessons``, a warning elsewhere)."""
    book, problems = load_facts(root)
    problems += stale_facts(book, today or dt.date.today())
    files = course_texts(Path(root), lessons)
    return problems + check_fact_uses(root, book, files=files)


def course_texts(root: Path, lessons: Iterable[Path] = ()) -> Iterator[tuple[Path, Severity]]:
    """The Markdown the course shows (``courses/``, ``exercises/``, notebooks), with the
    severity of a hand-written fact date in it: an error in the ``lessons``, else a warning."""
    lesson_paths = {path.resolve() for path in lessons}
    courses = root / "courses"
    if courses.is_dir():
        for path in sorted(courses.rglob("*.md")):
            is_lesson = path.resolve() in lesson_paths
            yield path, Severity.ERROR if is_lesson else Severity.WARNING
    for folder, pattern in (("exercises", "*.md"), ("notebooks", "*.py")):
        base = root / folder
        if base.is_dir():
            for path in sorted(base.rglob(pattern)):
                yield path, Severity.WARNING


def check_fact_uses(
    root: Path | str, book: FactBook, *, files: Iterable[tuple[Path, Severity]] | None = None
) -> list[Problem]:
    """Every problem of the placeholders and hand-written fact dates in the course's text."""
    root = Path(root)
    problems: list[Problem] = []
    for path, severity in files if files is not None else course_texts(root):
        text, _ = read_text(path)
        if text is None:
            continue  # reported by the loader that owns the file
        problems += check_text(text, path, book, date_severity=severity)
    return problems


def changes_markdown(book: FactBook) -> str:
    """The page « Ce qui a changé »: the facts' history, newest first, every fact with its
    source and the date it was last checked, then what remains to check and where."""
    lines = [
        "---",
        'title: "Ce qui a changé"',
        "---",
        "",
        "# Ce qui a changé",
        "",
        "Cette page est produite à partir du fichier des faits du cours (`courses/faits.yml`).",
        "Elle liste les changements des textes et des chiffres cités, du plus récent au plus "
        "ancien.",
        f"Un fait marqué «{_NB}{TO_CHECK[1:-1]}{_NB}» n'a pas encore été relu dans le texte "
        "officiel. La dernière partie dit ce qui reste à relire, et où.",
        "",
    ]
    events = sorted(
        ((change.date, fact, change) for fact in book.facts.values() for change in fact.historique),
        key=lambda event: (event[0], event[1].id),
        reverse=True,
    )
    by_date: dict[dt.date, list[str]] = {}
    for date, fact, change in events:
        by_date.setdefault(date, []).append(
            f"- {_escape(change.changement)} — {fact.render('source', markdown=True)}"
        )
    for date, entries in by_date.items():
        lines += [f"## {french_date(date)}", "", *entries, ""]
    lines += [
        "## Les faits du cours",
        "",
        "| Fait | Date | Source | Dernière vérification | Texte officiel |",
        "|---|---|---|---|---|",
    ]
    for fact in sorted(book.facts.values(), key=lambda fact: fact.id):
        when = french_date(fact.date) if fact.date else "—"
        state = "relu" if fact.verifie else TO_CHECK[1:-1]
        lines.append(
            f"| {_cell(_escape(fact.enonce))} | {when} | "
            f"{_cell(_escape(fact.source.reference))} | {french_date(fact.verifie_le)} | {state} |"
        )
    to_check = sorted(
        (fact for fact in book.facts.values() if not fact.verifie), key=lambda fact: fact.id
    )
    if to_check:
        lines += ["", "## Ce qui reste à vérifier", ""]
        lines += [
            f"- **{fact.id}**{_NB}: {_escape(fact.note or 'relire le texte officiel')} — "
            f"{fact.render('source', markdown=True)}"
            for fact in to_check
        ]
    return "\n".join(lines) + "\n"


def _escape(text: str) -> str:
    """Author text shown as text: no HTML, no Markdown emphasis."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    for char in ("*", "_", "`"):
        text = text.replace(char, "\\" + char)
    return text


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
