"""The course glossary (``courses/glossaire.yml``): terms and short plain-French definitions.

The site shows each definition as a tooltip where the term appears, and lists every term on a
glossary page; this module only loads, checks and formats the file.

>>> from pathlib import Path
>>> load_glossary(Path("/nonexistent")).terms
[]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from edukit._problems import Problem, ProblemError
from edukit._yaml import YamlDocument, load_yaml
from edukit.course._errors import closest

__all__ = [
    "GLOSSARY_FILE",
    "MAX_DEFINITION_WORDS",
    "Glossary",
    "GlossaryTerm",
    "glossary_markdown",
    "load_glossary",
    "term_anchor",
    "word_count",
]

GLOSSARY_FILE = Path("courses") / "glossaire.yml"
MAX_DEFINITION_WORDS = 20
"""The content style's bar for one sentence, applied to each definition."""
_KEYS = ("terme", "definition", "formes", "anglais")
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")


@dataclass(frozen=True, slots=True)
class GlossaryTerm:
    """One entry: the term, its definition, the other forms met in the text, the English term."""

    term: str
    definition: str
    forms: tuple[str, ...] = ()
    english: str = ""
    line: int | None = None

    @property
    def spellings(self) -> tuple[str, ...]:
        """The term then its other forms: every text the tooltip attaches to."""
        return (self.term, *self.forms)


@dataclass
class Glossary:
    """The terms that loaded, in file order, and the problems found (``path:line`` messages)."""

    terms: list[GlossaryTerm] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def abbreviations(self) -> dict[str, str]:
        """Each spelling mapped to its definition (the ``abbr`` extension's glossary)."""
        return {text: term.definition for term in self.terms for text in term.spellings}


def word_count(text: str) -> int:
    """Words of ``text``; « l'IA » and « c'est-à-dire » count as one word each.

    >>> word_count("Texte que vous écrivez à un assistant d'IA.")
    8
    """
    return len(_WORD.findall(text))


def term_anchor(term: str) -> str:
    """The id of a term's heading on the glossary page.

    >>> term_anchor("jeu de validation"), term_anchor("Modèle d'IA")
    ('jeu-de-validation', 'modele-d-ia')
    """
    table = str.maketrans("àâäçéèêëîïôöùûüÿœæ", "aaaceeeeiioouuuyoa")
    slug = re.sub(r"[^a-z0-9]+", "-", term.lower().translate(table))
    return slug.strip("-") or "terme"


def load_glossary(root: Path | str) -> Glossary:
    """Load and check ``courses/glossaire.yml`` under ``root``; no file means no glossary.

    Every mistake is one problem naming the file, the line and the fix; entries with a mistake
    are left out, the others load.
    """
    path = Path(root) / GLOSSARY_FILE
    if not path.is_file():
        return Glossary()
    try:
        document = load_yaml(path.read_text(encoding="utf-8"), path)
    except ProblemError as error:
        return Glossary(problems=error.problems)
    except (OSError, UnicodeDecodeError) as error:
        return Glossary(problems=[Problem(path, None, f"fichier illisible ({error})")])
    return _check(document)


def _check(document: YamlDocument) -> Glossary:
    glossary = Glossary()
    data = document.data
    if not isinstance(data, dict) or not isinstance(data.get("termes"), list):
        glossary.problems.append(
            document.problem(
                (),
                "le glossaire doit contenir la clé « termes » avec une liste d'entrées",
                "écrivez « termes: » puis une entrée par terme : « - terme: … » et « definition: … »",
            )
        )
        return glossary
    for key in data:
        if key != "termes":
            glossary.problems.append(
                document.problem((key,), f"la clé « {key} » est inconnue", "gardez « termes: »")
            )
    seen: dict[str, int | None] = {}
    for index, entry in enumerate(data["termes"]):
        term = _entry(document, index, entry, glossary.problems)
        if term is None:
            continue
        clash = next((text for text in term.spellings if text in seen), None)
        if clash is not None:
            glossary.problems.append(
                document.problem(
                    ("termes", index),
                    f"« {clash} » figure déjà dans le glossaire (ligne {seen[clash]})",
                    "gardez une seule entrée par terme et par forme",
                )
            )
            continue
        for text in term.spellings:
            seen[text] = term.line
        glossary.terms.append(term)
    return glossary


