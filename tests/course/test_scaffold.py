"""``new_lesson``: a valid lesson file, and course.yml edited as text (comments kept)."""

from __future__ import annotations

from pathlib import Path

import pytest

from edukit._problems import ProblemError, format_problems
from edukit._yaml import load_yaml
from edukit.course import _scaffold, load_course
from edukit.course._scaffold import add_lesson_id, new_lesson, slugify


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("L'art de la requête", "art-requete"),
        ("Données personnelles et RGPD", "donnees-personnelles-rgpd"),
        ("Le, la, les", "le-la-les"),
        ("!!!", "lecon"),
        ("Un titre vraiment très long qui dépasse largement la limite fixée", "titre-vraiment-tres-long-depasse"),
    ],
)  # fmt: skip
def test_slugify(title: str, slug: str) -> None:
    assert slugify(title) == slug
    assert len(slug) <= 40


def _add(text: str, index: int, lesson_id: str) -> str:
    return add_lesson_id(text, load_yaml(text, Path("course.yml")), index, lesson_id)


def test_add_to_a_block_list_keeps_comments() -> None:
    text = "# top\nmodules:\n  - id: a\n    lessons:   # the order matters\n      - l01-x  # first\n      - l02-y\nother: 1\n"
    assert _add(text, 0, "l03-z") == (
        "# top\nmodules:\n  - id: a\n    lessons:   # the order matters\n      - l01-x  # first\n"
        "      - l02-y\n      - l03-z\nother: 1\n"
    )  # fmt: skip


def test_add_to_a_multiline_flow_list() -> None:
    text = "modules:\n  - id: a\n    lessons: [l01-x,\n      l02-y]\n  - id: b\n    lessons: []\n"
    assert _add(text, 0, "l03-z") == (
        "modules:\n  - id: a\n    lessons: [l01-x,\n      l02-y, l03-z]\n  - id: b\n    lessons: []\n"
    )
    assert _add(text, 1, "l03-z").endswith("  - id: b\n    lessons: [l03-z]\n")


def test_add_to_an_empty_or_missing_list() -> None:
    assert _add("modules:\n  - id: a\n    lessons:  # none yet\n", 0, "l01-x") == (
        "modules:\n  - id: a\n    lessons: [l01-x]  # none yet\n"
    )
    assert _add("modules:\n  - id: a\n    title: A\n  - id: b\n", 0, "l01-x") == (
        "modules:\n  - id: a\n    title: A\n    lessons: [l01-x]\n  - id: b\n"
    )


def test_new_lesson_is_valid_and_listed(course_root: Path) -> None:
    before = (course_root / "courses/course.yml").read_text(encoding="utf-8")
    created = new_lesson(course_root, "m1-decouvrir", "L'art de la requête", minutes=25)
    assert created.id == "l04-art-requete"
    assert created.path == Path("courses/m1-decouvrir/l04-art-requete.md")
    after = (course_root / "courses/course.yml").read_text(encoding="utf-8")
    assert after == before.replace(
        "lessons: [l01-accueil, l02-definitions]",
        "lessons: [l01-accueil, l02-definitions, l04-art-requete]",
    )
    load = load_course(course_root)
    assert format_problems(load.problems).splitlines() == [
        "courses/course.yml:5: les leçons totalisent 205 min (3h25) mais le cours dure 180 min (3h) : 25 min de trop — retirez 25 min d'activités, ou changez « duration »",
        "courses/m2/l03-provenance.md:15: l'activité « Étude de cas : la photo du bulletin municipal » est à cheval sur la fin du jour 1 : elle commence 20 min avant la fin de la journée et finit 10 min après — changez les minutes des activités pour que le jour 1 finisse entre deux activités (à la minute 180 du cours)",
    ]
    assert load.course is not None
    lesson = load.course.lesson("l04-art-requete")
    assert lesson.title == "L'art de la requête"
    assert lesson.minutes == 25
    assert [o.id for o in lesson.objectives] == ["l04-o1"]
    for part in ('!!! falc "En bref (facile à lire)"', '!!! formateur "Notes pour', "## Sources"):
        assert part in lesson.body


def test_new_lesson_uses_the_module_folder(course_root: Path) -> None:
    created = new_lesson(course_root, "m2-donnees", "Les licences")
    assert created.path == Path("courses/m2/l04-licences.md")
    assert (
        (course_root / "courses/course.yml")
        .read_text(encoding="utf-8")
        .endswith("      - l03-provenance\n      - l04-licences\n")
    )


def test_new_lesson_numbers_after_unlisted_files(course_root: Path) -> None:
    (course_root / "courses/m2/l07-brouillon.md").write_text("draft", encoding="utf-8")
    assert new_lesson(course_root, "m2-donnees", "Suite").id == "l08-suite"


def test_new_lesson_refuses_to_overwrite(
    course_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # numbering never picks a taken number; force it to, as a concurrent author could
    monkeypatch.setattr(_scaffold, "_next_number", lambda root, listed: 3)
    course_file = course_root / "courses/course.yml"
    before = course_file.read_text(encoding="utf-8")
    with pytest.raises(ProblemError) as caught:
        new_lesson(course_root, "m2-donnees", "Provenance")
    assert str(caught.value) == (
        "courses/m2/l03-provenance.md: le fichier existe déjà — choisissez un autre titre"
    )
    assert course_file.read_text(encoding="utf-8") == before
    assert (
        (course_root / "courses/m2/l03-provenance.md")
        .read_text(encoding="utf-8")
        .startswith("---\nid: l03-provenance\ntitle: \"D'où")
    )


def test_new_lesson_unknown_module(course_root: Path) -> None:
    with pytest.raises(ProblemError) as caught:
        new_lesson(course_root, "m9", "Titre")
    assert str(caught.value) == (
        "courses/course.yml:17: il n'y a pas de module « m9 » — modules connus : m1-decouvrir, m2-donnees"
    )
