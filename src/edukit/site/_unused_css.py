"""Material's stylesheets without the rules this site never uses (not in ``edukit serve --live``).

Material ships one stylesheet for every feature it has (admonition types with their icons,
annotations, grids, cards, blog, tags, diagrams…); a learner on a weak connection pays for all
of it on the first page. :func:`prune_site` rewrites ``assets/stylesheets/main.*.min.css`` and
``palette.*.min.css`` after the build, with these rules:

- **Used words** are the tokens ``[A-Za-z0-9_-]+`` of every ``*.html``, ``*.js`` and ``*.mjs``
  of the site (PurgeCSS's default extractor), so a class a script adds is used as soon as its
  name is written in it. A script that builds a name (``"md-typeset__" + x``,
  `` `md-tag--${name}` ``) writes a *prefix*: a word ending in ``-`` or ``__`` right before a
  quote or a ``${`` makes every name that starts with it used.
- **Selectors.** A selector stays when every class and id it names is used; what sits inside a
  function (``:not(.x)``, ``:is()``, ``:where()``, ``:has()``…) is not required. A selector
  naming no class nor id stays. A rule keeps only its selectors that stay, and goes without one.
- **At-rules.** ``@media``, ``@supports``, ``@layer`` and ``@container`` blocks are pruned
  inside and go when empty; ``@keyframes`` stay when their name is in a kept declaration or a
  used word; every other at-rule (``@charset``, ``@font-face``, ``@import``, ``@page``…) stays.
- **Custom properties.** A declaration ``--x: …`` goes when no kept declaration reads
  ``var(--x)`` (nor another stylesheet of the site) and ``--x`` is not a used word (a script or
  a ``style`` attribute may read or set it); repeated until nothing more goes, since a dropped
  declaration may have been the only reader of another property.

The result is serialized compactly (``tinycss2``, then ``rcssmin``) under a new name with its
own content hash (``main.<sha256[:8]>.min.css``); every page's link is rewritten, each file
atomically, and the old stylesheet (with its source map) removed. A stylesheet that does not
parse cleanly is left as it is, with a warning: the site never breaks for a smaller file.
"""

from __future__ import annotations

import gzip
import hashlib
import logging
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import rcssmin  # type: ignore[import-untyped]
import tinycss2  # type: ignore[import-untyped]

__all__ = [
    "PRUNED",
    "CssParseError",
    "PrunedFile",
    "PrunedSite",
    "Usage",
    "prune_css",
    "prune_site",
]

log = logging.getLogger("mkdocs.plugins.edukit")

PRUNED = ("assets/stylesheets/main.*.min.css", "assets/stylesheets/palette.*.min.css")
"""Material's stylesheets that :func:`prune_site` rewrites (globs in the site folder)."""

RECURSED = frozenset({"media", "supports", "layer", "container"})
"""At-rules whose block holds rules, pruned like the stylesheet itself."""

_WORD = re.compile(r"[A-Za-z0-9_-]+")
_PREFIX = re.compile(r"(?<![A-Za-z0-9_-])(_*[A-Za-z][A-Za-z0-9_-]*?(?:-|__))(?=[\"'`]|\$\{)")
"""A name a script completes at run time: ``"md-typeset__"+x``, `` `md-tag--${name}` ``."""
_HASHED = re.compile(r"^(?P<stem>[^.]+)\.[0-9a-f]+\.min\.css$")


class CssParseError(ValueError):
    """A stylesheet that tinycss2 does not read cleanly; it must stay as it is."""


@dataclass(frozen=True)
class Usage:
    """What a site uses: its words, and the prefixes its scripts complete at run time."""

    words: frozenset[str] = frozenset()
    prefixes: tuple[str, ...] = ()
    references: frozenset[str] = frozenset()
    """Custom properties read (``var(--x)``) by the site's other stylesheets."""

    @classmethod
    def of(
        cls, texts: Iterable[str], *, scripts: Iterable[str] = (), stylesheets: Iterable[str] = ()
    ) -> Usage:
        """The usage of pages ``texts``, ``scripts`` and other ``stylesheets``.

        Examples
        --------
        >>> usage = Usage.of(['<p class="md-typeset">'], scripts=['c = "md-tag--" + k'])
        >>> usage.uses("md-typeset"), usage.uses("md-tag--cat"), usage.uses("md-tag")
        (True, True, False)
        """
        words: set[str] = set()
        prefixes: set[str] = set()
        for text in texts:
            words.update(_WORD.findall(text))
        for text in scripts:
            words.update(_WORD.findall(text))
            prefixes.update(_PREFIX.findall(text))
        references: set[str] = set()
        for text in stylesheets:
            references.update(_variables(tinycss2.parse_component_value_list(text)))
        return cls(frozenset(words), tuple(sorted(prefixes)), frozenset(references))

    def uses(self, name: str) -> bool:
        """Whether a class or id ``name`` may appear in the site.

        A name with a character no word holds (an escaped ``.md\\:x``) always may: the words
        cannot tell, and keeping a rule is the safe side.
        """
        if name in self.words or _WORD.fullmatch(name) is None:
            return True
        return name.startswith(self.prefixes)


