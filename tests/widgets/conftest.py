"""Widget test doubles: the parts of an MkDocs page and file the widget runtime reads."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class FakeFile:
    """An MkDocs ``File``: where the page's Markdown is, and its path in ``docs_dir``."""

    abs_src_path: str | None
    src_path: str
    src_uri: str = ""


@dataclass
class FakePage:
    """An MkDocs ``Page``: its file, Markdown, URL and front matter."""

    file: FakeFile
    markdown: str
    url: str = ""
    meta: dict[str, Any] = field(default_factory=dict)
