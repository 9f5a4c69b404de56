"""The Quiz widget: traits and payload, readable notes for bad banks, the Markdown block, and the
JS grading checked against :func:`edukit.quiz.check_answer` on a shared fixture."""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from edukit._problems import ProblemError
from edukit.quiz import (
    Item,
    ItemPayload,
    NumericItem,
    Source,
    check_answer,
    draw,
    load_bank,
    normalize_answer,
    quiz_payload,
)
from edukit.quiz._grading import parse_number
from edukit.site._widgets import BlockContext
from edukit.widgets import widget_classes
from edukit.widgets._quiz import Quiz, quiz_block

pytestmark = pytest.mark.widget

ROOT = Path(__file__).resolve().parents[2]
ALL_TYPES = ROOT / "tests" / "fixtures" / "banks" / "all-types"
MISTAKES = ROOT / "tests" / "fixtures" / "banks" / "mistakes"
JS_FIXTURE = ROOT / "tests" / "js" / "quiz-grading.fixture.json"
JS_TEST = ROOT / "tests" / "js" / "quiz.test.mjs"
HOOK = ROOT / "tests" / "fixtures" / "widgets" / "hook.py"

# Texts that must never be readable in an evaluation payload (answers, feedback, sources).
KEY_TEXTS = (
    "Creative Commons",
    "creativecommons",
    "Bravo",
    "Oui : BY",
    "Relisez",
    "BY impose",
    "Exact : il faut",
    "Légifrance",
    "feedback",
    "explanation",
    "correct",
    "Elle dure 21 heures",
)


def _bank() -> Any:
    bank, problems = load_bank(ALL_TYPES)
    assert problems == [] and bank is not None
    return bank


# -- traits and payload -----------------------------------------------------------------------


def test_practice_quiz_ships_the_payload_of_the_draw() -> None:
    quiz = Quiz(str(ALL_TYPES), count=4, seed=7)
    bank = _bank()
    drawn = draw(bank, count=4, seed=7)
    assert [item.id for item in quiz.drawn] == [item.id for item in drawn]
    assert quiz.payload == quiz_payload(drawn, mode="practice", seed=7, lang="fr")
    assert (quiz.mode, quiz.attempts, quiz.title, quiz.error) == (
        "practice",
        0,
        "Tous les types : provenance",
        "",
    )
    assert re.fullmatch(r"quiz:all-types:[0-9a-f]{12}", quiz.key)
    state = quiz.get_state()
    assert state["_edukit_widget"] == "quiz"
    assert {"payload", "mode", "attempts", "title", "key", "lang", "course", "error"} <= set(state)
    json.dumps(quiz.page_state())


def test_draw_options_filter_like_edukit_quiz_draw() -> None:
    bank = _bank()
    quiz = Quiz(bank, tags=["licences"], difficulty=[1, 2], seed="s")
    expected = draw(bank, tags=["licences"], difficulty=[1, 2], seed="s")
    assert [item.id for item in quiz.drawn] == [item.id for item in expected]
    assert all("licences" in item.tags and item.difficulty in (1, 2) for item in quiz.drawn)
    by_objective = Quiz(bank, objectives=["l10-o1"], seed=1)
    assert [item.id for item in by_objective.drawn] == ["donnees-personnelles"]


def test_evaluation_defaults_to_one_attempt_and_has_no_readable_key() -> None:
    quiz = Quiz(ALL_TYPES, mode="evaluation", seed=5)
    assert quiz.attempts == 1 and quiz.payload["mode"] == "evaluation"
    text = json.dumps(quiz.page_state(), ensure_ascii=False)
    for secret in KEY_TEXTS:
        assert secret not in text, secret
    for entry in quiz.payload["items"]:
        assert entry["practice"] is None
        assert set(entry["evaluation"]) == {"algorithm", "salt", "hashes", "exponent"}
    # The practice payload of the same draw does carry them: the test above can fail.
    practice = json.dumps(Quiz(ALL_TYPES, seed=5).page_state(), ensure_ascii=False)
    assert "Creative Commons" in practice and "Bravo" in practice


def test_attempts_mode_and_parameters_are_checked() -> None:
    assert Quiz(ALL_TYPES, attempts=3).attempts == 3
    assert Quiz(ALL_TYPES, mode="evaluation", attempts=2).attempts == 2
    with pytest.raises(ValueError, match="attempts must be 1 or more"):
        Quiz(ALL_TYPES, attempts=0)
    with pytest.raises(ValueError, match="mode must be 'practice' or 'evaluation'"):
        Quiz(ALL_TYPES, mode="exam")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="either a bank"):
        Quiz()
    with pytest.raises(TypeError, match=r"unknown parameter 'titel' — check the spelling"):
        Quiz(ALL_TYPES, titel="x")


