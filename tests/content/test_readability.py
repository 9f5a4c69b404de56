"""The readability measures (:mod:`edukit.course._readability`): French syllables, the
Kandel–Moles index on a paragraph counted by hand, sentence splitting, and what counts as body
text in a lesson's Markdown."""

from __future__ import annotations

import pytest

from edukit.course._readability import (
    FALC_TITLE,
    Readability,
    body_sentences,
    count_syllables,
    falc_boxes,
    kandel_moles,
    readability,
    split_sentences,
    words_of,
)


@pytest.mark.parametrize(
    ("word", "syllables"),
    [
        ("chat", 1),
        ("eau", 1),
        ("oui", 1),
        ("que", 1),  # silent « u » after « q », one vowel group
        ("maison", 2),
        ("table", 1),  # mute final « e »
        ("tables", 1),  # mute final « es »
        ("données", 2),  # « ées » after a vowel is not mute
        ("année", 2),
        ("modèle", 2),
        ("requête", 2),
        ("guide", 1),  # silent « u » after « g »
        ("réalité", 4),  # « é » before a vowel: two syllables
        ("créée", 2),
        ("naïf", 2),  # diaeresis
        ("égoïste", 3),
        ("crayon", 2),  # « y » between vowels
        ("ordinateur", 4),
        ("intelligence", 4),
        ("artificielle", 4),
        ("hallucination", 5),
        ("quatre", 1),
        ("aujourd'hui", 3),
        ("l'IA", 2),  # spelt-out capitals; the elided « l » has no vowel
        ("RGPD", 4),
        ("c'est-à-dire", 3),
        ("2025", 4),
        ("à", 1),
    ],
)
def test_syllables_of_known_words(word: str, syllables: int) -> None:
    assert count_syllables(word) == syllables


def test_kandel_moles_on_a_paragraph_counted_by_hand() -> None:
    paragraph = "Le chat dort sur la table. Il fait beau. Vous lisez une phrase courte."
    # 3 sentences; words: 6 + 3 + 5 = 14; syllables:
    # le 1, chat 1, dort 1, sur 1, la 1, table 1 | il 1, fait 1, beau 1 |
    # vous 1, lisez 2, une 1, phrase 1, courte 1  → 15
    counts = readability(split_sentences(paragraph))
    assert counts == Readability(sentences=3, words=14, syllables=15)
    expected = 207 - 1.015 * (14 / 3) - 73.6 * (15 / 14)
    assert counts.kandel_moles == pytest.approx(expected)
    assert kandel_moles(paragraph) == pytest.approx(expected)
    assert round(expected, 2) == 123.41


def test_a_long_sentence_of_long_words_scores_low() -> None:
    text = (
        "L'administration territoriale communique systématiquement les informations "
        "réglementaires relatives à l'organisation intercommunale des responsabilités."
    )
    assert kandel_moles(text) < 30
    assert kandel_moles("") == 0.0


def test_words_keep_elisions_and_hyphens_together() -> None:
    assert words_of("Aujourd'hui, c'est-à-dire « demain » : 4,4 %.") == [
        "Aujourd'hui",
        "c'est-à-dire",
        "demain",
        "4",
        "4",
    ]


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("Une phrase. Une autre !", ["Une phrase.", "Une autre !"]),
        ("Vraiment ? Oui… Bien sûr.", ["Vraiment ?", "Oui…", "Bien sûr."]),
        ("Lisez : ceci ; cela.", ["Lisez : ceci ; cela."]),
        ("M. Martin et Mme Durand lisent.", ["M. Martin et Mme Durand lisent."]),
        ("Voir l'art. 4 du règlement.", ["Voir l'art. 4 du règlement."]),
        ("Des pommes, des poires, etc. et du pain.", ["Des pommes, des poires, etc. et du pain."]),
        ("Des pommes, etc. Puis du pain.", ["Des pommes, etc.", "Puis du pain."]),
        ("Il dit « Bonjour. » Puis il part.", ["Il dit « Bonjour. »", "Puis il part."]),
        ("La version 2.5 est sortie", ["La version 2.5 est sortie"]),
        ("Il dit « M. » Puis il part.", ["Il dit « M. » Puis il part."]),
        ("15 min. Ensuite, une pause.", ["15 min.", "Ensuite, une pause."]),
    ],
)
def test_sentence_splitting(text: str, sentences: list[str]) -> None:
    assert split_sentences(text) == sentences


LESSON = f"""---
id: l01
title: "Une leçon très longue avec beaucoup de mots dans son titre qui ne compte pas du tout"
---

!!! falc "{FALC_TITLE}"
    Vous allez lire.
    Vous allez écrire.

    Vous posez vos questions.

# Un titre qui compte vingt et un mots mais qui est un titre et ne doit donc pas du tout compter

Première phrase du texte. Deuxième phrase,
écrite sur deux lignes.

- Un élément de liste sans point final
- Un autre [avec un lien](https://exemple.test/une/adresse) et du `code en ligne`

| Colonne | Une cellule de tableau avec beaucoup de mots qui ne sont jamais mesurés ici |
|---|---|

```python
print("du code qui ne compte pas. Jamais.")
```

```edukit-quiz
bank: exercises/a/b.yml
```

!!! formateur "Notes pour la personne formatrice : un titre d'encadré qui ne compte pas"
    Préparez la salle.

<!-- un commentaire
sur deux lignes. -->

## Sources

- Un titre anglais très long de source qui ne compte pas, 2024.

## Suite

Dernière phrase.
"""


def test_body_text_leaves_out_what_is_not_prose() -> None:
    found = [(s.line, s.text, s.words) for s in body_sentences(LESSON)]
    assert found == [
        (14, "Première phrase du texte.", 4),
        (14, "Deuxième phrase, écrite sur deux lignes.", 6),
        (17, "Un élément de liste sans point final", 7),
        (18, "Un autre avec un lien et du code en ligne", 10),
        (32, "Préparez la salle.", 3),
        (43, "Dernière phrase.", 2),
    ]


def test_easy_to_read_boxes_are_measured_apart_with_their_line() -> None:
    (box,) = falc_boxes(LESSON)
    assert box.line == 7
    assert box.sentences == ["Vous allez lire.", "Vous allez écrire.", "Vous posez vos questions."]
    assert box.readability == Readability(sentences=3, words=10, syllables=15)
    assert box.kandel_moles == pytest.approx(207 - 1.015 * 10 / 3 - 73.6 * 15 / 10)


def test_a_box_is_found_by_its_title_whatever_its_type() -> None:
    text = f'!!! note "{FALC_TITLE}"\n    Une phrase.\n\nHors de la boîte.\n'
    assert [box.sentences for box in falc_boxes(text)] == [["Une phrase."]]
    assert [s.text for s in body_sentences(text)] == ["Hors de la boîte."]
