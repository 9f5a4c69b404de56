"""Link a widget's ES module and the shared helpers it imports into one self-contained module.

anywidget loads ``_esm`` from a string (a Blob URL in JupyterLab), where relative imports
cannot resolve; the static host of the site imports the very same text from a shipped file.
:func:`link_module` links a plain module the same way (the site's host: one request instead of
one per module); its own exports stay the linked module's exports.
Helpers are plain ES modules (importable in node for the JS tests) written in a small subset:
``export function``/``export const`` declarations, named imports and re-exports
(``import { a } from "./x.js"``, ``export { a } from "./sub/x.js"``). Paths are relative to the
importing file and stay inside the static folder; a link may lay several folders over each
other (its search path: an import takes the file from the first folder that has it), except
that the package's own helpers only import each other. Each helper is wrapped in its own function
scope, so their private names never collide. With ``EDUKIT_DEV=1`` the bundle ends with an
inline source map, so that a browser's developer tools show the original files and lines.
"""

from __future__ import annotations

import base64
import json
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["DEV_ENV", "BundleError", "bundle_css", "bundle_esm", "link_module"]

STATIC = Path(__file__).parent / "static"
DEV_ENV = "EDUKIT_DEV"
"""Set to ``1`` to append an inline source map to every linked widget module."""

_SPEC = r"[\"'](?P<spec>\.{1,2}/[\w./-]+\.js)[\"']"
_IMPORT = re.compile(r"^import\s*\{(?P<names>[^}]*)\}\s*from\s*" + _SPEC + r";?[ \t]*$", re.M)
_REEXPORT = re.compile(r"^export\s*\{(?P<names>[^}]*)\}\s*from\s*" + _SPEC + r";?[ \t]*$", re.M)
_ANY_IMPORT = re.compile(r"^\s*import\b(?!\s*\()", re.M)
_EXPORT = re.compile(
    r"^export\s+(?:async\s+function\*?|function\*?|const|let|var|class)\s+(?P<name>[A-Za-z_$][\w$]*)",
    re.M,
)
_EXPORT_DEFAULT = re.compile(r"^export\s+default\s+", re.M)
_OTHER_EXPORT = re.compile(r"^export\s*(?:\{|\*)", re.M)
_REEXPORTED = "__edukit_reexport_"
_Linker = Callable[[bool], tuple[str, set[Path]]]
"""Links a module (with a source map when given ``True``): the code and the files read."""
_VLQ_DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"


class BundleError(ValueError):
    """A widget module uses a form of import or export the linker does not handle."""


@dataclass
class _Link:
    """One bundle being linked: modules emitted so far, as chunks of generated text.

    ``folders`` is the search path (resolved folders, first wins). A chunk is
    ``(text, source)``: ``source`` is the module id whose lines the text holds one for one (a
    module's body), or ``None`` for the linker's own wrapper lines.
    """

    folders: tuple[Path, ...]
    chunks: list[tuple[str, str | None]] = field(default_factory=list)
    seen: set[Path] = field(default_factory=set)
    namespaces: dict[str, str] = field(default_factory=dict)
    contents: dict[str, str] = field(default_factory=dict)

    def module_id(self, path: Path) -> str:
        """The module's path relative to its folder (POSIX form), its name in maps."""
        resolved = path.resolve()
        base = self.folder_of(resolved)
        return resolved.relative_to(base).as_posix() if base else resolved.name

    def folder_of(self, path: Path) -> Path | None:
        """The first folder of the search path (or the package's static folder) holding it."""
        resolved = path.resolve()
        return next(
            (base for base in (*self.folders, STATIC.resolve()) if resolved.is_relative_to(base)),
            None,
        )

    def namespace(self, module: str) -> str:
        name = "__edukit_" + re.sub(r"\W", "_", module.removesuffix(".js").replace("/", "__"))
        other = self.namespaces.setdefault(name, module)
        if other != module:
            raise BundleError(
                f"{module} and {other} would share the bundle name {name}; rename one"
            )
        return name


def _line_of(source: str, index: int) -> int:
    return source[:index].count("\n") + 1


def _resolve(link: _Link, importer: Path, spec: str, line: int) -> Path:
    """The file ``spec`` names, relative to ``importer``, kept inside the importer's folder.

    The path is looked up in the folders of the search path, first wins: a widget outside the
    package (a test's, an example's) links against its own folder laid over the package's
    static folder; the site's host against the package's static folder laid over the site's.
    The package's own helpers only import each other.
    """
    static = STATIC.resolve()
    base = link.folder_of(importer) or importer.resolve().parent
    target = (importer.parent / spec).resolve()
    if not target.is_relative_to(base):
        raise BundleError(
            f'{link.module_id(importer)}:{line}: "{spec}" leads outside {base}; '
            "a widget module may only import modules of its static folder"
        )
    relative = target.relative_to(base)
    search = (static,) if base == static else link.folders
    return next((found for found in (b / relative for b in search) if found.is_file()), target)


