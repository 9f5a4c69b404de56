"""One AI Act calendar across the whole course (issue 14).

- No Markdown of the course (lessons, guides, local cases, exercises, notebook cells) writes an
  AI Act date by hand: it cites ``courses/faits.yml`` with ``[[fait:ID:date]]``.
- Everywhere, banks included (read as the widgets see them, placeholders resolved), a sentence
  that names one AI Act obligation and a date gives that obligation's date from the facts file,
  unless it says it is recalling the 2024 text.
- The other findings of the review stay fixed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from edukit.course._facts import FactBook, fact_problems, hard_coded_dates, load_facts
from edukit.quiz import load_bank
from edukit.quiz._model import Item

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def book() -> FactBook:
    facts, problems = load_facts(ROOT)
    assert problems == []
    return facts


def course_markdown() -> Iterator[Path]:
    yield from sorted((ROOT / "courses").rglob("*.md"))
    yield from sorted((ROOT / "exercises").rglob("*.md"))
    yield from sorted((ROOT / "notebooks").glob("*.py"))


def ai_act_dates(book: FactBook) -> dict[dt.date, list[str]]:
    dates: dict[dt.date, list[str]] = {}
    for fact in book.facts.values():
        if fact.id.startswith("ai-act-") and fact.date is not None:
            dates.setdefault(fact.date, []).append(fact.id)
    return dates


def test_no_ai_act_date_is_written_by_hand_in_the_course_text(book: FactBook) -> None:
    dates = ai_act_dates(book)
    assert len(dates) >= 8  # the calendar is in the facts file
    found = []
    for path in course_markdown():
        text = path.read_text(encoding="utf-8")
        for offset, written, date in hard_coded_dates(text):
            if date in dates:
                line = text.count("\n", 0, offset) + 1
                found.append(f"{path.relative_to(ROOT)}:{line}: {written} → {dates[date]}")
    print(f"{sum(1 for _ in course_markdown())} files scanned")
    assert found == [], "write [[fait:ID:date]] instead:\n" + "\n".join(found)


# -- the same date for the same obligation, everywhere -----------------------------------------

OBLIGATIONS: dict[str, tuple[re.Pattern[str], tuple[str, ...]]] = {
    "annexe III": (
        re.compile(r"annexe\s+III|haut risque|haut-risque", re.I),
        ("ai-act-annexe-iii", "ai-act-annexe-i", "ai-act-autorites-publiques-2030"),
    ),
    "annexe I": (re.compile(r"annexe\s+I\b(?!I)", re.I), ("ai-act-annexe-i",)),
    "article 50": (
        re.compile(r"article\s+50|transparence|hypertrucage|robot conversationnel", re.I),
        ("ai-act-transparence", "ai-act-marquage-existants"),
    ),
    "article 4": (re.compile(r"article\s+4\b|maîtrise de l'IA", re.I), ("ai-act-maitrise",)),
    "article 5": (
        re.compile(r"article\s+5\b|interdi", re.I),
        ("ai-act-interdictions", "ai-act-nouvelles-interdictions"),
    ),
    "usage général": (
        re.compile(r"usage général|article\s+53", re.I),
        ("ai-act-usage-general", "ai-act-usage-general-existants"),
    ),
}
RECALLS_2024 = re.compile(
    r"texte de 2024|texte publié en 2024|prévoyait|initialement|reporté|report|"
    r"au lieu d|avant l'omnibus|du \d{1,2}(?:er)?\s+\w+\s+\d{4} au",
    re.I,
)
"""A sentence that recalls the superseded date says so."""
_SENTENCE = re.compile(r"(?<=[.!?»])\s+|\n")


def sentences(text: str) -> Iterator[str]:
    for sentence in _SENTENCE.split(text):
        if sentence.strip():
            yield sentence


def contradictions(text: str, book: FactBook, where: str) -> list[str]:
    """The sentences of ``text`` that give one obligation another date than the facts file."""
    known = ai_act_dates(book)
    known[dt.date(2027, 8, 2)] = known.get(dt.date(2027, 8, 2), ["annexe I, texte de 2024"])
    found = []
    for sentence in sentences(text):
        dates = {date for _, _, date in hard_coded_dates(sentence) if date in known}
        if not dates or RECALLS_2024.search(sentence):
            continue
        named = [name for name, (pattern, _) in OBLIGATIONS.items() if pattern.search(sentence)]
        if len(named) != 1:
            continue  # no obligation, or a list of several: each has its own sentence elsewhere
        allowed = {book.facts[fact_id].date for fact_id in OBLIGATIONS[named[0]][1]}
        allowed.add(book.facts["ai-act-reglement"].date)  # « en vigueur depuis le 1er août 2024 »
        wrong = sorted(date for date in dates if date not in allowed)
        if wrong:
            shown = ", ".join(date.isoformat() for date in wrong)
            found.append(f"{where}: {named[0]} with {shown}: {sentence.strip()[:160]}")
    return found


def item_texts(item: Item) -> Iterator[str]:
    """What a learner reads as true in an item: no wrong option (a distractor may give a
    superseded date on purpose)."""
    yield item.prompt
    yield item.explanation
    yield item.feedback.correct
    for option in getattr(item, "options", []):
        if option.correct:
            yield option.text
        yield option.feedback
    for pair in getattr(item, "pairs", []):
        yield f"{pair.left} : {pair.right}."


def test_each_ai_act_obligation_has_one_date_everywhere(book: FactBook) -> None:
    found = []
    scanned = 0
    for path in course_markdown():
        scanned += 1
        text = book.resolve(path.read_text(encoding="utf-8"))
        found += contradictions(text, book, str(path.relative_to(ROOT)))
    for folder in sorted({path.parent for path in (ROOT / "exercises").rglob("*.yml")}):
        bank, _ = load_bank(folder)
        if bank is None:
            continue
        for item in bank.items:
            scanned += 1
            for text in item_texts(item):
                found += contradictions(text, book, f"{folder.relative_to(ROOT)}#{item.id}")
    print(f"{scanned} files and bank items scanned")
    assert scanned > 100
    assert found == [], "\n".join(found)


def test_the_scanner_catches_a_2024_calendar(book: FactBook) -> None:
    assert contradictions(
        "Le haut risque de l'annexe III s'applique à partir du 2 août 2026.", book, "x"
    ) == [
        "x: annexe III with 2026-08-02: Le haut risque de l'annexe III s'applique à partir"
        " du 2 août 2026."
    ]
    assert contradictions("L'annexe I s'applique le 2 août 2027.", book, "x") != []
    assert (
        contradictions("Le texte de 2024 prévoyait l'annexe III au 2 août 2026.", book, "x") == []
    )
    assert contradictions(book.resolve("[[fait:ai-act-annexe-iii]]"), book, "x") == []


# -- the other findings of the review ----------------------------------------------------------


def lesson(name: str) -> str:
    [path] = (ROOT / "courses").glob(f"m*/{name}*.md")
    return path.read_text(encoding="utf-8")


def test_article_4_is_not_overstated_as_an_obligation_to_train() -> None:
    for name in ("l02", "l13", "l16"):
        assert "doivent former" not in lesson(name), name


def test_the_qualiopi_referential_is_decret_2019_565() -> None:
    for name in ("l01", "l20"):
        text = lesson(name).replace("\u00a0", " ")
        assert "2019-564" not in text and "2019-565" in text, name


def test_public_agents_are_not_sent_to_the_code_du_travail() -> None:
    text = lesson("l02")
    assert "[[fait:fonction-publique-formation]]" in text
    assert "[[fait:code-travail-adaptation]]" in text


def test_crpa_articles_and_the_citizens_convention_are_told_apart() -> None:
    text = lesson("l15")
    assert "Codécider" not in text and "codécider" not in text
    assert "consultative" in text
    assert "[[fait:crpa-mention-algorithme]]" in text
    assert "[[fait:crpa-publication-algorithmes]]" in text


def test_digital_share_of_emissions_is_the_2025_figure() -> None:
    text = lesson("l08").replace("\u00a0", " ")
    assert "2,5 % de l'empreinte" not in text
    assert "[[fait:numerique-part-emissions]]" in text


def test_tdm_opt_out_says_notamment() -> None:
    text = lesson("l09")
    assert "notamment" in text and "doit pouvoir être lue par une machine" not in text


def site_of(url: str) -> str:
    """The rule l18 teaches: the name between « :// » and the next « / » (from the start when
    there is no « :// »); the site is its last two words."""
    start = url.find("://")
    rest = url[start + 3 :] if start != -1 else url
    host = rest.split("/", 1)[0]
    return ".".join(host.split(".")[-2:])


