"""The prompt playground in Debian chromium, on a built Markdown page served from 127.0.0.1.

Every request to another host is aborted and recorded. A fake OpenAI-compatible server (also on
127.0.0.1, its own port, with CORS) answers with HTML and script tags that must stay text.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from ..fake_openai import FakeServer, serve
from ..hook_site import THEME, mkdocs_build, write_hook_site

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
KEY = "sk-" + "test-browser-0123456789abcdefgh"  # split: no key-like literal in the sources
EVIL = [
    "Voici ",
    "<img src=x onerror=window.__xss=1>",
    " et ",
    "<script>window.__xss=2</script>",
    " fin.",
]
PAGE = """# Bac à sable

```edukit-playground
mode: mot-suivant
prompt: "Code des relations entre"
```

```edukit-playground
mode: requetes
variants: 2
prompts: ["Résume ce texte.", "Tu es agent d'accueil. Rédige un courriel de 5 lignes pour des usagers."]
```
"""


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory, static_server: Callable[..., Any]) -> str:
    work = tmp_path_factory.mktemp("playground-site")
    shutil.copytree(ROOT / "courses", work / "courses")
    (work / "www").mkdir()
    url = static_server(work / "www").url
    config = write_hook_site(
        work,
        {"index.md": PAGE},
        site_name="Bac à sable",
        site_url=url,
        site_dir=work / "www",
        theme={**THEME, "palette": [{"scheme": "default"}]},
        nav=["index.md"],
    )
    result = mkdocs_build(config, strict=True)
    assert result.returncode == 0, result.stderr
    return str(url)


@pytest.fixture(scope="module")
def service() -> Iterator[FakeServer]:
    """The fake OpenAI-compatible server answering with ``EVIL``, whatever the key."""
    with serve(FakeServer(answer=EVIL, key=None)) as state:
        yield state


def _open(page: Any, url: str) -> tuple[Any, Any]:
    page.goto(url)
    page.wait_for_function(
        "document.querySelectorAll('[data-edukit-widget=playground] section').length === 2",
        timeout=20_000,
    )
    widgets = page.locator('[data-edukit-widget="playground"]')
    return widgets.nth(0), widgets.nth(1)


def _part(widget: Any, name: str) -> Any:
    return widget.locator(f'[data-playground="{name}"]')


def test_the_mini_model_runs_offline(page: Any, site_url: str) -> None:
    words, _ = _open(page, site_url)
    bars = _part(words, "distribution").locator("li")
    assert bars.count() >= 1
    assert "%" in bars.first.inner_text()
    assert "Code des relations entre" in _part(words, "next-text").inner_text()
    _part(words, "next-one").click()
    text = _part(words, "next-text").inner_text()
    assert len(text.split()) == 5
    # Same seed, same settings: a new page draws the same words (the sampler is seeded).
    _part(words, "next-reset").click()
    _part(words, "next-one").click()
    assert _part(words, "next-text").inner_text() == text
    # Temperature 0 recites: the memorisation demo marks a span copied from the course.
    _part(words, "memo-0").click()
    recited = words.locator("mark.edukit-playground__recited")
    page.wait_for_function(
        "() => (document.querySelector('mark.edukit-playground__recited')?.textContent ?? '')"
        ".split(/\\s+/).length >= 8",
        timeout=10_000,
    )
    assert recited.count() == 1
    assert "courses/" in _part(words, "memo-result").inner_text()
    assert page.external_requests == []
    assert page.page_errors == []


def test_the_checklist_and_the_mini_model_answer_in_the_comparison(
    page: Any, site_url: str
) -> None:
    from edukit.llm import compare_prompts

    _, prompts = _open(page, site_url)
    assert _part(prompts, "score-0").inner_text() == "1 point de la grille sur 8"
    shown = [_part(prompts, f"prompt-{i}").input_value() for i in (0, 1)]
    expected = " ".join(d["sentence"] for d in compare_prompts(shown)["differences"])
    assert expected.startswith("Rôle : la requête B donne un rôle")
    assert _part(prompts, "differences").inner_text() == expected
    _part(prompts, "prompt-0").fill("Tu es juriste. Résume ce texte en 3 points.")
    assert _part(prompts, "score-0").inner_text().startswith("3 points")
    # Each ticked point shows the words that decided it, as Python finds them.
    assert (
        _part(prompts, "evidence-0-role").inner_text().strip()
        == "Mots repérés : « Tu es juriste »."
    )
    assert (
        _part(prompts, "evidence-0-format").inner_text().strip() == "Mots repérés : « 3 points »."
    )
    shown[0] = "Tu es juriste. Résume ce texte en 3 points."
    expected = " ".join(d["sentence"] for d in compare_prompts(shown)["differences"])
    assert _part(prompts, "differences").inner_text() == expected
    # Before sending: the mini model will continue the text, from its last words only.
    note = _part(prompts, "mini-note").inner_text()
    assert "ne suit pas les consignes" in note and "derniers mots de chaque requête" in note
    assert _part(prompts, "mini-why").is_hidden()
    _part(prompts, "send-all").click()
    for index in (0, 1):
        assert _part(prompts, f"status-{index}").inner_text() == "Réponse terminée."
    # After: why the two answers are the same, or differ only by the prompts' last words.
    answers = [_part(prompts, f"answer-{index}").inner_text() for index in (0, 1)]
    why = _part(prompts, "mini-why").inner_text()
    if answers[0] == answers[1]:
        assert why.startswith("Les réponses A et B sont identiques, et c'est normal")
    else:
        assert why.startswith("Les réponses diffèrent seulement parce que les requêtes")
    # The words each prompt ends with, as the model read them (the second prompt is unchanged).
    assert re.search(r"\(« [^»]+ » pour A, « [^»]+ » pour B\)", why), why
    assert why.endswith(
        "choisissez un service réel (celui de la salle de formation ou un service compatible OpenAI)."
    )
    for index in (0, 1):
        assert "négligeable" in _part(prompts, f"cost-{index}").inner_text()
        assert "EcoLogits" in _part(prompts, f"cost-{index}").inner_text()
    assert "2 essais" in _part(prompts, "history-count").inner_text()
    with page.expect_download() as download:
        _part(prompts, "history-markdown").click()
    saved = Path(download.value.path()).read_text(encoding="utf-8")
    assert saved.startswith("# Historique du bac à sable des requêtes")
    assert page.external_requests == []


def _finished(prompts: Any, index: int = 0) -> None:
    from playwright.sync_api import expect

    expect(_part(prompts, f"status-{index}")).to_have_text("Réponse terminée.", timeout=15_000)


def _configure(page: Any, prompts: Any, service: FakeServer) -> None:
    _part(prompts, "backend-remote").check()
    _part(prompts, "remote-base").fill(service.url)
    _part(prompts, "remote-model").fill("faux-modele")
    _part(prompts, "remote-key").fill(KEY)
    _part(prompts, "remote-save").click()


def test_model_output_stays_text_and_the_key_stays_in_the_session(
    page: Any, site_url: str, service: FakeServer
) -> None:
    _, prompts = _open(page, site_url)
    _configure(page, prompts, service)
    calls = len(service.requests)
    _part(prompts, "send-0").click()
    _finished(prompts)
    assert len(service.requests) == calls + 1
    assert service.authorizations[-1] == f"Bearer {KEY}"
    answer = _part(prompts, "answer-0")
    assert answer.inner_text() == "".join(EVIL)
    assert _part(prompts, "mini-why").is_hidden()  # a real model: no mini-model explanation
    assert answer.locator("img, script").count() == 0
    page.wait_for_timeout(200)
    assert page.evaluate("window.__xss") is None
    # The key: in sessionStorage only, never in localStorage, the page or the widget state.
    assert page.evaluate("sessionStorage.getItem('edukit:playground:key')") == KEY
    assert KEY not in page.evaluate("JSON.stringify(Object.assign({}, localStorage))")
    assert KEY not in page.content()
    assert _part(prompts, "remote-key").input_value() == ""
    mounts = page.evaluate(
        "[...document.querySelectorAll('[data-edukit-mount]')].map(m => m.dataset.edukitState || '')"
    )
    assert all(KEY not in state for state in mounts)
    assert page.external_requests == []
    assert page.page_errors == []


def test_personal_data_is_not_sent_without_confirmation(
    page: Any, site_url: str, service: FakeServer
) -> None:
    _, prompts = _open(page, site_url)
    _configure(page, prompts, service)
    _part(prompts, "prompt-0").fill(
        "Rappelle Mme Leroy au 06 12 34 56 78, IBAN FR76 3000 6000 0112 3456 7890 189."
    )
    calls = len(service.requests)
    _part(prompts, "send-0").click()
    guard = _part(prompts, "guard")
    assert guard.is_visible()
    marks = guard.locator("mark")
    assert [marks.nth(i).inner_text() for i in range(marks.count())] == [
        "06 12 34 56 78",
        "FR76 3000 6000 0112 3456 7890 189",
    ]
    assert page.evaluate("document.activeElement.dataset.playground") == "guard"
    page.wait_for_timeout(300)
    assert len(service.requests) == calls, "nothing may leave before a confirmation"
    _part(prompts, "guard-cancel").click()
    assert len(service.requests) == calls
    _part(prompts, "send-0").click()
    _part(prompts, "guard-anonymise").click()
    _finished(prompts)
    sent = service.requests[-1]["messages"][0]["content"]
    assert sent == "Rappelle Mme Leroy au [TÉLÉPHONE], IBAN [IBAN]."
    assert _part(prompts, "prompt-0").input_value() == sent


@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_axe_finds_no_violation(
    page: Any, site_url: str, scheme: str, axe: Callable[..., Any]
) -> None:
    _, prompts = _open(page, site_url)
    page.evaluate("scheme => document.body.setAttribute('data-md-color-scheme', scheme)", scheme)
    _part(prompts, "send-all").click()
    _part(prompts, "backend-remote").check()
    result = axe(page, "article.md-content__inner", tags=None)  # every rule of axe-core
    assert result == [], json.dumps(result, indent=1)


def test_usable_at_320_px_and_200_percent_zoom(
    offline_page: Callable[..., Any], site_url: str
) -> None:
    tab = offline_page(
        viewport={"width": 320, "height": 640}, device_scale_factor=2, reduced_motion="reduce"
    )
    words, prompts = _open(tab, site_url)
    _part(words, "next-many").click()
    at_once = _part(words, "next-text").inner_text()
    overflow = tab.evaluate(
        "() => [...document.querySelectorAll('[data-edukit-widget] *')]"
        ".filter(e => e.getBoundingClientRect().right > 320.5).map(e => e.className || e.tagName)"
    )
    assert overflow == []
    # Reduced motion: the 20 words appear at once, no word-by-word animation.
    assert len(at_once.split()) > 4 + 10
    tab.wait_for_timeout(300)
    assert _part(words, "next-text").inner_text() == at_once
    _part(prompts, "send-all").click()
    overflow = tab.evaluate(
        "() => [...document.querySelectorAll('[data-edukit-widget] *')]"
        ".filter(e => e.getBoundingClientRect().right > 320.5).map(e => e.className || e.tagName)"
    )
    assert overflow == []
    box = prompts.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 320
