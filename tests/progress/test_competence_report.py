"""Reports speak in competences: a level per competence with its rule, rubrics, sources, item
statistics with their bank file:line, and the empreinte said for what it is."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest

from edukit.course import load_course
from edukit.progress import (
    CourseOutline,
    GroupReport,
    RubricGrade,
    competences_csv,
    learner_report,
    read_progress,
    report_html,
    statistics_csv,
)
from edukit.progress._rubrics import load_rubrics
from edukit.progress._summary import LEVEL_RULE

from .conftest import FILES, FIXTURES

RUBRICS = Path(__file__).parents[2] / "exercises" / "rubriques"


@pytest.fixture(scope="module")
def outline() -> CourseOutline:
    load = load_course(FIXTURES / "course")
    assert load.course is not None and load.competences is not None
    return CourseOutline.from_course(load.course, load.competences)


def _table(data: bytes) -> list[dict[str, str]]:
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))


def test_levels_per_competence_follow_the_stated_rule(outline: CourseOutline) -> None:
    alice = learner_report(read_progress(FILES / "alice.json").progress, outline)
    rows = {row.competence.id: row for row in alice.competences}
    # positioning: usages-ia 1, usages-metier 0, reponse-inventee 0.5 → 1.5 of 3 = 50 %
    assert (rows["c01-bases"].positioning.points, rows["c01-bases"].positioning.questions) == (
        1.5,
        3,
    )
    assert rows["c01-bases"].positioning_level == "en cours"
    # one item only: never a verdict
    assert rows["c02-donnees"].positioning.questions == 1
    assert rows["c02-donnees"].positioning_level == "pas assez d'éléments"
    report = GroupReport(outline, [alice], generated=dt.datetime(2025, 6, 4, tzinfo=dt.UTC))
    page = report_html(report)
    assert LEVEL_RULE.replace("'", "&#x27;") in page
    assert "<strong>en cours</strong> (1,5 sur 3 (50 %))" in page
    assert "sceau" not in page.lower()
    assert "empreinte conforme" in page and "ne prouve ni qui a répondu" in page
    assert "Source des résultats : fichier du site" in page
    table = _table(competences_csv(report))
    assert [(r["Compétence"], r["Positionnement : niveau"]) for r in table] == [
        ("c01-bases", "en cours"),
        ("c02-donnees", "pas assez d'éléments"),
    ]


def test_rubric_grades_are_shown_with_points(outline: CourseOutline) -> None:
    rubrics, problems = load_rubrics(RUBRICS)
    assert problems == [] and set(rubrics) >= {"l06-requete", "l15-charte"}
    progress = read_progress(FILES / "alice.json").progress
    grade = RubricGrade(
        rubric="l06-requete",
        criteria={"role-contexte": 3, "tache-format": 2, "donnees-separees": 2, "iteration": 1},
        grader="Mme Leroy",
        graded=dt.datetime(2025, 6, 3, 16, tzinfo=dt.UTC),
    )
    graded = progress.model_copy(update={"rubrics": [grade], "source": "papier"})
    learner = learner_report(graded, outline, rubrics=rubrics, sources=["site", "papier"])
    (result,) = learner.rubrics
    assert (result.points, result.max_points) == (8, 10)
    assert learner.source_text == "fichier du site, papier"
    page = report_html(GroupReport(outline, [learner]))
    assert "8 sur 10 (80 %)" in page and "Mme Leroy, 3 juin 2025" in page


def test_item_statistics_point_at_the_bank_line(outline: CourseOutline) -> None:
    learners = [
        learner_report(read_progress(FILES / name).progress, outline)
        for name in ("alice.json", "chloe.json")
    ]
    report = GroupReport(outline, learners, item_locations={"usages-ia": "exercises/b/b.yml:7"})
    table = _table(statistics_csv(report))
    first = next(row for row in table if row["Question"] == "usages-ia")
    assert first["Banque (fichier:ligne)"] == "exercises/b/b.yml:7"
    assert first["Test"] == "Test de positionnement"
    page = report_html(report)
    assert "Statistiques des questions" in page
    assert "Moins de 5 personnes : ces statistiques ne sont pas fiables." in page


def test_attestation_gives_competence_levels_and_the_source(outline: CourseOutline) -> None:
    from edukit.progress import AttestationFields, attestation_html

    alice = learner_report(read_progress(FILES / "alice.json").progress, outline)
    fields = AttestationFields.model_validate(
        {
            "organisation": "Association",
            "declaration_number": "11 75 12345 75",
            "trainer": "Camille Martin",
            "start": "2025-06-02",
            "end": "2025-06-04",
            "place": "Villeneuve",
            "duration": "21h",
        }
    )
    page = attestation_html(alice, fields, outline)
    assert "Niveau de Alice par compétence évaluée" in page
    assert "<strong>en cours</strong>" in page
    assert "Source des résultats : fichier du site" in page
    assert "objectif évalué" not in page


def test_a_rubric_names_the_competence_it_gives_evidence_for() -> None:
    repo = Path(__file__).parents[2]
    load = load_course(repo)
    assert load.course is not None
    outline = CourseOutline.from_course(load.course, load.competences)
    rubrics, _ = load_rubrics(RUBRICS)
    grade = RubricGrade(
        rubric="l15-charte",
        criteria={
            "regles": 3,
            "donnees-verification": 2,
            "transparence-droit": 1,
            "participation": 1,
        },
        grader="Camille Martin",
        graded=dt.datetime(2025, 6, 4, 15, tzinfo=dt.UTC),
    )
    progress = read_progress(FILES / "alice.json").progress.model_copy(update={"rubrics": [grade]})
    learner = learner_report(progress, outline, rubrics=rubrics)
    assert learner.rubrics[0].competences == ("c15-gouverner-usage",)
    page = report_html(GroupReport(outline, [learner]))
    assert "7 sur 9" in page
    assert "Je sais proposer des règles d&#x27;usage de l&#x27;IA pour ma structure" in page


def test_one_question_answered_on_the_site_and_on_paper_counts_once(
    outline: CourseOutline,
) -> None:
    """The same item in two quizzes of one test (site and paper): the newest answer only."""
    from edukit.progress import merge

    site = read_progress(FILES / "alice.json").progress
    quiz = site.quizzes()[0]
    later = [
        item.model_copy(update={"answered": dt.datetime(2025, 6, 5, tzinfo=dt.UTC), "score": 1.0})
        for item in quiz.results()
    ]
    paper_entry = quiz.model_copy(
        update={
            "key": "quiz:papier-positionnement",
            "value": quiz.value.model_copy(update={"items": later}),
        }
    )
    paper = site.model_copy(update={"entries": [paper_entry], "source": "papier"})
    both = learner_report(merge(site, paper), outline, sources=["site", "papier"])
    alone = learner_report(site, outline)
    assert both.positioning.questions == alone.positioning.questions == 4
    assert both.positioning.points == 4.0  # the paper answers are newer and all right
