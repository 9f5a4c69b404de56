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
  « en cours » then « à jour »; its pages are then rendered again and the browser reloads;
- the preview page itself shows that state (:class:`Status`): a small note « Mise à jour en
  cours : … » then « Aperçu à jour », from a ``status.json`` the server keeps in the served
  site and ``live.js`` polls (a file script of the site, as the page policy wants).
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import os
import re
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

__all__ = [
    "BACKGROUND_BLOCKS",
    "BANNER_DIR",
    "LIVE_ENV",
    "STATUS",
    "Refresher",
    "Status",
    "add_banner",
    "allow_reload_script",
    "build_failed",
    "is_live",
    "keep_generated_pages",
    "learner_notebooks_stale",
    "patch_server",
    "record_block",
    "stale_pages",
    "structure_digest",
    "write_banner",
]

LIVE_ENV = "EDUKIT_LIVE"
"""Set to ``1`` by ``edukit serve --live``: the plugin then builds as described above."""
BACKGROUND_BLOCKS = ("playground",)
"""Blocks that read the whole course text (the mini model): refreshed in the background."""
STRUCTURE_FILES = ("course.yml", "_module.yml", "variantes.yml", "faits.yml", "glossaire.yml")
TRIGGER = Path(".cache/edukit/live/refreshed")
"""Touched by the background refresh (from the repository root) so the server rebuilds."""
STATIC = Path(__file__).parent / "static"
BANNER_DIR = "assets/edukit-live"
"""Folder of the served site with the status note's script, stylesheet and ``status.json``
(live mode only: a normal build has none of it)."""
BANNER_FILES = ("live.js", "live.css")
BUILD_WAIT = 30.0
"""Seconds the background refresh waits for a build to end (one that failed never ends)."""
Task = Literal["page", "notebooks", "model"]
"""What is being brought up to date: the page (a build), the notebooks, the mini model."""

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
    waiting: dict[str, frozenset[str]] = field(default_factory=dict)
    """Pages whose background blocks are being computed, with the block keys they wait for."""
    warm: set[str] = field(default_factory=set)
    """Keys of background blocks the refresh has computed: their pages render from the cache."""
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
    rendered again at once (a bank edit, or a mini model the refresh has computed already);
    ``background`` ones (:data:`BACKGROUND_BLOCKS` whose key is not warm yet) once the refresher
    has computed their blocks: a build never waits for the mini model's training. A block
    without a key (nothing to cache) is rendered at once, never sent to the refresher.
    """
    now: list[str] = []
    later: list[str] = []
    with PAGES.lock:
        PAGES.waiting.clear()
        for uri, blocks in PAGES.blocks.items():
            changed = False
            cold: set[str] = set()
            for block in blocks:
                key = block.key and key_of(block.name, block.source, block.context, block.data)
                if key is not None and key == block.key:
                    continue
                changed = True
                if key is not None and block.name in BACKGROUND_BLOCKS and key not in PAGES.warm:
                    cold.add(key)
            if cold:
                later.append(uri)
                PAGES.waiting[uri] = frozenset(cold)
            elif changed:
                now.append(uri)
    return now, later


def render_again(uris: list[str]) -> None:
    """Remove the outputs of ``uris`` and of the pages the background refresh made stale:
    the dirty build about to start renders them again (called before it reads any page).
    A page that waits for the refresh again (an edit came in meanwhile) keeps its output."""
    with PAGES.lock:
        uris = [*uris, *(uri for uri in PAGES.pending if uri not in PAGES.waiting)]
        PAGES.pending.clear()
    for uri in uris:
        output = PAGES.outputs.get(uri)
        if output is not None:
            output.unlink(missing_ok=True)


def _computed(pages: list[str], waited: dict[str, frozenset[str]]) -> None:
    """The refresh computed the blocks of ``pages``: the keys they waited for are warm."""
    with PAGES.lock:
        for uri in pages:
            PAGES.warm.update(waited.get(uri, ()))
        PAGES.pending.update(pages)


class Status:
    """The state the preview's note shows, kept as ``status.json`` in the served site.

    ``{"state": "running", "tasks": ["page", "notebooks"]}`` while a build or the background
    refresh runs, then ``{"state": "ready", "tasks": []}`` (``"failed"`` when the last build or
    refresh failed; the terminal says why). Written atomically: ``live.js`` never reads half a
    file.

    Examples
    --------
    >>> status = Status()
    >>> status.update(building=True, background=["model"])
    >>> status.snapshot()
    {'state': 'running', 'tasks': ['page', 'model']}
    >>> status.update(building=False, background=[])
    >>> status.snapshot()
    {'state': 'ready', 'tasks': []}
    """

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.site: Path | None = None
        self.building = False
        self.built = threading.Event()
        """Set while no build runs: the background refresh waits for it (see :class:`Refresher`)."""
        self.built.set()
        self.background: list[Task] = []
        self.failed = False
        """The last background refresh failed."""
        self.broken = False
        """The last build failed (MkDocs keeps serving the pages built before)."""

    def snapshot(self) -> dict[str, Any]:
        tasks: list[Task] = ["page"] if self.building else []
        tasks += [task for task in dict.fromkeys(self.background) if task not in tasks]
        state = "running" if tasks else "failed" if self.failed or self.broken else "ready"
        return {"state": state, "tasks": tasks}

    def update(
        self,
        *,
        site: Path | None = None,
        building: bool | None = None,
        background: Iterable[Task] | None = None,
        failed: bool | None = None,
        broken: bool | None = None,
    ) -> None:
        with self.lock:
            if site is not None:
                self.site = site
            if building is not None:
                self.building = building
                (self.built.clear if building else self.built.set)()
            if background is not None:
                self.background = list(background)
            if failed is not None:
                self.failed = failed
            if broken is not None:
                self.broken = broken
            if self.site is not None:
                _write_atomically(
                    self.site / BANNER_DIR / "status.json", json.dumps(self.snapshot())
                )


STATUS = Status()


def _write_atomically(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{threading.get_ident()}.tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def add_banner(config: Any) -> None:
    """Live mode, at the start of a build: the pages link the status note's script and
    stylesheet, and the note says the page is being rebuilt."""
    STATUS.update(site=Path(config["site_dir"]), building=True)
    for name in BANNER_FILES:
        items = config["extra_javascript" if name.endswith(".js") else "extra_css"]
        if f"{BANNER_DIR}/{name}" not in [str(item) for item in items]:
            items.append(f"{BANNER_DIR}/{name}")


def write_banner(site_dir: str | Path) -> None:
    """Live mode, at the end of a build: the note's files are in the site; the page is built."""
    for name in BANNER_FILES:
        text = (STATIC / name).read_text(encoding="utf-8")
        target = Path(site_dir) / BANNER_DIR / name
        if not target.is_file() or target.read_text(encoding="utf-8") != text:
            _write_atomically(target, text)
    STATUS.update(site=Path(site_dir), building=False, broken=False)