def _bindings(names: str) -> list[tuple[str, str]]:
    """``a, b as c`` -> ``[("a", "a"), ("b", "c")]`` (imported name, local name)."""
    pairs = []
    for part in names.split(","):
        original, _, alias = part.strip().partition(" as ")
        if original.strip():
            pairs.append((original.strip(), (alias or original).strip()))
    return pairs


def _destructure(pairs: list[tuple[str, str]], namespace: str) -> str:
    inner = ", ".join(f"{a}: {b}" if a != b else a for a, b in pairs)
    return f"const {{ {inner} }} = {namespace};"


def _exported(local: str) -> str:
    return local.removeprefix(_REEXPORTED)


def _rewrite_links(source: str, path: Path, link: _Link, exported: list[str]) -> str:
    """Imports and re-exports become bindings to the linked modules' namespaces.

    A replacement keeps the line count of what it replaces (a source map maps line to line).
    ``exported`` receives the local names of what is re-exported (:func:`_export_list`).
    """

    def target(match: re.Match[str]) -> str:
        module = _collect(
            _resolve(link, path, match["spec"], _line_of(source, match.start())), link
        )
        return link.namespace(module)

    def replace_import(match: re.Match[str]) -> str:
        code = _destructure(_bindings(match["names"]), target(match))
        return code + "\n" * match[0].count("\n")

    def replace_reexport(match: re.Match[str]) -> str:
        # Like `export { a } from`, no local binding `a`: the module may import `a` itself.
        pairs = [(original, _REEXPORTED + name) for original, name in _bindings(match["names"])]
        exported.extend(local for _, local in pairs)
        code = _destructure(pairs, target(match))
        return code + "\n" * match[0].count("\n")

    rewritten = _REEXPORT.sub(replace_reexport, _IMPORT.sub(replace_import, source))
    found = _ANY_IMPORT.search(rewritten)
    if found:
        raise BundleError(
            f"{link.module_id(path)}:{_line_of(rewritten, found.start())}: only "
            '`import { a, b } from "./helper.js"` can be linked'
        )
    return rewritten


def _collect(path: Path, link: _Link) -> str:
    """Emit the helper at ``path`` (after the helpers it imports); return its module id."""
    module = link.module_id(path)
    if path.resolve() in link.seen:
        return module
    link.seen.add(path.resolve())
    if not path.is_file():
        raise BundleError(f"imported module {module} is not in {path.parent}")
    source = path.read_text(encoding="utf-8")
    link.contents[module] = source
    reexported: list[str] = []
    body = _rewrite_links(source, path, link, reexported)
    if _EXPORT_DEFAULT.search(body) or _OTHER_EXPORT.search(body):
        raise BundleError(
            f"{module}: a helper module may only use `export function` / `export const` "
            "and `export { a } from`"
        )
    names = _EXPORT.findall(source) + [f"{_exported(local)}: {local}" for local in reexported]
    body = re.sub(r"^export\s+", "", body, flags=re.M)
    namespace = link.namespace(module)
    link.chunks.append((f"// --- {module}\nconst {namespace} = (() => {{\n", None))
    link.chunks.append((f"{body}\n", module))
    link.chunks.append((f"return {{ {', '.join(names)} }};\n}})();\n", None))
    return module


def _vlq(value: int) -> str:
    number = (-value << 1) | 1 if value < 0 else value << 1
    digits = ""
    while True:
        digit, number = number & 31, number >> 5
        digits += _VLQ_DIGITS[digit | (32 if number else 0)]
        if not number:
            return digits


def _source_map(link: _Link, file: str) -> str:
    """A v3 source map of the chunks: each module line maps to its own line, column 0."""
    sources = list(link.contents)
    lines: list[str] = []
    previous_source = previous_line = 0
    for text, module in link.chunks:
        count = text.count("\n")
        if module is None:
            lines.extend([""] * count)
            continue
        index = sources.index(module)
        for line in range(count):
            segment = [0, index - previous_source, line - previous_line, 0]
            lines.append("".join(_vlq(value) for value in segment))
            previous_source, previous_line = index, line
    data = {
        "version": 3,
        "file": file,
        "sources": sources,
        "sourcesContent": [link.contents[module] for module in sources],
        "names": [],
        "mappings": ";".join(lines),
    }
    encoded = base64.b64encode(json.dumps(data).encode("utf-8")).decode("ascii")
    return f"//# sourceMappingURL=data:application/json;charset=utf-8;base64,{encoded}\n"


def _start(path: Path, folders: tuple[Path, ...], header: str) -> tuple[_Link, str, str]:
    """A link whose first chunk is ``header``, with ``path`` as its entry: (link, id, source)."""
    link = _Link(folders=tuple(folder.resolve() for folder in folders))
    if link.folder_of(path) is None:
        raise BundleError(f"{path} is in none of the folders it is linked from: {folders}")
    source = path.read_text(encoding="utf-8")
    module = link.module_id(path)
    link.seen.add(path.resolve())
    link.contents[module] = source
    link.chunks.append((header, None))
    return link, module, source