def test_storage_key_follows_bank_draw_and_mode() -> None:
    first = Quiz(ALL_TYPES, count=3, seed=1).key
    assert Quiz(ALL_TYPES, count=3, seed=1).key == first
    assert Quiz(ALL_TYPES, count=3, seed=2).key != first
    assert Quiz(ALL_TYPES, count=3, seed=1, mode="evaluation").key != first


def test_items_instead_of_a_bank_and_english() -> None:
    bank = _bank()
    quiz = Quiz(items=bank.items[:3], lang="en", title="Check")
    assert quiz.title == "Check" and quiz.key.startswith("quiz:items:")
    true_false = next(i for i in quiz.payload["items"] if i["type"] == "true_false")
    labels = [option["text"] for option in true_false["options"]]
    assert quiz.payload["lang"] == "en" and labels == ["True", "False"]


def test_bank_found_from_a_parent_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT / "tests" / "fixtures" / "widgets")
    quiz = Quiz("tests/fixtures/banks/all-types", count=2)
    assert quiz.error == "" and len(quiz.payload["items"]) == 2


# -- readable notes instead of a blank output -------------------------------------------------


def test_missing_bank_gives_a_french_note(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    quiz = Quiz("exercises/nulle-part")
    assert quiz.error.startswith("la banque de questions « exercises/nulle-part » est introuvable")
    assert "exercises/provenance" in quiz.error
    assert quiz.payload == {} and quiz.drawn == []


def test_bank_with_mistakes_lists_them_with_path_and_line() -> None:
    quiz = Quiz(MISTAKES)
    assert "contient 17 erreur(s)" in quiz.error
    assert "tests/fixtures/banks/mistakes/b-mistakes.yml:26: item 'no-correct'" in quiz.error
    assert quiz.error.count("\n") == 6 and quiz.error.endswith("… et 12 autre(s)")
    assert quiz.payload == {}


def test_a_draw_larger_than_the_bank_gives_a_note() -> None:
    quiz = Quiz(ALL_TYPES, count=9, tags=["licences"])
    assert quiz.error == (
        "le tirage demande 9 question(s), mais seules 5 question(s) de la banque « all-types » "
        "correspondent aux filtres (étiquettes licences). Demandez-en moins ou élargissez les "
        "filtres."
    )
    assert quiz.payload == {}
    nothing = Quiz(ALL_TYPES, difficulty=3, tags=["rgpd"])
    assert nothing.error == (
        "aucune question de la banque « all-types » ne correspond aux filtres "
        "(étiquettes rgpd ; difficulté 3)."
    )


# -- the JS module ----------------------------------------------------------------------------


def test_quiz_module_is_registered_and_linked_with_its_helpers() -> None:
    assert widget_classes()["quiz"] is Quiz
    esm = str(Quiz._esm)
    assert "// --- sha256.js" in esm and "// --- store.js" in esm
    assert esm.rstrip().endswith("defineWidget('quiz', __edukit_widget);")
    assert not re.search(r"^\s*import\s", esm, re.M)
    # Data only ever becomes text nodes.
    assert "innerHTML" not in esm and "insertAdjacentHTML" not in esm
    assert ".edukit-quiz__feedback" in str(Quiz._css)


# -- the Markdown block -----------------------------------------------------------------------


def _context(root: Path, block: str) -> BlockContext:
    lesson = root / "courses" / "m1" / "lecon.md"
    lesson.parent.mkdir(parents=True, exist_ok=True)
    lesson.write_text(f"# Leçon\n\nTexte.\n\n```edukit-quiz\n{block}```\n", encoding="utf-8")
    return BlockContext(root=root, page=None, lang="fr", path=lesson, line=5)


def _block(root: Path, block: str) -> tuple[str, dict[str, Any]]:
    import yaml

    return quiz_block(yaml.safe_load(block), _context(root, block))


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    shutil.copytree(ALL_TYPES, tmp_path / "exercises" / "all-types")
    shutil.copytree(MISTAKES, tmp_path / "exercises" / "mistakes")
    return tmp_path


def test_block_builds_the_widget_state(repo: Path) -> None:
    name, state = _block(
        repo,
        "bank: exercises/all-types\ndraw: {count: 3, tags: [licences], seed: 4}\n"
        "mode: evaluation\nattempts: 2\ntitle: Quiz d'entrée\n",
    )
    expected = Quiz(
        repo / "exercises" / "all-types", count=3, tags=["licences"], seed=4, mode="evaluation"
    )
    assert name == "quiz"
    assert state["payload"] == expected.payload
    assert (state["mode"], state["attempts"], state["title"], state["lang"]) == (
        "evaluation",
        2,
        "Quiz d'entrée",
        "fr",
    )
    assert state["key"] == expected.key


@pytest.mark.parametrize(
    ("block", "message"),
    [
        (
            "bank: exercises/all-types\ncount: 3\n",
            "courses/m1/lecon.md:7: the key 'count' is unknown",
        ),
        ("title: x\n", "courses/m1/lecon.md:5: the edukit-quiz block has no 'bank'"),
        (
            "bank: exercises/nope\n",
            "courses/m1/lecon.md:6: the bank 'exercises/nope' does not exist",
        ),
        (
            "bank: ../../etc\n",
            "courses/m1/lecon.md:6: the bank '../../etc' is outside the repository",
        ),
        (
            "bank: exercises/all-types\ndraw:\n  cout: 3\n",
            "courses/m1/lecon.md:8: the draw key 'cout' is unknown",
        ),
        (
            "bank: exercises/all-types\ndraw: {count: 40}\n",
            "courses/m1/lecon.md:7: only 7 item(s) of bank 'all-types' match, but 40 were asked",
        ),
        (
            "bank: exercises/all-types\nmode: exam\n",
            "courses/m1/lecon.md:7: the mode 'exam' is unknown",
        ),
        (
            "bank: exercises/all-types\nattempts: 0\n",
            "courses/m1/lecon.md:7: attempts must be a whole number ≥ 1",
        ),
        (
            "bank: exercises/all-types\ndraw: {difficulty: 5}\n",
            "courses/m1/lecon.md:7: 'draw: difficulty' must be 1, 2, 3",
        ),
        (
            "bank: exercises/mistakes\n",
            "exercises/mistakes/b-mistakes.yml:26: item 'no-correct' has no correct option",
        ),
    ],
)
def test_block_problems_are_located(repo: Path, block: str, message: str) -> None:
    with pytest.raises(ProblemError) as caught:
        _block(repo, block)
    assert message in str(caught.value)


def test_lesson_page_with_a_quiz_block_builds(tmp_path: Path) -> None:
    shutil.copytree(ALL_TYPES, tmp_path / "exercises" / "all-types")
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text(
        "# Leçon\n\n```edukit-quiz\nbank: exercises/all-types\ndraw: {count: 2, seed: 1}\n```\n",
        encoding="utf-8",
    )
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: T\ntheme: {name: material, language: fr, font: false}\n"
        f"hooks: [{HOOK}]\nmarkdown_extensions: [pymdownx.superfences]\n",
        encoding="utf-8",
    )
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(tmp_path / "mkdocs.yml")],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    match = re.search(r'data-edukit-mount="quiz"[^>]*data-edukit-state="([^"]*)"', page)
    assert match, page
    state = json.loads(html.unescape(match.group(1)))["state"]
    assert len(state["payload"]["items"]) == 2 and state["mode"] == "practice"
    module = tmp_path / "site" / "assets" / "edukit" / "widgets" / "quiz.js"
    assert module.read_text(encoding="utf-8").startswith("// edukit widget 'quiz'")

    (docs / "index.md").write_text(
        "# Leçon\n\n```edukit-quiz\nbank: exercises/all-types\ndraw: {count: 20}\n```\n",
        encoding="utf-8",
    )
    failed = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(tmp_path / "mkdocs.yml")],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert failed.returncode != 0
    assert "docs/index.md:5: only 7 item(s) of bank 'all-types' match" in failed.stderr
    assert "Traceback" not in failed.stderr


