"""The course's readability bars (issue 14, point 5), measured on every lesson and printed:

- each « En bref (facile à lire) » box scores 80 or more on the Kandel–Moles index;
- each sentence of body text has 20 words or fewer, but for a short allowed list.

Facts (``[[fait:ID]]``) are resolved first, so that their sentences are measured as learners read
them. Run with ``-s`` to see the figures of every lesson; the assertion messages hold them too.

"""

from __future__ import annotations

from pathlib import Path

from edukit.course import load_course, load_facts
from edukit.course._readability import body_sentences, falc_boxes

ROOT = Path(__file__).resolve().parents[2]
FALC_MINIMUM = 80.0
MAX_WORDS = 20
ALLOWED_LONG_SENTENCES: dict[str, list[str]] = {
    # "courses/mN-…/lNN-….md": ["the first words of an allowed sentence", ...]
    # Only sentences that cannot be cut without losing their meaning, such as a legal reference
    # quoted whole. Keep the list short: the test fails above MAX_ALLOWED entries.
}
MAX_ALLOWED = 10


def lessons() -> list[tuple[str, str, int]]:
    """(repository path, body with facts resolved, line of the body's first line) per lesson."""
    course = load_course(ROOT).course
    assert course is not None, "the course does not load: run `edukit check`"
    facts, _ = load_facts(ROOT)
    found = []
    for lesson in course.lessons:
        relative = lesson.path.resolve().relative_to(ROOT).as_posix()
        found.append((relative, facts.resolve(lesson.body, markdown=True), lesson.body_line))
    return found


def test_every_easy_to_read_box_reaches_kandel_moles_80() -> None:
    rows, failures = [], []
    for path, body, first_line in lessons():
        boxes = falc_boxes(body, first_line)
        if not boxes:
            failures.append(f"{path}: no « En bref (facile à lire) » box")
        for box in boxes:
            counts = box.readability
            row = (
                f"{path}:{box.line}: Kandel–Moles {box.kandel_moles:5.1f} "
                f"({counts.sentences} phrases, {counts.words} mots, {counts.syllables} syllabes)"
            )
            rows.append(row)
            if box.kandel_moles < FALC_MINIMUM:
                failures.append(row)
    report = "\n".join(rows)
    print(f"\nEncadrés « En bref » (seuil {FALC_MINIMUM:.0f}) :\n{report}")
    assert not failures, (
        f"{len(failures)} encadré(s) sous {FALC_MINIMUM:.0f} — phrases plus courtes, mots plus "
        f"courants :\n" + "\n".join(failures) + f"\n\nToutes les mesures :\n{report}"
    )


def _allowed(path: str, sentence: str) -> bool:
    return any(sentence.startswith(start) for start in ALLOWED_LONG_SENTENCES.get(path, []))


def test_body_sentences_have_at_most_20_words() -> None:
    summary, long_sentences = [], []
    for path, body, first_line in lessons():
        sentences = body_sentences(body, first_line)
        too_long = [s for s in sentences if s.words > MAX_WORDS and not _allowed(path, s.text)]
        longest = max((s.words for s in sentences), default=0)
        summary.append(
            f"{path}: {len(sentences)} phrases, {len(too_long)} de plus de {MAX_WORDS} mots "
            f"(la plus longue : {longest})"
        )
        long_sentences += [f"{path}:{s.line}: {s.words} mots — {s.text}" for s in too_long]
    report = "\n".join(summary)
    print(f"\nPhrases du texte (au plus {MAX_WORDS} mots) :\n{report}")
    assert not long_sentences, (
        f"{len(long_sentences)} phrase(s) de plus de {MAX_WORDS} mots — coupez-les, une idée "
        f"par phrase :\n" + "\n".join(long_sentences) + f"\n\nPar leçon :\n{report}"
    )


def test_the_allowed_list_stays_short_and_points_at_real_sentences() -> None:
    entries = [(path, start) for path, starts in ALLOWED_LONG_SENTENCES.items() for start in starts]
    assert len(entries) <= MAX_ALLOWED
    texts = {path: body for path, body, _ in lessons()}
    stale = [f"{path}: {start}" for path, start in entries if start not in texts.get(path, "")]
    assert not stale, "remove these entries, their sentences are gone:\n" + "\n".join(stale)
