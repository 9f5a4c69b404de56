"""The SCORM 1.2 package in a real SCORM 1.2 runtime (npm scorm-again) in Debian chromium.

A tiny LMS page (tests/fixtures/scorm/lms.html) sets ``window.API = new Scorm12API(…)`` and
opens the package's launch page in a frame, all served from 127.0.0.1 out of the unzipped
package. A learner answers by keyboard and moves between pages; the score, the status, the
session time and the suspend_data must land in the runtime, and a second session on another
device (a fresh browser context) must get the answers back from suspend_data alone. Requests
to any other host: none.
"""

from __future__ import annotations

import importlib.util
import re
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from edukit.cli._export import export_scorm

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
SCORM_AGAIN = ROOT / "node_modules" / "scorm-again" / "dist" / "scorm12.min.js"
LMS_PAGE = ROOT / "tests" / "fixtures" / "scorm" / "lms.html"
LEARNER = {
    "core": {
        "student_id": "zm-01",
        "student_name": "Martin, Zoé",
        "lesson_status": "not attempted",
    },
    "student_data": {"mastery_score": "50"},
}
# The evaluation's right answers (fixture bank exercises/provenance).
RIGHT_CHOICE = "Un programme qui calcule à partir de données."
WRONG_CHOICE = "Un cerveau électronique qui comprend tout."


def _course_helper() -> Any:
    spec = importlib.util.spec_from_file_location(
        "scorm_course", ROOT / "tests" / "fixtures" / "scorm" / "course.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def lms(
    tmp_path_factory: pytest.TempPathFactory,
    copy_course: Callable[..., Path],
    course_fixtures: dict[str, Path],
    static_server: Callable[..., Any],
) -> Any:
    """The LMS folder served on 127.0.0.1: lms.html, scorm-again, the unzipped package."""
    if not SCORM_AGAIN.is_file():
        pytest.skip("scorm-again (npm devDependency) is not installed: run `npm ci`")
    base = tmp_path_factory.mktemp("lms")
    root = _course_helper().make_course(copy_course, course_fixtures["good"], base / "course")
    package = base / "cours.zip"
    export_scorm(root, package, mastery_score=50)
    site = base / "lms"
    (site / "scorm-again").mkdir(parents=True)
    shutil.copy(SCORM_AGAIN, site / "scorm-again" / "scorm12.min.js")
    shutil.copy(LMS_PAGE, site / "lms.html")
    with zipfile.ZipFile(package) as archive:
        archive.extractall(site / "package")
    for module in ("m1-decouvrir", "m2-donnees"):  # one Moodle activity per module
        module_zip = base / f"{module}.zip"
        export_scorm(root, module_zip, module=module, execute=False)
        with zipfile.ZipFile(module_zip) as archive:
            archive.extractall(site / f"package-{module}")
    return static_server(site)


@pytest.fixture
def second_page(offline_page: Callable[..., Any]) -> Any:
    """A page on another device: its own context, so its own empty localStorage."""
    page = offline_page()
    page.requests, page.errors = page.all_requests, page.page_errors
    return page


def _start(page: Any, lms: Any, initial: dict[str, Any], entry: str = "package/scorm.html") -> Any:
    page.goto(lms.url + "lms.html")
    page.evaluate("([initial, entry]) => startLms(initial, entry)", [initial, entry])
    return page.frame_locator("#sco")


def _content(page: Any) -> Any:
    return page.frame_locator("#sco").frame_locator("#edukit-scorm-frame")


def _cmi(page: Any, element: str) -> str:
    return str(page.evaluate("(element) => API.LMSGetValue(element)", element))


SUSPEND_WRITES = "lmsLog.filter(e => e[0] === 'LMSSetValue' && e[1] === 'cmi.suspend_data').length"


def _suspend_writes(page: Any) -> int:
    return int(page.evaluate(SUSPEND_WRITES))


def _quiz(frame: Any, title: str) -> Any:
    quiz = frame.locator(".edukit-quiz").filter(has=frame.get_by_text(title, exact=True))
    quiz.locator("fieldset").first.wait_for()
    return quiz


def _choose_by_keyboard(page: Any, question: Any, label: str) -> None:
    question.get_by_role("radio", name=label).focus()
    page.keyboard.press("Space")
    page.keyboard.press("Tab")  # to « Valider ma réponse »
    assert question.locator('[data-quiz="submit"]').evaluate("el => el === document.activeElement")
    page.keyboard.press("Enter")
    question.locator('[data-quiz="feedback"]').wait_for(state="visible")


