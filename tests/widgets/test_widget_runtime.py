"""The widget runtime's own rules: author mistakes and edukit bugs told apart, the cache never
silently off, fences counted as superfences counts them, per-build state kept per runtime."""

from __future__ import annotations

import logging
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from mkdocs.exceptions import PluginError

from edukit._problems import ProblemError
from edukit.site import _live
from edukit.site._widgets import WidgetRuntime
from edukit.site.blocks import BLOCKS, Block, BlockContext
from edukit.site.plugin import EdukitPlugin, binder_link

from .conftest import FakeFile, FakePage

pytestmark = pytest.mark.widget


def probe_state(data: dict[str, Any], context: BlockContext) -> tuple[str, dict[str, Any]]:
    return "probe", {"count": int(data.get("n", 0)), "text": "", "key": "k", "lang": "fr"}


def page_with(root: Path, markdown: str) -> FakePage:
    path = root / "docs" / "lecon.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(markdown, encoding="utf-8")
    return FakePage(FakeFile(str(path), "lecon.md"), markdown)


def render(runtime: WidgetRuntime, root: Path, markdown: str, name: str, source: str) -> str:
    page = page_with(root, markdown)
    placeholder = runtime_fence(name, source)
    config = {"config_file_path": str(root / "mkdocs.yml"), "theme": {"language": "fr"}}
    return runtime.on_page_content(placeholder, page=page, config=config, files=None)


def runtime_fence(name: str, source: str) -> str:
    from edukit.site._fences import fence_format

    return fence_format(source, f"edukit-{name}", "edukit-block", {}, None)


def one_block_page(name: str, source: str) -> str:
    return f"# Leçon\n\nTexte.\n\n```edukit-{name}\n{source}```\n"


# -- author mistakes and edukit bugs ---------------------------------------------------------


