"""Material's stylesheets without the rules the site never uses (:mod:`edukit.site._unused_css`).

The unit tests prune small stylesheets; the browser test compares, element by element, the
computed style of real course pages with Material's full stylesheets and with the pruned ones.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from edukit.site._unused_css import CssParseError, Usage, prune_css, prune_site


def _prune(css: str, html: str = "", script: str = "") -> str:
    return prune_css(css, Usage.of([html], scripts=[script]))


# -- selectors and rules -------------------------------------------------------------------


def test_a_rule_keeps_only_the_selectors_whose_classes_and_ids_are_all_used() -> None:
    css = ".md-grid .card, .md-grid, #top .card, .blog .card { margin: 0 } .blog { color: red }"
    html = '<div class="md-grid" id="top"><p class="card">'
    assert _prune(css, html) == ".md-grid .card,.md-grid,#top .card{margin:0}"


def test_selectors_naming_no_class_nor_id_stay() -> None:
    css = "body { margin: 0 } [data-md-color-scheme=slate] { color: #fff } a:hover::after { x: 1 }"
    assert (
        _prune(css) == "body{margin:0}[data-md-color-scheme=slate]{color:#fff}a:hover::after{x:1}"
    )


def test_classes_inside_functional_pseudo_classes_are_not_required() -> None:
    css = (
        ".md-nav:not(.md-nav--primary) { a: 1 } .md-nav:is(.grid, .cards) > p { b: 2 } "
        ":where(.blog) .md-nav { c: 3 } .md-nav:has(.tag) { d: 4 } .blog:not(.md-nav) { e: 5 }"
    )
    assert _prune(css, '<nav class="md-nav">') == (
        ".md-nav:not(.md-nav--primary){a:1}.md-nav:is(.grid,.cards)>p{b:2}"
        ":where(.blog) .md-nav{c:3}.md-nav:has(.tag){d:4}"
    )


def test_a_class_is_a_whole_word_not_a_part_of_one() -> None:
    # "md-tag" is written only inside "md-tags": the rule for .md-tag goes.
    assert _prune(".md-tag { a: 1 } .md-tags { b: 2 }", '<p class="md-tags">') == ".md-tags{b:2}"


def test_an_escaped_class_the_words_cannot_tell_stays() -> None:
    assert _prune(r".md\:hidden { display: none }") == r".md\:hidden{display:none}"


def test_at_rule_blocks_are_pruned_inside_and_go_when_empty() -> None:
    css = (
        "@media screen and (min-width: 60em) { .md-nav { a: 1 } .blog { b: 2 } }"
        "@media print { .blog { c: 3 } }"
        "@supports (display: grid) { @media (hover) { .md-nav { d: 4 } .cards { e: 5 } } }"
        "@supports (gap: 1px) { .cards { f: 6 } }"
    )
    assert _prune(css, '<nav class="md-nav">') == (
        "@media screen and (min-width:60em){.md-nav{a:1}}"
        "@supports (display:grid){@media (hover){.md-nav{d:4}}}"
    )


def test_charset_font_face_import_and_page_stay() -> None:
    css = (
        '@charset "UTF-8";@import url(a.css);'
        '@font-face { font-family: "X"; src: url(x.woff2) } @page { margin: 25mm 10mm }'
        ".blog { a: 1 }"
    )
    assert _prune(css) == (
        '@charset "UTF-8";@import url(a.css);'
        '@font-face{font-family:"X";src:url(x.woff2)}@page{margin:25mm 10mm}'
    )


def test_keyframes_stay_while_a_kept_declaration_or_a_used_word_names_them() -> None:
    css = (
        "@keyframes spin { to { transform: rotate(1turn) } }"
        "@keyframes pulse { to { opacity: 0 } }"
        "@keyframes fade { to { opacity: 1 } }"
        ".md-nav { animation: spin 1s } .blog { animation-name: pulse }"
    )
    assert _prune(css, '<nav class="md-nav">') == (
        "@keyframes spin{to{transform:rotate(1turn)}}.md-nav{animation:spin 1s}"
    )
    kept = _prune(css, '<nav class="md-nav">', script='el.style.animationName = "fade"')
    assert "@keyframes fade" in kept and "pulse" not in kept


# -- custom properties ----------------------------------------------------------------------


def test_custom_properties_nothing_reads_go_until_none_more_goes() -> None:
    # --a reads --b, which reads --c: once .blog goes, nothing reads --a, so all three go.
    css = (
        ":root { --a: var(--b); --b: var(--c, 1px); --c: red; --d: blue; --e: 2px }"
        ".blog { color: var(--a) } .md-nav { color: var(--d) }"
    )
    assert _prune(css, '<nav class="md-nav">') == ":root{--d:blue}.md-nav{color:var(--d)}"
    chained = _prune(css, '<nav class="md-nav blog">')
    assert ":root{--a:var(--b);--b:var(--c,1px);--c:red;--d:blue}" in chained


def test_a_fallback_reads_its_property_and_an_empty_rule_goes() -> None:
    css = ":root { --x: 1px; --y: 2px } .md-nav { margin: var(--z, var(--x)) } .blank { --y: 3px }"
    assert _prune(css, '<p class="md-nav blank">') == (
        ":root{--x:1px}.md-nav{margin:var(--z,var(--x))}"
    )


def test_a_custom_property_a_page_script_or_stylesheet_reads_stays() -> None:
    css = ":root { --md-tooltip-x: 0; --md-progress-value: 0; --ink: red; --gone: 0 }"
    html = '<div style="--md-progress-value: 40">'
    script = 'el.style.setProperty("--md-tooltip-x", `${x}px`)'
    usage = Usage.of([html], scripts=[script], stylesheets=[".edukit { color: var(--ink) }"])
    assert prune_css(css, usage) == ":root{--md-tooltip-x:0;--md-progress-value:0;--ink:red}"


# -- words and prefixes ---------------------------------------------------------------------


def test_a_script_that_builds_a_name_keeps_every_class_with_that_prefix() -> None:
    css = (
        ".md-typeset__table { a: 1 } .md-typeset__scrollwrap { b: 2 } .md-typeset { c: 3 }"
        ".edukit-quiz--correct { d: 4 } .edukit-quiz--wrong { e: 5 } .edukit-quiz { f: 6 }"
        ".md-tag--cat { g: 7 } .other { h: 8 }"
    )
    script = 'a.className = "md-typeset__" + x; b = `edukit-quiz--${state}`; c = `md-tag--${n}`'
    assert _prune(css, script=script) == (
        ".md-typeset__table{a:1}.md-typeset__scrollwrap{b:2}"
        ".edukit-quiz--correct{d:4}.edukit-quiz--wrong{e:5}.md-tag--cat{g:7}"
    )


def test_a_lone_dash_or_a_word_ending_a_sentence_is_no_prefix() -> None:
    usage = Usage.of(
        ['<p>Voir la page « auto- » et "semi-"</p>'],
        scripts=['const s = "-"; x = a - b; y = "__"; z = `${a}-${b}`'],
    )
    assert usage.prefixes == ()
    assert not usage.uses("md-nav") and not usage.uses("auto-hide")


def test_material_builds_class_names_the_rules_cover() -> None:
    """Each class Material's bundle builds at run time counts as used (by word or prefix)."""
    bundle = next(
        (Path(pytest.importorskip("material").__file__).parent / "templates").glob(
            "assets/javascripts/bundle.*.min.js"
        )
    )
    usage = Usage.of([], scripts=[bundle.read_text(encoding="utf-8")])
    for built in ("md-tag--cat", "md-source__fact--stars", "md-source__fact--forks"):
        assert usage.uses(built), built
    for written in ("md-annotation__index", "md-code__button", "md-search-result__item"):
        assert usage.uses(written), written
    assert not usage.uses("md-post__authors")  # the blog's classes are not in the bundle


