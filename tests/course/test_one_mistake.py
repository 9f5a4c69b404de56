"""One mistake in a lesson gives one message (at most three), each naming the file: the lesson
keeps its valid parts for the other checks, or its dependants are skipped with a single note.

The exact messages are checked on a copy of the ``good`` fixture, whose bank and exercise name
the objectives of ``l03-provenance``; the real course is mutated in the same ways in
``test_real_lesson_mutations_stay_small``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from edukit._problems import Severity, format_problems
from edukit.project import inspect_project

REPO = Path(__file__).parents[2]
L03 = "courses/m2/l03-provenance.md"
L02 = "courses/m1-decouvrir/l02-definitions.md"
BANK = "exercises/provenance/licences.yml"
NOTE = (
    f"{L03}: cette leçon n'a pas pu être lue en entier ; non vérifiés : {{what}} — corrigez "
    "d'abord l'erreur de ce fichier, puis relancez edukit check (avertissement)"
)
TIMING = "le minutage du cours à partir de cette leçon"


def _edit(root: Path, relative: str, old: str, new: str) -> None:
    path = root / relative
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} must occur once in {relative}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def _messages(root: Path) -> list[str]:
    return format_problems(inspect_project(root).problems).splitlines()


def test_broken_yaml_skips_its_dependants_with_one_note(course_root: Path) -> None:
    _edit(course_root, L03, "prerequisites: [l02-definitions]", "prerequisites: [l02-definitions")
    assert _messages(course_root) == [
        f"{L03}:5: YAML cassé (expected ',' or ']', but got ':') — "
        "vérifiez l'indentation et les guillemets de cette ligne et de celle du dessus",
        NOTE.format(
            what="2 problèmes des fichiers qui citent ses objectifs (banques, exercices, grilles, "
            f"compétences) ; {TIMING}"
        ),
    ]


def test_missing_title_keeps_the_objectives(course_root: Path) -> None:
    _edit(course_root, L03, 'title: "D\'où viennent les données ?"\n', "")
    assert _messages(course_root) == [
        f'{L03}:2: « title » manque — ajoutez « title: "…" »',
    ]
    # the bank items and the exercise that name l03-o1 and l03-o2 are still checked (and pass)
    check = inspect_project(course_root)
    assert check.course is not None
    assert [lesson.id for lesson in check.course.lessons] == ["l01-accueil", "l02-definitions"]


def test_unknown_key_is_one_message(course_root: Path) -> None:
    _edit(course_root, L03, "key_points:", "key_point:")
    assert _messages(course_root) == [
        f"{L03}:2: « key_points » manque — ajoutez « key_points: » avec au moins une phrase à "
        "retenir",
        f"{L03}:24: la clé « key_point » est inconnue — voulez-vous dire « key_points » ?",
    ]


def test_unknown_key_next_to_a_valid_one_is_one_message(course_root: Path) -> None:
    _edit(course_root, L03, "notebook: notebooks/provenance.py", "notebok: notebooks/provenance.py")
    assert _messages(course_root) == [
        f"{L03}:26: la clé « notebok » est inconnue — voulez-vous dire « notebook » ?",
    ]


def test_negative_minutes_does_not_make_a_wrong_timetable(course_root: Path) -> None:
    _edit(course_root, L03, "minutes: 30", "minutes: -30")
    assert _messages(course_root) == [
        f"{L03}:16: « minutes » doit être supérieur à 0, pas -30 — donnez à « minutes » une "
        "valeur positive",
        NOTE.format(what=TIMING),
    ]


def test_lesson_id_taken_from_another_lesson(course_root: Path) -> None:
    _edit(course_root, L03, "id: l03-provenance", "id: l02-definitions")
    assert _messages(course_root) == [
        f"{L03}:2: l'identifiant « l02-definitions » est déjà celui de {L02} — écrivez "
        "« id: l03-provenance » (l'identifiant listé dans courses/course.yml)",
    ]
    # the lesson stays in the course under the id it is listed with
    check = inspect_project(course_root)
    assert check.course is not None
    assert [lesson.id for lesson in check.course.lessons][-1] == "l03-provenance"


def test_second_file_reusing_a_lesson_id_is_an_error(course_root: Path) -> None:
    shutil.copy(course_root / L03, course_root / "courses/m2/l03-copie.md")
    problems = inspect_project(course_root).problems
    assert [(str(p), p.severity) for p in problems] == [
        (
            "courses/m2/l03-copie.md:2: l'identifiant « l03-provenance » est déjà celui de "
            f"{L03} — donnez à cette leçon son propre identifiant (le nom du fichier sans « .md »), "
            "listé dans courses/course.yml",
            Severity.ERROR,
        )
    ]


def test_objective_id_used_twice_skips_its_dependants(course_root: Path) -> None:
    _edit(course_root, L03, "id: l03-o2", "id: l03-o1")
    assert _messages(course_root) == [
        f"{L03}:8: l'identifiant d'objectif « l03-o1 » est utilisé deux fois (d'abord en "
        f"{L03}:6) — chaque objectif a son propre identifiant dans tout le cours, sur le modèle "
        "lNN-oK",
        NOTE.format(
            what="1 problème des fichiers qui citent ses objectifs (banques, exercices, grilles, "
            "compétences)"
        ),
    ]


def test_unknown_objective_elsewhere_is_still_reported(course_root: Path) -> None:
    """Only the files that name the broken lesson's objectives wait for it to be fixed."""
    _edit(course_root, L03, "prerequisites: [l02-definitions]", "prerequisites: [l02-definitions")
    other = course_root / "exercises" / "autre"
    other.mkdir()
    bank = (course_root / BANK).read_text(encoding="utf-8")
    first_item = bank[: bank.index("  - id: definition-ia")]
    (other / "questions.yml").write_text(
        first_item.replace("id: provenance", "id: autre")
        .replace("id: positionnement", "id: autre-question")
        .replace("objectives: [l01-o1]", "objectives: [l02-o9]"),
        encoding="utf-8",
    )
    assert _messages(course_root) == [
        f"{L03}:5: YAML cassé (expected ',' or ']', but got ':') — vérifiez l'indentation et les "
        "guillemets de cette ligne et de celle du dessus",
        "exercises/autre/questions.yml:9: la question « autre-question » cite l'objectif "
        "« l02-o9 », qu'aucune leçon ne définit — voulez-vous dire « l02-o2 » ?",
        NOTE.format(
            what="2 problèmes des fichiers qui citent ses objectifs (banques, exercices, grilles, "
            f"compétences) ; {TIMING}"
        ),
    ]


