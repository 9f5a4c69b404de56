"""Active HTML in lesson Markdown: each pattern reported at its line with its French fix, code
left alone, and the per-lesson opt-out ``html_actif: autorise``."""

from __future__ import annotations

from pathlib import Path

import pytest

from edukit._problems import Problem, Severity
from edukit.course import load_course
from edukit.course._active_html import SHOW_AS_CODE, find_active_html

from .conftest import Edit

L03 = "courses/m2/l03-provenance.md"
BODY_START = "## La provenance\n"
"""The line of the fixture lesson after which the tests insert their Markdown."""
INTERACTIVE = "pour une activité, utilisez un bloc edukit-quiz, edukit-bias ou edukit-playground"


def found(markdown: str) -> list[tuple[int, str, str]]:
    return [(item.line, item.kind, item.name) for item in find_active_html(markdown)]


def lesson_problems(root: Path, edit: Edit, markdown: str, front: str = "") -> list[Problem]:
    """The problems of the fixture lesson once ``markdown`` follows its first heading (and
    ``front`` is added to its front matter)."""
    if front:
        edit(
            L03,
            "exercises: [exercises/provenance/trouver-licence.md]\n",
            f"{front}\n" + "exercises: [exercises/provenance/trouver-licence.md]\n",
        )
    edit(L03, BODY_START, BODY_START + markdown)
    return [p for p in load_course(root).problems if Path(p.path).as_posix() == L03]


def line_after_heading(root: Path) -> int:
    lines = (root / L03).read_text(encoding="utf-8").splitlines()
    return lines.index(BODY_START.strip()) + 2


# -- each pattern -----------------------------------------------------------------------------

PATTERNS = [
    ("<script>window.__pwned = 1</script>", "script", "script"),
    ('<script type="module">import "./x.js"</script>', "script", "script"),
    ('<script src="../x.js"></script>', "script", "script"),
    ("<SCRIPT>alert(1)</SCRIPT>", "script", "script"),
    ("<svg><script>alert(1)</script></svg>", "script", "script"),
    ('<div onclick="go()">clic</div>', "handler", "onclick"),
    ("<img src=x ONERROR=alert(1)>", "handler", "onerror"),
    ('<details open ontoggle="go()"><summary>x</summary></details>', "handler", "ontoggle"),
    ("<svg/onload=alert(1)>", "handler", "onload"),
    ('<a href="javascript:go()">lien</a>', "javascript", "href"),
    ('<a href=" JavaScript:go()">lien</a>', "javascript", "href"),
    ('<a href="jav&#x09;ascript:go()">lien</a>', "javascript", "href"),
    (
        '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;go()">x</a>',
        "javascript",
        "href",
    ),
    ("[un lien](javascript:go())", "javascript", "href"),
    ("[un lien](<javascript:go()>)", "javascript", "href"),
    ("[ref]: javascript:go()\n\nVoir [un lien][ref].", "javascript", "href"),
    ('<iframe src="https://exemple.fr"></iframe>', "iframe", "iframe"),
    ('<iframe srcdoc="<p>x</p>"></iframe>', "iframe", "iframe"),
    ('<object data="film.swf"></object>', "embedded", "object"),
    ('<embed src="film.swf">', "embedded", "embed"),
    ('<form action="https://exemple.fr"><input name="q"></form>', "form", "form"),
    ('<button formaction="https://exemple.fr">Envoyer</button>', "formaction", "formaction"),
    ('<meta http-equiv="refresh" content="0; url=https://exemple.fr">', "meta", "meta"),
    ('<META HTTP-EQUIV="Content-Security-Policy" content="default-src *">', "meta", "meta"),
]


@pytest.mark.parametrize(("markdown", "kind", "name"), PATTERNS)
def test_each_pattern_is_found(markdown: str, kind: str, name: str) -> None:
    assert (1, kind, name) in found(markdown)


def test_attribute_lists_of_markdown_are_html_attributes() -> None:
    assert found('## Titre {: onclick="go()" }\n\nTexte.\n{: .note onmouseover=go() }\n') == [
        (1, "handler", "onclick"),
        (4, "handler", "onmouseover"),
    ]
    assert found('[lien](https://exemple.fr){: href="javascript:go()" }') == [
        (1, "javascript", "href")
    ]


def test_one_tag_with_several_problems_gives_one_finding_each() -> None:
    assert found('<form><button formaction="javascript:go()" onclick="go()">x</button></form>') == [
        (1, "form", "form"),
        (1, "formaction", "formaction"),
        (1, "handler", "onclick"),
        (1, "javascript", "formaction"),
    ]


