"""Material's stylesheets without the rules the site never uses (:mod:`edukit.site._unused_css`).

The unit tests prune small stylesheets; the browser test compares, element by element, the
computed style of real course pages with Material's full stylesheets and with the pruned ones.
"""

from __future__ import annotations

import logging
from pathlib import Path

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


def _site(root: Path, main: str = ".md-nav{a:1}.blog{b:2}:root{--c:red}") -> Path:
    sheets = root / "assets" / "stylesheets"
    sheets.mkdir(parents=True)
    (sheets / MAIN).write_text(main, encoding="utf-8")
    (sheets / (MAIN + ".map")).write_text("{}", encoding="utf-8")
    palette = "[data-md-color-scheme=slate]{--d:0;color:var(--d)}.md-tag{x:1}"
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
