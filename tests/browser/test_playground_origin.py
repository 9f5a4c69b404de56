"""The playground's key stays with the origin it was typed for (issue 15), in Debian chromium.

The widget module the site ships (``PromptPlayground._esm``) is rendered in a plain page served
from 127.0.0.1, with the state Python would give it; two OpenAI-compatible services listen on
127.0.0.1 on two other ports. The key typed for the first one must never reach the second.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from ..fake_openai import FakeServer, serve

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
KEY = "sk-" + "origin-test-0123456789abcdef"  # split: no key-like literal in the sources
PAGE = """<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>Bac à sable</title></head>
<body><div id="widget"></div>
<script type="module">
import widget from "./playground.js";
const state = %s;
const model = { get: (name) => state[name], on() {}, off() {}, send() {} };
widget.render({ model, el: document.getElementById("widget") });
</script></body></html>
"""


@pytest.fixture(scope="module")
def services() -> Iterator[tuple[FakeServer, FakeServer]]:
    """Two OpenAI-compatible services taking any key (or none), each recording its headers."""
    with (
        serve(FakeServer(answer=["Bonjour."], key=None)) as first,
        serve(FakeServer(answer=["Bonjour."], key=None)) as second,
    ):
        yield first, second


@pytest.fixture(scope="module")
def page_url(tmp_path_factory: pytest.TempPathFactory, static_server: Callable[..., Any]) -> str:
    from edukit.widgets import PromptPlayground

    folder = tmp_path_factory.mktemp("playground-origin")
    checks = json.loads((ROOT / "tests/fixtures/prompts/verdicts.json").read_text("utf-8"))[
        "checks"
    ]
    state = {
        "lang": "fr",
        "mode": "requetes",
        "variants": 2,
        "prompts": ["Résume ce texte.", "Tu es juriste. Résume ce texte en 3 points."],
        "checks": checks,
        "endpoint": {},
        "error": "",
    }
    (folder / "playground.js").write_text(str(PromptPlayground._esm), encoding="utf-8")
    (folder / "index.html").write_text(PAGE % json.dumps(state), encoding="utf-8")
    return str(static_server(folder).url)


def test_the_key_goes_only_to_the_origin_it_was_typed_for(
    browser_page: tuple[Any, Any], page_url: str, services: tuple[FakeServer, FakeServer]
) -> None:
    from playwright.sync_api import expect

    page, log = browser_page
    first, second = services
    page.goto(page_url + "index.html")
    part = lambda name: page.locator(f'[data-playground="{name}"]')  # noqa: E731
    part("backend-remote").check()
    part("remote-base").fill(first.url)
    part("remote-model").fill("faux-modele")
    part("remote-key").fill(KEY)
    part("remote-save").click()
    part("send-0").click()
    expect(part("status-0")).to_have_text("Réponse terminée.", timeout=15_000)
    assert first.authorizations == [f"Bearer {KEY}"]

    # Another origin (same host, another port): the key is asked for again, nothing is sent.
    part("remote-base").fill(second.url)
    asked = (
        f"La clé a été saisie pour {first.url.removesuffix('/v1')} ; "
        f"saisissez-la de nouveau pour {second.url.removesuffix('/v1')}."
    )
    expect(part("remote-key-status")).to_have_text(asked)
    part("send-0").click()
    expect(part("status-0")).to_have_text(asked)
    expect(part("remote-key")).to_be_focused()
    part("remote-save").click()  # saving the new address alone does not move the key
    part("send-0").click()
    expect(part("status-0")).to_have_text(asked)
    assert second.authorizations == []

    # Forgotten, the learner may use the second service without a key: none is sent.
    part("remote-forget").click()
    part("send-0").click()
    expect(part("status-0")).to_have_text("Réponse terminée.", timeout=15_000)
    assert second.authorizations == [""]
    assert first.authorizations == [f"Bearer {KEY}"]
    assert log.page_errors == []


def test_a_key_is_kept_only_with_a_full_address(
    browser_page: tuple[Any, Any], page_url: str, services: tuple[FakeServer, FakeServer]
) -> None:
    from playwright.sync_api import expect

    page, _ = browser_page
    part = lambda name: page.locator(f'[data-playground="{name}"]')  # noqa: E731
    page.goto(page_url + "index.html")
    part("backend-remote").check()
    part("remote-base").fill(services[0].url.removeprefix("http://"))
    part("remote-model").fill("faux-modele")
    part("remote-key").fill(KEY)
    part("remote-save").click()
    expect(part("remote-key-status")).to_contain_text("commence par http:// ou https://")
    expect(part("remote-base")).to_be_focused()
    assert page.evaluate("sessionStorage.getItem('edukit:playground:key')") is None