# -- unparseable ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "css",
    [".md-nav { color: red }}", ".md-nav { color red }", ".md-nav { .md-tag { a: 1 } }"],
    ids=["stray-brace", "bad-declaration", "nested-rule"],
)
def test_a_stylesheet_that_does_not_parse_cleanly_is_refused(css: str) -> None:
    with pytest.raises(CssParseError):
        _prune(css, '<nav class="md-nav md-tag">')


# -- the site -------------------------------------------------------------------------------


MAIN = "main.57a0d79d.min.css"
PALETTE = "palette.fb2fffe2.min.css"


def _site(
    root: Path,
    main: str = ".md-nav{a:1}.blog{b:2}:root{--c:red}",
    palette: str = "[data-md-color-scheme=slate]{--d:0;color:var(--d)}.md-tag{x:1}",
) -> Path:
    sheets = root / "assets" / "stylesheets"
    sheets.mkdir(parents=True)
    (sheets / MAIN).write_text(main, encoding="utf-8")
    (sheets / (MAIN + ".map")).write_text("{}", encoding="utf-8")
    (sheets / PALETTE).write_text(palette, encoding="utf-8")
    links = (
        f'<link rel="stylesheet" href="{{up}}assets/stylesheets/{MAIN}">'
        f'<link rel="stylesheet" href="{{up}}assets/stylesheets/{PALETTE}">'
    )
    (root / "index.html").write_text(links.format(up="") + '<nav class="md-nav">', "utf-8")
    (root / "404.html").write_text(links.format(up="/"), encoding="utf-8")
    lesson = root / "m1" / "l01"
    lesson.mkdir(parents=True)
    (lesson / "index.html").write_text(links.format(up="../../"), encoding="utf-8")
    (root / "assets" / "stylesheets" / "extra.css").write_text(".blog{b:2}", encoding="utf-8")
    return root


