"""How readable the course's French is: the Kandel–Moles index and sentence lengths.

The Kandel–Moles index (1958) adapts Flesch's reading ease to French::

    207 − 1.015 × (words / sentences) − 73.6 × (syllables / words)

Higher is easier; the content style asks 80 or more of each « En bref (facile à lire) » box and
20 words or fewer of each sentence of body text. Syllables are counted from the spelling with the
rules of :func:`count_syllables` (spoken French: a final mute « e » is not a syllable), which is
right for most words and never off by more than one on common ones.

Body text is the prose of a lesson's Markdown: front matter, fenced code and widget blocks,
tables, headings, raw HTML, comments, the « Sources » section and admonition titles are left
out; the easy-to-read boxes are measured on their own.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

__all__ = [
    "FALC_TITLE",
    "FalcBox",
    "Readability",
    "Sentence",
    "body_sentences",
    "count_syllables",
    "falc_boxes",
    "kandel_moles",
    "readability",
    "split_sentences",
    "words_of",
]

FALC_TITLE = "En bref (facile à lire)"

_VOWELS = "aeiouyàâäéèêëîïôöùûüÿœæ"
_VOWEL_GROUP = re.compile(f"[{_VOWELS}]+")
_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")
_SILENT_U = re.compile(r"(?<=[qg])u(?=[aeiouyéèêëîïô])")


def count_syllables(word: str) -> int:
    """Spoken syllables of one French word, from its spelling.

    Rules: each group of vowels is a syllable (« eau », « oui », « ai » are one); « u » after
    « q » or « g » before a vowel is silent; « é » before another vowel, a vowel with a diaeresis
    (« ï », « ü ») and « y » between vowels start a new syllable; a final « e » or « es » after a
    consonant is mute. Words in capitals (« RGPD ») are spelt out, one syllable a letter; a number
    counts one syllable a digit. Hyphenated words and elisions count each part.

    Examples
    --------
    >>> [count_syllables(w) for w in ["chat", "maison", "ordinateur", "intelligence"]]
    [1, 2, 4, 4]
    >>> [count_syllables(w) for w in ["réalité", "données", "requête", "naïf", "crayon"]]
    [4, 2, 2, 2, 2]
    >>> [count_syllables(w) for w in ["l'IA", "aujourd'hui", "RGPD", "2025", "c'est-à-dire"]]
    [2, 3, 4, 4, 3]
    """
    parts = [part for part in re.split(r"[-'’]", word) if part]
    if len(parts) > 1:
        return sum(count_syllables(part) for part in parts)
    if not parts:
        return 0
    word = parts[0]
    if word.isdigit():
        return len(word)
    letters = [c for c in word if c.isalpha()]
    if not letters:
        return 0
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return len(letters)
    if len(letters) == 1:  # « à », « y », « a », or the « l » of an elision
        return 1 if letters[0].lower() in _VOWELS else 0
    text = _SILENT_U.sub("", word.lower())
    groups = _VOWEL_GROUP.findall(text)
    count = 0
    for group in groups:
        count += 1
        for index, letter in enumerate(group[1:], start=1):
            before = group[index - 1]
            hiatus = letter in "ïü" or (before == "é" and letter != "e")
            if hiatus or (letter == "y" and index < len(group) - 1):  # « crayon »: cray-on
                count += 1
    if len(groups) > 1 and re.search(f"[^{_VOWELS}](e|es)$", text):
        count -= 1
    return max(count, 1)


def words_of(text: str) -> list[str]:
    """The words of ``text``: « l'IA » and « c'est-à-dire » are one word each.

    >>> words_of("C'est l'IA : 21 heures, « pas plus » !")
    ["C'est", "l'IA", '21', 'heures', 'pas', 'plus']
    """
    return _WORD.findall(text)


# A full stop ends a sentence unless it closes an abbreviation or an initial.
_INSIDE = {"art", "al", "cf", "coll", "ex", "p", "n", "no", "vol", "éd", "chap", "fig", "av"}
_INSIDE |= {"m", "mm", "mme", "mmes", "mlle", "dr", "pr", "me", "st", "ste"}
_AMBIGUOUS = {"etc", "min", "env"}
"""Abbreviations that end a sentence when the next word has a capital."""
_END = re.compile(r"[.!?…]+(?:[ \u00a0\u202f]*[»”])?[\")\]]*(?=\s|$)")


def split_sentences(text: str) -> list[str]:
    """The sentences of one block of prose (a paragraph or a list item).

    A sentence ends at « . », « ! », « ? » or « … » followed by a space or the end, except after
    a known abbreviation (« etc. », « art. », « M. ») or a single capital (an initial); « : » and
    « ; » do not end a sentence. Text without a final mark is a sentence too.

    >>> split_sentences("Voir l'art. 4, etc. Puis lisez ! M. Dupont lit 2.5 pages… Fin")
    ["Voir l'art. 4, etc.", 'Puis lisez !', 'M. Dupont lit 2.5 pages…', 'Fin']
    """
    sentences: list[str] = []
    start = 0
    for match in _END.finditer(text):
        words = text[start : match.start()].split()
        last = re.split(r"['’]", re.sub(r"^\W+", "", words[-1]))[-1] if words else ""
        if match.group(0).rstrip(' \u00a0\u202f»”")]') == ".":
            lowered = last.lower()
            if lowered in _AMBIGUOUS and _next_is_lower(text, match.end()):
                continue
            if lowered in _INSIDE or (len(last) == 1 and last.isupper()):
                continue
        sentence = text[start : match.end()].strip()
        if sentence:
            sentences.append(sentence)
        start = match.end()
    rest = text[start:].strip()
    if rest and words_of(rest):
        sentences.append(rest)
    return sentences


def _next_is_lower(text: str, position: int) -> bool:
    following = text[position:].lstrip()
    return bool(following) and following[0].islower()


@dataclass(frozen=True, slots=True)
class Readability:
    """Counts of a text and its Kandel–Moles index."""

    sentences: int
    words: int
    syllables: int

    @property
    def kandel_moles(self) -> float:
        """207 − 1.015 × words/sentences − 73.6 × syllables/words (0 words: 0.0)."""
        if not self.words or not self.sentences:
            return 0.0
        return 207 - 1.015 * (self.words / self.sentences) - 73.6 * (self.syllables / self.words)


def readability(sentences: list[str]) -> Readability:
    """The counts of a list of sentences (see :func:`split_sentences`)."""
    words = [word for sentence in sentences for word in words_of(sentence)]
    return Readability(
        sentences=sum(1 for s in sentences if words_of(s)),
        words=len(words),
        syllables=sum(count_syllables(word) for word in words),
    )


def kandel_moles(text: str) -> float:
    """The Kandel–Moles index of plain prose (sentences split by :func:`split_sentences`).

    >>> round(kandel_moles("Le chat dort. Il fait beau."), 1)
    130.4
    """
    return readability(split_sentences(" ".join(text.split()))).kandel_moles


# -- Markdown -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence of body text, with the line where it starts and its word count."""

    text: str
    line: int
    words: int


