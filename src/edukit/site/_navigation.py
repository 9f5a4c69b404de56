"""The course's navigation and plan page: modules in ``course.yml`` order, lessons linked.

The plan page is ``edukit plan``'s Markdown with each lesson title linked to its page; the
navigation lists home, plan and its variants, one section a module, guides, local cases, the
glossary, the notebooks, then any other page, so that none is left out.
"""

from __future__ import annotations

from typing import Any

from mkdocs.structure.files import Files

from edukit.course import Course, Lesson
from edukit.course.plan import markdown_cell, plan_markdown
from edukit.site import _glossary

__all__ = ["PLAN_URI", "SECTIONS", "link_lessons", "navigation", "plan_page"]

PLAN_URI = "plan.md"
SECTIONS = (("guides/", "Guides"), ("cas/", "Cas concrets"))
"""Folders of ``courses/`` shown as one navigation section each, after the modules."""


def _link_cell(title: str) -> str:
    return markdown_cell(title)


def plan_page(course: Course, lesson_uris: dict[str, str]) -> str:
    """``edukit plan``'s Markdown, with each lesson title linked to its page."""
    return link_lessons(plan_markdown(course), course, lesson_uris)


def link_lessons(text: str, course: Course, lesson_uris: dict[str, str]) -> str:
    """A plan's Markdown with each lesson title cell linked to the lesson's page."""
    for lesson in course.lessons:
        uri = lesson_uris.get(lesson.id)
        if uri is None:
            continue
        cell = _link_cell(lesson.title)
        label = cell.replace("[", "\\[").replace("]", "\\]")
        text = text.replace(f" | {cell} | ", f" | [{label}]({uri}) | ")
    return text


def navigation(
    course: Course,
    files: Files,
    lessons: dict[str, Lesson],
    notebooks: list[str],
    plan_title: str,
    *,
    variants: dict[str, str] | None = None,
) -> list[Any]:
    """Home, plan and its variants, one section a module (its ``index.md`` then its lessons),
    guides, local cases, the glossary, notebooks, then any other page, so that none is left
    out."""
    pages = {file.src_uri for file in files.documentation_pages()}
    used: set[str] = set()
    nav: list[Any] = []

    def take(uri: str) -> str:
        used.add(uri)
        return uri

    if "index.md" in pages:
        nav.append({"Accueil": take("index.md")})
    nav.append({plan_title: take(PLAN_URI)})
    nav += [{title: take(uri)} for uri, title in (variants or {}).items() if uri in pages]
    by_id = {lesson.id: uri for uri, lesson in lessons.items()}
    for module in course.modules:
        entries: list[Any] = []
        index = f"{module.path}/index.md"
        if index in pages:
            entries.append(take(index))
        entries += [take(by_id[lesson.id]) for lesson in module.lessons if lesson.id in by_id]
        if entries:
            nav.append({module.title: entries})
    for folder, title in SECTIONS:
        section = sorted(
            (uri for uri in pages if uri.startswith(folder) and uri not in used),
            key=lambda uri: (not uri.endswith("index.md"), uri),
        )
        if section:
            nav.append({title: [take(uri) for uri in section]})
    if _glossary.GLOSSARY_URI in pages:
        nav.append({"Glossaire": take(_glossary.GLOSSARY_URI)})
    if notebooks:
        nav.append({"Notebooks": [take(uri) for uri in notebooks]})
    nav += sorted(uri for uri in pages if uri not in used and uri != PLAN_URI)
    return nav
