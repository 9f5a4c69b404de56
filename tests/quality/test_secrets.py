"""No API key leaks into executed notebooks, widget state or any file of the built site.

Dummy keys are set in the environment (``OPENAI_API_KEY``, ``MISTRAL_API_KEY``,
``ALBERT_API_KEY``) and in a ``.env`` file at the root of a copy of this repository; the real
notebooks are executed (cold: the repository's notebook cache is *not* reused, so every kernel
runs with the keys in its environment) and the real site is built. Then every executed notebook
(outputs and ``metadata.widgets``), every widget state embedded in a page (decoded) and every file
of the built site (zip members included) is scanned for the dummy values, for key-shaped strings
(``sk-…``, ``AKIA…``, ``ghp_…``, ``Bearer …``) and for the ``.env`` file's lines. Zero findings.

A unit test checks that ``edukit.llm`` backends never show a key in their ``repr``/``str``, their
attributes, their errors or any log line, for keys read from the environment and from ``.env``.
"""

from __future__ import annotations

import html
import io
import json
import logging
import re
import traceback
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from ..fake_openai import FakeServer, serve

ENV_KEYS = {
    "OPENAI_API_KEY": "sk-" + "edukitDUMMYopenai0123456789abcdefghijKLMN",
    "MISTRAL_API_KEY": "edukitDUMMYmistral0123456789abcdefXYZ",
    "ALBERT_API_KEY": "edukitDUMMYalbert0123456789abcdefghiUVW",
}
DOTENV_KEYS = {
    "EDUKIT_DOTENV_API_KEY": "sk-" + "edukitDOTENV9876543210zyxwvutsrqpONM",
    "GITHUB_TOKEN": "ghp_" + "edukitDOTENVghtoken0123456789abcdefABCD",
}
DOTENV = "# dummy keys for the secret scan\n" + "".join(
    f'{name}="{value}"\n' for name, value in DOTENV_KEYS.items()
)
DUMMIES = [*ENV_KEYS.values(), *DOTENV_KEYS.values()]
PATTERNS = {
    "OpenAI-style key": re.compile(r"sk-[A-Za-z0-9_-]{20,}"),
    "AWS access key": re.compile(r"AKIA[0-9A-Z]{16}"),
    "GitHub token": re.compile(r"ghp_[A-Za-z0-9]{20,}"),
    "bearer token": re.compile(r"Bearer\s+[A-Za-z0-9._~+/=-]{12,}"),
    "edukit dummy marker": re.compile(r"edukit(?:DUMMY|DOTENV)"),
}
STATE_ATTRIBUTE = re.compile(r'data-edukit-state="([^"]*)"')
WIDGET_STATE_SCRIPT = re.compile(
    r'<script[^>]*type="application/vnd\.jupyter\.widget-state\+json"[^>]*>(.*?)</script>', re.S
)


def findings(text: str, where: str) -> list[str]:
    """Every dummy value, ``.env`` line and key-shaped string in ``text``."""
    found = [f"{where}: the dummy value {value[:14]}…" for value in DUMMIES if value in text]
    found += [
        f"{where}: a line of .env ({line[:24]}…)"
        for line in DOTENV.splitlines()[1:]
        if line and line in text
    ]
    for name, pattern in PATTERNS.items():
        found += [f"{where}: {name} {match.group()[:24]!r}" for match in pattern.finditer(text)]
    return found


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def scan_notebook(path: Path) -> list[str]:
    notebook = json.loads(path.read_text(encoding="utf-8"))
    found = []
    for index, cell in enumerate(notebook.get("cells", [])):
        for text in _strings(cell.get("outputs", [])):
            found += findings(text, f"{path.name} cell {index} output")
    for text in _strings(notebook.get("metadata", {}).get("widgets", {})):
        found += findings(text, f"{path.name} metadata.widgets")
    found += findings(path.read_text(encoding="utf-8"), f"{path.name} (whole file)")
    return found


def scan_page_state(text: str, where: str) -> list[str]:
    """Widget state of a page, decoded (attributes are HTML-escaped JSON)."""
    found = []
    for match in STATE_ATTRIBUTE.finditer(text):
        state = json.loads(html.unescape(match.group(1)))
        for value in _strings(state):
            found += findings(value, f"{where} data-edukit-state")
    for match in WIDGET_STATE_SCRIPT.finditer(text):
        for value in _strings(json.loads(html.unescape(match.group(1)))):
            found += findings(value, f"{where} widget-state script")
    return found


def scan_file(path: Path, where: str) -> list[str]:
    data = path.read_bytes()
    if zipfile.is_zipfile(io.BytesIO(data)):
        found = []
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for member in archive.namelist():
                text = archive.read(member).decode("utf-8", "replace")
                found += findings(text, f"{where}!{member}")
        return found
    text = data.decode("utf-8", "replace")
    found = findings(text, where) + findings(html.unescape(text), f"{where} (unescaped)")
    if path.suffix == ".html":
        found += scan_page_state(text, where)
    return found


