"""The layers of DESIGN.md §2: logic <- adapters (widgets, build) <- site <- cli, and nothing else.

- the logic packages import no Jupyter, widget, MkDocs or web framework (a subprocess imports
  every module of each and lists what got loaded);
- every import in ``src/edukit`` (at module level, inside functions, and under ``TYPE_CHECKING``)
  points to the importer's layer or a lower one;
- no package imports another package's private module: public names go through the package's
  ``__init__``; the root package's own modules (``edukit._problems``, ``_yaml``, ``_i18n``,
  ``_cache``) are the shared foundation;
- no import cycle between modules (imports that run: ``TYPE_CHECKING`` ones excluded).

The imports are read with ``ast``, so an import inside a function counts as much as one at the
top: a cycle hidden in a function is still a cycle.
"""

import ast
import json
import subprocess
import sys
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # over 0.5 s: out of the fast unit layer

LOGIC = [
    "edukit.course",
    "edukit.quiz",
    "edukit.fairness",
    "edukit.llm",
    "edukit.progress",
    "edukit.classroom",
]
FORBIDDEN = (
    "ipywidgets",
    "anywidget",
    "IPython",
    "ipykernel",
    "jupyter",
    "nbclient",
    "mkdocs",
    "material",
    "starlette",
    "uvicorn",
    "fastapi",
    "litestar",
)


@pytest.mark.parametrize("package", LOGIC)
def test_logic_package_imports_no_front_end(package: str) -> None:
    code = (
        "import importlib, json, pkgutil, sys\n"
        f"pkg = importlib.import_module({package!r})\n"
        "for info in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + '.'):\n"
        "    importlib.import_module(info.name)\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    loaded = json.loads(
        subprocess.run(
            [sys.executable, "-c", code], check=True, capture_output=True, text=True
        ).stdout
    )
    offenders = [name for name in loaded if name.split(".")[0].startswith(FORBIDDEN)]
    assert offenders == [], f"{package} pulls in {offenders}"


SRC = Path(__file__).resolve().parents[1] / "src"

# Rank of each layer: an import may only point to the same rank or a lower one.
RANKS = {
    "edukit": 0,  # the root package's own modules: _problems, _yaml, _i18n, _cache
    "edukit.project": 1,
    "edukit.course": 1,
    "edukit.quiz": 1,
    "edukit.fairness": 1,
    "edukit.llm": 1,
    "edukit.progress": 1,
    "edukit.classroom": 1,
    "edukit.build": 2,
    "edukit.widgets": 3,
    "edukit.site": 4,
    "edukit.cli": 5,
}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


@cache
def _modules() -> dict[str, Path]:
    return {_module_name(path): path for path in sorted((SRC / "edukit").rglob("*.py"))}


def _type_checking_nodes(tree: ast.AST) -> set[int]:
    inside: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            inside.update(id(child) for child in ast.walk(node))
    return inside


def _imports(name: str, path: Path) -> Iterator[tuple[str, bool]]:
    """``(imported edukit module, only for type checking)`` for each import in the module."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only = _type_checking_nodes(tree)
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, id(node) in typing_only
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            for alias in node.names:
                full = f"{target}.{alias.name}"
                yield (full if full in _modules() else target), id(node) in typing_only


@cache
def _edges() -> list[tuple[str, str, bool]]:
    return [
        (name, target, typing_only)
        for name, path in _modules().items()
        for target, typing_only in _imports(name, path)
        if target.split(".")[0] == "edukit" and target != name
    ]


def _layer(module: str) -> str:
    parts = module.split(".")
    prefix = ".".join(parts[:2])
    return prefix if prefix in RANKS else "edukit"


def test_every_module_has_a_layer() -> None:
    packages = {
        f"edukit.{path.name}"
        for path in (SRC / "edukit").iterdir()
        if path.is_dir() and (path / "__init__.py").exists()
    }
    assert sorted(packages - RANKS.keys()) == []


def test_imports_point_down_the_layers() -> None:
    upward = {
        (importer, target)
        for importer, target, _ in _edges()
        if RANKS[_layer(target)] > RANKS[_layer(importer)]
    }
    assert sorted(upward) == []


def _private_reach(importer: str, target: str) -> bool:
    parts = target.split(".")
    private = [i for i, part in enumerate(parts) if part.startswith("_")]
    if not private or len(parts) <= 2:  # edukit._problems and the like: the foundation
        return False
    owner = ".".join(parts[: private[0]])
    return not (importer == owner or importer.startswith(owner + "."))


def test_no_package_reaches_into_another_private_module() -> None:
    reach = {(a, b) for a, b, _ in _edges() if _private_reach(a, b)}
    assert sorted(reach) == []


def _cycles() -> list[list[str]]:
    graph: dict[str, set[str]] = {name: set() for name in _modules()}
    for importer, target, typing_only in _edges():
        if not typing_only and target in graph:
            graph[importer].add(target)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:  # Tarjan's strongly connected components
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in sorted(graph[node]):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(found)


def test_no_import_cycle() -> None:
    assert _cycles() == []


def test_the_rules_see_a_violation() -> None:
    """The detectors themselves: an upward import, a private reach and a cycle are found."""
    assert RANKS[_layer("edukit.site._widgets")] > RANKS[_layer("edukit.widgets._quiz")]
    assert _private_reach("edukit.widgets._quiz", "edukit.quiz._course_draw")
    assert not _private_reach("edukit.quiz._loader", "edukit.quiz._model")
    assert not _private_reach("edukit.cli._app", "edukit._problems")
    assert not _private_reach("edukit.cli._app", "edukit.quiz")