@pytest.mark.parametrize(
    "markdown",
    [
        '<div class="encadre" markdown>\n**Gras**, <em>italique</em>, <br>, <hr>\n</div>',
        '<img src="image.png" alt="Une image" width="200">',
        '<a href="https://exemple.fr" title="onclick=rien">un lien</a> <a href="../l01/">ici</a>',
        "<details><summary>Voir la réponse</summary>La réponse.</details>",
        '<table><tr><td style="text-align: right">3</td></tr></table>',
        '<meta name="description" content="x"> <abbr title="JavaScript: un langage">JS</abbr>',
        "JavaScript: un langage. Le mot onclick= dans une phrase. Un formulaire (form).",
        "[un lien](https://exemple.fr/javascript:rien) et [ref]\n\n[ref]: https://exemple.fr",
        "<!-- <script>commentaire</script> -->",
        "&lt;script&gt;alert(1)&lt;/script&gt;",
        "<scrıpt>window.x=1</scrıpt> ＜script＞window.x=1＜/script＞",
        "{: .classe #ancre data-role=note }",
    ],
)
def test_raw_html_without_active_content_is_allowed(markdown: str) -> None:
    assert found(markdown) == []


# -- code is text -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "markdown",
    [
        'Écrivez `<script>` ou `<a href="javascript:go()">`.',
        'Écrivez ``<button onclick="`go`">`` pour un bouton.',
        'Un code sur deux lignes : `<iframe\nsrc="x">` dans un paragraphe.',
        "```html\n<script>alert(1)</script>\n<form></form>\n```",
        '~~~\n<iframe src="x"></iframe>\n~~~',
        '````markdown\n```html\n<embed src="x">\n```\n<object></object>\n````',
        '!!! note "Exemple"\n    ```html\n    <div onclick="go()">x</div>\n    ```',
        '> ```html\n> <meta http-equiv="refresh">\n> ```',
        "```edukit-quiz\nbank: exercises/provenance\nprompt: <script>x</script>\n```",
    ],
)
def test_code_is_never_reported(markdown: str) -> None:
    assert found(markdown) == []


def test_html_around_code_keeps_its_lines() -> None:
    markdown = "`<script>`\n\n```\n<script>\n```\n\n<script>go()</script>\n`<iframe>` <iframe>\n"
    assert found(markdown) == [(7, "script", "script"), (8, "iframe", "iframe")]


def test_a_fence_never_closed_is_not_code() -> None:
    # Python-Markdown renders an unclosed fence as a paragraph, its raw HTML active.
    assert found("```html\n<script>go()</script>\n") == [(2, "script", "script")]


def test_a_code_span_does_not_cross_a_blank_line() -> None:
    assert found("Un accent grave ` seul.\n\n<embed src=x> et ` un autre.") == [
        (3, "embedded", "embed")
    ]


def test_an_escaped_backtick_opens_no_code_span() -> None:
    assert found("\\`<script>go()</script>`") == [(1, "script", "script")]


# -- edukit check: path, line, message and fix ------------------------------------------------

MESSAGES = {
    "<script>window.__pwned = 1</script>": (
        "balise <script> : le site ne l'exécute pas (règles de sécurité du site)",
        f"retirez-la ; {INTERACTIVE}",
    ),
    '<p onclick="go()">x</p>': (
        "attribut « onclick » : le site n'exécute pas le code écrit dans un attribut",
        f"retirez l'attribut ; {INTERACTIVE}",
    ),
    "[lien](javascript:go())": (
        "adresse « javascript: » : le site n'exécute pas ce lien",
        "remplacez-la par une adresse https://… ou par le lien d'une page du cours",
    ),
    '<iframe src="https://exemple.fr"></iframe>': (
        "balise <iframe> : une leçon n'affiche pas une autre page dans la sienne",
        "mettez plutôt un lien vers la page, avec un texte qui dit où il mène",
    ),
    '<object data="x.swf"></object>': (
        "balise <object> : le site n'affiche pas de contenu embarqué (module externe)",
        "mettez plutôt un lien vers le fichier, ou une image <img> avec un texte alternatif",
    ),
    '<embed src="x.swf">': (
        "balise <embed> : le site n'affiche pas de contenu embarqué (module externe)",
        "mettez plutôt un lien vers le fichier, ou une image <img> avec un texte alternatif",
    ),
    "<form></form>": (
        "balise <form> : un formulaire peut envoyer les saisies des personnes hors du cours",
        "retirez-le ; pour faire répondre, utilisez un bloc edukit-quiz",
    ),
    '<button formaction="/x">Envoyer</button>': (
        "attribut « formaction » : il peut envoyer les saisies des personnes hors du cours",
        "retirez l'attribut ; pour faire répondre, utilisez un bloc edukit-quiz",
    ),
    '<meta http-equiv="refresh" content="0">': (
        "balise <meta http-equiv> : elle peut rediriger la page ou changer ses règles de sécurité",
        "retirez-la ; le titre et le résumé de la leçon se règlent dans son en-tête",
    ),
}