def build_failed() -> None:
    """Live mode, when a build stops on an error: the note says so (not « en cours » forever)."""
    STATUS.update(building=False, broken=True)


def keep_generated_pages(files: Any, site_dir: Path) -> None:
    """Live mode: pages generated from the course structure (plan, its variants, glossary, « Ce
    qui a changé ») are not rendered again while that structure stays the same.

    Their text comes from front matter and the course's YAML files only (:func:`structure_digest`),
    and a change there removes every page of the site before the build (the plugin's
    ``_live_invalidate``): a generated page whose output is still there is up to date. MkDocs
    renders in-memory pages on every build otherwise (0.4 s of each save on the real course).
    """
    for file in files.documentation_pages():
        if file.generated_by is None or file.abs_src_path is not None:
            continue
        if Path(file.abs_dest_path).is_file():
            file.is_modified = _unmodified


def _unmodified() -> bool:
    return False


_LEARNER_SOURCES: dict[Path, str] = {}


def learner_notebooks_stale(root: Path, downloads: Path) -> bool:
    """Live mode: whether the learner notebooks must be written again (a notebook source
    changed, or a written file is missing); converting them all takes a while on every save."""
    from edukit.build import find_notebooks

    digest = hashlib.sha256()
    sources = find_notebooks(root)
    for source in sources:
        digest.update(source.name.encode() + b"\0" + source.read_bytes() + b"\0")
    missing = any(not (downloads / f"{source.stem}.ipynb").is_file() for source in sources)
    if not missing and _LEARNER_SOURCES.get(root) == digest.hexdigest():
        return False
    _LEARNER_SOURCES[root] = digest.hexdigest()
    return True