def _entry(
    document: YamlDocument, index: int, entry: Any, problems: list[Problem]
) -> GlossaryTerm | None:
    where = ("termes", index)
    if not isinstance(entry, dict):
        problems.append(
            document.problem(where, "une entrée doit être « terme: … » et « definition: … »")
        )
        return None
    before = len(problems)
    misspelt: set[str] = set()  # keys already reported as a misspelling: one mistake, one message
    for key in entry:
        if key not in _KEYS:
            guess = closest(str(key), _KEYS)
            if guess:
                misspelt.add(guess)
            hint = f"vouliez-vous écrire « {guess} » ?" if guess else "clés : " + ", ".join(_KEYS)
            problems.append(document.problem((*where, key), f"la clé « {key} » est inconnue", hint))
    term, definition = entry.get("terme"), entry.get("definition")
    if "terme" in misspelt and "terme" not in entry:
        pass
    elif not isinstance(term, str) or not term.strip():
        problems.append(
            document.problem((*where, "terme"), "il manque le terme", "ajoutez « terme: … »")
        )
    if "definition" in misspelt and "definition" not in entry:
        pass
    elif not isinstance(definition, str) or not definition.strip():
        problems.append(
            document.problem(
                (*where, "definition"),
                "il manque la définition",
                'ajoutez « definition: "…" », une phrase de 20 mots au plus',
            )
        )
    elif (count := word_count(definition)) > MAX_DEFINITION_WORDS:
        problems.append(
            document.problem(
                (*where, "definition"),
                f"la définition compte {count} mots (au plus {MAX_DEFINITION_WORDS})",
                "raccourcissez-la : une idée, des mots courants",
            )
        )
    forms = entry.get("formes", [])
    if not isinstance(forms, list) or not all(isinstance(f, str) and f.strip() for f in forms):
        problems.append(
            document.problem(
                (*where, "formes"),
                "« formes » doit être une liste de mots",
                "écrivez par exemple « formes: [jetons] »",
            )
        )
        forms = []
    english = entry.get("anglais", "")
    if not isinstance(english, str):
        problems.append(document.problem((*where, "anglais"), "« anglais » doit être un texte", ""))
    if len(problems) > before:
        return None
    assert isinstance(term, str) and isinstance(definition, str)  # checked above
    return GlossaryTerm(
        term=term.strip(),
        definition=" ".join(definition.split()),
        forms=tuple(form.strip() for form in forms),
        english=english.strip() if isinstance(english, str) else "",
        line=document.line(*where),
    )


def glossary_markdown(glossary: Glossary, title: str = "Glossaire") -> str:
    """The glossary page: an introduction, then one section a term in alphabetical order.

    Author text is written as text: Markdown and HTML characters are escaped.
    """
    lines = [
        f"# {title}",
        "",
        "Les mots techniques du cours, expliqués simplement.",
        "Dans les pages, un mot du glossaire est souligné de pointillés la première fois.",
        "Passez la souris dessus, ou placez-y le curseur avec la touche Tab, pour lire sa définition.",
        "",
    ]
    for term in sorted(glossary.terms, key=lambda t: _sort_key(t.term)):
        lines += [
            f"## {_text(term.term)} {{#{term_anchor(term.term)}}}",
            "",
            _text(term.definition),
        ]
        if term.english:
            lines += ["", f"En anglais : *{_text(term.english)}*."]
        lines.append("")
    return "\n".join(lines)


def _sort_key(term: str) -> str:
    return term_anchor(term)


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|!])")


def _text(text: str) -> str:
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text.replace("&", "&amp;"))
