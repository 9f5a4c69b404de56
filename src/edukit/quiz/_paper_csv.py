"""Paper sheets typed back: the answer grid to fill, and the CSV file read into sheets.

The trainer types a sheet's answers into a CSV file (:data:`edukit.quiz.CSV_FORMAT`), which
:func:`read_paper_csv` reads back into :class:`PaperSheet` objects: the chosen option ids per
item id, mapped back through the form code (:mod:`edukit.quiz._paper`). Pure logic.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from edukit._problems import Problem
from edukit.quiz._grading import Answer
from edukit.quiz._model import (
    Item,
    MatchingItem,
    MultipleItem,
    OrderingItem,
    TrueFalseItem,
)
from edukit.quiz._paper import (
    _HINT_CODE,
    FormCodeError,
    PaperCsvError,
    PaperForm,
    PaperQuestion,
    PaperSheet,
    form_from_code,
    load_paper_tests,
)

__all__ = ["answer_for_grading", "blank_answer_csv", "read_paper_csv"]


def answer_for_grading(item: Item, chosen: Sequence[str]) -> Answer:
    """A paper answer (``PaperSheet.answers[item.id]``) as :func:`edukit.quiz.grade` takes it.

    Examples
    --------
    >>> from edukit.quiz import Source, TrueFalseItem
    >>> item = TrueFalseItem(id="q", prompt="?", objectives=["l01-o1"], answer=True,
    ...     source=Source(title="t", date="2024"))
    >>> answer_for_grading(item, ["false"]), answer_for_grading(item, [])
    (False, None)
    """
    if not chosen:
        return None
    if isinstance(item, MultipleItem | OrderingItem):
        return list(chosen)
    if isinstance(item, TrueFalseItem):
        return chosen[0] == "true"
    if isinstance(item, MatchingItem):
        return {pair.left: right for pair, right in zip(item.pairs, chosen, strict=False) if right}
    return chosen[0]


def blank_answer_csv(forms: Sequence[PaperForm]) -> str:
    """The answer grid to fill in a spreadsheet: the header, and one row per printed form.

    Rows with no name and no answer are skipped when the file is read back, so unused rows
    may stay. Semicolons, as French spreadsheets expect.
    """
    width = max((len(form.questions) for form in forms), default=0)
    rows = [["apprenant", "code", *(f"q{number}" for number in range(1, width + 1))]]
    rows += [["", form.code, *([""] * width)] for form in forms]
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerows(rows)
    return buffer.getvalue()


@dataclass
class _Reader:
    path: Path
    tests: Mapping[str, Sequence[Item]]
    problems: list[Problem] = field(default_factory=list)
    forms: dict[str, PaperForm | FormCodeError] = field(default_factory=dict)

    def problem(self, line: int | None, message: str, hint: str) -> None:
        self.problems.append(Problem(self.path, line, message, hint))

    def form(self, code: str) -> PaperForm | FormCodeError:
        """The form of ``code`` or why there is none (cached: many rows share a code)."""
        if code not in self.forms:
            try:
                self.forms[code] = form_from_code(code, self.tests)
            except FormCodeError as error:
                self.forms[code] = error
        return self.forms[code]


_HINT_HEADER = (
    "la première ligne doit être apprenant;code;q1;q2;… (voir le modèle grille-reponses.csv)"
)


def read_paper_csv(
    path: Path, tests: Mapping[str, Sequence[Item]] | None = None, *, root: Path | None = None
) -> list[PaperSheet]:
    """Read the answers of paper sheets typed into a CSV file (format: :data:`CSV_FORMAT`).

    Parameters
    ----------
    path
        The CSV file: ``apprenant;code;q1;q2;…`` then one row per sheet (``;`` or ``,``,
        UTF-8 with or without BOM). Rows with neither a name nor an answer are skipped.
    tests
        The items of each test, as :func:`load_paper_tests` gives them; when ``None`` they
        are loaded from the course at ``root`` (default: the current folder).
    root
        The repository root holding ``courses/`` and ``exercises/`` (used when ``tests`` is
        ``None``).

    Returns
    -------
    list[PaperSheet]
        One per row, in file order; answers keyed by item id, letters mapped back to option
        ids through the form code.

    Raises
    ------
    ProblemError
        When ``tests`` is ``None`` and the course's tests cannot be drawn (see
        :func:`load_paper_tests`).
    PaperCsvError
        With one French ``file:line: what — fix`` problem per mistake (malformed file or row,
        unknown or mistyped form code, a letter the question does not have, too many answers,
        the same learner twice for one test…); ``sheets`` holds the rows without a mistake.
    """
    if tests is None:
        tests = load_paper_tests(root or Path())
    reader = _Reader(path, tests)
    text = _text(reader)
    lines = text.splitlines()
    first = next((index for index, line in enumerate(lines) if line.strip()), None)
    if first is None:
        reader.problem(None, "le fichier est vide", _HINT_HEADER)
        raise PaperCsvError(reader.problems)
    delimiter = next((d for d in (";", "\t") if d in lines[first]), ",")
    rows, numbers = _rows(text, delimiter)
    header_index = next(index for index, row in enumerate(rows) if any(c.strip() for c in row))
    width = _header_width(reader, rows[header_index], numbers[header_index], delimiter)
    sheets: list[PaperSheet] = []
    seen: dict[tuple[str, str], int] = {}
    for index in range(header_index + 1, len(rows)):
        sheet = _read_row(reader, rows[index], numbers[index], width, delimiter, seen)
        if sheet is not None:
            sheets.append(sheet)
    if reader.problems:
        raise PaperCsvError(reader.problems, sheets)
    return sheets


def _text(reader: _Reader) -> str:
    """The file's text; a file that is not UTF-8 CSV text is refused with its reason."""
    path = reader.path
    try:
        raw = path.read_bytes()
    except OSError as error:
        reason = error.strerror or type(error).__name__
        reader.problem(None, f"le fichier ne peut pas être lu ({reason})", "vérifiez le chemin")
        raise PaperCsvError(reader.problems) from None
    if raw.startswith(b"PK\x03\x04"):  # a zip: the spreadsheet itself (.xlsx, .ods)
        reader.problem(
            None,
            "le fichier est un classeur de tableur (.xlsx ou .ods), pas un fichier CSV",
            "dans le tableur, faites Enregistrer sous, format « CSV UTF-8 », puis donnez ce "
            "fichier .csv",
        )
        raise PaperCsvError(reader.problems)
    if b"\x00" in raw:
        line = raw[: raw.index(b"\x00")].count(b"\n") + 1
        reader.problem(
            line,
            "le fichier contient un caractère nul : ce n'est pas un fichier texte CSV",
            "enregistrez la grille au format « CSV UTF-8 » depuis le tableur",
        )
        raise PaperCsvError(reader.problems)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        reader.problem(
            line,
            "le fichier n'est pas en UTF-8",
            "dans le tableur, enregistrez-le au format « CSV UTF-8 (délimité par des virgules) »",
        )
        raise PaperCsvError(reader.problems) from None
    return text


