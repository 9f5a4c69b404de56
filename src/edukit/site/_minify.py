"""Minified scripts and stylesheets in a built site (not in ``edukit serve --live``).

The site's own scripts and stylesheets (``assets/edukit/``, ``assets/edukit-site/``, the search
worker) ship as written, with their comments: a learner on a weak connection pays for every
byte. :func:`minify_site` rewrites them after the build, each file atomically.

- Scripts go through ``rjsmin`` (comments and needless whitespace out; a line break that
  automatic semicolon insertion may need stays). ``rjsmin`` handles template literals only
  unnested: whitespace inside a template nested in another one's ``${…}`` would be lost. So
  every outermost template literal is set aside before ``rjsmin`` and put back as written
  (:func:`template_spans` finds them, with strings, comments and regular expressions skipped).
- Stylesheets go through ``rcssmin``.

Inline scripts are left alone: the content security policy hashes them (:mod:`._csp`).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import rcssmin  # type: ignore[import-untyped]
import rjsmin  # type: ignore[import-untyped]

__all__ = ["MINIFIED", "Minified", "minify_css", "minify_js", "minify_site", "template_spans"]

MINIFIED = ("assets/edukit", "assets/edukit-site", "assets/javascripts/workers/edukit-*.js")
"""What :func:`minify_site` rewrites in a site: two folders (recursively) and a glob."""

_REGEX_AFTER = frozenset("(,=:[!&|?{};+-*%<>~^")
"""Characters after which a ``/`` starts a regular expression, not a division."""
_REGEX_KEYWORDS = frozenset(
    [
        "return",
        "typeof",
        "instanceof",
        "in",
        "of",
        "new",
        "delete",
        "void",
        "throw",
        "case",
        "do",
        "else",
        "yield",
        "await",
    ]
)
_WORD = re.compile(r"[\w$]+")


class _Scan:
    """A left-to-right reading of JavaScript that knows strings, comments, regular expressions
    and template literals (with their ``${…}`` substitutions, nested to any depth)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.spans: list[tuple[int, int]] = []

    def code(self, start: int, *, substitution: bool) -> int:
        """Read code from ``start``; in a substitution, up to and past its closing ``}``."""
        text, i, depth = self.text, start, 0
        last = ""  # the last significant character, or word, before ``i``
        while i < len(text):
            char = text[i]
            if char in " \t\r\n\f\v":
                i += 1
                continue
            pair = text[i : i + 2]
            if pair == "//":
                end = text.find("\n", i)
                i = len(text) if end < 0 else end
                continue
            if pair == "/*":
                end = text.find("*/", i + 2)
                i = len(text) if end < 0 else end + 2
                continue
            if char in "'\"":
                i = self._string(i)
            elif char == "`":
                end = self.template(i)
                if not substitution and depth >= 0:
                    self.spans.append((i, end))
                i = end
            elif char == "/" and (not last or last in _REGEX_AFTER or last in _REGEX_KEYWORDS):
                i = self._regex(i)
            elif char == "{":
                depth += 1
                i += 1
            elif char == "}":
                if substitution and depth == 0:
                    return i + 1
                depth -= 1
                i += 1
            else:
                word = _WORD.match(text, i)
                if word:
                    last = word.group(0)
                    i = word.end()
                    continue
                i += 1
            last = char if char not in "'\"`/" else "a"  # a string or regex ends a value
        return i

    def template(self, start: int) -> int:
        """Index just past the template literal opening at ``start``."""
        text, i = self.text, start + 1
        while i < len(text):
            char = text[i]
            if char == "\\":
                i += 2
            elif char == "`":
                return i + 1
            elif text.startswith("${", i):
                i = self.code(i + 2, substitution=True)
            else:
                i += 1
        return i

    def _string(self, start: int) -> int:
        text, quote, i = self.text, self.text[start], start + 1
        while i < len(text) and text[i] not in (quote, "\n"):
            i += 2 if text[i] == "\\" else 1
        return i + 1

    def _regex(self, start: int) -> int:
        text, i, in_class = self.text, start + 1, False
        while i < len(text) and text[i] != "\n":
            char = text[i]
            if char == "\\":
                i += 2
                continue
            if char == "[":
                in_class = True
            elif char == "]":
                in_class = False
            elif char == "/" and not in_class:
                i += 1
                break
            i += 1
        word = _WORD.match(text, i)  # flags
        return word.end() if word else i


def template_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each outermost template literal of the script ``text``.

    Examples
    --------
    >>> code = "const a = `x ${f(`y ${z}`)}`; // `not one`\\nconst b = '`' + `w`;"
    >>> [code[start:end] for start, end in template_spans(code)]
    ['`x ${f(`y ${z}`)}`', '`w`']
    """
    scan = _Scan(text)
    scan.code(0, substitution=False)
    return scan.spans


def minify_js(text: str) -> str:
    """``text`` without comments and needless whitespace; template literals as written. A
    first line that is a ``//`` comment stays: it names the file (``// edukit widget 'quiz'``).

    Examples
    --------
    >>> minify_js("const label = `a ${`b  c`}` ; // note\\nexport { label };\\n")
    'const label=`a ${`b  c`}`;export{label};'
    >>> print(minify_js("// edukit widget 'probe'\\n// more\\nexport const a = 1;\\n"))
    // edukit widget 'probe'
    export const a=1;
    """
    if text.startswith("//"):
        first, _, rest = text.partition("\n")
        return first.rstrip() + "\n" + _minify_code(rest)
    return _minify_code(text)


def _minify_code(text: str) -> str:
    spans = template_spans(text)
    if not spans:
        return str(rjsmin.jsmin(text))
    marker = "edukitTemplate"
    while marker in text:
        marker += "_"
    parts: list[str] = []
    kept: dict[str, str] = {}
    position = 0
    for number, (start, end) in enumerate(spans):
        name = f"{marker}{number}x"
        kept[name] = text[start:end]
        parts += [text[position:start], f" {name} "]
        position = end
    parts.append(text[position:])
    small = str(rjsmin.jsmin("".join(parts)))
    return re.sub(rf"{marker}\d+x", lambda match: kept[match.group(0)], small)


def minify_css(text: str) -> str:
    """``text`` without comments and needless whitespace.

    Examples
    --------
    >>> minify_css(".a  {  color : red ; } /* note */")
    '.a{color:red}'
    """
    return str(rcssmin.cssmin(text))


@dataclass
class Minified:
    """What :func:`minify_site` did: files rewritten, bytes before and after."""

    files: int = 0
    before: int = 0
    after: int = 0


def _targets(site: Path) -> Iterable[Path]:
    for pattern in MINIFIED:
        if "*" in pattern:
            yield from sorted(site.glob(pattern))
            continue
        folder = site / pattern
        if folder.is_dir():
            yield from sorted(path for path in folder.rglob("*") if path.is_file())


def minify_site(site: Path) -> Minified:
    """Minify the site's own scripts (``.js``, ``.mjs``) and stylesheets (``.css``) in place,
    each through a temporary file replaced atomically."""
    done = Minified()
    for path in _targets(site):
        if path.suffix in (".js", ".mjs"):
            minify = minify_js
        elif path.suffix == ".css":
            minify = minify_css
        else:
            continue
        text = path.read_text(encoding="utf-8")
        small = minify(text)
        temporary = path.with_name(f".{path.name}.tmp")
        temporary.write_text(small, encoding="utf-8")
        os.replace(temporary, path)
        done.files += 1
        done.before += len(text.encode())
        done.after += len(small.encode())
    return done
