"""The ``edukit`` MkDocs plugin: the course checked, planned, navigated and rendered.

Before the build it checks the course like ``edukit check`` (errors stop the build with the
same ``path:line`` messages) and executes the notebooks (cached). It then adds a plan page, a
navigation in ``course.yml`` order, a header and key points on each lesson, the executed
notebooks (rendered by mkdocs-jupyter) with their learner downloads, the trainer view, and the
widget runtime's hooks (:mod:`edukit.site._widgets`).
"""

from __future__ import annotations

import logging
import os
import posixpath
from html import escape as html_escape
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import quote

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from edukit._problems import Problem, Severity, format_problems
from edukit.build import (
    OUTPUT_DIR,
    execute_notebooks,
    find_notebooks,
    notebook_problems,
    write_learner_notebooks,
)
from edukit.course import (
    Course,
    FactBook,
    Glossary,
    Lesson,
    changes_markdown,
    glossary_markdown,
    load_course,
    load_facts,
    load_glossary,
)
from edukit.course.plan import (
    build_variant_plan,
    load_variants,
    variant_markdown,
)
from edukit.project import inspect_project
from edukit.site import _glossary, _live, _minify, _search, _theme, _widgets
from edukit.site._csp import OwnScriptLoader, add_csp, new_token
from edukit.site._lesson import key_points_markdown, lesson_header
from edukit.site._navigation import PLAN_URI, link_lessons, navigation, plan_page
from edukit.site._unused_css import prune_site
from edukit.site.config import EdukitConfig

__all__ = ["EdukitPlugin"]

log = logging.getLogger("mkdocs.plugins.edukit")

ASSETS = Path(__file__).parent / "assets"
SITE_ASSETS = "assets/edukit-site"
"""Our own stylesheets and script (``assets/edukit/`` belongs to the widget runtime)."""
SITE_CSS = f"{SITE_ASSETS}/site.css"
TRAINER_CSS = f"{SITE_ASSETS}/trainer-view.css"
TRAINER_JS = f"{SITE_ASSETS}/trainer-view.js"
DOWNLOADS = "telechargements"
"""Folder of the site that holds the learner notebooks (no outputs)."""
TRAINER_BUILD_ENV = "EDUKIT_TRAINER_BUILD"
"""Set to ``1`` to make any build a trainer build (``edukit serve --live --trainer`` uses it)."""
CHANGES_URI = "guides/ce-qui-a-change.md"
"""The trainer guide page « Ce qui a changé », generated from ``courses/faits.yml``."""
AUTHOR_SCRIPTS = (".js", ".mjs", ".cjs")
"""Scripts in the course folder are never published (the CSP trusts the site's own files)."""
NOT_PAGES = ("course.yml", "_module.yml", "faits.yml", "glossaire.yml", "variantes.yml")
"""Author files inside ``courses/`` that must not be copied to the site."""