def test_a_bug_in_a_builder_is_an_internal_error_with_its_traceback_logged(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(data: dict[str, Any], context: BlockContext) -> tuple[str, dict[str, Any]]:
        return "probe", {"count": data["missing"]}  # a KeyError: edukit's bug, not the author's

    runtime = WidgetRuntime({"casse": Block("casse", broken)})
    with (
        caplog.at_level(logging.ERROR, logger="mkdocs.plugins.edukit"),
        pytest.raises(PluginError) as caught,
    ):
        render(runtime, tmp_path, one_block_page("casse", "n: 1\n"), "casse", "n: 1\n")
    message = str(caught.value)
    assert message.startswith("docs/lecon.md:5: erreur interne d'edukit")
    assert "ce n'est pas une erreur dans votre page" in message and "KeyError" in message
    assert "is not valid" not in message
    (record,) = [r for r in caplog.records if r.exc_info]
    assert record.exc_info is not None and record.exc_info[0] is KeyError
    assert "docs/lecon.md:5" in record.getMessage()


def test_an_author_mistake_stays_a_path_line_message_with_no_internal_error(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    def strict(data: dict[str, Any], context: BlockContext) -> tuple[str, dict[str, Any]]:
        raise ProblemError([context.problem("« n » manque", "ajoutez n: 1")])

    runtime = WidgetRuntime({"strict": Block("strict", strict)})
    with pytest.raises(PluginError, match=r"^docs/lecon\.md:5: « n » manque — ajoutez n: 1$"):
        render(runtime, tmp_path, one_block_page("strict", "m: 1\n"), "strict", "m: 1\n")
    assert not [r for r in caplog.records if r.exc_info]


def test_a_block_whose_inputs_fail_unexpectedly_is_not_silently_left_uncached(
    tmp_path: Path,
) -> None:
    def inputs(data: dict[str, Any], context: BlockContext) -> list[Any] | None:
        raise AttributeError("'NoneType' object has no attribute 'digest'")

    runtime = WidgetRuntime({"lue": Block("lue", probe_state, inputs=inputs)})
    with pytest.raises(PluginError, match=r"erreur interne d'edukit.*AttributeError"):
        render(runtime, tmp_path, one_block_page("lue", "n: 2\n"), "lue", "n: 2\n")


def test_a_block_whose_inputs_cannot_be_read_is_built_afresh(tmp_path: Path) -> None:
    def unreadable(data: dict[str, Any], context: BlockContext) -> list[Any] | None:
        raise PermissionError(13, "Permission denied", "exercises/banque.yml")

    runtime = WidgetRuntime({"lue": Block("lue", probe_state, inputs=unreadable)})
    out = render(runtime, tmp_path, one_block_page("lue", "n: 2\n"), "lue", "n: 2\n")
    assert 'data-edukit-mount="probe"' in out
    assert runtime.block_cache_stats() == {"hits": 0, "misses": 0, "writes": 0}


# -- fences counted as superfences counts them ---------------------------------------------

NESTED = """# Leçon

Voici comment écrire un bloc :

````markdown
```edukit-quiz
bank: exercises/exemple
```
````

Et maintenant, à vous :

```edukit-probe
n: [1
```
"""


def test_an_example_fence_inside_a_longer_fence_does_not_shift_the_real_blocks_line(
    tmp_path: Path,
) -> None:
    runtime = WidgetRuntime(BLOCKS)
    with pytest.raises(PluginError, match=r"^docs/lecon\.md:15: YAML cassé"):
        render(runtime, tmp_path, NESTED, "probe", "n: [1\n")


def test_an_example_of_an_unknown_block_inside_a_longer_fence_is_not_reported(
    tmp_path: Path,
) -> None:
    markdown = NESTED.replace("edukit-quiz", "edukit-mon-widget").replace("n: [1", "count: 3")
    runtime = WidgetRuntime(BLOCKS)
    out = render(runtime, tmp_path, markdown, "probe", "count: 3\n")
    assert 'data-edukit-mount="probe"' in out


# -- per-build state ---------------------------------------------------------------------------


def shared_block(data: dict[str, Any], context: BlockContext) -> tuple[str, dict[str, Any]]:
    """A playground state whose checklist is shared between pages (a file of the build)."""
    return "playground", {"title": str(context.root.name), "checks": [context.root.name]}


def test_two_builds_with_different_roots_in_one_process_keep_their_own_state(
    tmp_path: Path,
) -> None:
    table = {"partage": Block("partage", shared_block)}
    first, second = WidgetRuntime(table), WidgetRuntime(table)
    roots = [tmp_path / "cours-a", tmp_path / "cours-b"]
    for runtime, root in zip((first, second), roots, strict=True):
        config = {"config_file_path": str(root / "mkdocs.yml"), "site_dir": str(root / "site")}
        runtime.on_pre_build(config)
    render(first, roots[0], one_block_page("partage", "a: 1\n"), "partage", "a: 1\n")
    render(second, roots[1], one_block_page("partage", "b: 1\n"), "partage", "b: 1\n")
    for runtime, root in zip((first, second), roots, strict=True):
        assert runtime.build is not None and runtime.build.root == root.resolve()
        runtime.on_post_build({"site_dir": str(root / "site")})
        (data,) = (root / "site" / "assets" / "edukit" / "data").iterdir()
        assert root.name in data.read_text(encoding="utf-8")
        assert runtime.build is None


def test_two_plugins_do_not_share_the_live_preview_structure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_live, "PAGES", _live._Pages())
    pages = []
    for name in ("a", "b"):
        docs = tmp_path / name / "courses"
        docs.mkdir(parents=True)
        (docs / "course.yml").write_text("id: meme-cours\n", encoding="utf-8")
        page = tmp_path / name / "site" / "index.html"
        page.parent.mkdir(parents=True)
        page.write_text("<html></html>", encoding="utf-8")
        pages.append((docs, page))
    for docs, page in pages:  # a new plugin renders every page once
        plugin = EdukitPlugin()
        assert plugin.live_structure == ""
        plugin._live_invalidate(docs, page.parent)
        assert not page.exists()
        assert plugin.live_structure != ""
    assert callable(EdukitPlugin.on_startup)  # mkdocs serve keeps the instance between builds


# -- the Binder link ------------------------------------------------------------------------------


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.hrefs += [value or "" for key, value in attrs if key == "href"]


def test_the_binder_address_is_escaped_into_its_href() -> None:
    address = 'https://hub.example.org/v2/gh/org/cours/main?ref=a&x="><script>'
    link = f'<a class="md-button" href="{binder_link(address, "notebooks/mon cahier.ipynb")}">'
    parser = _Links()
    parser.feed(link)
    assert parser.hrefs == [f"{address}&urlpath=lab/tree/notebooks/mon%20cahier.ipynb"]
    assert "<script>" not in link and '"><' not in link
    plain = binder_link("https://binder.example.org/v2/gh/org/cours/main", "notebooks/t.ipynb")
    assert plain == (
        "https://binder.example.org/v2/gh/org/cours/main?urlpath=lab/tree/notebooks/t.ipynb"
    )


# -- the static host's modules ------------------------------------------------------------------


def test_the_host_ships_as_one_module_with_every_module_it_imports_linked_in() -> None:
    import re

    from edukit.site._assets import HOST, STORE, host_assets

    assets = host_assets()
    assert set(assets) == {HOST, STORE, "edukit.css"}
    host = assets[HOST]
    linked = re.findall(r"^// --- ([\w./-]+\.js)$", host, re.M)
    assert linked[-1] == "host.js" and len(linked) == len(set(linked))
    assert {"store.js", "store-file.js", "sha256.js", "progress.js", "i18n.js"} <= set(linked)
    # each module after what it imports, and no import left for the browser to fetch
    assert linked.index("sha256.js") < linked.index("store-file.js") < linked.index("store.js")
    assert linked.index("store.js") < linked.index("progress.js")
    assert not re.search(r"^\s*(?:import|export)\b[^;(]*\bfrom\s*[\"']", host, re.M)
    # the widgets' own helpers, not the site's forwarders to them (`export * from "../../…"`)
    assert "../../widgets/static/" not in host and "export *" not in host
    # the classroom mode imports the store from assets/edukit/ on its own: linked too
    assert re.findall(r"^// --- ([\w./-]+\.js)$", assets[STORE], re.M)[-1] == "store.js"
    assert "// --- progress.js" not in assets[STORE]


def test_the_host_version_changes_with_any_module_linked_into_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os
    import shutil

    from edukit import widgets
    from edukit.site import _assets

    real = _assets.asset_versions()
    shutil.copytree(widgets.STATIC, tmp_path / "widgets")
    shutil.copytree(_assets.STATIC, tmp_path / "site")
    monkeypatch.setattr(widgets, "STATIC", tmp_path / "widgets")
    monkeypatch.setattr(_assets, "STATIC", tmp_path / "site")
    assert _assets.asset_versions() == real  # the copies link to the very same text

    def edit(path: Path) -> dict[str, str]:
        path.write_text(path.read_text(encoding="utf-8") + "// edited\n", encoding="utf-8")
        mtime = path.stat().st_mtime_ns + 10**9
        os.utime(path, ns=(mtime, mtime))
        return _assets.asset_versions()

    deepest = edit(tmp_path / "widgets" / "sha256.js")  # host -> progress -> store -> file -> sha
    assert deepest["host.js"] != real["host.js"] and deepest["store.js"] != real["store.js"]
    assert deepest["edukit.css"] == real["edukit.css"]
    panel = edit(tmp_path / "site" / "progress.js")
    assert panel["host.js"] != deepest["host.js"] and panel["store.js"] == deepest["store.js"]
