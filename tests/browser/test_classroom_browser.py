"""Classroom mode in Debian chromium: two learners and the trainer against the real room server.

A small course (the good fixture, plus a quiz and a prompt playground in its first lesson) is
built with the edukit plugin (so its pages carry the site's CSP) and served by the classroom
application (Starlette under uvicorn, on 127.0.0.1) in a thread. The room's model is the
project's fake OpenAI-compatible server (``tests/fake_openai.py``), which answers only with
its secret key: the key is in this process's environment and must never reach a browser.
Every request to another host is aborted and recorded.
"""

from __future__ import annotations

import json
import os
import socket
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest

from ..fake_openai import ANSWER as ANSWER_PIECES
from ..fake_openai import SECRET, FakeServer, serve
from ..polling import wait_until
from .conftest import offline

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
CODE = "K7M-Q2X"
TRAINER = "jeton-formateur-" + "0123456789abcdefghij"
KEY_ENV = "EDUKIT_TEST_CLASSROOM_KEY"
LESSON = "m1-decouvrir/l01-accueil/"
BLOCKS = """## Exercice

```edukit-quiz
bank: exercises/provenance
title: "Quiz de la salle"
```

## Bac à sable

```edukit-playground
mode: requetes
variants: 2
endpoint: {base_url: "http://127.0.0.1:11434/v1", model: "qwen2.5:1.5b"}
prompts: ["Écris une phrase de bienvenue.", "Tu es agent d'accueil : écris une phrase de bienvenue."]
```

## Sources"""
DIALOG = "dialog[data-edukit-classe]"


ANSWER = "".join(ANSWER_PIECES)


@dataclass
class RoomServer:
    url: str
    room: Any
    site: Path
    model_requests: list[dict[str, Any]] = field(default_factory=list)

    def learner(self, pseudo: str) -> Any:
        return next(item for item in self.room.store.learners() if item.pseudo == pseudo)

    def records(self, pseudo: str) -> dict[str, Any]:
        learner = self.learner(pseudo)
        return {record["key"]: record for record in self.room.store.records(learner.id)}


@pytest.fixture(scope="module")
def course(
    tmp_path_factory: pytest.TempPathFactory,
    copy_course: Callable[..., Path],
    course_fixtures: dict[str, Path],
) -> Path:
    root = copy_course(course_fixtures["good"], tmp_path_factory.mktemp("salle-cours"), home=True)
    lesson = root / "courses" / "m1-decouvrir" / "l01-accueil.md"
    lesson.write_text(
        lesson.read_text(encoding="utf-8").replace("## Sources", BLOCKS), encoding="utf-8"
    )
    return root


def _free_socket(port: int = 0) -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", port))
    return sock


@dataclass
class Running:
    """One classroom server process's worth: a room over a data folder, under uvicorn."""

    url: str
    room: Any
    server: Any
    thread: threading.Thread

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self.room.store.close()


def _start_room(folder: Path, site: Path, course: Path, model_url: str, port: int = 0) -> Running:
    """Serve ``site`` as ``edukit classroom`` does, with the room's data in ``folder``."""
    import uvicorn

    from edukit.classroom import Limits, ModelInfo, Room, Store
    from edukit.cli._classroom_app import Backend, ClassroomConfig, create_app
    from edukit.llm._providers import GENERIC

    room = Room(
        Store(folder),
        "mini-cours",
        name="Salle d'essai",
        retention_days=30,
        limits=Limits(requests_per_minute=60, tokens_per_day=100_000),
        model=ModelInfo("ok", GENERIC.name),
        code=CODE,
        trainer_token=TRAINER,
    )
    sock = _free_socket(port)
    url = f"http://127.0.0.1:{sock.getsockname()[1]}/"
    config = ClassroomConfig(
        room=room,
        site_dir=site,
        address=url,
        backend=Backend(model_url, "ok", GENERIC, KEY_ENV),
        course_root=course,
    )
    server = uvicorn.Server(
        uvicorn.Config(create_app(config), log_level="warning", access_log=False, lifespan="on")
    )
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    wait_until(lambda: bool(server.started), 20, "the classroom server's start", every=0.05)
    return Running(url, room, server, thread)