def test_the_fix_tells_how_to_show_html_and_how_to_opt_out() -> None:
    assert SHOW_AS_CODE == (
        " ; pour le montrer en exemple, mettez-le entre accents graves (`…`) ou dans un bloc de"
        " code ; HTML relu et voulu : « html_actif: autorise » dans l'en-tête de la leçon"
    )


@pytest.mark.parametrize(("markdown", "expected"), list(MESSAGES.items()))
def test_check_reports_path_line_message_and_fix(
    course_root: Path, edit: Edit, markdown: str, expected: tuple[str, str]
) -> None:
    line = line_after_heading(course_root)
    problems = lesson_problems(course_root, edit, f"\nTexte.\n\n{markdown}\n")
    message, fix = expected
    assert problems == [Problem(Path(L03), line + 3, message, fix + SHOW_AS_CODE, Severity.WARNING)]


def test_check_prints_the_line_of_the_file(course_root: Path, edit: Edit) -> None:
    line = line_after_heading(course_root)
    (problem,) = lesson_problems(course_root, edit, "<script>window.__pwned = 1</script>\n")
    assert str(problem) == (
        f"{L03}:{line}: balise <script> : le site ne l'exécute pas (règles de sécurité du site)"
        f" — retirez-la ; {INTERACTIVE}{SHOW_AS_CODE} (avertissement)"
    )


def test_active_html_warns_and_does_not_stop_the_course(course_root: Path, edit: Edit) -> None:
    """Raw HTML is allowed by design and the site's policy keeps scripts from running: the
    check warns the author and the reviewer, a build goes on."""
    lesson_problems(course_root, edit, "<script>go()</script>\n")
    load = load_course(course_root)
    assert load.errors == []
    assert [p.severity for p in load.problems] == [Severity.WARNING]
    assert load.course is not None and "l03-provenance" in [
        lesson.id for lesson in load.course.lessons
    ]


def test_each_occurrence_is_reported_once(course_root: Path, edit: Edit) -> None:
    line = line_after_heading(course_root)
    problems = lesson_problems(
        course_root,
        edit,
        '<script>a()</script>\n\n!!! note "Note"\n    <div onclick="b()">x</div>\n\n`<form>`\n',
    )
    assert [(p.line, p.message.split(" :")[0]) for p in problems] == [
        (line, "balise <script>"),
        (line + 3, "attribut « onclick »"),
    ]


def test_a_lesson_without_active_html_stays_clean(course_root: Path, edit: Edit) -> None:
    markdown = '<div class="encadre" markdown>\nÉcrivez `<script>` en **code**.\n</div>\n'
    assert lesson_problems(course_root, edit, markdown) == []


# -- the opt-out ------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["autorise", "autorisé", '"autorise"'])
def test_trusted_html_is_not_reported(course_root: Path, edit: Edit, value: str) -> None:
    problems = lesson_problems(
        course_root,
        edit,
        '<iframe src="../l01/"></iframe>\n<form action="../"></form>\n',
        front=f"html_actif: {value}",
    )
    assert problems == []
    load = load_course(course_root)
    assert load.course is not None and "l03-provenance" in [
        lesson.id for lesson in load.course.lessons
    ]


def test_the_opt_out_needs_its_exact_value(course_root: Path, edit: Edit) -> None:
    line = line_after_heading(course_root)
    problems = lesson_problems(course_root, edit, "<iframe></iframe>\n", front="html_actif: oui")
    front_line = (course_root / L03).read_text(encoding="utf-8").splitlines().index(
        "html_actif: oui"
    ) + 1
    assert [str(p) for p in problems] == [
        f"{L03}:{front_line}: « html_actif: oui » n'est pas compris : seule la valeur « autorise »"
        " autorise le HTML actif — écrivez « html_actif: autorise », ou retirez la ligne pour que"
        " le HTML actif soit signalé",
        f"{L03}:{line + 1}: balise <iframe> : une leçon n'affiche pas une autre page dans la sienne"
        " — mettez plutôt un lien vers la page, avec un texte qui dit où il mène"
        + SHOW_AS_CODE
        + " (avertissement)",
    ]
    assert [p.severity for p in problems] == [Severity.ERROR, Severity.WARNING]


def test_the_opt_out_is_per_lesson(course_root: Path, edit: Edit) -> None:
    other = course_root / "courses/m1-decouvrir/l01-accueil.md"
    text = other.read_text(encoding="utf-8")
    other.write_text(text + "\n<script>go()</script>\n", encoding="utf-8")
    problems = lesson_problems(
        course_root, edit, "<script>go()</script>\n", front="html_actif: autorise"
    )
    assert problems == []
    others = [p for p in load_course(course_root).problems if Path(p.path).name == other.name]
    assert [(p.line, p.message.split(" :")[0]) for p in others] == [
        (len(text.splitlines()) + 2, "balise <script>")
    ]
