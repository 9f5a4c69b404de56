"""``make bench``: run every ``benchmarks/bench_*.py`` module's ``run()`` and print one table.

Each module returns rows ``(figure, value with unit, goal or "")``. Benchmarks measure and
print; they never assert. A module that raises is shown as a failed row, the others still run,
and the exit status is 1.
"""

from __future__ import annotations

import importlib.util
import sys
import time
from pathlib import Path
from types import ModuleType

from rich.console import Console
from rich.table import Table

HERE = Path(__file__).resolve().parent


def _load(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"benchmarks.{path.stem}", path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def main(argv: list[str]) -> int:
    """Run the benchmarks whose module name contains one of ``argv`` (all when empty)."""
    console = Console()
    table = Table(title="edukit — benchmarks", title_justify="left")
    table.add_column("figure")
    table.add_column("value", justify="right")
    table.add_column("goal", style="dim")
    failures = 0
    modules = [
        path
        for path in sorted(HERE.glob("bench_*.py"))
        if not argv or any(word in path.stem for word in argv)
    ]
    for path in modules:
        started = time.perf_counter()
        with console.status(f"{path.stem}…"):
            try:
                rows = list(_load(path).run())
            except Exception as error:  # a broken benchmark must not hide the others
                failures += 1
                rows = [(f"{path.stem}: failed", f"{type(error).__name__}: {error}", "")]
        elapsed = time.perf_counter() - started
        console.print(f"[dim]{path.stem}: {elapsed:.1f} s[/]")
        for figure, value, goal in rows:
            style = "red" if figure.endswith(": failed") else None
            table.add_row(figure, value, goal, style=style)
        table.add_section()
    console.print(table)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
