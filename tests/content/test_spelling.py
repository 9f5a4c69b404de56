"""French spelling of everything a learner or a trainer reads: lessons, guides, exercises, banks.

The prose is extracted from ``courses/**/*.md``, ``exercises/**/*.md`` and the bank YAML
(``exercises/**/*.yml``: prompts, options, feedback, explanations), leaving out what is not prose:
front-matter keys and ids, fenced code blocks (widget blocks included), inline code, URLs, e-mail
addresses, domain names, file paths and the « Sources » sections (titles there are often English).
Every word is checked by Hunspell with Debian's French dictionary (``hunspell-fr``) and the
project's own list ``tests/content/mots-du-projet.txt`` (proper nouns, acronyms, technical terms).

``make test`` installs the Debian packages ``hunspell`` and ``hunspell-fr`` when they are missing.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest

from edukit._yaml import load_yaml, split_front_matter

ROOT = Path(__file__).resolve().parents[2]
WORD_LIST = Path(__file__).with_name("mots-du-projet.txt")
DICTIONARY = Path("/usr/share/hunspell/fr_FR")
INSTALL_HINT = "run `make test`, which installs the Debian packages hunspell and hunspell-fr"

# Front-matter keys whose values are prose (everything else is an id, a path or a number).
FRONT_MATTER_PROSE = {"title", "summary", "text", "method", "materials", "key_points"}
FRONT_MATTER_FREE_TEXT = {"prerequisites"}  # lesson ids or words: only the words are prose
# Bank keys whose values are prose.
BANK_PROSE = {
    "title",
    "prompt",
    "text",
    "feedback",
    "correct",
    "incorrect",
    "explanation",
    "option_feedback",
    "true",
    "false",
    "pairs",
    "left",
    "right",
    "sequence",
    "unit",
}
BANK_SKIPPED = {"id", "objectives", "tags", "source", "answers", "answer", "language"}
IDENTIFIER = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")

Line = tuple[int, str]
"""A line number (1-based, in the source file) and the prose found on it."""

# -- cleaning one line of Markdown or one YAML string ------------------------------------------------

_NOT_PROSE = [
    re.compile(r"(`+).+?\1"),  # inline code
    re.compile(r"<!--.*?-->"),  # one-line HTML comment
    re.compile(r"\]\([^)]*\)"),  # link and image targets: keep the text, drop the target
    re.compile(r"\]\[[^\]]*\]"),  # reference links
    re.compile(r"^\s*\[[^\]]+\]:\s*\S+.*$"),  # link reference definitions
    re.compile(r"\[\^[^\]]+\]"),  # footnote marks
    re.compile(r"\{[:.#][^}]*\}"),  # attribute lists { .md-button }
    re.compile(r"<[^<>\n]+>"),  # HTML tags and <autolinks>
    re.compile(r"\b(?:https?|ftp)://\S+"),  # URLs
    re.compile(r"\bwww\.\S+"),
    re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"),  # e-mail addresses
    re.compile(r"(?<![\w.])[\w-]+(?:\.[\w-]+)*\.[a-z][a-z0-9]{1,11}\b(?:/\S*)?"),  # domains, files
    # extensions named alone (.test, .gouv.fr)
    re.compile(r"(?<!\w)\.[a-z]{2,8}(?:\.[a-z]{2,8})*\b"),
    re.compile(r"\S*\w/\w\S*"),  # paths (exercises/charte/charte-usage.md, /robots.txt)
    re.compile(r"\S*_\S*"),  # snake_case identifiers
    re.compile(r"\S*(?:\d\S*[A-Za-z]|[A-Za-z]\S*\d)\S*"),  # codes, ids, passwords (x9#Lm!2qRv)
    # Hunspell's French dictionary counts « . » as a letter (for « etc. »): keep only the dots
    # inside a word, so that « RGPD. » is checked as « RGPD ».
    re.compile(r"\.(?!\w)|(?<!\w)\."),
]
_ADMONITION = re.compile(r'^(\s*)(?:!!!|\?\?\?\+?)\s+[\w-]+(?:\s+"([^"]*)")?\s*$')
_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_SOURCES_HEADING = re.compile(r"^sources\b", re.IGNORECASE)


def clean(text: str) -> str:
    """The prose of one line: code, links targets, addresses and paths replaced by spaces.

    >>> clean("Voir `edukit check` sur https://exemple.test/a et [le plan](plan.md).").split()
    ['Voir', 'sur', 'et', '[le', 'plan']
    """
    for pattern in _NOT_PROSE:
        text = pattern.sub(" ", text)
    return text


def markdown_prose(text: str, first_line: int = 1) -> list[Line]:
    """The prose lines of a Markdown body, without code blocks, comments and « Sources » sections.

    >>> body = "Un mot.\\n```text\\nkod\\n```\\n## Sources\\n- Title\\n## Suite\\nFin."
    >>> [(line, text.split()) for line, text in markdown_prose(body)]
    [(1, ['Un', 'mot']), (7, ['Suite']), (8, ['Fin'])]
    """
    lines: list[Line] = []
    fence: str | None = None
    sources_level: int | None = None
    in_comment = False
    for number, raw in enumerate(text.split("\n"), start=first_line):
        if fence is not None:
            if raw.strip().startswith(fence) and set(raw.strip()) == {fence[0]}:
                fence = None
            continue
        opening = _FENCE.match(raw)
        if opening:
            fence = opening.group(1)
            continue
        if in_comment:
            if "-->" in raw:
                in_comment = False
            continue
        if "<!--" in raw and "-->" not in raw.split("<!--", 1)[1]:
            in_comment = True
            raw = raw.split("<!--", 1)[0]
        heading = _HEADING.match(raw)
        if heading:
            level = len(heading.group(1))
            if sources_level is not None and level <= sources_level:
                sources_level = None
            if _SOURCES_HEADING.match(heading.group(2)):
                sources_level = level
                continue
        if sources_level is not None:
            continue
        admonition = _ADMONITION.match(raw)
        if admonition:
            raw = admonition.group(2) or ""
        prose = clean(raw.replace("#", " "))
        if prose.strip():
            lines.append((number, prose))
    return lines


def _yaml_prose(
    value: Any, key_path: tuple[str | int, ...], prose_keys: set[str], line_of: Any
) -> Iterator[Line]:
    """Every prose string under ``value``, with the line of its key."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key in BANK_SKIPPED and key not in prose_keys:
                continue
            if key in prose_keys and not isinstance(item, dict | list):
                if isinstance(item, str):
                    yield from _text_lines(item, line_of(*key_path, key))
            else:
                yield from _yaml_prose(item, (*key_path, key), prose_keys, line_of)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            parent = key_path[-1] if key_path else None
            if isinstance(item, str) and parent in prose_keys:
                yield from _text_lines(item, line_of(*key_path, index))
            else:
                yield from _yaml_prose(item, (*key_path, index), prose_keys, line_of)


