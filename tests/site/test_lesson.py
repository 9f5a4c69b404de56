"""The Markdown the plugin adds around a lesson (fast: no MkDocs build)."""

from __future__ import annotations

from pathlib import Path

import markdown
import pytest

from edukit.course import Course, load_course
from edukit.site._lesson import format_minutes, key_points_markdown, lesson_header

GOOD = Path(__file__).resolve().parents[1] / "fixtures" / "courses" / "good"
URIS = {
    "l01-accueil": "m1-decouvrir/l01-accueil.md",
    "l02-definitions": "m1-decouvrir/l02-definitions.md",
    "l03-provenance": "m2/l03-provenance.md",
}


@pytest.fixture(scope="module")
def course() -> Course:
    loaded = load_course(GOOD)
    assert loaded.course is not None, loaded.problems
    return loaded.course


def render(text: str) -> str:
    return markdown.markdown(text, extensions=["md_in_html", "admonition"])


def test_header_names_some_audiences_and_free_text_prerequisites(course: Course) -> None:
    lesson = course.lesson("l03-provenance").model_copy(
        update={"audiences": ["seniors"], "prerequisites": ["l02-definitions", "Savoir lire"]}
    )
    html = render(lesson_header(lesson, course, page_uri=URIS["l03-provenance"], lesson_uris=URIS))
    assert "<strong>Publics\u00a0:</strong> Personnes âgées" in html
    assert (
        '<strong>Prérequis\u00a0:</strong> <a href="../m1-decouvrir/l02-definitions.md">'
        "Qu'est-ce que l'IA ?</a>\u00a0; Savoir lire" in html
    )
    assert '<a href="../notebooks/provenance.ipynb">provenance</a>' in html
    assert html.startswith('<div class="edukit-lesson-header">')


def test_header_escapes_author_text(course: Course) -> None:
    lesson = course.lesson("l01-accueil")
    objective = lesson.objectives[0].model_copy(update={"text": "Lire <script> et *gras*"})
    lesson = lesson.model_copy(update={"objectives": [objective]})
    html = render(lesson_header(lesson, course, page_uri=URIS["l01-accueil"], lesson_uris=URIS))
    assert "<li>Lire &lt;script&gt; et *gras*</li>" in html


def test_key_points_box(course: Course) -> None:
    html = render(key_points_markdown(course.lesson("l03-provenance")))
    assert html == (
        '<div class="admonition abstract">\n<p class="admonition-title">À retenir</p>\n'
        "<ul>\n<li>Une donnée publiée n'est pas forcément réutilisable.</li>\n</ul>\n</div>"
    )


@pytest.mark.parametrize(
    ("minutes", "shown"), [(5, "5\u00a0min"), (60, "1\u00a0h"), (90, "1\u00a0h\u00a030")]
)
def test_format_minutes(minutes: int, shown: str) -> None:
    assert format_minutes(minutes) == shown
