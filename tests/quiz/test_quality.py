"""Bank quality rules: each cue found at the item's file:line, with the exact French message."""

from __future__ import annotations

from pathlib import Path

from edukit._problems import Severity
from edukit.quiz import Bank, Option, SingleItem, Source, TrueFalseItem
from edukit.quiz._quality import (
    bank_warnings,
    correct_is_longest,
    item_warnings,
    longest_correct_errors,
    quality_problems,
    unmarked_negations,
)

BANK = Path("exercises/demo/demo.yml")
SOURCE = Source(title="t", date="2024")
FEEDBACK = "Parce que."


def single(
    item_id: str = "q",
    right: str = "Citer l'auteur",
    wrong: tuple[str, ...] = ("Payer l'auteur", "Ne rien faire"),
    *,
    position: int = 0,
    prompt: str = "Que faire ?",
    line: int = 10,
    feedback: str = FEEDBACK,
) -> SingleItem:
    options = [Option(id=f"w{i}", text=text, feedback=feedback) for i, text in enumerate(wrong)]
    options.insert(position, Option(id="ok", text=right, correct=True, feedback=feedback))
    return SingleItem(
        id=item_id,
        prompt=prompt,
        objectives=["l01-o1"],
        options=options,
        source=SOURCE,
        source_path=BANK,
        line=line,
    )


def messages(problems: list) -> list[str]:  # type: ignore[type-arg]
    return [str(problem) for problem in problems]


def test_clean_item_has_no_warning() -> None:
    assert item_warnings(single()) == []


def test_longest_rule_tolerance() -> None:
    # 10 % or 8 characters: 44 vs 40 is within the tolerance, 45 vs 40 is not
    assert not correct_is_longest(single(right="x" * 44, wrong=("y" * 40, "z" * 10)))
    assert correct_is_longest(single(right="x" * 45, wrong=("y" * 40, "z" * 10)))
    assert correct_is_longest(single(right="x" * 209, wrong=("y" * 200,)))
    assert not correct_is_longest(single(right="x" * 208, wrong=("y" * 200,)))
    item = single(right="Citer l'auteur, la licence et son lien", wrong=("Payer", "Rien"))
    assert messages(item_warnings(item)) == [
        "exercises/demo/demo.yml:10: la bonne réponse « ok » est la plus longue (38 caractères "
        "contre 5) — raccourcissez-la ou écrivez des distracteurs plausibles aussi détaillés : "
        "la longueur ne doit pas trahir la réponse (avertissement)"
    ]


def test_all_or_none_of_the_above() -> None:
    for text in (
        "Toutes les réponses",
        "Aucune de ces réponses",
        "toutes les propositions",
        "Aucune des réponses ci-dessus",
        "Tout ce qui précède",
    ):
        item = single(wrong=("Payer l'auteur", text))
        assert messages(item_warnings(item)) == [
            "exercises/demo/demo.yml:10: l'option « w1 » est du type « toutes / aucune de ces "
            "réponses » — remplacez-la par un distracteur plausible : ce type d'option se devine "
            "sans connaître la réponse (avertissement)"
        ], text
    assert item_warnings(single(wrong=("Toutes les personnes concernées", "Payer"))) == []


def test_near_duplicate_options() -> None:
    item = single(wrong=("Citer l'auteur.", "Ne rien faire"))
    assert messages(item_warnings(item)) == [
        "exercises/demo/demo.yml:10: les options « ok » et « w0 » disent presque la même chose "
        "— réécrivez l'une des deux pour qu'elle corresponde à une autre erreur fréquente "
        "(avertissement)"
    ]
    close = single(right="Demander l'accord écrit", wrong=("Demander l'accord ecrit !", "Rien"))
    assert len(item_warnings(close)) == 1


