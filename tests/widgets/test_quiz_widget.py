"""The Quiz widget: traits and payload, readable notes for bad banks, the Markdown block, and the
JS grading checked against :func:`edukit.quiz.check_answer` on a shared fixture."""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from edukit._problems import ProblemError
from edukit._yaml import load_yaml
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
from edukit.site.blocks import BlockContext
from edukit.site.blocks.quiz import build as quiz_block
from edukit.widgets import Quiz, widget_classes

from ..hook_site import mkdocs_build, write_hook_site

pytestmark = pytest.mark.widget

ROOT = Path(__file__).resolve().parents[2]
ALL_TYPES = ROOT / "tests" / "fixtures" / "banks" / "all-types"
MISTAKES = ROOT / "tests" / "fixtures" / "banks" / "mistakes"
JS_FIXTURE = ROOT / "tests" / "js" / "quiz-grading.fixture.json"
JS_TEST = ROOT / "tests" / "js" / "quiz.test.mjs"

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
    with pytest.raises(TypeError, match="give one of a bank"):
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
    assert (
        "tests/fixtures/banks/mistakes/b-mistakes.yml:26: la question « no-correct »" in quiz.error
    )
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
    lines = load_yaml(block, lesson, line_offset=5).lines  # as the site gives them
    return BlockContext(root=root, page=None, lang="fr", path=lesson, line=5, lines=lines)


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


def _assert_located(shown: str, expected: str) -> None:
    """``expected`` is ``path:line: English wording``: a problem at that place says it, after
    its French wording when it has one (French first for the author)."""
    location, _, english = expected.partition(": ")
    lines = [line for line in shown.splitlines() if line.startswith(location + ": ")]
    assert any(english in line for line in lines), shown


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
            "exercises/mistakes/b-mistakes.yml:26: la question « no-correct » n'a aucune option "
            "correcte",
        ),
    ],
)
def test_block_problems_are_located(repo: Path, block: str, message: str) -> None:
    with pytest.raises(ProblemError) as caught:
        _block(repo, block)
    _assert_located(str(caught.value), message)