def _header_width(reader: _Reader, row: list[str], header_line: int, delimiter: str) -> int:
    """The number of columns the header names; a wrong header is refused with the fix."""
    header = [cell.strip().lower() for cell in row]
    while header and not header[-1]:
        header.pop()
    expected = ["apprenant", "code", *(f"q{n}" for n in range(1, len(header) - 1))]
    if len(header) < 3 or header[:2] != ["apprenant", "code"]:
        reader.problem(
            header_line,
            f"l'en-tête « {delimiter.join(row)} » est inattendu",
            _HINT_HEADER,
        )
        raise PaperCsvError(reader.problems)
    if header != expected:
        column = next(i for i, (a, b) in enumerate(zip(header, expected, strict=True)) if a != b)
        reader.problem(
            header_line,
            f"la colonne {column + 1} de l'en-tête s'appelle « {row[column].strip()} »"
            f" au lieu de « {expected[column]} »",
            "numérotez les colonnes de réponses q1, q2, q3… sans en sauter",
        )
        raise PaperCsvError(reader.problems)
    return len(header)


def _rows(text: str, delimiter: str) -> tuple[list[list[str]], list[int]]:
    """The CSV rows and the file line on which each starts (a quoted cell may span lines)."""
    rows: list[list[str]] = []
    starts: list[int] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    line = 1
    for row in reader:
        rows.append(row)
        starts.append(line)
        line = reader.line_num + 1
    return rows, starts


