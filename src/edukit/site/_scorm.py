"""SCORM 1.2 package of the course site, for Moodle (``edukit export scorm``).

Moodle plays SCORM 1.2, not SCORM 2004 (DESIGN.md §5), so the package follows the ADL SCORM 1.2
Content Aggregation Model: ``imsmanifest.xml`` at the root of one zip, with the IMS CP 1.1.2,
ADL CP 1.2 and IMS MD 1.2.1 namespace declarations Moodle's parser expects.

**One SCO for the whole package.** The manifest has one organisation holding one item that
launches one SCO (``scorm.html``), whether the package holds the course or one module. Moodle
keeps one score, one status and one ``cmi.suspend_data`` per SCO: with one SCO the gradebook gets
exactly one grade (any grading method — highest, average, sum — gives that score), activity
completion (« statut requis : réussi / terminé ») reads one status, and the learner's records
are restored whole from one ``suspend_data``. One item per module would split the records into
eight 4096-character ``suspend_data`` that each restore only part of the learner's answers,
average scores of modules that have no quiz, and add Moodle's table of contents on top of the
site's own navigation. A trainer who wants one Moodle activity per module packages each module
on its own (``--module``).

**The launcher.** ``scorm.html`` runs ``scorm.js`` (the SCORM 1.2 API adapter): it finds the
LMS's ``API`` object, calls ``LMSInitialize`` once, puts the learner's records back into
``localStorage`` from ``cmi.suspend_data``, then shows the site in a full-size frame. The site's
pages come and go inside that frame while the launcher stays, so a session has exactly one
``LMSInitialize`` / ``LMSFinish`` pair however many pages the learner opens (SCORM 1.2 allows
one). Every page of the package also loads ``scorm.js``: under the launcher it only asks it to
report at once; opened straight from an LMS, it runs the session itself. The launcher's settings
list the package's pages, so that it reopens the page kept in ``cmi.core.lesson_location``.
The learner's records are kept under the package's own scope (course id plus a hash of the
package id and of its address), never over another package's, and a ``suspend_data`` the
package cannot read is never written over (see ``scorm.js``).

**Learner and trainer packages.** A learner's package holds no trainer material:
:class:`PackageFilter` leaves out the trainer guides, the « Notes d'animation » button and every
``!!! formateur`` block (from the Markdown, so from the search index too), and the finished
pages are checked for any trainer note left. ``trainer=True`` (``--trainer``) keeps them all,
under its own identifier.

**The build.** A separate MkDocs build in a temporary folder, with the same ``mkdocs.yml`` and
plugin, but: no ``site_url`` and ``use_directory_urls: false`` (every link is a relative link to
an ``.html`` file, which Moodle's file server can serve — it lists no folder), and without
Material's ``navigation.instant`` (it needs ``site_url`` and fetches pages by their absolute
address; full page loads inside the launcher's frame are simpler and every page hook runs).
Links to pages absent from the package (another module's lessons with ``--module``) become plain
text; links to other sites open in a new tab, so the course frame stays in place. A page that
would *load* something from another host (an image, a script, a stylesheet) stops the export.
"""

from __future__ import annotations

import html as htmllib
import json
import logging
import os
import posixpath
import re
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urlsplit
from xml.etree import ElementTree as ET

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files

from edukit._problems import Problem, ProblemError
from edukit.course import Course, Module

__all__ = [
    "ADAPTER",
    "ENTRY",
    "PackageContent",
    "QuizInfo",
    "ScormPackage",
    "finish_site",
    "manifest_xml",
    "package_content",
    "scorm_config",
    "write_zip",
]

ENTRY = "scorm.html"
"""The SCO's launch page, at the root of the package."""
ADAPTER = "assets/edukit-scorm/scorm.js"
STATIC = Path(__file__).parent / "static"
DROPPED = ("404.html", "sitemap.xml", "sitemap.xml.gz")
"""Files of the site an LMS never serves (and that hold absolute addresses)."""
INSTANT = (
    "navigation.instant",
    "navigation.instant.progress",
    "navigation.instant.prefetch",
    "navigation.instant.preview",
)
NS_IMSCP = "http://www.imsproject.org/xsd/imscp_rootv1p1p2"
NS_ADLCP = "http://www.adlnet.org/xsd/adlcp_rootv1p2"
NS_IMSMD = "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1"
NS_XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA_LOCATION = (
    f"{NS_IMSCP} imscp_rootv1p1p2.xsd {NS_IMSMD} imsmd_rootv1p2p1.xsd {NS_ADLCP} adlcp_rootv1p2.xsd"
)
ZIP_TIME = (2020, 1, 1, 0, 0, 0)
"""Every zip entry gets this time, so the same site always gives the same bytes."""


