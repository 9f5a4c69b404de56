"""courses/faits.yml: the facts model and loader, the [[fait:…]] placeholders, and what
``edukit check`` reports about facts (unknown ids, stale checks, dates written by hand)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from edukit._problems import Problem, Severity
from edukit.course import load_course
from edukit.course._facts import (
    TO_CHECK,
    changes_markdown,
    check_text,
    fact_problems,
    find_facts,
    french_date,
    hard_coded_dates,
    load_facts,
    stale_facts,
)
from edukit.quiz import load_bank
from edukit.quiz._model import SingleItem

NB = "\u00a0"

# The facts of the fixture course, shared with the site tests (tests/site/test_facts_site.py).
FACTS = (Path(__file__).parents[1] / "fixtures" / "facts" / "faits.yml").read_text(encoding="utf-8")


def write(root: Path, text: str = FACTS) -> Path:
    path = root / "courses" / "faits.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def messages(problems: list[Problem]) -> list[str]:
    return [f"{p.line}: {p.message} — {p.hint}" for p in problems]


# -- loading ------------------------------------------------------------------------------------


def test_a_good_file_loads_every_fact_with_its_line(tmp_path: Path) -> None:
    write(tmp_path)
    book, problems = load_facts(tmp_path)
    assert problems == []
    assert sorted(book.facts) == ["ai-act-annexe-iii", "qualiopi-referentiel"]
    assert book.lines == {"ai-act-annexe-iii": 2, "qualiopi-referentiel": 17}
    fact = book.facts["ai-act-annexe-iii"]
    assert fact.date == dt.date(2027, 12, 2) and fact.verifie is False
    assert [change.changement for change in fact.historique][-1] == "Report au 2 décembre 2027."


def test_a_course_without_facts_has_no_problem(tmp_path: Path) -> None:
    book, problems = load_facts(tmp_path)
    assert book.facts == {} and problems == []


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "    verifie_le: 2026-12-07\n",
            "    verifie_le: hier\n",
            f"10: «{NB}verifie_le{NB}» doit être une date écrite AAAA-MM-JJ, pas «{NB}hier{NB}»"
            f" — écrivez par exemple «{NB}verifie_le: 2026-12-07{NB}»",
        ),
        (
            "  - id: ai-act-annexe-iii\n",
            "  - id: AI_Act\n",
            f"2: «{NB}id{NB}» ne doit contenir que a-z, 0-9 et des tirets, pas «{NB}AI_Act{NB}»"
            f" — par exemple «{NB}ai-act-annexe-iii{NB}»",
        ),
        (
            "    verifie: false\n",
            "",
            f"2: il manque «{NB}verifie{NB}» — ajoutez «{NB}verifie: …{NB}»"
            " (voir l'en-tête de courses/faits.yml)",
        ),
        (
            "    date_texte: 2026-07-08\n",
            "    date_text: 2026-07-08\n",
            f"9: la clé «{NB}date_text{NB}» est inconnue — vouliez-vous dire «{NB}date_texte{NB}»{NB}?",
        ),
        (
            '      url: "https://eur-lex.europa.eu/eli/reg/2024/1689/oj"\n',
            '      url: "eur-lex.europa.eu"\n',
            f"8: «{NB}url{NB}» doit commencer par https://, pas «{NB}eur-lex.europa.eu{NB}»"
            " — donnez le lien du texte officiel (EUR-Lex, Légifrance, CNIL…)",
        ),
    ],
)
def test_each_mistake_is_one_message_at_its_line(
    tmp_path: Path, old: str, new: str, expected: str
) -> None:
    assert FACTS.count(old) == 1
    write(tmp_path, FACTS.replace(old, new))
    book, problems = load_facts(tmp_path)
    assert messages(problems) == [expected]
    assert sorted(book.facts) == ["qualiopi-referentiel"]  # the broken fact is left out
    assert problems[0].path == tmp_path / "courses" / "faits.yml"


def test_a_duplicate_id_is_reported_with_the_first_line(tmp_path: Path) -> None:
    write(tmp_path, FACTS.replace("id: qualiopi-referentiel", "id: ai-act-annexe-iii"))
    _, problems = load_facts(tmp_path)
    assert messages(problems) == [
        f"17: l'identifiant de fait «{NB}ai-act-annexe-iii{NB}» est utilisé deux fois "
        "(d'abord ligne 2) — donnez à chaque fait son propre identifiant"
    ]


def test_a_file_without_a_list_of_facts_says_how_to_start(tmp_path: Path) -> None:
    write(tmp_path, "faits: oui\n")
    _, problems = load_facts(tmp_path)
    assert messages(problems) == [
        f"1: courses/faits.yml doit contenir «{NB}faits:{NB}» suivi d'une liste de faits — "
        f"commencez le fichier par «{NB}faits:{NB}», puis une entrée «{NB}- id: …{NB}» par fait"
    ]


def test_the_real_facts_file_is_valid_and_every_fact_has_a_source_and_a_checked_date() -> None:
    root = Path(__file__).resolve().parents[2]
    book, problems = load_facts(root)
    assert problems == []
    assert len(book.facts) >= 20
    for fact in book.facts.values():
        assert fact.source.url.startswith("https://") and fact.source.reference
        assert fact.verifie_le <= dt.date.today()
        assert fact.historique


# -- rendering ----------------------------------------------------------------------------------


def test_placeholders_render_statement_date_and_source_with_the_to_check_marker(
    tmp_path: Path,
) -> None:
    write(tmp_path)
    book, _ = load_facts(tmp_path)
    text = "[[fait:ai-act-annexe-iii]] Date : [[fait:ai-act-annexe-iii:date]]. [[fait:qualiopi-referentiel:source]]."
    assert book.resolve(text) == (
        "Le haut risque de l'annexe III s'applique à partir du 2 décembre 2027 (à vérifier)."
        " Date : 2 décembre 2027 (à vérifier). Décret n° 2019-565, vérifié le 1er septembre 2026."
    )
    linked = book.resolve("[[fait:ai-act-annexe-iii:source]]", markdown=True)
    assert linked == (
        "[Règlement (UE) 2024/1689, art. 113](https://eur-lex.europa.eu/eli/reg/2024/1689/oj)"
        f" {TO_CHECK}"
    )


def test_a_wrong_placeholder_is_left_as_written_and_reported_with_a_guess(tmp_path: Path) -> None:
    write(tmp_path)
    book, _ = load_facts(tmp_path)
    seen: list[tuple[str, str, int]] = []
    text = "Voir [[fait:ai-act-anexe-iii:date]] et [[fait:qualiopi-referentiel:date]]."
    assert book.resolve(text, on_problem=lambda m, h, o: seen.append((m, h, o))) == text
    assert seen == [
        (
            f"le fait «{NB}ai-act-anexe-iii{NB}» est inconnu",
            f"vouliez-vous dire «{NB}ai-act-annexe-iii{NB}»{NB}?",
            5,
        ),
        (
            f"le fait «{NB}qualiopi-referentiel{NB}» n'a pas de date{NB}: "
            "[[fait:qualiopi-referentiel:date]] ne peut pas s'afficher",
            f"ajoutez «{NB}date: AAAA-MM-JJ{NB}» au fait dans courses/faits.yml, "
            "ou citez [[fait:qualiopi-referentiel]]",
            39,
        ),
    ]


def test_french_dates() -> None:
    assert french_date(dt.date(2030, 8, 2)) == "2 août 2030"
    assert french_date(dt.date(2024, 8, 1)) == "1er août 2024"
    found = [(written, date) for _, written, date in hard_coded_dates(f"le 1er{NB}août 2024")]
    assert found == [(f"1er{NB}août 2024", dt.date(2024, 8, 1))]


# -- what edukit check reports ------------------------------------------------------------------


def test_a_fact_checked_more_than_six_months_ago_is_a_warning(tmp_path: Path) -> None:
    path = write(tmp_path)
    book, _ = load_facts(tmp_path)
    checked = dt.date(2026, 9, 1)
    assert stale_facts(book, checked + dt.timedelta(days=183)) == []
    problems = stale_facts(book, checked + dt.timedelta(days=184))
    assert [(p.path, p.line, p.severity) for p in problems] == [(path, 17, Severity.WARNING)]
    assert problems[0].message == (
        f"le fait «{NB}qualiopi-referentiel{NB}» a été vérifié le 2026-09-01, il y a plus de 6 mois"
    )


def test_a_hand_written_fact_date_is_an_error_in_a_lesson_telling_the_placeholder(
    tmp_path: Path,
) -> None:
    write(tmp_path)
    book, _ = load_facts(tmp_path)
    lesson = tmp_path / "courses" / "m1" / "l01.md"
    text = "Titre\n\nLe haut risque s'applique le 2 décembre 2027.\nLe 3 mars 2026, rien.\n"
    problems = check_text(text, lesson, book)
    assert [(p.line, p.severity) for p in problems] == [(3, Severity.ERROR)]
    assert str(problems[0]) == (
        f"{lesson.as_posix()}:3: la date «{NB}2 décembre 2027{NB}» est celle du fait "
        f"«{NB}ai-act-annexe-iii{NB}», écrite à la main — écrivez "
        "[[fait:ai-act-annexe-iii:date]] à la place, pour suivre courses/faits.yml"
    )
    placeholder = "Le haut risque s'applique le [[fait:ai-act-annexe-iii:date]].\n"
    assert check_text(placeholder, lesson, book) == []


def test_load_course_reports_fact_problems_errors_in_lessons_warnings_elsewhere(
    course_root: Path,
) -> None:
    write(course_root)
    lesson = course_root / "courses" / "m1-decouvrir" / "l02-definitions.md"
    lesson.write_text(
        lesson.read_text(encoding="utf-8").replace(
            "Texte.", "Texte. [[fait:ai-act-annexe-iiii]] Le 2 décembre 2027."
        ),
        encoding="utf-8",
    )
    guide = course_root / "courses" / "guides" / "formateur.md"
    guide.parent.mkdir()
    guide.write_text("# Guide\n\nLe 2 décembre 2027, le haut risque.\n", encoding="utf-8")
    load = load_course(course_root)
    found = [
        (str(p.path), p.line, p.severity, p.message) for p in load.problems if "fait" in p.message
    ]
    line = (
        lesson.read_text(encoding="utf-8")
        .splitlines()
        .index("Texte. [[fait:ai-act-annexe-iiii]] Le 2 décembre 2027.")
        + 1
    )
    assert found == [
        (
            "courses/guides/formateur.md",
            3,
            Severity.WARNING,
            f"la date «{NB}2 décembre 2027{NB}» est celle du fait «{NB}ai-act-annexe-iii{NB}», "
            "écrite à la main",
        ),
        (
            "courses/m1-decouvrir/l02-definitions.md",
            line,
            Severity.ERROR,
            f"le fait «{NB}ai-act-annexe-iiii{NB}» est inconnu",
        ),
        (
            "courses/m1-decouvrir/l02-definitions.md",
            line,
            Severity.ERROR,
            f"la date «{NB}2 décembre 2027{NB}» est celle du fait «{NB}ai-act-annexe-iii{NB}», "
            "écrite à la main",
        ),
    ]
    unknown = next(p for p in load.problems if "inconnu" in p.message)
    assert unknown.hint == f"vouliez-vous dire «{NB}ai-act-annexe-iii{NB}»{NB}?"


def test_fact_problems_include_the_file_and_stale_facts(tmp_path: Path) -> None:
    write(tmp_path, FACTS.replace("verifie_le: 2026-12-07", "verifie_le: 2025-01-01"))
    problems = fact_problems(tmp_path, today=dt.date(2026, 12, 7))
    assert [(p.line, p.severity) for p in problems] == [(2, Severity.WARNING)]


# -- banks and the page « Ce qui a changé » ----------------------------------------------------

BANK = """\
bank:
  id: droit
  title: "Droit"
  language: fr
