"""The quiz widget in Debian chromium on a built Markdown lesson page, with no kernel.

Every type answered (keyboard alone for the first), feedback, answers kept across a reload,
evaluation locks, the plain-JS SHA-256 fallback, axe-core in light and dark, hostile bank texts
and learner input that must stay text, 320 px at 200 % zoom. Requests to any other host are
aborted and recorded: there must be none.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from edukit.quiz import (
    Item,
    MatchingItem,
    MultipleItem,
    NumericItem,
    OrderingItem,
    ShortItem,
    SingleItem,
    TrueFalseItem,
    load_bank,
)

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
ALL_TYPES = ROOT / "tests" / "fixtures" / "banks" / "all-types"
HOOK = ROOT / "tests" / "fixtures" / "widgets" / "hook.py"

MKDOCS_YML = """\
site_name: Quiz edukit
site_url: {site_url}
docs_dir: docs
site_dir: {site_dir}
theme:
  name: material
  language: fr
  font: false
  features: [navigation.instant]
  palette:
    - scheme: default
      primary: indigo
      toggle: {{icon: material/brightness-7, name: Mode sombre}}
    - scheme: slate
      primary: indigo
      toggle: {{icon: material/brightness-4, name: Mode clair}}
hooks:
  - {hook}
markdown_extensions:
  - pymdownx.superfences
nav:
  - Entraînement: index.md
  - Évaluation: evaluation.md
  - Hostile: hostile.md
  - Positionnement: positionnement.md
"""

PRACTICE_PAGE = """\
# Entraînement

