"""One test per kind of author mistake: each yields a ``path:line: what — how`` problem."""

from __future__ import annotations

from pathlib import Path

import pytest

from edukit._problems import Severity, format_problems
from edukit.course import load_course

from .conftest import Edit

COURSE = "courses/course.yml"
L01 = "courses/m1-decouvrir/l01-accueil.md"
L02 = "courses/m1-decouvrir/l02-definitions.md"
L03 = "courses/m2/l03-provenance.md"


def messages(root: Path) -> list[str]:
    """The problems as ``edukit check`` prints them: errors first, then by file and line."""
    return format_problems(load_course(root).problems).splitlines()


def test_the_copy_starts_clean(course_root: Path) -> None:
    assert messages(course_root) == []


def test_broken_yaml_in_course_file(course_root: Path, edit: Edit) -> None:
    edit(COURSE, 'title: "Mini-cours d\'essai"', "title: \"Mini-cours: d'essai")
    load = load_course(course_root)
    assert load.course is None
    (problem,) = load.problems
    assert str(problem).startswith(f"{COURSE}:")
    assert "YAML cassé" in problem.message


def test_broken_yaml_in_a_lesson_keeps_the_rest(course_root: Path, edit: Edit) -> None:
    edit(L02, "audiences: [agents-publics]", "audiences: [agents-publics")
    load = load_course(course_root)
    assert load.course is not None
    assert [lesson.id for lesson in load.course.lessons] == ["l01-accueil", "l03-provenance"]
    broken = [p for p in load.problems if p.path == Path(L02)]
    assert len(broken) == 1 and broken[0].line == 5
    assert broken[0].message.startswith("YAML cassé")


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ('title: "Accueil"\n', "", f'{L01}:2: « title » manque — ajoutez « title: "…" »'),
        (
            "id: l01-accueil\n",
            "",
            f"{L01}:2: « id » manque — ajoutez « id: … » (pour une leçon : le nom du fichier sans « .md »)",
        ),
        (
            'key_points:\n  - "Chacun part de ce qu\'il sait déjà."\n',
            "",
            f"{L01}:2: « key_points » manque — ajoutez « key_points: » avec au moins une phrase à retenir",
        ),
        (
            "objectives:\n  - id: l01-o1\n    text: \"Situer ses connaissances sur l'IA avant la "
            'formation."\n',
            "objectives: []\n",
            f"{L01}:5: « objectives » est vide — donnez au moins un élément sous « objectives »",
        ),
    ],
)
def test_missing_required_keys(
    course_root: Path, edit: Edit, old: str, new: str, expected: str
) -> None:
    edit(L01, old, new)
    assert expected in messages(course_root)


def test_missing_activities(course_root: Path, edit: Edit) -> None:
    edit(L02, "activities:", "steps:")
    assert messages(course_root) == [
        f"{L02}:2: « activities » manque — ajoutez « activities: » avec au moins une activité (title, minutes, method, grouping)",
        f"{L02}:11: la clé « steps » est inconnue — clés connues : id, title, summary, "
        "audiences, prerequisites, objectives, activities, key_points, notebook, banks, exercises",
    ]


def test_unknown_key_suggests_the_closest(course_root: Path, edit: Edit) -> None:
    edit(L01, "summary:", "sumary:")
    assert messages(course_root) == [
        f"{L01}:4: la clé « sumary » est inconnue — voulez-vous dire « summary » ?"
    ]


def test_unknown_key_in_an_activity(course_root: Path, edit: Edit) -> None:
    edit(L01, '    method: "quiz"', '    method: "quiz"\n    materiel: []')
    found = messages(course_root)
    assert f"{L01}:16: la clé « materiel » est inconnue — voulez-vous dire « materials » ?" in found


def test_unknown_key_in_course_file_does_not_stop_the_load(course_root: Path, edit: Edit) -> None:
    edit(COURSE, "language: fr", "langue: fr")
    load = load_course(course_root)
    assert [str(p) for p in load.problems] == [
        f"{COURSE}:4: la clé « langue » est inconnue — voulez-vous dire « language » ?"
    ]
    assert load.course is not None and len(load.course.lessons) == 3


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (
            "0",
            "« minutes » doit être supérieur à 0, pas 0 — donnez à « minutes » une valeur positive",
        ),
        (
            "-5",
            "« minutes » doit être supérieur à 0, pas -5 — donnez à « minutes » une valeur positive",
        ),
        (
            "20.5",
            "« minutes » doit être un nombre entier de minutes, pas 20.5 — écrivez par exemple « minutes: 15 » (sans guillemets ni unité)",
        ),
        (
            '"20"',
            "« minutes » doit être un nombre entier de minutes, pas '20' — écrivez par exemple « minutes: 15 » (sans guillemets ni unité)",
        ),
    ],
)
def test_minutes_must_be_a_positive_integer(
    course_root: Path, edit: Edit, value: str, message: str
) -> None:
    edit(L01, 'minutes: 20\n    method: "quiz"', f'minutes: {value}\n    method: "quiz"')
    assert f"{L01}:14: {message}" in messages(course_root)