def _finish(link: _Link, module: str, body: str, tail: str, file: str | None) -> str:
    """The linked module: what is linked so far, the entry's ``body``, then ``tail``.

    With ``file``, an inline source map (named ``file``) ends it.
    """
    link.chunks.append((f"// --- {module}\n", None))
    link.chunks.append((f"{body}\n", module))
    link.chunks.append((tail, None))
    code = "".join(text for text, _ in link.chunks)
    return code + _source_map(link, file) if file else code


def _reexports(reexported: list[str]) -> str:
    """The entry's ``export { a } from`` lines, as exports of the linked module."""
    if not reexported:
        return ""
    aliases = ", ".join(f"{local} as {_exported(local)}" for local in reexported)
    return f"export {{ {aliases} }};\n"


def _default_folders(path: Path) -> tuple[Path, ...]:
    """A module of the package links in its static folder, any other one in its own folder
    laid over the package's."""
    inside = path.resolve().is_relative_to(STATIC.resolve())
    return (STATIC,) if inside else (path.parent, STATIC)


def _link_widget(path: Path, name: str, dev: bool) -> tuple[str, set[Path]]:
    """The linked module and the files it was linked from."""
    header = (
        f"// edukit widget {name!r}: {path.name} linked with its helpers (edukit.widgets._bundle)\n"
    )
    link, module, source = _start(path, _default_folders(path), header)
    if len(_EXPORT_DEFAULT.findall(source)) != 1:
        raise BundleError(f"{path.name}: a widget module needs exactly one `export default`")
    _collect(STATIC / "runtime.js", link)
    reexported: list[str] = []
    body = _rewrite_links(source, path, link, reexported)
    body = _EXPORT_DEFAULT.sub("const __edukit_widget = ", body)
    tail = f"export default __edukit_runtime.defineWidget({name!r}, __edukit_widget);\n"
    code = _finish(link, module, body, _reexports(reexported) + tail, f"{name}.js" if dev else None)
    return code, set(link.seen)


def _link_plain(path: Path, folders: tuple[Path, ...], dev: bool) -> tuple[str, set[Path]]:
    """The linked plain module and the files it was linked from."""
    header = f"// edukit module {path.name} linked with its imports (edukit.widgets._bundle)\n"
    link, module, source = _start(path, folders, header)
    reexported: list[str] = []
    body = _rewrite_links(source, path, link, reexported)
    found = _EXPORT_DEFAULT.search(body) or _OTHER_EXPORT.search(body)
    if found:
        raise BundleError(
            f"{module}:{_line_of(body, found.start())}: a linked module may only use "
            "`export function` / `export const` (…) and `export { a } from`"
        )
    code = _finish(link, module, body, _reexports(reexported), path.name if dev else None)
    return code, set(link.seen)


def _mtime(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return -1


# (entry, widget name or None for a plain module, search path, dev) -> (modification time of
# each file linked, linked module). A widget class links once per process; an edited module
# (a helper's too) is linked again.
_LINKED: dict[tuple[Path, str | None, tuple[Path, ...], bool], tuple[dict[Path, int], str]] = {}


def _cached(path: Path, name: str | None, folders: tuple[Path, ...], link: _Linker) -> str:
    key = (path.resolve(), name, folders, os.environ.get(DEV_ENV) == "1")
    known = _LINKED.get(key)
    if known and all(_mtime(file) == mtime for file, mtime in known[0].items()):
        return known[1]
    code, files = link(key[3])
    _LINKED[key] = ({file: _mtime(file) for file in files}, code)
    return code


def bundle_esm(path: Path, name: str) -> str:
    """The self-contained ES module of widget ``name`` whose source is ``path``.

    Examples
    --------
    >>> code = bundle_esm(STATIC / "probe.js", "probe")
    >>> any(line.startswith("import ") for line in code.splitlines()), code.splitlines()[-1]
    (False, "export default __edukit_runtime.defineWidget('probe', __edukit_widget);")
    """
    return _cached(path, name, (), lambda dev: _link_widget(path, name, dev))


def link_module(path: Path, search: Sequence[Path] = ()) -> str:
    """The plain ES module ``path`` linked with every module it imports, at any depth.

    Its own ``export function`` / ``export const`` … declarations and ``export { a } from``
    stay exports of the linked module; what it imports is wrapped as :func:`bundle_esm` does.
    ``search`` is the folders its imports are looked up in, first wins (``path`` must be in
    one of them); by default those of a widget module: the package's static folder, or
    ``path``'s folder laid over it.

    Examples
    --------
    >>> code = link_module(STATIC / "store.js")
    >>> any(line.startswith("import ") for line in code.splitlines()), "// --- sha256.js" in code
    (False, True)
    """
    folders = tuple(search) or _default_folders(path)
    return _cached(path, None, folders, lambda dev: _link_plain(path, folders, dev))


def bundle_css(*paths: Path) -> str:
    """The shared baseline stylesheet followed by the widget's own ones."""
    parts = [STATIC / "base.css", *paths]
    return "\n".join(part.read_text(encoding="utf-8") for part in dict.fromkeys(parts))
