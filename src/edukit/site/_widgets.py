"""The widget runtime of a site: widget blocks in Markdown become mount points, notebook pages
lose their kernel and CDN, every page links the static host.

:class:`WidgetRuntime` is what :mod:`edukit.site.plugin` calls from its hooks (the plugin holds
one; a test site's hooks module holds its own). It owns the block table
(:data:`edukit.site.blocks.BLOCKS`) and the build in progress (:class:`WidgetBuild`: the block
cache, the code fingerprint, the shared state files), so two builds — or two sites — in one
process never share state.

- ``custom_fences()`` → the ``pymdownx.superfences`` entries for every ``edukit-<name>`` block
  (:mod:`._fences`); ``on_page_content`` turns their placeholders into mount points
  (:mod:`._mount`), with ``path:line`` errors for bad YAML or options; blocks with ``inputs``
  are cached by content under ``.cache/edukit/blocks/`` (:mod:`edukit._cache`);
- ``on_post_page`` rewrites executed notebook pages (:mod:`._notebook_html`), marks lesson
  headers for the progress script (:mod:`._lesson_marks`) and links the shared stylesheet and
  the static host on every page;
- ``on_post_build`` writes the shared state files and ships the host, its modules and each
  widget's module (:mod:`._assets`).

An author's mistake (:class:`~edukit._problems.ProblemError`, :class:`BlockError`, a pydantic
validation error) stops the build with its ``path:line``; any other exception in a block is a
bug of edukit: its traceback goes to the log for developers, and the message says so.
"""

from __future__ import annotations

import html as htmllib
import logging
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import ValidationError

from edukit._cache import BLOCKS_DIR, DiskCache, content_key
from edukit._problems import ProblemError
from edukit.site import _live
from edukit.site._assets import (
    ASSETS,
    asset_versions,
    head_links,
    ship_assets,
    write_shared_files,
)
from edukit.site._fences import (
    FENCE_PREFIX,
    PLACEHOLDER,
    SourceFence,
    custom_fences,
    fence_format,
    fence_validator,
    source_fences,
)
from edukit.site._lesson_marks import mark_lesson
from edukit.site._mount import mount_html, shared_state, widget_version
from edukit.site._notebook_html import ARTICLE, NEEDS_JUPYTER, rewrite_notebook_html
from edukit.site.blocks import BLOCKS, Block, BlockContext, BlockError
from edukit.site.blocks import shown_path as _shown

__all__ = [
    "ASSETS",
    "CACHE_ENV",
    "INTERNAL_ERROR",
    "BlockContext",
    "BlockError",
    "WidgetBuild",
    "WidgetRuntime",
    "fence_format",
    "fence_validator",
    "mark_lesson",
    "mount_html",
    "rewrite_notebook_html",
    "shared_state",
    "widget_version",
]

log = logging.getLogger("mkdocs.plugins.edukit")

CACHE_ENV = "EDUKIT_BLOCK_CACHE"
"""Set to ``0`` to build every block afresh (the cache is neither read nor written)."""
INTERNAL_ERROR = (
    "{where}: erreur interne d'edukit en construisant le bloc « {fence} » ({kind}: {error}) — "
    "ce n'est pas une erreur dans votre page : signalez-la aux développeurs d'edukit avec ce "
    "message et le détail technique affiché juste avant (internal edukit error, not an author "
    "mistake: please report it)"
)
T = TypeVar("T")


# -- one build ----------------------------------------------------------------------------------


