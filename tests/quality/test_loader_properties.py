"""Whatever an author writes, the course and bank loaders answer with a result or problems.

Hypothesis generates ``courses/course.yml``, a lesson's front matter and bank files: raw
YAML-ish text, and mappings with known and unknown keys holding random scalars, lists and
mappings. :func:`edukit.course.load_course` and :func:`edukit.quiz.load_bank` must never raise,
and every problem they report must name a file and a line (the file exists here, so there is
always a line to point at). Examples are capped (8 a test) so that the module runs in a few
seconds; 400 a test found nothing beyond the two defects pinned at the end.
(The progress loader has the same kind of tests in ``tests/progress/test_property.py``.)
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from edukit._problems import Problem
from edukit.course import load_course
from edukit.quiz import load_bank

GOOD = Path(__file__).resolve().parents[1] / "fixtures" / "courses" / "good"
COURSE_FILE = Path("courses/course.yml")
LESSON_FILE = Path("courses/m1-decouvrir/l01-accueil.md")
BANK_FILE = Path("exercises/provenance/licences.yml")

FAST = settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

# -- strategies ---------------------------------------------------------------------------------

scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**12), max_value=10**12)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=20)
    | st.dates()
    | st.datetimes()
)
values = st.recursive(
    scalars,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.text(max_size=8) | st.integers(), children, max_size=4)
    ),
    max_leaves=8,
)
# Characters that matter to YAML, mixed with letters: tabs, quotes, anchors, tags, flow
# brackets, block scalars, document markers, odd line breaks and a BOM. Control characters
# (NUL…) have their own test below.
yamlish = st.lists(
    st.sampled_from(
        [
            *"abcxyz019 :-\n\t\"'&*!%@`|>{}[],#?~=\\",
            "---",
            "...",
            "\r",
            "\u2028",
            "\ufeff",
            "é",
            "<<",
            "!!python/object",
            "  ",
        ]
    ),
    max_size=60,
).map("".join)


COURSE_KEYS = [
    "id",
    "title",
    "language",
    "duration",
    "schedule",
    "audiences",
    "modules",
    "days",
    "path",
    "lessons",
]
LESSON_KEYS = [
    "id",
    "title",
    "summary",
    "audiences",
    "prerequisites",
    "objectives",
    "activities",
    "key_points",
    "notebook",
    "banks",
    "exercises",
    "minutes",
    "text",
    "titel",
]
ITEM_KEYS = [
    "id",
    "type",
    "prompt",
    "objectives",
    "tags",
    "difficulty",
    "options",
    "feedback",
    "explanation",
    "source",
    "answer",
    "answers",
    "tolerance",
    "unit",
    "pairs",
    "sequence",
    "option_feedback",
    "correct",
    "text",
    "left",
    "right",
    "date",
    "unknown",
]


def mapping(keys: list[str]) -> st.SearchStrategy[dict[Any, Any]]:
    """Mappings with known keys (and unknown ones) holding values of any shape."""
    return st.dictionaries(st.sampled_from(keys) | st.text(max_size=6), values, max_size=8)


def _dump(data: Any) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def _mutated(base: dict[str, Any], changes: dict[Any, Any]) -> dict[Any, Any]:
    merged: dict[Any, Any] = dict(base)
    merged.update(changes)
    return merged


# -- checks -------------------------------------------------------------------------------------


def _located(problems: list[Problem], root: Path) -> None:
    assert isinstance(problems, list)
    for problem in problems:
        assert isinstance(problem, Problem)
        path = Path(problem.path)
        assert str(path) not in ("", "."), problem
        assert (root / path).exists() or path.exists(), problem
        assert isinstance(problem.line, int) and problem.line >= 1, str(problem)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The good course fixture, copied once; tests write one file and put it back after."""
    root = tmp_path_factory.mktemp("course-template")
    shutil.copytree(GOOD, root, dirs_exist_ok=True)
    return root


def _load_course_with(root: Path, relative: Path, text: str) -> None:
    file = root / relative
    original = file.read_bytes()
    file.write_text(text, encoding="utf-8", newline="")
    try:
        load = load_course(root)
    finally:
        file.write_bytes(original)
    _located(load.problems, root)
    if load.course is None:
        assert load.errors, "no course must come with at least one error"