def test_missing_feedback() -> None:
    item = single(feedback="")
    assert messages(item_warnings(item)) == [
        "exercises/demo/demo.yml:10: les options « ok, w0, w1 » n'ont pas de retour (feedback) "
        "— ajoutez 'feedback:' à chaque option : une ou deux phrases qui expliquent pourquoi elle "
        "est juste ou fausse (avertissement)"
    ]
    statement = TrueFalseItem(
        id="tf",
        prompt="Vrai ?",
        objectives=["l01-o1"],
        answer=True,
        source=SOURCE,
        option_feedback={"true": "Oui."},
        source_path=BANK,
        line=3,
    )
    assert messages(item_warnings(statement)) == [
        "exercises/demo/demo.yml:3: la question vrai/faux n'a pas de retour pour « faux » — "
        "ajoutez 'option_feedback:' avec 'true: …' et 'false: …', qui expliquent la bonne "
        "réponse (avertissement)"
    ]


def test_unmarked_negation() -> None:
    assert unmarked_negations("Quelle donnée ne faut-il pas coller ?") == ["ne faut-il pas"]
    assert unmarked_negations("Quelle donnée n'est pas personnelle ?") == ["n'est pas"]
    assert unmarked_negations("Quelle donnée ne faut-il **pas** coller ?") == []
    assert unmarked_negations("Quelle donnée NE faut-il PAS coller ?") == []
    assert unmarked_negations("Tout est permis, sauf quoi ?") == ["sauf"]
    assert unmarked_negations("Que ne faut-il **jamais** faire ?") == []
    assert unmarked_negations("Un pas de plus : que faire ?") == []
    item = single(prompt="Que ne faut-il jamais faire ?")
    assert messages(item_warnings(item)) == [
        "exercises/demo/demo.yml:10: l'énoncé contient une négation peu visible : « jamais » — "
        "mettez-la en gras (**pas**, **sauf**) ou en capitales (NE… PAS), ou tournez l'énoncé à "
        "l'affirmative (avertissement)"
    ]


def test_same_position_per_bank() -> None:
    items = [single(f"q{i}", line=10 * i) for i in range(1, 4)]
    bank = Bank(id="demo", title="Démo", items=items)
    assert messages(bank_warnings(bank)) == [
        "exercises/demo/demo.yml:10: dans la banque « demo », les 3 questions à choix unique ont "
        "toutes la bonne réponse en position 1 — placez la bonne réponse à des positions variées "
        "(1re, 2e, 3e, 4e…) (avertissement)"
    ]
    items[1] = single("q2", position=2, line=20)
    assert bank_warnings(Bank(id="demo", title="Démo", items=items)) == []


def test_longest_share_error() -> None:
    longest = [single(f"l{i}", right="Citer l'auteur et la licence", line=i + 1) for i in range(4)]
    shorter = [single(f"s{i}", right="Citer", line=100 + i) for i in range(6)]
    # 4 of 10 = 40 % > 35 %: one error, naming the items and how many to fix
    errors = longest_correct_errors("Le test de positionnement", [*longest, *shorter])
    assert messages(errors) == [
        "exercises/demo/demo.yml:1: Le test de positionnement : la bonne réponse est la plus "
        "longue dans 4 questions à choix unique sur 10 (40 %, 35 % au plus) — rendez la bonne "
        "réponse plus courte qu'un distracteur dans au moins 1 de ces questions : "
        "l0 (exercises/demo/demo.yml:1), l1 (exercises/demo/demo.yml:2), "
        "l2 (exercises/demo/demo.yml:3), l3 (exercises/demo/demo.yml:4)"
    ]
    assert errors[0].severity is Severity.ERROR
    # 3 of 10 = 30 %: fine
    assert longest_correct_errors("x", [*longest[:3], *shorter, single("s9", right="Citer")]) == []
    bank = Bank(id="demo", title="Démo", items=[*longest, *shorter])
    assert any("L'ensemble des banques" in str(p) for p in quality_problems([bank]))


def test_strictly_longest_counts_even_within_tolerance() -> None:
    """The 35 % bar counts every strictly longest correct option, as an outside reviewer would."""
    items = [single(f"q{i}", right="Citer la source", wrong=("Payer l'auteur",)) for i in range(5)]
    assert all(item_warnings(item) == [] for item in items)
    assert len(longest_correct_errors("x", items)) == 1
