"""The Markdown the plugin adds around a lesson: a header from its front matter, key points after.

Links are written as Markdown links to ``.md``/``.ipynb`` source paths, so MkDocs resolves and
checks them like any author link (and they keep working under a subpath).
"""

from __future__ import annotations

import posixpath
import re

from edukit.course import Course, Lesson

__all__ = ["format_minutes", "key_points_markdown", "lesson_header", "markdown_text"]

_SPECIAL = re.compile(r"([\\`*_\[\]])")
NBSP = "\u00a0"


def markdown_text(text: str) -> str:
    """``text`` on one line, with Markdown and HTML specials escaped.

    Examples
    --------
    >>> print(markdown_text("Les *données* <brutes>\\net [liens]"))
    Les \\*données\\* &lt;brutes&gt; et \\[liens\\]
    """
    text = " ".join(text.split()).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _SPECIAL.sub(r"\\\1", text)


def format_minutes(minutes: int) -> str:
    """A duration the French way.

    Examples
    --------
    >>> format_minutes(45), format_minutes(60), format_minutes(135)
    ('45\\xa0min', '1\\xa0h', '2\\xa0h\\xa015')
    """
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest}{NBSP}min"
    return f"{hours}{NBSP}h" + (f"{NBSP}{rest:02d}" if rest else "")


def _link(from_uri: str, to_uri: str) -> str:
    return posixpath.relpath(to_uri, posixpath.dirname(from_uri) or ".")


def _label(name: str) -> str:
    return f"**{name}{NBSP}:**"


def lesson_header(
    lesson: Lesson, course: Course, *, page_uri: str, lesson_uris: dict[str, str]
) -> str:
    """The header block put before a lesson's text: duration, audiences, prerequisites,
    notebook and objectives.

    ``page_uri`` is the lesson's path in the docs folder; ``lesson_uris`` maps lesson ids to
    their paths there (prerequisites naming a lesson become links).
    """
    facts = [
        f"{_label('Durée')} {format_minutes(lesson.minutes)}"
        + f" ({len(lesson.activities)} activité{'s' if len(lesson.activities) > 1 else ''})"
    ]
    labels = {audience.id: audience.label for audience in course.audiences}
    if labels and set(lesson.audiences) >= set(labels):
        facts.append(f"{_label('Publics')} tous les publics de la formation")
    elif lesson.audiences:
        shown = ", ".join(markdown_text(labels.get(a, a)) for a in lesson.audiences)
        facts.append(f"{_label('Publics')} {shown}")
    if lesson.prerequisites:
        items = []
        for prerequisite in lesson.prerequisites:
            if prerequisite in lesson_uris:
                title = markdown_text(course.lesson(prerequisite).title)
                items.append(f"[{title}]({_link(page_uri, lesson_uris[prerequisite])})")
            else:
                items.append(markdown_text(prerequisite))
        facts.append(f"{_label('Prérequis')} " + f"{NBSP}; ".join(items))
    if lesson.notebook is not None:
        target = f"notebooks/{lesson.notebook.stem}.ipynb"
        facts.append(
            f"{_label('Notebook')} [{markdown_text(lesson.notebook.stem)}]({_link(page_uri, target)})"
        )
    objectives = "\n".join(f"- {markdown_text(o.text)}" for o in lesson.objectives)
    return (
        '<div class="edukit-lesson-header" markdown>\n\n'
        + "  \n".join(facts)
        + f"\n\n**Objectifs**{NBSP}: à la fin de cette leçon, vous pourrez\n\n"
        + objectives
        + "\n\n</div>\n\n"
    )


def key_points_markdown(lesson: Lesson) -> str:
    """The « À retenir » box put after a lesson's text."""
    points = "\n".join(f"    - {markdown_text(point)}" for point in lesson.key_points)
    return f'\n\n!!! abstract "À retenir"\n\n{points}\n'