@contextmanager
def _environment(values: dict[str, str], cwd: Path) -> Iterator[None]:
    with pytest.MonkeyPatch.context() as patch:
        for name, value in values.items():
            patch.setenv(name, value)
        patch.chdir(cwd)
        yield


@pytest.fixture(scope="module")
def built(
    tmp_path_factory: pytest.TempPathFactory,
    copy_repository: Callable[[Path], Path],
    build_site: Callable[..., Path],
) -> tuple[Path, Path]:
    """(repository copy, site) built with dummy keys in the environment and in ``.env``."""
    root = copy_repository(tmp_path_factory.mktemp("secrets") / "repo")
    (root / ".env").write_text(DOTENV, encoding="utf-8")
    assert not (root / ".cache").exists(), "the notebooks must run with the keys set"
    with _environment(ENV_KEYS, root):
        site = build_site(root, site_dir=tmp_path_factory.mktemp("secrets-site"))
    return root, site


def test_the_scanner_finds_what_it_looks_for(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    state = html.escape(json.dumps({"state": {"k": ENV_KEYS["OPENAI_API_KEY"]}}), quote=True)
    page.write_text(f'<div data-edukit-state="{state}"></div>', encoding="utf-8")
    assert any("data-edukit-state" in found for found in scan_file(page, "page.html"))
    archive = tmp_path / "a.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("x.txt", "Authorization: Bearer abcdefghijklmnop0123")
    assert scan_file(archive, "a.zip") == ["a.zip!x.txt: bearer token 'Bearer abcdefghijklmnop0'"]
    assert findings(DOTENV.splitlines()[2], "t")
    aws = "AKIA" + "ABCDEFGHIJKLMNOP"  # split: no key-like literal in the sources
    assert findings(aws, "t") == [f"t: AWS access key '{aws}'"]
    assert findings("Le mot sk-ip et ghp_ court.", "t") == []


@pytest.mark.site
def test_executed_notebooks_hold_no_secret(built: tuple[Path, Path]) -> None:
    root, _ = built
    notebooks = sorted((root / "build" / "notebooks").glob("*.ipynb"))
    from edukit.build import find_notebooks

    sources = find_notebooks(root)  # trainer notebooks (formateur-*) are not executed
    assert len(notebooks) == len(sources) > 0, "every notebook must have been executed"
    assert any(
        json.loads(path.read_text(encoding="utf-8")).get("metadata", {}).get("widgets")
        for path in notebooks
    ), "at least one notebook must carry widget state, or the scan proves nothing"
    found = [finding for path in notebooks for finding in scan_notebook(path)]
    assert found == []


@pytest.mark.site
def test_no_file_of_the_built_site_holds_a_secret(built: tuple[Path, Path]) -> None:
    _, site = built
    files = [path for path in sorted(site.rglob("*")) if path.is_file()]
    pages = [path for path in files if path.suffix == ".html"]
    assert len(pages) > 20
    assert any(STATE_ATTRIBUTE.search(path.read_text(encoding="utf-8")) for path in pages)
    found = [
        finding for path in files for finding in scan_file(path, path.relative_to(site).as_posix())
    ]
    assert found == []


# -- unit: the llm backends -----------------------------------------------------------------------


@pytest.fixture
def echo_server() -> Iterator[str]:
    """The fake OpenAI-compatible server: model ``refuse`` gets a 401 quoting the Authorization
    header it got (a careless server), any other model the stream « Bonjour »."""
    with serve(FakeServer(answer=["Bonjour"], key=None)) as state:
        yield state.url


@pytest.mark.parametrize("provider", ["openai", "mistral", "albert"])
@pytest.mark.parametrize("source", ["environment", ".env"])
def test_llm_objects_and_logs_never_show_the_key(
    provider: str,
    source: str,
    echo_server: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    from edukit.llm import LLMError, get_provider, preset

    variable = get_provider(provider).api_key_env
    assert variable in ENV_KEYS
    key = ENV_KEYS[variable]
    monkeypatch.chdir(tmp_path)
    if source == "environment":
        monkeypatch.setenv(variable, key)
    else:
        monkeypatch.delenv(variable, raising=False)
        (tmp_path / ".env").write_text(f"{variable}={key}\n", encoding="utf-8")
    caplog.set_level(logging.DEBUG)
    backend = preset(provider, model="ok", base_url=echo_server)
    chunks = list(backend.stream([{"role": "user", "content": "Bonjour"}]))
    assert "".join(chunk.text for chunk in chunks if chunk.text) == "Bonjour"
    refused = preset(provider, model="refuse", base_url=echo_server, max_retries=0)
    with pytest.raises(LLMError) as caught:
        refused.complete([{"role": "user", "content": "Bonjour"}])
    error = caught.value
    shown = [
        repr(backend),
        str(backend),
        repr(refused),
        *(repr(value) for value in vars(backend).values()),
        str(error),
        repr(error),
        error.message_fr,
        "".join(traceback.format_exception(error)),
        caplog.text,
        *(record.getMessage() for record in caplog.records),
    ]
    assert caplog.records, "httpx's debug lines must have been captured"
    assert [text for text in shown if key in text or findings(text, "")] == []
