"""The same widget module in a real JupyterLab: open a notebook with a Probe, run it, click."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.jupyterlab

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "widgets"
CHROMIUM = os.environ.get("EDUKIT_CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


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


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    home = tmp_path_factory.mktemp("lab")
    work = home / "work"
    work.mkdir()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "jupytext",
            "--to",
            "ipynb",
            "--set-kernel",
            "python3",
            "-o",
            str(work / "probe.ipynb"),
            str(FIXTURES / "probe_notebook.py"),
        ],
        check=True,
        capture_output=True,
    )
    settings = home / "settings"
    news = settings / "@jupyterlab" / "apputils-extension" / "notification.jupyterlab-settings"
    news.parent.mkdir(parents=True)
    news.write_text(json.dumps({"fetchNews": "false"}), encoding="utf-8")
    env = {
        **os.environ,
        "JUPYTER_CONFIG_DIR": str(home / "config"),
        "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
        "JUPYTERLAB_SETTINGS_DIR": str(settings),
        "JUPYTERLAB_WORKSPACES_DIR": str(home / "workspaces"),
    }
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
        yield url
    finally:
        try:
            request = urllib.request.Request(url + "api/shutdown", method="POST")
            urllib.request.urlopen(request, timeout=10).close()
            server.wait(timeout=30)
        except (urllib.error.URLError, ConnectionError, subprocess.TimeoutExpired):
            server.terminate()
            server.wait(timeout=10)
        log.close()


def test_probe_renders_and_reacts_in_jupyterlab(lab: str, chromium: Any) -> None:
    context = chromium.new_context()
    try:
        page: Any = context.new_page()
        page.goto(lab + "lab/tree/probe.ipynb")
        page.wait_for_function(
            "() => window.jupyterapp?.shell?.currentWidget?.sessionContext?.session?.kernel"
            "?.status === 'idle'",
            timeout=60_000,
        )
        page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")
        widget = page.locator('[data-edukit-widget="probe"]')
        widget.locator('[data-probe="count"]').wait_for(timeout=60_000)
        assert widget.locator('[data-probe="count"]').inner_text() == "Compteur : 3 clics"
        assert widget.locator('[data-probe="echo"]').inner_text() == ("Écho : <b>pas du HTML</b>")
        widget.locator('[data-probe="increment"]').click()
        assert widget.locator('[data-probe="count"]').inner_text() == "Compteur : 4 clics"
        # The stylesheet linked by the base reached the page (same CSS as the site).
        border = page.evaluate(
            "() => getComputedStyle(document.querySelector("
            "'[data-edukit-widget=probe] .edukit-button')).borderTopStyle"
        )
        assert border == "solid"
        # The ordinary ipywidgets slider renders here, where a kernel exists.
        page.locator(".widget-slider").first.wait_for(timeout=30_000)
    finally:
        context.close()
