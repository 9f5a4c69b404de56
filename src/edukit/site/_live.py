"""Live preview for authors (``edukit serve --live``): a save renders again only what it changes.

MkDocs renders the whole site on every save (9 s on this course, 25 s more when a lesson edit
made the notebooks that read the lessons run again). In live mode (:data:`LIVE_ENV` set):

- builds are *dirty*: MkDocs renders only the pages whose source is newer than their output
  (generated pages — plan, variants, glossary — every time);
- when the course's structure changes (front matter, ``course.yml``, ``_module.yml``…), every
  page is rendered again, since the navigation and the plan are on every page;
- a page whose widget blocks read a file that changed (a quiz's bank) is rendered again;
- the course is loaded, not checked (``edukit check`` does that), and notebooks are not
  executed inside a build;
- work that depends on the whole course text — the notebooks that read the lessons, the mini
  model of the playgrounds — is redone in a background thread (:class:`Refresher`) that logs
  « en cours » then « à jour »; its pages are then rendered again and the browser reloads.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import os
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = [
    "BACKGROUND_BLOCKS",
    "LIVE_ENV",
    "Refresher",
    "allow_reload_script",
    "is_live",
    "patch_server",
    "record_block",
    "stale_pages",
    "structure_digest",
]

LIVE_ENV = "EDUKIT_LIVE"
"""Set to ``1`` by ``edukit serve --live``: the plugin then builds as described above."""
BACKGROUND_BLOCKS = ("playground",)
"""Blocks that read the whole course text (the mini model): refreshed in the background."""
STRUCTURE_FILES = ("course.yml", "_module.yml", "variantes.yml", "faits.yml", "glossaire.yml")
TRIGGER = Path(".cache/edukit/live/refreshed")
"""Touched by the background refresh (from the repository root) so the server rebuilds."""

log = logging.getLogger("mkdocs.plugins.edukit")


def is_live() -> bool:
    return os.environ.get(LIVE_ENV) == "1"


def structure_digest(docs: Path) -> str:
    """A hash of what every page shows of the course: each Markdown file's front matter (title,
    id, order, minutes, objectives…) and the course's YAML files."""
    digest = hashlib.sha256()
    for path in sorted(docs.rglob("*")):
        if path.suffix == ".md":
            text = path.read_text(encoding="utf-8", errors="replace")
            matter = text.split("\n---", 1)[0] if text.startswith("---") else ""
        elif path.name in STRUCTURE_FILES:
            matter = path.read_text(encoding="utf-8", errors="replace")
        else:
            continue
        digest.update(path.relative_to(docs).as_posix().encode() + b"\0" + matter.encode())
    return digest.hexdigest()


@dataclass
class _Block:
    name: str
    source: str
    data: dict[str, Any]
    context: Any
    key: str | None


@dataclass
class _Pages:
    """Widget blocks of the pages rendered so far in this process, by page source path."""

    blocks: dict[str, list[_Block]] = field(default_factory=dict)
    outputs: dict[str, Path] = field(default_factory=dict)
    pending: set[str] = field(default_factory=set)
    """Pages the background refresh made stale, rendered again by the next build."""
    lock: threading.Lock = field(default_factory=threading.Lock)


PAGES = _Pages()


def record_block(
    page: Any,
    site_dir: str,
    name: str,
    source: str,
    data: dict[str, Any],
    context: Any,
    key: str | None,
) -> None:
    """Remember a block of a page being rendered (live mode only)."""
    uri = page.file.src_uri
    if getattr(page, "edukit_live_reset", False) is False:
        PAGES.blocks[uri] = []
        page.edukit_live_reset = True
    PAGES.blocks[uri].append(_Block(name, source, data, context, key))
    PAGES.outputs[uri] = Path(site_dir) / page.file.dest_uri


def stale_pages(
    key_of: Callable[[str, str, Any, dict[str, Any]], str | None],
) -> tuple[list[str], list[str]]:
    """Pages whose blocks' inputs changed since they were rendered: ``(now, background)``.

    ``key_of(name, source, context, data)`` is the block's cache key today. ``now`` pages are
    rendered again at once (a bank edit); ``background`` ones (:data:`BACKGROUND_BLOCKS`) once
    the refresher has computed their blocks.
    """
    now: list[str] = []
    later: list[str] = []
    for uri, blocks in PAGES.blocks.items():
        changed = [
            b
            for b in blocks
            if b.key is None or key_of(b.name, b.source, b.context, b.data) != b.key
        ]
        if any(b.name in BACKGROUND_BLOCKS for b in changed):
            later.append(uri)
        elif changed:
            now.append(uri)
    return now, later