@dataclass
class WidgetBuild:
    """What one build shares between its pages: the block cache and the code fingerprint."""

    root: Path
    fingerprint: str
    cache: DiskCache | None
    shared: dict[str, str] = field(default_factory=dict)
    """Shared state files of this build's pages: JSON text by path in ``assets/edukit/``."""
    course_ids: dict[str, str] = field(default_factory=dict)
    """The course id of each docs folder (read once a build)."""
    versions: dict[str, str] = field(default_factory=dict)
    """The version of each host file (computed once a build)."""

    @classmethod
    def start(cls, root: Path) -> WidgetBuild:
        """A new build of the site at ``root``: the code fingerprint taken, the cache opened
        (unless :data:`CACHE_ENV` is ``0``)."""
        from edukit.build import source_fingerprint

        root = root.resolve()
        enabled = os.environ.get(CACHE_ENV, "1") != "0"
        cache = DiskCache(root / BLOCKS_DIR) if enabled else None
        return cls(root, source_fingerprint(root), cache)

    def stats(self) -> dict[str, int]:
        """Hits, misses and writes of the block cache in this build (for benchmarks)."""
        if self.cache is None:
            return {"hits": 0, "misses": 0, "writes": 0}
        return {"hits": self.cache.hits, "misses": self.cache.misses, "writes": self.cache.writes}

    def cached_html(self, key: str) -> str | None:
        """A cached mount point or page, with its shared state files added to the build."""
        if self.cache is None:
            return None
        cached = self.cache.get(key)
        if not isinstance(cached, dict) or not isinstance(cached.get("html"), str):
            return None
        shared = cached.get("shared")
        if not isinstance(shared, dict) or not all(isinstance(v, str) for v in shared.values()):
            return None
        self.shared.update(shared)
        return str(cached["html"])

    def store(self, key: str | None, html: str, shared: dict[str, str]) -> None:
        """Add ``shared`` to the build and, with a key, keep ``html`` in the cache."""
        self.shared.update(shared)
        if key is not None and self.cache is not None:
            self.cache.put(key, {"html": html, "shared": shared})


def site_lang(config: Any) -> str:
    """The site's language, ``"fr"`` (default) or ``"en"``, from the theme's ``language``."""
    theme = config.get("theme")
    language = ""
    if theme is not None:
        try:
            language = theme["language"] or ""
        except (KeyError, TypeError):
            language = ""
    primary = str(language).lower().split("-")[0]
    return primary if primary in NEEDS_JUPYTER else "fr"


def site_root(config: Any) -> Path:
    """The repository root: the folder of ``mkdocs.yml``."""
    config_file = config.get("config_file_path")
    return Path(config_file).parent if config_file else Path.cwd()


def read_course_id(config: Any) -> str:
    """``extra.edukit.course`` of ``mkdocs.yml``, else the ``id`` of the docs folder's
    ``course.yml``, else ``edukit``."""
    extra = config.get("extra") or {}
    edukit = extra.get("edukit") if isinstance(extra, dict) else None
    if isinstance(edukit, dict) and edukit.get("course"):
        return str(edukit["course"])
    docs_dir = config.get("docs_dir")
    candidate = Path(docs_dir) / "course.yml" if docs_dir else None
    if candidate is not None and candidate.is_file():
        match = re.search(r"^id:\s*['\"]?([\w.-]+)", candidate.read_text(encoding="utf-8"), re.M)
        if match:
            return match.group(1)
    return "edukit"


@dataclass(frozen=True)
class _Placeholder:
    """One block of a page being rendered: its fence, YAML source and where it is."""

    name: str
    source: str
    line: int
    shown: str
    """The page's file as messages show it."""

    @property
    def fence(self) -> str:
        return FENCE_PREFIX + self.name

    @property
    def where(self) -> str:
        return f"{self.shown}:{self.line}"