@dataclass(frozen=True)
class QuizInfo:
    """A quiz found in the built pages (its storage key and what it counts for)."""

    key: str
    purpose: str
    mode: str
    total: int
    page: str


@dataclass(frozen=True)
class PackageContent:
    """What a package holds: the course or one module, its lessons and its first page."""

    course_id: str
    title: str
    module: Module | None
    lessons: list[str]
    """Lesson ids in teaching order (the status rule needs every one marked done)."""
    keep_prefixes: tuple[str, ...] = ()
    """With a module: the folders of the docs whose pages belong to it."""
    notebooks: tuple[str, ...] = ()
    """With a module: the stems of its lessons' notebooks."""
    trainer: bool = False
    """A trainer's package: the trainer notes and guides stay in (never for learners)."""

    @property
    def identifier(self) -> str:
        base = self.course_id if self.module is None else f"{self.course_id}-{self.module.id}"
        return _ncname(f"{base}-formateur" if self.trainer else base)


@dataclass
class ScormPackage:
    """A written package: its path, files, size in bytes and quizzes."""

    path: Path
    files: list[str]
    size: int
    quizzes: list[QuizInfo] = field(default_factory=list)


def package_content(
    course: Course, module_id: str | None = None, *, trainer: bool = False
) -> PackageContent:
    """The course (or the module ``module_id``) as one package (a trainer's with ``trainer``).

    Raises
    ------
    ProblemError
        When ``module_id`` names no module of ``course.yml``.
    """
    suffix = " (version formateur)" if trainer else ""
    if module_id is None:
        return PackageContent(
            course.id,
            course.title + suffix,
            None,
            [lesson.id for lesson in course.lessons],
            trainer=trainer,
        )
    try:
        module = course.module(module_id)
    except KeyError:
        known = ", ".join(module.id for module in course.modules)
        raise ProblemError(
            [
                Problem(
                    Path("courses/course.yml"),
                    None,
                    f"the course has no module '{module_id}'",
                    f"use one of: {known}",
                )
            ]
        ) from None
    notebooks = tuple(
        lesson.notebook.stem for lesson in module.lessons if lesson.notebook is not None
    )
    return PackageContent(
        course.id,
        f"{course.title} — {module.title}{suffix}",
        module,
        [lesson.id for lesson in module.lessons],
        keep_prefixes=(f"{module.path}/",),
        notebooks=notebooks,
        trainer=trainer,
    )


# -- the MkDocs build -------------------------------------------------------------------------


TRAINER_PAGES = ("guides/formateur.md", "guides/rgpd-formateur.md")
"""The trainer's guides: never in a learner's package."""
TRAINER_ASSETS = ("trainer-view.css", "trainer-view.js")
"""The « Notes d'animation » button and its style (a learner's package has no notes to show)."""
_TRAINER_BLOCK = re.compile(r"^([ \t]*)(?:!!!|\?\?\?\+?)[ \t]+formateur\b")


def without_trainer_notes(markdown: str) -> str:
    r"""``markdown`` without its trainer notes: ``!!! formateur`` / ``??? formateur`` blocks.

    A block is its opening line and every following line that is blank or indented deeper;
    it ends at the first non-blank line at its own indentation or less.

    Examples
    --------
    >>> print(without_trainer_notes("Avant\n\n!!! formateur \"Notes\"\n    Secret\n\n    Encore\nAprès"))
    Avant
    <BLANKLINE>
    Après
    """
    lines = markdown.split("\n")
    kept: list[str] = []
    index = 0
    while index < len(lines):
        match = _TRAINER_BLOCK.match(lines[index])
        if match is None:
            kept.append(lines[index])
            index += 1
            continue
        indent = len(match.group(1).expandtabs(4))
        index += 1
        while index < len(lines):
            line = lines[index]
            if line.strip() and len(line) - len(line.lstrip()) <= indent:
                break
            index += 1
    return "\n".join(kept)