def test_the_domain_reading_rule_of_l18_works_with_https() -> None:
    text = lesson("l18").replace("\u00a0", " ")
    example = re.search(r"Dans « (https://[^ ]+) », le nom est « ([^ ]+) »", text)
    assert example is not None
    site = re.search(r"Le vrai site est donc « ([^ ]+) »", text)
    assert site is not None
    assert site_of(example.group(1)) == site.group(1) == "remboursement-info.test"
    assert site_of("ameli.fr.remboursement-info.test/dossier") == "remboursement-info.test"
    assert "premier « / »" not in text


def test_point_de_depart_lasts_as_long_as_the_l01_activity() -> None:
    exercise = (ROOT / "exercises/comprendre-ia/point-de-depart.md").read_text(encoding="utf-8")
    minutes = re.search(r"^minutes: (\d+)$", exercise, re.M)
    activity = re.search(r"title: \"Test de positionnement[^\n]*\n\s+minutes: (\d+)", lesson("l01"))
    assert minutes is not None and activity is not None
    assert minutes.group(1) == activity.group(1)


def test_every_sources_entry_of_a_lesson_is_dated() -> None:
    undated = []
    for path in sorted((ROOT / "courses").glob("m*/l*.md")):
        text = path.read_text(encoding="utf-8")
        section = re.search(r"^## Sources\s*\n(.*?)(?=^## |\Z)", text, re.M | re.S)
        assert section is not None, f"{path.name} has no « Sources » section"
        for entry in section.group(1).splitlines():
            if entry.startswith("- ") and not re.search(r"\b(1[89]|20)\d{2}\b|\[\[fait:", entry):
                undated.append(f"{path.name}: {entry[:100]}")
    assert undated == []


def test_edukit_check_finds_no_fact_problem_in_the_course(book: FactBook) -> None:
    lessons = sorted((ROOT / "courses").glob("m*/l*.md"))
    checked_last = max(fact.verifie_le for fact in book.facts.values())
    problems = fact_problems(ROOT, lessons=lessons, today=checked_last)
    assert [str(p) for p in problems] == []
