"""Classroom fixtures: a small built site, a room over a fresh store, a Starlette TestClient,
and the project's fake OpenAI-compatible server (``tests/fake_openai.py``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from ..fake_openai import ANSWER, SECRET, FakeServer, serve

__all__ = ["ANSWER", "SECRET"]

REPO = Path(__file__).resolve().parents[2]
KEY_ENV = "EDUKIT_CLASSROOM_TEST_KEY"
CODE = "K7M-Q2X"


@pytest.fixture(scope="session")
def fake_backend() -> Iterator[FakeServer]:
    with serve() as state:
        yield state


def make_site(folder: Path) -> Path:
    """A built site's shape: pages with a head, an asset, a 404 page."""
    folder.mkdir(parents=True, exist_ok=True)
    page = (
        '<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>{t}</title>'
        "</HEAD><body><p>{t}</p></body></html>"
    )
    (folder / "index.html").write_text(page.format(t="Accueil"), encoding="utf-8")
    (folder / "lecons").mkdir(exist_ok=True)
    (folder / "lecons" / "index.html").write_text(page.format(t="Leçons"), encoding="utf-8")
    (folder / "404.html").write_text(page.format(t="Introuvable"), encoding="utf-8")
    (folder / "style.css").write_text("body{}", encoding="utf-8")
    return folder


def make_config(room: Any, tmp_path: Path, **settings: Any) -> Any:
    """The room's settings over a small site in ``tmp_path/site``, on 127.0.0.1, no PDF pack."""
    from edukit.cli._classroom_app import ClassroomConfig

    return ClassroomConfig(
        room=room,
        site_dir=make_site(tmp_path / "site"),
        address="http://127.0.0.1:8000/",
        pack_pdf=False,
        **settings,
    )


@dataclass
class Classroom:
    client: Any
    room: Any
    config: Any
    backend: Any

    def join(self, pseudo: str, code: str = CODE) -> dict[str, str]:
        response = self.client.post("/api/rejoindre", json={"code": code, "pseudo": pseudo})
        assert response.status_code == 200, response.text
        data: dict[str, str] = response.json()
        return data

    def auth(self, token: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def classroom(
    tmp_path: Path, fake_backend: Any, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Classroom]:
    from starlette.testclient import TestClient

    from edukit.classroom import Limits, ModelInfo, Room, Store
    from edukit.cli._classroom_app import Backend, create_app
    from edukit.llm import get_provider

    monkeypatch.setenv(KEY_ENV, SECRET)
    monkeypatch.chdir(tmp_path)  # no stray .env
    store = Store(tmp_path / "donnees")
    room = Room(
        store,
        "ia-ethique-responsable",
        name="Salle test",
        limits=Limits(requests_per_minute=5, tokens_per_day=5_000, max_output_tokens=256),
        model=ModelInfo("ok", "llamacpp"),
        code=CODE,
    )
    backend = Backend(fake_backend.url, "ok", get_provider("llamacpp"), KEY_ENV)
    config = make_config(room, tmp_path, backend=backend, course_root=REPO)
    with TestClient(create_app(config), raise_server_exceptions=False) as client:
        yield Classroom(client, room, config, fake_backend)
    store.close()