# -- JS grading equals check_answer -----------------------------------------------------------


def _by_text(choices: list[Any]) -> dict[str, str]:
    return {choice["text"]: choice["id"] for choice in choices}


def _answers(item: ItemPayload) -> list[Any]:
    """Answers in payload terms: right, partial, wrong and odd ones, for one item."""
    options = [option["id"] for option in item["options"]]
    kind = item["type"]
    if kind == "single":
        return options
    if kind == "true_false":
        return [True, False]
    if kind == "multiple":
        subsets = [
            [option for bit, option in enumerate(options) if mask >> bit & 1]
            for mask in range(1, 1 << len(options))
        ]
        return [*subsets, [options[0], options[0]]]
    if kind == "short":
        return [
            "Creative Commons",
            "créative  commons!",
            "CRÉATIVE-COMMONS",
            "CC",
            "c.c.",
            "Commons",
            "",
            "   ",
            "Œuvre",
        ]
    if kind == "numeric":
        return [
            21,
            20.5,
            21.5,
            20.49,
            21.51,
            "21,2",
            "21 heures",
            "21 HEURES",
            "21\u202fheures",
            "21,5 heures",
            "20,5",
            "2,1e1",
            "+21",
            "21.",
            "vingt",
            "21 h",
            "21e",
            "-21",
            "",
            "1e999",
            "\u0662\u0661",  # Arabic-Indic digits: Python's float() reads them
            "\uff12\uff11",  # full-width digits
            "1 234,5",
        ]
    if kind == "matching":
        lefts = [left["id"] for left in item["lefts"]]
        rights = [right["id"] for right in item["rights"]]
        key = item["practice"]["pairs"] if item["practice"] else None
        answers: list[Any] = [{}, dict.fromkeys(lefts, rights[0])]
        answers.append({left: rights[index % len(rights)] for index, left in enumerate(lefts)})
        answers.append({left: rights[-1 - index] for index, left in enumerate(lefts)})
        if key:
            answers.append(dict(key))
            answers.append({lefts[0]: key[lefts[0]], lefts[1]: key[lefts[2]]})
        return answers
    shown = list(options)
    return [shown, shown[::-1], shown[1:] + shown[:1], sorted(shown)]