def test_score_status_and_resume_through_a_scorm12_runtime(
    browser_page: tuple[Any, Any], second_page: Any, lms: Any
) -> None:
    page, log = browser_page
    _start(page, lms, LEARNER)
    content = _content(page)
    content.locator("h1").first.wait_for()
    assert page.evaluate("lmsLog.filter(e => e[0] === 'LMSInitialize').length") == 1
    assert _cmi(page, "cmi.core.lesson_status") == "incomplete"
    assert _cmi(page, "cmi.core.score.raw") == ""

    # Practice (lesson 2): a wrong answer, then the answer shown: a completed quiz worth 0.
    content.get_by_role("link", name="Qu'est-ce que l'IA ?").first.click()
    page.wait_for_function(
        "API.LMSGetValue('cmi.core.lesson_location') === 'm1-decouvrir/l02-definitions.html'"
    )
    practice = _quiz(content, "Entraînement : définir l'IA")
    question = practice.locator("fieldset").first
    sent = _suspend_writes(page)
    _choose_by_keyboard(page, question, WRONG_CHOICE)
    question.locator('[data-quiz="reveal"]').focus()
    page.keyboard.press("Enter")
    page.wait_for_function(f"{SUSPEND_WRITES} > {sent}")
    # Not finished: no score yet, so Moodle's mastery override cannot store « failed ».
    assert _cmi(page, "cmi.core.score.raw") == ""
    assert _cmi(page, "cmi.core.lesson_status") == "incomplete"  # lessons not done, no final yet

    # The final evaluation (lesson 3), by keyboard: both right.
    content.get_by_role("link", name="D'où viennent les données ?").first.click()
    final = _quiz(content, "Évaluation finale")
    choice = final.locator('fieldset[data-quiz-item="definition-ia"]')
    _choose_by_keyboard(page, choice, RIGHT_CHOICE)
    short = final.locator('fieldset[data-quiz-item="citer-source"]')
    short.get_by_role("textbox").focus()
    page.keyboard.type("la date")
    page.keyboard.press("Enter")
    short.locator('[data-quiz="feedback"]').wait_for(state="visible")
    page.wait_for_function("API.LMSGetValue('cmi.core.score.raw') === '100'")
    assert _cmi(page, "cmi.core.score.min") == "0"
    assert _cmi(page, "cmi.core.score.max") == "100"
    assert _cmi(page, "cmi.core.lesson_status") == "passed"  # final done, 100 ≥ mastery 50

    # Navigation keeps one session: the launcher stays, only the frame's page changes.
    content.get_by_role("link", name="Accueil").first.click()
    content.locator("h1").first.wait_for()
    suspend = _cmi(page, "cmi.suspend_data")
    assert suspend.startswith("E1") and 0 < len(suspend) <= 4096

    # The learner leaves: pagehide → session time, commit, LMSFinish (once).
    page.evaluate("document.getElementById('sco').src = 'about:blank'")
    page.wait_for_function("lmsLog.some(e => e[0] === 'LMSFinish')")
    data = page.evaluate("lmsData()")
    assert page.evaluate("lmsLog.filter(e => e[0] === 'LMSInitialize').length") == 1
    assert page.evaluate("lmsLog.filter(e => e[0] === 'LMSFinish').length") == 1
    assert data["core"]["lesson_status"] == "passed"
    assert data["core"]["score"]["raw"] == "100"
    assert data["core"]["exit"] == "suspend"
    sent = page.evaluate(
        "lmsLog.filter(e => e[0] === 'LMSSetValue' && e[1] === 'cmi.core.session_time')"
    )
    assert len(sent) == 1 and re.fullmatch(r"\d{4}:[0-5]\d:[0-5]\d\.\d\d", sent[0][2]), sent
    assert data["core"]["session_time"]  # the runtime took it
    saved = data["suspend_data"]
    assert saved == suspend or (saved.startswith("E1") and len(saved) <= 4096)
    assert log.foreign(lms.origin) == [] and log.page_errors == []

    # Second session, another device: only what the LMS kept.
    resumed = {
        "core": {**LEARNER["core"], "lesson_status": "passed", "entry": "resume"},
        "student_data": LEARNER["student_data"],
        "suspend_data": saved,
    }
    _start(second_page, lms, resumed)
    other = _content(second_page)
    other.locator("h1").first.wait_for()
    other.get_by_role("link", name="D'où viennent les données ?").first.click()
    final = _quiz(other, "Évaluation finale")
    choice = final.locator('fieldset[data-quiz-item="definition-ia"]')
    choice.locator('[data-quiz="feedback"]').wait_for(state="visible")
    assert choice.get_by_role("radio", name=RIGHT_CHOICE).is_checked()
    assert choice.get_by_role("radio", name=RIGHT_CHOICE).is_disabled()  # locked evaluation
    short = final.locator('fieldset[data-quiz-item="citer-source"]')
    assert short.get_by_role("textbox").input_value() == "la date"
    other.get_by_role("link", name="Qu'est-ce que l'IA ?").first.click()
    practice = _quiz(other, "Entraînement : définir l'IA")
    practice.locator('[data-quiz="feedback"]').first.wait_for(state="visible")
    assert practice.get_by_role("radio", name=WRONG_CHOICE).is_checked()
    second_page.wait_for_function("API.LMSGetValue('cmi.core.lesson_status') === 'passed'")
    assert _cmi(second_page, "cmi.core.score.raw") == "100"
    learner = other.locator("body").evaluate(
        """() => Object.keys(localStorage)
            .filter(key => key.startsWith('edukit:learner:mini-cours~'))
            .map(key => localStorage.getItem(key))"""
    )
    assert learner == ["Zoé Martin"]
    foreign = [
        url
        for url in second_page.requests
        if not url.startswith((lms.origin + "/", "data:", "blob:", "about:"))
    ]
    assert foreign == [] and second_page.errors == []