def test_plan_total_differs_from_duration(course_root: Path, edit: Edit) -> None:
    edit(L03, 'minutes: 15\n    method: "quiz"', 'minutes: 20\n    method: "quiz"')
    assert (
        f"{COURSE}:5: les leçons totalisent 185 min (3h05) mais le cours dure 180 min (3h) : 5 min de trop — retirez 5 min d'activités, ou changez « duration »"
        in messages(course_root)
    )


def test_plan_short_says_add(course_root: Path, edit: Edit) -> None:
    edit(L03, 'minutes: 15\n    method: "quiz"', 'minutes: 5\n    method: "quiz"')
    assert messages(course_root) == [
        f"{COURSE}:5: les leçons totalisent 170 min (2h50) mais le cours dure 180 min (3h) : 10 min de moins — ajoutez 10 min d'activités, ou changez « duration »"
    ]


def test_activity_straddling_a_day_boundary(course_root: Path, edit: Edit) -> None:
    edit(COURSE, "days: 1", "days: 2")
    edit(COURSE, "day_minutes: 180", "day_minutes: 90")
    edit(COURSE, "after: 90", "after: 60")
    assert messages(course_root) == [
        "courses/m1-decouvrir/l02-definitions.md:17: l'activité « Atelier : repérer l'IA au "
        "quotidien » est à cheval sur la fin du jour 1 : elle commence 30 min avant la fin de la "
        "journée et finit 10 min après — changez les minutes des activités pour que le jour 1 "
        "finisse entre deux activités (à la minute 90 du cours)"
    ]


def test_schedule_must_match_duration(course_root: Path, edit: Edit) -> None:
    edit(COURSE, "days: 1", "days: 2")
    found = messages(course_root)
    assert found[0] == (
        f"{COURSE}:9: l'horaire donne 2 jours × 180 min = 360 min, mais la durée est de 180 min"
        " — faites que « days » × « day_minutes » égale la durée"
    )


def test_unreadable_duration(course_root: Path, edit: Edit) -> None:
    edit(COURSE, "duration: 3h", "duration: trois heures")
    assert messages(course_root) == [
        f"{COURSE}:5: la durée 'trois heures' ne peut pas être lue — "
        "écrivez-la comme 21h, 7h30 ou un nombre de minutes"
    ]


def test_break_after_the_end_of_the_day(course_root: Path, edit: Edit) -> None:
    edit(COURSE, "after: 90", "after: 200")
    assert messages(course_root) == [
        f"{COURSE}:11: la pause « Pause » vient après 200 min, mais une journée compte 180 min de formation — donnez à « after » une valeur inférieure à 180"
    ]


def test_duplicate_lesson_module_and_objective_ids(course_root: Path, edit: Edit) -> None:
    edit(COURSE, "      - l03-provenance", "      - l03-provenance\n      - l01-accueil")
    edit(COURSE, "  - id: m2-donnees", "  - id: m1-decouvrir")
    edit(L03, "id: l03-o2", "id: l01-o1")
    assert messages(course_root) == [
        f"{COURSE}:21: l'identifiant de module « m1-decouvrir » est utilisé deux fois (d'abord en {COURSE}:18) — donnez à chacun son propre identifiant",
        f"{COURSE}:26: l'identifiant de leçon « l01-accueil » est utilisé deux fois (d'abord en {COURSE}:20) — listez chaque leçon une seule fois",
        f"{COURSE}:26: la leçon « l01-accueil » est listée mais courses/m2/l01-accueil.md n'existe pas — elle est dans {L01} ; déplacez-la dans courses/m2/ ou listez-la sous son propre module",
        f"{L03}:8: l'identifiant d'objectif « l01-o1 » est utilisé deux fois (d'abord en {L01}:6) — chaque objectif a son propre identifiant dans tout le cours, sur le modèle lNN-oK",
    ]


def test_lesson_listed_twice_on_one_line(course_root: Path, edit: Edit) -> None:
    edit(COURSE, "[l01-accueil, l02-definitions]", "[l01-accueil, l02-definitions, l01-accueil]")
    load = load_course(course_root)
    assert [str(p) for p in load.problems] == [
        f"{COURSE}:20: l'identifiant de leçon « l01-accueil » est utilisé deux fois (sur cette ligne) — listez chaque leçon une seule fois"
    ]
    assert load.course is not None
    assert [lesson.id for lesson in load.course.modules[0].lessons] == [
        "l01-accueil",
        "l02-definitions",
    ]


def test_lesson_id_must_match_file_name(course_root: Path, edit: Edit) -> None:
    edit(L01, "id: l01-accueil", "id: l01-bienvenue")
    assert messages(course_root) == [
        f"{L01}:2: l'identifiant « l01-bienvenue » ne correspond pas au nom du fichier "
        f"« l01-accueil.md » — écrivez « id: l01-accueil » (l'identifiant listé dans {COURSE})"
    ]