def _read_row(
    reader: _Reader,
    row: list[str],
    line: int,
    width: int,
    delimiter: str,
    seen: dict[tuple[str, str], int],
) -> PaperSheet | None:
    cells = [cell.strip() for cell in row]
    if not any(cells[:1]) and not any(cells[2:]):
        return None  # a blank row, or an unused row of the grid (code only)
    extra = [cell for cell in cells[width:] if cell]
    if extra:
        reader.problem(
            line,
            f"la ligne a {len(cells)} cases remplies ou non, mais l'en-tête n'en a que {width}",
            f"supprimez les cases en trop ou ajoutez les colonnes q… à l'en-tête ; le "
            f"séparateur lu est « {delimiter} »",
        )
        return None
    cells += [""] * (width - len(cells))
    learner, code, answers = cells[0], cells[1], cells[2:width]
    if not learner:
        reader.problem(
            line,
            "le prénom ou le pseudonyme manque (colonne apprenant)",
            "écrivez le nom porté sur la feuille",
        )
        return None
    if not code:
        reader.problem(line, f"le code de forme de {learner} manque (colonne code)", _HINT_CODE)
        return None
    found = reader.form(code)
    if isinstance(found, FormCodeError):
        reader.problem(line, str(found), found.hint)
        return None
    form = found
    if len(answers) < len(form.questions):
        reader.problem(
            line,
            f"la forme {form.code} a {len(form.questions)} questions, mais l'en-tête s'arrête "
            f"à q{len(answers)}",
            f"ajoutez les colonnes q{len(answers) + 1} à q{len(form.questions)} à l'en-tête",
        )
        return None
    surplus = [n for n, cell in enumerate(answers, start=1) if cell and n > len(form.questions)]
    if surplus:
        reader.problem(
            line,
            f"la forme {form.code} a {len(form.questions)} questions, mais la case q{surplus[0]} "
            "est remplie",
            "vérifiez le code de forme de la feuille, ou videz les cases au-delà de la dernière "
            "question",
        )
        return None
    key = (learner.casefold(), form.form)
    if key in seen:
        reader.problem(
            line,
            f"{learner} a déjà une ligne pour ce test ({form.title}, ligne {seen[key]})",
            "gardez une seule ligne par personne et par test",
        )
        return None
    seen[key] = line
    chosen: dict[str, list[str]] = {}
    ok = True
    for question, cell in zip(form.questions, answers, strict=False):
        value = _read_answer(reader, line, question, cell)
        if value is None:
            ok = False
        else:
            chosen[question.item.id] = value
    if not ok:
        return None
    return PaperSheet(learner, form.form, form.code, chosen, line)


def _read_answer(
    reader: _Reader, line: int, question: PaperQuestion, cell: str
) -> list[str] | None:
    """The answer ids of one cell, or None after reporting the mistake."""
    item = question.item
    if not cell:
        return []
    if item.type in ("short", "numeric"):
        return [cell]
    where = f"q{question.number}"
    letters_text = re.sub(r"[\s+/&,;.-]", "", cell).upper()
    valid = "".join(choice.letter for choice in question.choices)
    span = {1: valid, 2: f"{valid[0]} ou {valid[-1]}"}.get(len(valid), f"{valid[0]} à {valid[-1]}")
    wrong = [letter for letter in letters_text if letter not in valid]
    if wrong:
        reader.problem(
            line,
            f"{where} : « {cell} » n'est pas une réponse possible (lettres {span})",
            _letter_hint(item),
        )
        return None
    letters = list(letters_text)
    if isinstance(item, MatchingItem):
        if len(letters) != len(question.lefts):
            reader.problem(
                line,
                f"{where} : « {cell} » donne {len(letters)} lettre(s) pour "
                f"{len(question.lefts)} lignes à associer",
                "écrivez une lettre par ligne, dans l'ordre des lignes (par exemple BAC)",
            )
            return None
    elif len(set(letters)) != len(letters):
        reader.problem(
            line, f"{where} : « {cell} » donne deux fois la même lettre", _letter_hint(item)
        )
        return None
    elif isinstance(item, OrderingItem) and len(letters) != len(question.choices):
        reader.problem(
            line,
            f"{where} : « {cell} » ne range que {len(letters)} étape(s) sur "
            f"{len(question.choices)}",
            "écrivez toutes les lettres dans l'ordre choisi (par exemple CADB), ou laissez la "
            "case vide si la personne n'a pas répondu",
        )
        return None
    elif item.type in ("single", "true_false") and len(letters) > 1:
        reader.problem(
            line,
            f"{where} : « {cell} » donne {len(letters)} réponses à une question qui n'en "
            "attend qu'une",
            "gardez la lettre cochée, ou laissez la case vide si plusieurs cases sont cochées",
        )
        return None
    ids: list[str] = []
    for letter in letters:
        choice = question.choice(letter)
        assert choice is not None
        ids.append(choice.id)
    return ids


def _letter_hint(item: Item) -> str:
    if isinstance(item, MultipleItem):
        return "écrivez les lettres cochées, par exemple A+C"
    if isinstance(item, OrderingItem):
        return "écrivez les lettres dans l'ordre choisi, chacune une fois (par exemple CADB)"
    if isinstance(item, MatchingItem):
        return "écrivez une lettre par ligne, dans l'ordre des lignes (par exemple BAC)"
    return "écrivez la lettre cochée, par exemple B"