@dataclass
class _Job:
    task: Task
    run: Callable[[], list[str]]
    waited: dict[str, frozenset[str]]
    """The block keys each page waited for when the job was submitted (see :func:`stale_pages`)."""


class Refresher:
    """One background thread that redoes the course-wide work after a build, then asks for a
    rebuild by touching :data:`TRIGGER` (watched by the server). :data:`STATUS` follows it."""

    def __init__(self, status: Status | None = None) -> None:
        self.lock = threading.Lock()
        self.wanted = threading.Event()
        self.jobs: list[_Job] = []
        self.running: list[Task] = []
        self.root: Path | None = None
        self.thread: threading.Thread | None = None
        self.status = status if status is not None else STATUS

    def submit(self, root: Path, job: Callable[[], list[str]], task: Task = "notebooks") -> None:
        """Run ``job`` (it returns the pages to render again) after the current one."""
        with PAGES.lock:
            waited = dict(PAGES.waiting)
        with self.lock:
            self.root = root
            self.jobs.append(_Job(task, job, waited))
            self.status.update(background=[*self.running, *(job.task for job in self.jobs)])
            self.wanted.set()
            if self.thread is None:
                self.thread = threading.Thread(target=self._run, name="edukit-live", daemon=True)
                self.thread.start()

    def idle(self) -> bool:
        """Whether no job is waiting or running."""
        with self.lock:
            return not self.jobs and not self.running

    def _run(self) -> None:
        while True:
            self.wanted.wait()
            # Never alongside a build: the mini model's training holds the interpreter, and the
            # author waits for the build (a lesson edit's took 4.6 s instead of 1.5 s).
            self.status.built.wait(timeout=BUILD_WAIT)
            with self.lock:
                jobs, self.jobs = self.jobs, []
                self.running = [job.task for job in jobs]
                self.wanted.clear()
                root = self.root
            self._refresh(jobs, root)
            with self.lock:
                self.running = []
                self.status.update(background=[job.task for job in self.jobs])

    def _refresh(self, jobs: list[_Job], root: Path | None) -> None:
        started = time.perf_counter()
        log.info("Notebooks et modèle du cours : mise à jour en cours…")
        pages: list[str] = []
        try:
            for job in jobs:
                done = job.run()
                _computed(done, job.waited)
                pages += done
        except Exception as error:  # shown, never fatal to the server
            log.warning("la mise à jour en arrière-plan a échoué : %s", error)
            self.status.update(failed=True)
            return
        self.status.update(failed=False)
        seconds = time.perf_counter() - started
        if pages and root is not None:
            self.status.update(building=True)  # the rebuild asked for below
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


WATCH_INTERVAL = 0.2
"""Seconds between two looks at the watched folders (MkDocs looks every 0.5 s: a quarter of a
second more, on average, between a save and its rebuild)."""


def patch_server(server: Any) -> None:
    """Make a MkDocs live-reload server's injected script pass the pages' policy, and let it
    see a save sooner (:data:`WATCH_INTERVAL`)."""
    _watch_sooner(server)
    inject = server._inject_js_into_html
    if getattr(inject, "edukit_allows_reload", False):
        return

    def injected(content: bytes, epoch: int) -> bytes:
        return allow_reload_script(inject(content, epoch))

    injected.edukit_allows_reload = True  # type: ignore[attr-defined]
    server._inject_js_into_html = injected


def _watch_sooner(server: Any) -> None:
    """Swap the server's polling observer (not started yet) for a quicker one, moving the
    folders watched so far to it. Polling, like MkDocs: it also sees saves that inotify misses
    (network folders, editors that replace the file)."""
    from watchdog.observers.polling import PollingObserver

    observer = getattr(server, "observer", None)
    watched = getattr(server, "_watched_paths", None)
    if not isinstance(observer, PollingObserver) or not isinstance(watched, dict):
        return
    if observer.timeout <= WATCH_INTERVAL or observer.is_alive():
        return
    paths = dict(watched)
    for path, count in paths.items():
        for _ in range(count):
            server.unwatch(path)
    server.observer = PollingObserver(timeout=WATCH_INTERVAL)
    for path, count in paths.items():
        for _ in range(count):
            server.watch(path)