[Avant le quiz](#avant)

```edukit-quiz
bank: exercises/all-types
draw: {difficulty: 1, tags: [licences], seed: 2}
title: "Deux questions"
```

```edukit-quiz
bank: exercises/all-types
draw: {seed: 5}
attempts: 2
title: "Tous les types"
```
"""

EVALUATION_PAGE = """\
# Évaluation

```edukit-quiz
bank: exercises/all-types
mode: evaluation
draw: {seed: 9}
title: "Évaluation"
```
"""

HOSTILE_PAGE = """\
# Textes hostiles

```edukit-quiz
bank: exercises/hostile
title: "<img src=x onerror=window.__xss='title'>"
```
"""

POSITIONING_PAGE = """\
# Test de positionnement

[Avant le test](#avant)

```edukit-quiz
banks: [exercises/alpha, exercises/beta]
draw: {per_objective: 1, tags: [positionnement], seed: 4}
mode: evaluation
purpose: positionnement
title: "Positionnement"
```
"""
# Two banks, two objectives each; per objective one item tagged for the positioning test and
# one for the final evaluation (true/false, « Vrai » is right).
COURSE_BANKS = {"alpha": ["l02-o1", "l02-o2"], "beta": ["l10-o1", "l10-o2"]}


def course_bank(bank_id: str, objectives: list[str]) -> dict[str, Any]:
    return {
        "bank": {"id": bank_id, "title": bank_id.title(), "language": "fr"},
        "items": [
            {
                "id": f"{objective}-{tag}",
                "type": "true_false",
                "prompt": f"Affirmation sur {objective} ({tag}).",
                "objectives": [objective],
                "tags": [tag],
                "difficulty": 1,
                "answer": True,
                "source": {"title": "Source", "date": "2024"},
            }
            for objective in objectives
            for tag in ("positionnement", "evaluation-finale")
        ],
    }


HOSTILE = [
    "<script>window.__xss='script'</script>",
    "<img src=x onerror=\"window.__xss='img'\">",
    '"><svg onload="window.__xss=\'svg\'">',
    "<a href=\"javascript:window.__xss='link'\">clic</a>",
    "<iframe src=\"javascript:window.__xss='iframe'\"></iframe>",
]
HOSTILE_BANK = {
    "bank": {"id": "hostile", "title": HOSTILE[0], "language": "fr"},
    "items": [
        {
            "id": "choix",
            "type": "single",
            "prompt": f"Question {HOSTILE[0]} {HOSTILE[1]}",
            "objectives": ["o1"],
            "difficulty": 1,
            "options": [
                {"id": "a", "text": HOSTILE[2], "correct": True, "feedback": HOSTILE[3]},
                {"id": "b", "text": HOSTILE[4], "feedback": HOSTILE[1]},
            ],
            "feedback": {"correct": HOSTILE[0], "incorrect": HOSTILE[2]},
            "explanation": HOSTILE[4],
            "source": {
                "title": HOSTILE[1],
                "publisher": HOSTILE[2],
                "date": "2024",
                "url": "javascript:window.__xss='source'",
            },
        },
        {
            "id": "texte",
            "type": "short",
            "prompt": HOSTILE[3],
            "objectives": ["o1"],
            "difficulty": 1,
            "answers": ["bonne réponse", "<b>gras</b>"],
            "explanation": HOSTILE[2],
            "source": {"title": "t", "date": "2024", "url": "https://example.org/<script>"},
        },
        {
            "id": "paires",
            "type": "matching",
            "prompt": "Associez",
            "objectives": ["o1"],
            "difficulty": 1,
            "pairs": [
                {"left": HOSTILE[1], "right": HOSTILE[0]},
                {"left": "b", "right": HOSTILE[2]},
            ],
            "source": {"title": "t", "date": "2024"},
        },
        {
            "id": "ordre",
            "type": "ordering",
            "prompt": "Ordre",
            "objectives": ["o1"],
            "difficulty": 1,
            "sequence": [HOSTILE[0], HOSTILE[1], HOSTILE[2]],
            "source": {"title": "t", "date": "2024"},
        },
    ],
}


def build_quiz_site(workdir: Path, site_url: str) -> Path:
    """A small MkDocs Material site with quiz blocks, built with edukit's widget hooks."""
    import yaml

    shutil.copytree(ALL_TYPES, workdir / "exercises" / "all-types")
    (workdir / "exercises" / "hostile").mkdir(parents=True)
    (workdir / "exercises" / "hostile" / "hostile.yml").write_text(
        yaml.safe_dump(HOSTILE_BANK, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    for bank_id, objectives in COURSE_BANKS.items():
        (workdir / "exercises" / bank_id).mkdir()
        (workdir / "exercises" / bank_id / f"{bank_id}.yml").write_text(
            yaml.safe_dump(course_bank(bank_id, objectives), allow_unicode=True, sort_keys=False),
            encoding="utf-8",
        )
    docs = workdir / "docs"
    docs.mkdir()
    for name, text in (
        ("index.md", PRACTICE_PAGE),
        ("evaluation.md", EVALUATION_PAGE),
        ("hostile.md", HOSTILE_PAGE),
        ("positionnement.md", POSITIONING_PAGE),
    ):
        (docs / name).write_text(text, encoding="utf-8")
    site = workdir / "www" / "sub"
    (workdir / "mkdocs.yml").write_text(
        MKDOCS_YML.format(site_url=site_url, site_dir=site, hook=HOOK), encoding="utf-8"
    )
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", "mkdocs.yml"],
        capture_output=True,
        text=True,
        check=False,
        cwd=workdir,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    if result.returncode != 0:
        raise RuntimeError(f"mkdocs build failed:\n{result.stdout}\n{result.stderr}")
    return site


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory, static_server: Callable[..., Any]) -> str:
    workdir = tmp_path_factory.mktemp("quiz-site")
    (workdir / "www").mkdir()
    server = static_server(workdir / "www")
    url = server.origin + "/sub/"
    build_quiz_site(workdir, url)
    return str(url)


@pytest.fixture(scope="module")
def bank() -> dict[str, Item]:
    loaded, problems = load_bank(ALL_TYPES)
    assert loaded is not None and problems == []
    return {item.id: item for item in loaded.items}


def _wait(page: Any, count: int) -> None:
    page.wait_for_function(
        "n => document.querySelectorAll('[data-edukit-widget=quiz] .edukit-quiz').length === n",
        arg=count,
        timeout=15_000,
    )


def _text(locator: Any) -> str:
    """Inner text with the no-break spaces of French typography as plain spaces."""
    return str(locator.inner_text()).replace("\u202f", " ").replace("\u00a0", " ")


def _quiz(page: Any, title: str) -> Any:
    return page.locator(".edukit-quiz", has=page.locator(".edukit-quiz__title", has_text=title))


def _question(quiz: Any, item_id: str) -> Any:
    return quiz.locator(f'[data-quiz-item="{item_id}"]')


def answer(question: Any, item: Item, *, right: bool = True) -> None:
    """Answer ``item`` through its controls (by the texts a learner sees), then submit."""
    if isinstance(item, SingleItem):
        option = next(o for o in item.options if o.correct is right)
        question.get_by_label(option.text, exact=True).check()
    elif isinstance(item, MultipleItem):
        for option in item.options:
            if option.correct is right:
                question.get_by_label(option.text, exact=True).check()
    elif isinstance(item, TrueFalseItem):
        question.get_by_label("Vrai" if item.answer is right else "Faux", exact=True).check()
    elif isinstance(item, ShortItem):
        question.get_by_label("Votre réponse").fill("  créative-COMMONS " if right else "Wikipédia")
    elif isinstance(item, NumericItem):
        question.get_by_label("Votre réponse (en heures)").fill("21,2 heures" if right else "22")
    elif isinstance(item, MatchingItem):
        rights = [pair.right for pair in item.pairs]
        for index, pair in enumerate(item.pairs):
            target = pair.right if right else rights[(index + 1) % len(rights)]
            question.get_by_label(pair.left, exact=True).select_option(label=target)
    elif isinstance(item, OrderingItem):
        wanted = item.sequence if right else item.sequence[::-1]
        for position, text in enumerate(wanted):
            while True:
                steps = question.locator(".edukit-quiz__step-text").all_inner_texts()
                if steps.index(text) <= position:
                    break
                question.get_by_role("button", name=f"Monter : {text}", exact=True).click()
    question.locator('[data-quiz="submit"]').click()


def test_keyboard_alone_answers_and_gets_feedback(page: Any, site_url: str) -> None:
    page.goto(site_url)
    _wait(page, 2)
    quiz = _quiz(page, "Deux questions")
    page.get_by_role("link", name="Avant le quiz").focus()
    page.keyboard.press("Tab")
    first = quiz.locator("fieldset").first
    assert page.evaluate("document.activeElement.type") == "radio"
    page.keyboard.press("Space")
    assert first.locator("input:checked").count() == 1
    # Arrows move the choice but never commit it (mkdocs-quiz's auto-submit trap).
    page.keyboard.press("ArrowDown")
    assert first.locator('[data-quiz="feedback"]').is_hidden()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.dataset.quiz") == "submit"
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"
    page.keyboard.press("Enter")
    feedback = first.locator('[data-quiz="feedback"]')
    feedback.wait_for(state="visible")
    status = feedback.locator('[data-quiz="status"]').inner_text()
    assert status.endswith(("Bonne réponse.", "Réponse incorrecte."))
    assert status[0] in "✓✗"  # an icon and a word, not colour alone
    # Focus goes to something useful: "Réessayer" (unlimited practice) or the feedback.
    page.wait_for_function("['retry', 'feedback'].includes(document.activeElement.dataset.quiz)")
    page.wait_for_function(
        "() => [...document.querySelectorAll('[role=status]')].some(r => r.textContent.startsWith('Question 1 :'))"
    )
    if page.evaluate("document.activeElement.dataset.quiz") == "retry":
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.type") == "radio"
        assert feedback.is_hidden()
    assert page.external_requests == [] and page.page_errors == []


def test_every_type_in_practice_then_reload_keeps_answers(
    page: Any, site_url: str, bank: dict[str, Item]
) -> None:
    page.goto(site_url)
    _wait(page, 2)
    quiz = _quiz(page, "Tous les types")
    ids = quiz.locator("fieldset").evaluate_all("els => els.map(e => e.dataset.quizItem)")
    assert sorted(ids) == sorted(bank)
    # A wrong answer first: option feedback, one try left, "Réessayer".
    single = _question(quiz, "licence-cc-by")
    answer(single, bank["licence-cc-by"], right=False)
    assert "Réponse incorrecte." in single.locator('[data-quiz="status"]').inner_text()
    assert "Il vous reste 1 essai." in single.inner_text()
    assert "Relisez la licence." in single.inner_text()
    marks = single.locator(".edukit-quiz__mark").all_inner_texts()
    assert len(marks) == 1 and marks[0].startswith("✗ Faux — Non")
    single.locator('[data-quiz="retry"]').click()
    for item_id in ids:
        answer(_question(quiz, item_id), bank[item_id])  # licence-cc-by: its second try
    for item_id in ids:
        status = _question(quiz, item_id).locator('[data-quiz="status"]').inner_text()
        assert status == "✓ Bonne réponse.", (item_id, status)
    assert "Source : Creative Commons Attribution 4.0" in single.inner_text()
    assert "Explication : BY impose" in single.inner_text()
    link = single.locator(".edukit-quiz__source a")
    assert link.get_attribute("href") == "https://creativecommons.org/licenses/by/4.0/legalcode"
    summary = quiz.locator('[data-quiz="summary"]')
    assert _text(summary) == "Score final : 7 sur 7 (100 %)."
    numeric_value = _question(quiz, "duree-formation").locator("input").input_value()

    stored = page.evaluate(
        "() => Object.keys(localStorage).filter(k => k.startsWith('edukit:v1:edukit:quiz:all-types:'))"
    )
    assert len(stored) == 1  # only the quiz that was answered… and the two-question one is not

    page.reload()
    _wait(page, 2)
    quiz = _quiz(page, "Tous les types")
    assert _text(quiz.locator('[data-quiz="summary"]')) == "Score final : 7 sur 7 (100 %)."
    assert _question(quiz, "duree-formation").locator("input").input_value() == numeric_value
    single = _question(quiz, "licence-cc-by")
    assert single.locator("input:checked").count() == 1
    assert single.locator('[data-quiz="submit"]').is_hidden()
    record = json.loads(page.evaluate(f"localStorage.getItem({json.dumps(stored[0])})"))["value"]
    assert record["version"] == 1 and record["total"] == 7 and record["completed"] is True
    assert record["items"]["licence-cc-by"]["tries"] == 2
    assert page.external_requests == [] and page.page_errors == []


@pytest.mark.parametrize("web_crypto", [True, False])
def test_evaluation_locks_and_grades_with_hashes(
    offline_page: Callable[..., Any], site_url: str, bank: dict[str, Item], web_crypto: bool
) -> None:
    page = offline_page()
    if not web_crypto:  # as on a plain-HTTP LAN page or file://: the plain-JS digest takes over
        page.add_init_script(
            "Object.defineProperty(Crypto.prototype, 'subtle', {get: () => undefined})"
        )
    page.goto(site_url + "evaluation/")
    _wait(page, 1)
    assert page.evaluate("typeof crypto.subtle") == ("object" if web_crypto else "undefined")
    quiz = _quiz(page, "Évaluation")
    ids = quiz.locator("fieldset").evaluate_all("els => els.map(e => e.dataset.quizItem)")
    wrong = {"licence-cc-by", "nom-licence"}
    for item_id in ids:
        answer(_question(quiz, item_id), bank[item_id], right=item_id not in wrong)
    for item_id in ids:
        question = _question(quiz, item_id)
        status = question.locator('[data-quiz="status"]').inner_text()
        assert status == ("✗ Réponse incorrecte." if item_id in wrong else "✓ Bonne réponse.")
        assert "Réponse enregistrée" in question.inner_text()
        # No option feedback, explanation, source or expected answer in evaluation.
        assert (
            question.locator(
                ".edukit-quiz__mark, [data-quiz=explanation], [data-quiz=source]"
            ).count()
            == 0
        )
        assert question.locator('[data-quiz="retry"]').is_hidden()
    assert _text(quiz.locator('[data-quiz="summary"]')) == "Score final : 5 sur 7 (71 %)."
    page.reload()
    _wait(page, 1)
    quiz = _quiz(page, "Évaluation")
    single = _question(quiz, "licence-cc-by")
    assert single.locator('[data-quiz="submit"]').is_hidden()
    assert single.locator("input:disabled").count() == 3
    assert quiz.locator('[data-quiz="reset"]').is_hidden()
    assert _text(quiz.locator('[data-quiz="summary"]')) == "Score final : 5 sur 7 (71 %)."
    assert page.external_requests == [] and page.page_errors == []


def test_missing_and_unreadable_answers_are_not_counted(page: Any, site_url: str) -> None:
    page.goto(site_url)
    _wait(page, 2)
    quiz = _quiz(page, "Tous les types")
    numeric = _question(quiz, "duree-formation")
    numeric.locator('[data-quiz="submit"]').click()
    assert numeric.locator('[data-quiz="note"]').inner_text() == (
        "Répondez d'abord à la question, puis validez."
    )
    numeric.locator("input").fill("vingt et une")
    numeric.locator("input").press("Enter")
    assert "n'est pas un nombre" in numeric.locator('[data-quiz="note"]').inner_text()
    assert numeric.locator('[data-quiz="feedback"]').is_hidden()
    assert "Essai 1 sur 2" in numeric.inner_text()


@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_axe_finds_no_violation(
    page: Any, site_url: str, bank: dict[str, Item], scheme: str, axe: Callable[..., Any]
) -> None:
    page.goto(site_url)
    _wait(page, 2)
    page.evaluate("s => document.body.setAttribute('data-md-color-scheme', s)", scheme)
    quiz = _quiz(page, "Tous les types")
    # Feedback of every kind on screen: right, partly right, wrong, with option marks.
    answer(_question(quiz, "licence-cc-by"), bank["licence-cc-by"], right=False)
    answer(_question(quiz, "open-data-libre"), bank["open-data-libre"])
    multiple = _question(quiz, "donnees-personnelles")
    options = bank["donnees-personnelles"].options  # type: ignore[union-attr]
    multiple.get_by_label(options[0].text, exact=True).check()
    multiple.locator('[data-quiz="submit"]').click()
    assert "en partie juste" in multiple.inner_text()
    answer(_question(quiz, "licences-sens"), bank["licences-sens"], right=False)
    answer(_question(quiz, "etapes-reutilisation"), bank["etapes-reutilisation"], right=False)
    _question(quiz, "duree-formation").locator('[data-quiz="submit"]').click()
    result = axe(page, "article.md-content__inner")
    assert result == [], json.dumps(result, indent=1, ensure_ascii=False)
    assert page.external_requests == []


def test_hostile_texts_stay_text(page: Any, site_url: str) -> None:
    page.add_init_script("window.__xss = undefined")
    page.goto(site_url + "hostile/")
    _wait(page, 1)
    quiz = page.locator(".edukit-quiz")
    assert (
        quiz.locator(".edukit-quiz__title").inner_text()
        == "<img src=x onerror=window.__xss='title'>"
    )
    choice = _question(quiz, "choix")
    assert HOSTILE[0] in choice.locator("legend").inner_text()
    choice.get_by_label(HOSTILE[4], exact=True).check()
    choice.locator('[data-quiz="submit"]').click()
    choice.locator('[data-quiz="retry"]').click()
    choice.get_by_label(HOSTILE[2], exact=True).check()
    choice.locator('[data-quiz="submit"]').click()
    text = _question(quiz, "texte")
    text.get_by_label("Votre réponse").fill("<img src=x onerror=\"window.__xss='input'\">")
    text.locator('[data-quiz="submit"]').click()
    text.locator('[data-quiz="reveal"]').click()
    pairs = _question(quiz, "paires")
    pairs.get_by_label(HOSTILE[1], exact=True).select_option(label=HOSTILE[0])
    pairs.get_by_label("b", exact=True).select_option(label=HOSTILE[2])
    pairs.locator('[data-quiz="submit"]').click()
    order = _question(quiz, "ordre")
    order.locator(".edukit-quiz__move").nth(1).click()  # the first step's "Descendre"
    order.locator('[data-quiz="submit"]').click()
    body = choice.inner_text()
    assert HOSTILE[3] in body and "Source : <img" in body  # feedback and source, as text
    assert choice.locator(".edukit-quiz__source a").count() == 0  # javascript: never a link
    assert "javascript:window.__xss='source'" in body
    assert text.locator(".edukit-quiz__source a").get_attribute("href") == (
        "https://example.org/%3Cscript%3E"
    )
    page.reload()  # the hostile answers come back from the store, still as text
    _wait(page, 1)
    quiz = page.locator(".edukit-quiz")
    assert _question(quiz, "texte").locator("input").input_value().startswith("<img")
    foreign = quiz.locator("script, img, svg, iframe, [onerror], [onload], a[href^='javascript']")
    assert foreign.count() == 0
    assert page.evaluate("window.__xss") is None
    assert page.external_requests == [] and page.page_errors == []


def test_usable_at_320_px_and_200_percent_zoom(
    offline_page: Callable[..., Any], site_url: str, bank: dict[str, Item]
) -> None:
    page = offline_page(viewport={"width": 320, "height": 640}, device_scale_factor=2)
    page.goto(site_url)
    _wait(page, 2)
    quiz = _quiz(page, "Tous les types")
    answer(_question(quiz, "etapes-reutilisation"), bank["etapes-reutilisation"])
    answer(_question(quiz, "licences-sens"), bank["licences-sens"], right=False)
    overflow = page.evaluate(
        "() => [...document.querySelectorAll('[data-edukit-widget=quiz] *')]"
        ".filter(e => e.getClientRects().length && e.getBoundingClientRect().right > 320.5)"
        ".map(e => e.className || e.tagName)"
    )
    assert overflow == []
    assert "Bonne réponse" in _question(quiz, "etapes-reutilisation").inner_text()


def test_text_is_readable_and_the_site_keeps_every_question_and_its_own_export(
    page: Any, site_url: str
) -> None:
    """Issue 18: widget text ≥ 14 px (hints were 11.7 px in JupyterLab), body text ≥ 16 px; on
    the site the quiz stays one page of questions and the progress panel exports."""
    page.goto(site_url)
    _wait(page, 2)
    sizes = page.evaluate(
        "() => [...document.querySelectorAll('[data-edukit-widget=quiz] *')]"
        ".filter(e => e.getClientRects().length && [...e.childNodes].some("
        "n => n.nodeType === 3 && n.textContent.trim()))"
        ".map(e => parseFloat(getComputedStyle(e).fontSize))"
    )
    assert len(sizes) > 20 and min(sizes) >= 14
    body = page.evaluate(
        "() => parseFloat(getComputedStyle(document.querySelector('.edukit-widget')).fontSize)"
    )
    assert body >= 16
    quiz = _quiz(page, "Tous les types")
    assert quiz.locator("fieldset:visible").count() == quiz.locator("fieldset").count() > 1
    assert quiz.locator('[data-quiz="pager"], [data-quiz="export-box"]').count() == 0


def test_reduced_motion(offline_page: Callable[..., Any], site_url: str) -> None:
    page = offline_page(reduced_motion="reduce")
    page.goto(site_url)
    _wait(page, 2)
    duration = page.evaluate(
        "getComputedStyle(document.querySelector('[data-quiz=submit]')).transitionDuration"
    )
    assert duration in {"1e-05s", "0.00001s", "0s"}


def _record(page: Any, prefix: str) -> dict[str, Any]:
    keys = page.evaluate(
        "p => Object.keys(localStorage).filter(k => k.startsWith(p))", "edukit:v1:edukit:" + prefix
    )
    assert len(keys) == 1, keys
    value: dict[str, Any] = json.loads(
        page.evaluate(f"localStorage.getItem({json.dumps(keys[0])})")
    )["value"]
    return value


def test_two_bank_positioning_by_keyboard_with_dont_know_survives_a_reload(
    page: Any, site_url: str, axe: Callable[..., Any]
) -> None:
    page.goto(site_url + "positionnement/")
    _wait(page, 1)
    quiz = _quiz(page, "Positionnement")
    ids = quiz.locator("fieldset").evaluate_all("els => els.map(e => e.dataset.quizItem)")
    # One positioning item per objective, from both banks, in course order.
    assert ids == [f"{o}-positionnement" for o in ("l02-o1", "l02-o2", "l10-o1", "l10-o2")]
    page.get_by_role("link", name="Avant le test").focus()
    for number, item_id in enumerate(ids, 1):
        question = _question(quiz, item_id)
        if number == 1:
            page.keyboard.press("Tab")  # from the link into the first question's radios
        else:
            question.locator("input").first.focus()
        assert page.evaluate("document.activeElement.type") == "radio"
        if number == 2:
            page.keyboard.press("Tab")
            page.keyboard.press("Tab")
            active = page.evaluate(
                "[document.activeElement.dataset.quiz, document.activeElement.getAttribute('aria-label')]"
            )
            assert active == ["dont-know", "Je ne sais pas (question 2)"]
            page.keyboard.press("Enter")
        else:
            page.keyboard.press("Space")  # « Vrai », the first choice, is right
            page.keyboard.press("Tab")
            assert page.evaluate("document.activeElement.dataset.quiz") == "submit"
            page.keyboard.press("Enter")
        question.locator('[data-quiz="feedback"]').wait_for(state="visible")
        page.wait_for_function("document.activeElement.dataset.quiz === 'feedback'")
    unknown = _question(quiz, ids[1])
    assert _text(unknown.locator('[data-quiz="status"]')) == (
        "? Vous avez répondu « Je ne sais pas » : 0 point pour cette question."
    )
    assert "Réponse enregistrée" in unknown.inner_text()
    assert unknown.locator("input:checked").count() == 0
    assert unknown.locator("input:disabled").count() == 2
    page.wait_for_function(
        "() => [...document.querySelectorAll('[role=status]')].some(r => r.textContent.includes('Je ne sais pas'))"
    )
    summary = "Score final : 3 sur 4 (75 %). Vous avez répondu « Je ne sais pas » à 1 question."
    assert _text(quiz.locator('[data-quiz="summary"]')) == summary
    assert quiz.locator('[data-quiz="export-hint"]').is_visible()

    record = _record(page, "quiz:alpha+beta:")
    assert (record["purpose"], record["mode"], record["total"], record["completed"]) == (
        "positionnement",
        "evaluation",
        4,
        True,
    )
    entry = record["items"][ids[1]]
    assert (entry["answer"], entry["score"], entry["tries"], entry["dont_know"]) == (
        None,
        0,
        1,
        True,
    )
    assert entry["objectives"] == ["l02-o2"] and entry["tags"] == ["positionnement"]
    assert entry["answered"].endswith("Z")
    assert "dont_know" not in record["items"][ids[0]] and record["items"][ids[0]]["answer"] is True

    page.reload()
    _wait(page, 1)
    quiz = _quiz(page, "Positionnement")
    assert _text(quiz.locator('[data-quiz="summary"]')) == summary
    unknown = _question(quiz, ids[1])
    assert "Je ne sais pas" in unknown.locator('[data-quiz="status"]').inner_text()
    assert unknown.locator('[data-quiz="dont-know"]').is_hidden()
    assert unknown.locator('[data-quiz="submit"]').is_hidden()
    assert unknown.locator("input:disabled").count() == 2
    assert _question(quiz, ids[0]).locator("input:checked").count() == 1
    assert _record(page, "quiz:alpha+beta:") == record
    for scheme in ("default", "slate"):
        page.evaluate("s => document.body.setAttribute('data-md-color-scheme', s)", scheme)
        violations = axe(page, "[data-edukit-widget=quiz]")
        assert violations == [], (scheme, violations)
    assert page.external_requests == [] and page.page_errors == []