class PackageFilter(BasePlugin):  # type: ignore[type-arg,no-untyped-call]
    """Keeps what a package holds: its module's pages, and trainer material only for trainers.

    Registered after the edukit plugin, so its ``on_files`` sees the generated plan, notebooks
    and navigation. With a module: removes what belongs to the other modules, the learner
    guides and the other notebooks. For learners (``trainer`` off): removes the trainer guides
    (:data:`TRAINER_PAGES`), the « Notes d'animation » button (:data:`TRAINER_ASSETS`) and every
    ``!!! formateur`` block from the Markdown, so neither the pages nor the search index hold
    them. Its ``on_nav`` work is done on ``config.nav`` in the same step.
    """

    def __init__(self, content: PackageContent, course: Course) -> None:
        self.content = content
        self.others = tuple(
            f"{module.path}/"
            for module in course.modules
            if content.module is not None and module.id != content.module.id
        )

    def keeps(self, uri: str) -> bool:
        if uri in TRAINER_PAGES or posixpath.basename(uri) in TRAINER_ASSETS:
            return self.content.trainer
        if self.content.module is None:
            return True
        if uri.startswith(self.content.keep_prefixes):
            return True
        if uri.startswith(self.others) or uri.startswith("guides/"):
            return False
        for folder in ("notebooks/", "telechargements/"):
            if uri.startswith(folder):
                return posixpath.splitext(uri[len(folder) :])[0] in self.content.notebooks
        return True

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.content.trainer:
            config.extra_css = [
                css
                for css in config.extra_css
                if posixpath.basename(str(css)) not in TRAINER_ASSETS
            ]
            config.extra_javascript = [
                script
                for script in config.extra_javascript
                if posixpath.basename(str(script)) not in TRAINER_ASSETS
            ]
        return config

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files | None:
        for file in list(files):
            if not self.keeps(file.src_uri):
                files.remove(file)
        if config.nav is not None:
            config.nav = _filter_nav(config.nav, {file.src_uri for file in files})
        return files

    def on_page_markdown(
        self, markdown: str, /, *, page: Any, config: MkDocsConfig, files: Files
    ) -> str | None:
        return markdown if self.content.trainer else without_trainer_notes(markdown)


ModuleFilter = PackageFilter
"""The former name of :class:`PackageFilter`."""


def _filter_nav(nav: Any, kept: set[str]) -> Any:
    """``nav`` without entries whose page is not in ``kept`` (and without emptied sections)."""
    if isinstance(nav, str):
        return nav if nav in kept or "://" in nav else None
    if isinstance(nav, list):
        entries = [_filter_nav(entry, kept) for entry in nav]
        return [entry for entry in entries if entry not in (None, [], {})]
    if isinstance(nav, dict):
        result = {}
        for title, target in nav.items():
            filtered = _filter_nav(target, kept)
            if filtered not in (None, [], {}):
                result[title] = filtered
        return result or None
    return nav


def scorm_config(
    root: Path,
    site_dir: Path,
    content: PackageContent,
    course: Course,
    *,
    strict: bool = True,
    execute_notebooks: bool = True,
) -> MkDocsConfig:
    """The MkDocs configuration of a SCORM build of ``root`` into ``site_dir``.

    ``mkdocs.yml`` with no ``site_url``, ``use_directory_urls: false`` and no instant navigation;
    :class:`PackageFilter` added after the edukit plugin. A module build is never strict; in a
    module's or a learner's build, links to the pages left out (other modules, trainer guides)
    are expected (they become text) and only logged.
    """
    from mkdocs.config import load_config

    overrides: dict[str, Any] = {
        "strict": strict and content.module is None,
        "site_dir": str(site_dir),
        "use_directory_urls": False,
    }
    config = load_config(str(root / "mkdocs.yml"), **overrides)
    config["site_url"] = None  # (load_config ignores None overrides)
    if content.module is not None or not content.trainer:
        # Links to the pages left out (trainer guides, other modules) become text afterwards.
        config.validation.links.not_found = logging.INFO
    features = config.theme.get("features") or []
    config.theme["features"] = [feature for feature in features if feature not in INSTANT]
    plugin = config.plugins.get("edukit")
    if plugin is not None:
        plugin.config.trainer_build = content.trainer  # a trainer's package shows the notes
        plugin.config.execute_notebooks = execute_notebooks
    config.plugins["edukit-scorm-package"] = PackageFilter(content, course)
    return config


# -- after the build: the adapter, links, launcher and manifest -------------------------------