class WidgetRuntime:
    """The widget runtime of one site (see the module docstring).

    ``blocks`` replaces the site's table (tests plug a block in this way).
    """

    def __init__(self, blocks: Mapping[str, Block] | None = None) -> None:
        self._blocks = dict(blocks) if blocks is not None else None
        self.build: WidgetBuild | None = None
        """The build in progress (started by :meth:`on_pre_build` or by the first page)."""

    @property
    def blocks(self) -> Mapping[str, Block]:
        """The blocks this runtime builds: the site's table unless another was given."""
        return self._blocks if self._blocks is not None else BLOCKS

    def custom_fences(self) -> list[dict[str, Any]]:
        """``pymdownx.superfences`` ``custom_fences`` entries, one per block of the table."""
        return custom_fences(self.blocks)

    def session(self, root: Path) -> WidgetBuild:
        """The build in progress for the site at ``root`` (started when there is none)."""
        root = root.resolve()
        if self.build is None or self.build.root != root:
            self.build = WidgetBuild.start(root)
        return self.build

    def block_cache_stats(self) -> dict[str, int]:
        """Hits, misses and writes of the block cache in the current build (for benchmarks)."""
        if self.build is None:
            return {"hits": 0, "misses": 0, "writes": 0}
        return self.build.stats()

    # -- hooks ------------------------------------------------------------------------------

    def on_pre_build(self, config: Any) -> None:
        """Start a build: a fresh session (the code fingerprint is taken again)."""
        self.build = WidgetBuild.start(site_root(config))

    def on_page_content(self, html: str, *, page: Any, config: Any, files: Any) -> str:
        """Turn the widget-block placeholders of a Markdown page into widget mount points.

        Raises
        ------
        mkdocs.exceptions.PluginError
            ``path:line: what — how`` for an unknown block name, broken YAML or invalid
            options; a French « erreur interne » for a bug of edukit (traceback in the log).
        """
        if "data-edukit-block=" not in html and FENCE_PREFIX not in (page.markdown or ""):
            return html
        root = site_root(config)
        build = self.session(root)
        blocks = self.blocks
        path, fences = _page_fences(page)
        shown = _shown(path, root).as_posix()
        for fence in fences:
            if fence.name not in blocks:
                raise _unknown_block(f"{shown}:{fence.line}", fence.name, blocks)
        lines = iter(fences)

        def replace(match: re.Match[str]) -> str:
            fence = next(lines, None)
            line = fence.line if fence is not None else 1
            block = _Placeholder(
                htmllib.unescape(match["name"]), htmllib.unescape(match["source"]), line, shown
            )
            if block.name not in blocks:
                raise _unknown_block(block.where, block.name, blocks)
            return self._render(blocks[block.name], block, page, config, build, path)

        return PLACEHOLDER.sub(replace, html)

    def _render(
        self,
        block: Block,
        placeholder: _Placeholder,
        page: Any,
        config: Any,
        build: WidgetBuild,
        path: Path,
    ) -> str:
        data, lines = _block_data(placeholder)
        lang = site_lang(config)
        context = BlockContext(build.root, page, lang, path, placeholder.line, lines)
        key = _guarded(placeholder, lambda: _block_key(block, placeholder, context, data, build))
        if _live.is_live():
            _live.record_block(
                page, config["site_dir"], block.name, placeholder.source, data, context, key
            )
        if key is not None:
            cached = build.cached_html(key)
            if cached is not None:
                return cached
        shared: dict[str, str] = {}

        def make() -> str:
            widget, state = block.build(data, context)
            return mount_html(widget, state, lang=lang, shared=shared)

        mount = _guarded(placeholder, make)
        build.store(key, mount, shared)
        return mount

    def on_post_page(self, output: str, *, page: Any, config: Any) -> str:
        """Make a rendered page's widgets live without a kernel or a CDN.

        Notebook pages lose mkdocs-jupyter's loaders and inlined CSS, their widget views become
        mount points; every page links the shared stylesheet and the static host (instant
        navigation keeps the ``<head>``, so they must be there from the first page on).
        """
        from mkdocs.utils import get_relative_url

        lang = site_lang(config)
        match = re.search(r'<html[^>]*\blang="([^"]+)"', output)
        if match and match.group(1).split("-")[0].lower() in NEEDS_JUPYTER:
            lang = match.group(1).split("-")[0].lower()
        build = self.session(site_root(config))
        if "jupyter-wrapper" in output or "application/vnd.jupyter.widget" in output:
            output = ARTICLE.sub(
                lambda m: m.group(1) + _rewritten(m.group(2), lang, build) + m.group(3), output
            )
        output = mark_lesson(output, page)
        if f"{ASSETS}/host.js" in output:
            return output
        url = page.url if page is not None else ""
        if not build.versions:
            build.versions = asset_versions()
        docs = str(config.get("docs_dir"))
        if docs not in build.course_ids:
            build.course_ids[docs] = read_course_id(config)
        head = head_links(
            get_relative_url(f"{ASSETS}/edukit.css", url),
            get_relative_url(f"{ASSETS}/host.js", url),
            build.versions,
            build.course_ids[docs],
        )
        return output.replace("</head>", head + "</head>", 1)

    def on_post_build(self, config: Any) -> None:
        """Copy the static host, widget modules and shared stylesheet into the site; end the
        build (stale block-cache entries are pruned, the next build starts a new session)."""
        target = Path(config["site_dir"]) / ASSETS
        build, self.build = self.build, None
        if build is not None:
            write_shared_files(target, build.shared)
            if build.cache is not None:
                build.cache.prune()
        ship_assets(target)

    # -- live preview -----------------------------------------------------------------------

    def live_key(
        self, name: str, source: str, context: BlockContext, data: dict[str, Any]
    ) -> str | None:
        """A block's cache key today (live mode: has what it reads changed since it was shown?)."""
        block = self.blocks.get(name)
        if block is None:
            return None
        placeholder = _Placeholder(name, source, context.line, "")
        return _block_key(block, placeholder, context, data, self.session(context.root))

    def warm_block(
        self, name: str, source: str, context: BlockContext, data: dict[str, Any]
    ) -> None:
        """Build a block into the cache (live mode's background refresh), unless it is there."""
        build = self.session(context.root)
        block = self.blocks[name]
        placeholder = _Placeholder(name, source, context.line, "")
        key = _block_key(block, placeholder, context, data, build)
        if key is None or build.cache is None or build.cache.get(key) is not None:
            return
        shared: dict[str, str] = {}
        widget, state = block.build(data, context)
        mount = mount_html(widget, state, lang=context.lang, shared=shared)
        build.cache.put(key, {"html": mount, "shared": shared})