def _linked(page: Path) -> list[str]:
    text = page.read_text(encoding="utf-8")
    return [part.split('"')[0] for part in text.split("assets/stylesheets/")[1:]]


def test_prune_site_writes_new_names_and_rewrites_every_page(tmp_path: Path) -> None:
    site = _site(tmp_path)
    done = prune_site(site)
    sheets = site / "assets" / "stylesheets"
    names = sorted(path.name for path in sheets.iterdir())
    main = next(name for name in names if name.startswith("main."))
    palette = next(name for name in names if name.startswith("palette."))
    assert names == sorted([main, palette, "extra.css"])  # old files and stale map gone
    assert main != MAIN and palette != PALETTE
    assert (sheets / main).read_text(encoding="utf-8") == ".md-nav{a:1}"
    assert (sheets / palette).read_text(encoding="utf-8") == (
        "[data-md-color-scheme=slate]{--d:0;color:var(--d)}"
    )
    for page in ("index.html", "404.html", "m1/l01/index.html"):
        assert _linked(site / page) == [main, palette], page
    assert done.pages == 3 and done.untouched == []
    assert [(item.before, item.after) for item in done.files] == [(MAIN, main), (PALETTE, palette)]
    assert all(item.size_after < item.size_before for item in done.files)
    assert all(item.gzip_after <= item.gzip_before for item in done.files)
    assert not list(site.rglob("*.tmp"))
    extra = sheets / "extra.css"
    assert extra.read_text(encoding="utf-8") == ".blog{b:2}"  # not Material's: left alone


def test_the_name_hashes_the_content(tmp_path: Path) -> None:
    import hashlib

    prune_site(_site(tmp_path))
    main = next((tmp_path / "assets" / "stylesheets").glob("main.*.min.css"))
    digest = hashlib.sha256(main.read_bytes()).hexdigest()[:8]
    assert main.name == f"main.{digest}.min.css"


def test_prune_site_twice_changes_nothing_more(tmp_path: Path) -> None:
    site = _site(tmp_path)
    prune_site(site)
    before = {path: path.read_bytes() for path in site.rglob("*") if path.is_file()}
    again = prune_site(site)
    after = {path: path.read_bytes() for path in site.rglob("*") if path.is_file()}
    assert after == before
    assert again.pages == 0
    assert [(item.before == item.after) for item in again.files] == [True, True]