def test_a_page_opened_straight_by_the_lms_runs_its_own_session(
    browser_page: tuple[Any, Any], lms: Any
) -> None:
    page, log = browser_page
    sco = _start(page, lms, LEARNER, entry="package/m2/l03-provenance.html")
    final = _quiz(sco, "Évaluation finale")
    assert page.evaluate("lmsLog.filter(e => e[0] === 'LMSInitialize').length") == 1
    assert _cmi(page, "cmi.core.lesson_status") == "incomplete"
    choice = final.locator('fieldset[data-quiz-item="definition-ia"]')
    _choose_by_keyboard(page, choice, WRONG_CHOICE)
    short = final.locator('fieldset[data-quiz-item="citer-source"]')
    short.get_by_role("textbox").fill("la date")
    short.get_by_role("textbox").press("Enter")
    page.wait_for_function("API.LMSGetValue('cmi.core.score.raw') === '50'")
    assert _cmi(page, "cmi.core.lesson_status") == "passed"  # 50 ≥ mastery 50
    page.evaluate("document.getElementById('sco').src = 'about:blank'")
    page.wait_for_function("lmsLog.some(e => e[0] === 'LMSFinish')")
    assert log.foreign(lms.origin) == [] and log.page_errors == []


def test_without_an_lms_the_package_is_a_plain_offline_course(
    browser_page: tuple[Any, Any], lms: Any
) -> None:
    page, log = browser_page
    page.goto(lms.url + "package/scorm.html")
    frame = page.frame_locator("#edukit-scorm-frame")
    frame.locator("h1").first.wait_for()
    assert page.evaluate("window.EdukitScorm.session") is None
    frame.get_by_role("link", name="D'où viennent les données ?").first.click()
    _quiz(frame, "Évaluation finale")
    assert log.foreign(lms.origin) == [] and log.page_errors == []


def test_an_unreadable_suspend_data_is_kept_and_the_learner_told(
    browser_page: tuple[Any, Any], lms: Any
) -> None:
    page, log = browser_page
    damaged = "E1" + "AbCdEf" * 40  # cut short: not a whole edukit record set
    _start(page, lms, {**LEARNER, "suspend_data": damaged})
    note = page.frame_locator("#sco").get_by_role("alert")
    note.wait_for()
    assert "Vos réponses précédentes n'ont pas pu être relues" in note.inner_text()
    assert "Prévenez votre formateur" in note.inner_text()
    content = _content(page)
    content.get_by_role("link", name="Qu'est-ce que l'IA ?").first.click()
    practice = _quiz(content, "Entraînement : définir l'IA")
    question = practice.locator("fieldset").first
    _choose_by_keyboard(page, question, WRONG_CHOICE)
    page.evaluate("document.getElementById('sco').src = 'about:blank'")
    page.wait_for_function("lmsLog.some(e => e[0] === 'LMSFinish')")
    assert _suspend_writes(page) == 0
    assert page.evaluate("lmsData()")["suspend_data"] == damaged
    assert log.foreign(lms.origin) == [] and log.page_errors == []


