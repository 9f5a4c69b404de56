from pathlib import Path

import pytest

from edukit._problems import Problem, ProblemError, Severity, format_problems
from edukit._yaml import load_yaml, split_front_matter

P = Path("courses/m1/lesson.md")


def test_lines_of_nested_keys() -> None:
    doc = load_yaml("title: A\nactivities:\n  - minutes: 5\n    method: b\n", P)
    assert doc.data == {"title": "A", "activities": [{"minutes": 5, "method": "b"}]}
    assert doc.line("title") == 1
    assert doc.line("activities", 0, "method") == 4
    assert doc.line("activities", 0, "missing") == 3


def test_broken_yaml_names_file_and_line() -> None:
    with pytest.raises(ProblemError) as caught:
        load_yaml("title: A\nobjectives:\n  - id: x\n   text: [unclosed\n", P)
    (problem,) = caught.value.problems
    assert problem.path == P
    assert problem.line == 4
    assert str(problem).startswith("courses/m1/lesson.md:4: YAML cassé")


def test_duplicate_key_is_reported_with_both_lines() -> None:
    with pytest.raises(ProblemError) as caught:
        load_yaml("title: A\nid: x\ntitle: B\n", P)
    assert str(caught.value) == (
        "courses/m1/lesson.md:3: la clé « title » apparaît deux fois (d'abord ligne 1) — gardez-en une seule"
    )


def test_front_matter_lines_count_from_file_top() -> None:
    text = "---\nid: l01\ntitle: Bonjour\n---\n# Corps\n"
    front = split_front_matter(text, P)
    assert front.document.data == {"id": "l01", "title": "Bonjour"}
    assert front.document.line("title") == 3
    assert front.body == "# Corps\n"
    assert front.body_line == 5


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("# no front matter\n", "le fichier n'a pas d'en-tête YAML"),
        ("---\nid: x\n# never closed\n", "l'en-tête YAML n'est pas fermé"),
    ],
)
def test_front_matter_mistakes(text: str, message: str) -> None:
    with pytest.raises(ProblemError) as caught:
        split_front_matter(text, P)
    assert caught.value.problems[0].message == message
    assert caught.value.problems[0].line == 1


def test_problems_sort_errors_before_warnings() -> None:
    warning = Problem("b.md", 2, "w", severity=Severity.WARNING)
    error = Problem("c.md", 9, "e", "fix it")
    assert format_problems([warning, error]) == "c.md:9: e — fix it\nb.md:2: w (avertissement)"


def test_impossible_date_is_a_problem_not_a_crash() -> None:
    with pytest.raises(ProblemError) as caught:
        split_front_matter("---\nid: l01\nsource:\n  date: 2024-02-30\n---\n", P)
    assert str(caught.value) == (
        "courses/m1/lesson.md:4: la valeur « 2024-02-30 » ne peut pas être lue — "
        "écrivez une date AAAA-MM-JJ avec un vrai jour, ou mettez la valeur entre guillemets"
    )