def test_a_stylesheet_that_does_not_parse_is_left_alone_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    site = _site(tmp_path, main=".md-nav{a:1}.blog{color red}")
    pages = {path: path.read_bytes() for path in site.rglob("*.html")}
    with caplog.at_level(logging.WARNING, logger="mkdocs.plugins.edukit"):
        done = prune_site(site)
    sheets = site / "assets" / "stylesheets"
    assert (sheets / MAIN).read_text(encoding="utf-8") == ".md-nav{a:1}.blog{color red}"
    assert (sheets / (MAIN + ".map")).exists()
    assert done.untouched == [MAIN]
    assert [item.before for item in done.files] == [PALETTE]  # the other one is still pruned
    assert [_linked(page)[0] for page in pages] == [MAIN] * 3
    assert [(record.levelno, record.getMessage()) for record in caplog.records] == [
        (
            logging.WARNING,
            f"edukit: {MAIN} left as it is, it does not parse cleanly "
            "(.blog: EOF reached before {} block for a qualified rule.)",
        )
    ]


def test_a_custom_property_one_stylesheet_declares_and_another_reads_stays(
    tmp_path: Path,
) -> None:
    # Material's palette sets --md-hue; its main stylesheet reads it (and the other way round).
    site = _site(
        tmp_path,
        main=":root{--md-fg:hsla(var(--md-hue),15%,90%);--md-unread:0}.md-nav{color:var(--md-bg)}",
        palette="[data-md-color-scheme=slate]{--md-hue:225deg;--md-bg:#000;color:var(--md-fg)}",
    )
    prune_site(site)
    sheets = site / "assets" / "stylesheets"
    main = next(sheets.glob("main.*.min.css")).read_text(encoding="utf-8")
    palette = next(sheets.glob("palette.*.min.css")).read_text(encoding="utf-8")
    assert main == ":root{--md-fg:hsla(var(--md-hue),15%,90%)}.md-nav{color:var(--md-bg)}"
    assert (
        palette == "[data-md-color-scheme=slate]{--md-hue:225deg;--md-bg:#000;color:var(--md-fg)}"
    )


def test_what_an_unparsed_stylesheet_reads_stays_in_the_others(tmp_path: Path) -> None:
    site = _site(
        tmp_path,
        main=".md-nav{color:var(--md-hue)}.blog{color red}",
        palette="[data-md-color-scheme=slate]{--md-hue:225deg;--md-other:0}",
    )
    done = prune_site(site)
    assert done.untouched == [MAIN]
    palette = next((site / "assets" / "stylesheets").glob("palette.*.min.css"))
    assert palette.read_text(encoding="utf-8") == "[data-md-color-scheme=slate]{--md-hue:225deg}"


def test_a_stylesheet_that_is_not_utf8_is_left_alone(tmp_path: Path) -> None:
    site = _site(tmp_path)
    main = site / "assets" / "stylesheets" / MAIN
    main.write_bytes(b".md-nav{content:'\xff'}")
    done = prune_site(site)
    assert main.read_bytes() == b".md-nav{content:'\xff'}"
    assert done.untouched == [MAIN]


