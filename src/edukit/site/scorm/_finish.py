"""A SCORM build turned into a package folder: checks, adapter, launcher and manifest."""

from __future__ import annotations

import html as htmllib
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from edukit._problems import Problem, ProblemError
from edukit.site.scorm._archive import site_files
from edukit.site.scorm._content import PackageContent, QuizInfo
from edukit.site.scorm._manifest import ENTRY, manifest_xml
from edukit.site.scorm._pages import (
    ADAPTER,
    CSS_URL,
    TRAINER_HTML,
    external_loads,
    inject_adapter,
    quizzes_in,
    rewrite_links,
)

STATIC = Path(__file__).parent / "static"
ADAPTER_SOURCES = ("records.js", "scorm.js")
"""The adapter's classic scripts in ``static/``, in the order the shipped :data:`ADAPTER` holds
them: ``records.js`` (records, suspend_data, score and status) defines what ``scorm.js`` (the
LMS session) uses, and one ``<script>`` keeps ``document.currentScript`` on the tag."""
DROPPED = ("404.html", "sitemap.xml", "sitemap.xml.gz")
"""Files of the site an LMS never serves (and that hold absolute addresses)."""


def adapter_script() -> str:
    """The SCORM 1.2 API adapter the package ships: :data:`ADAPTER_SOURCES`, one after another."""
    texts = [(STATIC / name).read_text(encoding="utf-8") for name in ADAPTER_SOURCES]
    return "".join(text if text.endswith("\n") else text + "\n" for text in texts)


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
        When a page would load something from another host (the package must work offline),
        or, in a learner's package, when a page still holds a trainer note.
    """
    for name in DROPPED:
        (site_dir / name).unlink(missing_ok=True)
    (site_dir / ADAPTER).parent.mkdir(parents=True, exist_ok=True)
    (site_dir / ADAPTER).write_text(adapter_script(), encoding="utf-8")
    files = set(site_files(site_dir))
    pages = sorted(name for name in files if name.endswith(".html"))
    texts = {page: (site_dir / page).read_text(encoding="utf-8") for page in pages}
    _check_offline(site_dir, files, texts)
    if not content.trainer:
        _check_no_trainer_note(texts)
    quizzes = [quiz for page in pages for quiz in quizzes_in(page, texts[page])]
    settings = _settings(content, quizzes)
    for page in pages:
        text = rewrite_links(page, texts[page], files)
        (site_dir / page).write_text(inject_adapter(page, text, settings), encoding="utf-8")
    start = start_page(site_dir, content)
    (site_dir / ENTRY).write_text(
        _launcher(content, {**settings, "start": start, "pages": pages}, lang), encoding="utf-8"
    )
    listed = site_files(site_dir)
    (site_dir / "imsmanifest.xml").write_text(
        manifest_xml(content, listed, mastery_score=mastery_score), encoding="utf-8"
    )
    return site_files(site_dir), quizzes


def _check_offline(site_dir: Path, files: set[str], texts: dict[str, str]) -> None:
    """Stop when a page or a stylesheet would load something from another host."""
    external = [where for page, text in texts.items() for where in external_loads(page, text)]
    for name in sorted(files):
        if name.endswith(".css"):
            css = (site_dir / name).read_text(encoding="utf-8", errors="replace")
            external += [f"{name}: {m.group(1)}" for m in CSS_URL.finditer(css)]
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


def _check_no_trainer_note(texts: dict[str, str]) -> None:
    """Stop when a learner's page still holds a trainer note (one problem per page)."""
    left = [page for page, text in texts.items() if TRAINER_HTML.search(text)]
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


def _launcher(content: PackageContent, settings: dict[str, Any], lang: str) -> str:
    """The launcher page ``scorm.html``: the adapter with the package's settings."""
    return LAUNCHER.format(
        lang=htmllib.escape(lang),
        title=htmllib.escape(content.title),
        adapter=ADAPTER,
        settings=htmllib.escape(
            json.dumps(settings, ensure_ascii=False, sort_keys=True), quote=True
        ),
        start=htmllib.escape(settings["start"], quote=True),
    )


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
