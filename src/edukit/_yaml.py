"""YAML loading that remembers the line of every key, for ``path:line`` messages.

PyYAML's composer keeps a mark on every node; we build plain Python data from the nodes and
keep a table from each key path to its 1-based line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from edukit._problems import Problem, ProblemError

__all__ = ["FrontMatter", "YamlDocument", "load_yaml", "split_front_matter"]

KeyPath = tuple[str | int, ...]

# libyaml's composer is about ten times faster and keeps the same marks.
_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class YamlDocument:
    """Plain data (dicts, lists, scalars) and the line of every key path.

    ``line_offset`` is added to every line, so that front matter lines count from the top of
    the Markdown file that holds them.
    """

    data: Any
    path: Path
    lines: dict[KeyPath, int] = field(default_factory=dict)

    def line(self, *key_path: str | int) -> int | None:
        """The line of ``key_path``, or of its nearest parent that has one.

        Examples
        --------
        >>> doc = load_yaml("title: A\\nactivities:\\n  - minutes: 5\\n", Path("l.md"))
        >>> doc.line("activities", 0, "minutes"), doc.line("activities", 0, "nope")
        (3, 3)
        """
        path: KeyPath = tuple(key_path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), 1)

    def problem(self, key_path: KeyPath, message: str, hint: str = "") -> Problem:
        return Problem(self.path, self.line(*key_path), message, hint)


class _BadValueError(Exception):
    def __init__(self, value: str, line: int) -> None:
        self.value, self.line = value, line


class _UniqueKeyError(Exception):
    def __init__(self, key: str, line: int, first_line: int) -> None:
        self.key, self.line, self.first_line = key, line, first_line


def _build(
    node: yaml.Node,
    key_path: KeyPath,
    lines: dict[KeyPath, int],
    offset: int,
    constructor: yaml.constructor.SafeConstructor,
) -> Any:
    lines.setdefault(key_path, node.start_mark.line + 1 + offset)
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = _scalar(key_node, constructor)
            key_text = str(key)
            line = key_node.start_mark.line + 1 + offset
            if key_text in seen:
                raise _UniqueKeyError(key_text, line, seen[key_text])
            seen[key_text] = line
            lines[(*key_path, key_text)] = line
            result[key_text] = _build(value_node, (*key_path, key_text), lines, offset, constructor)
            lines[(*key_path, key_text)] = line
        return result
    if isinstance(node, yaml.SequenceNode):
        return [
            _build(item, (*key_path, index), lines, offset, constructor)
            for index, item in enumerate(node.value)
        ]
    return _scalar(node, constructor)


def _scalar(node: yaml.Node, constructor: yaml.constructor.SafeConstructor) -> Any:
    if not isinstance(node, yaml.ScalarNode):
        raise yaml.MarkedYAMLError(
            problem="une clé doit être un simple texte, pas une liste ni un bloc",
            problem_mark=node.start_mark,
        )
    try:
        return constructor.construct_object(node, deep=True)
    except (ValueError, OverflowError):  # e.g. an impossible date such as 2024-02-30
        raise _BadValueError(str(node.value), node.start_mark.line + 1) from None


def load_yaml(text: str, path: Path, *, line_offset: int = 0) -> YamlDocument:
    """Parse ``text`` (from ``path``) and keep the line of every key.

    Raises
    ------
    ProblemError
        With one ``path:line`` problem for broken YAML, a duplicate key or several documents.
    """
    try:
        node = _compose(text, _Loader)
    except yaml.YAMLError:
        # Re-read with the pure-Python loader: its messages are the ones authors see.
        try:
            node = _compose(text, yaml.SafeLoader)
        except yaml.MarkedYAMLError as error:
            mark = error.problem_mark or error.context_mark
            line = mark.line + 1 + line_offset if mark else None
            what = (error.problem or "le YAML ne peut pas être lu").strip()
            raise ProblemError(
                [Problem(path, line, f"YAML cassé ({what})", _yaml_hint(what))]
            ) from None
        except yaml.reader.ReaderError as error:  # a character YAML refuses, such as NUL
            line = text.count("\n", 0, error.position) + 1 + line_offset
            raise ProblemError(
                [
                    Problem(
                        path,
                        line,
                        f"YAML cassé : le caractère {error.character!r} est interdit",
                        "supprimez-le ; il vient souvent d'un copier-coller depuis un autre logiciel",
                    )
                ]
            ) from None
    lines: dict[KeyPath, int] = {}
    if node is None:
        return YamlDocument(None, path, {(): 1 + line_offset})
    try:
        data = _build(node, (), lines, line_offset, yaml.constructor.SafeConstructor())
    except _UniqueKeyError as error:
        raise ProblemError(
            [
                Problem(
                    path,
                    error.line,
                    f"la clé « {error.key} » apparaît deux fois (d'abord ligne {error.first_line})",
                    "gardez-en une seule",
                )
            ]
        ) from None
    except _BadValueError as error:
        raise ProblemError(
            [
                Problem(
                    path,
                    error.line + line_offset,
                    f"la valeur « {error.value} » ne peut pas être lue",
                    "écrivez une date AAAA-MM-JJ avec un vrai jour, ou mettez la valeur entre guillemets",
                )
            ]
        ) from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        raise ProblemError(
            [
                Problem(
                    path,
                    mark.line + 1 + line_offset if mark else None,
                    f"YAML cassé ({error.problem})",
                )
            ]
        ) from None
    return YamlDocument(data, path, lines)


def _compose(text: str, loader_class: type[yaml.SafeLoader]) -> yaml.Node | None:
    loader = loader_class(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


def _yaml_hint(what: str) -> str:
    if "mapping values are not allowed" in what:
        return (
            "mettez entre guillemets un texte qui contient « : » (deux-points suivi d'une espace)"
        )
    if "found character '\\t'" in what or "tab" in what:
        return "indentez avec des espaces, pas des tabulations"
    if "could not find expected ':'" in what:
        return "chaque ligne est « clé: valeur » ; cherchez un deux-points manquant sur la ligne du dessus"
    return "vérifiez l'indentation et les guillemets de cette ligne et de celle du dessus"


@dataclass
class FrontMatter:
    """The YAML block at the top of a Markdown file, and the Markdown after it."""

    document: YamlDocument
    body: str
    body_line: int


_FENCE = re.compile(r"\A---[ \t]*\r?\n(.*?)^(?:---|\.\.\.)[ \t]*\r?$\n?", re.S | re.M)


def split_front_matter(text: str, path: Path) -> FrontMatter:
    """Split a Markdown file into its front matter (lines counted from the file's top) and body.

    Raises
    ------
    ProblemError
        When the file has no front matter, or it is not closed, or it is broken YAML.
    """
    if not text.startswith("---"):
        raise ProblemError(
            [
                Problem(
                    path,
                    1,
                    "le fichier n'a pas d'en-tête YAML",
                    "commencez-le par une ligne « --- », les clés YAML, puis « --- »",
                )
            ]
        )
    match = _FENCE.match(text)
    if match is None:
        raise ProblemError(
            [
                Problem(
                    path,
                    1,
                    "l'en-tête YAML n'est pas fermé",
                    "terminez le bloc YAML par une ligne qui ne contient que « --- »",
                )
            ]
        )
    document = load_yaml(match.group(1), path, line_offset=1)
    body_line = text.count("\n", 0, match.end()) + 1
    return FrontMatter(document, text[match.end() :], body_line)