def test_a_site_without_material_stylesheets_is_left_alone(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text("<p>", encoding="utf-8")
    done = prune_site(tmp_path)
    assert done.files == [] and done.untouched == [] and done.pages == 0


# -- the real course in Chromium: the same computed style with the full and pruned CSS -------

PAGES = (
    "",  # the home page
    "m2-comprendre/l02-ia-definitions/",  # the quiz lesson
    "notebooks/mot-suivant/",  # a notebook page (with a playground)
    "guides/formateur/",  # a trainer guide
)
WIDTHS = (1280, 320)
PROPERTIES = (
    "display",
    "position",
    "top",
    "left",
    "float",
    "visibility",
    "opacity",
    "z-index",
    "width",
    "height",
    "padding-top",
    "padding-left",
    "border-top-width",
    "border-left-style",
    "border-top-left-radius",
    "color",
    "background-color",
    "background-image",
    "-webkit-mask-image",
    "font-family",
    "font-size",
    "font-weight",
    "line-height",
    "text-align",
    "text-transform",
    "text-decoration-line",
    "white-space",
    "overflow-x",
    "box-shadow",
    "transform",
    "content",
)
"""What the comparison reads of every element and of its ``::before`` and ``::after``; an
element's position on the page (its box's x and y) is read too."""
_STYLES = """(properties) => {
    const styles = {};
    document.querySelectorAll('*').forEach((element, index) => {
        const first = element.classList.length ? '.' + element.classList[0] : '';
        const name = `${index} ${element.tagName.toLowerCase()}${first}`;  // ids may be random
        for (const pseudo of ['', '::before', '::after']) {
            const style = getComputedStyle(element, pseudo || null);
            if (pseudo && ['none', 'normal'].includes(style.content)) continue;
            const values = properties.map((p) => style.getPropertyValue(p));
            if (!pseudo) {  // where the box is (Chromium may report a stale auto margin)
                const box = element.getBoundingClientRect();
                values.push(`${Math.round(box.x)},${Math.round(box.y)}`);
            }
            styles[name + pseudo] = values;
        }
    });
    return styles;
}"""
_SETTLED = """async () => {
    const finite = document.getAnimations().filter(
        (animation) => animation.effect?.getComputedTiming().endTime !== Infinity
    );
    await Promise.all(finite.map((animation) => animation.finished.catch(() => null)));
}"""
_SEARCH = "(open) => { const box = document.getElementById('__search'); box.checked = open; }"
_SLATE = "() => document.body.setAttribute('data-md-color-scheme', 'slate')"
PRUNED_STEMS = ("main", "palette")
"""Material's stylesheets that the build prunes, by the first part of their names."""
_STYLESHEET = re.compile(r".*/assets/stylesheets/(main|palette)\.[0-9a-f]+\.min\.css$")

Styles = dict[str, dict[str, list[str]]]
"""Computed styles by state, then by element. The states, in turn: the page as loaded (with
Material's bundle still waiting, when it waits for the learner), after a key press (the bundle
there), with the search overlay open, then in the dark palette."""


@pytest.fixture(scope="module")
def course_site(learner_course_site: Path) -> Path:
    """This repository's course, built as learners get it (its Material stylesheets pruned)."""
    return learner_course_site


def _material_stylesheets() -> dict[str, bytes]:
    """Material's stylesheets as it ships them, by stem (``main``, ``palette``)."""
    import material

    folder = Path(material.__file__).parent / "templates" / "assets" / "stylesheets"
    return {stem: next(folder.glob(f"{stem}.*.min.css")).read_bytes() for stem in PRUNED_STEMS}


def _settled_styles(page: Any) -> dict[str, list[str]]:
    """The page's computed styles once its transitions are over and two reads 300 ms apart
    agree (Material's scripts lay the page out over a few frames after they start)."""
    page.evaluate(_SETTLED)
    styles = page.evaluate(_STYLES, list(PROPERTIES))
    for _ in range(20):
        page.wait_for_timeout(300)
        page.evaluate(_SETTLED)
        again = page.evaluate(_STYLES, list(PROPERTIES))
        if again == styles:
            return styles
        styles = again
    raise AssertionError(f"the page at {page.url} never settled")


def _site_stylesheets(site: Path) -> dict[str, bytes]:
    """The site's pruned stylesheets, by stem."""
    folder = site / "assets" / "stylesheets"
    return {stem: next(folder.glob(f"{stem}.*.min.css")).read_bytes() for stem in PRUNED_STEMS}


def _styles(browser: Any, url: str, width: int, sheets: dict[str, bytes]) -> Styles:
    """Computed styles of the page at ``url`` with Material's stylesheets served from ``sheets``.

    Both sides of a comparison are served this way (Playwright's routing alone changes when
    Material's scripts measure the page), so only the stylesheets' text differs.
    """
    context = browser.new_context(viewport={"width": width, "height": 900})
    try:

        def serve(route: Any) -> None:
            match = _STYLESHEET.match(route.request.url)
            assert match is not None
            route.fulfill(status=200, content_type="text/css", body=sheets[match.group(1)])

        context.route(_STYLESHEET, serve)
        page = context.new_page()
        page.goto(url, wait_until="networkidle")
        states: Styles = {}
        for state in ("page", "theme", "search", "slate"):
            if state == "theme":  # a key press: Material's bundle, if it waits, loads now
                page.keyboard.press("Shift")
                page.wait_for_function("() => window.keyboard$ !== undefined", timeout=30_000)
                page.wait_for_load_state("networkidle")
            elif state == "search":
                page.evaluate(_SEARCH, True)
            elif state == "slate":
                page.evaluate(_SEARCH, False)
                page.evaluate(_SLATE)
            states[state] = _settled_styles(page)
        return states
    finally:
        context.close()


def _differences(full: Styles, pruned: Styles) -> list[str]:
    found: list[str] = []
    for state, elements in full.items():
        other = pruned[state]
        for name in sorted(elements.keys() | other.keys()):
            before, after = elements.get(name), other.get(name)
            if before is None or after is None:
                found.append(f"{state} {name}: only {'pruned' if before is None else 'full'}")
                continue
            changed = [
                f"{prop}: {old!r} -> {new!r}"
                for prop, old, new in zip(
                    (*PROPERTIES, "position x,y"), before, after, strict=False
                )
                if old != new
            ]
            if changed:
                found.append(f"{state} {name}: {'; '.join(changed)}")
    return found


def _compare(
    browser: Any, url: str, width: int, full: dict[str, bytes], pruned: dict[str, bytes]
) -> list[str]:
    before = _styles(browser, url, width, full)
    assert len(before["page"]) > 200, url  # the page rendered, with its navigation
    return _differences(before, _styles(browser, url, width, pruned))


@pytest.mark.site
@pytest.mark.browser
def test_pruned_stylesheets_style_every_element_as_the_full_ones(
    course_site: Path, chromium: Any, static_server: Callable[..., Any]
) -> None:
    sheets, pruned_sheets = _material_stylesheets(), _site_stylesheets(course_site)
    folder = course_site / "assets" / "stylesheets"
    names = sorted(path.name for path in folder.iterdir())
    assert [name.split(".")[0] for name in names] == list(PRUNED_STEMS)  # renamed, maps gone
    assert sum(map(len, pruned_sheets.values())) < 0.8 * sum(map(len, sheets.values()))
    url = static_server(course_site).url
    differences: list[str] = []
    for path in PAGES:
        assert _linked(course_site / path / "index.html") == names, path
        for width in WIDTHS:
            found = _compare(chromium, url + path, width, sheets, pruned_sheets)
            if found:  # only what happens again: Material's scripts may lay out a page late
                found = sorted(
                    set(found) & set(_compare(chromium, url + path, width, sheets, pruned_sheets))
                )
            differences += [f"/{path} at {width} px: {line}" for line in found[:20]]
    assert differences == []


@pytest.mark.site
@pytest.mark.browser
def test_the_comparison_sees_a_used_rule_dropped(
    course_site: Path, chromium: Any, static_server: Callable[..., Any]
) -> None:
    """The comparison above can fail: without one rule the page uses, it reports differences."""
    sheets, pruned = _material_stylesheets(), _site_stylesheets(course_site)
    text = pruned["main"].decode()
    rule = re.search(r"\.md-header\{[^}]*\}", text)
    assert rule is not None
    crippled = {**pruned, "main": text.replace(rule.group(0), "").encode()}
    url = static_server(course_site).url + PAGES[1]
    found = _differences(
        _styles(chromium, url, 1280, sheets), _styles(chromium, url, 1280, crippled)
    )
    assert any("header.md-header: position: 'sticky'" in line for line in found), found[:5]
