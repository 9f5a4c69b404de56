"""Live preview bookkeeping (``edukit serve --live``): what a save makes stale."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from edukit.site import _live

from ..polling import wait_until


@pytest.fixture(autouse=True)
def fresh_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_live, "PAGES", _live._Pages())
    monkeypatch.setattr(_live, "STATUS", _live.Status())  # no status.json, no build running


def _page(uri: str) -> Any:
    return SimpleNamespace(file=SimpleNamespace(src_uri=uri, dest_uri=uri.replace(".md", ".html")))


def test_front_matter_changes_the_structure_but_body_text_does_not(tmp_path: Path) -> None:
    lesson = tmp_path / "m1" / "l01.md"
    lesson.parent.mkdir()
    lesson.write_text("---\ntitle: Accueil\n---\n\n# Accueil\n\nTexte.\n", encoding="utf-8")
    before = _live.structure_digest(tmp_path)
    lesson.write_text("---\ntitle: Accueil\n---\n\n# Accueil\n\nTexte changé.\n", encoding="utf-8")
    assert _live.structure_digest(tmp_path) == before
    lesson.write_text(
        "---\ntitle: Bienvenue\n---\n\n# Accueil\n\nTexte changé.\n", encoding="utf-8"
    )
    assert _live.structure_digest(tmp_path) != before
    changed = _live.structure_digest(tmp_path)
    (tmp_path / "course.yml").write_text("id: x\n", encoding="utf-8")
    assert _live.structure_digest(tmp_path) != changed


def test_a_bank_edit_renders_its_page_now_and_the_model_waits(tmp_path: Path) -> None:
    for uri, name in (("quiz.md", "quiz"), ("jeu.md", "playground"), ("calme.md", "quiz")):
        output = tmp_path / uri.replace(".md", ".html")
        output.write_text("<html>", encoding="utf-8")
        _live.record_block(_page(uri), str(tmp_path), name, uri, {}, None, f"{uri}-old")
    keys = {"quiz.md": "quiz.md-new", "jeu.md": "jeu.md-new", "calme.md": "calme.md-old"}
    now, later = _live.stale_pages(lambda name, source, context, data: keys[source])
    assert (now, later) == (["quiz.md"], ["jeu.md"])
    _live.render_again(now)
    assert not (tmp_path / "quiz.html").exists() and (tmp_path / "jeu.html").exists()


def test_a_page_rendered_again_forgets_its_old_blocks(tmp_path: Path) -> None:
    _live.record_block(_page("a.md"), str(tmp_path), "quiz", "one", {}, None, "k1")
    _live.record_block(_page("a.md"), str(tmp_path), "quiz", "two", {}, None, "k2")
    _live.record_block(_page("a.md"), str(tmp_path), "quiz", "three", {}, None, "k3")
    assert [block.source for block in _live.PAGES.blocks["a.md"]] == ["three"]


def test_background_results_wait_for_the_next_build(tmp_path: Path) -> None:
    output = tmp_path / "jeu.html"
    output.write_text("<html>", encoding="utf-8")
    _live.record_block(_page("jeu.md"), str(tmp_path), "playground", "s", {}, None, "k")
    refresher = _live.Refresher()
    refresher.submit(tmp_path, lambda: ["jeu.md"])
    trigger = tmp_path / _live.TRIGGER
    for _ in range(200):
        if trigger.exists():
            break
        time.sleep(0.02)
    assert trigger.exists()  # the server is asked for a rebuild…
    assert output.exists()  # …but no page is removed under a build that may be reading it
    _live.render_again([])  # the next build starts
    assert not output.exists()


def _wait_idle(refresher: _live.Refresher) -> None:
    wait_until(refresher.idle, 5, "the refresher's work", every=0.01)


def _refreshed_once(tmp_path: Path) -> tuple[dict[str, str], Callable[..., str]]:
    """A built page whose model key moved from v0 to v1, refreshed once in the background.

    Returns the key holder (change ``["key"]`` to simulate another save) and the key function.
    """
    output = tmp_path / "jeu.html"
    output.write_text("<html>", encoding="utf-8")
    _live.record_block(_page("jeu.md"), str(tmp_path), "playground", "s", {}, None, "v0")
    today = {"key": "v1"}

    def key_of(*_: Any) -> str:
        return today["key"]

    assert _live.stale_pages(key_of) == ([], ["jeu.md"])
    refresher = _live.Refresher()
    refresher.submit(tmp_path, lambda: ["jeu.md"])
    _wait_idle(refresher)
    return today, key_of


def test_a_model_the_refresh_computed_is_rendered_from_the_cache_not_sent_again(
    tmp_path: Path,
) -> None:
    _, key_of = _refreshed_once(tmp_path)
    # The next build: the model for v1 is warm, so the page is rendered now, and not refreshed.
    assert _live.stale_pages(key_of) == (["jeu.md"], [])


def test_an_edit_during_the_refresh_keeps_the_page_until_its_model_is_computed(
    tmp_path: Path,
) -> None:
    today, key_of = _refreshed_once(tmp_path)
    today["key"] = "v2"  # another save before the rebuild the refresh asked for
    now, later = _live.stale_pages(key_of)
    assert (now, later) == ([], ["jeu.md"])
    _live.render_again(now)
    # Rendering it now would train the mini model inside the build, on the author's clock.
    assert (tmp_path / "jeu.html").exists()


def test_a_block_without_a_cache_key_is_rendered_now_never_refreshed_forever(
    tmp_path: Path,
) -> None:
    _live.record_block(_page("jeu.md"), str(tmp_path), "playground", "s", {}, None, None)
    assert _live.stale_pages(lambda *_: None) == (["jeu.md"], [])


def test_the_status_says_what_is_updated_then_that_the_preview_is_up_to_date(
    tmp_path: Path,
) -> None:
    status = _live.Status()
    status.update(site=tmp_path, building=True)
    written = tmp_path / _live.BANNER_DIR / "status.json"

    def read() -> dict[str, Any]:
        return dict(json.loads(written.read_text(encoding="utf-8")))

    assert read() == {"state": "running", "tasks": ["page"]}
    release = threading.Event()
    refresher = _live.Refresher(status)

    def notebooks() -> list[str]:
        release.wait(5)
        return []

    refresher.submit(tmp_path, notebooks)
    status.update(building=False)
    assert read() == {"state": "running", "tasks": ["notebooks"]}
    release.set()
    _wait_idle(refresher)
    assert read() == {"state": "ready", "tasks": []}
    assert not list(written.parent.glob(".*tmp"))  # written through a temporary file


def test_a_failed_refresh_is_shown_until_one_succeeds(tmp_path: Path) -> None:
    status = _live.Status()
    status.update(site=tmp_path)
    refresher = _live.Refresher(status)

    def broken() -> list[str]:
        raise RuntimeError("kernel died")

    refresher.submit(tmp_path, broken)
    _wait_idle(refresher)
    assert status.snapshot() == {"state": "failed", "tasks": []}
    refresher.submit(tmp_path, lambda: [])
    _wait_idle(refresher)
    assert status.snapshot()["state"] == "ready"


def test_the_banner_is_linked_once_and_its_files_written_at_the_end_of_a_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config: dict[str, Any] = {"site_dir": str(tmp_path), "extra_css": [], "extra_javascript": []}
    _live.add_banner(config)
    _live.add_banner(config)  # mkdocs serve may keep the config of the first build
    assert config["extra_javascript"] == [f"{_live.BANNER_DIR}/live.js"]
    assert config["extra_css"] == [f"{_live.BANNER_DIR}/live.css"]
    assert _live.STATUS.snapshot() == {"state": "running", "tasks": ["page"]}
    _live.write_banner(tmp_path)
    for name in ("live.js", "live.css"):
        shipped = tmp_path / _live.BANNER_DIR / name
        assert shipped.read_text(encoding="utf-8") == (_live.STATIC / name).read_text("utf-8")
    status = json.loads((tmp_path / _live.BANNER_DIR / "status.json").read_text("utf-8"))
    assert status == {"state": "ready", "tasks": []}


def test_the_server_looks_for_saves_more_often_on_the_same_folders(tmp_path: Path) -> None:
    from mkdocs.livereload import LiveReloadServer

    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path))
    (tmp_path / "courses").mkdir()
    server.watch(str(tmp_path / "courses"))
    server.watch(str(tmp_path / "courses"))
    _live.patch_server(server)
    assert server.observer.timeout == _live.WATCH_INTERVAL
    assert server._watched_paths == {str(tmp_path / "courses"): 2}
    assert len(server.observer.emitters) == 1
    server.server_close()


def test_the_refresh_waits_for_the_build_to_end(tmp_path: Path) -> None:
    status = _live.Status()
    status.update(site=tmp_path, building=True)
    ran = threading.Event()
    refresher = _live.Refresher(status)

    def job() -> list[str]:
        ran.set()
        return []

    refresher.submit(tmp_path, job, task="model")
    assert not ran.wait(0.3)  # the build is still running: the author waits for it, not for us
    status.update(building=False)
    assert ran.wait(5)


def test_generated_pages_are_rendered_again_only_when_their_output_is_gone(
    tmp_path: Path,
) -> None:
    from mkdocs.structure.files import File, Files

    config = SimpleNamespace(
        site_dir=str(tmp_path),
        use_directory_urls=True,
        plugins=SimpleNamespace(_current_plugin="edukit"),
    )
    plan = File.generated(config, "plan.md", content="# Plan")  # type: ignore[arg-type]
    glossary = File.generated(config, "glossaire.md", content="# Glossaire")  # type: ignore[arg-type]
    style = tmp_path / "site.css"
    style.write_text("a {}", encoding="utf-8")
    sheet = File.generated(config, "assets/site.css", abs_src_path=str(style))  # type: ignore[arg-type]
    Path(plan.abs_dest_path).parent.mkdir(parents=True)
    Path(plan.abs_dest_path).write_text("<html>", encoding="utf-8")
    _live.keep_generated_pages(Files([plan, glossary, sheet]), tmp_path)
    assert not plan.is_modified()  # rendered before, with this structure
    assert glossary.is_modified()  # never rendered (or removed by a structure change)
    assert sheet.is_modified()  # a file-backed asset keeps MkDocs's own rule


def test_learner_notebooks_are_written_again_only_when_a_source_changes(tmp_path: Path) -> None:
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    source = notebooks / "essai.py"
    source.write_text("# %%\nprint(1)\n", encoding="utf-8")
    downloads = tmp_path / "downloads"
    assert _live.learner_notebooks_stale(tmp_path, downloads)
    downloads.mkdir()
    (downloads / "essai.ipynb").write_text("{}", encoding="utf-8")
    assert not _live.learner_notebooks_stale(tmp_path, downloads)
    source.write_text("# %%\nprint(2)\n", encoding="utf-8")
    assert _live.learner_notebooks_stale(tmp_path, downloads)
    assert not _live.learner_notebooks_stale(tmp_path, downloads)
    (downloads / "essai.ipynb").unlink()
    assert _live.learner_notebooks_stale(tmp_path, downloads)


def test_a_failed_build_is_shown_until_a_build_succeeds(tmp_path: Path) -> None:
    config: dict[str, Any] = {"site_dir": str(tmp_path), "extra_css": [], "extra_javascript": []}
    _live.add_banner(config)
    _live.build_failed()  # not « en cours » forever: MkDocs serves the pages built before
    assert _live.STATUS.snapshot() == {"state": "failed", "tasks": []}
    assert _live.STATUS.built.is_set()  # the background refresh does not wait for it
    _live.add_banner(config)
    _live.write_banner(tmp_path)
    assert _live.STATUS.snapshot() == {"state": "ready", "tasks": []}