@dataclass(frozen=True, slots=True)
class FalcBox:
    """One « En bref (facile à lire) » box: its first line, its sentences and their counts."""

    line: int
    sentences: list[str]
    readability: Readability

    @property
    def kandel_moles(self) -> float:
        return self.readability.kandel_moles


_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_ADMONITION = re.compile(r'^(\s*)(?:!!!|\?\?\?\+?)\s+([\w-]+)(?:\s+"([^"]*)")?\s*$')
_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_INLINE = [
    (re.compile(r"<!--.*?-->"), " "),
    (re.compile(r"\[\[fait:[^\]]*\]\]"), " "),  # unresolved fact placeholders
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), r"\1"),  # images: their text
    (re.compile(r"\[([^\]]*)\]\([^)]*\)"), r"\1"),  # links: their text
    (re.compile(r"\[([^\]]*)\]\[[^\]]*\]"), r"\1"),
    (re.compile(r"\[\^[^\]]+\]"), " "),  # footnote marks
    (re.compile(r"\{[:.#][^}]*\}"), " "),  # attribute lists
    (re.compile(r"<[^<>\n]+>"), " "),  # HTML tags and autolinks
    (re.compile(r"`+([^`]*)`+"), r"\1"),  # inline code: its text
    (re.compile(r"\b(?:https?|ftp)://\S+"), " "),
    (re.compile(r"(\*{1,3}|_{2,3})(\S(?:.*?\S)?)\1"), r"\2"),  # emphasis
]


def _plain(line: str) -> str:
    for pattern, replacement in _INLINE:
        line = pattern.sub(replacement, line)
    return line


@dataclass
class _Block:
    line: int
    lines: list[tuple[int, str]]
    falc: bool = False


