"""The Content-Security-Policy of :mod:`edukit.site._csp` on the real course site.

The built site is copied and every page gets the policy through ``add_csp`` (unless the plugin
already wrote it). Each page type is then opened in Debian chromium with a
``securitypolicyviolation`` listener on every document, its widgets are used (a quiz answer,
the bias slider, the playground's mini model and a call to an OpenAI-compatible service on
127.0.0.1), Material's own features too (palette, search, instant navigation), and there must be
no violation, no console error and no request to another host. The policy must also really
block: an injected inline script does not run, and a prompt cannot go to a plain-HTTP host.
"""

from __future__ import annotations

import http.server
import json
import re
import shutil
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from edukit.site._csp import add_csp, inline_script_hashes

pytestmark = pytest.mark.browser

META = '<meta http-equiv="Content-Security-Policy"'
LISTEN = """document.addEventListener('securitypolicyviolation', event => window.__edukitCsp(
    [event.violatedDirective, event.blockedURI, event.sourceFile, event.lineNumber,
     (event.sample || '').slice(0, 80)].join(' | ')));"""


@dataclass
class Watch:
    """What happened in a browser context: CSP violations, errors, requests off the site."""

    origin: str
    allowed: tuple[str, ...] = ()
    violations: list[str] = field(default_factory=list)
    console: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class CspSite:
    folder: Path
    url: str
    origin: str
    wired: bool
    """The plugin already wrote the policy (else this test added it to a copy)."""


@pytest.fixture(scope="module")
def csp_site(
    quality_site: Any, static_server: Callable[..., Any], tmp_path_factory: pytest.TempPathFactory
) -> CspSite:
    folder = tmp_path_factory.mktemp("csp") / "site"
    shutil.copytree(quality_site.folder, folder)
    pages = sorted(folder.rglob("*.html"))
    wired = all(META in path.read_text(encoding="utf-8") for path in pages)
    if not wired:
        for path in pages:
            path.write_text(add_csp(path.read_text(encoding="utf-8")), encoding="utf-8")
    server = static_server(folder, "/")
    # Material's instant navigation only follows the URLs of sitemap.xml: move them to this copy.
    sitemap = folder / "sitemap.xml"
    text = sitemap.read_text(encoding="utf-8")
    built = re.search(r"<loc>(https?://[^/<]+/)", text)
    assert built, "sitemap.xml lists no page"
    sitemap.write_text(text.replace(built.group(1), server.url), encoding="utf-8")
    return CspSite(folder, server.url, server.origin, wired)


@dataclass
class FakeService:
    """An OpenAI-compatible chat service on 127.0.0.1 that streams a fixed answer."""

    url: str = ""
    calls: int = 0


ANSWER = ["Bonjour, ", "voici ", "trois points."]