_ANCHOR = re.compile(r"<a\b([^>]*)>", re.I)
_HREF = re.compile(r'\shref="([^"]*)"', re.I)
_LOADS = re.compile(
    r"<(script|link|img|iframe|source|video|audio|embed|object|track|input)\b[^>]*?"
    r'\s(?:src|href|data|poster|srcset)="((?:https?:)?//[^"]*)"',
    re.I,
)
_CSS_URL = re.compile(r"""url\(\s*['"]?((?:https?:)?//[^'")\s]+)""", re.I)
_MOUNT = re.compile(
    r'data-edukit-mount="quiz"[^>]*?data-edukit-state="([^"]*)"',
)
_HEAD = re.compile(r"<head\b[^>]*>", re.I)
_CHARSET = re.compile(r"<meta\s+charset=[^>]*>", re.I)
_EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//)", re.I)
_TRAINER_HTML = re.compile(
    r"""<(?:div|details|aside|section)\b[^>]*\sclass=["'][^"']*\bformateur\b""", re.I
)


def _ncname(text: str) -> str:
    """An XML ``ID`` made of ``text``: letters, digits, ``-``, ``_``, ``.``; starts with a letter."""
    cleaned = re.sub(r"[^A-Za-z0-9_.-]+", "-", text).strip("-") or "edukit"
    return cleaned if re.match(r"[A-Za-z_]", cleaned) else f"edukit-{cleaned}"


def site_files(site_dir: Path) -> list[str]:
    """Every file of ``site_dir``, as sorted POSIX paths from it."""
    return sorted(
        path.relative_to(site_dir).as_posix() for path in site_dir.rglob("*") if path.is_file()
    )


def _target(page: str, href: str) -> str | None:
    """The package path a relative ``href`` of ``page`` points to, or None for other links."""
    if not href or href.startswith("#") or _EXTERNAL.match(href):
        return None
    path = unquote(urlsplit(href).path)
    if not path:
        return None
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
    return joined


def _rewrite_links(page: str, text: str, files: set[str]) -> str:
    def anchor(match: re.Match[str]) -> str:
        attributes = match.group(1)
        href_match = _HREF.search(attributes)
        if href_match is None:
            return match.group(0)
        href = htmllib.unescape(href_match.group(1))
        if re.match(r"https?://", href, re.I):
            if "target=" in attributes:
                return match.group(0)
            return f'<a{attributes} target="_blank" rel="noopener noreferrer">'
        target = _target(page, href)
        if target is None:
            return match.group(0)
        if target in files or f"{target.rstrip('/')}/index.html" in files:
            return match.group(0)
        # A page left out of this package: the text stays, the link goes.
        kept = attributes[: href_match.start()] + attributes[href_match.end() :]
        return f'<a{kept} data-edukit-absent="true" title="Hors de ce paquet">'

    return _ANCHOR.sub(anchor, text)


def _quizzes(page: str, text: str) -> Iterator[QuizInfo]:
    for match in _MOUNT.finditer(text):
        try:
            saved = json.loads(htmllib.unescape(match.group(1)))
        except ValueError:
            continue
        state = saved.get("state", saved) if isinstance(saved, dict) else {}
        if not isinstance(state, dict) or not state.get("key"):
            continue
        payload = state.get("payload") or {}
        items = payload.get("items") if isinstance(payload, dict) else None
        yield QuizInfo(
            key=str(state["key"]),
            purpose=str(state.get("purpose") or ""),
            mode=str(state.get("mode") or payload.get("mode") or "practice"),
            total=len(items) if isinstance(items, list) else 0,
            page=page,
        )


def _external_loads(page: str, text: str) -> list[str]:
    found = [match.group(2) for match in _LOADS.finditer(text)]
    found += [match.group(1) for match in _CSS_URL.finditer(text)]
    return [f"{page}: {url}" for url in found]


def _inject(page: str, text: str, settings: dict[str, Any]) -> str:
    depth = page.count("/")
    src = "../" * depth + ADAPTER
    data = htmllib.escape(json.dumps(settings, ensure_ascii=False, sort_keys=True), quote=True)
    tag = f'<script src="{src}" data-edukit-scorm="{data}"></script>'
    # First thing in <head> after the charset: it runs (synchronously) before the widget
    # modules, so the learner's records are back in localStorage when they render.
    charset = _CHARSET.search(text)
    if charset is not None:
        return text[: charset.end()] + tag + text[charset.end() :]
    head = _HEAD.search(text)
    if head is None:
        return tag + text
    return text[: head.end()] + tag + text[head.end() :]