def _page_fences(page: Any) -> tuple[Path, list[SourceFence]]:
    """The page's Markdown file and its ``edukit-*`` fences, with their lines in that file."""
    src = getattr(page.file, "abs_src_path", None)
    path = Path(src) if src else Path(page.file.src_path)
    text = path.read_text(encoding="utf-8") if src and path.is_file() else page.markdown or ""
    return path, source_fences(text)


def _unknown_block(where: str, name: str, blocks: Mapping[str, Block]) -> Exception:
    from mkdocs.exceptions import PluginError

    known = ", ".join(FENCE_PREFIX + known for known in sorted(blocks))
    return PluginError(
        f"{where}: le bloc « {FENCE_PREFIX}{name} » est inconnu — blocs possibles : {known} "
        f"(unknown widget block '{FENCE_PREFIX}{name}' — use one of: {known})"
    )


def _block_data(placeholder: _Placeholder) -> tuple[dict[str, Any], dict[Any, int]]:
    """The block's YAML keys and the file line of each key path (``path:line`` errors)."""
    from mkdocs.exceptions import PluginError

    from edukit._yaml import load_yaml

    try:
        document = load_yaml(
            placeholder.source, Path(placeholder.shown), line_offset=placeholder.line
        )
    except ProblemError as error:
        raise PluginError(str(error)) from None
    data = document.data if document.data is not None else {}
    if not isinstance(data, dict):
        raise PluginError(
            f"{placeholder.where}: le bloc « {placeholder.fence} » doit contenir des clés YAML — "
            "écrivez une ligne « clé: valeur » par option (the "
            f"'{placeholder.fence}' block must hold YAML keys — write one 'key: value' per line)"
        )
    return data, dict(document.lines)


def _guarded(placeholder: _Placeholder, work: Callable[[], T]) -> T:
    """``work()``, with an author's mistake reported at the block's line and anything else
    reported as a bug of edukit (its traceback logged for developers)."""
    from mkdocs.exceptions import PluginError

    try:
        return work()
    except ProblemError as error:
        raise PluginError(str(error)) from None
    except (BlockError, ValidationError) as error:
        raise PluginError(
            f"{placeholder.where}: the '{placeholder.fence}' block is not valid: {error}"
        ) from None
    except Exception as error:
        log.error(
            "edukit: internal error while building the block '%s' at %s",
            placeholder.fence,
            placeholder.where,
            exc_info=error,
        )
        raise PluginError(
            INTERNAL_ERROR.format(
                where=placeholder.where,
                fence=placeholder.fence,
                kind=type(error).__name__,
                error=error,
            )
        ) from None


def _block_key(
    block: Block,
    placeholder: _Placeholder,
    context: BlockContext,
    data: dict[str, Any],
    build: WidgetBuild,
) -> str | None:
    """The cache key of a block, or ``None`` when it is not cacheable (no ``inputs``, the
    cache off, or what it reads cannot be read: it is then built, and reports the problem)."""
    if block.inputs is None or build.cache is None:
        return None
    try:
        inputs = block.inputs(data, context)
    except OSError:
        return None
    if inputs is None:
        return None
    return content_key(
        "block",
        block.name,
        placeholder.source,
        context.lang,
        _shown(context.path, context.root).as_posix(),
        inputs,
        build.fingerprint,
    )


def _rewritten(content: str, lang: str, build: WidgetBuild) -> str:
    """:func:`rewrite_notebook_html`, cached on the content, language and edukit's code (the
    widget states of a notebook page only change when the notebook is executed again)."""
    shared: dict[str, str] = {}
    if build.cache is None:
        rewritten = rewrite_notebook_html(content, lang, shared)
        build.shared.update(shared)
        return rewritten
    key = content_key("notebook-page", content, lang, build.fingerprint)
    cached = build.cached_html(key)
    if cached is not None:
        return cached
    rewritten = rewrite_notebook_html(content, lang, shared)
    build.store(key, rewritten, shared)
    return rewritten
