"""Parallel test forms: same competences, different items, 2 or more per competence, 30 at most."""

from __future__ import annotations

from pathlib import Path

from edukit._problems import Severity
from edukit.quiz import Bank, Option, SingleItem, Source
from edukit.quiz._forms import assessment_problems, form_problems, tagged_forms

BANK = Path("exercises/demo/demo.yml")
COMPETENCE_OF = {"l01-o1": "c01-a", "l01-o2": "c01-a", "l02-o1": "c02-b"}


def item(
    item_id: str, objective: str, tag: str, *, line: int, difficulty: int = 1, position: int = 0
) -> SingleItem:
    options = [Option(id=f"w{i}", text=f"Distracteur {i}", feedback="Non.") for i in range(3)]
    options.insert(position, Option(id="ok", text="Bonne", correct=True, feedback="Oui."))
    return SingleItem(
        id=item_id,
        prompt="?",
        objectives=[objective],
        tags=[tag],
        difficulty=difficulty,
        options=options,
        source=Source(title="t", date="2024"),
        source_path=BANK,
        line=line,
    )


def parallel() -> list[SingleItem]:
    """Two forms of 4 items: 2 per competence each, correct options at varied places."""
    items = []
    line = 1
    for tag in ("positionnement", "evaluation-finale"):
        for objective in ("l01-o1", "l01-o2", "l02-o1", "l02-o1"):
            items.append(item(f"{tag[:3]}{line}", objective, tag, line=line, position=line % 4))
            line += 10
    return items


def problems(items: list[SingleItem]) -> list[str]:
    return [str(p) for p in form_problems([Bank(id="demo", title="D", items=items)], COMPETENCE_OF)]


def test_parallel_forms_pass() -> None:
    assert problems(parallel()) == []
    forms = tagged_forms([Bank(id="demo", title="D", items=parallel())])
    assert [len(form.items) for form in forms.values()] == [4, 4]


def test_no_test_forms_no_problem() -> None:
    assert problems([]) == []


def test_one_item_for_a_competence() -> None:
    items = parallel()
    del items[3]  # the second c02-b item of the positioning test
    assert problems(items) == [
        "exercises/demo/demo.yml:21: Le test de positionnement n'a que 1 question(s) pour la "
        "compétence « c02-b » : 2 au moins — étiquetez « positionnement » une autre question de "
        "cette compétence (ou écrivez-en une)"
    ]


def test_competence_missing_from_one_form() -> None:
    items = [
        i for i in parallel() if not (i.objectives == ["l02-o1"] and "evaluation-finale" in i.tags)
    ]
    assert problems(items) == [
        "exercises/demo/demo.yml:21: la compétence « c02-b » est mesurée par le test de "
        "positionnement mais pas par l'évaluation finale — étiquetez « evaluation-finale » au "
        "moins 2 questions de cette compétence, différentes de celles de le test de "
        "positionnement"
    ]


def test_item_in_both_forms() -> None:
    items = parallel()
    items[0] = items[0].model_copy(update={"tags": ["positionnement", "evaluation-finale"]})
    assert (
        "exercises/demo/demo.yml:1: la question « pos1 » est à la fois dans le test de "
        "positionnement et dans l'évaluation finale — gardez une seule des étiquettes "
        "« positionnement » et « evaluation-finale » : les deux tests n'ont aucune question "
        "commune"
    ) in problems(items)


def test_form_too_long() -> None:
    items = parallel() + [
        item(f"extra{i}", "l01-o1", "positionnement", line=1000 + i, position=i % 4)
        for i in range(27)
    ]
    assert problems(items) == [
        "exercises/demo/demo.yml:1026: Le test de positionnement compte 31 questions : 30 au plus "
        "(30 min à 60 s la question) — retirez l'étiquette « positionnement » de 1 question(s), "
        "en gardant 2 questions par compétence"
    ]


def test_item_outside_every_competence() -> None:
    items = [*parallel(), item("orphan", "l09-o9", "positionnement", line=500, position=1)]
    assert problems(items) == [
        "exercises/demo/demo.yml:500: la question « orphan » de le test de positionnement ne "
        "mesure aucune compétence (l09-o9) — rangez ses objectifs dans une compétence de "
        "courses/competences.yml"
    ]