def _strip_front_matter(lines: list[str]) -> int:
    """Index of the first body line (after a ``---`` front matter)."""
    if lines and lines[0].strip() == "---":
        for index, line in enumerate(lines[1:], start=1):
            if line.strip() in ("---", "..."):
                return index + 1
    return 0


def _blocks(markdown: str, first_line: int) -> Iterator[_Block]:
    """Prose blocks (paragraphs and list items) of a Markdown text, with their lines."""
    lines = markdown.split("\n")
    fence: str | None = None
    sources_level: int | None = None
    in_comment = False
    block: _Block | None = None
    admonition_indent: int | None = None
    falc = False
    for index in range(_strip_front_matter(lines), len(lines)):
        raw = lines[index]
        number = first_line + index
        if fence is not None:
            if raw.strip().startswith(fence) and set(raw.strip()) == {fence[0]}:
                fence = None
            continue
        if _FENCE.match(raw):
            fence = _FENCE.match(raw).group(1)  # type: ignore[union-attr]
            if block:
                yield block
            block = None
            continue
        if in_comment:
            if "-->" in raw:
                in_comment = False
            continue
        if "<!--" in raw and "-->" not in raw.split("<!--", 1)[1]:
            in_comment = True
            raw = raw.split("<!--", 1)[0]
        stripped = raw.strip()
        indent = len(raw) - len(raw.lstrip())
        if admonition_indent is not None and stripped and indent <= admonition_indent:
            admonition_indent, falc = None, False
        heading = _HEADING.match(raw)
        admonition = _ADMONITION.match(raw)
        starts_item = _LIST_ITEM.match(raw) is not None
        ends_block = (
            not stripped
            or heading is not None
            or admonition is not None
            or stripped.startswith("|")
            or stripped.startswith("<")
            or starts_item
        )
        if ends_block and block:
            yield block
            block = None
        if heading:
            level = len(heading.group(1))
            if sources_level is not None and level <= sources_level:
                sources_level = None
            if re.match(r"^sources\b", heading.group(2), re.IGNORECASE):
                sources_level = level
            continue
        if sources_level is not None or not stripped:
            continue
        if admonition:
            admonition_indent = len(admonition.group(1))
            falc = admonition.group(2) == "falc" or (admonition.group(3) or "") == FALC_TITLE
            continue
        if stripped.startswith("|") or (stripped.startswith("<") and not block):
            continue
        text = _plain(_LIST_ITEM.sub("", raw) if starts_item else raw).strip()
        if not text:
            continue
        if block is None:
            block = _Block(number, [], falc)
        block.lines.append((number, text))
    if block:
        yield block


def _sentences_of(block: _Block) -> list[Sentence]:
    joined, starts = "", []
    for number, text in block.lines:
        if joined:
            joined += " "
        starts.append((len(joined), number))
        joined += text
    found: list[Sentence] = []
    cursor = 0
    for sentence in split_sentences(joined):
        position = joined.find(sentence, cursor)
        cursor = position + len(sentence) if position >= 0 else cursor
        line = next(
            (number for offset, number in reversed(starts) if offset <= max(position, 0)),
            block.line,
        )
        found.append(Sentence(sentence, line, len(words_of(sentence))))
    return found


def body_sentences(markdown: str, first_line: int = 1) -> list[Sentence]:
    """Every sentence of body text, outside the easy-to-read boxes (see the module doc).

    >>> text = "---\\ntitle: T\\n---\\n# Titre\\n\\nUne phrase. Et une autre\\nqui continue.\\n"
    >>> [(s.line, s.words) for s in body_sentences(text)]
    [(6, 2), (6, 5)]
    """
    return [
        sentence
        for block in _blocks(markdown, first_line)
        if not block.falc
        for sentence in _sentences_of(block)
    ]


def falc_boxes(markdown: str, first_line: int = 1) -> list[FalcBox]:
    """Every « En bref (facile à lire) » box, with its sentences and Kandel–Moles index."""
    boxes: list[FalcBox] = []
    last_line = -2
    for block in _blocks(markdown, first_line):
        if not block.falc:
            continue
        sentences = [s.text for s in _sentences_of(block)]
        if boxes and block.line <= last_line + 2:  # the same box, after a blank line
            previous = boxes.pop()
            sentences = previous.sentences + sentences
            block_line = previous.line
        else:
            block_line = block.line
        boxes.append(FalcBox(block_line, sentences, readability(sentences)))
        last_line = block.lines[-1][0]
    return boxes
