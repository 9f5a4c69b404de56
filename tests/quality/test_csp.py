"""The Content-Security-Policy of :mod:`edukit.site._csp` on the real course site.

The built site is copied (the plugin wrote the policy into every page). Each page type is then opened in Debian chromium with a
``securitypolicyviolation`` listener on every document, its widgets are used (a quiz answer,
the bias slider, the playground's mini model and a call to an OpenAI-compatible service on
127.0.0.1), Material's own features too (palette, search, instant navigation), and there must be
no violation, no console error and no request to another host. The policy must also really
block: an injected inline script does not run, and a prompt cannot go to a plain-HTTP host.

Scripts that arrive with lesson content get a site of their own (the good course fixture): a
lesson whose body carries ``<script>`` payloads in every form (plain, module, forged marker,
inside raw HTML, in an admonition, after a closed ``</article>``…) and a home page whose front
matter prints one into ``<head>``. None may run, loaded directly or through instant navigation,
while Material, the quiz, the progress panel and search keep working on the same pages.
"""

from __future__ import annotations

import base64
import hashlib
import re
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from edukit.site._csp import OWN_SCRIPT_ATTRIBUTE

from ..fake_openai import FakeServer, serve
from ..theme import wait_for_theme

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
class ServedSite:
    """A built site's folder and where the static server serves it."""

    folder: Path
    url: str
    origin: str


@pytest.fixture(scope="module")
def csp_site(
    quality_site: Any, static_server: Callable[..., Any], tmp_path_factory: pytest.TempPathFactory
) -> ServedSite:
    folder = tmp_path_factory.mktemp("csp") / "site"
    shutil.copytree(quality_site.folder, folder)
    server = static_server(folder, "/")
    # Material's instant navigation only follows the URLs of sitemap.xml: move them to this copy.
    sitemap = folder / "sitemap.xml"
    text = sitemap.read_text(encoding="utf-8")
    built = re.search(r"<loc>(https?://[^/<]+/)", text)
    assert built, "sitemap.xml lists no page"
    sitemap.write_text(text.replace(built.group(1), server.url), encoding="utf-8")
    return ServedSite(folder, server.url, server.origin)


ANSWER = ["Bonjour, ", "voici ", "trois points."]


@pytest.fixture(scope="module")
def service() -> Iterator[FakeServer]:
    """The fake OpenAI-compatible server answering ``ANSWER``, whatever the key."""
    with serve(FakeServer(answer=ANSWER, key=None)) as state:
        yield state


@pytest.fixture
def watched(
    new_context: Callable[..., Any], csp_site: ServedSite, service: FakeServer
) -> tuple[Any, Watch]:
    """A page whose every document reports CSP violations to ``watch``; requests to hosts
    other than the site and the fake service are aborted and recorded."""
    watch = Watch(csp_site.origin, allowed=(service.origin,))
    return _watched_page(new_context("default"), watch), watch


def _watched_page(context: Any, watch: Watch) -> Any:
    """A page of ``context`` whose every document reports CSP violations to ``watch``, with its
    console and uncaught errors; requests off ``watch.origin`` and ``watch.allowed`` are aborted
    and recorded."""
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
    return page


def _clean(watch: Watch) -> None:
    assert watch.violations == [], watch.violations
    assert watch.console == [], watch.console
    assert watch.errors == [], watch.errors
    assert watch.foreign == [], watch.foreign


_SCRIPT = re.compile(r"<script\b(?P<attrs>[^>]*)>(?P<body>.*?)</script\s*>", re.S | re.I)


def _inline_script_hashes(html: str) -> list[str]:
    """The ``'sha256-…'`` of every inline script of ``html`` a browser would run."""
    found = []
    for match in _SCRIPT.finditer(html):
        attrs = match["attrs"]
        kind = re.search(r"""\btype\s*=\s*["']?([^"'\s>]*)""", attrs)
        if "src=" in attrs or (kind and kind.group(1) not in ("text/javascript", "module")):
            continue
        digest = hashlib.sha256(match["body"].encode("utf-8")).digest()
        found.append(f"'sha256-{base64.b64encode(digest).decode('ascii')}'")
    return found


def _script_src(html: str) -> list[str]:
    content = re.search(r'Content-Security-Policy" content="([^"]*)"', html)
    assert content, "no policy"
    (script_src,) = [part for part in content.group(1).split("; ") if part.startswith("script-src")]
    return script_src.split()[1:]