class EdukitPlugin(BasePlugin[EdukitConfig]):  # type: ignore[no-untyped-call]
    """Check, plan and render an edukit course (see the module docstring)."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.root = Path(".")
        self.course: Course | None = None
        self.user_nav = False
        self.lessons: dict[str, Lesson] = {}
        """Lessons by their path in the docs folder."""
        self.notebook_pages: dict[str, File] = {}
        """Learner download of each notebook page, by the page's path in the docs folder."""
        self.facts = FactBook()
        """The course's facts, for the ``[[fait:…]]`` placeholders of every page."""
        self.script_token = new_token()
        """Marks the inline scripts of the theme's templates in this build (:mod:`._csp`)."""
        self.glossary = Glossary()
        """The course glossary: tooltips on every page and the glossary page."""
        self.variant_pages: dict[str, str] = {}
        self.files = Files([])
        """Navigation title of each plan variant's page (``courses/variantes.yml``), by path."""
        self.widgets = _widgets.WidgetRuntime()
        """The widget runtime: the block table and the build in progress."""
        self.live_structure = ""
        """The course structure the live preview's pages were rendered with (``_live``)."""

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Declared so that ``mkdocs serve`` keeps this instance across rebuilds: the live
        preview compares each rebuild's course structure with the previous one's."""

    # -- configuration --------------------------------------------------------------------

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return None
        self.root = (
            Path(self.config.root).resolve()
            if self.config.root
            else Path(config.docs_dir).resolve().parent
        )
        self.user_nav = config.nav is not None
        if os.environ.get(TRAINER_BUILD_ENV) == "1":
            self.config.trainer_build = True
        if _live.is_live():  # checked by `edukit check`; notebooks refreshed in the background
            self.config.check = False
            self.config.execute_notebooks = False
            _live.add_banner(config)  # the « en cours / à jour » note on the preview's pages
        _add_markdown_extensions(config, self.widgets)
        self.glossary = load_glossary(self.root)
        if self.glossary.problems:
            raise PluginError(_failure("the glossary has errors", self.glossary.problems))
        _glossary.configure(config, self.glossary)
        _append_once(config.extra_css, SITE_CSS)
        if not self.config.trainer_build:
            _append_once(config.extra_css, TRAINER_CSS)
            if TRAINER_JS not in [str(script) for script in config.extra_javascript]:
                config.extra_javascript.append(TRAINER_JS)
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        if not self.config.enabled:
            return
        self.widgets.on_pre_build(config)
        self.course = self._checked_course()
        self.facts, _ = load_facts(self.root)  # its problems are the check's
        if self.config.execute_notebooks:
            results = execute_notebooks(
                self.root,
                workers=self.config.notebook_workers,
                timeout=self.config.notebook_timeout,
            )
            failed = notebook_problems(results)
            if failed:
                raise PluginError(_failure("a notebook failed", failed))
            for result in results:
                log.info("notebook %s: %s", result.name, result.status)

    def _checked_course(self) -> Course:
        if self.config.check:
            check = inspect_project(self.root)
            course, problems = check.course, check.problems
        else:  # checked already (edukit build): only load it
            loaded = load_course(self.root)
            course, problems = (
                loaded.course,
                [p for p in loaded.problems if p.severity is Severity.ERROR],
            )
        errors = [p for p in problems if p.severity is Severity.ERROR]
        if errors:
            raise PluginError(_failure("the course has errors", errors))
        for warning in (p for p in problems if p.severity is Severity.WARNING):
            log.info("%s", warning)
        if course is None:  # pragma: no cover - a course that fails to load has errors
            raise PluginError("edukit: the course cannot be loaded")
        return course

    def on_serve(
        self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Any
    ) -> LiveReloadServer | None:
        if not self.config.enabled:
            return None
        for folder in ("notebooks", "exercises"):
            if (self.root / folder).is_dir():
                server.watch(str(self.root / folder))
        _live.patch_server(server)  # the page policy must let the reload script run
        if _live.is_live():  # the background refresh asks for a rebuild through this file
            trigger = self.root / _live.TRIGGER
            trigger.parent.mkdir(parents=True, exist_ok=True)
            trigger.touch()
            server.watch(str(trigger))
        return server

    # -- files and navigation -------------------------------------------------------------

    @event_priority(50)  # before mkdocs-jupyter turns .ipynb files into pages
    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled or self.course is None:
            return None
        course = self.course
        docs = Path(config.docs_dir).resolve()
        self.files = files
        if _live.is_live():
            self._live_invalidate(docs, Path(config.site_dir))
        _drop_unpublished(files, docs, config)
        self.lessons = {}
        for lesson in course.lessons:
            try:
                uri = lesson.path.resolve().relative_to(docs).as_posix()
            except ValueError:
                continue
            self.lessons[uri] = lesson
        lesson_uris = {lesson.id: uri for uri, lesson in self.lessons.items()}

        files.append(File.generated(config, PLAN_URI, content=plan_page(course, lesson_uris)))
        self.variant_pages = {}
        for uri, title, text in self._variant_pages(course, lesson_uris):
            files.append(File.generated(config, uri, content=text))
            self.variant_pages[uri] = title
        if self.facts.facts and files.get_file_from_path(CHANGES_URI) is None:
            files.append(File.generated(config, CHANGES_URI, content=changes_markdown(self.facts)))
        if self.glossary.terms and files.get_file_from_path(_glossary.GLOSSARY_URI) is None:
            files.append(
                File.generated(
                    config, _glossary.GLOSSARY_URI, content=glossary_markdown(self.glossary)
                )
            )
        for name in ("site.css", "trainer-view.css", "trainer-view.js", "favicon.svg"):
            files.append(
                File.generated(config, f"{SITE_ASSETS}/{name}", abs_src_path=str(ASSETS / name))
            )
        sources = {**_search.SOURCES, **_theme.SOURCES}  # index and bundle wait for the learner
        for uri, name in sources.items():
            files.append(File.generated(config, uri, abs_src_path=str(ASSETS / name)))

        self._add_notebook_pages(files, config)
        if self.config.generate_nav and not self.user_nav:
            config.nav = navigation(
                course,
                files,
                self.lessons,
                list(self.notebook_pages),
                self.config.plan_title,
                variants=self.variant_pages,
            )
        if _live.is_live():  # the plan, glossary… change only with the structure
            _live.keep_generated_pages(files, Path(config.site_dir))
        return files

    def _add_notebook_pages(self, files: Files, config: MkDocsConfig) -> None:
        """The executed notebooks as pages, each with its learner download (no outputs)."""
        self.notebook_pages = {}
        built = self.root / OUTPUT_DIR
        downloads = self.root / "build" / "downloads"
        if not _live.is_live() or _live.learner_notebooks_stale(self.root, downloads):
            write_learner_notebooks(self.root, downloads)
        for source in find_notebooks(self.root):
            executed = built / f"{source.stem}.ipynb"
            if not executed.is_file():
                log.warning(
                    "notebook %s has not been executed: run `edukit build`",
                    source.relative_to(self.root),
                )
                continue
            page_uri = f"notebooks/{source.stem}.ipynb"
            # A plain File (not File.generated): mkdocs-jupyter's wrapper finds its source
            # path through ``src_dir``.
            files.append(
                File(
                    page_uri,
                    src_dir=str(built.parent),
                    dest_dir=config.site_dir,
                    use_directory_urls=config.use_directory_urls,
                )
            )
            learner = downloads / f"{source.stem}.ipynb"
            download = File.generated(
                config, f"{DOWNLOADS}/{source.stem}.ipynb", abs_src_path=str(learner)
            )
            files.append(download)
            self.notebook_pages[page_uri] = download

    def _live_invalidate(self, docs: Path, site: Path) -> None:
        """Live mode: which pages the coming dirty build must render again (see ``_live``)."""
        structure = _live.structure_digest(docs)
        if structure != self.live_structure:  # navigation and plan are on every page
            self.live_structure = structure
            _live.render_again([])
            for page in site.rglob("*.html"):
                page.unlink(missing_ok=True)
            return
        widgets = self.widgets
        now, later = _live.stale_pages(widgets.live_key)
        _live.render_again(now)
        if later:
            blocks = [
                block
                for uri in later
                for block in _live.PAGES.blocks[uri]
                if block.name in _live.BACKGROUND_BLOCKS
            ]

            def refresh() -> list[str]:
                for block in blocks:
                    widgets.warm_block(block.name, block.source, block.context, block.data)
                return later

            _live.REFRESHER.submit(self.root, refresh, task="model")

    def _variant_pages(
        self, course: Course, lesson_uris: dict[str, str]
    ) -> list[tuple[str, str, str]]:
        """(path, navigation title, Markdown) of each plan variant; a variant that is not exact
        stops the build like ``edukit plan --variant`` refuses to write it."""
        variants, problems = load_variants(self.root)
        if problems:
            raise PluginError(_failure("the plan variants have errors", problems))
        pages = []
        for variant in variants.values():
            plan = build_variant_plan(course, variant)
            if plan.errors:
                raise PluginError(
                    _failure(f"plan variant '{variant.id}' is not exact", plan.errors)
                )
            for warning in plan.problems:
                log.info("%s", warning)
            text = link_lessons(variant_markdown(course, plan), course, lesson_uris)
            pages.append((f"plan-{variant.id}.md", f"Plan en {variant.period.lower()}s", text))
        return pages

    # -- pages ----------------------------------------------------------------------------

    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        if not self.config.enabled or self.course is None:
            return None
        _escape_title(page)
        lesson = self.lessons.get(page.file.src_uri)
        if lesson is not None:
            lesson_uris = {item.id: uri for uri, item in self.lessons.items()}
            header = lesson_header(
                lesson, self.course, page_uri=page.file.src_uri, lesson_uris=lesson_uris
            )
            markdown = header + markdown.rstrip() + key_points_markdown(lesson)
        return self.facts.resolve(markdown, markdown=True)

    def on_page_content(
        self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        if not self.config.enabled:
            return None
        html = self.widgets.on_page_content(html, page=page, config=config, files=files)
        html = _glossary.first_occurrences(html, self.glossary)
        if not self.config.trainer_build:  # learner builds: no trainer note in the search index
            html = _search.exclude_trainer_notes(html)
        download = self.notebook_pages.get(page.file.src_uri)
        if download is not None:
            # Notebook pages skip on_page_markdown: their Markdown cells' facts, as text.
            html = self.facts.resolve(html, escape=html_escape)
            href = download.url_relative_to(page.file)
            launch = ""
            if self.config.binder_url:
                href_binder = binder_link(self.config.binder_url, download.src_uri)
                launch = (
                    f' <a class="md-button" href="{href_binder}">'
                    "Ouvrir dans JupyterLab en ligne (Binder)</a>"
                )
            link = (
                '<p class="edukit-download">'
                f'<a class="md-button" href="{href}" download>'
                f"Télécharger le notebook (.ipynb, sans les résultats)</a>{launch}</p>\n"
            )
            title_end = html.find("</h1>")  # under the notebook's title when it has one
            if title_end == -1:
                html = link + html
            else:
                cut = title_end + len("</h1>")
                html = html[:cut] + link + html[cut:]
        return html

    @event_priority(100)  # before the search plugin reads the page
    def on_page_context(
        self, context: Any, /, *, page: Page, config: MkDocsConfig, nav: Any
    ) -> Any:
        if self.config.enabled and page.content is None and _live.is_live():
            # A notebook executed in the background got newer than its page after MkDocs
            # read the pages of this dirty build: read it now rather than fail the build.
            from mkdocs.commands.build import _populate_page

            _populate_page(page, config, self.files)
        return context

    def on_env(
        self, env: Environment, /, *, config: MkDocsConfig, files: Files
    ) -> Environment | None:
        if not self.config.enabled:
            return None
        # Drawn after every page's content is rendered: no content can carry it.
        self.script_token = new_token()
        loader = env.loader
        if isinstance(loader, OwnScriptLoader):
            loader = loader.loader
        if loader is not None:
            env.loader = OwnScriptLoader(loader, self.script_token)
        return env

    def on_post_template(
        self, output_content: str, /, *, template_name: str, config: MkDocsConfig
    ) -> str | None:
        if not self.config.enabled or not template_name.endswith(".html"):
            return None
        return add_csp(_waiting_scripts(output_content), self.script_token)  # 404.html

    @event_priority(-100)  # last: the policy hashes the page's final inline scripts
    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str | None:
        if not self.config.enabled:
            return None
        output = self.widgets.on_post_page(output, page=page, config=config)
        output = _waiting_scripts(output)
        # Material's instant-navigation progress bar has no accessible name (axe).
        output = output.replace(
            'role="progressbar">', 'role="progressbar" aria-label="Chargement de la page">', 1
        )
        return add_csp(output, self.script_token)

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if not self.config.enabled:
            return
        self.widgets.on_post_build(config)
        if not _live.is_live():  # the live preview keeps them readable
            _minify.minify_site(Path(config.site_dir))
            prune_site(Path(config.site_dir))  # Material's rules the site never uses go
        if _live.is_live() and find_notebooks(self.root):
            root = self.root

            def notebooks() -> list[str]:
                # re-executed notebooks are newer than their pages: the dirty build renders them
                results = execute_notebooks(root, workers=1)
                failed = notebook_problems(results)
                if failed:
                    log.warning("%s", _failure("a notebook failed", failed))
                return [r.name for r in results if r.status == "executed"]

            _live.REFRESHER.submit(root, notebooks)
        if _live.is_live():
            _live.write_banner(config.site_dir)

    def on_build_error(self, *, error: Exception) -> None:
        if _live.is_live():  # the preview's note says the build failed (the terminal says why)
            _live.build_failed()


def _waiting_scripts(html: str) -> str:
    """``html`` whose search index waits for a search and whose Material bundle waits for the
    learner (the lazy search is placed by the bundle's tag, so it goes in first)."""
    return _theme.bundle_on_demand(_search.lazy_search(html))


def _failure(what: str, problems: list[Problem]) -> str:
    count = len(problems)
    return f"edukit: {what} ({count} problem{'s' if count > 1 else ''}):\n" + format_problems(
        problems
    )


def _append_once(items: list[str], item: str) -> None:
    if item not in items:
        items.append(item)


def binder_link(binder_url: str, notebook_uri: str) -> str:
    """The ``href`` (HTML-escaped) that opens a notebook of the site on a BinderHub or JupyterHub.

    Examples
    --------
    >>> binder_link('https://hub.example/v2/gh/o/r/main?a=1&b="x"', "notebooks/n&1 #.ipynb")
    'https://hub.example/v2/gh/o/r/main?a=1&amp;b=&quot;x&quot;&amp;urlpath=lab/tree/notebooks/n%261%20%23.ipynb'
    """
    target = quote(f"lab/tree/notebooks/{PurePosixPath(notebook_uri).name}", safe="/")
    separator = "&" if "?" in binder_url else "?"
    return html_escape(f"{binder_url}{separator}urlpath={target}", quote=True)


def _add_markdown_extensions(config: MkDocsConfig, widgets: _widgets.WidgetRuntime) -> None:
    """The extensions lessons rely on, and the widget fences on ``pymdownx.superfences``."""
    for extension in ("admonition", "pymdownx.details", "pymdownx.superfences", "md_in_html"):
        if extension not in config.markdown_extensions:
            config.markdown_extensions.append(extension)
    superfences = config.mdx_configs.setdefault("pymdownx.superfences", {})
    fences = superfences.setdefault("custom_fences", [])
    known = {fence.get("name") for fence in fences}
    # Every block of the site's table (a block whose widget module is broken is still routed
    # to the runtime, which reports it at its path:line instead of showing it as code).
    for fence in widgets.custom_fences():
        if fence["name"] not in known:
            fences.append(fence)
            known.add(fence["name"])


def _drop_unpublished(files: Files, docs: Path, config: MkDocsConfig) -> None:
    """Remove the course's author files and scripts from the site's files."""
    for file in list(files):
        if posixpath.basename(file.src_uri) in NOT_PAGES:
            files.remove(file)
        elif file.src_uri.lower().endswith(AUTHOR_SCRIPTS) and _inside(file, docs):
            # The CSP allows the site's own files ('self'): a script copied from the course
            # folder would run on every page that names it. Content never ships code.
            files.remove(file)
            log.warning(
                "%s : ce script n'est pas publié — le contenu du cours ne contient pas de "
                "code ; proposez une fonction dans edukit (voir CONTRIBUTING.md)",
                PurePosixPath(config.docs_dir).name + "/" + file.src_uri,
            )


def _escape_title(page: Page) -> None:
    """Front-matter titles are author text: MkDocs' templates print ``page.title`` raw into the
    navigation, ``<title>`` and ``<h1>``, so make it text (``&``, ``<`` and ``>`` as entities)."""
    title = page.meta.get("title")
    if isinstance(title, str):
        page.meta["title"] = html_escape(title, quote=False)


def _inside(file: File, folder: Path) -> bool:
    """Whether ``file`` comes from ``folder`` (the course), not from the theme or a plugin."""
    if not file.abs_src_path:
        return False
    return Path(file.abs_src_path).resolve().is_relative_to(folder)
