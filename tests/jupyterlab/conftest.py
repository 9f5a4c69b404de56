"""One real JupyterLab for the tests of this folder, started by one piece of code.

``lab`` is a JupyterLab 4 server on 127.0.0.1 for the whole session: each test module puts its
notebooks in a folder of its own under ``lab.root`` and opens them with ``lab.open`` (a
workspace of its own per page, so no tab of an earlier test is restored and starts a kernel
of its own). ``start_lab`` starts another server when kernels need another environment (the
classroom variables). The kernels run this venv's Python (``sys.executable``), with none of
the edukit variables a learner's fresh machine would not have.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

KERNEL_IDLE = """(path) => {
  const panel = window.jupyterapp?.shell?.currentWidget;
  return panel?.context?.path === path
    && panel.sessionContext?.session?.kernel?.status === 'idle';
}"""
# Variables that would make a kernel talk to a model or a training room: a learner who has
# just installed edukit has none of them (the tests that need them pass them in ``extra_env``).
LEARNER_UNSET = ("EDUKIT_CLASSROOM_URL", "EDUKIT_CLASSROOM_TOKEN", "EDUKIT_OLLAMA_MODEL")


@dataclass(frozen=True)
class Lab:
    """A running JupyterLab: its URL and the folder it serves."""

    url: str
    root: Path

    def folder(self, name: str) -> Path:
        """A new, empty folder under the served one (a test module's own place)."""
        folder = self.root / name
        folder.mkdir()
        return folder

    def open(self, page: Any, path: str, *, timeout: float = 90_000) -> None:
        """Open the notebook at ``path`` (relative to ``root``) and wait for its idle kernel."""
        workspace = uuid.uuid4().hex[:12]
        page.goto(f"{self.url}lab/workspaces/{workspace}/tree/{quote(path)}")
        page.wait_for_function(KERNEL_IDLE, arg=path, timeout=timeout)

    @staticmethod
    def run_all(page: Any) -> None:
        """« Run All Cells » through JupyterLab's own command, as the menu does.

        Not awaited: the command's promise settles only when every cell has run, and a
        Playwright ``evaluate`` awaiting it would be bounded by nothing but the test timeout.
        """
        page.evaluate("() => { window.jupyterapp.commands.execute('notebook:run-all-cells'); }")

    def shut_down(self, path: str) -> None:
        """End the session (and its kernel) of the notebook at ``path``, if it has one."""
        with urllib.request.urlopen(self.url + "api/sessions", timeout=10) as response:
            sessions = json.loads(response.read())
        for session in sessions:
            if session.get("path") == path:
                request = urllib.request.Request(
                    f"{self.url}api/sessions/{session['id']}", method="DELETE"
                )
                urllib.request.urlopen(request, timeout=30).close()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _wait_ready(url: str, server: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"jupyter lab exited with {server.returncode}")
        try:
            with urllib.request.urlopen(url + "api/status", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.3)
    raise RuntimeError("jupyter lab did not start")


@contextlib.contextmanager
def running_lab(home: Path, extra_env: dict[str, str] | None = None) -> Iterator[Lab]:
    """JupyterLab on 127.0.0.1 serving ``home/work`` (its kernels inherit ``extra_env``)."""
    work = home / "work"
    work.mkdir(exist_ok=True)
    settings = home / "settings"
    news = settings / "@jupyterlab" / "apputils-extension" / "notification.jupyterlab-settings"
    news.parent.mkdir(parents=True)
    news.write_text(json.dumps({"fetchNews": "false"}), encoding="utf-8")
    env = {key: value for key, value in os.environ.items() if key not in LEARNER_UNSET}
    env |= {
        "JUPYTER_CONFIG_DIR": str(home / "config"),
        "JUPYTER_DATA_DIR": str(home / "data"),
        "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
        "JUPYTERLAB_SETTINGS_DIR": str(settings),
        "JUPYTERLAB_WORKSPACES_DIR": str(home / "workspaces"),
        **(extra_env or {}),
    }
    # The project's kernel: this very Python, whatever kernels the machine has installed.
    kernel = home / "data" / "kernels" / "python3" / "kernel.json"
    kernel.parent.mkdir(parents=True)
    argv = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    spec = {"argv": argv, "display_name": "Python 3", "language": "python"}
    kernel.write_text(json.dumps(spec), encoding="utf-8")
    port = _free_port()
    url = f"http://127.0.0.1:{port}/"
    log = (home / "lab.log").open("wb")
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "jupyterlab",
            "--no-browser",
            "--allow-root",
            "--ip=127.0.0.1",
            f"--port={port}",
            f"--ServerApp.root_dir={work}",
            "--IdentityProvider.token=",
            "--ServerApp.password=",
            "--ServerApp.disable_check_xsrf=True",
            "--LabApp.expose_app_in_browser=True",
        ],
        cwd=work,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        _wait_ready(url, server)
        yield Lab(url, work)
    finally:
        try:
            request = urllib.request.Request(url + "api/shutdown", method="POST")
            urllib.request.urlopen(request, timeout=10).close()
            server.wait(timeout=30)
        except (urllib.error.URLError, ConnectionError, subprocess.TimeoutExpired):
            server.terminate()
            server.wait(timeout=10)
        log.close()


@pytest.fixture(scope="session")
def free_port() -> Callable[[], int]:
    """``free_port()``: a TCP port free on 127.0.0.1 now (for another server of a test)."""
    return _free_port


@pytest.fixture(scope="session")
def start_lab() -> Callable[..., contextlib.AbstractContextManager[Lab]]:
    """``with start_lab(home, extra_env) as lab:`` another JupyterLab, for other kernel
    variables; prefer the shared ``lab``."""
    return running_lab


@pytest.fixture(scope="session")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Lab]:
    """The JupyterLab shared by every test of this folder."""
    with running_lab(tmp_path_factory.mktemp("jupyterlab")) as server:
        yield server
