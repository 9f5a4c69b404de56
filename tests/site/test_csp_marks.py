"""Which inline scripts the policy allows: those a template wrote, marked with the build's token,
never those of the page's content, forged marks included (:mod:`edukit.site._csp`)."""

from __future__ import annotations

import base64
import hashlib
import re

import jinja2
import pytest

from edukit.site._csp import (
    OWN_SCRIPT_ATTRIBUTE,
    OwnScriptLoader,
    add_csp,
    inline_script_hashes,
    mark_own_scripts,
    new_token,
)

TEMPLATE = """<html><head><title>{{ title }}</title>
<meta name="description" content="{{ description }}">
<script>var scope = "{{ base }}";</script>
<script src="{{ base }}/bundle.js"></script>
<script id="__config" type="application/json">{"base": "{{ base }}"}</script>
</head><body>{{ content }}
<script>__md_ready()</script>
{{ '<script>' }}late(){{ "</script>" }}
</body></html>"""


def sha(body: str) -> str:
    return f"'sha256-{base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()}'"


def script_src(html: str) -> list[str]:
    match = re.search(r"script-src ([^;]*);", html)
    assert match, html[:300]
    return match.group(1).split()


def render(token: str, **values: str) -> str:
    env = jinja2.Environment(
        loader=OwnScriptLoader(jinja2.DictLoader({"main.html": TEMPLATE}), token)
    )
    return env.get_template("main.html").render(base="..", **values)


def test_template_scripts_are_allowed_and_content_scripts_are_not() -> None:
    token = new_token()
    content = (
        "<p>Leçon</p><script>window.__pwned = 1</script>"
        f'<script {OWN_SCRIPT_ATTRIBUTE}="{"A" * 32}">window.__pwned = 2</script>'
        f"<script {OWN_SCRIPT_ATTRIBUTE}={token[:-1]}>window.__pwned = 3</script>"
        f"<SCRIPT TYPE=module {OWN_SCRIPT_ATTRIBUTE.upper()}=x>window.__pwned = 4</SCRIPT>"
    )
    page = render(
        token, title="Titre", description='"><script>window.__pwned = 5</script>', content=content
    )
    out = add_csp(page, token)
    allowed = script_src(out)
    assert allowed == ["'self'", sha('var scope = "..";'), sha("__md_ready()"), sha("late()")]
    for number in range(1, 6):
        assert f"window.__pwned = {number}" in out  # still in the page, now without a hash
    assert OWN_SCRIPT_ATTRIBUTE.lower() not in out.lower()
    assert token not in out


def test_the_token_is_drawn_per_build_and_must_be_one() -> None:
    assert len({new_token() for _ in range(50)}) == 50
    with pytest.raises(ValueError, match="not a token"):
        mark_own_scripts("<script>x</script>", 'a" onload="x')
    with pytest.raises(ValueError, match="not a token"):
        add_csp("<head></head>", "")


def test_marks_keep_jinja_strings_valid() -> None:
    token = new_token()
    source = (
        """{{ "<script>" }}{{ '<script type="module">' }}<script\n  defer src="a.js"></script>"""
    )
    marked = mark_own_scripts(source, token)
    assert marked.count(f"{OWN_SCRIPT_ATTRIBUTE}={token}") == 3
    assert "</script>" in marked and f"</script {OWN_SCRIPT_ATTRIBUTE}" not in marked
    assert jinja2.Environment().from_string(marked).render().count("<script") == 3


def test_only_marked_executable_inline_scripts_get_a_hash() -> None:
    token = "t" * 24
    html = (
        f"<script {OWN_SCRIPT_ATTRIBUTE}={token}>a()</script>"
        f'<script {OWN_SCRIPT_ATTRIBUTE}="{token}" type="module">b()</script>'
        f"<script type='text/javascript' {OWN_SCRIPT_ATTRIBUTE}='{token}'>c()</script>"
        f"<script {OWN_SCRIPT_ATTRIBUTE}={token} src=d.js></script>"
        f'<script {OWN_SCRIPT_ATTRIBUTE}={token} type="application/json">{{}}</script>'
        f'<script {OWN_SCRIPT_ATTRIBUTE}={token} type="importmap">{{}}</script>'
        f"<script {OWN_SCRIPT_ATTRIBUTE}={token}x>e()</script>"
        f"<script data-{OWN_SCRIPT_ATTRIBUTE}={token}>f()</script>"
        "<script>g()</script>"
    )
    assert inline_script_hashes(html, token) == [sha("a()"), sha("b()"), sha("c()")]


def test_the_policy_is_first_in_head_and_replaces_an_older_one() -> None:
    token = new_token()
    page = (
        '<html><head><meta http-equiv="Content-Security-Policy" content="default-src *">'
        f"<meta charset=utf-8><script {OWN_SCRIPT_ATTRIBUTE}={token}>go()</script></head></html>"
    )
    out = add_csp(page, token)
    assert out.startswith('<html><head><meta http-equiv="Content-Security-Policy" content="')
    assert out.count("Content-Security-Policy") == 1
    assert script_src(out) == ["'self'", sha("go()")]
    assert out.endswith("<meta charset=utf-8><script>go()</script></head></html>")


def test_a_page_without_head_loses_its_marks_and_gets_no_policy() -> None:
    token = new_token()
    assert add_csp(f"<p><script {OWN_SCRIPT_ATTRIBUTE}={token}>x()</script></p>", token) == (
        "<p><script>x()</script></p>"
    )


def test_a_script_left_open_by_the_content_swallows_the_next_one_unhashed() -> None:
    """A content ``<script>`` without its end tag runs up to the template's ``</script>``: the
    browser sees one script that starts in the content, and that one has no hash."""
    token = new_token()
    page = render(token, title="t", description="d", content="<script>window.__pwned = 1;")
    out = add_csp(page, token)
    swallowed = re.search(r"<script>(window\.__pwned = 1;.*?)</script>", out, re.S)
    assert swallowed
    assert sha(swallowed.group(1)) not in script_src(out)