def _course_yml(template: Path) -> dict[str, Any]:
    loaded = yaml.safe_load((template / COURSE_FILE).read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def _lesson_parts(template: Path) -> tuple[dict[str, Any], str]:
    text = (template / LESSON_FILE).read_text(encoding="utf-8")
    _, front, body = text.split("---\n", 2)
    loaded = yaml.safe_load(front)
    assert isinstance(loaded, dict)
    return loaded, body


# -- the course loader --------------------------------------------------------------------------


@FAST
@given(text=yamlish)
def test_course_file_of_any_text(template: Path, text: str) -> None:
    _load_course_with(template, COURSE_FILE, text)


@FAST
@given(data=values)
def test_course_file_of_any_yaml_value(template: Path, data: Any) -> None:
    _load_course_with(template, COURSE_FILE, _dump(data))


@FAST
@given(changes=mapping(COURSE_KEYS))
def test_course_file_with_random_fields(template: Path, changes: Any) -> None:
    text = _dump(_mutated(_course_yml(template), changes))
    _load_course_with(template, COURSE_FILE, text)


@FAST
@given(
    schedule=mapping(["days", "day_start", "day_minutes", "breaks", "after", "minutes"]),
    module=mapping(["id", "title", "lessons", "path"]),
)
def test_course_file_with_random_schedule_and_module(
    template: Path, schedule: Any, module: Any
) -> None:
    data = _course_yml(template)
    data["schedule"] = schedule
    data["modules"] = [*data["modules"], module]
    _load_course_with(template, COURSE_FILE, _dump(data))


@FAST
@given(text=yamlish, body=st.text(max_size=40))
def test_lesson_front_matter_of_any_text(template: Path, text: str, body: str) -> None:
    _load_course_with(template, LESSON_FILE, f"---\n{text}\n---\n{body}")


@FAST
@given(changes=mapping(LESSON_KEYS))
def test_lesson_front_matter_with_random_fields(template: Path, changes: Any) -> None:
    front, body = _lesson_parts(template)
    text = f"---\n{_dump(_mutated(front, changes))}---\n{body}"
    _load_course_with(template, LESSON_FILE, text)


@FAST
@given(
    objective=mapping(["id", "text"]),
    activity=mapping(["title", "minutes", "method", "grouping", "materials"]),
)
def test_lesson_with_random_objective_and_activity(
    template: Path, objective: Any, activity: Any
) -> None:
    front, body = _lesson_parts(template)
    front["objectives"] = [*front["objectives"], objective]
    front["activities"] = [activity, *front["activities"]]
    _load_course_with(template, LESSON_FILE, f"---\n{_dump(front)}---\n{body}")


# -- the bank loader ----------------------------------------------------------------------------


def _load_bank_with(folder: Path, text: str) -> None:
    file = folder / "bank.yml"
    file.write_text(text, encoding="utf-8", newline="")
    bank, problems = load_bank(file, objectives={"l03-o1", "o1"})
    _located(problems, folder)
    if bank is None:
        assert problems, "no bank must come with at least one problem"
    else:
        assert all(item.id for item in bank.items)


def _bank_yml(template: Path) -> dict[str, Any]:
    loaded = yaml.safe_load((template / BANK_FILE).read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


@FAST
@given(text=yamlish)
def test_bank_of_any_text(tmp_path: Path, text: str) -> None:
    _load_bank_with(tmp_path, text)


@FAST
@given(data=values)
def test_bank_of_any_yaml_value(tmp_path: Path, data: Any) -> None:
    _load_bank_with(tmp_path, _dump(data))


@FAST
@given(header=mapping(["id", "title", "language"]), items=st.lists(values, max_size=3))
def test_bank_with_random_header_and_items(tmp_path: Path, header: Any, items: Any) -> None:
    _load_bank_with(tmp_path, _dump({"bank": header, "items": items}))


@FAST
@given(
    item_type=st.sampled_from(
        ["single", "multiple", "true_false", "short", "numeric", "matching", "ordering", "x"]
    ),
    changes=mapping(ITEM_KEYS),
)
def test_bank_item_with_random_fields(
    tmp_path: Path, template: Path, item_type: str, changes: Any
) -> None:
    data = _bank_yml(template)
    item = _mutated(data["items"][0], {"type": item_type, **changes})
    data["items"] = [item, *data["items"][1:]]
    _load_bank_with(tmp_path, _dump(data))


@FAST
@given(
    option=mapping(["id", "text", "correct", "feedback"]),
    source=mapping(["title", "publisher", "date", "section", "url"]),
    feedback=values,
)
def test_bank_item_with_random_option_source_and_feedback(
    tmp_path: Path, template: Path, option: Any, source: Any, feedback: Any
) -> None:
    data = _bank_yml(template)
    item = dict(data["items"][0])
    item["options"] = [*item.get("options", []), option]
    item["source"] = source
    item["feedback"] = feedback
    data["items"] = [item]
    _load_bank_with(tmp_path, _dump(data))


# -- defects found by the properties, kept as minimal regression tests --------------------------


@pytest.mark.parametrize("value", ["[]", "[single]", "{a: 1}"])
def test_an_item_whose_type_is_a_list_or_mapping_is_a_problem(tmp_path: Path, value: str) -> None:
    text = (
        "bank: {id: b, title: B, language: fr}\n"
        "items:\n"
        "  - id: q1\n"
        f"    type: {value}\n"
        "    prompt: P\n"
    )
    file = tmp_path / "bank.yml"
    file.write_text(text, encoding="utf-8")
    _, problems = load_bank(file)
    assert [(p.line, "type" in p.message) for p in problems] == [(4, True)]


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x1b"])
def test_a_control_character_is_reported_with_its_line(
    template: Path, tmp_path: Path, char: str
) -> None:
    bank = tmp_path / "bank.yml"
    bank.write_text(f"bank: {{id: b, title: B, language: fr}}\nitems: []\nx: a{char}b\n")
    _, problems = load_bank(bank)
    assert [p.line for p in problems] == [3]
    course = template / COURSE_FILE
    original = course.read_bytes()
    course.write_text(original.decode("utf-8") + f"# a{char}b\n", encoding="utf-8")
    try:
        lines = [p.line for p in load_course(template).problems if p.path == COURSE_FILE]
    finally:
        course.write_bytes(original)
    assert lines == [original.count(b"\n") + 1]