def start_page(site_dir: Path, content: PackageContent) -> str:
    """The page the launcher opens first: the module's index or first lesson, or the home."""
    candidates: list[str] = []
    if content.module is not None:
        candidates.append(f"{content.module.path}/index.html")
        candidates += [f"{content.module.path}/{lesson}.html" for lesson in content.lessons]
    candidates += ["index.html", "plan.html"]
    for candidate in candidates:
        if (site_dir / candidate).is_file():
            return candidate
    pages = [name for name in site_files(site_dir) if name.endswith(".html")]
    if not pages:
        raise ProblemError(
            [Problem(site_dir, None, "the SCORM build has no page", "check mkdocs.yml")]
        )
    return pages[0]


LAUNCHER = """<!doctype html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
html, body {{ margin: 0; height: 100%; overflow: hidden; background: #fff; }}
body {{ display: flex; flex-direction: column; }}
#edukit-scorm-frame {{ display: block; border: 0; width: 100%; flex: 1 1 auto; min-height: 0; }}
.edukit-scorm-note {{ font: 1rem/1.5 system-ui, sans-serif; margin: 0; padding: 0.75rem 1rem;
  color: #1a1a1a; background: #fff4ce; border-bottom: 2px solid #8a6d00; }}
</style>
<script src="{adapter}" data-edukit-scorm-launcher="{settings}"></script>
</head>
<body>
<noscript><p class="edukit-scorm-note">Ce cours a besoin de JavaScript.
<a href="{start}">Ouvrir le cours sans suivi</a>.</p></noscript>
</body>
</html>
"""


def finish_site(
    site_dir: Path,
    content: PackageContent,
    *,
    lang: str = "fr",
    mastery_score: int | None = None,
) -> tuple[list[str], list[QuizInfo]]:
    """Turn a SCORM build into a package folder; return its files and its quizzes.

    Drops the files an LMS never serves, rewrites links (absent pages become text, other sites
    open in a new tab), adds ``scorm.js`` to every page, writes the launcher ``scorm.html`` and
    ``imsmanifest.xml``.

    Raises
    ------
    ProblemError
        When a page would load something from another host (the package must work offline).
    """
    for name in DROPPED:
        (site_dir / name).unlink(missing_ok=True)
    (site_dir / ADAPTER).parent.mkdir(parents=True, exist_ok=True)
    (site_dir / ADAPTER).write_text(
        (STATIC / "scorm.js").read_text(encoding="utf-8"), encoding="utf-8"
    )
    files = set(site_files(site_dir))
    quizzes: list[QuizInfo] = []
    external: list[str] = []
    pages = sorted(name for name in files if name.endswith(".html"))
    texts: dict[str, str] = {}
    for page in pages:
        text = (site_dir / page).read_text(encoding="utf-8")
        quizzes += _quizzes(page, text)
        external += _external_loads(page, text)
        texts[page] = text
    for name in sorted(files):
        if name.endswith(".css"):
            css = (site_dir / name).read_text(encoding="utf-8", errors="replace")
            external += [f"{name}: {m.group(1)}" for m in _CSS_URL.finditer(css)]
    if external:
        raise ProblemError(
            [
                Problem(
                    Path(where.split(": ", 1)[0]),
                    None,
                    f"the page loads {where.split(': ', 1)[1]} from another host",
                    "ship the file in the course (a SCORM package must work offline)",
                )
                for where in external
            ]
        )
    if not content.trainer:
        left = [page for page in pages if _TRAINER_HTML.search(texts[page])]
        if left:
            raise ProblemError(
                [
                    Problem(
                        Path(page),
                        None,
                        "the page still holds a trainer note (class 'formateur')",
                        "write trainer notes as '!!! formateur' blocks, which learner packages"
                        " leave out",
                    )
                    for page in left
                ]
            )
    settings = _settings(content, quizzes)
    for page in pages:
        text = _rewrite_links(page, texts[page], files)
        (site_dir / page).write_text(_inject(page, text, settings), encoding="utf-8")
    start = start_page(site_dir, content)
    launcher = LAUNCHER.format(
        lang=htmllib.escape(lang),
        title=htmllib.escape(content.title),
        adapter=ADAPTER,
        settings=htmllib.escape(
            json.dumps(
                {**settings, "start": start, "pages": pages}, ensure_ascii=False, sort_keys=True
            ),
            quote=True,
        ),
        start=htmllib.escape(start, quote=True),
    )
    (site_dir / ENTRY).write_text(launcher, encoding="utf-8")
    listed = site_files(site_dir)
    (site_dir / "imsmanifest.xml").write_text(
        manifest_xml(content, listed, mastery_score=mastery_score), encoding="utf-8"
    )
    return site_files(site_dir), quizzes