# -- the policy in the pages -------------------------------------------------------------------


def test_every_page_carries_the_policy_first_with_its_inline_scripts(csp_site: ServedSite) -> None:
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
        # The course's pages carry no script of their own: every inline script is the
        # theme's, and each one is allowed; none keeps its build mark.
        assert set(_inline_script_hashes(html)) <= set(directives["script-src"]), path
        assert OWN_SCRIPT_ATTRIBUTE not in html, path
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


def _material(page: Any, query: str = "biais") -> None:
    """Material's own scripts under the policy: search, palette toggle, back to the scheme."""
    _search(page, query)
    _palette(page)


def _search(page: Any, query: str) -> None:
    """Type ``query`` until Material's search worker has its index and shows results (a query
    typed while the worker still loads the index is dropped)."""
    from playwright.sync_api import TimeoutError as Timeout

    field = page.locator("input.md-search__input")
    field.fill(query)
    for _ in range(10):
        try:
            page.wait_for_selector(".md-search-result__item", timeout=3_000)
            break
        except Timeout:  # retype the last letter, as a learner would
            field.press("Backspace")
            field.press(query[-1])
    else:
        raise AssertionError(f"search found nothing for {query!r}")
    page.keyboard.press("Escape")


def _palette(page: Any) -> None:
    """Material's palette toggle to the dark scheme and back."""
    toggle = page.locator("form[data-md-component='palette'] label:visible").first
    toggle.click()
    page.wait_for_function("() => document.body.dataset.mdColorScheme === 'slate'")
    page.locator("form[data-md-component='palette'] label:visible").first.click()
    page.wait_for_function("() => document.body.dataset.mdColorScheme === 'default'")


@pytest.mark.parametrize("kind", ["home", "plan", "guide", "notebook"])
def test_static_pages_run_under_the_policy(
    csp_site: ServedSite,
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
    csp_site: ServedSite,
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
    csp_site: ServedSite,
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
    csp_site: ServedSite,
    watched: tuple[Any, Watch],
    open_page: Callable[..., None],
    service: FakeServer,
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
    part("remote-base").fill(service.url)
    part("remote-model").fill("faux-modele")
    part("remote-save").click()
    calls = len(service.requests)
    part("send-0").click()
    expect(part("status-0")).to_have_text("Réponse terminée.", timeout=15_000)
    assert len(service.requests) == calls + 1
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
    csp_site: ServedSite,
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
    csp_site: ServedSite,
    watched: tuple[Any, Watch],
    kind_path: Callable[[str], str],
    open_page: Callable[..., None],
) -> None:
    """Material replaces the content without reloading: the first page's policy then applies
    to every page visited, their widgets included."""
    page, watch = watched
    open_page(page, csp_site.url)
    wait_for_theme(page)  # instant navigation comes with Material's bundle
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
        page.wait_for_function(  # each poll scrolls to the next widget waiting to come in view
            "count => { document.querySelector('[data-edukit-rendered=pending]')?.scrollIntoView();"
            " return document.querySelectorAll("
            "'[data-edukit-mount][data-edukit-rendered=true] [data-edukit-widget]').length"
            " === count; }",
            arg=expected,
            timeout=15_000,
        )
        assert page.evaluate("() => window.__sameDocument") is True, kind
    _clean(watch)


# -- scripts that arrive with lesson content ---------------------------------------------------

HOSTILE_LESSON = Path("courses/m2/l03-provenance.md")
HOSTILE_URL = "m2/l03-provenance/"
FORGED = "A" * 32
"""A token the shape of the build's (the real one is drawn after the content is rendered)."""

# Each payload records its number in window.__pwned and the page title if it ever runs.
SCRIPT_PAYLOADS = {
    1: "<script>window.__pwned = 1; document.title = 'pwned 1'</script>",
    2: '<script type="module">window.__pwned = 2; document.title = "pwned 2"</script>',
    3: f'<script {OWN_SCRIPT_ATTRIBUTE}="{FORGED}">window.__pwned = 3; document.title = "p"</script>',
    4: f"<script {OWN_SCRIPT_ATTRIBUTE}={FORGED} type=text/javascript>window.__pwned = 4</script>",
    5: '<div class="encadre">\n<p>Texte.</p>\n<script>window.__pwned = 5</script>\n</div>',
    6: '!!! note "Une note"\n    <script>window.__pwned = 6; document.title = "pwned"</script>',
    7: "<div markdown>\n**Gras**\n\n<script>window.__pwned = 7</script>\n</div>",
    8: "</article></div><script>window.__pwned = 8</script><div><article>",
    9: "<svg><script>window.__pwned = 9</script></svg>",
    10: '<iframe srcdoc="<script>parent.__pwned = 10</script>"></iframe>',
    11: '<img src="data:," onerror="window.__pwned = 11">',
}
HEAD_PAYLOAD = 12
"""Printed raw into ``<head>`` by Material: the home page's front-matter ``description``."""


