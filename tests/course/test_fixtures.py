"""The two course fixtures: ``good`` checks clean, ``broken`` fails with exactly these messages."""

from pathlib import Path

from edukit._problems import format_problems
from edukit.course import load_course
from edukit.project import check_project

FIXTURES = Path(__file__).parents[1] / "fixtures" / "courses"

BROKEN = [
    "courses/course.yml:17: l'identifiant de leçon « l01-bon » est utilisé deux fois (sur cette ligne) — listez chaque leçon une seule fois",
    'courses/course.yml:23: la leçon « l06-absente » est listée mais courses/m2/l06-absente.md n\'existe pas — créez-la (edukit new lesson m2 "Titre") ou retirez « l06-absente » de la liste',
    "courses/course.yml:25: l'identifiant de module « m1 » est utilisé deux fois (d'abord en courses/course.yml:15) — donnez à chacun son propre identifiant",
    'courses/m1/l02-sans-titre.md:2: « title » manque — ajoutez « title: "…" »',
    "courses/m1/l02-sans-titre.md:2: « key_points » manque — ajoutez « key_points: » avec au moins une phrase à retenir",
    "courses/m1/l02-sans-titre.md:3: le prérequis « l99-inexistante » n'est pas une leçon du cours — écrivez l'identifiant d'une leçon de course.yml, ou décrivez-le en mots",
    "courses/m1/l02-sans-titre.md:8: l'activité « Atelier long » est à cheval sur la fin du jour 1 : elle commence 10 min avant la fin de la journée et finit 10 min après — changez les minutes des activités pour que le jour 1 finisse entre deux activités (à la minute 60 du cours)",
    "courses/m1/l02-sans-titre.md:12: le notebook « notebooks/absent.py » n'existe pas — écrivez le chemin d'un fichier existant depuis la racine du dépôt",
    "courses/m1/l03-vide.md:2: « id » manque — ajoutez « id: … » (pour une leçon : le nom du fichier sans « .md »)",
    "courses/m1/l03-vide.md:2: « activities » manque — ajoutez « activities: » avec au moins une activité (title, minutes, method, grouping)",
    "courses/m1/l03-vide.md:3: « objectives » est vide — donnez au moins un élément sous « objectives »",
    "courses/m2/_module.yml:2: la clé « audience » est inconnue — voulez-vous dire « audiences » ?",
    "courses/m2/l04-fautes.md:4: la clé « sumary » est inconnue — voulez-vous dire « summary » ?",
    "courses/m2/l04-fautes.md:5: le public « jeunes » n'est pas défini dans courses/course.yml — publics connus : agents-publics",
    "courses/m2/l04-fautes.md:7: l'identifiant d'objectif « l01-o1 » est utilisé deux fois (d'abord en courses/m1/l01-bon.md:5) — chaque objectif a son propre identifiant dans tout le cours, sur le modèle lNN-oK",
    "courses/m2/l04-fautes.md:11: « minutes » doit être supérieur à 0, pas 0 — donnez à « minutes » une valeur positive",
    "courses/m2/l04-fautes.md:15: « minutes » doit être supérieur à 0, pas -5 — donnez à « minutes » une valeur positive",
    "courses/m2/l04-fautes.md:19: « minutes » doit être un nombre entier de minutes, pas 15.5 — écrivez par exemple « minutes: 15 » (sans guillemets ni unité)",
    "courses/m2/l04-fautes.md:23: « minutes » doit être un nombre entier de minutes, pas '10 min' — écrivez par exemple « minutes: 15 » (sans guillemets ni unité)",
    "courses/m2/l04-fautes.md:29: « grouping » ne peut pas valoir 'binome' — valeurs possibles : individual, pairs, group, plenary",
    "courses/m2/l04-fautes.md:30: « method » manque — ajoutez « method: … » (exposé, démonstration, atelier, quiz, discussion, exercice…)",
    "courses/m2/l04-fautes.md:32: la clé « metod » est inconnue — voulez-vous dire « method » ?",
    "courses/m2/l04-fautes.md:40: la banque « exercises/absente » n'existe pas — écrivez le chemin d'un dossier ou d'un fichier .yml existant depuis la racine du dépôt",
    "courses/m2/l04-fautes.md:41: l'exercice « exercises/absent.md » n'existe pas — écrivez le chemin d'un fichier existant depuis la racine du dépôt",
    "courses/m2/l05-yaml-casse.md:7: YAML cassé (expected ',' or ']', but got '<stream end>') — vérifiez l'indentation et les guillemets de cette ligne et de celle du dessus",
    "courses/m2/l07-mauvais-id.md:2: l'identifiant « l07-autre-id » ne correspond pas au nom du fichier « l07-mauvais-id.md » — écrivez « id: l07-mauvais-id » (l'identifiant listé dans courses/course.yml)",
    "exercises/casse/exercice.md:4: l'objectif « l01-o3 » n'est défini dans aucune leçon — voulez-vous dire « l01-o2 » ?",
    "courses/m1/l01-bon.md:7: l'objectif « l01-o2 » n'est évalué par aucune question ni aucun exercice — ajoutez à une banque une question avec « objectives: [l01-o2] », ou un exercice (avertissement)",
    "courses/m1/l02-sans-titre.md:5: l'objectif « l02-o1 » n'est évalué par aucune question ni aucun exercice — ajoutez à une banque une question avec « objectives: [l02-o1] », ou un exercice (avertissement)",
    "courses/m1/l03-vide.md: cette leçon n'a pas pu être lue en entier ; non vérifiés : le minutage du cours à partir de cette leçon — corrigez d'abord l'erreur de ce fichier, puis relancez edukit check (avertissement)",
    "courses/m2/l04-fautes.md: cette leçon n'a pas pu être lue en entier ; non vérifiés : le minutage du cours à partir de cette leçon — corrigez d'abord l'erreur de ce fichier, puis relancez edukit check (avertissement)",
    "courses/m2/l05-yaml-casse.md: cette leçon n'a pas pu être lue en entier ; non vérifiés : le minutage du cours à partir de cette leçon — corrigez d'abord l'erreur de ce fichier, puis relancez edukit check (avertissement)",
    "courses/m2/l07-mauvais-id.md:5: l'objectif « l07-o1 » n'est évalué par aucune question ni aucun exercice — ajoutez à une banque une question avec « objectives: [l07-o1] », ou un exercice (avertissement)",
    "courses/m2/l08-oubliee.md:1: ce fichier de leçon n'est pas listé dans courses/course.yml — ajoutez « l08-oubliee » aux leçons d'un module, ou supprimez le fichier (avertissement)",
]


def test_good_course_has_no_problem() -> None:
    assert check_project(FIXTURES / "good") == []


def test_good_course_loads_every_lesson() -> None:
    course = load_course(FIXTURES / "good").course
    assert course is not None
    assert [lesson.id for lesson in course.lessons] == [
        "l01-accueil",
        "l02-definitions",
        "l03-provenance",
    ]
    assert course.minutes == course.duration == 180


def test_broken_course_reports_every_mistake_exactly() -> None:
    problems = check_project(FIXTURES / "broken")
    assert format_problems(problems).splitlines() == BROKEN


def test_broken_course_still_loads_what_it_can() -> None:
    load = load_course(FIXTURES / "broken")
    assert load.course is not None
    # the lesson whose 'id' differs from its file name keeps the id it is listed under
    assert [lesson.id for lesson in load.course.lessons] == ["l01-bon", "l07-mauvais-id"]