@pytest.fixture(scope="module")
def service() -> Iterator[FakeService]:
    state = FakeService()

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.0"

        def log_message(self, format: str, *args: Any) -> None:
            return

        def _cors(self) -> None:
            self.send_header("Access-Control-Allow-Origin", "*")
            self.send_header("Access-Control-Allow-Headers", "Authorization, Content-Type")
            self.send_header("Access-Control-Allow-Methods", "POST, OPTIONS")

        def do_OPTIONS(self) -> None:
            self.send_response(204)
            self._cors()
            self.end_headers()

        def do_POST(self) -> None:
            self.rfile.read(int(self.headers["Content-Length"]))
            state.calls += 1
            self.send_response(200)
            self._cors()
            self.send_header("Content-Type", "text/event-stream")
            self.end_headers()
            for piece in ANSWER:
                event = {"choices": [{"index": 0, "delta": {"content": piece}}]}
                self.wfile.write(f"data: {json.dumps(event)}\n\n".encode())
            done = {"choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]}
            self.wfile.write(f"data: {json.dumps(done)}\n\ndata: [DONE]\n\n".encode())

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    yield state
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


@pytest.fixture
def watched(
    new_context: Callable[..., Any], csp_site: CspSite, service: FakeService
) -> tuple[Any, Watch]:
    """A page whose every document reports CSP violations to ``watch``; requests to hosts
    other than the site and the fake service are aborted and recorded."""
    watch = Watch(csp_site.origin, allowed=(service.url,))
    context = new_context("default")
    context.expose_function("__edukitCsp", lambda text: watch.violations.append(text))
    context.add_init_script(LISTEN)

    def route(route: Any) -> None:
        url = route.request.url
        if url.startswith((watch.origin + "/", *(a + "/" for a in watch.allowed), "data:")):
            route.continue_()
        else:
            watch.foreign.append(url)
            route.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.on("console", lambda m: watch.console.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: watch.errors.append(str(error)))
    return page, watch


def _clean(watch: Watch) -> None:
    assert watch.violations == [], watch.violations
    assert watch.console == [], watch.console
    assert watch.errors == [], watch.errors
    assert watch.foreign == [], watch.foreign


# -- the policy in the pages -------------------------------------------------------------------


def test_every_page_carries_the_policy_first_with_its_inline_scripts(csp_site: CspSite) -> None:
    pages = sorted(csp_site.folder.rglob("*.html"))
    assert pages
    for path in pages:
        html = path.read_text(encoding="utf-8")
        head = re.search(r"<head\b[^>]*>", html)
        assert head, path
        assert html[head.end() :].startswith(META), path
        assert html.count(META) == 1, path
        content = re.search(r'Content-Security-Policy" content="([^"]*)"', html)
        assert content, path
        directives = dict(
            (part.split()[0], part.split()[1:]) for part in content.group(1).split("; ")
        )
        assert set(inline_script_hashes(html)) <= set(directives["script-src"]), path
        assert (
            "'unsafe-eval'" not in content.group(1)
            and "'unsafe-inline'" not in (directives["script-src"])
        )
        for name, sources in directives.items():
            if name != "connect-src":  # the playground's documented exception
                assert all(not re.match(r"https?://", source) for source in sources), name
        # The charset must still be declared in the first 1024 bytes (HTML § 4.2.5.4).
        assert "<meta charset" in html.encode("utf-8")[:1024].decode("utf-8", "ignore"), path


# -- page types with their widgets used ----------------------------------------------------------


def _material(page: Any) -> None:
    """Material's own scripts under the policy: palette toggle, search, back to the scheme."""
    page.locator("input.md-search__input").fill("biais")  # the search worker starts
    page.wait_for_selector(".md-search-result__item", timeout=10_000)
    page.keyboard.press("Escape")
    toggle = page.locator("form[data-md-component='palette'] label:visible").first
    toggle.click()
    page.wait_for_function("() => document.body.dataset.mdColorScheme === 'slate'")
    page.locator("form[data-md-component='palette'] label:visible").first.click()
    page.wait_for_function("() => document.body.dataset.mdColorScheme === 'default'")


@pytest.mark.parametrize("kind", ["home", "plan", "guide", "notebook"])
def test_static_pages_run_under_the_policy(
    csp_site: CspSite,
    watched: tuple[Any, Watch],
    kind_path: Callable[[str], str],
    open_page: Callable[..., None],
    kind: str,
) -> None:
    page, watch = watched
    open_page(page, csp_site.url + kind_path(kind))
    _material(page)
    _clean(watch)


def test_a_quiz_answers_under_the_policy(
    csp_site: CspSite,
    watched: tuple[Any, Watch],
    kind_path: Callable[[str], str],
    open_page: Callable[..., None],
) -> None:
    page, watch = watched
    open_page(page, csp_site.url + kind_path("quiz"))
    question = page.locator("[data-edukit-widget=quiz] fieldset").first
    question.locator("input").first.check()
    question.locator('[data-quiz="submit"]').click()
    feedback = question.locator('[data-quiz="feedback"]')
    feedback.wait_for(state="visible")
    assert feedback.locator('[data-quiz="status"]').inner_text().strip()
    _clean(watch)


def test_the_bias_slider_moves_under_the_policy(
    csp_site: CspSite,
    watched: tuple[Any, Watch],
    kind_path: Callable[[str], str],
    open_page: Callable[..., None],
) -> None:
    page, watch = watched
    open_page(page, csp_site.url + kind_path("bias"))
    widget = page.locator('[data-edukit-widget="bias"]').first
    description = widget.locator("[data-bias=chart-desc]")
    before = description.text_content()
    widget.locator("[data-bias=slider]").focus()
    for _ in range(10):
        page.keyboard.press("ArrowRight")
    page.wait_for_function(
        "before => document.querySelector('[data-edukit-widget=bias] [data-bias=chart-desc]')"
        ".textContent !== before",
        arg=before,
    )
    _clean(watch)


def _playground_page(folder: Path, needle: str) -> str:
    for path in sorted(folder.glob("m*/*/index.html")):
        text = path.read_text(encoding="utf-8")
        if 'data-edukit-mount="playground"' in text and needle in text:
            return f"{path.parent.relative_to(folder).as_posix()}/"
    raise AssertionError(f"no lesson with a playground holding {needle!r}")


def test_the_playground_generates_and_calls_a_local_service_under_the_policy(
    csp_site: CspSite,
    watched: tuple[Any, Watch],
    open_page: Callable[..., None],
    service: FakeService,
) -> None:
    page, watch = watched
    # The next-word mode (mini model in the page).
    open_page(
        page, csp_site.url + _playground_page(csp_site.folder, "mode&quot;: &quot;mot-suivant")
    )
    words = page.locator('[data-edukit-widget="playground"]').first
    before = words.locator('[data-playground="next-text"]').inner_text()
    words.locator('[data-playground="next-one"]').click()
    assert words.locator('[data-playground="next-text"]').inner_text() != before
    # The prompt comparison: the mini model, then an OpenAI-compatible service on 127.0.0.1.
    open_page(page, csp_site.url + _playground_page(csp_site.folder, "mode&quot;: &quot;requetes"))
    prompts = page.locator('[data-edukit-widget="playground"]:has([data-playground="send-0"])')
    prompts = prompts.first

    def part(name: str) -> Any:
        return prompts.locator(f'[data-playground="{name}"]')

    from playwright.sync_api import expect

    part("prompt-0").fill("Tu es juriste. Résume ce texte en 3 points.")
    part("send-0").click()
    expect(part("status-0")).to_have_text("Réponse terminée.", timeout=15_000)
    part("backend-remote").check()
    part("remote-base").fill(service.url + "/v1")
    part("remote-model").fill("faux-modele")
    part("remote-save").click()
    calls = service.calls
    part("send-0").click()
    expect(part("status-0")).to_have_text("Réponse terminée.", timeout=15_000)
    assert service.calls == calls + 1
    assert part("answer-0").inner_text() == "".join(ANSWER)
    _clean(watch)

    # A plain-HTTP host on the network is not an allowed destination: the call is refused by
    # the policy before any request leaves, and the learner sees an error.
    part("remote-base").fill("http://192.0.2.10:8080/v1")
    part("remote-save").click()
    part("send-0").click()
    expect(part("status-0")).not_to_have_text("Réponse terminée.", timeout=15_000)
    page.wait_for_function("() => true")  # let the violation event reach Python
    assert any("connect-src" in v and "192.0.2.10" in v for v in watch.violations), watch.violations
    assert watch.foreign == []


# -- the policy really blocks --------------------------------------------------------------------


def test_an_injected_inline_script_does_not_run(
    csp_site: CspSite,
    watched: tuple[Any, Watch],
    kind_path: Callable[[str], str],
    open_page: Callable[..., None],
) -> None:
    page, watch = watched
    open_page(page, csp_site.url + kind_path("quiz"))
    page.evaluate(
        """() => {
        const script = document.createElement('script');
        script.textContent = 'window.__injected = true';
        document.body.append(script);
        const img = document.createElement('img');
        img.setAttribute('onerror', 'window.__injected = true');
        img.src = 'data:,';
        document.body.append(img);
    }"""
    )
    page.wait_for_timeout(200)
    assert page.evaluate("() => window.__injected") is None
    assert any(v.startswith("script-src-elem") for v in watch.violations), watch.violations
    assert any(v.startswith("script-src-attr") for v in watch.violations), watch.violations


def test_instant_navigation_keeps_every_page_type_working(
    csp_site: CspSite,
    watched: tuple[Any, Watch],
    kind_path: Callable[[str], str],
    open_page: Callable[..., None],
) -> None:
    """Material replaces the content without reloading: the first page's policy then applies
    to every page visited, their widgets included."""
    page, watch = watched
    open_page(page, csp_site.url)
    page.evaluate("() => { window.__sameDocument = true; }")
    for kind in ("plan", "quiz", "bias", "playground", "notebook", "guide", "home"):
        path = kind_path(kind)
        target = urlsplit(csp_site.url + path).path
        mounts = (csp_site.folder / path / "index.html").read_text(encoding="utf-8")
        expected = mounts.count("data-edukit-mount=")
        # A link outside the content Material swaps, clicked like a learner would.
        page.evaluate(
            """path => {
            document.getElementById('__edukit_next')?.remove();
            const a = Object.assign(document.createElement('a'), {href: path, id: '__edukit_next'});
            a.textContent = 'suivant';
            a.style.cssText = 'position: fixed; top: 0; left: 0; z-index: 10000; background: #fff';
            document.body.append(a);
        }""",
            target,
        )
        page.locator("#__edukit_next").click()
        page.wait_for_function("path => location.pathname === path", arg=target)
        page.wait_for_function(
            "count => document.querySelectorAll("
            "'[data-edukit-mount][data-edukit-rendered=true] [data-edukit-widget]').length"
            " === count",
            arg=expected,
            timeout=15_000,
        )
        assert page.evaluate("() => window.__sameDocument") is True, kind
    _clean(watch)
