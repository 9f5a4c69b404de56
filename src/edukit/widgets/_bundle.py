"""Link a widget's ES module and the shared helpers it imports into one self-contained module.

anywidget loads ``_esm`` from a string (a Blob URL in JupyterLab), where relative imports
cannot resolve; the static host of the site imports the very same text from a shipped file.
Helpers are plain ES modules (importable in node for the JS tests) written in a small subset:
``export function``/``export const`` declarations and named imports from ``./x.js``. Each
helper is wrapped in its own function scope, so their private names never collide.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

__all__ = ["BundleError", "bundle_css", "bundle_esm"]

STATIC = Path(__file__).parent / "static"

_IMPORT = re.compile(
    r"^import\s*\{(?P<names>[^}]*)\}\s*from\s*[\"']\./(?P<file>[\w.-]+\.js)[\"'];?[ \t]*$", re.M
)
_ANY_IMPORT = re.compile(r"^\s*import\b(?!\s*\()", re.M)
_EXPORT = re.compile(
    r"^export\s+(?:async\s+function\*?|function\*?|const|let|var|class)\s+(?P<name>[A-Za-z_$][\w$]*)",
    re.M,
)
_EXPORT_DEFAULT = re.compile(r"^export\s+default\s+", re.M)
_OTHER_EXPORT = re.compile(r"^export\s*(?:\{|\*)", re.M)


class BundleError(ValueError):
    """A widget module uses a form of import or export the linker does not handle."""


def _namespace(file: str) -> str:
    return "__edukit_" + re.sub(r"\W", "_", file.removesuffix(".js"))


def _rewrite_imports(source: str, path: Path, order: list[str], seen: set[str]) -> str:
    def replace(match: re.Match[str]) -> str:
        file = match["file"]
        _collect(path.parent / file, order, seen)
        bindings = []
        for part in match["names"].split(","):
            part = part.strip()
            if not part:
                continue
            original, _, alias = part.partition(" as ")
            bindings.append(f"{original.strip()}: {alias.strip()}" if alias else original.strip())
        return f"const {{ {', '.join(bindings)} }} = {_namespace(file)};"

    rewritten = _IMPORT.sub(replace, source)
    if _ANY_IMPORT.search(rewritten):
        line = rewritten[: _ANY_IMPORT.search(rewritten).start()].count("\n") + 1  # type: ignore[union-attr]
        raise BundleError(
            f'{path.name}:{line}: only `import {{ a, b }} from "./helper.js"` can be linked'
        )
    return rewritten


def _collect(path: Path, order: list[str], seen: set[str]) -> None:
    """Depth-first: a helper is emitted after the helpers it imports."""
    if path.name in seen:
        return
    seen.add(path.name)
    if not path.is_file():
        raise BundleError(f"imported module {path.name} is not in {path.parent}")
    source = path.read_text(encoding="utf-8")
    if _EXPORT_DEFAULT.search(source) or _OTHER_EXPORT.search(source):
        raise BundleError(
            f"{path.name}: a helper module may only use `export function` / `export const`"
        )
    body = _rewrite_imports(source, path, order, seen)
    names = _EXPORT.findall(source)
    body = re.sub(r"^export\s+", "", body, flags=re.M)
    order.append(
        f"// --- {path.name}\nconst {_namespace(path.name)} = (() => {{\n{body}\n"
        f"return {{ {', '.join(names)} }};\n}})();\n"
    )


@cache
def _bundle(path: Path, name: str, mtime: float) -> str:
    source = path.read_text(encoding="utf-8")
    if len(_EXPORT_DEFAULT.findall(source)) != 1:
        raise BundleError(f"{path.name}: a widget module needs exactly one `export default`")
    order: list[str] = []
    seen: set[str] = {path.name}
    _collect(STATIC / "runtime.js", order, seen)
    body = _rewrite_imports(source, path, order, seen)
    body = _EXPORT_DEFAULT.sub("const __edukit_widget = ", body)
    return (
        f"// edukit widget {name!r}: {path.name} linked with its helpers (edukit.widgets._bundle)\n"
        + "".join(order)
        + f"// --- {path.name}\n{body}\n"
        + f"export default __edukit_runtime.defineWidget({name!r}, __edukit_widget);\n"
    )


def bundle_esm(path: Path, name: str) -> str:
    """The self-contained ES module of widget ``name`` whose source is ``path``.

    Examples
    --------
    >>> code = bundle_esm(STATIC / "probe.js", "probe")
    >>> any(line.startswith("import ") for line in code.splitlines()), code.splitlines()[-1]
    (False, "export default __edukit_runtime.defineWidget('probe', __edukit_widget);")
    """
    return _bundle(path, name, path.stat().st_mtime)


def bundle_css(*paths: Path) -> str:
    """The shared baseline stylesheet followed by the widget's own ones."""
    parts = [STATIC / "base.css", *paths]
    return "\n".join(part.read_text(encoding="utf-8") for part in dict.fromkeys(parts))