def test_re_entry_opens_the_last_page(
    browser_page: tuple[Any, Any], second_page: Any, lms: Any
) -> None:
    page, log = browser_page
    _start(page, lms, LEARNER)
    content = _content(page)
    content.get_by_role("link", name="D'où viennent les données ?").first.click()
    _quiz(content, "Évaluation finale")
    page.wait_for_function(
        "API.LMSGetValue('cmi.core.lesson_location') === 'm2/l03-provenance.html'"
    )
    page.evaluate("document.getElementById('sco').src = 'about:blank'")
    page.wait_for_function("lmsLog.some(e => e[0] === 'LMSFinish')")
    data = page.evaluate("lmsData()")
    assert data["core"]["lesson_location"] == "m2/l03-provenance.html"
    resumed = {
        "core": {
            **LEARNER["core"],
            "lesson_status": "incomplete",
            "entry": "resume",
            "lesson_location": data["core"]["lesson_location"],
        },
        "student_data": LEARNER["student_data"],
        "suspend_data": data["suspend_data"],
    }
    _start(second_page, lms, resumed)
    other = _content(second_page)
    _quiz(other, "Évaluation finale")  # straight back on lesson 3, not on the home page
    frame_src = second_page.frame_locator("#sco").locator("#edukit-scorm-frame")
    assert frame_src.get_attribute("src") == "m2/l03-provenance.html"
    assert log.foreign(lms.origin) == [] and second_page.errors == []


HELD_KEYS = """() => {
    const sco = document.getElementById('sco').contentWindow;
    const held = sco.EdukitScorm.decodeRecords(API.LMSGetValue('cmi.suspend_data'));
    return held ? Object.keys(held.records).sort() : [];
}"""


def _held_quizzes(page: Any) -> str:
    """A JS condition: the LMS's suspend_data holds at least ``n`` quiz records."""
    return f"({HELD_KEYS})().filter(key => key.startsWith('quiz:'))"


def test_two_module_packages_open_at_once_keep_their_own_answers(
    browser_page: tuple[Any, Any], lms: Any
) -> None:
    page_a, log = browser_page
    page_b = page_a.context.new_page()  # a second tab: same browser, same localStorage
    _start(page_a, lms, LEARNER, entry="package-m1-decouvrir/scorm.html")
    content_a = _content(page_a)
    content_a.get_by_role("link", name="Qu'est-ce que l'IA ?").first.click()
    practice = _quiz(content_a, "Entraînement : définir l'IA")
    _choose_by_keyboard(page_a, practice.locator("fieldset").first, WRONG_CHOICE)
    page_a.wait_for_function(f"{_held_quizzes(page_a)}.length > 0")
    keys_a = page_a.evaluate(HELD_KEYS)

    _start(page_b, lms, LEARNER, entry="package-m2-donnees/scorm.html")
    content_b = _content(page_b)
    content_b.get_by_role("link", name="D'où viennent les données ?").first.click()
    final = _quiz(content_b, "Évaluation finale")
    choice = final.locator('fieldset[data-quiz-item="definition-ia"]')
    _choose_by_keyboard(page_b, choice, RIGHT_CHOICE)
    page_b.wait_for_function(f"{_held_quizzes(page_b)}.length > 0")

    # Back in tab A: a new answer; A's record set still holds A's first answer, and only A's.
    page_a.bring_to_front()
    sent = _suspend_writes(page_a)
    practice.locator('[data-quiz="reveal"]').first.click()
    page_a.wait_for_function(f"{SUSPEND_WRITES} > {sent}")
    held_a = page_a.evaluate(HELD_KEYS)
    held_b = page_b.evaluate(HELD_KEYS)
    assert set(keys_a) <= set(held_a)
    assert any(key.startswith("quiz:") for key in held_b)
    assert not set(held_a) & set(held_b)
    for page in (page_a, page_b):
        assert 0 < len(_cmi(page, "cmi.suspend_data")) <= 4096
    scopes = {
        page.frame_locator("#sco")
        .frame_locator("#edukit-scorm-frame")
        .locator("meta[name=edukit-store-scope]")
        .get_attribute("content")
        for page in (page_a, page_b)
    }
    assert len(scopes) == 2 and all(str(scope).startswith("mini-cours~") for scope in scopes)
    assert log.foreign(lms.origin) == [] and log.page_errors == []