def test_lesson_page_with_a_quiz_block_builds(tmp_path: Path) -> None:
    shutil.copytree(ALL_TYPES, tmp_path / "exercises" / "all-types")
    page = "# Leçon\n\n```edukit-quiz\nbank: exercises/all-types\ndraw: {count: 2, seed: 1}\n```\n"
    config = write_hook_site(tmp_path, {"index.md": page})
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = mkdocs_build(config, env=env, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    match = re.search(r'data-edukit-mount="quiz"[^>]*data-edukit-state="([^"]*)"', page)
    assert match, page
    state = json.loads(html.unescape(match.group(1)))["state"]
    assert len(state["payload"]["items"]) == 2 and state["mode"] == "practice"
    module = tmp_path / "site" / "assets" / "edukit" / "widgets" / "quiz.js"
    assert module.read_text(encoding="utf-8").startswith("// edukit widget 'quiz'")

    (tmp_path / "docs" / "index.md").write_text(
        "# Leçon\n\n```edukit-quiz\nbank: exercises/all-types\ndraw: {count: 20}\n```\n",
        encoding="utf-8",
    )
    failed = mkdocs_build(config, env=env, cwd=tmp_path)
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


# -- course-wide draws: several banks, N per objective, purpose -------------------------------

POSITIONING, FINAL = "positionnement", "evaluation-finale"
# bank id → objective → (positioning items, final items)
COURSE_BANKS = {
    "alpha": {"l02-o1": (2, 2), "l02-o2": (1, 3)},
    "beta": {"l10-o1": (1, 2), "l10-o2": (2, 2)},
}


def write_course_banks(root: Path, banks: dict[str, dict[str, tuple[int, int]]]) -> Path:
    """Banks under ``root/exercises`` whose items are tagged for the positioning test or the
    final evaluation (true/false, « vrai » is right), plus a folder of exercises only."""
    import yaml

    for bank_id, objectives in banks.items():
        items = []
        for objective, counts in objectives.items():
            for tag, number in zip((POSITIONING, FINAL), counts, strict=True):
                for index in range(number):
                    items.append(
                        {
                            "id": f"{objective}-{tag[0]}{index}",
                            "type": "true_false",
                            "prompt": f"Affirmation {index} sur {objective} ({tag}).",
                            "objectives": [objective],
                            "tags": [tag],
                            "difficulty": 1,
                            "answer": True,
                            "source": {"title": "Source", "date": "2024"},
                        }
                    )
        folder = root / "exercises" / bank_id
        folder.mkdir(parents=True)
        (folder / f"{bank_id}.yml").write_text(
            yaml.safe_dump(
                {
                    "bank": {"id": bank_id, "title": bank_id.title(), "language": "fr"},
                    "items": items,
                },
                allow_unicode=True,
                sort_keys=False,
            ),
            encoding="utf-8",
        )
    (root / "exercises" / "exercice").mkdir()
    (root / "exercises" / "exercice" / "consigne.md").write_text("# Consigne\n", encoding="utf-8")
    return root


@pytest.fixture
def course(tmp_path: Path) -> Path:
    return write_course_banks(tmp_path, COURSE_BANKS)


def _objectives(quiz: Quiz) -> list[str]:
    return [objective for item in quiz.drawn for objective in item.objectives]


def test_two_banks_per_objective_cover_every_objective(course: Path) -> None:
    banks = [course / "exercises" / "alpha", course / "exercises" / "beta"]
    quiz = Quiz(banks=banks, per_objective=1, tags=[POSITIONING], seed=3, mode="evaluation",
                purpose=POSITIONING)  # fmt: skip
    assert quiz.error == ""
    assert _objectives(quiz) == ["l02-o1", "l02-o2", "l10-o1", "l10-o2"]
    assert all(POSITIONING in item.tags for item in quiz.drawn)
    assert quiz.key.startswith("quiz:alpha+beta:") and quiz.title == "Alpha · Beta"
    assert [entry["id"] for entry in quiz.payload["items"]] == [item.id for item in quiz.drawn]
    assert [entry["tags"] for entry in quiz.payload["items"]] == [[POSITIONING]] * 4
    two = Quiz(banks=banks, per_objective=2, tags=[FINAL], seed=3, mode="evaluation")
    assert _objectives(two) == ["l02-o1"] * 2 + ["l02-o2"] * 2 + ["l10-o1"] * 2 + ["l10-o2"] * 2


def test_positioning_and_final_are_disjoint_and_reproducible(
    course: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (course / "notebooks").mkdir()
    monkeypatch.chdir(course / "notebooks")  # "all" finds exercises/ in a parent folder
    before = Quiz(banks="all", per_objective=1, tags=[POSITIONING], seed=2025, mode="evaluation")
    after = Quiz(banks="all", per_objective=1, tags=[FINAL], seed=2025, mode="evaluation")
    assert before.error == after.error == ""
    assert before.key.startswith("quiz:all:") and before.title == "Questions de tout le cours"
    assert not {item.id for item in before.drawn} & {item.id for item in after.drawn}
    assert sorted(set(_objectives(before))) == sorted(set(_objectives(after)))
    again = Quiz(banks="all", per_objective=1, tags=[POSITIONING], seed=2025, mode="evaluation")
    assert again.payload == before.payload and again.key == before.key
    seeds = {
        tuple(
            i.id
            for i in Quiz(
                banks="all", per_objective=1, tags=[FINAL], seed=s, mode="evaluation"
            ).drawn
        )
        for s in range(8)
    }
    assert len(seeds) > 1


def test_objective_selectors_take_lesson_prefixes(course: Path) -> None:
    quiz = Quiz(banks=[course / "exercises" / "alpha", course / "exercises" / "beta"],
                per_objective=1, tags=[FINAL], objectives=["l10"], seed=1,
                mode="evaluation")  # fmt: skip
    assert _objectives(quiz) == ["l10-o1", "l10-o2"]
    plain = Quiz(course / "exercises" / "alpha", objectives=["l02-o2"], tags=[FINAL], seed=1,
                 mode="evaluation")  # fmt: skip
    assert sorted(item.id for item in plain.drawn) == ["l02-o2-e0", "l02-o2-e1", "l02-o2-e2"]


def test_purpose_defaults_is_checked_and_changes_the_key(course: Path) -> None:
    alpha = course / "exercises" / "alpha"
    assert Quiz(alpha).purpose == "entrainement"
    assert Quiz(alpha, mode="evaluation").purpose == ""
    final = Quiz(alpha, mode="evaluation", purpose=FINAL)
    assert final.purpose == FINAL and final.get_state()["purpose"] == FINAL
    assert final.key != Quiz(alpha, mode="evaluation", purpose=POSITIONING).key
    with pytest.raises(ValueError, match="purpose must be one of positionnement"):
        Quiz(alpha, purpose="examen")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="count or per_objective, not both"):
        Quiz(alpha, count=2, per_objective=1)
    with pytest.raises(ValueError, match="per_objective must be 1 or more"):
        Quiz(alpha, per_objective=0)
    with pytest.raises(TypeError, match="give one of a bank"):
        Quiz(alpha, banks="all")
    with pytest.raises(ValueError, match="lesson must be a lesson id"):
        Quiz(alpha, lesson="L 01")
    assert Quiz(alpha, lesson="l01-accueil").lesson == "l01-accueil"


def test_course_draw_problems_become_french_notes(
    course: Path, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    alpha, beta = course / "exercises" / "alpha", course / "exercises" / "beta"
    short = Quiz(banks=[alpha, beta], per_objective=2, tags=[POSITIONING], seed=1,
                 mode="evaluation")  # fmt: skip
    assert short.error == (
        "le tirage demande 2 question(s) par objectif avec l'étiquette positionnement, mais 2 "
        "objectif(s) n'en ont pas assez : l02-o2 (1 sur 2), l10-o1 (1 sur 2). Ajoutez des "
        "questions à ces objectifs dans les banques, ou laissez ces objectifs de côté avec "
        "« objectives »."
    )
    assert short.payload == {} and short.drawn == []
    lenient = Quiz(banks=[alpha, beta], per_objective=2, tags=[POSITIONING], seed=1,
                   allow_missing=True, mode="evaluation")  # fmt: skip
    assert lenient.error == "" and [s.objective for s in lenient.missing] == ["l02-o2", "l10-o1"]
    assert _objectives(lenient) == ["l02-o1"] * 2 + ["l02-o2"] + ["l10-o1"] + ["l10-o2"] * 2
    unknown = Quiz(banks=[alpha, beta], per_objective=1, objectives=["l09", "l10"], seed=1)
    assert unknown.error.startswith("aucun objectif des questions ne correspond à « l09 »")
    clash = tmp_path_factory.mktemp("clash")
    write_course_banks(clash, {"alpha": {"l02-o1": (1, 0)}, "gamma": {"l02-o1": (1, 0)}})
    twice = Quiz(banks=[clash / "exercises" / "alpha", clash / "exercises" / "gamma"])
    assert twice.error.startswith(
        "la question « l02-o1-p0 » existe dans plusieurs banques (alpha, gamma)"
    )
    missing = Quiz(banks=[alpha, course / "exercises" / "nulle-part"])
    assert "« " + str(course / "exercises" / "nulle-part") + " » est introuvable" in missing.error
    monkeypatch.chdir(tmp_path_factory.mktemp("vide"))
    shipped = Quiz(banks="all")  # an empty folder: the course installed with edukit (issue 18)
    assert shipped.error == "" and shipped.drawn
    monkeypatch.setattr("edukit.quiz._sources.course_root", lambda *_: None)  # a broken install
    empty = Quiz(banks="all")
    assert empty.error.startswith("aucune banque de questions trouvée : le dossier exercises")


def test_block_with_banks_per_objective_and_purpose(course: Path) -> None:
    name, state = _block(
        course,
        "banks: [exercises/alpha, exercises/beta]\n"
        "draw: {per_objective: 1, tags: [positionnement], seed: 7}\n"
        "mode: evaluation\npurpose: positionnement\n",
    )
    expected = Quiz(banks=[course / "exercises" / "alpha", course / "exercises" / "beta"],
                    per_objective=1, tags=[POSITIONING], seed=7, mode="evaluation",
                    purpose=POSITIONING)  # fmt: skip
    assert name == "quiz" and state["payload"] == expected.payload
    assert (state["purpose"], state["attempts"], state["key"]) == (POSITIONING, 1, expected.key)
    assert state["lesson"] == "lecon"  # the block is in courses/m1/lecon.md
    _, every = _block(
        course,
        "banks: all\ndraw: {per_objective: 1, tags: [evaluation-finale]}\n"
        "mode: evaluation\npurpose: evaluation-finale\n",
    )
    assert every["key"].startswith("quiz:all:") and every["purpose"] == "evaluation-finale"
    assert len(every["payload"]["items"]) == 4
    # a practice block (the default) may not show the final evaluation's items (issue 18)
    with pytest.raises(ProblemError, match=r"lecon\.md:7: un quiz d.entraînement ne peut pas"):
        _block(course, "banks: all\ndraw: {per_objective: 1, tags: [evaluation-finale]}\n")


@pytest.mark.parametrize(
    ("block", "message"),
    [
        (
            "bank: exercises/alpha\nbanks: all\n",
            "courses/m1/lecon.md:7: the block has both 'bank' and 'banks'",
        ),
        ("banks: exercises/alpha\n", "courses/m1/lecon.md:6: 'banks' must be a list"),
        (
            "banks:\n  - exercises/alpha\n  - exercises/nope\n",
            "courses/m1/lecon.md:8: the bank 'exercises/nope' does not exist",
        ),
        (
            "banks: all\npurpose: examen\n",
            "courses/m1/lecon.md:7: the purpose 'examen' is unknown",
        ),
        (
            "banks: all\ndraw:\n  count: 2\n  per_objective: 1\n",
            "courses/m1/lecon.md:9: 'draw' has both count and per_objective",
        ),
        (
            "banks: all\ndraw: {per_objective: 0}\n",
            "courses/m1/lecon.md:7: 'draw: per_objective' must be a whole number ≥ 1",
        ),
        (
            "banks: all\ndraw:\n  per_objective: 2\n  tags: [positionnement]\n",
            "courses/m1/lecon.md:7: 2 objective(s) of bank 'all' have too few items tagged "
            "positionnement for 2 per objective: l02-o2 (1 of 2), l10-o1 (1 of 2)",
        ),
        (
            "banks: all\ndraw:\n  objectives: [l09]\n",
            "courses/m1/lecon.md:8: the objective selector(s) 'l09' match no objective",
        ),
    ],
)
def test_course_block_problems_are_located(course: Path, block: str, message: str) -> None:
    with pytest.raises(ProblemError) as caught:
        _block(course, block)
    _assert_located(str(caught.value), message)


# -- the saved record is what edukit.progress reads -------------------------------------------

RECORD_SCRIPT = """
import { blankState, dontKnowState, quizRecord } from "./src/edukit/widgets/static/quiz.js";
const payload = JSON.parse(process.argv[1]);
const when = "2025-06-02T09:30:00.000Z";
const states = payload.items.map(() => blankState());
states[0] = { ...blankState(), answer: true, score: 1, tries: 1, done: true, open: false, answered: when };
const dontKnow = process.argv[2] === "dont-know";
if (dontKnow) states[1] = dontKnowState(blankState(), 1, when);
console.log(JSON.stringify(quizRecord({ items: payload.items, states, mode: payload.mode,
  purpose: process.argv[3], lesson: "l01-accueil-positionnement" })));
"""


def _js_record(quiz: Quiz, variant: str) -> dict[str, Any]:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    result = subprocess.run(
        [
            node,
            "--input-type=module",
            "-e",
            RECORD_SCRIPT,
            json.dumps(quiz.payload),
            variant,
            quiz.purpose,
        ],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    record: dict[str, Any] = json.loads(result.stdout)
    return record


def test_the_record_quiz_js_writes_is_read_by_edukit_progress(course: Path) -> None:
    from edukit.progress import QuizEntry

    quiz = Quiz(banks=[course / "exercises" / "alpha", course / "exercises" / "beta"],
                per_objective=1, tags=[POSITIONING], seed=3, mode="evaluation",
                purpose=POSITIONING)  # fmt: skip
    record = _js_record(quiz, "answered")
    entry = QuizEntry.model_validate(
        {"key": quiz.key, "updated": "2025-06-02T09:31:00Z", "value": record}
    )
    assert entry.purpose == POSITIONING and entry.lesson == "l01-accueil-positionnement"
    [result] = entry.results()
    first = quiz.drawn[0]
    assert (result.id, result.objectives, result.tags, result.score) == (
        first.id,
        first.objectives,
        [POSITIONING],
        1.0,
    )
    assert result.answered.isoformat() == "2025-06-02T09:30:00+00:00"


def test_a_dont_know_answer_is_read_by_edukit_progress(course: Path) -> None:
    from edukit.progress import QuizEntry

    quiz = Quiz(banks=[course / "exercises" / "alpha"], per_objective=1, tags=[POSITIONING],
                seed=3, mode="evaluation", purpose=POSITIONING)  # fmt: skip
    record = _js_record(quiz, "dont-know")
    assert record["items"][quiz.drawn[1].id]["dont_know"] is True
    entry = QuizEntry.model_validate({"key": quiz.key, "updated": None, "value": record})
    scores = {result.id: result.score for result in entry.results()}
    assert scores[quiz.drawn[1].id] == 0.0


# -- the quiz notebooks, run where they find the course's banks --------------------------------

QUIZ_NOTEBOOKS = {
    "provenance": {"purpose": "entrainement", "mode": "practice", "items": 5},
    "ai-act-risques": {"purpose": "entrainement", "mode": "practice", "items": 5},
    "securite": {"purpose": "entrainement", "mode": "practice", "items": 6},
    "projet-bilan": {"purpose": "evaluation-finale", "mode": "evaluation", "items": 30},
}


@pytest.mark.notebook
def test_quiz_notebooks_draw_from_the_course_banks(tmp_path: Path) -> None:
    """The build runs notebooks from the repository, where ``exercises/`` is found: every quiz
    of these notebooks must then draw real questions, with no problem note."""
    from edukit.build import execute_notebooks

    (tmp_path / "notebooks").mkdir()
    for name in QUIZ_NOTEBOOKS:
        shutil.copy(ROOT / "notebooks" / f"{name}.py", tmp_path / "notebooks")
    shutil.copytree(ROOT / "exercises", tmp_path / "exercises")
    # bank items quote the course's legal facts; projet-bilan counts its items per competence
    shutil.copytree(ROOT / "courses", tmp_path / "courses")
    shutil.copy(ROOT / "uv.lock", tmp_path / "uv.lock")
    results = {result.name: result for result in execute_notebooks(tmp_path)}
    for name, expected in QUIZ_NOTEBOOKS.items():
        result = results[name]
        assert result.status == "executed", [str(p) for p in result.problems]
        assert result.seconds is not None and result.seconds < 60
        assert result.output is not None
        notebook = json.loads(result.output.read_text(encoding="utf-8"))
        models = notebook["metadata"]["widgets"]["application/vnd.jupyter.widget-state+json"]
        quizzes = [
            model["state"]
            for model in models["state"].values()
            if model["state"].get("_edukit_widget") == "quiz"
        ]
        assert len(quizzes) == 1, name
        [state] = quizzes
        assert state["error"] == "", (name, state["error"])
        assert (state["purpose"], state["mode"]) == (expected["purpose"], expected["mode"])
        count = len(state["payload"]["items"])
        assert count == expected["items"], (name, count)
        outputs = "".join(
            "".join(output.get("text", ""))
            for cell in notebook["cells"]
            for output in cell.get("outputs", [])
        )
        assert "Traceback" not in outputs and "introuvable" not in outputs
    # the count per competence moved to the trainer notebook formateur-bilan, checked by
    # tests/notebooks/test_learner_notebooks.py


# -- the training room: a notebook quiz syncs through the kernel (issue 18) -------------------


def _room_client(tmp_path: Path) -> Any:
    from starlette.testclient import TestClient

    from edukit.classroom import Room, Store
    from edukit.cli._classroom_app import ClassroomConfig, create_app

    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text(
        '<!doctype html><html lang="fr"><head><title>A</title></head><body></body></html>',
        encoding="utf-8",
    )
    (site / "404.html").write_text((site / "index.html").read_text(encoding="utf-8"))
    store = Store(tmp_path / "donnees")
    room = Room(store, "ia-ethique-responsable", name="Salle test", code="K7M-Q2X")
    config = ClassroomConfig(
        room=room, site_dir=site, address="http://127.0.0.1:8000/", course_root=ROOT
    )
    return TestClient(create_app(config), raise_server_exceptions=False), store


def _one_item() -> Any:
    from edukit.quiz import Source, TrueFalseItem

    return TrueFalseItem(
        id="salle-vrai",
        prompt="La salle reçoit les réponses.",
        objectives=["o1"],
        answer=True,
        source=Source(title="Atlas", date="2024"),
    )


def test_a_notebook_quiz_sends_its_record_to_the_training_room(tmp_path: Path) -> None:
    client, store = _room_client(tmp_path)
    try:
        with client:
            joined = client.post("/api/rejoindre", json={"code": "K7M-Q2X", "pseudo": "Camille"})
            token = joined.json()["jeton"]
            quiz = Quiz(
                items=[_one_item()],
                classroom="http://testserver",
                classroom_token=token,
                classroom_client=client,
            )
            assert quiz.classroom_sync is True
            assert token not in json.dumps(quiz.get_state(), default=str)
            sent: list[Any] = []
            quiz.send = lambda content, buffers=None: sent.append(content)  # type: ignore[method-assign]
            record = {"version": 1, "mode": "practice", "items": {"salle-vrai": {"score": 1}}}
            entry = {"key": quiz.key, "updated": "2026-12-07T20:00:00.000Z", "value": record}
            quiz._on_message(quiz, {"type": "sync", "records": [entry]}, [])
            assert sent == [{"type": "synced", "ok": True, "ack": [quiz.key]}]
            mine = client.get("/api/mes-donnees", headers={"Authorization": f"Bearer {token}"})
            held = {r["key"]: r["value"] for r in mine.json()["records"]}
            assert held[quiz.key] == record
            # A wrong token: a French reason, nothing lost on the device (the JS keeps it).
            stranger = Quiz(
                items=[_one_item()],
                classroom="http://testserver/",
                classroom_token="pas-un-jeton",
                classroom_client=client,
            )
            stranger.send = lambda content, buffers=None: sent.append(content)  # type: ignore[method-assign]
            stranger._on_message(stranger, {"type": "sync", "records": [entry]}, [])
            assert sent[-1]["ok"] is False
            assert sent[-1]["reason"].startswith(
                "le serveur de la salle a refusé l'envoi (code 401)"
            )
    finally:
        store.close()


def test_without_a_room_the_quiz_does_not_sync_and_a_bad_address_is_explained(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("EDUKIT_CLASSROOM_URL", raising=False)
    monkeypatch.delenv("EDUKIT_CLASSROOM_TOKEN", raising=False)
    assert Quiz(items=[_one_item()]).classroom_sync is False
    monkeypatch.setenv("EDUKIT_CLASSROOM_URL", "salle-du-fond")
    monkeypatch.setenv("EDUKIT_CLASSROOM_TOKEN", "jeton")
    quiz = Quiz(items=[_one_item()])
    assert quiz.classroom_sync is False
    assert quiz.error.startswith(
        "l'adresse de la salle « salle-du-fond » n'est pas une adresse web"
    )
    monkeypatch.setenv("EDUKIT_CLASSROOM_URL", "http://127.0.0.1:9/")
    quiz = Quiz(items=[_one_item()])
    sent: list[Any] = []
    quiz.send = lambda content, buffers=None: sent.append(content)  # type: ignore[method-assign]
    record = {"key": quiz.key, "updated": None, "value": {"version": 1, "items": {}}}
    quiz._on_message(quiz, {"type": "sync", "records": [record]}, [])
    assert sent[0]["ok"] is False
    assert sent[0]["reason"].startswith("le serveur de la salle ne répond pas (")


def test_a_notebook_quiz_saves_under_the_sites_course_id() -> None:
    assert Quiz(items=[_one_item()]).course == "ia-ethique-responsable"
    assert Quiz(items=[_one_item()], course="autre-cours").course == "autre-cours"


# -- one spec, one draw (issue 15) ------------------------------------------------------------


def test_a_block_draws_its_items_once(course: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The block used to draw once to validate and the widget drew again."""
    import edukit.quiz._course_draw as course_draw

    plans: list[int] = []
    real_plan = course_draw._plan

    def counted(*args: Any, **kwargs: Any) -> Any:
        plans.append(1)
        return real_plan(*args, **kwargs)

    monkeypatch.setattr(course_draw, "_plan", counted)
    _, state = _block(
        course,
        "banks: all\ndraw: {per_objective: 1, tags: [positionnement], seed: 2}\n"
        "mode: evaluation\npurpose: positionnement\n",
    )
    assert len(state["payload"]["items"]) == 4
    assert len(plans) == 1


def test_an_unknown_parameter_is_refused_in_french_naming_the_known_ones() -> None:
    with pytest.raises(TypeError) as caught:
        Quiz(ALL_TYPES, per_objectif=2)
    message = str(caught.value)
    assert message.startswith("Quiz : le paramètre « per_objectif » est inconnu")
    assert "per_objective" in message and "banks" in message


def test_items_given_with_a_bank_is_two_sources() -> None:
    with pytest.raises(TypeError, match="donnez une seule source de questions"):
        Quiz(ALL_TYPES, items=_bank().items[:2])


def test_from_draw_shows_a_draw_as_is() -> None:
    from edukit.quiz import QuizSpec, draw_quiz

    bank = _bank()
    spec = QuizSpec(bank=bank, draw={"count": 2, "seed": 9}, mode="evaluation")
    drawn = draw_quiz(spec, bank)
    quiz = Quiz.from_draw(spec, drawn, lang="en")
    assert quiz.drawn == drawn.items and quiz.lang == "en" and quiz.course == ""
    assert quiz.payload == Quiz(bank, count=2, seed=9, mode="evaluation", lang="en").payload


@pytest.mark.parametrize(
    ("options", "french"),
    [
        ({"mode": "exam"}, "le mode « exam » est inconnu : écrivez 'practice' ou 'evaluation' ("),
        ({"attempts": 0}, "« attempts » doit être un nombre entier d'au moins 1, pas 0 ("),
        ({"count": 2, "per_objective": 1}, "donnez count ou per_objective, pas les deux"),
        ({"tags": "licences"}, "« tags » doit être une liste d'identifiants"),
    ],
)
def test_refused_options_are_explained_in_french_first(
    options: dict[str, Any], french: str
) -> None:
    with pytest.raises(ValueError) as caught:
        Quiz(ALL_TYPES, **options)
    assert str(caught.value).startswith(french)


def test_block_problems_speak_french_first(repo: Path) -> None:
    with pytest.raises(ProblemError) as caught:
        _block(repo, "bank: exercises/all-types\nmode: exam\n")
    assert str(caught.value).startswith(
        "courses/m1/lecon.md:7: le mode « exam » est inconnu : écrivez 'practice' ou 'evaluation' "
        "(the mode 'exam' is unknown"
    )