# -- the stylesheet as kept rules -----------------------------------------------------------


@dataclass
class _Rule:
    """A style rule: the selectors kept and the declarations (custom properties pruned later)."""

    selectors: list[str]
    declarations: list[Any]


@dataclass
class _Block:
    """An at-rule whose block holds rules (``@media``…)."""

    head: str
    children: list[_Rule | _Block | _Verbatim] = field(default_factory=list)


@dataclass
class _Verbatim:
    """An at-rule kept as written; ``keyframes`` names one that may still go."""

    text: str
    tokens: list[Any]
    keyframes: str | None = None


_Node = _Rule | _Block | _Verbatim


def _check(nodes: Iterable[Any], where: str) -> None:
    for node in nodes:
        if node.type == "error":
            raise CssParseError(f"{where}: {node.message}")


def _selectors(prelude: list[Any]) -> list[list[Any]]:
    """The selectors of a rule's prelude, split at its top-level commas."""
    selectors: list[list[Any]] = [[]]
    for token in prelude:
        if token.type == "literal" and token.value == ",":
            selectors.append([])
        else:
            selectors[-1].append(token)
    return selectors


def _names(selector: list[Any]) -> Iterator[str]:
    """Classes and ids a selector requires (functions such as ``:not()`` are not read)."""
    previous = None
    for token in selector:
        if token.type == "ident" and previous is not None and previous.type == "literal":
            if previous.value == ".":
                yield token.value
        elif token.type == "hash":
            yield token.value
        previous = token


def _rule(rule: Any, usage: Usage) -> _Rule | None:
    declarations = tinycss2.parse_blocks_contents(
        rule.content, skip_comments=True, skip_whitespace=True
    )
    _check(declarations, tinycss2.serialize(rule.prelude).strip())
    if any(item.type != "declaration" for item in declarations):
        raise CssParseError(f"{tinycss2.serialize(rule.prelude).strip()}: a rule in a rule")
    kept = [
        tinycss2.serialize(selector).strip()
        for selector in _selectors(rule.prelude)
        if all(usage.uses(name) for name in _names(selector))
    ]
    return _Rule(kept, declarations) if kept else None


def _nodes(rules: Iterable[Any], usage: Usage) -> list[_Node]:
    """The rules of ``rules`` with their unused selectors dropped, at-rules recursed."""
    nodes: list[_Node] = []
    for rule in rules:
        if rule.type == "error":
            raise CssParseError(rule.message)
        if rule.type == "qualified-rule":
            kept = _rule(rule, usage)
            if kept is not None:
                nodes.append(kept)
        elif rule.lower_at_keyword in RECURSED and rule.content is not None:
            inner = tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True)
            head = f"@{rule.at_keyword}{tinycss2.serialize(rule.prelude)}"
            nodes.append(_Block(head, _nodes(inner, usage)))
        else:
            keyframes = None
            if rule.lower_at_keyword.endswith("keyframes"):  # also -webkit-keyframes
                names = [token.value for token in rule.prelude if token.type in ("ident", "string")]
                keyframes = names[0] if names else None
            tokens = list(rule.prelude) + list(rule.content or [])
            nodes.append(_Verbatim(rule.serialize(), tokens, keyframes))
    return nodes


# -- custom properties and keyframes ----------------------------------------------------------


def _walk(tokens: Iterable[Any]) -> Iterator[Any]:
    for token in tokens:
        yield token
        if token.type in ("function", "() block", "[] block", "{} block"):
            yield from _walk(token.arguments if token.type == "function" else token.content)


def _variables(tokens: Iterable[Any]) -> Iterator[str]:
    """Custom properties read with ``var(--x …)`` in ``tokens``, at any depth."""
    for token in _walk(tokens):
        if token.type == "function" and token.lower_name == "var":
            first = [item for item in token.arguments if item.type != "whitespace"][:1]
            if first and first[0].type == "ident" and first[0].value.startswith("--"):
                yield first[0].value