def test_item_id_used_in_two_banks_is_an_error(course_root: Path) -> None:
    other = course_root / "exercises" / "autre"
    other.mkdir()
    text = (course_root / BANK).read_text(encoding="utf-8")
    (other / "questions.yml").write_text(
        text.replace("id: provenance", "id: autre", 1), encoding="utf-8"
    )
    found = [line for line in _messages(course_root) if "déjà pris" in line]
    assert found[0] == (
        "exercises/provenance/licences.yml:6: l'identifiant de question « positionnement » est "
        "déjà pris (d'abord en exercises/autre/questions.yml:6) — donnez à chaque question un "
        "identifiant unique dans toutes les banques"
    )
    assert all(line.startswith("exercises/provenance/licences.yml:") for line in found)


def test_competence_id_used_twice_is_an_error(course_root: Path) -> None:
    (course_root / "courses" / "competences.yml").write_text(
        'framework: {title: "AILit", version: "2026"}\n'
        "competences:\n"
        "  - id: c01-comprendre\n"
        '    title: {fr: "Je sais expliquer l\'IA.", en: "I can explain AI."}\n'
        "    objectives: [l01-o1, l02-o1, l02-o2]\n"
        "  - id: c01-comprendre\n"
        '    title: {fr: "Je sais d\'où viennent les données.", en: "I can tell data sources."}\n'
        "    objectives: [l03-o1, l03-o2]\n",
        encoding="utf-8",
    )
    errors = [p for p in inspect_project(course_root).problems if p.severity is Severity.ERROR]
    assert str(errors[0]) == (
        "courses/competences.yml:6: l'identifiant « c01-comprendre » est déjà pris (ligne 3) — "
        "donnez à chaque compétence un identifiant unique"
    )


# -- the real course -------------------------------------------------------------------------

REAL_MUTATIONS = {
    "broken YAML": ("\nobjectives:\n", "\nobjectives: [\n"),
    "missing title": ("\ntitle:", "\n#title:"),
    "unknown key": ("\nkey_points:", "\nkey_pointz:"),
    "negative minutes": ("    minutes: ", "    minutes: -"),
    "duplicate id": ("\nid: ", "\nid: l01-accueil-positionnement\nold_id: "),
}


def _real_course(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    for folder in ("courses", "exercises", "notebooks"):
        shutil.copytree(REPO / folder, root / folder)
    return root


@pytest.mark.slow
@pytest.mark.parametrize("mutation", list(REAL_MUTATIONS))
def test_real_lesson_mutations_stay_small(tmp_path: Path, mutation: str) -> None:
    """``edukit check`` on the real course with one mistake in a lesson that banks, exercises,
    handouts, rubrics and competences depend on: at most 3 messages, each naming the lesson."""
    from edukit.cli import app

    root = _real_course(tmp_path)
    lesson = next(root.glob("courses/*/l06-*.md"))
    old, new = REAL_MUTATIONS[mutation]
    text = lesson.read_text(encoding="utf-8")
    assert old in text
    lesson.write_text(text.replace(old, new, 1), encoding="utf-8")
    result = CliRunner().invoke(app, ["check", "--root", str(root)])
    assert result.exit_code == 1
    lines = [line for line in result.stdout.splitlines() if line.startswith(("courses/", "ex"))]
    relative = lesson.relative_to(root).as_posix()
    assert 1 <= len(lines) <= 3, "\n".join(lines)
    assert all(line.startswith(relative) for line in lines), "\n".join(lines)
