"""``courses/competences.yml``: every objective in exactly one competence, French messages."""

from __future__ import annotations

from pathlib import Path

import yaml

from edukit.course import AILIT_DOMAINS, load_course

REPO = Path(__file__).parents[2]

GOOD_COMPETENCES = """\
framework: {title: "AILit", version: "2026"}
competences:
  - id: c01-comprendre
    title: {fr: "Je sais expliquer l'IA.", en: "I can explain AI."}
    ailit: engage
    objectives: [l01-o1, l02-o1, l02-o2]
  - id: c02-donnees
    title: {fr: "Je sais d'où viennent les données.", en: "I can tell where data come from."}
    objectives: [l03-o1, l03-o2]
"""


def _write(root: Path, text: str) -> None:
    (root / "courses" / "competences.yml").write_text(text, encoding="utf-8")


def _messages(root: Path) -> list[str]:
    return [str(p) for p in load_course(root).problems]


def test_course_without_file_has_no_competences(course_root: Path) -> None:
    load = load_course(course_root)
    assert load.competences is None
    assert not load.errors


def test_good_file_maps_each_objective(course_root: Path) -> None:
    _write(course_root, GOOD_COMPETENCES)
    load = load_course(course_root)
    assert not load.errors
    assert load.competences is not None
    assert [c.id for c in load.competences.competences] == ["c01-comprendre", "c02-donnees"]
    assert load.competences.competence_of("l03-o2") == "c02-donnees"
    assert load.competences.get("c01-comprendre").ailit == "engage"  # type: ignore[union-attr]
    assert load.competences.get("c02-donnees").ailit is None  # type: ignore[union-attr]


def test_objective_in_no_competence_is_reported_at_its_lesson(course_root: Path) -> None:
    _write(course_root, GOOD_COMPETENCES.replace("[l03-o1, l03-o2]", "[l03-o1]"))
    assert _messages(course_root) == [
        "courses/m2/l03-provenance.md:8: l'objectif « l03-o2 » n'appartient à aucune compétence"
        " — ajoutez-le à la liste 'objectives' d'une compétence de courses/competences.yml"
    ]


def test_objective_in_two_competences(course_root: Path) -> None:
    _write(course_root, GOOD_COMPETENCES.replace("[l03-o1, l03-o2]", "[l03-o1, l03-o2, l02-o1]"))
    assert _messages(course_root) == [
        "courses/competences.yml:9: l'objectif « l02-o1 » est déjà rangé dans la compétence "
        "« c01-comprendre » (ligne 6) — un objectif appartient à une seule compétence : "
        "retirez-le de l'une des deux"
    ]


def test_unknown_objective_domain_and_key(course_root: Path) -> None:
    text = GOOD_COMPETENCES.replace("l02-o2]", "l02-o2, l09-o9]").replace(
        "ailit: engage", "ailit: engag\n    level: 2"
    )
    _write(course_root, text)
    assert sorted(_messages(course_root)) == [
        "courses/competences.yml:5: le domaine AILit « engag » est inconnu — vouliez-vous "
        "écrire « engage » ?",
        "courses/competences.yml:6: la clé « level » est inconnue — les clés connues "
        "sont id, title, ailit, objectives",
        "courses/competences.yml:7: la compétence « c01-comprendre » cite l'objectif "
        "« l09-o9 », inconnu du cours — corrigez l'identifiant (il doit exister dans une "
        "leçon, ex. l09-o1)",
    ]


def test_title_must_speak_to_the_learner(course_root: Path) -> None:
    _write(course_root, GOOD_COMPETENCES.replace("Je sais expliquer", "Expliquer"))
    assert _messages(course_root) == [
        "courses/competences.yml:4: le titre de « c01-comprendre » ne s'adresse pas à la "
        "personne formée — commencez-le par « Je sais… »"
    ]


def test_broken_ids_and_yaml(course_root: Path) -> None:
    _write(course_root, GOOD_COMPETENCES.replace("c02-donnees", "C2"))
    messages = _messages(course_root)
    assert messages[0].startswith(
        "courses/competences.yml:7: l'identifiant de compétence « C2 » n'a pas la forme"
    )
    _write(course_root, "competences: [\n")
    assert _messages(course_root)[0].startswith("courses/competences.yml:")
    _write(course_root, "- a\n")
    assert _messages(course_root) == [
        "courses/competences.yml:1: le fichier doit contenir une liste 'competences:' — écrivez "
        "'competences:' puis un bloc '- id: c01-…' par compétence"
    ]


def test_real_course_competences() -> None:
    """The course's own file: 12 to 20 competences, every objective once, no problem."""
    load = load_course(REPO)
    assert load.competences is not None
    assert not [p for p in load.problems if "compétence" in p.message]
    competences = load.competences.competences
    assert 12 <= len(competences) <= 20
    mapped = [objective for c in competences for objective in c.objectives]
    assert load.course is not None
    assert sorted(mapped) == sorted(load.course.objectives())
    assert all(c.title_fr.startswith("Je sais") and c.title_en for c in competences)
    raw = yaml.safe_load((REPO / "courses" / "competences.yml").read_text(encoding="utf-8"))
    assert set(raw["framework"]["domains"]) == set(AILIT_DOMAINS)