def _text_lines(text: str, line: int | None) -> Iterator[Line]:
    prose = clean(text.replace("\n", " "))
    if prose.strip():
        yield (line or 1, prose)


def front_matter_prose(data: Any, line_of: Any) -> list[Line]:
    """The prose values of a lesson's or an exercise's front matter (never keys nor ids)."""
    if not isinstance(data, dict):
        return []
    lines = list(_yaml_prose(data, (), FRONT_MATTER_PROSE, line_of))
    for key in FRONT_MATTER_FREE_TEXT:
        for index, item in enumerate(data.get(key) or []):
            if isinstance(item, str) and not IDENTIFIER.match(item):
                lines.extend(_text_lines(item, line_of(key, index)))
    return lines


def markdown_file_prose(path: Path) -> list[Line]:
    text = path.read_text(encoding="utf-8")
    if not text.startswith("---"):
        return markdown_prose(text)
    front = split_front_matter(text, path)
    document = front.document
    return front_matter_prose(document.data, document.line) + markdown_prose(
        front.body, front.body_line
    )


def bank_file_prose(path: Path) -> list[Line]:
    document = load_yaml(path.read_text(encoding="utf-8"), path)
    return list(_yaml_prose(document.data, (), BANK_PROSE, document.line))


def content_files(root: Path = ROOT) -> list[Path]:
    """Every file whose prose is checked, in a stable order."""
    markdown = sorted((root / "courses").rglob("*.md")) + sorted((root / "exercises").rglob("*.md"))
    banks = sorted((root / "exercises").rglob("*.yml"))
    return markdown + banks