def _numeric_items() -> list[Item]:
    cases = [(0.1, 0.0), (1234.5, 0.05), (-2.5, 0.25), (0.0, 0.001), (1500, 1000), (1e6, 100)]
    return [
        NumericItem(
            id=f"n{index}",
            prompt="?",
            objectives=["o"],
            answer=answer,
            tolerance=tolerance,
            unit="€",
            source=Source(title="t", date="2024"),
        )
        for index, (answer, tolerance) in enumerate(cases)
    ]


NUMERIC_PROBES = [
    "0,1",
    "0.10000000001",
    "0,2",
    "1234,45",
    "1 234,55 €",
    "1234,56",
    "-2,25",
    "-2,75",
    "-2,76",
    "0",
    "0,001",
    "-0,001",
    "0,0011",
    "500",
    "2500 €",
    "2501",
    "999900",
    "1000100",
    "1e6",
    "1000101",
    "12 €uros",
]


def grading_fixture() -> dict[str, Any]:
    """Payloads in both modes and, for each answer, the score ``check_answer`` gives."""
    bank = _bank()
    fixture: dict[str, Any] = {"generated_by": "tests/widgets/test_quiz_widget.py", "cases": []}
    for mode in ("practice", "evaluation"):
        payload = quiz_payload([*bank.items, *_numeric_items()], mode=mode, seed=11)  # type: ignore[arg-type]
        fixture[mode] = payload
        for index, item in enumerate(payload["items"]):
            answers = _answers(item) if item["id"] in {i.id for i in bank.items} else NUMERIC_PROBES
            for answer in answers:
                fixture["cases"].append(
                    {
                        "mode": mode,
                        "item": index,
                        "answer": answer,
                        "score": check_answer(item, answer),
                    }
                )
    fixture["normalize"] = [[text, normalize_answer(text)] for text in NORMALIZE_PROBES]
    fixture["parse"] = [
        [text, unit, parse_number(text, unit)] for text in NUMERIC_PROBES for unit in ("€", "")
    ]
    return fixture


NORMALIZE_PROBES = [
    "  Creative-Commons, BY ! ",
    "Œuvre DÉRIVÉE",
    "Ærø Straße",
    "ﬁn du ½ ²",
    "İstanbul",
    "l'été à Noël…",
    "<script>alert(1)</script>",
    "日本語 テキスト",
    "١٢٣ ٤",
    "",
]


def test_js_grading_fixture_is_current() -> None:
    fixture = grading_fixture()
    text = json.dumps(fixture, ensure_ascii=False, indent=1) + "\n"
    if os.environ.get("EDUKIT_UPDATE_FIXTURES") == "1":
        JS_FIXTURE.write_text(text, encoding="utf-8")
    assert JS_FIXTURE.read_text(encoding="utf-8") == text, (
        "tests/js/quiz-grading.fixture.json is stale: rerun this test with EDUKIT_UPDATE_FIXTURES=1"
    )
    scores = {case["score"] for case in fixture["cases"]}
    assert {0.0, 1.0} < scores and any(0 < score < 1 for score in scores)


def test_js_grades_like_check_answer() -> None:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    result = subprocess.run(
        [node, "--test", str(JS_TEST)], capture_output=True, text=True, check=False, cwd=ROOT
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert re.search(r"# pass [1-9]", result.stdout) and "# fail 0" in result.stdout
