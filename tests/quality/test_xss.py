"""Every XSS payload of ``xss_payloads.txt``, through every place text enters the site, stays text.

One small site is built in ``tmp_path`` with the real edukit plugin and ``mkdocs.yml``: the good
course fixture, whose lesson ``l03-provenance`` gets

- payloads in every front-matter value shown to learners (title, summary, objectives, activity
  titles, methods and materials, key points): the lesson header, the « À retenir » box, the
  page title, the navigation and the plan must show them as text;
- payloads in the lesson body inside code spans and a fenced code block (shown as code);
- a quiz block on a bank whose prompts, options, feedback, explanations and sources are payloads,
  and a short-answer quiz where the learner types every payload;
- a prompt playground whose prompts are payloads, configured to call a fake OpenAI-compatible
  server on 127.0.0.1 that streams the payloads back;

plus a notebook page whose quiz widget (state saved by the kernel) shows the same bank, and
progress files whose pseudonym and values are payloads, imported through « Ma progression ».

What is expected of lesson bodies: authors write Markdown, and Markdown allows raw HTML by design
(the course relies on it: admonitions with ``markdown``, ``<div>``…). Authors are trusted through
review, so raw HTML in a lesson body is *not* neutralised and is not tested here. What an author
writes in code is shown as code, and every value from the front matter, a bank, a learner or a
model is escaped. In each case ``window.__xss`` must stay unset, no dialog may open, and the
payload must be readable as text where it is shown.
"""

from __future__ import annotations

import base64
import html
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml

from ..fake_openai import FakeServer, serve

pytestmark = pytest.mark.browser

HERE = Path(__file__).resolve().parent
LESSON = Path("courses/m2/l03-provenance.md")
LESSON_URL = "m2/l03-provenance/"


def load_payloads() -> list[str]:
    lines = (HERE / "xss_payloads.txt").read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.strip() and not line.startswith("# ")]


PAYLOADS = load_payloads()
ONE_LINE = [" ".join(payload.split()) for payload in PAYLOADS]


def test_the_corpus_numbers_its_payloads() -> None:
    assert len(PAYLOADS) >= 30
    for number, payload in enumerate(PAYLOADS, start=1):
        hidden = base64.b64encode(f"window.__xss={number}".encode()).decode()
        assert f"__xss={number}" in payload or hidden in payload, (number, payload)


# -- the site -----------------------------------------------------------------------------------


def _bank() -> dict[str, Any]:
    items: list[dict[str, Any]] = []
    for number, payload in enumerate(PAYLOADS, start=1):
        items.append(
            {
                "id": f"p{number}",
                "type": "single",
                "prompt": f"Question {number} : {payload}",
                "objectives": ["l03-o1"],
                "difficulty": 1,
                "options": [
                    {"id": "a", "text": f"A {payload}", "correct": True, "feedback": payload},
                    {"id": "b", "text": f"B {payload}", "feedback": payload},
                ],
                "feedback": {"correct": payload, "incorrect": payload},
                "explanation": f"Explication {payload}",
                "source": {
                    "title": f"Source {payload}",
                    "publisher": payload,
                    "date": "2024",
                    "url": payload,
                },
            }
        )
    return {"bank": {"id": "xss", "title": "XSS", "language": "fr"}, "items": items}


SHORT_BANK = {
    "bank": {"id": "saisie", "title": "Saisie", "language": "fr"},
    "items": [
        {
            "id": "saisie",
            "type": "short",
            "prompt": "Écrivez n'importe quoi.",
            "objectives": ["l03-o1"],
            "difficulty": 1,
            "answers": ["bonne réponse"],
            "source": {"title": "Essai", "date": "2024"},
        }
    ],
}
NOTEBOOK = """# %% [markdown]
# # Quiz hostile

# %%
from edukit.widgets import Quiz

Quiz("exercises/xss", title="Banque hostile")
"""


def _lesson(root: Path, *, hostile_front_matter: bool) -> None:
    path = root / LESSON
    _, front_text, body = path.read_text(encoding="utf-8").split("---\n", 2)
    front = yaml.safe_load(front_text)
    if hostile_front_matter:
        _hostile_front_matter(front)
    body += _body_blocks()
    path.write_text(
        "---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False) + "---\n" + body,
        encoding="utf-8",
    )


