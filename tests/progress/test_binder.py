"""``binder/`` (repo2docker) installs exactly the locked environment, with no drift."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tomllib
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).parents[2]
BINDER = REPO / "binder"
UV = REPO / ".tools" / "bin" / "uv"
EXPORT = ["export", "--frozen", "--no-dev", "--no-hashes", "--quiet"]
REGENERATE = ".tools/bin/uv export --frozen --no-dev --no-hashes --quiet > binder/requirements.txt"
_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;]+)")


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pins() -> set[tuple[str, str]]:
    lines = (BINDER / "requirements.txt").read_text(encoding="utf-8").splitlines()
    found = set()
    for line in lines:
        match = _PIN.match(line)
        if match:
            found.add((canonical(match.group(1)), match.group(2)))
    return found


def locked_runtime_closure() -> set[tuple[str, str]]:
    """(name, version) of every package edukit needs at run time, from uv.lock."""
    lock = tomllib.loads((REPO / "uv.lock").read_text(encoding="utf-8"))
    packages: dict[tuple[str, str], dict[str, Any]] = {
        (canonical(p["name"]), p["version"]): p for p in lock["package"] if "version" in p
    }
    by_name: dict[str, list[str]] = {}
    for name, version in packages:
        by_name.setdefault(name, []).append(version)

    def resolve(reference: dict[str, Any]) -> list[tuple[str, str]]:
        name = canonical(reference["name"])
        if "version" in reference:
            return [(name, reference["version"])]
        return [(name, version) for version in by_name.get(name, [])]

    root = next(key for key, p in packages.items() if p.get("source", {}).get("editable") == ".")
    seen: set[tuple[str, str]] = set()
    todo = [root]
    while todo:
        key = todo.pop()
        if key in seen:
            continue
        seen.add(key)
        package = packages[key]
        references = list(package.get("dependencies", []))
        for reference in references:
            for extra in reference.get("extra", []):
                for target in resolve(reference):
                    extras = packages[target].get("optional-dependencies", {})
                    references.extend(extras.get(extra, []))
        for reference in references:
            todo.extend(resolve(reference))
    seen.discard(root)
    return seen


def test_requirements_pin_exactly_the_locked_runtime_packages() -> None:
    required, locked = pins(), locked_runtime_closure()
    assert required - locked == set(), f"pins not in uv.lock; regenerate: {REGENERATE}"
    assert locked - required == set(), f"locked packages missing; regenerate: {REGENERATE}"


def test_requirements_install_edukit_itself() -> None:
    lines = (BINDER / "requirements.txt").read_text(encoding="utf-8").splitlines()
    assert "-e ." in lines, "repo2docker runs pip from the repository root, so '-e .' is edukit"


@pytest.mark.skipif(not UV.exists(), reason="uv is installed by `make setup` into .tools/")
def test_requirements_are_the_uv_export_of_the_lock() -> None:
    result = subprocess.run(
        [str(UV), *EXPORT],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "UV_OFFLINE": "1", "UV_NO_PROGRESS": "1"},
        timeout=120,
    )
    assert (BINDER / "requirements.txt").read_text(encoding="utf-8") == result.stdout, (
        f"binder/requirements.txt drifted from uv.lock; regenerate: {REGENERATE}"
    )


def test_runtime_matches_the_project_python() -> None:
    runtime = (BINDER / "runtime.txt").read_text(encoding="utf-8").strip()
    match = re.fullmatch(r"python-3\.(\d+)", runtime)
    assert match, "repo2docker reads 'python-X.Y'"
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    minimum = re.fullmatch(r">=3\.(\d+)", project["project"]["requires-python"])
    assert minimum and int(match.group(1)) >= int(minimum.group(1))


def test_post_build_pins_the_tested_jupyterlab() -> None:
    lock = tomllib.loads((REPO / "uv.lock").read_text(encoding="utf-8"))
    tested = next(p["version"] for p in lock["package"] if p["name"] == "jupyterlab")
    script = (BINDER / "postBuild").read_text(encoding="utf-8")
    assert f'JUPYTERLAB_VERSION="{tested}"' in script, "pin JupyterLab to the uv.lock version"
    assert "jupyterlab-language-pack-fr-FR==" in script


@pytest.mark.slow
def test_post_build_converts_notebooks(tmp_path: Path) -> None:
    """A fresh postBuild run (its install step skipped: no network in tests) on the course's
    real notebooks: every notebook opens on the Python kernel, and only the .ipynb are shown."""
    post_build = BINDER / "postBuild"
    assert os.access(post_build, os.X_OK), "repo2docker runs postBuild only if executable"
    bash = shutil.which("bash")
    assert bash is not None
    shutil.copytree(REPO / "notebooks", tmp_path / "notebooks")
    (tmp_path / "courses").mkdir()
    shutil.copy(REPO / "courses" / "faits.yml", tmp_path / "courses" / "faits.yml")
    (tmp_path / "notebooks" / "essai.py").write_text(
        "# %% [markdown]\n# # Essai\n\n# %%\nprint(1)\n", encoding="utf-8"
    )
    venv_bin = Path(os.environ.get("VIRTUAL_ENV", REPO / ".venv")) / "bin"
    env = {
        **os.environ,
        "HOME": str(tmp_path / "home"),
        "PATH": f"{venv_bin}:{os.environ['PATH']}",
        "EDUKIT_POSTBUILD_NO_INSTALL": "1",
    }
    subprocess.run(
        [bash, str(post_build)], cwd=tmp_path, env=env, check=True, timeout=300,
        capture_output=True,
    )  # fmt: skip
    sources = sorted((tmp_path / "notebooks").glob("*.py"))
    assert any(source.name.startswith("formateur-") for source in sources)
    for source in sources:
        notebook = source.with_suffix(".ipynb")
        assert notebook.is_file(), f"{source.name} was not converted"
        data = json.loads(notebook.read_text(encoding="utf-8"))
        assert data["metadata"]["kernelspec"]["name"] == "python3", notebook.name
        assert all(cell.get("outputs", []) == [] for cell in data["cells"]), notebook.name
    essai = (tmp_path / "notebooks" / "essai.ipynb").read_text(encoding="utf-8")
    assert '"print(1)"' in essai
    home = tmp_path / "home" / ".jupyter"
    server = json.loads((home / "jupyter_server_config.json").read_text(encoding="utf-8"))
    assert "*.py" in server["ContentsManager"]["hide_globs"]
    settings = home / "lab" / "user-settings" / "@jupyterlab"
    locale = settings / "translation-extension" / "plugin.jupyterlab-settings"
    assert json.loads(locale.read_text(encoding="utf-8")) == {"locale": "fr_FR"}
    news = settings / "apputils-extension" / "notification.jupyterlab-settings"
    assert news.read_text(encoding="utf-8").strip() == '{"fetchNews": "false"}'