items:
  - id: calendrier
    type: single
    prompt: "Quand s'applique le haut risque de l'annexe III ?"
    objectives: [l13-o2]
    difficulty: 2
    faits: [ai-act-annexe-iii]
    options:
      - id: a
        text: "Le 2 août 2026"
        correct: false
        feedback: "C'était le texte de 2024."
      - id: b
        text: "[[fait:ai-act-annexe-iii:date]]"
        correct: true
        feedback: "Oui. [[fait:ai-act-annexe-iii]]"
    explanation: "L'omnibus a reporté le haut risque."
    source:
      title: "Règlement (UE) 2026/1744"
      publisher: "Union européenne"
      date: 2026-07-08
"""


def test_banks_see_resolved_text_and_the_explanation_cites_the_fact(tmp_path: Path) -> None:
    write(tmp_path)
    bank_file = tmp_path / "exercises" / "droit" / "droit.yml"
    bank_file.parent.mkdir(parents=True)
    bank_file.write_text(BANK, encoding="utf-8")
    bank, problems = load_bank(bank_file)
    assert problems == [] and bank is not None
    item = bank.items[0]
    assert isinstance(item, SingleItem)
    assert [option.text for option in item.options] == [
        "Le 2 août 2026",
        "2 décembre 2027 (à vérifier)",
    ]
    assert item.explanation == (
        "L'omnibus a reporté le haut risque. "
        f"Source{NB}: Règlement (UE) 2024/1689, art. 113 (à vérifier)."
    )


def test_banks_report_an_unknown_fact_at_its_line(tmp_path: Path) -> None:
    write(tmp_path)
    bank_file = tmp_path / "exercises" / "droit" / "droit.yml"
    bank_file.parent.mkdir(parents=True)
    bank_file.write_text(
        BANK.replace("faits: [ai-act-annexe-iii]", "faits: [ai-act-annexe-3]").replace(
            '"Oui. [[fait:ai-act-annexe-iii]]"', '"Oui. [[fait:annexe-iii]]"'
        ),
        encoding="utf-8",
    )
    find_facts(bank_file)  # cached by the file's time: the next load reads the same facts
    _, problems = load_bank(bank_file)
    assert [(p.line, p.message, p.hint) for p in problems] == [
        (
            11,
            f"la question « calendrier »{NB}: le fait «{NB}ai-act-annexe-3{NB}» est inconnu",
            f"vouliez-vous dire «{NB}ai-act-annexe-iii{NB}»{NB}?",
        ),
        (
            20,
            f"l'option 2 de la question « calendrier »{NB}: le fait «{NB}annexe-iii{NB}» est inconnu",
            f"vouliez-vous dire «{NB}ai-act-annexe-iii{NB}»{NB}?",
        ),
    ]


def test_the_changes_page_lists_the_history_newest_first(tmp_path: Path) -> None:
    write(tmp_path)
    book, _ = load_facts(tmp_path)
    page = changes_markdown(book)
    headings = [line for line in page.splitlines() if line.startswith("## ")]
    assert headings == [
        "## 27 juillet 2026",
        "## 12 juillet 2024",
        "## 8 juin 2019",
        "## Les faits du cours",
        "## Ce qui reste à vérifier",
    ]
    assert "- Report au 2 décembre 2027. — [Règlement (UE) 2024/1689, art. 113](" in page
    rows = [line for line in page.splitlines() if line.startswith("| ")]
    assert rows[1:] == [
        "| Le haut risque de l'annexe III s'applique à partir du 2 décembre 2027. | "
        "2 décembre 2027 | Règlement (UE) 2024/1689, art. 113 | 7 décembre 2026 | à vérifier |",
        "| Le référentiel Qualiopi vient du décret n° 2019-565. | — | Décret n° 2019-565 | "
        "1er septembre 2026 | relu |",
    ]
    assert page.rstrip().endswith(
        f"- **ai-act-annexe-iii**{NB}: relire le texte officiel — "
        "[Règlement (UE) 2024/1689, art. 113](https://eur-lex.europa.eu/eli/reg/2024/1689/oj)"
        " (à vérifier)"
    )


def test_find_facts_reads_the_nearest_file_again_when_it_changes(tmp_path: Path) -> None:
    write(tmp_path)
    bank_folder = tmp_path / "exercises" / "droit"
    bank_folder.mkdir(parents=True)
    first = find_facts(bank_folder)
    assert first.path == tmp_path / "courses" / "faits.yml"
    assert find_facts(bank_folder) is first  # unchanged: read once
    write(tmp_path, FACTS.replace("vient du décret", "est fixé par le décret"))
    again = find_facts(bank_folder)
    assert again.facts["qualiopi-referentiel"].enonce.startswith("Le référentiel Qualiopi est fixé")
    assert find_facts(tmp_path.parent / "ailleurs").facts == {}