def _hostile_lesson(root: Path) -> None:
    path = root / HOSTILE_LESSON
    text = path.read_text(encoding="utf-8")
    # No 'html_actif: autorise': a pull request whose review missed the payloads (edukit
    # check warns about each one; the build goes on, and the policy must hold).
    payloads = "\n\n".join(SCRIPT_PAYLOADS.values())
    quiz = '```edukit-quiz\nbank: exercises/provenance\ntitle: "Quiz"\n```'
    path.write_text(f"{text}\n## Essai\n\n{payloads}\n\n{quiz}\n", encoding="utf-8")
    home = root / "courses" / "index.md"
    home.write_text(
        home.read_text(encoding="utf-8").replace(
            "---\n",
            f"---\ndescription: '\"><script>window.__pwned = {HEAD_PAYLOAD}</script>'\n",
            1,
        )
        + "\n[La leçon hostile](m2/l03-provenance.md)\n",
        encoding="utf-8",
    )


@pytest.fixture(scope="module")
def hostile_site(
    tmp_path_factory: pytest.TempPathFactory,
    copy_course: Callable[..., Path],
    course_fixtures: dict[str, Path],
    build_site: Callable[..., Path],
    static_server: Callable[..., Any],
) -> ServedSite:
    root = copy_course(
        course_fixtures["good"], tmp_path_factory.mktemp("hostile") / "repo", home=True
    )
    _hostile_lesson(root)
    folder = tmp_path_factory.mktemp("hostile-site")
    server = static_server(folder, "/")
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(root)
        build_site(root, site_url=server.url, site_dir=folder)
    return ServedSite(folder, server.url, server.origin)


@pytest.fixture
def hostile_page(chromium: Any, hostile_site: ServedSite) -> Iterator[tuple[Any, Watch]]:
    """A page whose CSP violations, errors and requests off the site are recorded."""
    watch = Watch(hostile_site.origin)
    context = chromium.new_context()
    yield _watched_page(context, watch), watch
    context.close()


def _payloads_in(html: str) -> set[int]:
    """The payload numbers whose script reached the page as a script (not escaped)."""
    return {
        int(number)
        for match in _SCRIPT.finditer(html)
        for number in re.findall(r"__pwned = (\d+)", match["body"])
    }


def _blocked_payloads(watch: Watch, html: str) -> set[int]:
    """The payloads the policy blocked, found by the line each violation names; a violation on
    a line without a payload fails (the page's own scripts must all run)."""
    lines = html.splitlines()
    blocked = set()
    for violation in watch.violations:
        directive, _, source, line, _ = violation.split(" | ")
        if directive == "script-src-attr" and not source:  # Chrome gives no place: the <img>
            blocked.add(11)
            continue
        if source in ("about", "about:srcdoc"):  # the <iframe srcdoc> (it inherits the policy)
            blocked.add(10)
            continue
        assert source.startswith(watch.origin), violation
        text = lines[int(line) - 1]
        numbers = {int(n) for n in re.findall(r"__pwned = (\d+)", text)}
        assert numbers, (directive, text[:200])
        blocked |= numbers
    return blocked


def _clean_besides(watch: Watch) -> None:
    """No error but the console's reports of the blocked payloads, no request off the site."""
    assert [e for e in watch.console if "Content Security Policy" not in e] == [], watch.console
    assert watch.errors == [], watch.errors
    assert watch.foreign == [], watch.foreign