def test_same_position_in_a_form_and_difficulty_gap() -> None:
    items = [
        i.model_copy(update={"options": sorted(i.options, key=lambda o: not o.correct)})
        for i in parallel()
    ]
    assert problems(items) == [
        "exercises/demo/demo.yml:1: Le test de positionnement : les 4 questions à choix unique "
        "ont toutes la bonne réponse en position 1 — variez la position de la bonne réponse "
        "dans les questions de ce test",
        "exercises/demo/demo.yml:41: L'évaluation finale : les 4 questions à choix unique ont "
        "toutes la bonne réponse en position 1 — variez la position de la bonne réponse dans "
        "les questions de ce test",
    ]
    harder = [
        i.model_copy(update={"difficulty": 3}) if "evaluation-finale" in i.tags else i
        for i in parallel()
    ]
    found = form_problems([Bank(id="demo", title="D", items=harder)], COMPETENCE_OF)
    assert [(str(p), p.severity) for p in found] == [
        (
            "exercises/demo/demo.yml:41: la compétence « c01-a » a une difficulté moyenne de 1,0 "
            "dans le test de positionnement et de 3,0 dans l'évaluation finale — choisissez des "
            "questions de difficulté proche (écart de 0,5 au plus) pour que la comparaison soit "
            "juste (avertissement)",
            Severity.WARNING,
        ),
        (
            "exercises/demo/demo.yml:61: la compétence « c02-b » a une difficulté moyenne de 1,0 "
            "dans le test de positionnement et de 3,0 dans l'évaluation finale — choisissez des "
            "questions de difficulté proche (écart de 0,5 au plus) pour que la comparaison soit "
            "juste (avertissement)",
            Severity.WARNING,
        ),
    ]


def test_assessment_problems_reads_bank_files(tmp_path: Path) -> None:
    folder = tmp_path / "exercises" / "demo"
    folder.mkdir(parents=True)
    (folder / "demo.yml").write_text(
        """\
bank: {id: demo, title: "Démo"}
items:
  - id: q1
    type: single
    prompt: "Quelle donnée ne faut-il pas coller ?"
    objectives: [l01-o1]
    tags: [positionnement]
    difficulty: 1
    options:
      - {id: a, text: "Le nom", feedback: "Non."}
      - {id: b, text: "Le numéro de sécurité sociale", correct: true, feedback: "Oui."}
    source: {title: "t", date: "2024"}
""",
        encoding="utf-8",
    )
    found = assessment_problems([folder], COMPETENCE_OF, root=tmp_path)
    assert [p.location for p in found] == ["exercises/demo/demo.yml:3"] * len(found)
    assert any("la plus longue" in p.message for p in found)
    assert any("négation" in p.message for p in found)
    assert any("n'a que 1 question(s)" in p.message for p in found)


PAPER_COURSE = Path(__file__).parents[1] / "fixtures" / "paper" / "course"
PAPER_COMPETENCES = {"l01-o1": "c01-a", "l01-o2": "c01-a", "l02-o1": "c02-b", "l02-o2": "c02-b"}


def _drawn(root: Path) -> list[str]:
    found = assessment_problems([root / "exercises" / "banque"], PAPER_COMPETENCES, root=root)
    return [str(p) for p in found if p.path == Path("courses/m1-essai/l01-positionnement.md")]


def test_the_lesson_must_draw_exactly_the_tagged_form(tmp_path: Path) -> None:
    import shutil

    root = tmp_path / "course"
    shutil.copytree(PAPER_COURSE, root)
    assert _drawn(root) == [
        "courses/m1-essai/l01-positionnement.md:24: Le test de positionnement tiré par la leçon "
        "compte 3 question(s), alors que 4 question(s) portent l'étiquette « positionnement » ; "
        "non tirées : pos-licence-bis — tirez toutes les questions étiquetées, et elles seules : "
        "draw: {tags: [positionnement], seed: 2025} (sans per_objective ni objectives), pour "
        "que le test passé soit la forme vérifiée"
    ]
    lesson = root / "courses" / "m1-essai" / "l01-positionnement.md"
    text = lesson.read_text(encoding="utf-8")
    old = "draw: {per_objective: 1, tags: [positionnement], objectives: [l01], seed: 2025}"
    lesson.write_text(text.replace(old, "draw: {tags: [positionnement], seed: 2025}"), "utf-8")
    assert _drawn(root) == []
    lesson.write_text(
        text.replace(old, "draw: {per_objective: 5, tags: [positionnement]}"), "utf-8"
    )
    [message] = _drawn(root)
    assert message.startswith("courses/m1-essai/l01-positionnement.md:24: le tirage du test est")
