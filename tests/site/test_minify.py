"""Minified scripts and stylesheets of a built site (:mod:`edukit.site._minify`)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from edukit.site._minify import minify_css, minify_js, minify_site, template_spans

ROOT = Path(__file__).resolve().parents[2]


def test_a_template_nested_in_a_substitution_keeps_its_spaces() -> None:
    # rjsmin alone turns `${key} = ${value}` inside the inner template into `${key}=${value}`.
    code = "const line = items.map((item) => `<li>${item.map(([k, v]) => `${k} = ${v}`)}</li>`);\n"
    assert "`${k} = ${v}`" in minify_js(code)
    assert minify_js(code).startswith("const line=items.map((item)=>`<li>")


def test_backticks_in_strings_comments_and_regexes_open_no_template() -> None:
    code = (
        "const tick = '`';  // a `quoted` word\n"
        'const other = "`";\n'
        "/* `also` not one */\n"
        "const pattern = /[`/]+/g;\n"
        "const real = `a  b`;\n"
        "const half = total / 2 / `x`.length;\n"
    )
    spans = [code[start:end] for start, end in template_spans(code)]
    assert spans == ["`a  b`", "`x`"]
    small = minify_js(code)
    assert "`a  b`" in small and "/[`/]+/g" in small and "'`'" in small
    assert "quoted" not in small and "also" not in small


def test_a_tagged_template_stays_tagged_and_asi_line_breaks_stay() -> None:
    small = minify_js("const css = String.raw`a  \\n`;\nlet a = 1\nlet b = a\n++b\n")
    assert "String.raw `a  \\n`" in small or "String.raw`a  \\n`" in small
    assert "\n++b" in small  # without the line break, `a++` would be read


def test_css_loses_comments_and_spaces() -> None:
    assert minify_css("/* note */\n.a > .b {\n  color : red ;\n}\n") == ".a>.b{color:red}"


def test_minify_site_rewrites_only_the_sites_own_scripts_and_styles(tmp_path: Path) -> None:
    own = tmp_path / "assets" / "edukit" / "widgets"
    own.mkdir(parents=True)
    (own / "quiz.js").write_text("// comment\nexport const a = 1;\n", encoding="utf-8")
    (own / "quiz.css").write_text(".a {  color: red; }\n", encoding="utf-8")
    data = tmp_path / "assets" / "edukit" / "data"
    data.mkdir()
    (data / "model.json").write_text('{ "a": 1 }', encoding="utf-8")
    worker = tmp_path / "assets" / "javascripts" / "workers"
    worker.mkdir(parents=True)
    (worker / "edukit-search-worker.js").write_text("// w\nself.x = 1;\n", encoding="utf-8")
    (worker / "search.min.js").write_text("// Material's\nvar a = 1;\n", encoding="utf-8")
    done = minify_site(tmp_path)
    assert (own / "quiz.js").read_text(encoding="utf-8") == "// comment\nexport const a=1;"
    assert (own / "quiz.css").read_text(encoding="utf-8") == ".a{color:red}"
    assert (data / "model.json").read_text(encoding="utf-8") == '{ "a": 1 }'
    worker_text = (worker / "edukit-search-worker.js").read_text(encoding="utf-8")
    assert worker_text == "// w\nself.x=1;"
    assert (worker / "search.min.js").read_text(encoding="utf-8").startswith("// Material's")
    assert done.files == 3 and done.after < done.before
    assert not list(tmp_path.rglob("*.tmp"))


def _shipped_scripts() -> dict[str, str]:
    """Every script a site ships: the widget modules as bundled, the host and store as linked,
    and each source file."""
    from edukit.site._assets import host_assets
    from edukit.widgets import widget_classes

    scripts = {f"widget {name}": str(cls._esm) for name, cls in widget_classes().items()}
    scripts |= {
        f"linked {name}": text for name, text in host_assets().items() if name.endswith(".js")
    }
    sources = ROOT / "src" / "edukit"
    for folder in ("site/static", "site/assets", "widgets/static"):
        for path in sorted((sources / folder).rglob("*.js")):
            scripts[str(path.relative_to(ROOT))] = path.read_text(encoding="utf-8")
    return scripts


@pytest.mark.slow  # node
def test_every_shipped_script_means_the_same_minified(tmp_path: Path) -> None:
    """acorn parses each script and its minified text: the syntax trees must be equal."""
    node = shutil.which("node")
    if node is None:  # pragma: no cover - make test installs node (Makefile)
        pytest.fail("node is needed to parse the scripts (Debian package nodejs)")
    scripts = _shipped_scripts()
    assert len(scripts) > 15
    pairs = []
    for number, (name, text) in enumerate(scripts.items()):
        original, small = tmp_path / f"{number}.js", tmp_path / f"{number}.min.js"
        original.write_text(text, encoding="utf-8")
        small.write_text(minify_js(text), encoding="utf-8")
        pairs.append({"name": name, "original": str(original), "minified": str(small)})
    listing = tmp_path / "pairs.json"
    listing.write_text(json.dumps(pairs), encoding="utf-8")
    result = subprocess.run(
        [node, str(ROOT / "tests" / "js" / "same_syntax.mjs"), str(listing)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {"compared": len(pairs), "different": []}