_FACT = re.compile(r"\[\[fait:[^\]]*\]\]")
"""A placeholder for a fact of courses/faits.yml: replaced by the fact's text, not prose."""


def prose_of(path: Path) -> list[Line]:
    lines = bank_file_prose(path) if path.suffix == ".yml" else markdown_file_prose(path)
    return [(number, _FACT.sub(" ", text)) for number, text in lines]


# -- the checker -------------------------------------------------------------------------------------


def project_words(path: Path = WORD_LIST) -> set[str]:
    """The project's word list: one word a line; ``#`` starts a comment."""
    words: set[str] = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        word = line.split("#", 1)[0].strip()
        if word:
            words.add(word)
    return words


_TOKEN = re.compile(r"[\w'’.-]+")


def tokens(texts: Iterable[str]) -> set[str]:
    """The distinct words of ``texts``, cut as Hunspell cuts them (apostrophes, hyphens and dots
    inside a word are kept). Checking each distinct word once is ten times faster than the text.

    >>> sorted(tokens(["L'IA, c'est-à-dire « l'outil ».", "-- l'outil"]))
    ["L'IA", "c'est-à-dire", "l'outil"]
    """
    found: set[str] = set()
    for text in texts:
        found.update(token.strip("-'’.") for token in _TOKEN.findall(text))
    found.discard("")
    return found


def hunspell_unknown(texts: Iterable[str]) -> set[str]:
    """The words Hunspell's French dictionary does not know, in all of ``texts`` (one run)."""
    executable = shutil.which("hunspell")
    if executable is None or not DICTIONARY.with_suffix(".dic").is_file():
        pytest.fail(
            f"the spelling check needs the hunspell program and {DICTIONARY}.dic — {INSTALL_HINT}",
            pytrace=False,
        )
    result = subprocess.run(
        [executable, "-i", "utf-8", "-d", str(DICTIONARY), "-l"],
        input="\n".join(sorted(tokens(texts))),
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
        timeout=120,
    )
    if result.returncode != 0:
        pytest.fail(f"hunspell failed: {result.stderr.strip()} — {INSTALL_HINT}", pytrace=False)
    # Like most spelling checkers, ignore words with digits (« l06-o1 », « L311-3-1 », « 2FA »)
    # and strings without letters (table rules).
    return {
        word
        for word in result.stdout.split("\n")
        if any(c.isalpha() for c in word) and not any(c.isdigit() for c in word)
    }


ELISION = re.compile(r"^(?:[cdjlmnst]|qu|jusqu|lorsqu|puisqu|quoiqu)['’]", re.IGNORECASE)


def _parts(word: str) -> list[str]:
    """``l'AIPD`` → ``["AIPD"]``; ``Saint-Exemple`` → ``["Saint", "Exemple"]``."""
    return [part for part in ELISION.sub("", word).split("-") if part]


def _elided(word: str) -> bool:
    """``l'ANSSI``: an elision before a single word (Hunspell may know the word, not the elision)."""
    return ELISION.match(word) is not None and "-" not in word


def _listed(word: str, listed: set[str]) -> bool:
    """In the project list, as written or with a capital first letter (start of a sentence)."""
    return word in listed or (word[:1].isupper() and word[:1].lower() + word[1:] in listed)


def unknown_words(texts: Iterable[str], listed: set[str]) -> set[str]:
    """Words that neither Hunspell nor the project list knows.

    Hunspell reports a word with its elision (« l'AIPD », « l'ANSSI ») or as a whole compound
    (« Boutique-Duval »). An elided word is accepted when the word is listed or known to Hunspell.
    A compound is accepted when each part is listed or known to Hunspell and at least one part
    is listed: a compound of known words that Hunspell refuses (« Co-décider » for « codécider »)
    stays an error.
    """
    reported = {word for word in hunspell_unknown(texts) if not _listed(word, listed)}
    parts = {part for word in reported for part in _parts(word) if not _listed(part, listed)}
    still_unknown = hunspell_unknown(parts) if parts else set()
    unknown: set[str] = set()
    for word in reported:
        word_parts = _parts(word)
        some_listed = _elided(word) or any(_listed(part, listed) for part in word_parts)
        if not some_listed or any(part in still_unknown for part in word_parts):
            unknown.add(word)
    return unknown


