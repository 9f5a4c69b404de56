"""The logic packages stay free of Jupyter, widget and MkDocs imports (DESIGN.md §2)."""

import json
import subprocess
import sys

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