def _settings(content: PackageContent, quizzes: list[QuizInfo]) -> dict[str, Any]:
    """What ``scorm.js`` needs to know of the package (see its header for the rules)."""
    return {
        "course": content.course_id,
        "package": content.identifier,
        "lessons": content.lessons,
        "quizzes": [
            {"key": quiz.key, "purpose": quiz.purpose, "mode": quiz.mode, "total": quiz.total}
            for quiz in _unique(quizzes)
        ],
    }


def _unique(quizzes: Iterable[QuizInfo]) -> list[QuizInfo]:
    seen: dict[str, QuizInfo] = {}
    for quiz in quizzes:
        seen.setdefault(quiz.key, quiz)
    return list(seen.values())


def manifest_xml(
    content: PackageContent, files: Iterable[str], *, mastery_score: int | None = None
) -> str:
    """The SCORM 1.2 ``imsmanifest.xml``: one organisation, one item, one SCO listing ``files``.

    ``files`` are package paths; ``imsmanifest.xml`` itself is left out of the list (it is
    the package's control file, not a resource file).
    """
    ET.register_namespace("", NS_IMSCP)
    ET.register_namespace("adlcp", NS_ADLCP)
    ET.register_namespace("xsi", NS_XSI)
    identifier = content.identifier
    manifest = ET.Element(
        f"{{{NS_IMSCP}}}manifest",
        {
            "identifier": f"MANIFEST-{identifier}",
            "version": "1.0",
            f"{{{NS_XSI}}}schemaLocation": SCHEMA_LOCATION,
        },
    )
    metadata = ET.SubElement(manifest, f"{{{NS_IMSCP}}}metadata")
    ET.SubElement(metadata, f"{{{NS_IMSCP}}}schema").text = "ADL SCORM"
    ET.SubElement(metadata, f"{{{NS_IMSCP}}}schemaversion").text = "1.2"
    organizations = ET.SubElement(
        manifest, f"{{{NS_IMSCP}}}organizations", {"default": f"ORG-{identifier}"}
    )
    organization = ET.SubElement(
        organizations, f"{{{NS_IMSCP}}}organization", {"identifier": f"ORG-{identifier}"}
    )
    ET.SubElement(organization, f"{{{NS_IMSCP}}}title").text = content.title
    item = ET.SubElement(
        organization,
        f"{{{NS_IMSCP}}}item",
        {
            "identifier": f"ITEM-{identifier}",
            "identifierref": f"RES-{identifier}",
            "isvisible": "true",
        },
    )
    ET.SubElement(item, f"{{{NS_IMSCP}}}title").text = content.title
    if mastery_score is not None:
        ET.SubElement(item, f"{{{NS_ADLCP}}}masteryscore").text = str(mastery_score)
    resources = ET.SubElement(manifest, f"{{{NS_IMSCP}}}resources")
    resource = ET.SubElement(
        resources,
        f"{{{NS_IMSCP}}}resource",
        {
            "identifier": f"RES-{identifier}",
            "type": "webcontent",
            f"{{{NS_ADLCP}}}scormtype": "sco",
            "href": ENTRY,
        },
    )
    for name in sorted(set(files) - {"imsmanifest.xml"}):
        ET.SubElement(resource, f"{{{NS_IMSCP}}}file", {"href": quote(name, safe="/")})
    ET.indent(manifest, space="  ")
    body = ET.tostring(manifest, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{body}\n'


def write_zip(
    site_dir: Path,
    output: Path,
    *,
    on_file: Callable[[str], None] | None = None,
) -> int:
    """Zip ``site_dir`` into ``output`` atomically (temporary file beside it, then a rename).

    ``imsmanifest.xml`` comes first; entries are sorted and dated :data:`ZIP_TIME`, so the same
    folder always gives the same bytes. A failure leaves no partial zip and keeps any previous
    ``output``. Returns the zip's size in bytes.
    """
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    names = site_files(site_dir)
    names.sort(key=lambda name: (name != "imsmanifest.xml", name))
    handle, temporary = tempfile.mkstemp(
        dir=output.parent, prefix=f".{output.name}.", suffix=".tmp"
    )
    try:
        with (
            os.fdopen(handle, "wb") as stream,
            zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive,
        ):
            for name in names:
                info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                archive.writestr(info, (site_dir / name).read_bytes())
                if on_file is not None:
                    on_file(name)
        os.chmod(temporary, 0o644)  # mkstemp made it 0600: Moodle's web server must read it
        os.replace(temporary, output)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return output.stat().st_size