def misspellings(root: Path = ROOT, words_file: Path = WORD_LIST) -> list[str]:
    """``path:line: word`` for every word neither Hunspell nor the project list knows (the first
    line where the word appears in each file)."""
    prose = {path: prose_of(path) for path in content_files(root)}
    unknown = unknown_words(
        (text for lines in prose.values() for _, text in lines), project_words(words_file)
    )
    if not unknown:
        return []
    alternatives = "|".join(map(re.escape, sorted(unknown, key=len, reverse=True)))
    pattern = re.compile(rf"(?<!\w)({alternatives})(?!\w)")
    report: list[str] = []
    located: set[str] = set()
    for path, lines in prose.items():
        seen: set[str] = set()
        for number, text in lines:
            for match in pattern.finditer(text):
                word = match.group(1)
                if word not in seen:
                    seen.add(word)
                    report.append(f"{path.relative_to(root).as_posix()}:{number}: {word}")
        located |= seen
    # Hunspell may cut words differently: never let an unknown word go unreported.
    report += [f"(somewhere in the content): {word}" for word in sorted(unknown - located)]
    return report


# -- tests -------------------------------------------------------------------------------------------


@pytest.mark.slow
def test_content_is_spelled_correctly() -> None:
    problems = misspellings()
    assert not problems, (
        f"{len(problems)} unknown word(s) — correct the spelling, or, for a real proper noun, "
        f"acronym or technical term, add it to {WORD_LIST.relative_to(ROOT)}:\n"
        + "\n".join(problems)
    )


def test_the_checker_reports_a_misspelt_word_with_its_file_and_line(tmp_path: Path) -> None:
    lesson = tmp_path / "courses" / "m1" / "l01.md"
    lesson.parent.mkdir(parents=True)
    lesson.write_text(
        '---\nid: l01\ntitle: "Une leçon"\n---\n\nLe formateur explique la requête.\n'
        "\nIl faut vérifer la source.\n\n```text\nmotinconnudanslecode\n```\n"
        "\nVoir `autremotinconnu` et https://exemple.test/motdansurl.\n",
        encoding="utf-8",
    )
    bank = tmp_path / "exercises" / "b" / "q.yml"
    bank.parent.mkdir(parents=True)
    bank.write_text(
        'bank: {id: b, title: "Banque", language: fr}\nitems:\n'
        '  - id: identifiantinconnu\n    type: single\n    prompt: "Quelle est la bonne répnse ?"\n'
        '    objectives: [l01-o1]\n    options:\n      - {id: a, text: "Edukitien", correct: true}\n',
        encoding="utf-8",
    )
    words = tmp_path / "mots.txt"
    words.write_text("# proper nouns\nEdukitien\n", encoding="utf-8")
    assert misspellings(tmp_path, words) == [
        "courses/m1/l01.md:8: vérifer",
        "exercises/b/q.yml:5: répnse",
    ]


def test_a_machine_without_hunspell_fails_with_the_fix(monkeypatch: pytest.MonkeyPatch) -> None:
    """No silent skip: the message says how to install the checker."""
    monkeypatch.setattr(shutil, "which", lambda _name: None)
    with pytest.raises(pytest.fail.Exception, match=r"hunspell.*make test"):
        hunspell_unknown(["bonjour"])


def test_project_words_are_not_already_known_to_the_dictionary() -> None:
    """The list holds only what Hunspell lacks, so that it stays short and reviewable."""
    listed = project_words()
    # Words with digits are never checked; a capitalised twin of a listed word is implied.
    redundant = sorted(listed - hunspell_unknown(listed))
    redundant += sorted(w for w in listed if w[:1].isupper() and w[:1].lower() + w[1:] in listed)
    assert not redundant, f"remove from {WORD_LIST.name}, they are already accepted: {redundant}"