@pytest.fixture(scope="module")
def fake_model() -> Iterator[FakeServer]:
    """The fake OpenAI-compatible server; its key is in this process's environment only."""
    with serve() as state:
        os.environ[KEY_ENV] = SECRET
        try:
            yield state
        finally:
            os.environ.pop(KEY_ENV, None)


@pytest.fixture(scope="module")
def site(course: Path, build_site: Callable[..., Path]) -> Path:
    return build_site(course, site_url="http://127.0.0.1:8000/")


@pytest.fixture(scope="module")
def room_server(
    course: Path, site: Path, fake_model: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[RoomServer]:
    running = _start_room(tmp_path_factory.mktemp("salle-donnees"), site, course, fake_model.url)
    try:
        yield RoomServer(running.url, running.room, site, fake_model.requests)
    finally:
        running.stop()


@dataclass
class Tab:
    page: Any
    external: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    requests: list[Any] = field(default_factory=list)
    responses: list[Any] = field(default_factory=list)


def _tab(context: Any) -> Tab:
    """An offline page (``tests/browser/conftest.py``) that also logs console errors, requests
    and responses."""
    page = offline(context)
    tab = Tab(page, external=page.external_requests, errors=page.page_errors)
    page.on(
        "console",
        lambda message: tab.errors.append(message.text) if message.type == "error" else None,
    )
    page.on("request", lambda request: tab.requests.append(request))
    page.on("response", lambda response: tab.responses.append(response))
    return tab


@pytest.fixture
def contexts(chromium: Any) -> Iterator[Callable[..., Any]]:
    opened: list[Any] = []

    def new(**options: Any) -> Any:
        context = chromium.new_context(**options)
        opened.append(context)
        return context

    yield new
    for context in opened:
        context.close()


def _dialog(page: Any) -> Any:
    return page.locator("dialog[data-edukit-classe=rejoindre-dialogue]")


def _join(tab: Tab, url: str, pseudo: str, *, code: str = CODE) -> None:
    """Join by keyboard alone: the dialog opens on the title, Tab to the fields, Enter."""
    page = tab.page
    page.goto(url)
    dialog = _dialog(page)
    dialog.wait_for(state="visible", timeout=20_000)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.dataset.edukitClasse") == "code"
    page.keyboard.type(code)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.dataset.edukitClasse") == "pseudo"
    page.keyboard.type(pseudo)
    page.keyboard.press("Enter")
    dialog.wait_for(state="detached", timeout=10_000)
    chip = page.locator("[data-edukit-classe=etat]")
    chip.filter(has_text=f"Connecté à la salle · {pseudo}").wait_for(timeout=10_000)


def _answer_first_question(page: Any) -> None:
    quiz = page.locator(".edukit-quiz", has=page.locator(".edukit-quiz__title", has_text="Quiz"))
    quiz.wait_for(timeout=20_000)
    question = quiz.locator('[data-quiz-item="positionnement"]')
    question.get_by_label("Vrai", exact=True).check()
    question.locator('[data-quiz="submit"]').click()


def _wait_for(page: Any, check: Callable[[], bool], what: str, timeout: float = 20.0) -> None:
    """Poll ``check`` while Playwright keeps serving the page's routes (never ``time.sleep``)."""
    wait_until(check, timeout, what, every=0.1, pause=lambda s: page.wait_for_timeout(s * 1000))


def _wait_queued(page: Any, what: str) -> None:
    """Wait until the page's classroom queue holds a quiz record."""
    _wait_for(
        page,
        lambda: "quiz:" in str(page.evaluate("() => localStorage.getItem('edukit:classe:file')")),
        what,
    )


def _quiz_answer(server: RoomServer, pseudo: str) -> Any:
    try:
        records = server.records(pseudo)
    except StopIteration:
        return None
    for key, record in records.items():
        if key.startswith("quiz:") and "positionnement" in (record["value"].get("items") or {}):
            return record["value"]["items"]["positionnement"]
    return None


def _storage_dump(page: Any) -> str:
    return str(
        page.evaluate(
            "() => JSON.stringify([Object.entries(localStorage), Object.entries(sessionStorage)])"
        )
    )


def test_join_dialog_is_accessible(
    contexts: Callable[..., Any], room_server: RoomServer, axe: Callable[..., Any]
) -> None:
    tab = _tab(contexts())
    page = tab.page
    page.goto(room_server.url + LESSON)
    dialog = _dialog(page)
    dialog.wait_for(state="visible", timeout=20_000)
    assert dialog.get_attribute("role") == "dialog"
    assert dialog.get_attribute("aria-modal") == "true"
    title_id = dialog.get_attribute("aria-labelledby")
    assert page.locator(f"#{title_id}").inner_text() == "Rejoindre la salle de formation"
    assert page.evaluate("document.activeElement.id") == title_id, "focus starts on the title"
    # The notice comes before the fields: what, why, who, how long.
    notice = dialog.locator("[data-edukit-classe=notice]")
    text = notice.inner_text()
    for part in ("Ce que la salle enregistre", "Pourquoi", "Qui les voit", "Combien de temps"):
        assert part in text
    assert page.evaluate(
        """() => {
            const notice = document.querySelector('[data-edukit-classe=notice]');
            const code = document.querySelector('[data-edukit-classe=code]');
            return Boolean(notice.compareDocumentPosition(code) & Node.DOCUMENT_POSITION_FOLLOWING);
        }"""
    )
    # Fields have visible labels and hints.
    assert dialog.get_by_label("Code de la salle").count() == 1
    assert dialog.get_by_label("Votre pseudonyme").count() == 1
    # Tab never leaves the dialog, forwards or backwards.
    for key in ["Tab"] * 7 + ["Shift+Tab"] * 7:
        page.keyboard.press(key)
        assert page.evaluate(
            "() => Boolean(document.activeElement.closest('dialog[data-edukit-classe]'))"
        ), key
    # A wrong code: the server's French message, on the code field, read out.
    page.locator("[data-edukit-classe=code]").fill("AAA-AAA")
    page.locator("[data-edukit-classe=pseudo]").fill("Essai")
    page.locator("[data-edukit-classe=rejoindre]").click()
    error = dialog.locator("[data-edukit-classe=erreur]")
    error.filter(has_text="code").wait_for(timeout=10_000)
    assert error.get_attribute("role") == "alert"
    assert page.locator("[data-edukit-classe=code]").get_attribute("aria-invalid") == "true"
    assert page.evaluate("document.activeElement.dataset.edukitClasse") == "code"
    # axe-core on the dialog (CSP-proof injection: no inline script).
    assert axe(page, DIALOG) == []
    # Escape closes it, « later »: the page works as before, a button offers to join.
    page.keyboard.press("Escape")
    dialog.wait_for(state="detached")
    chip_button = page.locator("[data-edukit-classe=bouton]")
    assert chip_button.inner_text() == "Rejoindre la salle"
    assert page.locator("[data-edukit-classe=chip]").get_attribute("aria-label")
    page.reload()
    page.locator("[data-edukit-classe=chip]").wait_for()
    assert _dialog(page).count() == 0, "« later » holds for this tab"
    chip_button.focus()
    page.keyboard.press("Enter")
    dialog.wait_for(state="visible")
    page.keyboard.press("Escape")
    dialog.wait_for(state="detached")
    assert page.evaluate("document.activeElement.dataset.edukitClasse") == "bouton", (
        "focus goes back where it was"
    )
    assert tab.external == []
    assert [error for error in tab.errors if "403" not in error] == []


def test_join_dialog_reflows_at_320_px_and_speaks_english(
    contexts: Callable[..., Any], room_server: RoomServer
) -> None:
    tab = _tab(contexts(viewport={"width": 320, "height": 640}, device_scale_factor=2))
    page = tab.page
    page.goto(room_server.url + LESSON)
    _dialog(page).wait_for(state="visible", timeout=20_000)
    overflow = page.evaluate(
        "() => [...document.querySelectorAll('dialog[data-edukit-classe] *')]"
        ".filter(e => e.getClientRects().length && e.getBoundingClientRect().right > 320.5)"
        ".map(e => e.tagName + '.' + (e.dataset.edukitClasse || ''))"
    )
    assert overflow == []
    later = page.locator("[data-edukit-classe=plus-tard]")
    later.scroll_into_view_if_needed()
    later.click()
    _dialog(page).wait_for(state="detached")

    english = _tab(contexts())

    def as_english(route: Any) -> None:
        response = route.fetch()
        body = response.text().replace('<html lang="fr"', '<html lang="en"', 1)
        route.fulfill(response=response, body=body)

    english.page.route(room_server.url + LESSON, as_english)
    english.page.goto(room_server.url + LESSON)
    dialog = _dialog(english.page)
    dialog.wait_for(state="visible", timeout=20_000)
    assert "Join the training room" in dialog.inner_text()
    assert "Who sees it" in dialog.inner_text()
    assert dialog.locator("[lang=fr]").count() >= 1, "the French notice is marked as French"


def test_two_learners_and_the_trainer(
    contexts: Callable[..., Any], room_server: RoomServer
) -> None:
    lesson = room_server.url + LESSON
    monique = _tab(contexts())
    karim_context = contexts()
    karim = _tab(karim_context)

    # Monique joins by keyboard and answers: the record reaches the server.
    _join(monique, lesson, "Monique")
    _answer_first_question(monique.page)
    _wait_for(
        monique.page, lambda: _quiz_answer(room_server, "Monique") is not None, "Monique's answer"
    )
    assert _quiz_answer(room_server, "Monique")["answer"] is True
    _wait_for(
        monique.page,
        lambda: (
            monique.page.evaluate(
                "() => Object.keys(JSON.parse(localStorage.getItem('edukit:classe:file') || "
                "'{\"cles\":{}}').cles).length"
            )
            == 0
        ),
        "Monique's queue to empty",
    )

    # The playground streams a real answer through the proxy, with nothing to set up.
    page = monique.page
    playground = page.locator('[data-edukit-widget="playground"]')
    playground.locator('[data-playground="mode-requetes"]').click()
    assert playground.locator('[data-playground="backend-remote"]').is_checked()
    assert playground.locator('[data-playground="remote-base"]').input_value() == (
        room_server.url + "v1"
    )
    playground.locator('[data-playground="send-0"]').click()
    answer = playground.locator('[data-playground="variants"] .edukit-playground__answer').first
    _wait_for(page, lambda: ANSWER in (answer.text_content() or ""), "the streamed answer")
    assert room_server.model_requests, "the fake model was called by the proxy"
    # No key in the page, its storage, or any request or response the browser saw.
    assert SECRET not in page.content()
    assert SECRET not in _storage_dump(page)
    for request in monique.requests:
        assert SECRET not in request.url
        assert SECRET not in json.dumps(request.headers)
        assert SECRET not in (request.post_data or "")
    for response in monique.responses:
        assert SECRET not in json.dumps(response.headers)
        try:
            body = response.body()
        except Exception:  # a redirect or a request still open has no body to read
            continue
        assert SECRET.encode() not in body
    # The trainer pauses the model: the learner reads the room's own French explanation.
    room_server.room.set_paused(True)
    try:
        playground.locator('[data-playground="send-1"]').click()
        status = playground.locator('[data-playground="status-1"]')
        status.filter(has_text="en pause pour toute la salle").wait_for(timeout=10_000)
    finally:
        room_server.room.set_paused(False)
    chat = [r for r in monique.requests if r.url.endswith("/v1/chat/completions")]
    assert chat and all(urlparse(r.url).netloc == urlparse(room_server.url).netloc for r in chat)

    # Karim joins; he reads only his own records.
    _join(karim, lesson, "Karim")
    mine = karim.page.evaluate(
        """async () => {
            const { jeton } = JSON.parse(localStorage.getItem('edukit:classe:jeton'));
            const response = await fetch('/api/mes-donnees', {headers: {Authorization: `Bearer ${jeton}`}});
            return await response.json();
        }"""
    )
    assert all(not record["key"].startswith("quiz:") for record in mine["records"]), mine
    assert "Monique" not in json.dumps(mine)
    assert "Monique" not in _storage_dump(karim.page)

    # Karim goes offline, answers, comes back: the queued record arrives.
    karim_context.set_offline(True)
    _answer_first_question(karim.page)
    _wait_queued(karim.page, "the answer to be queued")
    karim.page.wait_for_timeout(1500)  # at least one failed attempt while offline
    assert _quiz_answer(room_server, "Karim") is None
    karim_context.set_offline(False)
    _wait_for(
        karim.page, lambda: _quiz_answer(room_server, "Karim") is not None, "Karim's queued answer"
    )

    # The trainer's dashboard shows both learners, and where they are.
    trainer = _tab(contexts())
    trainer.page.goto(room_server.url + f"formateur/?jeton={TRAINER}")
    assert "jeton" not in trainer.page.url
    body = trainer.page.locator("body").inner_text()
    assert "Monique" in body and "Karim" in body
    state = trainer.page.request.get(room_server.url + "formateur/api/etat").json()
    rows = {row["pseudo"]: row for row in state["apprenants"]}
    assert set(rows) >= {"Monique", "Karim"}
    assert rows["Monique"]["lecon"] == "l01-accueil"
    # A learner's browser cannot open it.
    assert monique.page.request.get(room_server.url + "formateur/api/etat").status == 401

    for tab in (monique, karim, trainer):
        assert tab.external == []
        assert SECRET not in _storage_dump(tab.page)
    # The site's CSP (connect-src 'self' …) allows all of it: no refusal, no script error.
    assert [e for e in monique.errors if "status of 423" not in e] == []
    assert [e for e in karim.errors if "ERR_INTERNET_DISCONNECTED" not in e] == []


def test_leaving_forgets_the_access_and_the_model(
    contexts: Callable[..., Any], room_server: RoomServer, axe: Callable[..., Any]
) -> None:
    tab = _tab(contexts())
    hostile = "<img src=x onerror=__xss=1>Léa"  # a pseudonym is text, never markup
    _join(tab, room_server.url + LESSON, hostile)
    page = tab.page
    assert page.locator("[data-edukit-classe=etat]").inner_text() == (
        f"Connecté à la salle · {hostile}"
    )
    assert page.locator("[data-edukit-classe] img").count() == 0
    assert page.evaluate("typeof window.__xss") == "undefined"
    assert page.evaluate("sessionStorage.getItem('edukit:playground:endpoint')")
    chip = page.locator("[data-edukit-classe=chip]")
    assert chip.get_attribute("aria-label") == "Salle de formation"
    assert page.evaluate(
        "() => Boolean(document.querySelector('[data-edukit-classe=chip]').closest('main'))"
    ), "the chip is in the page's main landmark"
    violations = axe(page, "[data-edukit-classe=chip]")
    assert violations == []
    page.locator("[data-edukit-classe=bouton]").click()
    leave = page.locator("dialog[data-edukit-classe=quitter-dialogue]")
    leave.wait_for()
    assert axe(page, DIALOG) == []
    leave.locator("[data-edukit-classe=quitter-effacer]").click()
    leave.wait_for(state="detached")
    assert page.locator("[data-edukit-classe=bouton]").inner_text() == "Rejoindre la salle"
    assert page.evaluate("localStorage.getItem('edukit:classe:jeton')") is None
    assert page.evaluate("sessionStorage.getItem('edukit:playground:endpoint')") is None
    assert page.evaluate("sessionStorage.getItem('edukit:playground:key')") is None
    # The playground goes back to the course's own default: the mini model, the block's service.
    playground = page.locator('[data-edukit-widget="playground"]')
    assert playground.locator('[data-playground="backend-mini"]').is_checked()
    base = playground.locator('[data-playground="remote-base"]').input_value()
    assert base == "http://127.0.0.1:11434/v1"
    assert page.evaluate("document.activeElement.dataset.edukitClasse") == "bouton"


def test_nothing_happens_on_the_static_site(
    contexts: Callable[..., Any], room_server: RoomServer, static_server: Callable[..., Any]
) -> None:
    """The script on the plain static site (no ``api/salle``): no dialog, no storage, no error."""
    server = static_server(room_server.site)
    script = (ROOT / "src" / "edukit" / "classroom" / "static" / "classroom.js").read_text(
        encoding="utf-8"
    )
    tab = _tab(contexts())
    page = tab.page

    def inject(route: Any) -> None:
        response = route.fetch()
        body = response.text().replace(
            "</head>",
            '<script type="module" src="/assets/edukit-classroom/classroom.js"></script></head>',
            1,
        )
        route.fulfill(response=response, body=body)

    page.route(server.origin + "/" + LESSON, inject)
    page.route(
        server.origin + "/assets/edukit-classroom/classroom.js",
        lambda route: route.fulfill(body=script, content_type="text/javascript"),
    )
    page.goto(server.origin + "/" + LESSON)
    page.wait_for_function(
        "() => performance.getEntriesByType('resource').some(e => e.name.endsWith('/api/salle'))"
    )
    page.locator('[data-edukit-widget="quiz"] .edukit-quiz').wait_for(timeout=20_000)
    page.wait_for_timeout(300)
    assert page.locator("[data-edukit-classe]").count() == 0
    assert "edukit:classe" not in _storage_dump(page)
    assert page.evaluate("sessionStorage.getItem('edukit:playground:endpoint')") is None
    assert [error for error in tab.errors if "404" not in error] == []
    assert tab.external == []


def test_queued_answers_survive_a_server_restart_and_a_closed_tab(
    contexts: Callable[..., Any],
    site: Path,
    course: Path,
    fake_model: Any,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    folder = tmp_path_factory.mktemp("salle-redemarrage")
    first = _start_room(folder, site, course, fake_model.url)
    port = urlparse(first.url).port
    assert port is not None
    context = contexts()
    tab = _tab(context)
    _join(tab, first.url + LESSON, "Ines")
    _answer_first_question(tab.page)
    server = RoomServer(first.url, first.room, site)
    _wait_for(tab.page, lambda: _quiz_answer(server, "Ines") is not None, "the first answer")
    first.stop()  # the laptop's server stops (or crashes) in the middle of the session

    quiz = tab.page.locator('[data-quiz-item="definition-ia"]')
    quiz.get_by_label("Un programme qui calcule à partir de données.", exact=True).check()
    quiz.locator('[data-quiz="submit"]').click()
    _wait_queued(tab.page, "the second answer to be queued")
    tab.page.wait_for_timeout(1200)  # a failed attempt against the stopped server
    tab.page.close()  # and the learner closes the tab before the server is back

    second = _start_room(folder, site, course, fake_model.url, port=port)
    try:
        server = RoomServer(second.url, second.room, site)
        again = _tab(context)
        again.page.goto(second.url + LESSON)
        again.page.locator("[data-edukit-classe=etat]").filter(
            has_text="Connecté à la salle · Ines"
        ).wait_for(timeout=20_000)

        def both() -> bool:
            records = server.records("Ines")
            items = [
                record["value"].get("items", {})
                for key, record in records.items()
                if key.startswith("quiz:")
            ]
            return any({"positionnement", "definition-ia"} <= set(found) for found in items)

        _wait_for(again.page, both, "the queued answer after the restart")
        assert _dialog(again.page).count() == 0, "the token outlived the restart"
    finally:
        second.stop()