def test_listed_lesson_without_file(course_root: Path) -> None:
    (course_root / L02).unlink()
    found = messages(course_root)
    assert (
        f"{COURSE}:20: la leçon « l02-definitions » est listée mais {L02} n'existe pas — créez-la "
        '(edukit new lesson m1-decouvrir "Titre") ou retirez « l02-definitions » de la liste'
    ) in found


def test_lesson_in_the_wrong_folder_is_pointed_at(course_root: Path) -> None:
    (course_root / L02).rename(course_root / "courses/m2/l02-definitions.md")
    found = messages(course_root)
    assert (
        f"{COURSE}:20: la leçon « l02-definitions » est listée mais {L02} n'existe pas — elle est "
        "dans courses/m2/l02-definitions.md ; déplacez-la dans courses/m1-decouvrir/ ou listez-la "
        "sous son propre module"
    ) in found


def test_unlisted_lesson_file_is_a_warning(course_root: Path) -> None:
    extra = course_root / "courses/m2/l09-brouillon.md"
    extra.write_text("---\nid: l09-brouillon\n---\n", encoding="utf-8")
    (course_root / "courses/m2/index.md").write_text("# Module\n", encoding="utf-8")
    load = load_course(course_root)
    assert [(str(p), p.severity) for p in load.problems] == [
        (
            "courses/m2/l09-brouillon.md:1: ce fichier de leçon n'est pas listé dans courses/course.yml — "
            "ajoutez « l09-brouillon » aux leçons d'un module, ou supprimez le fichier (avertissement)",
            Severity.WARNING,
        )
    ]


def test_unknown_audience_in_lesson_and_module_defaults(course_root: Path, edit: Edit) -> None:
    edit(L02, "audiences: [agents-publics]", "audiences: [agents-publics, jeunes]")
    edit("courses/m2/_module.yml", "audiences: [agents-publics, seniors]", "audiences: [retraites]")
    assert messages(course_root) == [
        f"{L02}:4: le public « jeunes » n'est pas défini dans {COURSE} — publics connus : "
        "agents-publics, seniors",
        "courses/m2/_module.yml:2: le public « retraites » n'est pas défini dans "
        f"{COURSE} — publics connus : agents-publics, seniors",
    ]


def test_prerequisites_that_look_like_ids_must_exist(course_root: Path, edit: Edit) -> None:
    edit(L02, '"Savoir utiliser une souris"', '"Savoir utiliser une souris", l42-inconnue')
    assert messages(course_root) == [
        f"{L02}:5: le prérequis « l42-inconnue » n'est pas une leçon du cours — écrivez l'identifiant d'une leçon de course.yml, ou décrivez-le en mots"
    ]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "notebook: notebooks/provenance.py",
            "notebook: notebooks/absent.py",
            f"{L03}:26: le notebook « notebooks/absent.py » n'existe pas — écrivez le chemin d'un fichier existant depuis la racine du dépôt",
        ),
        (
            "exercises: [exercises/provenance/trouver-licence.md]",
            "exercises: [exercises/provenance/absent.md]",
            f"{L03}:27: l'exercice « exercises/provenance/absent.md » n'existe pas — écrivez le chemin d'un fichier existant depuis la racine du dépôt",
        ),
        (
            "notebook: notebooks/provenance.py",
            "notebook: notebooks",
            f"{L03}:26: le notebook « notebooks » est un dossier, pas un fichier — écrivez le chemin d'un fichier existant depuis la racine du dépôt",
        ),
    ],
)
def test_missing_paths(course_root: Path, edit: Edit, old: str, new: str, expected: str) -> None:
    edit(L03, old, new)
    assert messages(course_root) == [expected]


def test_missing_bank_from_module_defaults_is_reported_once(course_root: Path, edit: Edit) -> None:
    edit("courses/m2/_module.yml", "banks: [exercises/provenance]", "banks: [exercises/absente]")
    assert messages(course_root) == [
        "courses/m2/_module.yml:3: la banque « exercises/absente » n'existe pas — écrivez le chemin d'un dossier ou d'un fichier .yml existant depuis la racine du dépôt"
    ]


def test_course_file_that_is_a_folder(tmp_path: Path) -> None:
    (tmp_path / "courses" / "course.yml").mkdir(parents=True)
    assert messages(tmp_path) == [
        "courses/course.yml: c'est un dossier, pas un fichier — indiquez un fichier de ce dossier"
    ]


def test_lesson_that_is_not_utf8(course_root: Path) -> None:
    path = course_root / L01
    path.write_bytes(path.read_text(encoding="utf-8").encode("latin-1"))
    load = load_course(course_root)
    assert [str(p) for p in load.problems if p.path == Path(L01)] == [
        f"{L01}:4: le fichier n'est pas du texte UTF-8 — enregistrez-le de nouveau en UTF-8"
    ]


def test_lesson_without_front_matter(course_root: Path) -> None:
    (course_root / L01).write_text("# Accueil\n", encoding="utf-8")
    found = messages(course_root)
    assert (
        f"{L01}:1: le fichier n'a pas d'en-tête YAML — commencez-le par une ligne « --- », les clés YAML, puis « --- »"
    ) in found
