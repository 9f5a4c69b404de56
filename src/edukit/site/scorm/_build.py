"""The MkDocs build of a SCORM package: its configuration and the filter of what it holds."""

from __future__ import annotations

import logging
import posixpath
import re
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files

from edukit.course import Course
from edukit.site.scorm._content import PackageContent

INSTANT = (
    "navigation.instant",
    "navigation.instant.progress",
    "navigation.instant.prefetch",
    "navigation.instant.preview",
)
"""Material's instant navigation: it needs ``site_url`` and fetches pages by address."""

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
