"""Live preview bookkeeping (``edukit serve --live``): what a save makes stale."""

from __future__ import annotations

import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from edukit.site import _live


@pytest.fixture(autouse=True)
def fresh_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_live, "PAGES", _live._Pages())


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
