"""What the room does when something it reads fails: an author's mistake is said in French, an
error of edukit's own is logged with its traceback for developers, and the room keeps serving.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from edukit._problems import Problem, ProblemError

from .conftest import CODE, make_config

pytestmark = pytest.mark.classroom


@pytest.fixture(autouse=True)
def fresh_course_memo() -> Iterator[None]:
    from edukit.cli._classroom_trainer import course_for_dashboard

    course_for_dashboard.cache_clear()
    yield
    course_for_dashboard.cache_clear()


def _load_raising(error: BaseException) -> Any:
    def load_course(root: Path | str) -> Any:
        raise error

    return load_course


def test_an_unreadable_course_folder_is_said_in_french(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from edukit.cli._classroom_trainer import course_for_dashboard

    denied = PermissionError(13, "Permission denied")
    monkeypatch.setattr("edukit.course.load_course", _load_raising(denied))
    outline, rubrics, problem = course_for_dashboard(tmp_path)
    assert outline is None and rubrics == {}
    assert problem is not None
    assert problem.startswith("le cours ne peut pas être lu (Permission denied)")
    assert "relancez « edukit classroom »" in problem
    assert not [r for r in caplog.records if r.exc_info]  # an author's matter: no traceback


def test_a_refused_course_file_is_named_with_its_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from edukit.cli._classroom_trainer import course_for_dashboard

    refused = ProblemError([Problem("courses/course.yml", 4, "la clé 'titel' est inconnue")])
    monkeypatch.setattr("edukit.course.load_course", _load_raising(refused))
    _, _, problem = course_for_dashboard(tmp_path)
    assert problem == (
        "le cours ne peut pas être lu : courses/course.yml:4: la clé 'titel' est inconnue"
    )


def test_an_edukit_bug_reading_the_course_is_logged_with_its_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """Failed before: the bug was reported as an unreadable course, with no traceback kept."""
    from starlette.testclient import TestClient

    from edukit.classroom import Room, Store
    from edukit.cli._classroom_app import create_app

    monkeypatch.setattr("edukit.course.load_course", _load_raising(KeyError("bogue interne")))
    store = Store(tmp_path / "donnees")
    room = Room(store, "cours", name="Salle test", code=CODE)
    config = make_config(room, tmp_path, course_root=tmp_path)
    with caplog.at_level(logging.ERROR, logger="edukit.classroom"):
        app = create_app(config)
    bugs = [r for r in caplog.records if r.exc_info and r.name == "edukit.classroom"]
    assert len(bugs) == 1
    assert bugs[0].exc_info is not None and bugs[0].exc_info[0] is KeyError
    assert "erreur interne d'edukit en lisant le cours" in bugs[0].getMessage()
    trainer = {"Authorization": f"Bearer {room.trainer_token}"}
    try:
        with TestClient(app, raise_server_exceptions=False) as client:
            assert client.get("/").status_code == 200  # the room still serves the site
            page = client.get("/formateur/", headers=trainer)
            assert page.status_code == 200
            assert "erreur interne d&#x27;edukit en lisant le cours" in page.text
            assert "signalez cette erreur" in page.text and "bogue interne" not in page.text
            pack = client.post("/formateur/dossier", headers=trainer)
            assert pack.status_code == 409 and pack.json()["code"] == "cours_illisible"
            assert "erreur interne d'edukit" in pack.json()["erreur"]
    finally:
        store.close()


def _impact_with(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    error: BaseException,
) -> None:
    """Ask the room's impact estimate, for a hosted model, while the estimate raises ``error``."""
    from edukit.classroom import ModelInfo, Room, Store
    from edukit.cli import _classroom_proxy

    def estimate_impact(*args: object, **kwargs: object) -> Any:
        raise error

    monkeypatch.setattr(_classroom_proxy, "estimate_impact", estimate_impact)
    room = Room(
        Store(tmp_path / "donnees"), "cours", model=ModelInfo("gpt-4o-mini", "openai"), code=CODE
    )
    try:
        with caplog.at_level(logging.WARNING, logger="edukit.classroom"):
            assert _classroom_proxy._impact(room, 120) == (None, None)
    finally:
        room.store.close()


def test_a_model_without_impact_data_gives_no_estimate_and_no_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from edukit.llm import ImpactUnavailable

    unknown = ImpactUnavailable("ecologits ne connaît pas ce modèle.")
    _impact_with(tmp_path, monkeypatch, caplog, unknown)
    assert [r.getMessage() for r in caplog.records] == [
        "pas d'estimation d'énergie (ImpactUnavailable)"
    ]
    assert not caplog.records[0].exc_info


def test_an_edukit_bug_in_the_impact_estimate_is_logged_with_its_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """Failed before: any error was logged as « pas d'estimation » with no traceback."""
    _impact_with(tmp_path, monkeypatch, caplog, TypeError("bogue interne"))
    bugs = [r for r in caplog.records if r.exc_info]
    assert len(bugs) == 1 and bugs[0].levelno == logging.ERROR
    assert bugs[0].exc_info is not None and bugs[0].exc_info[0] is TypeError