def render_again(uris: list[str]) -> None:
    """Remove the outputs of ``uris`` and of the pages the background refresh made stale:
    the dirty build about to start renders them again (called before it reads any page)."""
    with PAGES.lock:
        uris = [*uris, *PAGES.pending]
        PAGES.pending.clear()
    for uri in uris:
        output = PAGES.outputs.get(uri)
        if output is not None:
            output.unlink(missing_ok=True)


class Refresher:
    """One background thread that redoes the course-wide work after a build, then asks for a
    rebuild by touching :data:`TRIGGER` (watched by the server)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.wanted = threading.Event()
        self.jobs: list[Callable[[], list[str]]] = []
        self.root: Path | None = None
        self.thread: threading.Thread | None = None

    def submit(self, root: Path, job: Callable[[], list[str]]) -> None:
        """Run ``job`` (it returns the pages to render again) after the current one."""
        with self.lock:
            self.root = root
            self.jobs.append(job)
            self.wanted.set()
            if self.thread is None:
                self.thread = threading.Thread(target=self._run, name="edukit-live", daemon=True)
                self.thread.start()

    def _run(self) -> None:
        while True:
            self.wanted.wait()
            with self.lock:
                jobs, self.jobs = self.jobs, []
                self.wanted.clear()
                root = self.root
            started = time.perf_counter()
            log.info("Notebooks et modèle du cours : mise à jour en cours…")
            pages: list[str] = []
            try:
                for job in jobs:
                    pages += job()
            except Exception as error:  # shown, never fatal to the server
                log.warning("la mise à jour en arrière-plan a échoué : %s", error)
                continue
            seconds = time.perf_counter() - started
            if pages and root is not None:
                with PAGES.lock:  # never remove a page under a build that is reading it
                    PAGES.pending.update(pages)
                trigger = root / TRIGGER
                trigger.parent.mkdir(parents=True, exist_ok=True)
                trigger.write_text(str(time.time()), encoding="utf-8")
                log.info(
                    "Notebooks et modèle du cours : à jour (%.1f s), %d page(s) rafraîchie(s)",
                    seconds,
                    len(pages),
                )
            else:
                log.info("Notebooks et modèle du cours : à jour")


REFRESHER = Refresher()


_POLICY = re.compile(rb'(<meta http-equiv="Content-Security-Policy" content="[^"]*?script-src)')
_LAST_SCRIPT = re.compile(rb"<script>((?:(?!<script>).)*)</script>(?=(?:(?!<script>).)*\Z)", re.S)


def allow_reload_script(page: bytes) -> bytes:
    """``page`` as MkDocs's live-reload server sends it, with its injected inline script (the
    last one; it differs on every request) allowed by the page's policy, by hash: without it
    the policy blocks the script and the browser never reloads.

    Examples
    --------
    >>> page = b'<meta http-equiv="Content-Security-Policy" content="script-src \\'self\\'">'
    >>> print(allow_reload_script(page + b"<body><script>go()</script></body>").decode())
    <meta http-equiv="Content-Security-Policy" content="script-src 'sha256-...' 'self'">...
    """
    script = _LAST_SCRIPT.search(page)
    if script is None:
        return page
    digest = base64.b64encode(hashlib.sha256(script.group(1)).digest())
    return _POLICY.sub(lambda m: m.group(1) + b" 'sha256-" + digest + b"'", page, count=1)


def patch_server(server: Any) -> None:
    """Make a MkDocs live-reload server's injected script pass the pages' policy."""
    inject = server._inject_js_into_html
    if getattr(inject, "edukit_allows_reload", False):
        return

    def injected(content: bytes, epoch: int) -> bytes:
        return allow_reload_script(inject(content, epoch))

    injected.edukit_allows_reload = True  # type: ignore[attr-defined]
    server._inject_js_into_html = injected