def _idents(tokens: Iterable[Any]) -> Iterator[str]:
    for token in _walk(tokens):
        if token.type in ("ident", "string"):
            yield token.value


def _rules(nodes: list[_Node]) -> Iterator[_Rule]:
    for node in nodes:
        if isinstance(node, _Rule):
            yield node
        elif isinstance(node, _Block):
            yield from _rules(node.children)


def _verbatim(nodes: list[_Node]) -> Iterator[_Verbatim]:
    for node in nodes:
        if isinstance(node, _Verbatim):
            yield node
        elif isinstance(node, _Block):
            yield from _verbatim(node.children)


def _custom(declaration: Any) -> bool:
    return bool(declaration.name.startswith("--"))


def _prune_properties(nodes: list[_Node], usage: Usage) -> None:
    """Drop the declarations of custom properties nothing reads, until none more goes."""
    rules = list(_rules(nodes))
    fixed: set[str] = set(usage.references)
    for declaration in (item for rule in rules for item in rule.declarations):
        if not _custom(declaration):
            fixed.update(_variables(declaration.value))
    for node in _verbatim(nodes):
        fixed.update(_variables(node.tokens))
    while True:
        read = set(fixed)
        for rule in rules:
            for declaration in rule.declarations:
                if _custom(declaration):
                    read.update(_variables(declaration.value))
        dropped = 0
        for rule in rules:
            kept = [
                item
                for item in rule.declarations
                if not _custom(item) or item.name in read or item.name in usage.words
            ]
            dropped += len(rule.declarations) - len(kept)
            rule.declarations = kept
        if not dropped:
            return


def _keyframe_names(nodes: list[_Node], usage: Usage) -> set[str]:
    """Names that keep a ``@keyframes``: used words and idents of kept declarations."""
    named = set(usage.words)
    for rule in _rules(nodes):
        for declaration in rule.declarations:
            named.update(_idents(declaration.value))
    return named


def _without(nodes: list[_Node], named: set[str]) -> list[_Node]:
    """``nodes`` without unnamed keyframes, empty rules and empty blocks."""
    kept: list[_Node] = []
    for node in nodes:
        if isinstance(node, _Rule):
            if node.declarations:
                kept.append(node)
        elif isinstance(node, _Block):
            node.children = _without(node.children, named)
            if node.children:
                kept.append(node)
        elif node.keyframes is None or node.keyframes in named:
            kept.append(node)
    return kept


def _serialize(nodes: list[_Node]) -> str:
    parts: list[str] = []
    for node in nodes:
        if isinstance(node, _Rule):
            body = ";".join(declaration.serialize() for declaration in node.declarations)
            parts.append(f"{','.join(node.selectors)}{{{body}}}")
        elif isinstance(node, _Block):
            parts.append(f"{node.head}{{{_serialize(node.children)}}}")
        else:
            parts.append(node.text)
    return "".join(parts)


def _parse_css(text: str, usage: Usage) -> list[_Node]:
    """``text`` as rules whose selectors ``usage`` needs (the first step of :func:`prune_css`).

    Raises
    ------
    CssParseError
        When tinycss2 reports an error anywhere in ``text``.
    """
    return _nodes(tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True), usage)


def _prune_together(stylesheets: list[list[_Node]], usage: Usage) -> list[str]:
    """Stylesheets from :func:`_parse_css`, pruned together and minified: a custom property
    that one declares and another reads stays (Material's palette sets ``--md-hue``, which its
    main stylesheet reads)."""
    everything = [node for nodes in stylesheets for node in nodes]
    _prune_properties(everything, usage)
    named = _keyframe_names(everything, usage)
    return [str(rcssmin.cssmin(_serialize(_without(nodes, named)))) for nodes in stylesheets]


def prune_css(text: str, usage: Usage) -> str:
    """``text`` without the rules, selectors, custom properties and keyframes ``usage`` never
    needs, minified.

    Raises
    ------
    CssParseError
        When tinycss2 reports an error anywhere in ``text``.

    Examples
    --------
    >>> usage = Usage.of(['<div class="card">'])
    >>> prune_css(".card, .blog { color: var(--ink) } .blog { margin: 0 } :root { --ink: red; "
    ...           "--paper: white }", usage)
    '.card{color:var(--ink)}:root{--ink:red}'
    """
    return _prune_together([_parse_css(text, usage)], usage)[0]