def test_the_policy_allows_no_script_of_the_content(hostile_site: ServedSite) -> None:
    for path, expected in (
        (HOSTILE_URL, set(SCRIPT_PAYLOADS) - {11}),
        ("", {HEAD_PAYLOAD}),
    ):
        html = (hostile_site.folder / path / "index.html").read_text(encoding="utf-8")
        # The payloads reached the page as scripts (else this test would prove nothing)…
        assert _payloads_in(html) >= expected - {10}, path  # 10 sits in an attribute
        allowed = set(_script_src(html))
        theme = set()
        for match in _SCRIPT.finditer(html):
            hashes = _inline_script_hashes(match.group(0))
            if not hashes:  # a file or a data block
                continue
            if "__pwned" in match["body"]:
                # …and none of them is allowed…
                assert hashes[0] not in allowed, match.group(0)
            else:
                theme.add(hashes[0])
        # …while the theme's inline scripts are, and nothing else.
        assert allowed == {"'self'", *theme}, path
        assert len(theme) == 3, theme  # Material's scope, palette and tab restoration
        assert OWN_SCRIPT_ATTRIBUTE not in html, path


@pytest.mark.parametrize("where", [HOSTILE_URL, ""])
def test_scripts_of_the_content_do_not_run(
    hostile_site: ServedSite, hostile_page: tuple[Any, Watch], where: str
) -> None:
    page, watch = hostile_page
    page.goto(hostile_site.url + where, wait_until="load")
    page.wait_for_function("() => document.body.dataset.mdColorScheme !== undefined")
    page.wait_for_timeout(300)  # the srcdoc frame and the broken image load
    assert page.evaluate("() => window.__pwned") is None
    assert not page.title().startswith("p"), page.title()
    html = (hostile_site.folder / where / "index.html").read_text(encoding="utf-8")
    expected = set(SCRIPT_PAYLOADS) if where else {HEAD_PAYLOAD}
    assert _blocked_payloads(watch, html) == expected
    _clean_besides(watch)


def test_scripts_of_the_content_do_not_run_after_instant_navigation(
    hostile_site: ServedSite, hostile_page: tuple[Any, Watch]
) -> None:
    """Material swaps the content in without reloading; it re-inserts the content's scripts,
    which the first page's policy must refuse too."""
    page, watch = hostile_page
    page.goto(hostile_site.url + "plan/", wait_until="load")
    page.wait_for_function("() => document.body.dataset.mdColorScheme !== undefined")
    wait_for_theme(page)  # instant navigation comes with Material's bundle
    page.evaluate("() => { window.__sameDocument = true; }")
    page.locator(f"article a[href$='{HOSTILE_URL}']").first.click()
    page.wait_for_function("path => location.pathname.endsWith(path)", arg=HOSTILE_URL)
    page.wait_for_selector("[data-edukit-mount][data-edukit-rendered=true]")
    page.wait_for_timeout(300)
    assert page.evaluate("() => window.__sameDocument") is True
    assert page.evaluate("() => window.__pwned") is None
    _clean_besides(watch)


def test_every_script_edukit_ships_runs_beside_the_blocked_ones(
    hostile_site: ServedSite, hostile_page: tuple[Any, Watch]
) -> None:
    """On the hostile lesson itself: Material (palette, search), the quiz widget and the
    progress panel all work under the policy."""
    page, watch = hostile_page
    page.goto(hostile_site.url + HOSTILE_URL, wait_until="load")
    page.wait_for_function("() => document.body.dataset.mdColorScheme !== undefined")
    page.wait_for_function(
        "() => [...document.querySelectorAll('[data-edukit-mount]')].every("
        "m => m.dataset.edukitRendered === 'true')"
    )
    # Material's inline scripts ran: the storage scope and the palette.
    assert page.evaluate("() => typeof __md_get") == "function"
    _material(page, "provenance")
    # The quiz answers.
    question = page.locator("[data-edukit-widget=quiz] fieldset:has(input[type=radio])").first
    question.locator("input[type=radio]").first.check()
    question.locator('[data-quiz="submit"]').click()
    feedback = question.locator('[data-quiz="feedback"]')
    feedback.wait_for(state="visible")
    assert feedback.locator('[data-quiz="status"]').inner_text().strip()
    # The progress panel opens from the header and counts the quiz.
    page.locator('[data-edukit-progress="open"][data-edukit-place="header"]').click()
    panel = page.get_by_role("dialog", name="Ma progression")
    panel.wait_for(state="visible")
    assert "quiz" in str(page.locator('[data-edukit-progress="summary"]').text_content())
    assert page.evaluate("() => window.__pwned") is None
    html = (hostile_site.folder / HOSTILE_URL / "index.html").read_text(encoding="utf-8")
    assert _blocked_payloads(watch, html) == set(SCRIPT_PAYLOADS)
    _clean_besides(watch)