def _hostile_front_matter(front: dict[str, Any]) -> None:
    third = len(PAYLOADS) // 3
    front["title"] = "Leçon " + " ".join(ONE_LINE[:4])
    front["summary"] = " ".join(ONE_LINE[4:third])
    front["objectives"][0]["text"] = "Identifier " + " ".join(ONE_LINE[third : 2 * third])
    front["objectives"][1]["text"] = "Citer " + " ".join(ONE_LINE[2 * third :])
    for index, activity in enumerate(front["activities"]):
        activity["title"] = f"Activité {index} " + ONE_LINE[index]
        activity["method"] = ONE_LINE[index + 3]
    front["activities"][1]["materials"] = ONE_LINE
    front["key_points"] = ONE_LINE


def _body_blocks() -> str:
    code_spans = "\n".join(f"- `{payload}`" for payload in PAYLOADS if "`" not in payload)
    fence = "\n".join(PAYLOADS)
    playground = {"mode": "requetes", "variants": 2, "prompts": [PAYLOADS[0], PAYLOADS[1]]}
    return f"""
## Exemples de code

{code_spans}

```text
{fence}
```

```edukit-quiz
bank: exercises/xss
title: "Banque hostile"
```

```edukit-quiz
bank: exercises/saisie
title: "Saisie libre"
```

```edukit-playground
{yaml.safe_dump(playground, allow_unicode=True)}```
"""


@dataclass(frozen=True)
class Site:
    url: str
    origin: str
    folder: Path


def _build(
    tmp_path_factory: pytest.TempPathFactory,
    copy_course: Callable[..., Path],
    good: Path,
    build_site: Callable[..., Path],
    static_server: Callable[..., Any],
    *,
    hostile_front_matter: bool,
) -> Site:
    name = "xss-front" if hostile_front_matter else "xss"
    root = copy_course(good, tmp_path_factory.mktemp(name) / "repo", home=True)
    for bank_id, bank in (("xss", _bank()), ("saisie", SHORT_BANK)):
        (root / "exercises" / bank_id).mkdir(parents=True)
        (root / "exercises" / bank_id / f"{bank_id}.yml").write_text(
            yaml.safe_dump(bank, allow_unicode=True, sort_keys=False), encoding="utf-8"
        )
    if not hostile_front_matter:
        (root / "notebooks" / "hostile.py").write_text(NOTEBOOK, encoding="utf-8")
    _lesson(root, hostile_front_matter=hostile_front_matter)
    folder = tmp_path_factory.mktemp(f"{name}-site")
    server = static_server(folder, "/")
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(root)
        # Not strict for the hostile front matter: the plan page turns a value into a broken
        # Markdown link (a warning), and we must get past it to see what the browser does.
        build_site(root, strict=not hostile_front_matter, site_url=server.url, site_dir=folder)
    return Site(server.url, server.origin, folder)


@pytest.fixture(scope="module")
def front_site(
    tmp_path_factory: pytest.TempPathFactory,
    copy_course: Callable[..., Path],
    course_fixtures: dict[str, Path],
    build_site: Callable[..., Path],
    static_server: Callable[..., Any],
) -> Site:
    """Payloads in the lesson's front matter (and code in its body)."""
    return _build(
        tmp_path_factory,
        copy_course,
        course_fixtures["good"],
        build_site,
        static_server,
        hostile_front_matter=True,
    )


@pytest.fixture(scope="module")
def site(
    tmp_path_factory: pytest.TempPathFactory,
    copy_course: Callable[..., Path],
    course_fixtures: dict[str, Path],
    build_site: Callable[..., Path],
    static_server: Callable[..., Any],
) -> Site:
    """Clean front matter (hostile titles get a site of their own, so that a regression there
    cannot hide the others), payloads everywhere else: banks, a notebook, the playground."""
    return _build(
        tmp_path_factory,
        copy_course,
        course_fixtures["good"],
        build_site,
        static_server,
        hostile_front_matter=False,
    )


# -- a fake model that streams the payloads ---------------------------------------------------------