# -- the site ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class PrunedFile:
    """One stylesheet rewritten: its names and sizes (bytes, and gzip bytes at level 6)."""

    before: str
    after: str
    size_before: int
    size_after: int
    gzip_before: int
    gzip_after: int


@dataclass
class PrunedSite:
    """What :func:`prune_site` did: the stylesheets rewritten and those left as they were."""

    files: list[PrunedFile] = field(default_factory=list)
    untouched: list[str] = field(default_factory=list)
    pages: int = 0
    """Pages whose links were rewritten."""


def _write(path: Path, text: str) -> None:
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def _site_usage(site: Path, targets: list[Path]) -> tuple[Usage, list[Path]]:
    pages = sorted(site.rglob("*.html"))
    scripts = sorted(path for suffix in ("*.js", "*.mjs") for path in site.rglob(suffix))
    others = sorted(path for path in site.rglob("*.css") if path not in targets)

    def read(paths: list[Path]) -> Iterator[str]:
        for path in paths:
            yield path.read_text(encoding="utf-8", errors="replace")

    usage = Usage.of(read(pages), scripts=read(scripts), stylesheets=read(others))
    return usage, pages


def _relink(pages: list[Path], renames: dict[str, str]) -> int:
    """Point every page's links at the renamed stylesheets; return how many pages changed."""
    changed = 0
    for page in pages:
        text = new = page.read_text(encoding="utf-8")
        for old, name in renames.items():
            new = new.replace(old, name)
        if new != text:
            _write(page, new)
            changed += 1
    return changed


def _gzip_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def _parse_file(path: Path, usage: Usage) -> tuple[str, list[_Node]] | None:
    try:
        text = path.read_text(encoding="utf-8")
        return text, _parse_css(text, usage)
    except ValueError as error:  # CssParseError, or bytes that are not UTF-8
        log.warning("edukit: %s left as it is, it does not parse cleanly (%s)", path.name, error)
        return None


def _rename(path: Path, text: str, small: str) -> PrunedFile:
    """Write ``small`` (the pruned ``text`` of ``path``) under its content-hashed name."""
    match = _HASHED.match(path.name)
    stem = match.group("stem") if match else path.name.split(".", 1)[0]
    target = path.with_name(f"{stem}.{hashlib.sha256(small.encode()).hexdigest()[:8]}.min.css")
    if target != path:
        _write(target, small)
    return PrunedFile(
        before=path.name,
        after=target.name,
        size_before=len(text.encode()),
        size_after=len(small.encode()),
        gzip_before=_gzip_size(text.encode()),
        gzip_after=_gzip_size(small.encode()),
    )


def prune_site(site_dir: Path) -> PrunedSite:
    """Prune Material's stylesheets of the built site ``site_dir`` (see the module's rules).

    The stylesheets are pruned together (one may read a custom property another declares);
    one that does not parse stays as it is, and every custom property it reads stays. Each new
    stylesheet is written before any page links to it, and the old one removed once no page
    does. Running it again is harmless: a pruned stylesheet prunes to itself and keeps its name.
    """
    site = Path(site_dir)
    targets = sorted(path for pattern in PRUNED for path in site.glob(pattern))
    done = PrunedSite()
    if not targets:
        return done
    usage, pages = _site_usage(site, targets)
    parsed: dict[Path, tuple[str, list[_Node]]] = {}
    for path in targets:
        result = _parse_file(path, usage)
        if result is None:
            done.untouched.append(path.name)
            kept = path.read_text(encoding="utf-8", errors="replace")
            read = _variables(tinycss2.parse_component_value_list(kept))
            usage = replace(usage, references=usage.references | frozenset(read))
        else:
            parsed[path] = result
    smalls = _prune_together([nodes for _, nodes in parsed.values()], usage)
    renamed: dict[Path, Path] = {}
    for (path, (text, _)), small in zip(parsed.items(), smalls, strict=True):
        done.files.append(_rename(path, text, small))
        if done.files[-1].after != path.name:
            renamed[path] = path.with_name(done.files[-1].after)
    # links name the file with its folder ("stylesheets/main.….min.css"): no other file matches
    links = {
        f"{old.parent.name}/{old.name}": f"{new.parent.name}/{new.name}"
        for old, new in renamed.items()
    }
    done.pages = _relink(pages, links)
    for old in renamed:
        old.unlink()
        old.with_name(old.name + ".map").unlink(missing_ok=True)  # it maps the old file
    return done