# Each payload in two halves then a new line: a payload split across stream chunks.
STREAMED = [
    piece
    for payload in PAYLOADS
    for piece in (payload[: len(payload) // 2], payload[len(payload) // 2 :], "\n")
]


@pytest.fixture(scope="module")
def model() -> Iterator[FakeServer]:
    """The fake OpenAI-compatible server streaming every payload, whatever the key."""
    with serve(FakeServer(answer=STREAMED, key=None)) as state:
        yield state


# -- the browser ------------------------------------------------------------------------------------


@dataclass
class Watch:
    dialogs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@pytest.fixture
def page(chromium: Any) -> Iterator[tuple[Any, Watch]]:
    context = chromium.new_context()
    tab = context.new_page()
    watch = Watch()

    def on_dialog(dialog: Any) -> None:
        watch.dialogs.append(dialog.message)
        dialog.dismiss()

    tab.on("dialog", on_dialog)
    tab.on("pageerror", lambda error: watch.errors.append(str(error)))
    try:
        yield tab, watch
    finally:
        context.close()


def _no_xss(tab: Any, watch: Watch) -> None:
    tab.wait_for_timeout(300)  # let onerror/onload handlers of any injected element fire
    for frame in tab.frames:
        try:
            value = frame.evaluate("() => window.__xss")
        except Exception:  # a frame that went away
            continue
        assert value is None, f"payload {value} ran in {frame.url}"
    assert watch.dialogs == []


def _widgets_ready(tab: Any) -> None:
    # A widget loads when it comes near the viewport: each poll scrolls to the next one waiting.
    tab.wait_for_function(
        """() => {
            const mounts = [...document.querySelectorAll('[data-edukit-mount]')];
            mounts.find(m => m.dataset.edukitRendered === 'pending')?.scrollIntoView();
            return mounts.every(m => m.dataset.edukitRendered === 'true'
              && m.querySelector('[data-edukit-widget]')?.childElementCount > 0);
        }""",
        timeout=30_000,
    )


def _text(locator: Any) -> str:
    return str(locator.inner_text()).replace("\u202f", " ").replace("\u00a0", " ")


def _missing(text: str, payloads: list[str]) -> list[str]:
    flat = " ".join(text.split())
    return [payload for payload in payloads if " ".join(payload.split()) not in flat]


RAW_TAG = re.compile(
    r"<(?:script|img|svg|iframe|object|embed|body|input|details|video|audio)\b", re.I
)


def test_the_lesson_header_key_points_and_code_are_escaped(front_site: Site) -> None:
    """Read in the built page: objectives, key points and code hold the payloads as escaped
    text."""
    page = (front_site.folder / LESSON_URL / "index.html").read_text(encoding="utf-8")
    header = page[page.index('<div class="edukit-lesson-header"') :]
    header = header[: header.index("</div>")]
    key_points = page[page.index('<p class="admonition-title">À retenir') :]
    key_points = key_points[: key_points.index("</div>")]
    code = page[page.index('<h2 id="exemples-de-code"') :]
    code = code[: code.index("</pre>")]
    for part in (header, key_points, code):
        assert RAW_TAG.findall(part) == []
    assert html.escape(ONE_LINE[-1], quote=False) in header
    assert all(html.escape(p, quote=False) in key_points for p in ONE_LINE if "&" not in p)
    assert html.escape(PAYLOADS[0], quote=False) in code


def test_front_matter_values_are_text_in_the_lesson_and_navigation(
    front_site: Site, page: tuple[Any, Watch]
) -> None:
    tab, watch = page
    site = front_site
    tab.goto(site.url + LESSON_URL, wait_until="load")
    _widgets_ready(tab)
    _no_xss(tab, watch)
    article = _text(tab.locator("article"))
    assert _missing(article, ONE_LINE) == []  # objectives, key points…
    title = tab.locator("article h1").first
    assert _text(title).startswith("Leçon " + ONE_LINE[0])
    assert tab.locator("article h1 img, article h1 script, article h1 svg").count() == 0
    assert ONE_LINE[0] in tab.title()
    nav = _text(tab.locator("nav.md-nav--primary"))
    assert " ".join(ONE_LINE[:4]) in " ".join(nav.split())
    code = _text(tab.locator("article pre").first)
    assert _missing(code, PAYLOADS) == []
    tab.goto(site.url, wait_until="load")  # home, with the navigation
    _no_xss(tab, watch)
    assert watch.errors == []


def test_front_matter_values_are_text_in_the_plan(
    front_site: Site, page: tuple[Any, Watch]
) -> None:
    tab, watch = page
    site = front_site
    tab.goto(site.url + "plan/", wait_until="load")
    _no_xss(tab, watch)
    plan = _text(tab.locator("article"))
    assert "Leçon " + ONE_LINE[0] in " ".join(plan.split())
    activities = [f"Activité {index} {ONE_LINE[index]}" for index in range(3)]
    assert _missing(plan, [*activities, ONE_LINE[3], ONE_LINE[4], ONE_LINE[5]]) == []
    assert _missing(plan, [", ".join(ONE_LINE)]) == []  # the materials
    assert watch.errors == []


def _answer_every_question(tab: Any, quiz: Any) -> None:
    """The right option of every question (the explanation and source show after it)."""
    for number, payload in enumerate(PAYLOADS, start=1):
        question = quiz.locator(f'[data-quiz-item="p{number}"]')
        question.get_by_label(" ".join(f"A {payload}".split()), exact=True).check()
        question.locator('[data-quiz="submit"]').click()


def test_bank_texts_are_text_on_the_lesson_page(site: Site, page: tuple[Any, Watch]) -> None:
    tab, watch = page
    tab.goto(site.url + LESSON_URL, wait_until="load")
    _widgets_ready(tab)
    quiz = tab.locator(".edukit-quiz", has=tab.get_by_text("Banque hostile", exact=True))
    assert quiz.locator("[data-quiz-item]").count() == len(PAYLOADS)
    _answer_every_question(tab, quiz)
    _no_xss(tab, watch)
    shown = _text(quiz)
    prompts = [f"Question {n} : {payload}" for n, payload in enumerate(PAYLOADS, start=1)]
    assert _missing(shown, prompts) == []
    assert _missing(shown, [f"Explication {payload}" for payload in PAYLOADS]) == []
    assert _missing(shown, [f"Source {payload}" for payload in PAYLOADS]) == []
    hrefs = quiz.locator("a[href]").evaluate_all("links => links.map(link => link.href)")
    assert [href for href in hrefs if not href.startswith(("http://", "https://"))] == []
    assert quiz.locator("img, script, iframe, svg:not([aria-hidden]), object, embed").count() == 0
    assert watch.errors == []


def test_bank_texts_are_text_in_a_notebook_widget(site: Site, page: tuple[Any, Watch]) -> None:
    tab, watch = page
    tab.goto(site.url + "notebooks/hostile/", wait_until="load")
    _widgets_ready(tab)
    quiz = tab.locator(".edukit-quiz")
    assert quiz.locator("[data-quiz-item]").count() == len(PAYLOADS)
    _answer_every_question(tab, quiz)
    _no_xss(tab, watch)
    prompts = [f"Question {n} : {payload}" for n, payload in enumerate(PAYLOADS, start=1)]
    assert _missing(_text(quiz), prompts) == []
    assert watch.errors == []


def test_learner_answers_typed_in_a_short_answer_stay_text(
    site: Site, page: tuple[Any, Watch]
) -> None:
    tab, watch = page
    tab.goto(site.url + LESSON_URL, wait_until="load")
    _widgets_ready(tab)
    quiz = tab.locator(".edukit-quiz", has=tab.get_by_text("Saisie libre", exact=True))
    field_ = quiz.locator("input.edukit-quiz__text")
    for payload in PAYLOADS:
        retry = quiz.locator('[data-quiz="retry"]')
        if retry.is_visible():
            retry.click()
        field_.fill(payload)
        quiz.locator('[data-quiz="submit"]').click()
        quiz.locator('[data-quiz="feedback"]').wait_for(state="visible")
        assert field_.input_value() == payload
    _no_xss(tab, watch)
    tab.reload(wait_until="load")  # the stored answer is shown again
    _widgets_ready(tab)
    _no_xss(tab, watch)
    assert quiz.locator("img, script, iframe, object, embed").count() == 0
    assert watch.errors == []


def test_prompts_and_model_output_in_the_playground_stay_text(
    site: Site, page: tuple[Any, Watch], model: FakeServer
) -> None:
    tab, watch = page
    tab.goto(site.url + LESSON_URL, wait_until="load")
    _widgets_ready(tab)
    playground = tab.locator('[data-edukit-widget="playground"]')

    def part(name: str) -> Any:
        return playground.locator(f'[data-playground="{name}"]')

    assert part("prompt-0").input_value() == PAYLOADS[0]
    part("backend-remote").check()
    part("remote-base").fill(model.url)
    part("remote-model").fill("faux-modele")
    part("remote-key").fill("cle-de-test")
    part("remote-save").click()
    from playwright.sync_api import expect

    for payload in PAYLOADS[:: max(1, len(PAYLOADS) // 8)]:
        part("prompt-0").fill(payload)
        guard = part("guard")
        part("send-0").click()
        if guard.is_visible():  # a payload may look like personal data: send it as it is
            part("guard-confirm").click()
        expect(part("status-0")).to_have_text("Réponse terminée.", timeout=20_000)
        assert model.prompts[-1] == payload
        answer = part("answer-0")
        assert _missing(_text(answer), PAYLOADS) == []
        assert answer.locator("img, script, iframe, svg, object, embed, a").count() == 0
        _no_xss(tab, watch)
    with tab.expect_download() as download:  # the history keeps the payloads as text
        part("history-json").click()
    saved = Path(download.value.path()).read_text(encoding="utf-8")
    assert PAYLOADS[0] in json.dumps(json.loads(saved), ensure_ascii=False)
    _no_xss(tab, watch)
    assert watch.errors == []


def _progress_file(tmp_path: Path, learner: str, payload: str, number: int) -> Path:
    from edukit.progress import parse_progress, seal

    compact = "".join(payload.split())[:150]
    data = seal(
        {
            "schema": "edukit-progress",
            "version": 2,
            "course": "mini-cours",
            "learner": learner,
            "exported": "2025-06-02T16:00:00Z",
            "entries": [
                {
                    "key": f"quiz:{compact}",
                    "updated": "2025-06-02T10:00:00Z",
                    "value": {
                        "bank": "xss",
                        "lesson": "l03-provenance",
                        "seconds": 60,
                        "items": [
                            {
                                "id": "p1",
                                "objectives": ["l03-o1"],
                                "tags": [payload[:120]],
                                "score": 1,
                                "answered": "2025-06-02T10:00:00Z",
                                "attempts": 1,
                                "answer": payload,
                            }
                        ],
                    },
                },
                {
                    "key": f"note:{compact}",
                    "updated": "2025-06-02T10:00:00Z",
                    "value": {"texte": payload, payload: [payload]},
                },
            ],
        }
    )
    path = tmp_path / f"progression-{number}.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    parse_progress(path.read_bytes(), path.name, course="mini-cours")  # a valid, sealed file
    return path


def test_imported_progress_files_stay_text(
    site: Site, page: tuple[Any, Watch], tmp_path: Path
) -> None:
    tab, watch = page
    name = tab.get_by_label("Votre prénom ou un pseudonyme")
    status = tab.locator('[data-edukit-progress="status"]')
    for number, payload in enumerate(PAYLOADS, start=1):
        learner = " ".join(payload.split())[:80].strip()
        path = _progress_file(tmp_path, learner, payload, number)
        tab.goto(site.url + "plan/", wait_until="load")
        tab.evaluate("() => localStorage.clear()")  # so that the imported name is the one shown
        tab.locator('[data-edukit-progress="open"]').first.click()
        with tab.expect_file_chooser() as chooser:
            tab.locator('[data-edukit-progress="import"]').click()
        chooser.value.set_files(str(path))
        tab.wait_for_function(
            "() => document.querySelector('[data-edukit-progress=status]').textContent !== ''"
            " || document.querySelector('[data-edukit-progress=alert]').textContent !== ''"
        )
        assert _text(status).startswith("Progression importée"), (payload, _text(status))
        assert name.input_value() == learner
        _no_xss(tab, watch)
    panel = _text(tab.locator("#edukit-progress-panel"))
    assert "Progression importée" in panel
    for url in (LESSON_URL, "plan/", "notebooks/hostile/", ""):
        tab.goto(site.url + url, wait_until="load")
        tab.locator('[data-edukit-progress="open"]').first.click()
        _no_xss(tab, watch)
    assert watch.errors == []
